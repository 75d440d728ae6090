//! The two credentials requests (RFC 5849 §2.1, §2.3): a signed POST for a request token (with
//! `oauth_callback`), then one for the access token (with the request token and
//! `oauth_verifier`), through the blueprint's transport with its headers and timeout. Their
//! answers are form-encoded credentials, whatever their `Content-Type` (Twitter's is
//! `text/html`).

use reqwest::Method;
use serde_json::{Map, Value};
use url::Url;

use super::OAuth1Flow;
use super::signed_call::{self, TokenCredentials};
use crate::client::{ApiBody, ApiCall};
use crate::error::TokenEndpointError;
use crate::transport::{RequestKind, millis, read_limited};
use crate::{Blueprint, observe};

/// The largest credentials answer accepted (a few hundred bytes in practice).
const MAX_ANSWER: usize = 64 * 1024;

/// One credentials request.
pub(super) struct CredentialsRequest<'a> {
    pub url: &'a Url,
    /// The request token, for the access-token request.
    pub token: Option<TokenCredentials<'a>>,
    /// `oauth_callback`, or `oauth_verifier`.
    pub params: &'a [(&'a str, &'a str)],
}

/// Sends a credentials request; the answer's fields, which hold `oauth_token` and
/// `oauth_token_secret`.
pub(super) async fn request(
    flow: &OAuth1Flow,
    blueprint: &Blueprint,
    request: CredentialsRequest<'_>,
) -> Result<Map<String, Value>, TokenEndpointError> {
    observe::token_request(blueprint, send(flow, blueprint, request)).await
}

async fn send(
    flow: &OAuth1Flow,
    blueprint: &Blueprint,
    request: CredentialsRequest<'_>,
) -> Result<Map<String, Value>, TokenEndpointError> {
    let mut call = ApiCall {
        method: Method::POST,
        url: request.url.clone(),
        query: Vec::new(),
        headers: blueprint.headers().clone(),
        body: ApiBody::Form(Vec::new()),
    };
    let unsendable = |e: String| TokenEndpointError::Transport(format!("cannot sign: {e}"));
    signed_call::sign(flow, &mut call, request.token, request.params)
        .map_err(|e| unsendable(e.to_string()))?;
    let http = call
        .into_request(blueprint.timeout())
        .map_err(|e| unsendable(e.to_string()))?;
    let timeout = millis(blueprint.timeout());
    let response = blueprint
        .transport()
        .send(http, RequestKind::TokenEndpoint)
        .await
        .map_err(|e| TokenEndpointError::unanswered(e, timeout))?;
    read_answer(response, timeout).await
}

/// The credentials in an answer, or why there are none.
async fn read_answer(
    response: reqwest::Response,
    timeout_ms: u64,
) -> Result<Map<String, Value>, TokenEndpointError> {
    let status = response.status();
    if status.is_redirection() {
        return Err(TokenEndpointError::redirected(status.as_u16()));
    }
    let body = read_limited(response, MAX_ANSWER)
        .await
        .map_err(|e| TokenEndpointError::unreadable(e, timeout_ms))?;
    if !status.is_success() {
        return Err(TokenEndpointError::rejected(status.as_u16(), &body));
    }
    let fields: Map<String, Value> = url::form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    for needed in ["oauth_token", "oauth_token_secret"] {
        if fields
            .get(needed)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(TokenEndpointError::Malformed(format!(
                "it has no `{needed}` (an OAuth 1 answer is form-encoded credentials)"
            )));
        }
    }
    Ok(fields)
}
