//! The API as OAuth 1 clients see it, under `/oauth1/api/`: every call is signed with an access
//! token (verified like the credentials requests, nonce included).

use actix_web::{HttpRequest, HttpResponse, web};

use super::oauth1_signed::{Problem, TokenKind, Verified, verify};
use super::record::ReceivedRequest;
use super::state::Shared;
use super::users::DevUser;

/// Records the call and verifies it; `Err` is the refusal to send.
fn signed(req: &HttpRequest, body: &[u8], shared: &Shared) -> Result<Verified, Problem> {
    shared.lock().record(ReceivedRequest::capture(req, body));
    verify(req, body, shared, TokenKind::Access)
}

/// The user the call's access token was issued for.
fn signed_user(req: &HttpRequest, body: &[u8], shared: &Shared) -> Result<DevUser, Problem> {
    let verified = signed(req, body, shared)?;
    let token = verified.param("oauth_token").unwrap_or_default();
    let login = shared
        .lock()
        .oauth1
        .access_token(token)
        .map(|a| a.user.clone());
    login
        .and_then(|l| shared.config.user(&l).cloned())
        .ok_or_else(|| Problem::unauthorized("token_revoked", "the token's user is gone"))
}

/// `/oauth1/api/user`: `{"login","id","name","email"}` of the access token's user.
pub(crate) async fn user(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    match signed_user(&req, &body, &shared) {
        Ok(user) => HttpResponse::Ok().json(user),
        Err(problem) => problem.response(),
    }
}

/// `/oauth1/api/account/verify_credentials.json`, as Twitter's v1.1 API answers it
/// (`id`, `id_str`, `screen_name`, `name`), so Twitter's quickstart runs unchanged.
pub(crate) async fn verify_credentials(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    match signed_user(&req, &body, &shared) {
        Ok(user) => HttpResponse::Ok().json(serde_json::json!({
            "id": user.id, "id_str": user.id.to_string(), "screen_name": user.login, "name": user.name,
        })),
        Err(problem) => problem.response(),
    }
}

/// `/oauth1/api/echo`: the verified protocol parameters (`oauth`, signature left out), and the
/// request as received (`method`, `path`, `query`, `headers` as name/value pairs, `body`).
pub(crate) async fn echo(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let verified = match signed(&req, &body, &shared) {
        Ok(verified) => verified,
        Err(problem) => return problem.response(),
    };
    let oauth: serde_json::Map<String, serde_json::Value> = verified
        .oauth
        .into_iter()
        .filter(|(name, _)| name != "oauth_signature")
        .map(|(name, value)| (name, value.into()))
        .collect();
    let ReceivedRequest {
        method,
        path,
        query,
        headers,
        body,
    } = ReceivedRequest::capture(&req, &body);
    HttpResponse::Ok().json(serde_json::json!({
        "oauth": oauth, "method": method, "path": path, "query": query, "headers": headers, "body": body,
    }))
}
