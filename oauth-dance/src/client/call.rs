//! [`ApiCall`]: an API request with everything decided but the token's credentials, which the
//! blueprint's flow adds ([`Flow::authorize`](crate::flow::Flow::authorize)) before it is encoded
//! and sent. The body stays decoded until then, so a flow can sign form fields (OAuth 1) or add
//! one (Slack).

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Request};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::error::Error;

/// The body of an [`ApiCall`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ApiBody {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
    /// A JSON body.
    Json(Value),
    /// Raw bytes.
    Bytes(Vec<u8>),
}

/// An API request about to be sent.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiCall {
    /// The method.
    pub method: Method,
    /// The resolved URL (with the query it was written with).
    pub url: Url,
    /// Query parameters added to the URL's own.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: ApiBody,
}

impl ApiCall {
    /// The request to send, with `timeout`.
    pub(crate) fn into_request(self, timeout: Duration) -> Result<Request, Error> {
        let mut url = self.url;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut request = Request::new(self.method, url);
        let mut headers = self.headers;
        let (content_type, body) = match self.body {
            ApiBody::None => (None, None),
            ApiBody::Form(pairs) => {
                let form = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&pairs)
                    .finish();
                (
                    Some("application/x-www-form-urlencoded"),
                    Some(form.into_bytes()),
                )
            }
            ApiBody::Json(value) => {
                let bytes = serde_json::to_vec(&value)
                    .map_err(|e| Error::InvalidRequest(format!("body does not serialize: {e}")))?;
                (Some("application/json"), Some(bytes))
            }
            ApiBody::Bytes(bytes) => (None, Some(bytes)),
        };
        if let Some(content_type) = content_type
            && !headers.contains_key(CONTENT_TYPE)
        {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        *request.headers_mut() = headers;
        *request.body_mut() = body.map(Into::into);
        *request.timeout_mut() = Some(timeout);
        Ok(request)
    }
}

/// Flattens a serializable value into string pairs (a map/struct, or a list of pairs).
pub(crate) fn pairs<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, Error> {
    let bad = Error::InvalidRequest;
    let text = |v: Value| match v {
        Value::String(s) => s,
        other => other.to_string(),
    };
    match serde_json::to_value(value).map_err(|e| bad(e.to_string()))? {
        Value::Object(map) => Ok(map.into_iter().map(|(k, v)| (k, text(v))).collect()),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Array(mut kv) if kv.len() == 2 => {
                    let v = kv.pop().map(text).unwrap_or_default();
                    let k = kv.pop().map(text).unwrap_or_default();
                    Ok((k, v))
                }
                _ => Err(bad("expected (name, value) pairs".into())),
            })
            .collect(),
        _ => Err(bad("expected a map or a list of pairs".into())),
    }
}
