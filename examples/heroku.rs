//! "Log in with Heroku", the seed's Heroku quickstart. With HEROKU_OAUTH_CLIENT_ID and
//! HEROKU_OAUTH_CLIENT_SECRET in the environment it talks to Heroku (register the OAuth client
//! with `http://127.0.0.1:8080/login/heroku/authorized` as its callback URL); without them it
//! runs offline against the embedded dev provider: `cargo run --example heroku`, then open the
//! URL it prints.
mod support;

use actix_web::HttpResponse;
use oauth_dance::LastDanceError;
use oauth_dance::contrib::heroku::{self, HerokuClient};
use oauth_dance_dev::kit::dev_provider_unless;

// Your Heroku account's e-mail, from the Platform API's `account`; before login, a log-in link.
async fn index(
    heroku: HerokuClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !heroku.authorized().await? {
        return Ok(support::login_page("heroku", "Heroku", failed));
    }
    let account: serde_json::Value = heroku
        .get("account")
        .header("Accept", "application/vnd.heroku+json; version=3")
        .await?
        .json()
        .await?;
    let email = account["email"].as_str().unwrap_or("?");
    Ok(support::logged_in_page(&format!(
        "You are {email} on Heroku"
    )))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No Heroku client configured: the embedded dev provider stands in for Heroku.
    let dev = dev_provider_unless("HEROKU_OAUTH_CLIENT_ID")?;
    let heroku = heroku::blueprint().endpoints(&dev).build()?;
    support::serve(heroku, dev.is_some(), index).await
}
