//! The SQL storage examples, served in this process on a free port against a dev provider of
//! the test's own, and danced through as a user would. Each example is included as a module
//! (so each brings its own copy of `examples/sql_common`, as it does when built alone).

#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../examples/sql_github_users.rs"]
mod github_users;
#[allow(dead_code)]
#[path = "../examples/sql_logout.rs"]
mod logout;
#[allow(dead_code)]
#[path = "../examples/sql_multi_provider.rs"]
mod multi_provider;

use std::net::TcpListener;

use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::Browser;

/// A free loopback listener and its base URL.
fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// Runs an example's server until the test ends.
fn run(server: actix_web::dev::Server) -> actix_web::dev::ServerHandle {
    let handle = server.handle();
    actix_web::rt::spawn(server);
    handle
}

#[actix_web::test]
async fn github_users_creates_a_local_user_on_first_login_and_finds_it_again() {
    let dev = DevProvider::start().unwrap();
    let (listener, base) = listener();
    let app = run(github_users::server(listener, Some(&dev)).await.unwrap());
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &format!("{base}/login/github"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let home = browser.get(&format!("{base}/")).await;
    assert!(
        home.body
            .starts_with("Local user #1 (octocat) · @octocat on GitHub"),
        "{home:?}"
    );
    // Another user gets another local user; octocat logging in again (new browser) is #1 again.
    Browser::new()
        .dance(&dev, &format!("{base}/login/github"), "allow", "hubot")
        .await;
    let again = Browser::new();
    again
        .dance(&dev, &format!("{base}/login/github"), "allow", "octocat")
        .await;
    assert!(
        again
            .get(&format!("{base}/"))
            .await
            .body
            .starts_with("Local user #1 (octocat)")
    );
    // Logging out of the site keeps the token: the next login needs no new local user.
    browser.get(&format!("{base}/logout")).await;
    assert!(
        browser
            .get(&format!("{base}/"))
            .await
            .body
            .contains("Log in with GitHub")
    );
    app.stop(false).await;
}

#[actix_web::test]
async fn multi_provider_links_two_providers_to_one_local_user() {
    let dev = DevProvider::start().unwrap();
    let (listener, base) = listener();
    let app = run(multi_provider::server(listener, Some(&dev)).await.unwrap());
    let browser = Browser::new();
    assert!(
        browser
            .get(&format!("{base}/"))
            .await
            .body
            .contains("Sign in")
    );
    browser.get(&format!("{base}/signin?name=alice")).await;
    let home = browser.get(&format!("{base}/")).await.body;
    assert!(
        home.contains("Link GitHub") && home.contains("Link GitLab"),
        "{home}"
    );
    for (provider, login) in [("github", "octocat"), ("gitlab", "hubot")] {
        let done = browser
            .dance(&dev, &format!("{base}/login/{provider}"), "allow", login)
            .await;
        assert_eq!(done.status, 302, "{done:?}");
    }
    let home = browser.get(&format!("{base}/")).await.body;
    assert_eq!(
        home,
        "Signed in as alice<br>GitHub: @octocat<br>GitLab: @hubot"
    );
    // Another local user has linked nothing.
    let bob = Browser::new();
    bob.get(&format!("{base}/signin?name=bob")).await;
    assert!(
        bob.get(&format!("{base}/"))
            .await
            .body
            .contains("Link GitHub")
    );
    app.stop(false).await;
}

#[actix_web::test]
async fn logout_deletes_the_token_from_storage() {
    let dev = DevProvider::start().unwrap();
    let (listener, base) = listener();
    let app = run(logout::server(listener, Some(&dev)).await.unwrap());
    let browser = Browser::new();
    assert!(
        browser
            .get(&format!("{base}/"))
            .await
            .body
            .contains("Tokens in the database: 0")
    );
    browser
        .dance(&dev, &format!("{base}/login/github"), "allow", "octocat")
        .await;
    let home = browser.get(&format!("{base}/")).await.body;
    assert!(
        home.contains("Tokens in the database: 1") && home.contains("@octocat"),
        "{home}"
    );
    assert_eq!(browser.get(&format!("{base}/logout")).await.status, 302);
    let home = browser.get(&format!("{base}/")).await.body;
    assert!(
        home.contains("Tokens in the database: 0") && home.contains("Log in"),
        "{home}"
    );
    app.stop(false).await;
}
