//! The app under test, as an app's own code would build it: the quickstart's GitHub app, whose
//! home page redirects to the login until the user is authorized, then greets them.

use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, Error, HttpResponse, cookie::Key, web};
use oauth_dance::contrib::github::{self, GitHubClient};
use oauth_dance::{Blueprint, Dance};

/// The app's GitHub blueprint (credentials of its own; the tests never reach GitHub).
pub fn github_blueprint() -> Blueprint {
    github::blueprint()
        .client_id("app-client-id")
        .client_secret("app-client-secret")
        .build()
        .unwrap()
}

/// `/` → 302 to the login until authorized, then "You are authorized";
/// `/user` → "You are @<login>" from GitHub's `user` resource.
pub fn github_app(
    github: Blueprint,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .wrap(Dance::new(Key::generate()).blueprint(&github))
        .service(web::scope("/login").service(github))
        .route("/", web::get().to(index))
        .route("/user", web::get().to(user))
}

async fn index(github: GitHubClient) -> oauth_dance::Result<HttpResponse> {
    if !github.authorized().await? {
        return Ok(HttpResponse::Found()
            .insert_header(("Location", "/login/github"))
            .finish());
    }
    Ok(HttpResponse::Ok().body("You are authorized"))
}

async fn user(github: GitHubClient) -> oauth_dance::Result<String> {
    let user: serde_json::Value = github.get("user").await?.json().await?;
    Ok(format!(
        "You are @{}",
        user["login"].as_str().unwrap_or("?")
    ))
}
