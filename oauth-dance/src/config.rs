//! Configuration rules shared by blueprints and the middleware: values from the environment,
//! which URLs may use plain http, and how the app's own external URL is found.

use actix_web::HttpRequest;
use url::{Host, Url};

use crate::error::ConfigError;

/// The environment variable that, when set to anything non-empty, allows plain-http provider
/// URLs on hosts other than loopback (as in Flask-Dance / oauthlib). For development only.
pub const INSECURE_TRANSPORT_VAR: &str = "OAUTHLIB_INSECURE_TRANSPORT";

/// A non-empty environment variable.
pub(crate) fn env_value(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
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

/// Parses a provider URL and applies the transport rule: https, or http on loopback, or http
/// anywhere when [`INSECURE_TRANSPORT_VAR`] is set.
pub(crate) fn provider_url(
    blueprint: &str,
    what: &'static str,
    raw: &str,
) -> Result<Url, ConfigError> {
    let err = |reason: String| ConfigError::Url {
        blueprint: blueprint.to_string(),
        what,
        url: raw.to_string(),
        reason,
    };
    let url = Url::parse(raw).map_err(|e| err(e.to_string()))?;
    check_transport(&url).map_err(err)?;
    Ok(url)
}

/// The transport rule for one URL, as a reason when refused.
pub(crate) fn check_transport(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) || env_value(INSECURE_TRANSPORT_VAR).is_some() => Ok(()),
        "http" => Err(format!(
            "plain http is only allowed for loopback hosts; use https (or set {INSECURE_TRANSPORT_VAR}=1 for development)"
        )),
        other => Err(format!("`{other}` is not an http(s) URL")),
    }
}

/// How the app finds its own external URL (for `redirect_uri` and the `Secure` cookie flag).
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// A configured public URL (`https://example.com/app`): wins over everything.
    pub public_url: Option<Url>,
    /// Honour `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host`.
    pub trust_forwarded: bool,
}

impl Origin {
    /// The scheme the browser used for this request.
    pub fn scheme(&self, req: &HttpRequest) -> String {
        if let Some(url) = &self.public_url {
            return url.scheme().to_string();
        }
        if self.trust_forwarded {
            return req.connection_info().scheme().to_string();
        }
        if req.app_config().secure() {
            "https"
        } else {
            "http"
        }
        .to_string()
    }

    /// The absolute external URL of `path` (a path on this site, as `url_for` gives it).
    pub fn absolute(&self, req: &HttpRequest, path: &str) -> Result<Url, String> {
        if let Some(base) = &self.public_url {
            let mut url = base.clone();
            let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
            url.set_path(&joined);
            url.set_query(None);
            return Ok(url);
        }
        let host = if self.trust_forwarded {
            req.connection_info().host().to_string()
        } else {
            req.headers()
                .get(actix_web::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
                .or_else(|| req.uri().authority().map(|a| a.to_string()))
                .unwrap_or_else(|| req.app_config().host().to_string())
        };
        let raw = format!("{}://{}{}", self.scheme(req), host, path);
        Url::parse(&raw).map_err(|e| format!("cannot build an absolute URL from `{raw}`: {e}"))
    }
}

/// A `next` value is kept only when it is a path on this site: it starts with one `/`, has no
/// scheme or host, no backslash and no control characters.
pub(crate) fn safe_next(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2048;
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_http_is_allowed_elsewhere_refused() {
        assert!(provider_url("t", "token URL", "http://127.0.0.1:9/token").is_ok());
        assert!(provider_url("t", "token URL", "http://localhost/token").is_ok());
        assert!(provider_url("t", "token URL", "https://example.com/token").is_ok());
        if env_value(INSECURE_TRANSPORT_VAR).is_none() {
            let err = provider_url("t", "token URL", "http://example.com/token").unwrap_err();
            assert!(err.to_string().contains(INSECURE_TRANSPORT_VAR), "{err}");
        }
        assert!(provider_url("t", "token URL", "ftp://example.com/").is_err());
        assert!(provider_url("t", "token URL", "not a url").is_err());
    }

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next("/a?b=c"), Some("/a?b=c".into()));
        for bad in [
            "//evil.com",
            "https://evil.com",
            "/\\evil.com",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
