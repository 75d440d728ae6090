//! The seed's session-storage quickstarts (Google, Facebook, Slack, LinkedIn, Heroku), each run
//! as a real process offline (it starts its own dev provider) and driven through a whole dance
//! by a browser: the home page's log-in link, consent, the user as that provider's API shows
//! them, and the log-out link. GitHub's is the quickstart (tests/quickstart.rs), Twitter's is
//! tests/oauth1/example.rs. `cargo test` builds the examples before the tests.

use std::process::Command;

use oauth_dance_dev::kit::{Browser, Site};

/// Example `name`, offline: no real credentials, no fixed session key.
fn offline(name: &str) -> Site {
    let mut command = Site::example_command(name);
    let var = name.to_uppercase();
    command
        .env_remove(format!("{var}_OAUTH_CLIENT_ID"))
        .env_remove(format!("{var}_OAUTH_CLIENT_SECRET"))
        .env_remove(oauth_dance::SESSION_KEY_VAR);
    Site::start(command)
}

/// Logs in through the example's home page as `octocat`, checks the greeting is `greeting`,
/// then logs out.
async fn dances_to(name: &str, display_name: &str, greeting: &str) {
    let site = offline(name);
    let browser = Browser::new();
    let login_link = format!("<a href=\"/login/{name}\">Log in with {display_name}</a>");
    let home = browser.get(&site.at("/")).await;
    assert!(home.body.contains(&login_link), "{home:?}");

    let back = browser
        .dance_through(&site.at(&format!("/login/{name}")), "allow", "octocat")
        .await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    let home = browser.get(&site.at("/")).await;
    let expected = format!("{greeting} · <a href=\"/logout\">Log out</a>");
    assert_eq!(home.body, expected);

    let out = browser.get(&site.at("/logout")).await;
    assert_eq!(out.location.as_deref(), Some("/"), "{out:?}");
    let home = browser.get(&site.at("/")).await;
    assert!(home.body.contains(&login_link), "{home:?}");
}

#[actix_web::test]
async fn the_google_example_dances_offline() {
    // The verified ID token's claims, next to what the userinfo API says.
    dances_to(
        "google",
        "Google",
        "You are octocat@example.com on Google (verified ID token: sub 1, verified email octocat@example.com)",
    )
    .await;
}

#[actix_web::test]
async fn the_facebook_example_dances_offline() {
    dances_to("facebook", "Facebook", "You are The Octocat on Facebook").await;
}

#[actix_web::test]
async fn the_slack_example_dances_offline() {
    dances_to("slack", "Slack", "You are @octocat in Dev Team on Slack").await;
}

#[actix_web::test]
async fn the_linkedin_example_dances_offline() {
    dances_to("linkedin", "LinkedIn", "You are The Octocat on LinkedIn").await;
}

#[actix_web::test]
async fn the_heroku_example_dances_offline() {
    dances_to("heroku", "Heroku", "You are octocat@example.com on Heroku").await;
}

#[actix_web::test]
async fn deny_in_an_example_says_why_and_offers_the_login_again() {
    let site = offline("google");
    let browser = Browser::new();
    let back = browser
        .dance_through(&site.at("/login/google"), "deny", "octocat")
        .await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    let home = browser.get(&site.at("/")).await;
    assert!(home.body.contains("The login was cancelled"), "{home:?}");
    assert!(home.body.contains("Log in with Google"), "{home:?}");
}

/// A mistyped OAUTH_DANCE_SESSION_KEY stops the example at startup, saying what is wrong.
#[test]
fn an_example_refuses_a_session_key_it_cannot_use() {
    let output = Command::new(Site::example_command("heroku").get_program())
        .env_remove("HEROKU_OAUTH_CLIENT_ID")
        .env(oauth_dance::SESSION_KEY_VAR, "too-short")
        .env("PORT", "0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Error: OAUTH_DANCE_SESSION_KEY is neither hex nor base64"),
        "{stderr}"
    );
}
