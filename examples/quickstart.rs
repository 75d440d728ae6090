//! "Log in with GitHub" in one file. Without GITHUB_OAUTH_CLIENT_ID/_SECRET in the environment it
//! runs offline against the embedded dev provider: `cargo run --example quickstart`, then open
//! http://127.0.0.1:8080/.
use actix_web::{App, HttpResponse, HttpServer, cookie::Key, web};
use oauth_dance::{
    Dance, LastDanceError,
    contrib::github::{self, GitHubClient},
    dev::DevProvider,
};

async fn index(
    github: GitHubClient,
    failed: Option<LastDanceError>,
) -> Result<HttpResponse, oauth_dance::Error> {
    if let Some(failed) = failed {
        let page = format!(
            "Login failed: {}. <a href=\"/login/github\">Try again</a>",
            failed.error
        );
        return Ok(HttpResponse::Ok().content_type("text/html").body(page));
    }
    if !github.authorized().await? {
        return Ok(HttpResponse::Found()
            .insert_header(("Location", "/login/github"))
            .finish());
    }
    let user: serde_json::Value = github.get("user").await?.json().await?;
    Ok(HttpResponse::Ok().body(format!(
        "You are @{} on GitHub",
        user["login"].as_str().unwrap_or("?")
    )))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::init_from_env(env_logger::Env::default().default_filter_or("info"));
    let mut builder = github::blueprint();
    let dev = std::env::var("GITHUB_OAUTH_CLIENT_ID")
        .is_err()
        .then(DevProvider::start)
        .transpose()?;
    if let Some(dev) = &dev {
        // No GitHub app registered: dance with the embedded dev provider instead.
        builder = builder
            .client_id(dev.client_id())
            .client_secret(dev.client_secret())
            .authorization_url(dev.authorization_url())
            .token_url(dev.token_url())
            .base_url(dev.base_url());
    }
    let github = builder.build()?;
    let key = Key::generate();
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    println!("Open http://127.0.0.1:{port}/");
    HttpServer::new(move || {
        App::new()
            .wrap(Dance::new(key.clone()).blueprint(&github))
            .service(web::scope("/login").service(github.clone()))
            .route("/", web::get().to(index))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
