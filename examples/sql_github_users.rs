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

use oauth_dance::contrib::github;
use sql_common::accounts::{self, GITHUB};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let github = github::blueprint().into_untyped();
    accounts::run("GITHUB_OAUTH_CLIENT_ID", 8080, github, &GITHUB).await
}
