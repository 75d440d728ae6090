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

use actix_web::dev::ServerHandle;
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::Browser;

/// An example's server, running until the test ends.
struct Site {
    dev: DevProvider,
    base: String,
    server: ServerHandle,
}

/// Starts `$example::server` on a free loopback port, against a dev provider of its own.
macro_rules! site {
    ($example:ident) => {{
        let dev = DevProvider::start().unwrap();
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = $example::server(listener, Some(&dev)).await.unwrap();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Site {
            dev,
            base,
            server: handle,
        }
    }};
}

impl Site {
    /// The body of `path`, for `browser`.
    async fn page(&self, browser: &Browser, path: &str) -> String {
        browser.get(&format!("{}{path}", self.base)).await.body
    }

    /// A whole dance with `provider`, as `login` at the dev provider; the callback's status.
    async fn log_in(&self, browser: &Browser, provider: &str, login: &str) -> u16 {
        let url = format!("{}/login/{provider}", self.base);
        browser.dance(&self.dev, &url, "allow", login).await.status
    }
}

#[actix_web::test]
async fn github_users_creates_a_local_user_on_first_login_and_finds_it_again() {
    let site = site!(github_users);
    let browser = Browser::new();
    assert_eq!(site.log_in(&browser, "github", "octocat").await, 302);
    let home = site.page(&browser, "/").await;
    assert!(
        home.starts_with("Local user #1 (octocat) · @octocat on GitHub"),
        "{home}"
    );
    // Another user gets another local user; octocat in a new browser is #1 again.
    site.log_in(&Browser::new(), "github", "hubot").await;
    let again = Browser::new();
    site.log_in(&again, "github", "octocat").await;
    assert!(
        site.page(&again, "/")
            .await
            .starts_with("Local user #1 (octocat)")
    );
    // Logging out of the site only ends the session.
    site.page(&browser, "/logout").await;
    assert!(
        site.page(&browser, "/")
            .await
            .contains("Log in with GitHub")
    );
    site.server.stop(false).await;
}

#[actix_web::test]
async fn multi_provider_links_two_providers_to_one_local_user() {
    let site = site!(multi_provider);
    let alice = Browser::new();
    assert!(site.page(&alice, "/").await.contains("Sign in"));
    site.page(&alice, "/signin?name=alice").await;
    let home = site.page(&alice, "/").await;
    assert!(
        home.contains("Link GitHub") && home.contains("Link GitLab"),
        "{home}"
    );
    assert_eq!(site.log_in(&alice, "github", "octocat").await, 302);
    assert_eq!(site.log_in(&alice, "gitlab", "hubot").await, 302);
    let home = site.page(&alice, "/").await;
    assert_eq!(
        home,
        "Signed in as alice<br>GitHub: @octocat<br>GitLab: @hubot"
    );
    // Another local user has linked nothing.
    let bob = Browser::new();
    site.page(&bob, "/signin?name=bob").await;
    assert!(site.page(&bob, "/").await.contains("Link GitHub"));
    site.server.stop(false).await;
}

#[actix_web::test]
async fn logout_deletes_the_token_from_storage() {
    let site = site!(logout);
    let browser = Browser::new();
    assert!(
        site.page(&browser, "/")
            .await
            .contains("Tokens in the database: 0")
    );
    site.log_in(&browser, "github", "octocat").await;
    let home = site.page(&browser, "/").await;
    assert!(
        home.contains("Tokens in the database: 1") && home.contains("@octocat"),
        "{home}"
    );
    site.page(&browser, "/logout").await;
    let home = site.page(&browser, "/").await;
    assert!(
        home.contains("Tokens in the database: 0") && home.contains("Log in"),
        "{home}"
    );
    site.server.stop(false).await;
}
