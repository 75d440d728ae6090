//! "Log in with GitHub" in one file. Without GITHUB_OAUTH_CLIENT_ID/_SECRET in the environment it
//! runs offline against the embedded dev provider: `cargo run --example quickstart`, then open
//! the URL it prints.
use actix_web::{App, HttpResponse, HttpServer, cookie::Key, http::header, web};
use oauth_dance::contrib::github::{self, GitHubClient};
use oauth_dance::{Dance, LastDanceError};
use oauth_dance_dev::DevProvider;

// Who you are on GitHub, with a log-out link; before that, a log-in link (and why the last
// login failed, if it did).
async fn index(
    github: GitHubClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !github.authorized().await? {
        let why = failed
            .map(|f| format!("<p>{}</p>", f.error))
            .unwrap_or_default();
        return Ok(page(format!(
            "{why}<a href=\"/login/github\">Log in with GitHub</a>"
        )));
    }
    let user: serde_json::Value = github.get("user").await?.json().await?;
    let login = html_escape::encode_text(user["login"].as_str().unwrap_or("?")).into_owned();
    Ok(page(format!(
        "You are @{login} on GitHub · <a href=\"/logout\">Log out</a>"
    )))
}

async fn logout(github: GitHubClient) -> oauth_dance::Result<HttpResponse> {
    github.delete_token().await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, "/"))
        .finish())
}

fn page(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    env_logger::init_from_env(env_logger::Env::default().default_filter_or("info"));
    let mut github = github::blueprint();
    let dev = match std::env::var("GITHUB_OAUTH_CLIENT_ID") {
        Ok(_) => None,
        Err(_) => Some(DevProvider::start()?), // no GitHub app: use the embedded dev provider
    };
    if let Some(dev) = &dev {
        github = github
            .client_id(dev.client_id())
            .client_secret(dev.client_secret())
            .authorization_url(dev.authorization_url())
            .token_url(dev.token_url())
            .base_url(dev.base_url());
    }
    let github = github.build()?;
    let key = Key::generate();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(Dance::new(key.clone()).blueprint(&github))
            .service(web::scope("/login").service(github.clone()))
            .route("/", web::get().to(index))
            .route("/logout", web::get().to(logout))
    })
    .bind(("127.0.0.1", port))?;
    let provider = if dev.is_some() {
        "the embedded dev provider (offline)"
    } else {
        "GitHub"
    };
    println!("Log in with {provider}: open http://127.0.0.1:{port}/");
    Ok(server.run().await?)
}
