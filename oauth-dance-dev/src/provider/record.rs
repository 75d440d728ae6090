//! The log of requests the development provider received, for tests to inspect.

use std::fmt;

use actix_web::HttpRequest;

use super::form::Params;

/// One request received at `/token`, `/userinfo` or `/api/...`, as returned by
/// [`DevProvider::requests`](super::DevProvider::requests).
///
/// Fields hold exactly what was sent, secrets included, so that tests can check what a client
/// sent; the `Debug` output redacts credentials (the `Authorization` and `Cookie` headers and
/// parameters such as `client_secret`, `code` or `access_token`).
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use oauth_dance_dev::DevProvider;
///
/// let provider = DevProvider::start()?;
/// // ... let the client under test talk to the provider ...
/// for request in provider.requests() {
///     println!("{} {} {:?}", request.method, request.path, request.header("authorization"));
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// The HTTP method, e.g. `"POST"`.
    pub method: String,
    /// The path without the query, e.g. `"/token"`.
    pub path: String,
    /// The raw query string without `?` (empty when there was none).
    pub query: String,
    /// Every header as sent, names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, decoded as UTF-8 (invalid bytes replaced with U+FFFD).
    pub body: String,
}

/// Names whose values the `Debug` output hides.
const SECRET_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie"];
const SECRET_PARAMS: &[&str] = &[
    "client_secret",
    "code",
    "code_verifier",
    "access_token",
    "refresh_token",
    "token",
    "password",
];

impl ReceivedRequest {
    /// Captures a request and its body.
    pub(crate) fn capture(req: &HttpRequest, body: &[u8]) -> Self {
        ReceivedRequest {
            method: req.method().as_str().to_owned(),
            path: req.path().to_owned(),
            query: req.query_string().to_owned(),
            headers: req
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_ascii_lowercase(), value)
                })
                .collect(),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The first value of a header, matched case-insensitively.
    ///
    /// ```
    /// use oauth_dance_dev::ReceivedRequest;
    ///
    /// let r = ReceivedRequest {
    ///     method: "GET".into(),
    ///     path: "/api/user".into(),
    ///     query: String::new(),
    ///     headers: vec![("accept".into(), "application/json".into())],
    ///     body: String::new(),
    /// };
    /// assert_eq!(r.header("Accept"), Some("application/json"));
    /// assert_eq!(r.header("authorization"), None);
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A parameter of the form-encoded body, decoded (`None` if absent or unparsable).
    ///
    /// ```
    /// use oauth_dance_dev::ReceivedRequest;
    ///
    /// let r = ReceivedRequest {
    ///     method: "POST".into(),
    ///     path: "/token".into(),
    ///     query: String::new(),
    ///     headers: vec![],
    ///     body: "grant_type=authorization_code&redirect_uri=http%3A%2F%2Flocalhost%2Fcb".into(),
    /// };
    /// assert_eq!(r.body_param("grant_type").as_deref(), Some("authorization_code"));
    /// assert_eq!(r.body_param("redirect_uri").as_deref(), Some("http://localhost/cb"));
    /// ```
    pub fn body_param(&self, name: &str) -> Option<String> {
        let params = Params::parse(self.body.as_bytes()).ok()?;
        params.get(name).map(str::to_owned)
    }

    /// A parameter of the query string, decoded (`None` if absent or unparsable).
    ///
    /// ```
    /// use oauth_dance_dev::ReceivedRequest;
    ///
    /// let r = ReceivedRequest {
    ///     method: "GET".into(),
    ///     path: "/api/echo".into(),
    ///     query: "per_page=10".into(),
    ///     headers: vec![],
    ///     body: String::new(),
    /// };
    /// assert_eq!(r.query_param("per_page").as_deref(), Some("10"));
    /// ```
    pub fn query_param(&self, name: &str) -> Option<String> {
        let params = Params::parse(self.query.as_bytes()).ok()?;
        params.get(name).map(str::to_owned)
    }
}

/// Rewrites `a=1&client_secret=x` as `a=1&client_secret=[redacted]`, leaving other text alone.
fn redact_params(input: &str) -> String {
    input
        .split('&')
        .map(|piece| match piece.split_once('=') {
            Some((name, _)) if SECRET_PARAMS.contains(&name) => format!("{name}=[redacted]"),
            _ => piece.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let shown = if SECRET_HEADERS.contains(&n.as_str()) {
                    "[redacted]"
                } else {
                    v.as_str()
                };
                (n.as_str(), shown)
            })
            .collect();
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &redact_params(&self.query))
            .field("headers", &headers)
            .field("body", &redact_params(&self.body))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_credentials() {
        let r = ReceivedRequest {
            method: "POST".into(),
            path: "/token".into(),
            query: "access_token=qsecret&page=2".into(),
            headers: vec![
                ("authorization".into(), "Basic c2VjcmV0".into()),
                ("accept".into(), "application/json".into()),
            ],
            body: "grant_type=authorization_code&code=csecret&client_secret=ssecret".into(),
        };
        let shown = format!("{r:?}");
        for secret in ["qsecret", "c2VjcmV0", "csecret", "ssecret"] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains("page=2"));
        assert!(shown.contains("grant_type=authorization_code"));
        assert!(shown.contains("application/json"));
    }
}
