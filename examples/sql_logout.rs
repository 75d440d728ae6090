//! A logout that deletes the token from storage (Flask-Dance's `del blueprint.token`): log in
//! with GitHub, the token is stored in SQL under the local user; "Log out" deletes that row and
//! ends the session, so the next login asks the provider again.
//!
//! `cargo run --example sql_logout` runs offline against the embedded dev provider with SQLite
//! in memory; with `GITHUB_OAUTH_CLIENT_ID`/`_SECRET` it logs in with GitHub.

mod sql_common;

use actix_session::{Session, SessionExt};
use actix_web::dev::Server;
use actix_web::{HttpResponse, cookie::Key, web};
use oauth_dance::Dance;
use oauth_dance::contrib::github::{self, GitHubClient};
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::sqlx::{self, SqlitePool};
use oauth_dance::storage::{self, sql::OAuthToken};
use oauth_dance_dev::DevProvider;
use serde_json::Value;
use sql_common::{found, page, text};

/// The app on `listener`, logging in with GitHub (or `dev`).
pub async fn server(
    listener: std::net::TcpListener,
    dev: Option<&DevProvider>,
) -> Result<Server, Box<dyn std::error::Error>> {
    let (tokens, db) = sql_common::database::<OAuthToken>().await?;
    let github = github::blueprint()
        .endpoints(&dev)
        .storage(tokens)
        // The local user is the GitHub login (a site without accounts of its own).
        .on_authorized(|event| async move {
            let Ok(response) = event.client.get("user").await else {
                return AuthorizedOutcome::SkipStoring;
            };
            let user: Value = response.json().await.unwrap_or_default();
            let login = user["login"].as_str().unwrap_or_default().to_string();
            match event.request.get_session().insert("user", login) {
                Ok(()) => AuthorizedOutcome::Continue,
                Err(_) => AuthorizedOutcome::SkipStoring,
            }
        })
        .build()?;
    let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
    let dance = Dance::new(key)
        .blueprint(&github)
        .local_user(storage::session_user("user"));
    let server = sql_common::serve(listener, dance, vec![github], move |app| {
        app.app_data(web::Data::new(db.clone()))
            .route("/", web::get().to(index))
            .route("/logout", web::get().to(logout));
    })?;
    Ok(server)
}

async fn index(
    github: GitHubClient,
    db: web::Data<SqlitePool>,
) -> oauth_dance::Result<HttpResponse> {
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oauth_dance_token")
        .fetch_one(db.get_ref())
        .await
        .unwrap_or(-1);
    let stored = format!("<p>Tokens in the database: {stored}</p>");
    if !github.authorized().await? {
        return Ok(page(format!(
            "{stored}<a href=\"/login/github\">Log in with GitHub</a>"
        )));
    }
    let user: Value = github.get("user").await?.json().await?;
    Ok(page(format!(
        "{stored}You are @{} on GitHub · <a href=\"/logout\">Log out</a>",
        text(&user["login"])
    )))
}

/// Deletes the token from storage, then ends the session.
async fn logout(github: GitHubClient, session: Session) -> oauth_dance::Result<HttpResponse> {
    github.delete_token().await?;
    session.purge();
    Ok(found("/"))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (dev, listener) = sql_common::start("GITHUB_OAUTH_CLIENT_ID", "GitHub", 8082)?;
    Ok(server(listener, dev.as_ref()).await?.await?)
}
