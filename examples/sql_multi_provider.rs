//! Several providers linked to one local user (Flask-Dance's "user association"): sign in to
//! the site first, then link GitHub and GitLab; each token is stored in SQL under the local
//! user, one row per provider, and the page shows who you are on each.
//!
//! `cargo run --example sql_multi_provider` runs offline: both blueprints use the embedded dev
//! provider and SQLite in memory. With `GITHUB_OAUTH_CLIENT_ID`/`_SECRET` and
//! `GITLAB_OAUTH_CLIENT_ID`/`_SECRET` it links the real GitHub and GitLab.

mod sql_common;

use actix_session::Session;
use actix_web::dev::Server;
use actix_web::{HttpResponse, cookie::Key, web};
use oauth_dance::contrib::{github, gitlab};
use oauth_dance::storage::{self, sql::OAuthToken};
use oauth_dance::{Blueprint, Client, Dance};
use oauth_dance_dev::DevProvider;
use serde::Deserialize;
use serde_json::Value;
use sql_common::{found, page, text};

/// The app on `listener`, linking GitHub and GitLab (or two blueprints on `dev`).
pub async fn server(
    listener: std::net::TcpListener,
    dev: Option<&DevProvider>,
) -> Result<Server, Box<dyn std::error::Error>> {
    let (tokens, _) = sql_common::database::<OAuthToken>().await?;
    let github = github::blueprint()
        .endpoints(&dev)
        .storage(tokens.clone())
        .build()?;
    let gitlab = gitlab::blueprint()
        .endpoints(&dev)
        .storage(tokens)
        .build()?;
    let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
    let dance = Dance::new(key)
        .blueprint(&github)
        .blueprint(&gitlab)
        .local_user(storage::session_user("user"));
    let providers = web::Data::new(vec![github.clone(), gitlab.clone()]);
    let server = sql_common::serve(listener, dance, vec![github, gitlab], move |app| {
        app.app_data(providers.clone())
            .route("/", web::get().to(index))
            .route("/signin", web::get().to(signin));
    })?;
    Ok(server)
}

#[derive(Deserialize)]
struct SignIn {
    name: String,
}

/// The site's own sign-in (a stand-in for a real one): the local user is `name`.
async fn signin(session: Session, form: web::Query<SignIn>) -> HttpResponse {
    match session.insert("user", &form.name) {
        Ok(()) => found("/"),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

async fn index(
    session: Session,
    providers: web::Data<Vec<Blueprint>>,
) -> oauth_dance::Result<HttpResponse> {
    let Some(user) = session.get::<String>("user").ok().flatten() else {
        return Ok(page(
            "<form action=\"/signin\">Your name on this site: <input name=\"name\"> \
             <button>Sign in</button></form>"
                .into(),
        ));
    };
    let mut lines = vec![format!("Signed in as {}", text(&user.clone().into()))];
    for bp in providers.iter() {
        lines.push(linked(bp).await?);
    }
    Ok(page(lines.join("<br>")))
}

/// "GitHub: @octocat", or a link to link it.
async fn linked(bp: &Blueprint) -> oauth_dance::Result<String> {
    let client = Client::current(bp.name())?;
    let name = bp.display_name();
    if !client.authorized().await? {
        return Ok(format!("<a href=\"/login/{}\">Link {name}</a>", bp.name()));
    }
    let user: Value = client.get("user").await?.json().await?;
    Ok(format!("{name}: @{}", text(&user["login"])))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (dev, listener) = sql_common::start("GITHUB_OAUTH_CLIENT_ID", "GitHub and GitLab", 8081)?;
    Ok(server(listener, dev.as_ref()).await?.await?)
}
