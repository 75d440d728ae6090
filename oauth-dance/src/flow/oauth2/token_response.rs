//! What the token endpoint answered (RFC 6749 §5.1, §5.2), read once, leniently: form-encoded
//! bodies (old GitHub and Facebook style) and JSON labelled `text/*` are accepted, and an error
//! object is a refusal whatever the status (GitHub sends them with 200).

use reqwest::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use crate::error::TokenEndpointError;
use crate::provider::Quirk;
use crate::transport::read_limited;
use crate::{Token, quirks};

/// The largest token response accepted (a token response is a few KB at most).
const MAX_TOKEN_RESPONSE: usize = 1 << 20;

/// The token in a token endpoint's answer, read as the blueprint's `quirks` say, or why there
/// is none.
pub(super) async fn read_token_response(
    response: reqwest::Response,
    timeout_ms: u64,
    quirks: &[Quirk],
) -> Result<Token, TokenEndpointError> {
    let status = response.status();
    if status.is_redirection() {
        return Err(TokenEndpointError::redirected(status.as_u16()));
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = read_limited(response, MAX_TOKEN_RESPONSE)
        .await
        .map_err(|err| TokenEndpointError::unreadable(err, timeout_ms))?;
    let fields = fields(&content_type, &body);
    let fields = fields
        .map(|f| quirks::token_response_fields(f, quirks))
        .transpose()?;
    if let Some(refusal) = fields.as_ref().and_then(refusal) {
        return Err(refusal);
    }
    if !status.is_success() {
        return Err(TokenEndpointError::Transport(format!(
            "the token endpoint answered HTTP {status}"
        )));
    }
    let Some(fields) = fields else {
        return Err(TokenEndpointError::Malformed(format!(
            "it is not JSON (Content-Type `{content_type}`)"
        )));
    };
    Token::from_json(Value::Object(fields))
        .map_err(|e| TokenEndpointError::Malformed(e.to_string()))
}

/// The body's fields, when it is a JSON object or a form-encoded body.
fn fields(content_type: &str, body: &[u8]) -> Option<Map<String, Value>> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let map = url::form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        return Some(map);
    }
    let json_like = content_type.is_empty()
        || content_type.starts_with("application/json")
        || content_type.starts_with("text/plain")
        || content_type.starts_with("text/javascript");
    if !json_like {
        return None;
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// An OAuth error object (`{"error": "invalid_grant", …}`) without an access token.
fn refusal(fields: &Map<String, Value>) -> Option<TokenEndpointError> {
    if fields.contains_key("access_token") {
        return None;
    }
    let error: oauth2::basic::BasicErrorResponse =
        serde_json::from_value(Value::Object(fields.clone())).ok()?;
    Some(TokenEndpointError::Refused {
        error: error.error().as_ref().to_string(),
        description: error.error_description().cloned(),
        uri: error.error_uri().cloned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_and_text_labelled_json_are_read() {
        let form = fields(
            "application/x-www-form-urlencoded",
            b"access_token=a&scope=x%2Cy",
        )
        .unwrap();
        assert_eq!(form["scope"], "x,y");
        let json = fields("text/plain; charset=utf-8", br#"{"access_token":"a"}"#).unwrap();
        assert_eq!(json["access_token"], "a");
        assert!(fields("text/html", b"<html>").is_none());
        assert!(fields("application/json", b"[1]").is_none());
    }

    #[test]
    fn an_error_object_is_a_refusal_unless_a_token_came_too() {
        let map = |v: Value| v.as_object().unwrap().clone();
        let refused = refusal(&map(
            serde_json::json!({"error": "bad_verification_code", "error_description": "nope"}),
        ));
        assert_eq!(
            refused,
            Some(TokenEndpointError::Refused {
                error: "bad_verification_code".into(),
                description: Some("nope".into()),
                uri: None
            })
        );
        assert_eq!(
            refusal(&map(serde_json::json!({"error": "x", "access_token": "a"}))),
            None
        );
        assert_eq!(
            refusal(&map(serde_json::json!({"access_token": "a"}))),
            None
        );
    }
}
