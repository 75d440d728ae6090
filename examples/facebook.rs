//! "Log in with Facebook", the seed's Facebook quickstart. With FACEBOOK_OAUTH_CLIENT_ID and
//! FACEBOOK_OAUTH_CLIENT_SECRET in the environment it talks to Facebook (add
//! `http://127.0.0.1:8080/login/facebook/authorized` to the app's valid OAuth redirect URIs);
//! without them it runs offline against the embedded dev provider:
//! `cargo run --example facebook`, then open the URL it prints.
mod support;

use actix_web::HttpResponse;
use oauth_dance::LastDanceError;
use oauth_dance::contrib::facebook::{self, FacebookClient};
use oauth_dance_dev::kit::dev_provider_unless;

// Your name on Facebook, from the Graph API's `me`; before login, a log-in link.
async fn index(
    facebook: FacebookClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !facebook.authorized().await? {
        return Ok(support::login_page("facebook", "Facebook", failed));
    }
    let me: serde_json::Value = facebook.get("me").await?.json().await?;
    let name = me["name"].as_str().unwrap_or("?");
    Ok(support::logged_in_page(&format!(
        "You are {name} on Facebook"
    )))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No Facebook app configured: the embedded dev provider stands in for Facebook.
    let dev = dev_provider_unless("FACEBOOK_OAUTH_CLIENT_ID")?;
    let facebook = facebook::blueprint().endpoints(&dev).build()?;
    support::serve(facebook, dev.is_some(), index).await
}
