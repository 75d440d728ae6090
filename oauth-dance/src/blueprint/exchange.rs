//! The token request: oauth2-rs builds and parses it; this file carries it over the blueprint's
//! reqwest pool, with the provider's headers, a timeout, no redirects, and compliance fixes for
//! providers that answer in form encoding, mislabel JSON, or report errors with status 200.

use std::borrow::Cow;
use std::time::Duration;

use oauth2::basic::BasicTokenType;
use oauth2::http;
use oauth2::{
    AccessToken, AuthorizationCode, HttpRequest, HttpResponse, PkceCodeVerifier, RedirectUrl,
    RefreshToken, RequestTokenError, Scope,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Blueprint;
use crate::Token;

/// The token response as oauth2-rs sees it: lenient parsing, the whole JSON kept.
#[derive(Clone)]
pub(crate) struct TokenResponse {
    token: Token,
    access_token: AccessToken,
    token_type: BasicTokenType,
    refresh_token: Option<RefreshToken>,
    scopes: Option<Vec<Scope>>,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.token.fmt(f)
    }
}

impl<'de> Deserialize<'de> for TokenResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(d)?;
        let token = Token::from_json(raw).map_err(serde::de::Error::custom)?;
        Ok(TokenResponse {
            access_token: AccessToken::new(token.access_token().to_string()),
            token_type: match token.token_type().map(str::to_ascii_lowercase).as_deref() {
                None | Some("bearer") => BasicTokenType::Bearer,
                Some("mac") => BasicTokenType::Mac,
                Some(other) => BasicTokenType::Extension(other.to_string()),
            },
            refresh_token: token
                .refresh_token()
                .map(|r| RefreshToken::new(r.to_string())),
            scopes: Some(token.scopes().into_iter().map(Scope::new).collect()),
            token,
        })
    }
}

impl Serialize for TokenResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.token.serialize(s)
    }
}

impl oauth2::TokenResponse for TokenResponse {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<Duration> {
        self.token
            .expires_in()
            .map(|s| Duration::from_secs(s.max(0) as u64))
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

/// Why a request to the provider failed at the transport level.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TransportError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("{0}")]
    Http(String),
}

impl Blueprint {
    /// Exchanges an authorization code for a token. The error is a user-safe reason (never a
    /// secret, never the response body).
    pub(crate) async fn exchange_code(
        &self,
        code: String,
        verifier: Option<String>,
        redirect_uri: RedirectUrl,
    ) -> Result<Token, String> {
        let inner = &self.0;
        let mut request = inner
            .oauth
            .exchange_code(AuthorizationCode::new(code))
            .set_redirect_uri(Cow::Owned(redirect_uri));
        if let Some(verifier) = verifier {
            request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier));
        }
        for (k, v) in &inner.token_params {
            request = request.add_extra_param(k.clone(), v.clone());
        }
        let send = |req: HttpRequest| self.send_token_request(req);
        match request.request_async(&send).await {
            Ok(response) => Ok(response.token),
            Err(err) => Err(describe(err)),
        }
    }

    async fn send_token_request(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let inner = &self.0;
        let (parts, body) = req.into_parts();
        let url = parts.uri.to_string();
        let mut builder = inner
            .http
            .request(parts.method, &url)
            .headers(parts.headers.clone())
            .body(body)
            .timeout(inner.timeout);
        for (name, value) in &inner.headers {
            // oauth2's own headers (Accept: application/json, Authorization) win.
            if !parts.headers.contains_key(name) {
                builder = builder.header(name, value);
            }
        }
        let response = builder
            .send()
            .await
            .map_err(|e| transport(e, inner.timeout))?;
        if response.status().is_redirection() {
            return Err(TransportError::Http(format!(
                "the token endpoint answered with a redirect ({}); redirects are not followed for token requests",
                response.status()
            )));
        }
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let bytes = read_limited(response, inner.timeout).await?;
        let (status, json) = compliance_fix(status, &content_type, &bytes);
        let mut out = http::Response::builder().status(status);
        out = match &json {
            Some(_) => out.header(http::header::CONTENT_TYPE, "application/json"),
            None if content_type.is_empty() => out,
            None => out.header(http::header::CONTENT_TYPE, content_type.as_str()),
        };
        let body = json
            .map(|j| j.into_bytes())
            .unwrap_or_else(|| bytes.to_vec());
        out.body(body)
            .map_err(|e| TransportError::Http(e.to_string()))
    }
}

/// The largest token response accepted (a token response is a few KB at most).
const MAX_TOKEN_RESPONSE: usize = 1 << 20;

async fn read_limited(
    mut response: reqwest::Response,
    timeout: Duration,
) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, timeout))? {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
            return Err(TransportError::Http(format!(
                "the token response is larger than {MAX_TOKEN_RESPONSE} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn transport(err: reqwest::Error, timeout: Duration) -> TransportError {
    if err.is_timeout() {
        TransportError::Timeout(timeout)
    } else if err.is_connect() {
        TransportError::Http("could not connect to the token endpoint".into())
    } else {
        TransportError::Http(err.without_url().to_string())
    }
}

/// Normalises a token endpoint's answer into JSON when it is recognisably a token response in
/// another dress: form-encoded bodies (old GitHub/Facebook style) and JSON labelled `text/*`.
/// An error object sent with status 200 (GitHub does this) gets status 400, so it is parsed as
/// an OAuth error. Returns the status to report and, when rewritten, the JSON body.
fn compliance_fix(
    status: reqwest::StatusCode,
    content_type: &str,
    body: &[u8],
) -> (u16, Option<String>) {
    let status = status.as_u16();
    let json: Option<Value> = if content_type.starts_with("application/x-www-form-urlencoded") {
        let map: Map<String, Value> = url::form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        Some(Value::Object(map))
    } else if content_type.is_empty()
        || content_type.starts_with("application/json")
        || content_type.starts_with("text/plain")
        || content_type.starts_with("text/javascript")
    {
        serde_json::from_slice::<Value>(body).ok()
    } else {
        None
    };
    match json {
        Some(Value::Object(map)) => {
            let is_error = map.contains_key("error") && !map.contains_key("access_token");
            let status = if status == 200 && is_error {
                400
            } else {
                status
            };
            (status, serde_json::to_string(&map).ok())
        }
        Some(other) => (status, serde_json::to_string(&other).ok()),
        None => (status, None),
    }
}

fn describe(err: RequestTokenError<TransportError, oauth2::basic::BasicErrorResponse>) -> String {
    match err {
        RequestTokenError::ServerResponse(e) => {
            let mut s = format!("the provider refused the code: {}", e.error());
            if let Some(d) = e.error_description() {
                s.push_str(&format!(" ({d})"));
            }
            s
        }
        RequestTokenError::Request(e) => format!("the request failed: {e}"),
        RequestTokenError::Parse(e, _body) => {
            format!("the response is not a valid token response ({})", e.inner())
        }
        RequestTokenError::Other(msg) => {
            if msg.contains("Content-Type") {
                "the response is not JSON (unexpected Content-Type)".to_string()
            } else {
                msg
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    #[test]
    fn form_bodies_become_json_and_200_errors_become_400() {
        let (status, json) = compliance_fix(
            StatusCode::OK,
            "application/x-www-form-urlencoded",
            b"access_token=a&scope=x%2Cy",
        );
        assert_eq!(status, 200);
        assert_eq!(json.unwrap(), r#"{"access_token":"a","scope":"x,y"}"#);
        let (status, _) = compliance_fix(
            StatusCode::OK,
            "application/json",
            br#"{"error":"bad_verification_code"}"#,
        );
        assert_eq!(status, 400);
        let (status, json) = compliance_fix(StatusCode::OK, "text/html", b"<html>");
        assert_eq!((status, json), (200, None));
    }
}
