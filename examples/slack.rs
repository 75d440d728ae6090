//! "Log in with Slack", the seed's Slack quickstart. With SLACK_OAUTH_CLIENT_ID and
//! SLACK_OAUTH_CLIENT_SECRET in the environment it talks to Slack (add
//! `http://127.0.0.1:8080/login/slack/authorized` as a redirect URL); without them it runs
//! offline against the embedded dev provider: `cargo run --example slack`, then open the URL
//! it prints.
mod support;

use actix_web::HttpResponse;
use oauth_dance::LastDanceError;
use oauth_dance::contrib::slack::{self, SlackClient};
use oauth_dance_dev::kit::dev_provider_unless;

// Who you are in which Slack team, from `auth.test`; before login, a log-in link.
async fn index(
    slack: SlackClient,
    failed: Option<LastDanceError>,
) -> oauth_dance::Result<HttpResponse> {
    if !slack.authorized().await? {
        return Ok(support::login_page("slack", "Slack", failed));
    }
    let me: serde_json::Value = slack.get("auth.test").await?.json().await?;
    let (user, team) = (me["user"].as_str(), me["team"].as_str());
    let who = format!(
        "You are @{} in {} on Slack",
        user.unwrap_or("?"),
        team.unwrap_or("?")
    );
    Ok(support::logged_in_page(&who))
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No Slack app configured: the embedded dev provider stands in for Slack.
    let dev = dev_provider_unless("SLACK_OAUTH_CLIENT_ID")?;
    let slack = slack::blueprint().endpoints(&dev).build()?;
    support::serve(slack, dev.is_some(), index).await
}
