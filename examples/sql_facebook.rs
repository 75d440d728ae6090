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

use std::net::TcpListener;

use oauth_dance::contrib::facebook;
use oauth_dance_dev::DevProvider;
use sql_common::Served;
use sql_common::accounts::{self, Profile};

/// Who the user is on Facebook: the Graph API's `me`, its `id` and `name`.
static PROFILE: Profile = Profile::new("me", "id", "name");

/// The app on `listener`, logging in with Facebook (or `dev`).
pub async fn server(listener: TcpListener, dev: Option<&DevProvider>) -> Served {
    let facebook = facebook::blueprint().endpoints(&dev);
    accounts::serve_user_creation(listener, facebook.into_untyped(), &PROFILE).await
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    sql_common::run("FACEBOOK_OAUTH_CLIENT_ID", "Facebook", 8085, server).await
}
