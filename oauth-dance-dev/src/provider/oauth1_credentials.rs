//! The OAuth 1 credentials endpoints: `POST /oauth1/request_token` (RFC 5849 §2.1) and
//! `POST /oauth1/access_token` (§2.3), with the injected faults of `/token`.

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use subtle::ConstantTimeEq;

use super::behaviour::Misbehaviour;
use super::oauth1_signed::{Problem, TokenKind, Verified, verify};
use super::record::ReceivedRequest;
use super::state::Shared;

/// `POST /oauth1/request_token`: a request token for the signed `oauth_callback`.
pub(crate) async fn request_token(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    answer(&req, &body, &shared, TokenKind::None, issue_request_token).await
}

/// `POST /oauth1/access_token`: the access token for an authorized request token and its
/// verifier. A request token gets one exchange, right or wrong.
pub(crate) async fn access_token(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    answer(&req, &body, &shared, TokenKind::Request, issue_access_token).await
}

/// Records, injects the fault, verifies the request (signed with a `kind` token), then answers.
async fn answer(
    req: &HttpRequest,
    body: &[u8],
    shared: &Shared,
    kind: TokenKind,
    issue: fn(&Verified, &Shared) -> HttpResponse,
) -> HttpResponse {
    if let Some(answer) = refuse_early(req, body, shared).await {
        return answer;
    }
    match verify(req, body, shared, kind) {
        Ok(verified) => issue(&verified, shared),
        Err(problem) => problem.response(),
    }
}

fn issue_request_token(verified: &Verified, shared: &Shared) -> HttpResponse {
    let Some(callback) = verified.param("oauth_callback") else {
        return Problem::new(
            StatusCode::BAD_REQUEST,
            "parameter_absent",
            "oauth_callback",
        )
        .response();
    };
    let issued = shared.lock().oauth1.issue_request_token(callback);
    log::info!("dev provider: issued an OAuth 1 request token");
    credentials(&[
        ("oauth_token", &issued.token),
        ("oauth_token_secret", &issued.secret),
        ("oauth_callback_confirmed", "true"),
    ])
}

fn issue_access_token(verified: &Verified, shared: &Shared) -> HttpResponse {
    let token = verified.param("oauth_token").unwrap_or_default();
    let verifier = verified.param("oauth_verifier").unwrap_or_default();
    let mut state = shared.lock();
    let authorized = state
        .oauth1
        .take_request_token(token)
        .and_then(|r| r.authorized);
    let Some((user, expected)) = authorized else {
        return Problem::unauthorized("permission_unknown", "the request token was not authorized")
            .response();
    };
    if !bool::from(expected.as_bytes().ct_eq(verifier.as_bytes())) {
        return Problem::unauthorized("verifier_invalid", "wrong oauth_verifier").response();
    }
    let issued = state.oauth1.issue_access_token(&user);
    drop(state);
    log::info!("dev provider: issued an OAuth 1 access token for {user}");
    let id = shared.config.user(&user).map_or(0, |u| u.id).to_string();
    credentials(&[
        ("oauth_token", &issued.token),
        ("oauth_token_secret", &issued.secret),
        ("user_id", &id),
        ("screen_name", &user),
    ])
}

/// Records the request; answers a method other than POST, or the injected fault.
async fn refuse_early(req: &HttpRequest, body: &[u8], shared: &Shared) -> Option<HttpResponse> {
    let misbehaviour = {
        let mut state = shared.lock();
        state.record(ReceivedRequest::capture(req, body));
        state.misbehaviour.clone()
    };
    if req.method() != Method::POST {
        return Some(
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "parameter_rejected",
                "use POST",
            )
            .response(),
        );
    }
    match misbehaviour {
        Misbehaviour::TokenEndpointStatus(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(
                Problem::new(
                    status,
                    "server_error",
                    "injected by DevProvider::set_misbehaviour",
                )
                .response(),
            )
        }
        Misbehaviour::TokenEndpointSlow(delay) => {
            actix_web::rt::time::sleep(delay).await;
            None
        }
        Misbehaviour::TokenEndpointGarbage => Some(
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body("<html>oops</html>"),
        ),
        Misbehaviour::TokenEndpointError(code) => Some(
            HttpResponse::Unauthorized()
                .content_type("application/x-www-form-urlencoded")
                .body(format!(
                    "oauth_problem={}",
                    url::form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>()
                )),
        ),
        _ => None,
    }
}

/// A form-encoded credentials answer, never cached.
fn credentials(pairs: &[(&str, &str)]) -> HttpResponse {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .content_type("application/x-www-form-urlencoded")
        .body(body)
}
