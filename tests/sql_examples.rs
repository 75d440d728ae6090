//! The SQL storage examples, served in this process on a free port against a dev provider of
//! the test's own, and danced through as a user would (Twitter's over OAuth 1.0a). Each example is included as a module
//! (so each brings its own copy of `examples/sql_common`, as it does when built alone).

#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../examples/sql_facebook.rs"]
mod facebook;
#[allow(dead_code)]
#[path = "../examples/sql_github_users.rs"]
mod github_users;
#[allow(dead_code)]
#[path = "../examples/sql_google.rs"]
mod google;
#[allow(dead_code)]
#[path = "../examples/sql_google_local_accounts.rs"]
mod google_local_accounts;
#[allow(dead_code)]
#[path = "../examples/sql_heroku.rs"]
mod heroku;
#[allow(dead_code)]
#[path = "../examples/sql_logout.rs"]
mod logout;
#[allow(dead_code)]
#[path = "../examples/sql_multi_provider.rs"]
mod multi_provider;
#[allow(dead_code)]
#[path = "../examples/sql_twitter.rs"]
mod twitter;

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

    /// `POST path` with `form`, for `browser`: the status and the body.
    async fn post(&self, browser: &Browser, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let step = browser
            .post_form(&format!("{}{path}", self.base), form)
            .await;
        (step.status, step.body)
    }
}

/// A site that creates local users on first login with `provider` (its display name
/// `display`): the first login of a provider account creates local user #1, named `local` (what
/// the provider calls octocat); another account gets #2; octocat in a new browser is #1 again;
/// logging out ends the session only.
async fn creates_users_on_first_login(site: Site, provider: &str, display: &str, local: &str) {
    let browser = Browser::new();
    let login_link = format!("<a href=\"/login/{provider}\">Log in with {display}</a>");
    assert_eq!(site.page(&browser, "/").await, login_link);
    assert_eq!(site.log_in(&browser, provider, "octocat").await, 302);
    let home = site.page(&browser, "/").await;
    let greeting = format!("Local user #1 ({local}) · {local} on {display}");
    assert!(home.starts_with(&greeting), "{home}");
    assert!(home.ends_with("<a href=\"/logout\">Log out</a>"), "{home}");

    let hubot = Browser::new();
    site.log_in(&hubot, provider, "hubot").await;
    assert!(site.page(&hubot, "/").await.starts_with("Local user #2 "));
    let again = Browser::new();
    site.log_in(&again, provider, "octocat").await;
    let home = site.page(&again, "/").await;
    assert!(home.starts_with(&greeting), "{home}");

    site.page(&browser, "/logout").await;
    assert_eq!(site.page(&browser, "/").await, login_link);
    site.server.stop(false).await;
}

/// A test that example `$example` creates local users on first login with `$provider`.
macro_rules! creates_users {
    ($test:ident, $example:ident, $provider:literal, $display:literal, $local:literal) => {
        #[actix_web::test]
        async fn $test() {
            let site = site!($example);
            creates_users_on_first_login(site, $provider, $display, $local).await;
        }
    };
}

creates_users!(
    sql_google_creates_users,
    google,
    "google",
    "Google",
    "octocat@example.com"
);
creates_users!(
    sql_facebook_creates_users,
    facebook,
    "facebook",
    "Facebook",
    "The Octocat"
);
creates_users!(
    sql_heroku_creates_users,
    heroku,
    "heroku",
    "Heroku",
    "octocat@example.com"
);
// Over OAuth 1.0a: the token and its secret kept in SQL.
creates_users!(
    sql_twitter_creates_users,
    twitter,
    "twitter",
    "Twitter",
    "octocat"
);

#[actix_web::test]
async fn local_accounts_sign_in_with_a_password_and_with_a_linked_google_account() {
    let site = site!(google_local_accounts);
    let alice = Browser::new();
    let me = [("name", "alice"), ("password", "correct horse")];
    assert_eq!(site.post(&alice, "/register", &me).await.0, 302);
    let home = site.page(&alice, "/").await;
    assert!(
        home.starts_with("Signed in as alice · <a href=\"/login/google\">Link Google</a>"),
        "{home}"
    );
    // Linking Google while signed in.
    assert_eq!(site.log_in(&alice, "google", "octocat").await, 302);
    let linked = site.page(&alice, "/").await;
    assert!(
        linked.starts_with("Signed in as alice · Google: octocat@example.com"),
        "{linked}"
    );
    // Signed out, "Log in with Google" signs in to the linked local account.
    site.page(&alice, "/logout").await;
    assert!(site.page(&alice, "/").await.contains("Register"));
    assert_eq!(site.log_in(&alice, "google", "octocat").await, 302);
    assert_eq!(site.page(&alice, "/").await, linked);
    // The password still works, and a wrong one or an unknown name gets the same refusal.
    site.page(&alice, "/logout").await;
    let wrong = [("name", "alice"), ("password", "wrong horse")];
    let unknown = [("name", "bob"), ("password", "correct horse")];
    for form in [&wrong, &unknown] {
        let (status, body) = site.post(&alice, "/signin", form).await;
        assert_eq!(
            (status, body.contains("Wrong name or password.")),
            (401, true)
        );
    }
    assert_eq!(site.post(&alice, "/signin", &me).await.0, 302);
    assert_eq!(site.page(&alice, "/").await, linked);
    site.server.stop(false).await;
}

#[actix_web::test]
async fn local_accounts_refuse_an_unlinked_google_account_a_taken_name_and_a_short_password() {
    let site = site!(google_local_accounts);
    let visitor = Browser::new();
    let refused = site.log_in(&visitor, "google", "hubot").await;
    assert_eq!(refused, 403);
    assert!(site.page(&visitor, "/").await.contains("Register"));

    let alice = [("name", "alice"), ("password", "correct horse")];
    assert_eq!(site.post(&visitor, "/register", &alice).await.0, 302);
    let other = Browser::new();
    let (status, body) = site.post(&other, "/register", &alice).await;
    assert_eq!((status, body.contains("That name is taken.")), (409, true));
    let short = [("name", "carol"), ("password", "short")];
    assert_eq!(site.post(&other, "/register", &short).await.0, 400);
    // Google's octocat linked to alice cannot be linked to carol too.
    site.log_in(&visitor, "google", "octocat").await;
    let carol = [("name", "carol"), ("password", "another horse")];
    assert_eq!(site.post(&other, "/register", &carol).await.0, 302);
    assert_eq!(site.log_in(&other, "google", "octocat").await, 409);
    assert!(site.page(&other, "/").await.contains("Link Google"));
    site.server.stop(false).await;
}

#[actix_web::test]
async fn github_users_creates_a_local_user_on_first_login_and_finds_it_again() {
    let site = site!(github_users);
    let browser = Browser::new();
    assert_eq!(site.log_in(&browser, "github", "octocat").await, 302);
    let home = site.page(&browser, "/").await;
    assert!(
        home.starts_with("Local user #1 (octocat) · octocat on GitHub"),
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
