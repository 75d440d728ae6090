//! The Twitter example, run as a real process: offline, it starts its own dev provider, and a
//! browser dances through OAuth 1.0a to "You are @octocat on Twitter". `cargo test` builds
//! examples before tests.

use std::process::Command;

use oauth_dance_dev::kit::{Browser, Site};

fn example() -> Command {
    let mut command = Site::example_command("twitter");
    command
        .env_remove("TWITTER_OAUTH_CLIENT_KEY")
        .env_remove("TWITTER_OAUTH_CLIENT_SECRET");
    command
}

#[actix_web::test]
async fn the_twitter_example_dances_offline_to_you_are_octocat() {
    let site = Site::start(example());
    let base = site.url.clone();
    let browser = Browser::new();
    let home = browser.get(&format!("{base}/")).await;
    assert!(
        home.body
            .contains("<a href=\"/login/twitter\">Log in with Twitter</a>"),
        "{home:?}"
    );
    let login = browser.get(&format!("{base}/login/twitter")).await;
    let authorize = login.location.unwrap();
    assert!(
        authorize.contains("/oauth1/authorize?oauth_token="),
        "{authorize}"
    );
    let consent = browser.get(&authorize).await;
    let form = oauth_dance_dev::kit::hidden_inputs(&consent.body);
    let callback = browser
        .decide_at(&authorize, &form, "allow", "octocat")
        .await;
    assert_eq!(browser.get(&callback).await.location.as_deref(), Some("/"));
    let home = browser.get(&format!("{base}/")).await;
    assert!(
        home.body.starts_with("You are @octocat on Twitter"),
        "{home:?}"
    );
    let out = browser.get(&format!("{base}/logout")).await;
    assert_eq!(out.location.as_deref(), Some("/"));
    assert!(
        browser
            .get(&format!("{base}/"))
            .await
            .body
            .contains("Log in with Twitter")
    );
}

#[test]
fn without_a_secret_the_example_names_the_variable() {
    let output = example()
        .env("TWITTER_OAUTH_CLIENT_KEY", "a-key")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("blueprint `twitter`: no client secret (the consumer secret); set it on the builder or in the environment variable TWITTER_OAUTH_CLIENT_SECRET"),
        "{stderr}"
    );
}
