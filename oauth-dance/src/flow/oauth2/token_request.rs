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
use crate::transport::{RequestKind, millis};
use crate::{Blueprint, Token, observe};
use oauth_dance_spec::client_auth::encodings_differ;

/// Sends a grant (`grant_type` and its parameters) to the token endpoint and reads the token.
pub(super) async fn request_token(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    grant: &[(&str, &str)],
) -> Result<Token, TokenEndpointError> {
    observe::token_request(blueprint, send(flow, blueprint, grant)).await
}

async fn send(
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
        .map_err(|err| TokenEndpointError::unanswered(err, timeout))?;
    read_token_response(response, timeout)
        .await
        .map_err(|err| explain_refused_credentials(flow, err))
}

/// An `invalid_client` for credentials the two HTTP Basic encodings write differently names the
/// setting to try: the provider may expect the other encoding.
fn explain_refused_credentials(flow: &OAuth2Flow, err: TokenEndpointError) -> TokenEndpointError {
    let Some(other) = flow.client_auth.other_basic() else {
        return err;
    };
    let ambiguous =
        encodings_differ(flow.client_id.as_str()) || encodings_differ(flow.client_secret.secret());
    if err.refusal() != Some("invalid_client") || !ambiguous {
        return err;
    }
    TokenEndpointError::CredentialEncoding {
        tried: flow.client_auth.name().to_string(),
        other: other.name().to_string(),
    }
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
    match &flow.basic_auth {
        Some(basic) => {
            headers.insert(AUTHORIZATION, basic.clone());
        }
        None => {
            form.append_pair("client_id", flow.client_id.as_str());
            form.append_pair("client_secret", flow.client_secret.secret());
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

/// The `Authorization` header for `encoding`, `Basic base64(id:secret)`: with both form-encoded
/// first ([`ClientAuth::Basic`], as RFC 6749 §2.3.1 says), or as they are
/// ([`ClientAuth::BasicRaw`]); `None` when the credentials go in the body.
pub(super) fn basic_credentials(
    id: &str,
    secret: &str,
    encoding: ClientAuth,
) -> Option<HeaderValue> {
    let pair = match encoding {
        ClientAuth::RequestBody => return None,
        ClientAuth::Basic => {
            let encode =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            format!("{}:{}", encode(id), encode(secret))
        }
        _ => format!("{id}:{secret}"),
    };
    // Base64 after `Basic ` is always a valid header value.
    let mut value = HeaderValue::try_from(format!("Basic {}", STANDARD.encode(pair))).ok()?;
    value.set_sensitive(true);
    Some(value)
}
