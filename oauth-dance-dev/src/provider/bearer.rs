//! How API requests prove who they are: an access token in the `Authorization` header (any
//! scheme: `Bearer`, `token`, `Zoho-oauthtoken`, ...), in the dialect's API token header (see
//! [`Dialect`](super::Dialect)), or as an `access_token` / `token` query parameter or form
//! field.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};

use super::form::Params;
use super::record::ReceivedRequest;
use super::state::{Shared, TokenGrant};

/// The token the request carries, wherever it is.
pub(crate) fn presented_token(req: &HttpRequest, body: &[u8]) -> Option<String> {
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?.trim();
        // `<scheme> <token>`, or a bare token.
        let token = value.split_once(' ').map_or(value, |(_, t)| t.trim());
        return Some(token.to_owned()).filter(|t| !t.is_empty());
    }
    let from = |params: Params| {
        params
            .get("access_token")
            .or_else(|| params.get("token"))
            .map(str::to_owned)
    };
    if let Some(token) = Params::parse(req.query_string().as_bytes())
        .ok()
        .and_then(from)
    {
        return Some(token);
    }
    if req
        .content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    {
        return Params::parse(body).ok().and_then(from);
    }
    None
}

/// The live grant behind the request's token, if any.
pub(crate) fn authorize(req: &HttpRequest, body: &[u8], shared: &Shared) -> Option<TokenGrant> {
    let header = shared.lock().dialect.api_token_header.clone();
    let in_header = header.and_then(|name| req.headers().get(name.as_str())?.to_str().ok());
    let token = in_header
        .map(str::to_owned)
        .or_else(|| presented_token(req, body));
    token.and_then(|token| shared.lock().access_grant(&token))
}

/// Records an API request, then checks its token (`None`: answer with [`unauthorized`]).
pub(crate) fn record_and_authorize(
    req: &HttpRequest,
    body: &[u8],
    shared: &Shared,
) -> Option<TokenGrant> {
    shared.lock().record(ReceivedRequest::capture(req, body));
    authorize(req, body, shared)
}

/// `401 {"message":"Bad credentials"}` with `WWW-Authenticate: Bearer`.
pub(crate) fn unauthorized() -> HttpResponse {
    HttpResponse::Unauthorized()
        .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
        .json(serde_json::json!({"message": "Bad credentials"}))
}
