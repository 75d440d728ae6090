//! A blueprint's storage swapped by name in a test, the app's code untouched: the seed's two
//! testing examples (`monkeypatch.setattr(blueprint, "storage", ...)`), and `NullStorage`.

use actix_web::test as http;
use oauth_dance::Overrides;
use oauth_dance::storage::{MemoryStorage, NullStorage};
use oauth_dance_dev::kit::{self, Browser, serve_with};
use oauth_dance_dev::{DevProvider, kit::dev_builder};

use super::support::{github_app, github_blueprint};

#[actix_web::test]
async fn unauthorized_the_home_page_redirects_to_the_login() {
    let swapped = Overrides::new().storage("github", MemoryStorage::new());
    let app = http::init_service(github_app(github_blueprint()).app_data(swapped)).await;
    let response = http::call_service(&app, http::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers().get("location").unwrap(), "/login/github");
}

#[actix_web::test]
async fn authorized_with_a_memory_token_the_home_page_says_so() {
    let token = MemoryStorage::with_token(kit::token("fake-token"));
    let swapped = Overrides::new().storage("github", token);
    let app = http::init_service(github_app(github_blueprint()).app_data(swapped)).await;
    let response = http::call_service(&app, http::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(http::read_body(response).await, "You are authorized");
}

#[actix_web::test]
async fn a_swap_for_another_blueprint_leaves_this_one_alone() {
    let token = MemoryStorage::with_token(kit::token("fake-token"));
    let swapped = Overrides::new().storage("google", token);
    let app = http::init_service(github_app(github_blueprint()).app_data(swapped)).await;
    let response = http::call_service(&app, http::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(
        response.status(),
        302,
        "github's own (session) storage is empty"
    );
}

/// With `NullStorage`, a whole dance against the dev provider succeeds and nothing is kept.
#[actix_web::test]
async fn null_storage_keeps_nothing_from_a_real_dance() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let dance = oauth_dance::Dance::new(kit::key()).blueprint(&bp);
    let overrides = Overrides::new().storage("dev", NullStorage);
    let app = serve_with(dance, vec![bp], move |cfg| {
        cfg.app_data(overrides.clone());
    });
    let browser = Browser::new();
    let back = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(back.status, 302, "{back:?}");
    assert_eq!(browser.token(&app, "dev").await, None);
}

/// The same dance without the swap keeps the token: the swap is what made the difference.
#[actix_web::test]
async fn without_the_swap_the_same_dance_keeps_the_token() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let dance = oauth_dance::Dance::new(kit::key()).blueprint(&bp);
    let app = serve_with(dance, vec![bp], |_| {});
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert!(browser.token(&app, "dev").await.is_some());
}
