//! The SQL storage examples, danced through as a user would: those that create users on first
//! login as processes (each starts its own dev provider; Twitter's dances over OAuth 1.0a), the
//! others served in this process on a free port against a dev provider of the test's own (each
//! included as a module, so each brings its own copy of `examples/sql_common`, as it does when
//! built alone). `cargo test` builds the examples before the tests.

#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../examples/sql_google_local_accounts.rs"]
mod google_local_accounts;
#[allow(dead_code)]
#[path = "../examples/sql_logout.rs"]
mod logout;
#[allow(dead_code)]
#[path = "../examples/sql_multi_provider.rs"]
mod multi_provider;

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{self, Browser};

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

/// Example `name` as a process, offline (its own dev provider, SQLite in memory, a generated
/// session key): `var`, the client ID variable that would make it use the real provider, unset.
fn offline_example(name: &str, var: &str) -> kit::Site {
    let mut command = kit::Site::example_command(name);
    command
        .env_remove(var)
        .env_remove("DATABASE_URL")
        .env_remove(oauth_dance::SESSION_KEY_VAR);
    kit::Site::start(command)
}

/// Example `name` creates local users on first login with `provider` (its display name
/// `display`): the first login of a provider account creates local user #1, named `local` (what
/// the provider calls octocat); another account gets #2; octocat in a new browser is #1 again;
/// logging out ends the session only.
async fn creates_users_on_first_login(site: kit::Site, provider: &str, display: &str, local: &str) {
    let log_in = async |browser: &Browser, user: &str| {
        let url = site.at(&format!("/login/{provider}"));
        browser.dance_through(&url, "allow", user).await.status
    };
    let home = async |browser: &Browser| browser.get(&site.at("/")).await.body;
    let browser = Browser::new();
    let login_link = format!("<a href=\"/login/{provider}\">Log in with {display}</a>");
    assert_eq!(home(&browser).await, login_link);
    assert_eq!(log_in(&browser, "octocat").await, 302);
    let greeting = format!("Local user #1 ({local}) · {local} on {display}");
    let page = home(&browser).await;
    assert!(page.starts_with(&greeting), "{page}");
    assert!(page.ends_with("<a href=\"/logout\">Log out</a>"), "{page}");

    let hubot = Browser::new();
    log_in(&hubot, "hubot").await;
    assert!(home(&hubot).await.starts_with("Local user #2 "));
    let again = Browser::new();
    log_in(&again, "octocat").await;
    let page = home(&again).await;
    assert!(page.starts_with(&greeting), "{page}");

    browser.get(&site.at("/logout")).await;
    assert_eq!(home(&browser).await, login_link);
}

/// A test that example `$example` (offline unless `$var`) creates local users on first login.
macro_rules! creates_users {
    ($test:ident, $example:literal, $var:literal, $provider:literal, $display:literal, $local:literal) => {
        #[actix_web::test]
        async fn $test() {
            let site = offline_example($example, $var);
            creates_users_on_first_login(site, $provider, $display, $local).await;
        }
    };
}

creates_users!(
    sql_github_users_creates_users,
    "sql_github_users",
    "GITHUB_OAUTH_CLIENT_ID",
    "github",
    "GitHub",
    "octocat"
);
creates_users!(
    sql_google_creates_users,
    "sql_google",
    "GOOGLE_OAUTH_CLIENT_ID",
    "google",
    "Google",
    "octocat@example.com"
);
creates_users!(
    sql_facebook_creates_users,
    "sql_facebook",
    "FACEBOOK_OAUTH_CLIENT_ID",
    "facebook",
    "Facebook",
    "The Octocat"
);
creates_users!(
    sql_heroku_creates_users,
    "sql_heroku",
    "HEROKU_OAUTH_CLIENT_ID",
    "heroku",
    "Heroku",
    "octocat@example.com"
);
// Over OAuth 1.0a: the token and its secret kept in SQL.
creates_users!(
    sql_twitter_creates_users,
    "sql_twitter",
    "TWITTER_OAUTH_CLIENT_KEY",
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
