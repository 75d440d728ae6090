//! OpenID Connect Discovery 1.0: the provider's metadata, fetched once from
//! `{issuer}/.well-known/openid-configuration`, and checked before anything trusts it — its
//! `issuer` must be the configured one (§4.3, or Entra ID's tenant template, see
//! [`issuer`](super::issuer)), the endpoints §3 requires must be there, and every endpoint must
//! pass the transport rule.

use serde_json::{Map, Value};
use url::Url;

use super::fetch::json_object;
use super::issuer::Issuer;
use crate::Blueprint;
use crate::config::check_transport;

/// What the discovery document says, as far as a relying party uses it.
#[derive(Debug, Clone)]
pub(crate) struct Metadata {
    pub issuer: Issuer,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub userinfo_endpoint: Option<Url>,
    pub jwks_uri: Url,
    /// RFC 7009's endpoint (RFC 8414 §2 names it in the same document).
    pub revocation_endpoint: Option<Url>,
    /// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2.1).
    pub end_session_endpoint: Option<Url>,
    /// `id_token_signing_alg_values_supported` (`RS256` when absent: Core §3.1.3.7).
    pub signing_algs: Vec<String>,
    /// `scopes_supported`, when announced.
    pub scopes: Option<Vec<String>>,
    /// `code_challenge_methods_supported` (RFC 8414 §2), when announced.
    pub pkce_methods: Option<Vec<String>>,
    /// `token_endpoint_auth_methods_supported` (`client_secret_basic` when absent: Discovery
    /// §3).
    pub token_auth_methods: Vec<String>,
}

impl Metadata {
    /// Whether PKCE with S256 may be used: unless the provider announces methods without it (a
    /// provider that announces none may still support it, and ignores it otherwise).
    pub(crate) fn allows_pkce(&self) -> bool {
        self.pkce_methods
            .as_ref()
            .is_none_or(|methods| methods.iter().any(|m| m == "S256"))
    }

    /// Whether the provider wants the client's credentials in the form body
    /// (`client_secret_post`) rather than HTTP Basic.
    pub(crate) fn wants_credentials_in_body(&self) -> bool {
        let announces = |m: &str| self.token_auth_methods.iter().any(|a| a == m);
        !announces("client_secret_basic") && announces("client_secret_post")
    }

    /// Whether the provider announces `scope` (or announces no list).
    pub(crate) fn supports_scope(&self, scope: &str) -> bool {
        self.scopes
            .as_ref()
            .is_none_or(|scopes| scopes.iter().any(|s| s == scope))
    }
}

/// Where the discovery document of `issuer` is.
pub(crate) fn document_url(issuer: &str) -> Result<Url, String> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    Url::parse(&url).map_err(|e| format!("the issuer `{issuer}` does not make a URL: {e}"))
}

/// Fetches and checks the metadata of the provider configured with `issuer`.
pub(crate) async fn discover(bp: &Blueprint, issuer: &str) -> Result<Metadata, String> {
    let url = document_url(issuer)?;
    let document = json_object(bp, &url).await?.json;
    read(&document, issuer, bp.core().allow_insecure)
}

/// The metadata in `document`, for the configured `issuer`.
pub(crate) fn read(
    document: &Map<String, Value>,
    issuer: &str,
    allow_insecure: bool,
) -> Result<Metadata, String> {
    let announced = document
        .get("issuer")
        .and_then(Value::as_str)
        .ok_or("the discovery document has no `issuer`")?;
    let issuer = Issuer::announced(announced, issuer).ok_or_else(|| {
        format!("the discovery document names the issuer `{announced}`, not `{issuer}`")
    })?;
    let endpoint = |name: &str| -> Result<Option<Url>, String> {
        let Some(raw) = document.get(name).and_then(Value::as_str) else {
            return Ok(None);
        };
        let url = Url::parse(raw).map_err(|e| format!("`{name}` is not a URL: {e}"))?;
        check_transport(&url, allow_insecure).map_err(|e| format!("`{name}`: {e}"))?;
        Ok(Some(url))
    };
    let required = |name: &str| {
        endpoint(name)?.ok_or_else(|| format!("the discovery document has no `{name}`"))
    };
    let list = |name: &str| strings(document, name);
    Ok(Metadata {
        issuer,
        authorization_endpoint: required("authorization_endpoint")?,
        token_endpoint: required("token_endpoint")?,
        userinfo_endpoint: endpoint("userinfo_endpoint")?,
        jwks_uri: required("jwks_uri")?,
        revocation_endpoint: endpoint("revocation_endpoint")?,
        end_session_endpoint: endpoint("end_session_endpoint")?,
        signing_algs: list("id_token_signing_alg_values_supported")
            .unwrap_or_else(|| vec!["RS256".to_string()]),
        scopes: list("scopes_supported"),
        pkce_methods: list("code_challenge_methods_supported"),
        token_auth_methods: list("token_endpoint_auth_methods_supported")
            .unwrap_or_else(|| vec!["client_secret_basic".to_string()]),
    })
}

/// A list of strings in `document` (its non-string entries left out), when it is there.
fn strings(document: &Map<String, Value>, name: &str) -> Option<Vec<String>> {
    let Some(Value::Array(items)) = document.get(name) else {
        return None;
    };
    Some(
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(issuer: &str) -> Map<String, Value> {
        json!({
            "issuer": issuer,
            "authorization_endpoint": "https://op.example/authorize",
            "token_endpoint": "https://op.example/token",
            "jwks_uri": "https://op.example/jwks",
            "end_session_endpoint": "https://op.example/logout",
        })
        .as_object()
        .unwrap()
        .clone()
    }

    #[test]
    fn the_document_must_name_the_configured_issuer() {
        let meta = read(&document("https://op.example"), "https://op.example", false).unwrap();
        assert_eq!(meta.jwks_uri.as_str(), "https://op.example/jwks");
        assert_eq!(meta.signing_algs, vec!["RS256"]);
        let err = read(
            &document("https://evil.example"),
            "https://op.example",
            false,
        )
        .unwrap_err();
        assert!(err.contains("evil.example"), "{err}");
    }

    #[test]
    fn endpoints_follow_the_transport_rule_and_required_ones_must_be_there() {
        let mut doc = document("https://op.example");
        doc.insert("jwks_uri".into(), json!("http://op.example/jwks"));
        assert!(
            read(&doc, "https://op.example", false)
                .unwrap_err()
                .contains("jwks_uri")
        );
        doc.remove("jwks_uri");
        assert!(
            read(&doc, "https://op.example", false)
                .unwrap_err()
                .contains("no `jwks_uri`")
        );
    }

    #[test]
    fn the_endpoints_and_capabilities_are_read() {
        let mut doc = document("https://op.example");
        let meta = read(&doc, "https://op.example", false).unwrap();
        assert_eq!(meta.token_endpoint.as_str(), "https://op.example/token");
        assert!(meta.revocation_endpoint.is_none());
        assert_eq!(
            meta.end_session_endpoint.as_ref().unwrap().as_str(),
            "https://op.example/logout"
        );
        assert!(meta.allows_pkce() && !meta.wants_credentials_in_body());
        assert!(
            meta.supports_scope("email"),
            "no list: standard scopes are assumed"
        );
        doc.insert("code_challenge_methods_supported".into(), json!(["plain"]));
        doc.insert(
            "token_endpoint_auth_methods_supported".into(),
            json!(["client_secret_post", "private_key_jwt"]),
        );
        doc.insert("scopes_supported".into(), json!(["openid", "profile"]));
        let meta = read(&doc, "https://op.example", false).unwrap();
        assert!(!meta.allows_pkce(), "plain is never used");
        assert!(meta.wants_credentials_in_body());
        assert!(meta.supports_scope("profile") && !meta.supports_scope("email"));
        for required in ["authorization_endpoint", "token_endpoint"] {
            let mut doc = document("https://op.example");
            doc.remove(required);
            let err = read(&doc, "https://op.example", false).unwrap_err();
            assert!(err.contains(&format!("no `{required}`")), "{err}");
        }
    }

    #[test]
    fn the_document_url_drops_a_trailing_slash() {
        assert_eq!(
            document_url("https://op.example/realms/x/")
                .unwrap()
                .as_str(),
            "https://op.example/realms/x/.well-known/openid-configuration"
        );
    }
}
