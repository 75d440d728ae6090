//! The hand-written consumer oauth-dance is measured against: no library, the same stack
//! (actix-web, actix-session's encrypted cookie session, a pooled reqwest client) and the same
//! safety (CSPRNG state, PKCE S256, single-use state compared in constant time, client
//! authentication with HTTP Basic). It also serves the bare login handler: a random state in a
//! signed cookie and a redirect, the least any login view can do.

use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Cookie, CookieJar, Key};
use actix_web::http::header::{LOCATION, SET_COOKIE};
use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::provider::{CLIENT_ID, CLIENT_SECRET};

pub const LOGIN: &str = "/login";
pub const API: &str = "/api";
pub const BARE_LOGIN: &str = "/bare-login";
const CALLBACK: &str = "/callback";

struct Consumer {
    http: reqwest::Client,
    /// The authorization URL up to (and without) the per-login parameters.
    authorize_prefix: String,
    token_url: String,
    user_url: String,
    redirect_uri: String,
    basic: String,
    cookie_key: Key,
}

#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    verifier: String,
}

#[derive(Serialize, Deserialize)]
struct StoredToken {
    access_token: String,
    token_type: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: String,
    state: String,
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn found(location: String) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .finish()
}

async fn login(app: web::Data<Consumer>, session: Session) -> HttpResponse {
    let (state, verifier) = (random_secret(), random_secret());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let location = format!(
        "{}&state={state}&code_challenge={challenge}&code_challenge_method=S256",
        app.authorize_prefix
    );
    if session
        .insert("pending", Pending { state, verifier })
        .is_err()
    {
        return HttpResponse::InternalServerError().finish();
    }
    found(location)
}

async fn callback(
    app: web::Data<Consumer>,
    session: Session,
    query: web::Query<CallbackQuery>,
) -> HttpResponse {
    let pending = session.remove_as::<Pending>("pending").and_then(Result::ok);
    let Some(pending) = pending else {
        return HttpResponse::Forbidden().body("no login in progress");
    };
    if !bool::from(pending.state.as_bytes().ct_eq(query.state.as_bytes())) {
        return HttpResponse::Forbidden().body("state mismatch");
    }
    let form = [
        ("grant_type", "authorization_code"),
        ("code", query.code.as_str()),
        ("redirect_uri", app.redirect_uri.as_str()),
        ("code_verifier", pending.verifier.as_str()),
    ];
    let response = app
        .http
        .post(&app.token_url)
        .header(reqwest::header::AUTHORIZATION, &app.basic)
        .form(&form)
        .send()
        .await;
    let token = match response {
        Ok(response) if response.status().is_success() => response.json::<StoredToken>().await,
        Ok(response) => {
            return HttpResponse::BadGateway()
                .body(format!("token endpoint: {}", response.status()));
        }
        Err(err) => return HttpResponse::BadGateway().body(format!("token request: {err:?}")),
    };
    match token.map(|token| session.insert("token", token)) {
        Ok(Ok(())) => found("/".to_string()),
        _ => HttpResponse::BadGateway().body("bad token response"),
    }
}

async fn api(app: web::Data<Consumer>, session: Session) -> HttpResponse {
    let Ok(Some(token)) = session.get::<StoredToken>("token") else {
        return found(LOGIN.to_string());
    };
    let response = app
        .http
        .get(&app.user_url)
        .bearer_auth(&token.access_token)
        .send()
        .await;
    match response {
        Ok(response) => match response.text().await {
            Ok(body) => HttpResponse::Ok()
                .content_type("application/json")
                .body(body),
            Err(_) => HttpResponse::BadGateway().finish(),
        },
        Err(_) => HttpResponse::BadGateway().finish(),
    }
}

async fn bare_login(app: web::Data<Consumer>) -> HttpResponse {
    let state = random_secret();
    let location = format!("{}&state={state}", app.authorize_prefix);
    let mut jar = CookieJar::new();
    jar.signed_mut(&app.cookie_key).add(
        Cookie::build("state", state)
            .path("/")
            .http_only(true)
            .finish(),
    );
    let mut response = found(location);
    for cookie in jar.delta() {
        if let Ok(value) = cookie.encoded().to_string().try_into() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn consumer(provider: &str, own_port: u16) -> Consumer {
    let redirect_uri = format!("http://127.0.0.1:{own_port}{CALLBACK}");
    let encoded: String = url::form_urlencoded::byte_serialize(redirect_uri.as_bytes()).collect();
    Consumer {
        http: reqwest::Client::new(),
        authorize_prefix: format!(
            "{provider}/authorize?response_type=code&client_id={CLIENT_ID}&redirect_uri={encoded}&scope=user"
        ),
        token_url: format!("{provider}/token"),
        user_url: format!("{provider}/user"),
        redirect_uri,
        basic: format!(
            "Basic {}",
            STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
        ),
        cookie_key: Key::generate(),
    }
}

pub fn run(workers: usize, provider: &str) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    let port = listener.local_addr()?.port();
    let app = web::Data::new(consumer(provider, port));
    let key = Key::generate();
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            let session = SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
                .cookie_secure(false)
                .build();
            App::new()
                .app_data(app.clone())
                .route(BARE_LOGIN, web::get().to(bare_login))
                .service(
                    web::scope("")
                        .wrap(session)
                        .route(LOGIN, web::get().to(login))
                        .route(CALLBACK, web::get().to(callback))
                        .route(API, web::get().to(api))
                        .route(crate::alloc::STATS, web::get().to(crate::alloc::stats)),
                )
        })
        .workers(workers)
        .keep_alive(crate::process::KEEP_ALIVE)
        .listen(listener)?;
        crate::process::announce(port);
        server.run().await
    })
}
