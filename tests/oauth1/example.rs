//! The Twitter example, run as a real process: offline, it starts its own dev provider, and a
//! browser dances through OAuth 1.0a to "You are @octocat on Twitter". `cargo test` builds
//! examples before tests.

use std::net::TcpListener;
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

fn example() -> Command {
    // target/<profile>/deps/oauth1-<hash> → target/<profile>/examples/twitter
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = profile_dir
        .join("examples")
        .join(format!("twitter{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run `cargo test`",
        bin.display()
    );
    let mut command = Command::new(bin);
    command
        .env_remove("TWITTER_OAUTH_CLIENT_KEY")
        .env_remove("TWITTER_OAUTH_CLIENT_SECRET")
        .env("RUST_LOG", "warn");
    command
}

async fn start() -> (Running, String) {
    let port = TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = example()
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the example did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Running(child), format!("http://127.0.0.1:{port}"))
}

#[actix_web::test]
async fn the_twitter_example_dances_offline_to_you_are_octocat() {
    let (_app, base) = start().await;
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
    let mut form = hidden_inputs(&consent.body);
    form.insert("decision".into(), "allow".into());
    form.insert("user".into(), "octocat".into());
    let action = url::Url::parse(&authorize)
        .unwrap()
        .join("/authorize")
        .unwrap();
    let decided = browser.http.post(action).form(&form).send().await.unwrap();
    let callback = decided.headers()["location"].to_str().unwrap().to_string();
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
