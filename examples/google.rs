//! "Log in with Google", the seed's Google quickstart. With GOOGLE_OAUTH_CLIENT_ID and
//! GOOGLE_OAUTH_CLIENT_SECRET in the environment it talks to Google (register
//! `http://127.0.0.1:8080/login/google/authorized` as a redirect URI); without them it runs
//! offline against the embedded dev provider: `cargo run --example google`, then open the URL
//! it prints.
mod support;

use actix_web::HttpResponse;
use oauth_dance::LastDanceError;
use oauth_dance::contrib::google::{self, GoogleClient};
use oauth_dance_dev::kit::dev_provider_unless;

// Your Google address, from the userinfo API; before login, a log-in link.
async fn index(
    google: GoogleClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !google.authorized().await? {
        return Ok(support::login_page("google", "Google", failed));
    }
    let me: serde_json::Value = google.get("oauth2/v2/userinfo").await?.json().await?;
    let email = me["email"].as_str().unwrap_or("?");
    Ok(support::logged_in_page(&format!(
        "You are {email} on Google"
    )))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No Google app configured: the embedded dev provider stands in for Google.
    let dev = dev_provider_unless("GOOGLE_OAUTH_CLIENT_ID")?;
    let google = google::blueprint()
        .scope(["openid", "https://www.googleapis.com/auth/userinfo.email"])
        .endpoints(&dev)
        .build()?;
    support::serve(google, dev.is_some(), index).await
}
