//! Mock login (OmniAuth's `mock_auth`): the login route completes or fails the dance at once,
//! with a chosen token, user or error, and no provider anywhere.

use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::{Dance, DanceError, OAuth2Builder, Overrides};
use oauth_dance_dev::kit::{self, Browser, Calls, MockLogin, OverridesExt, serve_with};

/// An app with a `dev` blueprint pointed at a provider that does not exist (port 9, discard),
/// its `authorized` hooks recorded, and `overrides` installed.
fn app_with(overrides: Overrides, calls: &Calls) -> kit::TestApp {
    let seen = calls.clone();
    let bp = OAuth2Builder::new("dev")
        .client_id("id")
        .client_secret("secret")
        .authorization_url("http://127.0.0.1:9/authorize")
        .token_url("http://127.0.0.1:9/token")
        .base_url("http://127.0.0.1:9/api/")
        .on_authorized(move |event| {
            seen.push(format!("authorized:{}", event.token.access_token()));
            async { AuthorizedOutcome::Continue }
        })
        .build()
        .unwrap();
    let dance = Dance::new(kit::key()).blueprint(&bp);
    serve_with(dance, vec![bp], move |cfg| {
        cfg.app_data(overrides.clone());
    })
}

#[actix_web::test]
async fn a_mock_login_with_a_token_stores_it_and_runs_the_hooks() {
    let calls = Calls::default();
    let mock = MockLogin::token(kit::token("chosen-token"));
    let app = app_with(Overrides::new().mock_login("dev", mock), &calls);
    let browser = Browser::new();
    let back = browser.get(&app.at("/login/dev?next=/elsewhere")).await;
    assert_eq!(back.status, 302, "{back:?}");
    assert_eq!(back.location.as_deref(), Some("/elsewhere"));
    assert_eq!(
        browser.token(&app, "dev").await.as_deref(),
        Some("chosen-token")
    );
    assert_eq!(calls.all(), vec!["authorized:chosen-token"]);
}

#[actix_web::test]
async fn a_mock_login_as_a_user_answers_the_api_with_that_user() {
    let mock = MockLogin::user("user", serde_json::json!({"login": "mona", "id": 7}));
    let app = app_with(Overrides::new().mock_login("dev", mock), &Calls::default());
    let browser = Browser::new();
    browser.get(&app.at("/login/dev")).await;
    let user = browser.get(&app.at("/user/dev")).await;
    assert_eq!(user.status, 200, "{user:?}");
    let user: serde_json::Value = serde_json::from_str(&user.body).unwrap();
    assert_eq!(user["login"], "mona");
    // Any other API call fails, naming what the mock answers.
    let other = browser.get(&app.at("/echo/dev")).await;
    assert_eq!(other.status, 502, "{other:?}");
}

#[actix_web::test]
async fn a_denied_mock_login_redirects_back_with_the_error() {
    let calls = Calls::default();
    let app = app_with(
        Overrides::new().mock_login("dev", MockLogin::denied()),
        &calls,
    );
    let browser = Browser::new();
    let back = browser.get(&app.at("/login/dev")).await;
    assert_eq!(back.status, 302, "{back:?}");
    let home = browser.get(&app.at("/")).await;
    assert_eq!(home.body, "failed: access_denied (dev)");
    assert_eq!(browser.token(&app, "dev").await, None);
    assert!(calls.all().is_empty(), "{:?}", calls.all());
}

#[actix_web::test]
async fn a_mock_login_failing_otherwise_shows_the_failure_page() {
    let mock = MockLogin::error(DanceError::StateMismatch);
    let app = app_with(Overrides::new().mock_login("dev", mock), &Calls::default());
    let browser = Browser::new();
    let page = browser.get(&app.at("/login/dev")).await;
    assert_eq!(page.status, 400, "{page:?}");
    assert_eq!(browser.token(&app, "dev").await, None);
}

#[actix_web::test]
async fn a_mock_login_ignores_a_next_that_leaves_the_site() {
    let mock = MockLogin::token(kit::token("chosen-token"));
    let app = app_with(Overrides::new().mock_login("dev", mock), &Calls::default());
    let back = Browser::new()
        .get(&app.at("/login/dev?next=https://evil.example/"))
        .await;
    assert_eq!(back.status, 302, "{back:?}");
    assert_eq!(back.location.as_deref(), Some("/"));
}
