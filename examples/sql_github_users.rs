//! "Log in with GitHub" that creates a local user on first login (Flask-Dance's
//! `github_logged_in`), with tokens in SQL: the `authorized` hook asks GitHub who the user is,
//! finds the local user linked to that GitHub account or creates one, logs them in, and files
//! the token under them.
//!
//! `cargo run --example sql_github_users` runs offline against the embedded dev provider, with
//! SQLite in memory; with `GITHUB_OAUTH_CLIENT_ID`/`GITHUB_OAUTH_CLIENT_SECRET` it logs in with
//! GitHub, and `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

#[macro_use]
mod sql_common;

use actix_session::{Session, SessionExt};
use actix_web::dev::Server;
use actix_web::{HttpResponse, cookie::Key, web};
use oauth_dance::contrib::github::{self, GitHubClient};
use oauth_dance::hooks::{AuthorizedEvent, AuthorizedOutcome};
use oauth_dance::sqlx::{self, SqlitePool};
use oauth_dance::storage::{self, sql::SqlStorage};
use oauth_dance::{Dance, Token, TokenModel};
use oauth_dance_dev::DevProvider;
use serde_json::Value;
use sql_common::{found, page, text};

/// The app's token table: its `user_id` references the app's `users` table.
#[derive(TokenModel)]
#[token(table = "oauth")]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    pub user_id: Option<i64>,
    pub provider_user_id: Option<String>,
    pub token: Token,
    pub created_at: i64,
}

const USERS: &str = "CREATE TABLE IF NOT EXISTS users \
    (id INTEGER PRIMARY KEY AUTOINCREMENT, login TEXT NOT NULL, name TEXT)";

/// The app on `listener`, logging in with GitHub (or `dev`).
pub async fn server(
    listener: std::net::TcpListener,
    dev: Option<&DevProvider>,
) -> Result<Server, Box<dyn std::error::Error>> {
    let (tokens, users) = sql_common::database::<OAuth>().await?;
    sqlx::raw_sql(USERS).execute(&users).await?;
    let hook = (tokens.clone(), users.clone());
    let github = offline!(github::blueprint(), dev)
        .storage(tokens)
        .on_authorized(move |event| github_logged_in(hook.clone(), event))
        .build()?;
    let dance = Dance::new(Key::generate())
        .blueprint(&github)
        .local_user(storage::session_user("user_id"));
    let server = sql_common::serve(listener, dance, vec![github], move |app| {
        app.app_data(web::Data::new(users.clone()))
            .route("/", web::get().to(index))
            .route("/logout", web::get().to(logout));
    })?;
    Ok(server)
}

/// Find the local user of this GitHub account, or create one; log them in; store the token
/// under them with the account's id. Returns `SkipStoring`: the token is stored here, as
/// Flask-Dance's handler returns `False` after saving its model.
async fn github_logged_in(
    (tokens, users): (SqlStorage<OAuth>, SqlitePool),
    event: AuthorizedEvent,
) -> AuthorizedOutcome {
    let unavailable = || AuthorizedOutcome::Respond(HttpResponse::ServiceUnavailable().finish());
    let Ok(response) = event.client.get("user").await else {
        return AuthorizedOutcome::Respond(
            HttpResponse::BadGateway().body("GitHub did not answer"),
        );
    };
    let info: Value = response.json().await.unwrap_or_default();
    let account = info["id"].to_string();
    let user_id = match tokens.account_owner("github", &account).await {
        Ok(Some(user_id)) => user_id,
        Ok(None) => match create_user(&users, &info).await {
            Ok(user_id) => user_id.to_string(),
            Err(_) => return unavailable(),
        },
        Err(_) => return unavailable(),
    };
    if event
        .request
        .get_session()
        .insert("user_id", &user_id)
        .is_err()
    {
        return unavailable();
    }
    let ctx = event
        .client
        .storage_context()
        .expect("the hook's client has storage");
    match tokens.set_account(ctx, &event.token, &account).await {
        Ok(()) => AuthorizedOutcome::SkipStoring,
        Err(_) => unavailable(),
    }
}

async fn create_user(users: &SqlitePool, info: &Value) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO users (login, name) VALUES ($1, $2) RETURNING id")
        .bind(info["login"].as_str().unwrap_or("?"))
        .bind(info["name"].as_str())
        .fetch_one(users)
        .await
}

async fn index(
    session: Session,
    users: web::Data<SqlitePool>,
    github: GitHubClient,
) -> oauth_dance::Result<HttpResponse> {
    let user_id: Option<String> = session.get("user_id").ok().flatten();
    let Some(id) = user_id.and_then(|id| id.parse::<i64>().ok()) else {
        return Ok(page(
            "<a href=\"/login/github\">Log in with GitHub</a>".into(),
        ));
    };
    let login: Option<String> = sqlx::query_scalar("SELECT login FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(users.get_ref())
        .await
        .ok()
        .flatten();
    let user: Value = github.get("user").await?.json().await?;
    Ok(page(format!(
        "Local user #{id} ({}) · @{} on GitHub · <a href=\"/logout\">Log out</a>",
        text(&login.into()),
        text(&user["login"])
    )))
}

/// Logs out of the site (the token stays, so logging in again is one click).
async fn logout(session: Session) -> HttpResponse {
    session.purge();
    found("/")
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (dev, listener) = sql_common::start(8080)?;
    Ok(server(listener, dev.as_ref()).await?.await?)
}
