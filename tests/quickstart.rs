//! The quickstart example, run as a real process: it starts its own dev provider, and a browser
//! dances through it to "You are @octocat". `cargo test` builds examples before tests.

use std::net::TcpListener;
use std::process::Stdio;

use oauth_dance_dev::kit::{Browser, Site, hidden_inputs};

/// The quickstart, offline: no GitHub credentials, so it starts its own dev provider.
fn start_quickstart() -> (Site, String) {
    let mut command = Site::example_command("quickstart");
    command
        .env_remove("GITHUB_OAUTH_CLIENT_ID")
        .env_remove("GITHUB_OAUTH_CLIENT_SECRET");
    let site = Site::start(command);
    let base = site.url.clone();
    (site, base)
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Follows the dance from `/` by hand; returns the browser and the consent form.
async fn to_consent(base: &str) -> (Browser, std::collections::HashMap<String, String>, String) {
    let browser = Browser::new();
    let home = browser.get(&format!("{base}/")).await;
    assert!(
        home.body
            .contains("<a href=\"/login/github\">Log in with GitHub</a>"),
        "{home:?}"
    );
    let login = browser.get(&format!("{base}/login/github")).await;
    let authorize = login.location.unwrap();
    let consent = browser.get(&authorize).await;
    assert!(consent.body.contains("Allow") && consent.body.contains("Deny"));
    let action = url::Url::parse(&authorize)
        .unwrap()
        .join("/authorize")
        .unwrap()
        .to_string();
    (browser, hidden_inputs(&consent.body), action)
}

async fn decide(
    browser: &Browser,
    action: &str,
    form: &std::collections::HashMap<String, String>,
    decision: &str,
) -> String {
    let mut form = form.clone();
    form.insert("decision".into(), decision.into());
    // The consent page's user picker preselects the first user.
    form.insert("user".into(), "octocat".into());
    let res = browser.http.post(action).form(&form).send().await.unwrap();
    res.headers()["location"].to_str().unwrap().to_string()
}

#[actix_web::test]
async fn the_quickstart_dances_offline_to_you_are_octocat() {
    let (_app, base) = start_quickstart();
    let (browser, form, action) = to_consent(&base).await;
    let callback = decide(&browser, &action, &form, "allow").await;
    let back = browser.get(&callback).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    let home = browser.get(&format!("{base}/")).await;
    assert!(
        home.body.starts_with("You are @octocat on GitHub"),
        "{home:?}"
    );
    // Logging out forgets the token: the home page offers the login again.
    let out = browser.get(&format!("{base}/logout")).await;
    assert_eq!(out.location.as_deref(), Some("/"));
    let home = browser.get(&format!("{base}/")).await;
    assert!(home.body.contains("Log in with GitHub"), "{home:?}");
}

#[actix_web::test]
async fn deny_in_the_quickstart_shows_why_and_a_way_back() {
    let (_app, base) = start_quickstart();
    let (browser, form, action) = to_consent(&base).await;
    let callback = decide(&browser, &action, &form, "deny").await;
    let back = browser.get(&callback).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    // The home page says why, once, and offers the login again (no loop into the consent page).
    let home = browser.get(&format!("{base}/")).await;
    assert_eq!(home.status, 200, "{home:?}");
    assert!(
        home.body.contains("The login was cancelled"),
        "{}",
        home.body
    );
    assert!(home.body.contains("Log in with GitHub"), "{}", home.body);
    let again = browser.get(&format!("{base}/")).await;
    assert!(
        !again.body.contains("cancelled"),
        "shown once: {}",
        again.body
    );
}

#[test]
fn the_quickstart_says_where_it_listens_and_which_provider_it_uses() {
    let port = free_port();
    let mut child = Site::example_command("quickstart")
        .env("PORT", port.to_string())
        .env_remove("GITHUB_OAUTH_CLIENT_ID")
        .env_remove("GITHUB_OAUTH_CLIENT_SECRET")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        line.trim_end(),
        format!("Log in with the embedded dev provider (offline): open http://127.0.0.1:{port}/")
    );
}

#[test]
fn a_missing_client_secret_reads_as_a_sentence() {
    let output = Site::example_command("quickstart")
        .env("GITHUB_OAUTH_CLIENT_ID", "an-id")
        .env_remove("GITHUB_OAUTH_CLIENT_SECRET")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Error: blueprint `github`: no client secret; set it on the builder or in the environment variable GITHUB_OAUTH_CLIENT_SECRET"),
        "{stderr}"
    );
    assert!(!stderr.contains("Custom {"), "{stderr}");
}
