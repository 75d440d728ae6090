//! Whole OAuth 1 dances against the dev provider, over real HTTP.

use oauth_dance::Dance;
use oauth_dance::flow::oauth1::{SignatureMethod, SignaturePlacement};
use oauth_dance::storage::MemoryStorage;
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, TestApp, key, param, serve, serve_with};
use serde_json::Value;

use crate::support::{oauth1_builder, token_route};

async fn json(browser: &Browser, url: &str) -> Value {
    let step = browser.get(url).await;
    serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{step:?}"))
}

/// What the app kept: an authorized OAuth 1 token with the provider's fields.
async fn check_stored_token(browser: &Browser, app: &TestApp, method: SignatureMethod) {
    let stored = json(browser, &app.at("/oauth1_token/dev")).await;
    assert_eq!(stored["authorized"], true, "{method:?}");
    let fields = stored["fields"].to_string();
    for field in [
        "oauth_token",
        "oauth_token_secret",
        "user_id",
        "screen_name",
    ] {
        assert!(fields.contains(field), "{field} in {fields}");
    }
}

/// An API call with a form body, echoed by the provider: signed with `method`, its protocol
/// parameters where `placement` puts them, the form still there.
async fn check_signed_call(
    browser: &Browser,
    app: &TestApp,
    method: SignatureMethod,
    placement: SignaturePlacement,
) {
    let echoed = json(browser, &app.at("/echo_form/dev")).await;
    assert_eq!(echoed["oauth"]["oauth_signature_method"], method.name());
    let where_ = match placement {
        SignaturePlacement::Header => echoed["headers"].to_string(),
        SignaturePlacement::Query => echoed["query"].to_string(),
        _ => echoed["body"].to_string(),
    };
    assert!(
        where_.contains("oauth_signature"),
        "{placement:?}: {echoed}"
    );
    assert!(
        echoed["body"].as_str().unwrap().contains("text=hi"),
        "{echoed}"
    );
}

/// The access-token request carried the verifier (and so was signed with the request token).
fn check_exchange_carried_the_verifier(dev: &DevProvider) {
    let exchange = dev
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == "/oauth1/access_token")
        .unwrap();
    let signed = format!(
        "{} {} {}",
        exchange.header("authorization").unwrap_or(""),
        exchange.query,
        exchange.body
    );
    assert!(signed.contains("oauth_verifier"), "{signed}");
}

/// A dance with each signature method and placement: the token is stored, API calls are
/// signed with it (the provider verifies each, nonce included), and the provider saw the
/// request-token secret sign the access-token request.
#[actix_web::test]
async fn every_method_and_placement_dances_and_signs_api_calls() {
    let dev = DevProvider::start().unwrap();
    let cases = [
        (SignatureMethod::HmacSha1, SignaturePlacement::Header),
        (SignatureMethod::HmacSha256, SignaturePlacement::Query),
        (SignatureMethod::Plaintext, SignaturePlacement::Body),
        (SignatureMethod::RsaSha1, SignaturePlacement::Header),
    ];
    for (method, placement) in cases {
        let bp = oauth1_builder(&dev, "dev")
            .signature_method(method)
            .signature_placement(placement)
            .rsa_key(dev.rsa_private_key_pem())
            .build()
            .unwrap();
        let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], token_route);
        let browser = Browser::new();
        let done = browser
            .dance(&dev, &app.at("/login/dev"), "allow", "hubot")
            .await;
        assert_eq!(
            (done.status, done.location.as_deref()),
            (302, Some("/")),
            "{method:?}: {done:?}"
        );
        check_stored_token(&browser, &app, method).await;
        assert_eq!(json(&browser, &app.at("/user/dev")).await["login"], "hubot");
        check_signed_call(&browser, &app, method, placement).await;
        check_exchange_carried_the_verifier(&dev);
    }
}

/// The request token names the attempt, so two logins in two tabs both complete, in either
/// order, and each callback works once.
#[actix_web::test]
async fn two_tabs_both_complete() {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::new();
    let bp = oauth1_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let (first_url, first) = browser.start_login(&app.at("/login/dev?next=/one")).await;
    let (second_url, second) = browser.start_login(&app.at("/login/dev?next=/two")).await;
    assert_ne!(
        param(&first_url, "oauth_token"),
        param(&second_url, "oauth_token")
    );
    let second_back = browser.decide(&dev, &second, "allow", "octocat").await;
    let first_back = browser.decide(&dev, &first, "allow", "octocat").await;
    assert_eq!(
        browser.get(&second_back).await.location.as_deref(),
        Some("/two")
    );
    assert_eq!(
        browser.get(&first_back).await.location.as_deref(),
        Some("/one")
    );
    assert!(storage.token().unwrap().get("oauth_token_secret").is_some());
    // A replayed callback of a finished dance sends the logged-in user on, and asks nothing of
    // the provider.
    let exchanges = dev.requests().len();
    let again = browser.get(&first_back).await;
    assert_eq!(again.status, 302, "{again:?}");
    assert_eq!(dev.requests().len(), exchanges);
}

/// An OAuth 1 token round-trips through the cookie session and memory storage, and its
/// secrets stay out of `Debug` output and the session cookie's clear text.
#[actix_web::test]
async fn tokens_round_trip_through_session_and_memory_storage() {
    let dev = DevProvider::start().unwrap();
    let memory = MemoryStorage::new();
    let in_session = oauth1_builder(&dev, "session").build().unwrap();
    let in_memory = oauth1_builder(&dev, "memory")
        .storage(memory.clone())
        .build()
        .unwrap();
    let dance = Dance::new(key())
        .blueprint(&in_session)
        .blueprint(&in_memory);
    let app = serve_with(dance, vec![in_session.clone(), in_memory], token_route);
    let browser = Browser::new();
    for name in ["session", "memory"] {
        let done = browser
            .dance(&dev, &app.at(&format!("/login/{name}")), "allow", "octocat")
            .await;
        assert_eq!(done.status, 302, "{done:?}");
        for cookie in done.headers.get_all("set-cookie") {
            assert!(
                !cookie.to_str().unwrap().contains("dev_as1_"),
                "the cookie is encrypted"
            );
        }
        assert_eq!(
            json(&browser, &app.at(&format!("/user/{name}"))).await["login"],
            "octocat"
        );
    }
    let token = memory.token().unwrap();
    let secret = token
        .get("oauth_token_secret")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    let back: oauth_dance::Token =
        serde_json::from_str(&serde_json::to_string(&token).unwrap()).unwrap();
    assert_eq!(back, token);
    assert!(!format!("{token:?}").contains(&secret));
    let shown = format!("{in_session:?}");
    assert!(!shown.contains(dev.client_secret()), "{shown}");
}
