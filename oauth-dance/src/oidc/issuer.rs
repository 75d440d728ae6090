//! Issuers, exactly as OpenID Connect compares them (Discovery §4.3, Core §3.1.3.7: the same
//! string), plus the one template real providers publish: Microsoft Entra ID's multi-tenant
//! endpoints (`common`, `organizations`, `consumers`) announce the issuer
//! `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token names its own tenant
//! in `iss` and in `tid`. An issuer check there is not turned off: the token's `iss` must be the
//! template filled with the token's own `tid`, and the tenant may be restricted to a list.

/// The placeholder of a multi-tenant issuer.
pub(crate) const TENANT: &str = "{tenantid}";

/// The issuer an OpenID Provider announces in its discovery document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Issuer {
    /// One issuer.
    Exact(String),
    /// A template with `{tenantid}`.
    PerTenant(String),
}

impl Issuer {
    /// The announced issuer, when it answers to the configured one: the same string, or a
    /// template whose `{tenantid}` stands where the configured issuer names a tenant group.
    pub(crate) fn announced(announced: &str, configured: &str) -> Option<Issuer> {
        if announced == configured {
            return Some(Issuer::Exact(announced.to_string()));
        }
        let (before, after) = announced.split_once(TENANT)?;
        let segment = configured.strip_prefix(before)?.strip_suffix(after)?;
        is_tenant(segment).then(|| Issuer::PerTenant(announced.to_string()))
    }

    /// Whether `found` names this issuer (for a template, with some tenant in its place): the
    /// check of an authorization response's `iss` (RFC 9207), which carries no `tid`.
    pub(crate) fn admits(&self, found: &str) -> bool {
        match self {
            Issuer::Exact(issuer) => issuer == found,
            Issuer::PerTenant(template) => {
                let (before, after) = template.split_once(TENANT).unwrap_or((template, ""));
                let tenant = found
                    .strip_prefix(before)
                    .and_then(|f| f.strip_suffix(after));
                tenant.is_some_and(is_tenant)
            }
        }
    }

    /// The issuer a token with tenant `tid` must name.
    pub(crate) fn expected(&self, tid: Option<&str>) -> Option<String> {
        match self {
            Issuer::Exact(issuer) => Some(issuer.clone()),
            Issuer::PerTenant(template) => {
                let tid = tid.filter(|t| is_tenant(t))?;
                Some(template.replacen(TENANT, tid, 1))
            }
        }
    }
}

/// A tenant id or group name: one non-empty path segment of letters, digits, `-` and `.`.
fn is_tenant(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "https://login.microsoftonline.com/{tenantid}/v2.0";
    const TID: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

    #[test]
    fn an_exact_issuer_must_be_the_same_string() {
        let issuer =
            Issuer::announced("https://accounts.google.com", "https://accounts.google.com");
        assert_eq!(
            issuer,
            Some(Issuer::Exact("https://accounts.google.com".into()))
        );
        let google = issuer.unwrap();
        assert!(google.admits("https://accounts.google.com"));
        assert!(!google.admits("https://accounts.google.com/"));
        assert_eq!(
            Issuer::announced(
                "https://accounts.google.com/",
                "https://accounts.google.com"
            ),
            None
        );
        assert_eq!(
            Issuer::announced("https://evil.example", "https://accounts.google.com"),
            None
        );
    }

    #[test]
    fn a_tenant_template_answers_to_a_tenant_group_and_wants_the_tokens_own_tenant() {
        let configured = "https://login.microsoftonline.com/common/v2.0";
        let issuer = Issuer::announced(TEMPLATE, configured).unwrap();
        assert!(matches!(issuer, Issuer::PerTenant(_)));
        assert_eq!(
            issuer.expected(Some(TID)).unwrap(),
            format!("https://login.microsoftonline.com/{TID}/v2.0")
        );
        assert_eq!(issuer.expected(None), None, "no tid, no issuer to accept");
        assert!(issuer.admits(&format!("https://login.microsoftonline.com/{TID}/v2.0")));
        assert!(!issuer.admits("https://login.microsoftonline.com/a/b/v2.0"));
        assert!(!issuer.admits("https://evil.example/x/v2.0"));
        assert_eq!(issuer.expected(Some("a/b")), None);
        assert_eq!(issuer.expected(Some("")), None);
        assert_eq!(
            Issuer::announced(TEMPLATE, "https://login.microsoftonline.com/v2.0"),
            None
        );
        assert_eq!(
            Issuer::announced(TEMPLATE, "https://evil.example/common/v2.0"),
            None
        );
    }
}
