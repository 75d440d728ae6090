//! Requests to the token endpoint (RFC 6749 §4.1.3, and §6 for a refresh): the grant's
//! parameters in a form body, the client authenticated as the provider wants (§2.3.1), the
//! provider's headers, the blueprint's timeout, through the blueprint's transport. A revocation
//! request (RFC 7009) is the same kind of authenticated form post, to another endpoint.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Request};

use super::OAuth2Flow;
use super::endpoints::Endpoints;
use super::token_response::read_token_response;
use crate::error::TokenEndpointError;
use crate::provider::ClientAuth;
use crate::transport::{RequestKind, millis};
use crate::{Blueprint, Token, observe, quirks};
use oauth_dance_spec::client_auth::encodings_differ;
use url::Url;

/// Sends a grant (`grant_type` and its parameters) to `url` (the token endpoint, or the refresh
/// endpoint) and reads the token.
pub(super) async fn request_token(
    endpoints: &Endpoints<'_>,
    blueprint: &Blueprint,
    url: &Url,
    grant: &[(&str, &str)],
) -> Result<Token, TokenEndpointError> {
    observe::token_request(blueprint, send(endpoints, blueprint, url, grant)).await
}

async fn send(
    endpoints: &Endpoints<'_>,
    blueprint: &Blueprint,
    url: &Url,
    grant: &[(&str, &str)],
) -> Result<Token, TokenEndpointError> {
    let flow = endpoints.flow;
    let response = post_form(endpoints, blueprint, url, grant, &flow.token_params).await?;
    read_token_response(response, millis(blueprint.timeout()), &flow.quirks)
        .await
        .map_err(|err| explain_refused_credentials(flow, err))
}

/// Posts `form` (then `extra`) to `url` with the client's credentials, as a token request is
/// sent; the provider's answer, whatever its status.
pub(super) async fn post_form(
    endpoints: &Endpoints<'_>,
    blueprint: &Blueprint,
    url: &Url,
    form: &[(&str, &str)],
    extra: &[(String, String)],
) -> Result<reqwest::Response, TokenEndpointError> {
    let request = build(endpoints, blueprint, url, form, extra)?;
    let timeout = millis(blueprint.timeout());
    blueprint
        .transport()
        .send(request, RequestKind::TokenEndpoint)
        .await
        .map_err(|err| TokenEndpointError::unanswered(err, timeout))
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

/// The bytes a token request's form usually needs: a code, a PKCE verifier, a callback URL and
/// the client's credentials.
const FORM_CAPACITY: usize = 384;

fn build(
    endpoints: &Endpoints<'_>,
    blueprint: &Blueprint,
    url: &Url,
    grant: &[(&str, &str)],
    extra: &[(String, String)],
) -> Result<Request, TokenEndpointError> {
    let flow = endpoints.flow;
    // Room for a typical grant at once, rather than growing through six sizes on the way.
    let mut form = url::form_urlencoded::Serializer::new(String::with_capacity(FORM_CAPACITY));
    form.extend_pairs(grant);
    form.extend_pairs(extra);
    let mut headers = blueprint.headers().clone();
    let basic = flow.basic_auth.as_ref();
    match basic.filter(|_| !endpoints.credentials_in_body()) {
        Some(basic) => {
            headers.insert(AUTHORIZATION, basic.clone());
        }
        None => {
            form.append_pair(
                quirks::client_id_param(&flow.quirks),
                flow.client_id.as_str(),
            );
            match &flow.signer {
                Some(signer) => {
                    let secret = signer.secret().map_err(|err| {
                        TokenEndpointError::Transport(format!(
                            "the client secret could not be signed: {err}"
                        ))
                    })?;
                    form.append_pair("client_secret", &secret)
                }
                None => form.append_pair("client_secret", flow.client_secret.secret()),
            };
        }
    }
    set_protocol_headers(&mut headers);
    let mut request = Request::new(Method::POST, url.clone());
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
        ClientAuth::RequestBody | ClientAuth::SignedSecretPost => return None,
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
