//! RP-initiated logout, `GET /logout` (OpenID Connect RP-Initiated Logout 1.0 §2): the relying
//! party sends the user here with the `id_token_hint` of their login (a token this provider
//! signed for its client), a `post_logout_redirect_uri` and a `state`; the provider answers by
//! sending the user back there with the `state`, or with a "logged out" page without a
//! redirect URI. Every request is recorded.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use url::Url;

use super::form::Params;
use super::html::{error_page, html_response, page};
use super::record::ReceivedRequest;
use super::state::Shared;

/// `GET /logout`.
pub(crate) async fn end_session(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    shared.lock().record(ReceivedRequest::capture(&req, &[]));
    let Ok(params) = Params::parse(req.query_string().as_bytes()) else {
        return error_page("Invalid logout request", "The query cannot be read.");
    };
    match redirect_after_logout(&params, &shared) {
        Ok(Some(url)) => HttpResponse::Found()
            .insert_header((header::LOCATION, url.to_string()))
            .finish(),
        Ok(None) => html_response(
            StatusCode::OK,
            page(
                "Logged out",
                "<p>You are logged out of the dev provider.</p>",
            ),
        ),
        Err(message) => error_page("Invalid logout request", message),
    }
}

/// Where the user goes after logging out (§3: the `post_logout_redirect_uri`, with `state`),
/// once the hint and the client are checked.
fn redirect_after_logout(params: &Params, shared: &Shared) -> Result<Option<Url>, &'static str> {
    let client_id = &shared.config.client_id;
    if let Some(hint) = params.get("id_token_hint") {
        let claims = shared.lock().signing_keys.verify(hint);
        let claims = claims.ok_or("The id_token_hint is not an ID token this provider signed.")?;
        if claims["aud"].as_str() != Some(client_id.as_str()) {
            return Err("The id_token_hint was issued to another client.");
        }
    }
    if params.get("client_id").is_some_and(|id| id != client_id) {
        return Err("The client_id is not the registered client.");
    }
    let Some(redirect) = params.get("post_logout_redirect_uri") else {
        return Ok(None);
    };
    if params.get("id_token_hint").is_none() && params.get("client_id").is_none() {
        return Err("A post_logout_redirect_uri needs an id_token_hint or a client_id (§3).");
    }
    let mut url = Url::parse(redirect)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or("The post_logout_redirect_uri is not an absolute http(s) URL.")?;
    if let Some(state) = params.get("state") {
        url.query_pairs_mut().append_pair("state", state);
    }
    Ok(Some(url))
}
