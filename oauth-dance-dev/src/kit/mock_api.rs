//! [`MockApi`]: a blueprint's API answered from a table, with no provider behind it (what a
//! [`MockLogin::user`](super::MockLogin::user) answers its user with).

use std::fmt;

use oauth_dance::reqwest;
use oauth_dance::transport::{RequestKind, Transport, TransportError};
use serde_json::Value;

/// Answers API calls whose path ends with one of its paths with that path's JSON (200); any
/// other request, token requests included, fails with a message naming what it answers.
///
/// ```
/// use oauth_dance::Overrides;
/// use oauth_dance_dev::kit::MockApi;
///
/// let api = MockApi::new().get("user", serde_json::json!({"login": "octocat"}));
/// let overrides = Overrides::new().transport("github", api);
/// ```
#[derive(Clone, Default)]
pub struct MockApi {
    answers: Vec<(String, Value)>,
}

impl MockApi {
    /// Answers nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET {path}` (relative to the blueprint's base URL) answers `json`.
    pub fn get(mut self, path: &str, json: Value) -> Self {
        let path = format!("/{}", path.trim_start_matches('/'));
        self.answers.push((path, json));
        self
    }

    fn answer(&self, request: &reqwest::Request) -> Option<&Value> {
        if request.method() != reqwest::Method::GET {
            return None;
        }
        let path = request.url().path();
        self.answers
            .iter()
            .find(|(suffix, _)| path.ends_with(suffix.as_str()))
            .map(|(_, json)| json)
    }
}

impl fmt::Debug for MockApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let paths: Vec<&str> = self.answers.iter().map(|(p, _)| p.as_str()).collect();
        f.debug_struct("MockApi").field("answers", &paths).finish()
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for MockApi {
    async fn send(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        match (kind, self.answer(&request)) {
            (RequestKind::Api, Some(json)) => {
                let mut response = http::Response::new(json.to_string());
                response.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("application/json"),
                );
                Ok(reqwest::Response::from(response))
            }
            _ => Err(TransportError::Other(format!(
                "the mock API answers only GET {}, not {} {}",
                self.answers
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                request.method(),
                request.url().path()
            ))),
        }
    }
}
