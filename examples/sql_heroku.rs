//! "Log in with Heroku" that creates a local user on first login, with tokens in SQL: the seed's
//! Heroku SQLAlchemy example. The `authorized` hook asks Heroku who the user is, finds the local
//! user linked to that account or creates one, logs them in, and files the token under them
//! (`examples/sql_common/accounts.rs`, shared with `sql_github_users`).
//!
//! `cargo run --example sql_heroku` runs offline against the embedded dev provider, with SQLite in
//! memory; with `HEROKU_OAUTH_CLIENT_ID`/`HEROKU_OAUTH_CLIENT_SECRET` it logs in with Heroku
//! (register the OAuth client with `http://127.0.0.1:8086/login/heroku/authorized` as its callback
//! URL), and `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use oauth_dance::contrib::heroku;
use sql_common::accounts::{self, HEROKU};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let heroku = heroku::blueprint().into_untyped();
    accounts::run("HEROKU_OAUTH_CLIENT_ID", 8086, heroku, &HEROKU).await
}
