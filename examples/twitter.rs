//! "Log in with Twitter" (OAuth 1.0a) in one file. With TWITTER_OAUTH_CLIENT_KEY/_SECRET (the
//! app's API key and secret) in the environment it talks to Twitter; without them it runs
//! offline against the embedded dev provider, which speaks OAuth 1.0a too:
//! `cargo run --example twitter`, then open the URL it prints.
use actix_web::{App, HttpResponse, HttpServer, cookie::Key, http::header, web};
use oauth_dance::contrib::twitter::{self, TwitterClient};
use oauth_dance::{Dance, LastDanceError};
use oauth_dance_dev::DevProvider;

// Who you are on Twitter (a signed API call), with a log-out link; before that, a log-in link
// (and why the last login failed, if it did).
async fn index(
    twitter: TwitterClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !twitter.authorized().await? {
        let why = failed
            .map(|f| format!("<p>{}</p>", f.error))
            .unwrap_or_default();
        return Ok(page(format!(
            "{why}<a href=\"/login/twitter\">Log in with Twitter</a>"
        )));
    }
    let me: serde_json::Value = twitter
        .get("account/verify_credentials.json")
        .await?
        .json()
        .await?;
    let name = html_escape::encode_text(me["screen_name"].as_str().unwrap_or("?")).into_owned();
    Ok(page(format!(
        "You are @{name} on Twitter · <a href=\"/logout\">Log out</a>"
    )))
}

async fn logout(twitter: TwitterClient) -> oauth_dance::Result<HttpResponse> {
    twitter.delete_token().await?;
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
    let mut twitter = twitter::blueprint();
    let dev = match std::env::var("TWITTER_OAUTH_CLIENT_KEY") {
        Ok(_) => None,
        Err(_) => Some(DevProvider::start()?), // no Twitter app: use the embedded dev provider
    };
    if let Some(dev) = &dev {
        twitter = twitter
            .client_id(dev.client_id())
            .client_secret(dev.client_secret())
            .request_token_url(dev.oauth1_request_token_url())
            .authorization_url(dev.oauth1_authorization_url())
            .access_token_url(dev.oauth1_access_token_url())
            .base_url(dev.oauth1_base_url());
    }
    let twitter = twitter.build()?;
    let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(Dance::new(key.clone()).blueprint(&twitter))
            .service(web::scope("/login").service(twitter.clone()))
            .route("/", web::get().to(index))
            .route("/logout", web::get().to(logout))
    })
    .bind(("127.0.0.1", port))?;
    let provider = if dev.is_some() {
        "the embedded dev provider (offline)"
    } else {
        "Twitter"
    };
    println!("Log in with {provider}: open http://127.0.0.1:{port}/");
    Ok(server.run().await?)
}
