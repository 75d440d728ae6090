//! The authorization endpoint: `GET /authorize` shows the consent page, `POST /authorize`
//! takes the decision and redirects back with a code or `error=access_denied`.

use std::time::Instant;

use actix_web::{HttpRequest, HttpResponse, web};

use super::authorize_request::{error_redirect, redirect_with, validate};
use super::behaviour::Misbehaviour;
use super::consent;
use super::form::Params;
use super::html::error_page;
use super::state::{CODE_LIFETIME, CodeGrant, Shared};

/// `GET /authorize`: validate, then show the consent page (or the injected error).
pub(crate) async fn show(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    let params = match Params::parse(req.query_string().as_bytes()) {
        Ok(params) => params,
        Err(e) => return error_page("Invalid request", &e.to_string()),
    };
    let names = shared.lock().dialect.redirect_names.clone();
    let request = match validate(&params, &shared.config, &names) {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    let misbehaviour = shared.lock().misbehaviour.clone();
    if let Misbehaviour::AuthorizeError(code) = misbehaviour {
        log::info!("dev provider: answering /authorize with the injected error {code:?}");
        return error_redirect(
            &request.redirect_url,
            request.state.as_deref(),
            &code,
            "Error injected by DevProvider::set_misbehaviour",
        );
    }
    consent::render(&request, &shared.config.users)
}

/// `POST /authorize`: the consent form was submitted.
pub(crate) async fn decide(body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let params = match Params::parse(&body) {
        Ok(params) => params,
        Err(e) => return error_page("Invalid request", &e.to_string()),
    };
    let names = shared.lock().dialect.redirect_names.clone();
    let request = match validate(&params, &shared.config, &names) {
        Ok(request) => request,
        Err(rejection) => return rejection.into_response(),
    };
    let state = request.state.as_deref();
    match params.get("decision") {
        Some("allow") => {}
        Some("deny") => {
            log::info!("dev provider: the user denied {}", request.client_id);
            return error_redirect(
                &request.redirect_url,
                state,
                "access_denied",
                "The user denied the request",
            );
        }
        _ => return error_page("Invalid decision", "Choose Allow or Deny."),
    }
    let Some(user) = params.get("user").and_then(|u| shared.config.user(u)) else {
        return error_page("Unknown user", "Pick one of the listed users.");
    };
    let grant = CodeGrant {
        client_id: request.client_id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        user: user.login.clone(),
        scope: request.scope.clone(),
        code_challenge: request.code_challenge.clone(),
        nonce: request.nonce.clone(),
        expires_at: Instant::now() + CODE_LIFETIME,
    };
    let code = shared.lock().issue_code(grant);
    log::info!(
        "dev provider: issued an authorization code for {} to {}",
        user.login,
        request.client_id
    );
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    redirect_with(&request.redirect_url, &pairs)
}
