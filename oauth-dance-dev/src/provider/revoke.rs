//! The revocation endpoint, `POST /revoke` (RFC 7009): the client authenticates as at `/token`
//! and names a `token`; revoking a refresh token also revokes the access token issued with it
//! (§2.1). An unknown token is no error (§2.2).

use actix_web::http::Method;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use super::client_auth::authenticate;
use super::error::OAuthError;
use super::form::Params;
use super::record::ReceivedRequest;
use super::state::Shared;

/// `/revoke` (any method is recorded; only `POST` is served).
pub(crate) async fn revoke(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    shared.lock().record(ReceivedRequest::capture(&req, &body));
    if req.method() != Method::POST {
        return HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "POST"))
            .finish();
    }
    match revoke_named(&req, &body, &shared) {
        Ok(()) => HttpResponse::Ok().finish(),
        Err(e) => e.response(),
    }
}

fn revoke_named(req: &HttpRequest, body: &[u8], shared: &Shared) -> Result<(), OAuthError> {
    if !req
        .content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    {
        return Err(OAuthError::invalid_request(
            "the request body must be application/x-www-form-urlencoded",
        ));
    }
    let params = Params::parse(body).map_err(|e| OAuthError::invalid_request(e.to_string()))?;
    authenticate(req, &params, &shared.config)?;
    let token = params
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
    match params.get("token_type_hint") {
        None | Some("access_token" | "refresh_token") => {}
        Some(_) => {
            return Err(OAuthError::bad_request(
                "unsupported_token_type",
                "token_type_hint must be access_token or refresh_token",
            ));
        }
    }
    if shared.lock().revoke(token) {
        log::info!("dev provider: revoked a token");
    }
    Ok(())
}
