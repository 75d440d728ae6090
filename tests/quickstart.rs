//! The quickstart example, run as a real process: it starts its own dev provider, and a browser
//! dances through it to "You are @octocat". `cargo test` builds examples before tests.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use oauth_dance_dev::kit::{Browser, hidden_inputs};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn example_binary() -> PathBuf {
    // target/<profile>/deps/quickstart-<hash> → target/<profile>/examples/quickstart
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = profile_dir
        .join("examples")
        .join(format!("quickstart{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo test` (which builds the examples)",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_quickstart() -> (Running, String) {
    let port = free_port();
    let child = Command::new(example_binary())
        .env("PORT", port.to_string())
        .env_remove("GITHUB_OAUTH_CLIENT_ID")
        .env_remove("GITHUB_OAUTH_CLIENT_SECRET")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let running = Running(child);
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the quickstart did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (running, base)
}

/// Follows the dance from `/` by hand; returns the browser and the consent form.
async fn to_consent(base: &str) -> (Browser, std::collections::HashMap<String, String>, String) {
    let browser = Browser::new();
    let home = browser.get(&format!("{base}/")).await;
    assert_eq!(
        home.location.as_deref(),
        Some("/login/github?next=%2F"),
        "{home:?}"
    );
    let login = browser.get(&format!("{base}/login/github?next=%2F")).await;
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
    let (_app, base) = start_quickstart().await;
    let (browser, form, action) = to_consent(&base).await;
    let callback = decide(&browser, &action, &form, "allow").await;
    let back = browser.get(&callback).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    let home = browser.get(&format!("{base}/")).await;
    assert_eq!(home.body, "You are @octocat on GitHub");
}

#[actix_web::test]
async fn deny_in_the_quickstart_shows_why_and_a_way_back() {
    let (_app, base) = start_quickstart().await;
    let (browser, form, action) = to_consent(&base).await;
    let callback = decide(&browser, &action, &form, "deny").await;
    let back = browser.get(&callback).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{back:?}");
    let home = browser.get(&format!("{base}/")).await;
    assert_eq!(
        home.status, 400,
        "not a redirect back into the consent page: {home:?}"
    );
    assert!(home.body.contains("access_denied"), "{}", home.body);
    assert!(home.body.contains("Try again"), "{}", home.body);
}
