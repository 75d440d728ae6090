//! "Log in with Facebook" that creates a local user on first login, with tokens in SQL: the seed's
//! Facebook SQLAlchemy example. The `authorized` hook asks Facebook who the user is, finds the
//! local user linked to that account or creates one, logs them in, and files the token under them
//! (`examples/sql_common/accounts.rs`, shared with `sql_github_users`).
//!
//! `cargo run --example sql_facebook` runs offline against the embedded dev provider, with SQLite
//! in memory; with `FACEBOOK_OAUTH_CLIENT_ID`/`FACEBOOK_OAUTH_CLIENT_SECRET` it logs in with
//! Facebook (add `http://127.0.0.1:8085/login/facebook/authorized` to the app's valid OAuth
//! redirect URIs), and `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use oauth_dance::contrib::facebook;
use sql_common::accounts::{self, FACEBOOK};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let facebook = facebook::blueprint().into_untyped();
    accounts::run("FACEBOOK_OAUTH_CLIENT_ID", 8085, facebook, &FACEBOOK).await
}
