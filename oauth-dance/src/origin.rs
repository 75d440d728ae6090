//! How the app finds its own external URL (for `redirect_uri`) and whether a request came over
//! https (for the `Secure` cookie flag): a configured public URL, trusted forwarded headers, or
//! the request itself.

use std::borrow::Cow;

use actix_web::HttpRequest;
use url::Url;

use crate::error::DanceError;
use crate::url_cache::UrlCache;

/// How the app finds its own external URL (for `redirect_uri` and the `Secure` cookie flag).
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// A configured public URL (`https://example.com/app`): wins over everything.
    pub public_url: Option<Url>,
    /// Honour `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host`.
    pub trust_forwarded: bool,
    /// The hosts the app answers on (lowercase, with port when not the default); empty: any.
    pub allowed_hosts: Vec<String>,
    /// The callback URLs already built for a validated host, by scheme (https?), host and path.
    pub built: UrlCache<(bool, String, String)>,
}

impl Origin {
    /// Whether the browser used https for this request.
    pub fn is_https(&self, req: &HttpRequest) -> bool {
        if let Some(url) = &self.public_url {
            return url.scheme() == "https";
        }
        if self.trust_forwarded {
            return req.connection_info().scheme() == "https";
        }
        req.app_config().secure()
    }

    /// The absolute external URL of `path` (a path on this site, as `url_for` gives it): under
    /// the public URL if there is one, else on the request's host, which must be a well-formed
    /// `host[:port]` and, when the app lists its hosts, one of them.
    pub fn absolute(&self, req: &HttpRequest, path: &str) -> Result<Url, DanceError> {
        if let Some(base) = &self.public_url {
            let mut url = base.clone();
            let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
            url.set_path(&joined);
            url.set_query(None);
            return Ok(url);
        }
        let host = self.request_host(req);
        let https = self.is_https(req);
        let same = |(s, h, p): &(bool, String, String)| *s == https && h == &host && p == path;
        if let Some(url) = self.built.get(same) {
            return Ok(url);
        }
        self.check_host(&host)?;
        let scheme = if https { "https" } else { "http" };
        let url = Url::parse(&format!("{scheme}://{host}{path}"))
            .map_err(|_| bad_host("is not a valid host", &host))?;
        self.built
            .put((https, host.into_owned(), path.to_string()), url.clone());
        Ok(url)
    }

    /// The host the request was sent to: the forwarded one when trusted, else `Host`.
    fn request_host<'r>(&self, req: &'r HttpRequest) -> Cow<'r, str> {
        if self.trust_forwarded {
            return Cow::Owned(req.connection_info().host().to_string());
        }
        if let Some(host) = req.headers().get(actix_web::http::header::HOST) {
            return String::from_utf8_lossy(host.as_bytes());
        }
        match req.uri().authority() {
            Some(authority) => Cow::Borrowed(authority.as_str()),
            None => Cow::Owned(req.app_config().host().to_string()),
        }
    }

    fn check_host(&self, host: &str) -> Result<(), DanceError> {
        if !is_host_and_port(host) {
            return Err(bad_host("is not a valid `host[:port]`", host));
        }
        let listed = self.allowed_hosts.is_empty()
            || self
                .allowed_hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(host));
        if listed {
            Ok(())
        } else {
            Err(bad_host(
                "is not one of the app's allowed hosts (`Dance::allowed_hosts`)",
                host,
            ))
        }
    }

    /// Whether callback URLs can follow a forged `Host` (no public URL, no allowed hosts).
    pub fn follows_any_host(&self) -> bool {
        self.public_url.is_none() && self.allowed_hosts.is_empty()
    }
}

/// `name`, `name:port`, `1.2.3.4:port` or `[::1]:port`, and nothing else (no path, no user).
fn is_host_and_port(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && !port.contains(']') => (name, Some(port)),
        _ => (host, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':')
        })
        && url::Host::parse(name).is_ok();
    port_ok && name_ok
}

fn bad_host(problem: &str, host: &str) -> DanceError {
    DanceError::BadHost(format!(
        "the request's host {:?} {problem}",
        host.escape_debug().to_string()
    ))
}

#[cfg(test)]
mod tests {
    use super::is_host_and_port;

    #[test]
    fn only_host_and_port_is_a_host() {
        for ok in [
            "example.com",
            "example.com:8080",
            "127.0.0.1:9",
            "[::1]:8080",
            "localhost",
        ] {
            assert!(is_host_and_port(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.com/x",
            "a b",
            "user@evil.com",
            "evil.com:",
            "e.com:99999999",
            "e.com?x",
            "é.com\u{0}",
        ] {
            assert!(!is_host_and_port(bad), "{bad}");
        }
    }
}
