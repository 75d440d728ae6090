//! "Log in with Google", the seed's Google quickstart. With GOOGLE_OAUTH_CLIENT_ID and
//! GOOGLE_OAUTH_CLIENT_SECRET in the environment it talks to Google (register
//! `http://127.0.0.1:8080/login/google/authorized` as a redirect URI); without them it runs
//! offline against the embedded dev provider: `cargo run --example google`, then open the URL
//! it prints.
//!
//! The google preset is an OpenID Connect relying party: the login's ID token is verified
//! (signature against the provider's keys, issuer, audience, expiry, nonce) before the token is
//! stored, and the page shows who the user is from its verified claims, next to what the
//! userinfo API says. Offline, the dev provider stands in as the OpenID Provider too.
mod support;

use actix_web::HttpResponse;
use oauth_dance::contrib::google::{self, Google, GoogleClient};
use oauth_dance::{LastDanceError, VerifiedClaims};
use oauth_dance_dev::kit::dev_provider_unless;

// Your Google address, from the userinfo API, and who the verified ID token says you are;
// before login, a log-in link.
async fn index(
    google: GoogleClient,
    claims: Option<VerifiedClaims<Google>>,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    let (true, Some(claims)) = (google.authorized().await?, claims) else {
        return Ok(support::login_page("google", "Google", failed));
    };
    let me: serde_json::Value = google.get("oauth2/v2/userinfo").await?.json().await?;
    let email = me["email"].as_str().unwrap_or("?");
    let verified = match claims.email_verified() {
        true => "verified",
        false => "unverified",
    };
    Ok(support::logged_in_page(&format!(
        "You are {email} on Google (verified ID token: sub {}, {verified} email {})",
        claims.subject(),
        claims.email().unwrap_or("?"),
    )))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No Google app configured: the embedded dev provider stands in for Google.
    let dev = dev_provider_unless("GOOGLE_OAUTH_CLIENT_ID")?;
    let google = google::blueprint()
        .scope(["openid", "email", "profile"])
        .endpoints(&dev)
        .build()?;
    support::serve(google, dev.is_some(), index).await
}
