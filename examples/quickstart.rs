//! "Log in with GitHub" in one file. Without GITHUB_OAUTH_CLIENT_ID/_SECRET in the environment it
//! runs offline against the embedded dev provider: `cargo run --example quickstart`, then open
//! http://127.0.0.1:8080/.
use actix_web::{App, HttpServer, cookie::Key, web};
use oauth_dance::contrib::github::{self, GitHub};
use oauth_dance::{Dance, LoginRequired};
use oauth_dance_dev::DevProvider;

// Not logged in: redirects to /login/github. A failed login (say "Deny") shows why, with a link
// to try again, instead of looping back into the consent page.
async fn index(github: LoginRequired<GitHub>) -> Result<String, oauth_dance::Error> {
    let user: serde_json::Value = github.get("user").await?.json().await?;
    let login = user["login"].as_str().unwrap_or("?");
    Ok(format!("You are @{login} on GitHub"))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
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
        .map_or(Ok(8080), |p| p.parse())
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
