//! "Log in with Twitter" that creates a local user on first login, with tokens in SQL: the seed's
//! Twitter SQLAlchemy example, over OAuth 1.0a. The `authorized` hook asks Twitter who the user is,
//! finds the local user linked to that account or creates one, logs them in, and files the token
//! under them (`examples/sql_common/accounts.rs`, shared with `sql_github_users`).
//!
//! `cargo run --example sql_twitter` runs offline against the embedded dev provider, with SQLite in
//! memory; with `TWITTER_OAUTH_CLIENT_KEY`/`TWITTER_OAUTH_CLIENT_SECRET` it logs in with Twitter
//! (register `http://127.0.0.1:8084/login/twitter/authorized` as the app's callback URL), and
//! `DATABASE_URL=sqlite:app.db` keeps users and tokens across runs.

mod sql_common;

use oauth_dance::contrib::twitter;
use sql_common::accounts::{self, TWITTER};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let twitter = twitter::blueprint().into_untyped();
    accounts::run("TWITTER_OAUTH_CLIENT_KEY", 8084, twitter, &TWITTER).await
}
