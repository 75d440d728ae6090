//! The embedded dev provider from a user's test: started with the users the test wants, and any
//! blueprint (a preset's, a derived provider's, a plain one, OAuth 2 or OAuth 1) pointed at it
//! with one call, `.endpoints(&dev)`.

use oauth_dance::contrib::{google, twitter};
use oauth_dance::{Blueprint, Dance, OAuth2Builder, OAuthProvider};
use oauth_dance_dev::kit::{self, Browser, serve};
use oauth_dance_dev::{DevProvider, DevUser};

#[derive(OAuthProvider)]
#[oauth(
    name = "acme",
    base_url = "https://api.acme.example/",
    authorization_url = "https://acme.example/authorize",
    token_url = "https://acme.example/token"
)]
struct Acme;

fn with_alice() -> DevProvider {
    DevProvider::builder()
        .user(DevUser::new(
            "alice",
            10,
            "Alice Liddell",
            "alice@example.com",
        ))
        .start()
        .unwrap()
}

/// Dances with `bp` as `user` and returns the body of the app's `/user/{name}` page.
async fn dance_and_fetch_user(dev: &DevProvider, bp: Blueprint, user: &str) -> serde_json::Value {
    let name = bp.name().to_string();
    let app = serve(Dance::new(kit::key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let back = browser
        .dance(dev, &app.at(&format!("/login/{name}")), "allow", user)
        .await;
    assert_eq!(back.status, 302, "{back:?}");
    let page = browser.get(&app.at(&format!("/user/{name}"))).await;
    serde_json::from_str(&page.body).unwrap_or_else(|_| panic!("{page:?}"))
}

#[actix_web::test]
async fn a_preset_dances_with_the_test_s_own_user() {
    let dev = with_alice();
    let bp = google::blueprint().endpoints(&dev).build().unwrap();
    let user = dance_and_fetch_user(&dev, bp, "alice").await;
    assert_eq!(user["login"], "alice");
    assert_eq!(user["email"], "alice@example.com");
}

#[actix_web::test]
async fn a_derived_provider_dances_after_one_call() {
    let dev = DevProvider::start().unwrap();
    let bp = Acme::blueprint().endpoints(&dev).build().unwrap();
    let user = dance_and_fetch_user(&dev, bp, "hubot").await;
    assert_eq!(user["login"], "hubot");
}

#[actix_web::test]
async fn a_plain_builder_dances_after_one_call() {
    let dev = DevProvider::start().unwrap();
    let bp = OAuth2Builder::new("plain").endpoints(&dev).build().unwrap();
    let user = dance_and_fetch_user(&dev, bp, "octocat").await;
    assert_eq!(user["login"], "octocat");
}

#[actix_web::test]
async fn an_oauth1_preset_dances_after_one_call() {
    let dev = DevProvider::start().unwrap();
    let bp = twitter::blueprint().endpoints(&dev).build().unwrap();
    let app = serve(Dance::new(kit::key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let back = browser
        .dance(&dev, &app.at("/login/twitter"), "allow", "octocat")
        .await;
    assert_eq!(back.status, 302, "{back:?}");
    let token = browser.get(&app.at("/token/twitter")).await;
    assert!(token.body.contains("\"authorized\":true"), "{token:?}");
}

#[test]
fn none_leaves_the_builder_pointed_at_the_real_provider() {
    let real = google::blueprint()
        .client_id("id")
        .client_secret("secret")
        .endpoints(&None::<DevProvider>)
        .build()
        .unwrap();
    assert_eq!(real.base_url().as_str(), "https://www.googleapis.com/");
}
