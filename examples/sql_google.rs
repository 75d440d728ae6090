//! "Log in with Google" that creates a local user on first login, with tokens in SQL: the seed's
//! Google SQLAlchemy example. The `authorized` hook asks Google who the user is, finds the local
//! user linked to that account or creates one, logs them in, and files the token under them
//! (`examples/sql_common/accounts.rs`, shared with `sql_github_users`).
//!
//! `cargo run --example sql_google` runs offline against the embedded dev provider, with SQLite in
//! memory; with `GOOGLE_OAUTH_CLIENT_ID`/`GOOGLE_OAUTH_CLIENT_SECRET` it logs in with Google
//! (register `http://127.0.0.1:8083/login/google/authorized` as a redirect URI), and
//! `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use oauth_dance::contrib::google;
use sql_common::accounts::{self, GOOGLE};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let google = google::blueprint()
        .scope(["https://www.googleapis.com/auth/userinfo.email"])
        .into_untyped();
    accounts::run("GOOGLE_OAUTH_CLIENT_ID", 8083, google, &GOOGLE).await
}
