//! Token revocation (RFC 7009): the refresh token first (a provider revokes the access tokens
//! issued with it too, §2.1), then the access token, each posted with the client's credentials.

use reqwest::StatusCode;

use super::OAuth2Flow;
use super::endpoints::Endpoints;
use super::token_request::post_form;
use crate::error::TokenEndpointError;
use crate::transport::{millis, read_limited};
use crate::{Blueprint, Token};

/// The largest error answer read from a revocation endpoint.
const MAX_ANSWER: usize = 64 * 1024;

/// Revokes `token`'s refresh and access tokens; `Ok(false)` without a revocation endpoint.
pub(super) async fn revoke(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    token: &Token,
) -> Result<bool, TokenEndpointError> {
    let endpoints = Endpoints::of(flow, blueprint).await;
    let endpoints = endpoints.map_err(TokenEndpointError::IdToken)?;
    let discovered = match (&flow.openid, endpoints.revocation()) {
        (Some(openid), None) => {
            let metadata = openid.metadata(blueprint).await;
            metadata
                .map_err(TokenEndpointError::IdToken)?
                .revocation_endpoint
                .as_ref()
        }
        _ => None,
    };
    // A relying party without a revocation URL of its own uses the one its provider announces.
    let Some(url) = endpoints.revocation().or(discovered) else {
        return Ok(false);
    };
    let access_token = Some(token.access_token()).filter(|t| !t.is_empty());
    let tokens = [
        (token.refresh_token(), "refresh_token"),
        (access_token, "access_token"),
    ];
    for (value, hint) in tokens {
        if let Some(value) = value {
            let form = [("token", value), ("token_type_hint", hint)];
            let response = post_form(&endpoints, blueprint, url, &form, &[]).await?;
            answered(response, millis(blueprint.timeout())).await?;
        }
    }
    Ok(true)
}

/// §2.2: 200 means revoked (or unknown, which is the same to the client); §2.2.1: an error
/// object otherwise (`unsupported_token_type`, or 503 for "try again later").
async fn answered(response: reqwest::Response, timeout_ms: u64) -> Result<(), TokenEndpointError> {
    let status = response.status();
    if status == StatusCode::OK {
        return Ok(());
    }
    let body = read_limited(response, MAX_ANSWER)
        .await
        .map_err(|err| TokenEndpointError::unreadable(err, timeout_ms))?;
    let refusal: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    match refusal.as_ref().and_then(|v| v["error"].as_str()) {
        Some(error) => Err(TokenEndpointError::Refused {
            error: error.to_string(),
            description: refusal
                .as_ref()
                .and_then(|v| v["error_description"].as_str())
                .map(str::to_string),
            uri: None,
        }),
        None => Err(TokenEndpointError::Transport(format!(
            "the revocation endpoint answered HTTP {status}"
        ))),
    }
}
