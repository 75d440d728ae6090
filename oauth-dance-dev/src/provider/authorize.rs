//! The authorization endpoint: `GET /authorize` shows the consent page, `POST /authorize`
//! takes the decision and redirects back with a code or `error=access_denied`.

use std::time::Instant;

use actix_web::{HttpRequest, HttpResponse, web};

use super::authorize_request::{error_redirect, validate};
use super::behaviour::Misbehaviour;
use super::consent;
use super::form::Params;
use super::form_post::{self, ResponseMode};
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
            let mut pairs = vec![
                ("error", "access_denied"),
                ("error_description", "The user denied the request"),
            ];
            pairs.extend(state.map(|state| ("state", state)));
            return form_post::respond(&request, &pairs);
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
    let (code, first_naming) = {
        let mut state = shared.lock();
        let asks_name = request.response_mode == ResponseMode::FormPost
            && request.scope.split(' ').any(|s| s == "name");
        let first_naming = asks_name && state.first_naming(&user.login);
        (state.issue_code(grant), first_naming)
    };
    log::info!(
        "dev provider: issued an authorization code for {} to {}",
        user.login,
        request.client_id
    );
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    let user_field = first_naming.then(|| form_post::user_field(user));
    pairs.extend(user_field.as_deref().map(|field| ("user", field)));
    form_post::respond(&request, &pairs)
}
