//! Configuration rules: values from the environment, and which URLs may use plain http.
//!
//! The environment is read when a blueprint is built, never on the request path.

use url::{Host, Url};

use crate::error::ConfigError;

/// The environment variable that, when set to anything non-empty, allows plain-http provider
/// URLs on hosts other than loopback (as in Flask-Dance / oauthlib). For development only.
pub const INSECURE_TRANSPORT_VAR: &str = "OAUTHLIB_INSECURE_TRANSPORT";

/// A non-empty environment variable.
pub(crate) fn env_value(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// Whether [`INSECURE_TRANSPORT_VAR`] allows plain http everywhere.
pub(crate) fn insecure_transport_allowed() -> bool {
    env_value(INSECURE_TRANSPORT_VAR).is_some()
}

/// Whether a host is on this machine (127.0.0.0/8, ::1, `localhost`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
        None => false,
    }
}

/// Parses a provider URL and applies the transport rule.
pub(crate) fn provider_url(
    blueprint: &str,
    what: &'static str,
    raw: &str,
    allow_insecure: bool,
) -> Result<Url, ConfigError> {
    let err = |reason: String| ConfigError::Url {
        blueprint: blueprint.to_string(),
        what,
        url: raw.to_string(),
        reason,
    };
    let url = Url::parse(raw).map_err(|e| err(e.to_string()))?;
    check_transport(&url, allow_insecure).map_err(err)?;
    Ok(url)
}

/// The transport rule for one URL: https, or http on loopback, or http anywhere when
/// `allow_insecure` ([`INSECURE_TRANSPORT_VAR`]); the reason when refused.
pub(crate) fn check_transport(url: &Url, allow_insecure: bool) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback(url) => Ok(()),
        "http" => Err(format!(
            "plain http is only allowed for loopback hosts; use https (or set {INSECURE_TRANSPORT_VAR}=1 for development)"
        )),
        other => Err(format!("`{other}` is not an http(s) URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_http_is_allowed_elsewhere_refused() {
        for ok in [
            "http://127.0.0.1:9/token",
            "http://localhost/token",
            "https://example.com/token",
        ] {
            assert!(provider_url("t", "token URL", ok, false).is_ok(), "{ok}");
        }
        let err = provider_url("t", "token URL", "http://example.com/token", false).unwrap_err();
        assert!(err.to_string().contains(INSECURE_TRANSPORT_VAR), "{err}");
        assert!(provider_url("t", "token URL", "http://example.com/token", true).is_ok());
        assert!(provider_url("t", "token URL", "ftp://example.com/", true).is_err());
        assert!(provider_url("t", "token URL", "not a url", true).is_err());
    }
}
