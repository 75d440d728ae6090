//! How the app finds its own external URL (for `redirect_uri`) and whether a request came over
//! https (for the `Secure` cookie flag): a configured public URL, trusted forwarded headers, or
//! the request itself.

use actix_web::HttpRequest;
use url::Url;

/// How the app finds its own external URL (for `redirect_uri` and the `Secure` cookie flag).
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// A configured public URL (`https://example.com/app`): wins over everything.
    pub public_url: Option<Url>,
    /// Honour `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host`.
    pub trust_forwarded: bool,
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
        let scheme = if self.is_https(req) { "https" } else { "http" };
        let raw = format!("{scheme}://{host}{path}");
        Url::parse(&raw).map_err(|e| format!("cannot build an absolute URL from `{raw}`: {e}"))
    }
}
