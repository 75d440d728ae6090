//! OpenID Connect Discovery 1.0: the provider's metadata, fetched once from
//! `{issuer}/.well-known/openid-configuration`, and checked before anything trusts it — its
//! `issuer` must be the configured one (§4.3, or Entra ID's tenant template, see
//! [`issuer`](super::issuer)), and every endpoint must pass the transport rule.

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
    pub jwks_uri: Url,
    /// `id_token_signing_alg_values_supported` (`RS256` when absent: Core §3.1.3.7).
    pub signing_algs: Vec<String>,
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
    let signing_algs = match document.get("id_token_signing_alg_values_supported") {
        Some(Value::Array(algs)) => algs
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => vec!["RS256".to_string()],
    };
    Ok(Metadata {
        issuer,
        jwks_uri: required("jwks_uri")?,
        signing_algs,
    })
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
    fn the_document_url_drops_a_trailing_slash() {
        assert_eq!(
            document_url("https://op.example/realms/x/")
                .unwrap()
                .as_str(),
            "https://op.example/realms/x/.well-known/openid-configuration"
        );
    }
}
