//! "Log in with GitHub" that creates a local user on first login (Flask-Dance's
//! `github_logged_in`), with tokens in SQL: the `authorized` hook asks GitHub who the user is,
//! finds the local user linked to that GitHub account or creates one, logs them in, and files
//! the token under them (`examples/sql_common/accounts.rs`, which the other SQL examples that
//! create users share).
//!
//! `cargo run --example sql_github_users` runs offline against the embedded dev provider, with
//! SQLite in memory; with `GITHUB_OAUTH_CLIENT_ID`/`GITHUB_OAUTH_CLIENT_SECRET` it logs in with
//! GitHub, and `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use std::net::TcpListener;

use oauth_dance::contrib::github;
use oauth_dance_dev::DevProvider;
use sql_common::Served;
use sql_common::accounts::{self, Profile};

/// Who the user is on GitHub: `GET /user`, its `id` and `login`.
static PROFILE: Profile = Profile::new("user", "id", "login");

/// The app on `listener`, logging in with GitHub (or `dev`).
pub async fn server(listener: TcpListener, dev: Option<&DevProvider>) -> Served {
    let github = github::blueprint().endpoints(&dev);
    accounts::serve_user_creation(listener, github.into_untyped(), &PROFILE).await
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    sql_common::run("GITHUB_OAUTH_CLIENT_ID", "GitHub", 8080, server).await
}
