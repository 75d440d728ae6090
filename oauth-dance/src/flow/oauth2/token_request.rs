//! Requests to the token endpoint (RFC 6749 §4.1.3): the grant's parameters in a form body, the
//! client authenticated as the provider wants (§2.3.1), the provider's headers, the blueprint's
//! timeout, through the blueprint's transport.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Request};

use super::OAuth2Flow;
use super::token_response::read_token_response;
use crate::error::TokenEndpointError;
use crate::provider::ClientAuth;
use crate::transport::{RequestKind, TransportError, millis};
use crate::{Blueprint, Token};

/// Sends a grant (`grant_type` and its parameters) to the token endpoint and reads the token.
pub(super) async fn request_token(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    grant: &[(&str, &str)],
) -> Result<Token, TokenEndpointError> {
    let request = build(flow, blueprint, grant)?;
    let timeout = millis(blueprint.timeout());
    let response = blueprint
        .transport()
        .send(request, RequestKind::TokenEndpoint)
        .await
        .map_err(|err| match err {
            TransportError::Timeout => TokenEndpointError::Timeout(timeout),
            TransportError::Connect => {
                TokenEndpointError::Transport("could not connect to the token endpoint".into())
            }
            other => TokenEndpointError::Transport(other.to_string()),
        })?;
    read_token_response(response, timeout).await
}

fn build(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    grant: &[(&str, &str)],
) -> Result<Request, TokenEndpointError> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(grant);
    form.extend_pairs(&flow.token_params);
    let mut headers = blueprint.headers().clone();
    match flow.client_auth {
        ClientAuth::RequestBody => {
            form.append_pair("client_id", flow.client_id.as_str());
            form.append_pair("client_secret", flow.client_secret.secret());
        }
        _ => {
            headers.insert(AUTHORIZATION, basic_credentials(flow)?);
        }
    }
    set_protocol_headers(&mut headers);
    let mut request = Request::new(Method::POST, flow.token_url.clone());
    *request.headers_mut() = headers;
    *request.body_mut() = Some(form.finish().into());
    *request.timeout_mut() = Some(blueprint.timeout());
    Ok(request)
}

/// `Accept` and `Content-Type` of a token request; the protocol's own headers win over the
/// provider's.
fn set_protocol_headers(headers: &mut HeaderMap) {
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
}

/// `Basic base64(urlencode(id):urlencode(secret))`, as RFC 6749 §2.3.1 says.
fn basic_credentials(flow: &OAuth2Flow) -> Result<HeaderValue, TokenEndpointError> {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!(
        "{}:{}",
        encode(flow.client_id.as_str()),
        encode(flow.client_secret.secret())
    );
    let mut value =
        HeaderValue::try_from(format!("Basic {}", STANDARD.encode(pair))).map_err(|_| {
            TokenEndpointError::Transport("the client credentials do not encode".into())
        })?;
    value.set_sensitive(true);
    Ok(value)
}
