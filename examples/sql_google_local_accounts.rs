//! Local accounts with passwords, and Google logins linked to them (the seed's Flask-Security
//! example): register with a name and a password (hashed with Argon2id, never logged), sign in
//! with them, then link your Google account; from then on "Log in with Google" signs you in to
//! that same local account. Tokens are kept in SQL under the local user. A Google account that no
//! local account has linked is refused: this site makes accounts by registration only (user
//! association, where `sql_google` does user creation). The forms carry no CSRF token, to keep
//! the example short: a real site adds one (the session cookie's `SameSite=Lax` keeps other
//! sites from posting with it, but not from signing a visitor in to an account of theirs).
//!
//! `cargo run --example sql_google_local_accounts` runs offline against the embedded dev
//! provider, with SQLite in memory; with `GOOGLE_OAUTH_CLIENT_ID`/`GOOGLE_OAUTH_CLIENT_SECRET` it
//! links Google (register `http://127.0.0.1:8087/login/google/authorized` as a redirect URI), and
//! `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use std::net::TcpListener;
use std::sync::LazyLock;

use actix_session::{Session, SessionExt};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, cookie::Key, web};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use oauth_dance::contrib::google;
use oauth_dance::hooks::{AuthorizedEvent, AuthorizedOutcome};
use oauth_dance::sqlx;
use oauth_dance::{Client, Dance, storage};
use oauth_dance_dev::DevProvider;
use serde::Deserialize;
use sql_common::accounts::{self, Accounts, GOOGLE, USER_KEY, current_user, refuse};
use sql_common::{Served, found, page, text};

/// The app on `listener`, linking Google (or `dev`) to local accounts.
pub async fn server(listener: TcpListener, dev: Option<&DevProvider>) -> Served {
    let accounts = Accounts::open().await?;
    let hook = accounts.clone();
    let google = google::blueprint()
        .scope(["https://www.googleapis.com/auth/userinfo.email"])
        .endpoints(&dev)
        .storage(accounts.tokens.clone())
        .on_authorized(move |event| link_or_log_in(hook.clone(), event))
        .build()?;
    let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
    let dance = Dance::new(key)
        .blueprint(&google)
        .local_user(storage::session_user(USER_KEY));
    let data = web::Data::new(accounts);
    let server = sql_common::serve(listener, dance, vec![google], move |app| {
        app.app_data(data.clone())
            .route("/", web::get().to(home))
            .route("/register", web::post().to(register))
            .route("/signin", web::post().to(sign_in))
            .route("/logout", web::get().to(log_out));
    })?;
    Ok(server)
}

/// After Google's consent: signed in locally, the Google account is linked to this local
/// account; signed out, the local account it is linked to is signed in. Either way the token is
/// filed under the local user (`SkipStoring`: stored here).
async fn link_or_log_in(accounts: Accounts, event: AuthorizedEvent) -> AuthorizedOutcome {
    let unavailable = || refuse(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment.");
    let Some(account) = GOOGLE.account(&event.client).await else {
        return refuse(StatusCode::BAD_GATEWAY, "Google did not say who you are.");
    };
    let owner = match accounts.owner(&event, &account).await {
        Ok(owner) => owner,
        Err(_) => return unavailable(),
    };
    let signed_in = current_user(&event.request.get_session());
    let user = match (signed_in, owner) {
        (Some(me), Some(owner)) if me != owner => {
            return refuse(
                StatusCode::CONFLICT,
                "This Google account is linked to another local account.",
            );
        }
        (Some(me), _) => me,
        (None, Some(owner)) => owner,
        (None, None) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "No local account is linked to this Google account: sign in with your name and \
                 password first, then link Google.",
            );
        }
    };
    if !accounts::log_in(&event.request, &user) {
        return unavailable();
    }
    match accounts.link(&event, &account).await {
        Ok(()) => AuthorizedOutcome::SkipStoring,
        Err(_) => unavailable(),
    }
}

/// The home page: the local account and its Google link; signed out, the forms and the Google
/// login.
async fn home(
    session: Session,
    accounts: web::Data<Accounts>,
) -> oauth_dance::Result<HttpResponse> {
    let Some(user) = current_user(&session) else {
        return Ok(page(SIGNED_OUT.into()));
    };
    let name = accounts.name_of(&user).await.unwrap_or_default();
    let google = Client::current("google")?;
    let linked = match google.authorized().await? {
        true => match GOOGLE.account(&google).await {
            Some(account) => format!("Google: {}", text(&account.name.into())),
            None => "Google: ?".to_string(),
        },
        false => "<a href=\"/login/google\">Link Google</a>".to_string(),
    };
    Ok(page(format!(
        "Signed in as {} · {linked} · <a href=\"/logout\">Log out</a>",
        text(&name.into())
    )))
}

const SIGNED_OUT: &str = "\
    <form method=\"post\" action=\"/signin\">Name <input name=\"name\"> \
    Password <input name=\"password\" type=\"password\"> <button>Sign in</button></form>\
    <form method=\"post\" action=\"/register\">Name <input name=\"name\"> \
    Password <input name=\"password\" type=\"password\"> <button>Register</button></form>\
    <a href=\"/login/google\">Log in with Google</a> (once linked to your account)";

/// A name and a password, as the forms send them. No `Debug`: the password is never printed.
#[derive(Deserialize)]
struct Credentials {
    name: String,
    password: String,
}

impl Credentials {
    /// The name, or why the form cannot be used (a sentence for the user).
    fn checked(&self) -> Result<&str, &'static str> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err("A name has 1 to 64 characters.");
        }
        if self.password.chars().count() < 8 || self.password.len() > 1024 {
            return Err("A password has at least 8 characters (and at most 1024 bytes).");
        }
        Ok(name)
    }
}

/// Creates a local account with a password and signs it in.
async fn register(
    request: HttpRequest,
    accounts: web::Data<Accounts>,
    form: web::Form<Credentials>,
) -> HttpResponse {
    let name = match form.checked() {
        Ok(name) => name.to_string(),
        Err(why) => return message(StatusCode::BAD_REQUEST, why),
    };
    let Some(hash) = hash_password(form.into_inner().password).await else {
        return message(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment.");
    };
    match accounts.create_user(&name, Some(&hash)).await {
        Ok(id) if accounts::log_in(&request, &id.to_string()) => found("/"),
        Ok(_) => message(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment."),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            message(StatusCode::CONFLICT, "That name is taken.")
        }
        Err(_) => message(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment."),
    }
}

/// Signs in with a name and a password; a wrong name and a wrong password get the same answer.
async fn sign_in(
    request: HttpRequest,
    accounts: web::Data<Accounts>,
    form: web::Form<Credentials>,
) -> HttpResponse {
    let row: Option<(i64, String)> = match sqlx::query_as(
        "SELECT id, password_hash FROM users WHERE name = $1 AND password_hash IS NOT NULL",
    )
    .bind(form.name.trim())
    .fetch_optional(&accounts.users)
    .await
    {
        Ok(row) => row,
        Err(_) => return message(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment."),
    };
    let Credentials { password, .. } = form.into_inner();
    let (id, hash) = row.unzip();
    let matches = check_password(password, hash).await;
    match id {
        Some(id) if matches && accounts::log_in(&request, &id.to_string()) => found("/"),
        _ => message(StatusCode::UNAUTHORIZED, "Wrong name or password."),
    }
}

/// Signs out of the local account (the Google token stays linked to it).
async fn log_out(session: Session) -> HttpResponse {
    session.purge();
    found("/")
}

fn message(status: StatusCode, text: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(format!("<p>{text}</p><a href=\"/\">Back</a>"))
}

/// `password` hashed with Argon2id (a random salt, the crate's default cost), off the request
/// threads: hashing takes tens of milliseconds by design.
async fn hash_password(password: String) -> Option<String> {
    web::block(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .ok()?
    .ok()
}

/// A hash no password matches, checked when the name is unknown so that an unknown name takes as
/// long to refuse as a wrong password.
static NO_USER: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"no user has this password")
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

/// Whether `password` matches `hash` (the unknown name's stand-in when there is none).
async fn check_password(password: String, hash: Option<String>) -> bool {
    let result = web::block(move || {
        let unknown = hash.is_none();
        let hash = hash.unwrap_or_else(|| NO_USER.clone());
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        matches && !unknown
    })
    .await;
    result.unwrap_or(false)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    sql_common::run("GOOGLE_OAUTH_CLIENT_ID", "Google", 8087, server).await
}
