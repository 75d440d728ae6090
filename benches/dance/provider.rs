//! The fast provider both consumers dance with: stateless, but strict where it matters to the
//! comparison. Its code carries the user and the PKCE challenge, so the token endpoint checks
//! the verifier (both consumers must really do PKCE) and client authentication, and each token
//! names its user, so the API answer shows whose token the app sent (a cross-user mix-up shows).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use actix_web::http::header::{AUTHORIZATION, LOCATION};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "bench-client";
pub const CLIENT_SECRET: &str = "bench-secret";

#[derive(Deserialize)]
struct AuthorizeQuery {
    redirect_uri: String,
    state: String,
    code_challenge: String,
    code_challenge_method: String,
    /// Added by the driver: who logs in.
    bench_user: u64,
}

async fn authorize(query: web::Query<AuthorizeQuery>) -> HttpResponse {
    if query.code_challenge_method != "S256" {
        return HttpResponse::BadRequest().body("PKCE S256 required");
    }
    let location = format!(
        "{}?code={}.{}&state={}",
        query.redirect_uri, query.bench_user, query.code_challenge, query.state
    );
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .finish()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    code_verifier: String,
    redirect_uri: String,
}

static ISSUED: AtomicU64 = AtomicU64::new(0);

async fn token(req: HttpRequest, form: web::Form<TokenForm>) -> HttpResponse {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let authenticated = req
        .headers()
        .get(AUTHORIZATION)
        .is_some_and(|h| h.as_bytes() == expected.as_bytes());
    let Some((user, challenge)) = form.code.split_once('.') else {
        return invalid_grant();
    };
    let verified =
        URL_SAFE_NO_PAD.encode(Sha256::digest(form.code_verifier.as_bytes())) == challenge;
    if !authenticated
        || !verified
        || form.grant_type != "authorization_code"
        || form.redirect_uri.is_empty()
    {
        return invalid_grant();
    }
    let serial = ISSUED.fetch_add(1, Relaxed);
    HttpResponse::Ok()
        .content_type("application/json")
        .body(format!(
            r#"{{"access_token":"at-{user}-{serial}","token_type":"bearer","scope":"user"}}"#
        ))
}

fn invalid_grant() -> HttpResponse {
    HttpResponse::BadRequest()
        .content_type("application/json")
        .body(r#"{"error":"invalid_grant"}"#)
}

async fn user(req: HttpRequest) -> HttpResponse {
    let user = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer at-"))
        .and_then(|t| t.split_once('-'))
        .map(|(user, _)| user.to_string());
    match user {
        Some(user) => HttpResponse::Ok()
            .content_type("application/json")
            .body(format!(r#"{{"login":"user-{user}"}}"#)),
        None => HttpResponse::Unauthorized().finish(),
    }
}

pub fn run(workers: usize) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(|| {
            App::new()
                .route("/authorize", web::get().to(authorize))
                .route("/token", web::post().to(token))
                .route("/user", web::get().to(user))
        })
        .workers(workers)
        .keep_alive(crate::process::KEEP_ALIVE)
        .bind(("127.0.0.1", 0))?;
        crate::process::announce(server.addrs()[0].port());
        server.run().await
    })
}
