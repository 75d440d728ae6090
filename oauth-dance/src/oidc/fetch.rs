//! Fetching a provider's JSON documents (the discovery document, the key set) through the
//! blueprint's transport: no redirects, a size cap, and how long the answer may be cached.

use std::time::Duration;

use reqwest::header::{ACCEPT, CACHE_CONTROL, HeaderValue};
use reqwest::{Method, Request, StatusCode};
use serde_json::Value;
use url::Url;

use crate::Blueprint;
use crate::transport::{ReadError, RequestKind, read_limited};

/// The largest document accepted.
const MAX_DOCUMENT: usize = 512 * 1024;

/// A JSON object the provider served, and the `max-age` it allowed.
pub(crate) struct Fetched {
    pub json: serde_json::Map<String, Value>,
    pub max_age: Option<Duration>,
}

/// `GET url`, expecting a JSON object with status 200.
pub(crate) async fn json_object(bp: &Blueprint, url: &Url) -> Result<Fetched, String> {
    let mut request = Request::new(Method::GET, url.clone());
    let mut headers = bp.headers().clone();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    *request.headers_mut() = headers;
    *request.timeout_mut() = Some(bp.timeout());
    let response = bp
        .transport()
        .send(request, RequestKind::ProviderMetadata)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if status != StatusCode::OK {
        return Err(format!("`{url}` answered HTTP {status}"));
    }
    let max_age = response
        .headers()
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .and_then(max_age);
    let body = read_limited(response, MAX_DOCUMENT)
        .await
        .map_err(|err| match err {
            ReadError::TooLarge(limit) => format!("`{url}` is larger than {limit} bytes"),
            ReadError::Transport(err) => err.to_string(),
        })?;
    match serde_json::from_slice(&body) {
        Ok(Value::Object(json)) => Ok(Fetched { json, max_age }),
        _ => Err(format!("`{url}` is not a JSON object")),
    }
}

/// `max-age=N` of a `Cache-Control` value (`no-store`/`no-cache`: zero).
fn max_age(value: &str) -> Option<Duration> {
    value.split(',').map(str::trim).find_map(|directive| {
        if directive.eq_ignore_ascii_case("no-store") || directive.eq_ignore_ascii_case("no-cache")
        {
            return Some(Duration::ZERO);
        }
        let seconds = directive.strip_prefix("max-age=")?;
        seconds
            .trim_matches('"')
            .parse()
            .ok()
            .map(Duration::from_secs)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_cache_control() {
        assert_eq!(
            max_age("public, max-age=3600, must-revalidate"),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(max_age("public"), None);
        assert_eq!(max_age("max-age=soon"), None);
    }
}
