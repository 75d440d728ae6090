//! "Log in with LinkedIn", the seed's LinkedIn quickstart (Sign In with LinkedIn using OpenID
//! Connect). With LINKEDIN_OAUTH_CLIENT_ID and LINKEDIN_OAUTH_CLIENT_SECRET in the environment
//! it talks to LinkedIn (add `http://127.0.0.1:8080/login/linkedin/authorized` as an
//! authorized redirect URL); without them it runs offline against the embedded dev provider:
//! `cargo run --example linkedin`, then open the URL it prints.
mod support;

use actix_web::HttpResponse;
use oauth_dance::LastDanceError;
use oauth_dance::contrib::linkedin::{self, LinkedInClient};
use oauth_dance_dev::kit::dev_provider_unless;

// Your name on LinkedIn, from `userinfo`; before login, a log-in link.
async fn index(
    linkedin: LinkedInClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !linkedin.authorized().await? {
        return Ok(support::login_page("linkedin", "LinkedIn", failed));
    }
    let me: serde_json::Value = linkedin.get("userinfo").await?.json().await?;
    let name = me["name"].as_str().unwrap_or("?");
    Ok(support::logged_in_page(&format!(
        "You are {name} on LinkedIn"
    )))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No LinkedIn app configured: the embedded dev provider stands in for LinkedIn.
    let dev = dev_provider_unless("LINKEDIN_OAUTH_CLIENT_ID")?;
    let linkedin = linkedin::blueprint()
        .scope(["openid", "profile", "email"])
        .endpoints(&dev)
        .build()?;
    support::serve(linkedin, dev.is_some(), index).await
}
