//! The OAuth 1 authorization step (RFC 5849 §2.2): `GET /oauth1/authorize?oauth_token=...`
//! shows the consent page the OAuth 2 flow shows, whose form carries the request token as its
//! `state`; `POST /authorize` hands a decision whose `state` is a live request token here, and
//! any other to the OAuth 2 decision.

use actix_web::{HttpRequest, HttpResponse, web};
use url::Url;

use super::authorize;
use super::authorize_request::{AuthorizeRequest, redirect_with};
use super::consent;
use super::form::Params;
use super::html::error_page;
use super::state::Shared;

/// `GET /oauth1/authorize`: the consent page for a live request token.
pub(crate) async fn show(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    let params = match Params::parse(req.query_string().as_bytes()) {
        Ok(params) => params,
        Err(e) => return error_page("Invalid request", &e.to_string()),
    };
    let Some(token) = params.get("oauth_token") else {
        return error_page("Missing oauth_token", "The request has no oauth_token.");
    };
    let callback = shared
        .lock()
        .oauth1
        .request_token(token)
        .map(|r| r.callback.clone());
    let Some(callback) = callback else {
        return error_page(
            "Unknown request token",
            "The oauth_token is unknown, used or expired.",
        );
    };
    let Some(redirect_url) = Url::parse(&callback).ok().filter(Url::has_host) else {
        return error_page(
            "Invalid oauth_callback",
            "The callback is not an absolute URL.",
        );
    };
    let request = AuthorizeRequest {
        client_id: shared.config.client_id.clone(),
        redirect_uri: callback,
        redirect_url,
        scope: String::new(),
        state: Some(token.to_string()),
        code_challenge: None,
        nonce: None,
        response_mode: super::form_post::ResponseMode::Query,
    };
    consent::render(&request, &shared.config.users)
}

/// `POST /authorize`: the consent form of either protocol.
pub(crate) async fn decide(body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let params = Params::parse(&body).unwrap_or_default();
    let oauth1 = params.get("state").and_then(|token| {
        let state = shared.lock();
        let request = state.oauth1.request_token(token)?;
        Some((token.to_string(), request.callback.clone()))
    });
    match oauth1 {
        Some((token, callback)) => decide_oauth1(&params, &token, &callback, &shared),
        None => authorize::decide(body, shared).await,
    }
}

/// Allow: back to the callback with `oauth_token` and `oauth_verifier`; Deny: with
/// `denied=<request token>`, as Twitter does (and the request token is gone).
fn decide_oauth1(params: &Params, token: &str, callback: &str, shared: &Shared) -> HttpResponse {
    let Ok(callback) = Url::parse(callback) else {
        return error_page(
            "Invalid oauth_callback",
            "The callback is not an absolute URL.",
        );
    };
    let mut state = shared.lock();
    match params.get("decision") {
        Some("deny") => {
            state.oauth1.take_request_token(token);
            log::info!("dev provider: the user denied an OAuth 1 request token");
            redirect_with(&callback, &[("denied", token)])
        }
        Some("allow") => {
            let Some(user) = params.get("user").and_then(|u| shared.config.user(u)) else {
                return error_page("Unknown user", "Pick one of the listed users.");
            };
            let verifier = state
                .oauth1
                .authorize(token, &user.login)
                .unwrap_or_default();
            redirect_with(
                &callback,
                &[("oauth_token", token), ("oauth_verifier", &verifier)],
            )
        }
        _ => error_page("Invalid decision", "Choose Allow or Deny."),
    }
}
