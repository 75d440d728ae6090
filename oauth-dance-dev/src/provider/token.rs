//! The token endpoint, `POST /token`: the `authorization_code` and `refresh_token` grants
//! (RFC 6749 §4.1.3, §6) with PKCE (RFC 7636 §4.6), plus the injected faults.

use actix_web::http::header::{self, CacheDirective};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use super::behaviour::Misbehaviour;
use super::client_auth::authenticate;
use super::error::OAuthError;
use super::form::Params;
use super::oidc;
use super::pkce::verify_s256;
use super::record::ReceivedRequest;
use super::state::{CodeGrant, CodeUse, Config, Issued, Shared};

/// `/token` (any method is recorded; only `POST` is served).
pub(crate) async fn token(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let misbehaviour = {
        let mut state = shared.lock();
        state.record(ReceivedRequest::capture(&req, &body));
        state.misbehaviour.clone()
    };
    if req.method() != Method::POST {
        return HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "POST"))
            .json(
                serde_json::json!({"error": "invalid_request", "error_description": "use POST"}),
            );
    }
    match misbehaviour {
        Misbehaviour::TokenEndpointStatus(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return HttpResponse::build(status).json(serde_json::json!({"error": "server_error"}));
        }
        Misbehaviour::TokenEndpointSlow(delay) => actix_web::rt::time::sleep(delay).await,
        Misbehaviour::TokenEndpointGarbage => {
            return HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body("<html>oops</html>");
        }
        Misbehaviour::TokenEndpointError(code) => {
            return HttpResponse::BadRequest().json(serde_json::json!({ "error": code }));
        }
        Misbehaviour::TokenEndpointBody(body) => return HttpResponse::Ok().json(body),
        Misbehaviour::None
        | Misbehaviour::AuthorizeError(_)
        | Misbehaviour::TokenEndpointLargeToken(_)
        | Misbehaviour::IdToken(_)
        | Misbehaviour::Discovery(_) => {}
    }
    exchange(&req, &body, &shared).unwrap_or_else(|e| {
        log::info!(
            "dev provider: /token refused: {} {:?}",
            e.code,
            e.description
        );
        e.response()
    })
}

/// Authenticates the client and runs the grant.
fn exchange(req: &HttpRequest, body: &[u8], shared: &Shared) -> Result<HttpResponse, OAuthError> {
    let form = "application/x-www-form-urlencoded";
    if !req.content_type().eq_ignore_ascii_case(form) {
        return Err(OAuthError::invalid_request(format!(
            "the request body must be {form}"
        )));
    }
    let params = Params::parse(body).map_err(|e| OAuthError::invalid_request(e.to_string()))?;
    authenticate(req, &params, &shared.config)?;
    match params.get("grant_type") {
        None => Err(OAuthError::invalid_request("grant_type is missing")),
        Some("authorization_code") => authorization_code(req, &params, shared),
        Some("refresh_token") => refresh_token(req, &params, shared),
        Some(other) => Err(OAuthError::bad_request(
            "unsupported_grant_type",
            format!("grant_type {other:?} is not supported"),
        )),
    }
}

/// `grant_type=authorization_code`.
fn authorization_code(
    req: &HttpRequest,
    params: &Params,
    shared: &Shared,
) -> Result<HttpResponse, OAuthError> {
    let config = &shared.config;
    let code = params
        .get("code")
        .ok_or_else(|| OAuthError::invalid_request("code is missing"))?;
    let mut state = shared.lock();
    let grant = match state.use_code(code) {
        CodeUse::Fresh(grant) => grant,
        CodeUse::Invalid => {
            return Err(OAuthError::invalid_grant(
                "The authorization code is invalid or expired",
            ));
        }
        CodeUse::Replayed => {
            return Err(OAuthError::invalid_grant(
                "The authorization code was already used; the tokens issued from it are revoked",
            ));
        }
    };
    check_exchange(&grant, params, config)?;
    let issued = state.issue_tokens(
        &grant.client_id,
        &grant.user,
        &grant.scope,
        config.token_lifetime,
    );
    state.link_code(code, &issued);
    drop(state);
    log::info!(
        "dev provider: issued tokens for {} to {}",
        grant.user,
        grant.client_id
    );
    let mut body = response_body(&issued, &grant.scope, shared);
    let nonce = grant.nonce.as_deref();
    add_id_token(&mut body, req, shared, &grant.user, &grant.scope, nonce);
    Ok(success(body, shared))
}

/// The ID token of `login`'s tokens, when `scope` has `openid`.
fn add_id_token(
    body: &mut serde_json::Value,
    req: &HttpRequest,
    shared: &Shared,
    login: &str,
    scope: &str,
    nonce: Option<&str>,
) {
    let user = shared.config.user(login);
    if let Some(user) = user.filter(|_| scope.split(' ').any(|s| s == "openid")) {
        let issuer = oidc::issuer(req);
        body["id_token"] = oidc::id_token(shared, &issuer, user, nonce).into();
    }
}

/// What the exchange must repeat of the authorization request: the client, the redirect URI, and
/// the PKCE verifier of the challenge it sent.
fn check_exchange(grant: &CodeGrant, params: &Params, config: &Config) -> Result<(), OAuthError> {
    if grant.client_id != config.client_id {
        return Err(OAuthError::invalid_grant(
            "The authorization code was issued to another client",
        ));
    }
    if params.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the one sent to /authorize",
        ));
    }
    let verifier = params.get("code_verifier");
    let pkce_ok = match (&grant.code_challenge, verifier) {
        (Some(challenge), Some(verifier)) => verify_s256(verifier, challenge),
        (Some(_), None) => false,
        // A verifier without a challenge is a downgrade attempt (OAuth 2.1 §4.1.3).
        (None, Some(_)) => false,
        (None, None) => true,
    };
    if pkce_ok {
        Ok(())
    } else {
        Err(OAuthError::invalid_grant("PKCE verification failed"))
    }
}

/// `grant_type=refresh_token`: a new access token, unless rotation is off a rotated refresh
/// token, and for an `openid` grant a new ID token (without a nonce: OpenID Connect Core §12.2).
fn refresh_token(
    req: &HttpRequest,
    params: &Params,
    shared: &Shared,
) -> Result<HttpResponse, OAuthError> {
    let config = &shared.config;
    let refresh = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing"))?;
    let mut state = shared.lock();
    let grant = state
        .refresh_grant(refresh)
        .filter(|g| g.client_id == config.client_id)
        .ok_or_else(|| OAuthError::invalid_grant("The refresh token is invalid or expired"))?;
    let scope = match params.get("scope") {
        None => grant.scope.clone(),
        Some(requested) => {
            let granted: Vec<&str> = grant.scope.split(' ').collect();
            if !requested.split_whitespace().all(|s| granted.contains(&s)) {
                return Err(OAuthError::bad_request(
                    "invalid_scope",
                    "The requested scope exceeds the one originally granted",
                ));
            }
            requested.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    if config.rotate_refresh_tokens {
        state.revoke_refresh(refresh);
    }
    let issued = state.issue_tokens(&grant.client_id, &grant.user, &scope, config.token_lifetime);
    drop(state);
    log::info!(
        "dev provider: refreshed tokens for {} to {}",
        grant.user,
        grant.client_id
    );
    let mut body = response_body(&issued, &scope, shared);
    if !config.rotate_refresh_tokens {
        // The new pair's refresh token is never handed out: the old one stays the client's.
        body.as_object_mut().map(|b| b.remove("refresh_token"));
    }
    add_id_token(&mut body, req, shared, &grant.user, &scope, None);
    Ok(success(body, shared))
}

/// The successful token response (RFC 6749 §5.1), in the dialect's shape.
fn success(body: serde_json::Value, shared: &Shared) -> HttpResponse {
    let body = shared.lock().dialect.token_shape.write(body);
    HttpResponse::Ok()
        .insert_header(header::CacheControl(vec![CacheDirective::NoStore]))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(body)
}

/// The JSON of a successful token response.
pub(crate) fn response_body(issued: &Issued, scope: &str, shared: &Shared) -> serde_json::Value {
    let mut body = serde_json::json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": shared.config.token_lifetime.as_secs(),
        "refresh_token": issued.refresh_token,
        "scope": scope,
    });
    if let Misbehaviour::TokenEndpointLargeToken(bytes) = shared.lock().misbehaviour {
        body["id_token"] = serde_json::Value::String("x".repeat(bytes));
    }
    body
}
