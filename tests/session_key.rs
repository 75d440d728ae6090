//! A fixed session key shared by every instance of an app: a dance done on one instance is
//! seen by the others (a generated key per instance loses it), and the key comes from
//! OAUTH_DANCE_SESSION_KEY as hex or base64.

use actix_web::cookie::Key;
use oauth_dance::{Dance, parse_session_key};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, TestApp, dev_builder, serve};

/// Two instances of one app (same blueprint, same provider), with these session keys. The
/// browser's cookie jar sends the session cookie to both (cookies ignore ports).
fn two_instances(dev: &DevProvider, first: Key, second: Key) -> (TestApp, TestApp) {
    let bp = dev_builder(dev, "dev").build().unwrap();
    let one = serve(Dance::new(first).blueprint(&bp), vec![bp.clone()]);
    let two = serve(Dance::new(second).blueprint(&bp), vec![bp]);
    (one, two)
}

fn fixed_key() -> Key {
    parse_session_key(&"5e".repeat(64)).unwrap()
}

#[actix_web::test]
async fn with_one_fixed_key_a_login_on_one_instance_holds_on_the_other() {
    let dev = DevProvider::start().unwrap();
    let (one, two) = two_instances(&dev, fixed_key(), fixed_key());
    let browser = Browser::new();
    browser
        .dance(&dev, &one.at("/login/dev"), "allow", "octocat")
        .await;
    let token = browser.token(&one, "dev").await;
    assert!(token.is_some());
    assert_eq!(browser.token(&two, "dev").await, token);
}

#[actix_web::test]
async fn with_a_key_generated_per_instance_the_other_instance_has_no_login() {
    let dev = DevProvider::start().unwrap();
    let (one, two) = two_instances(&dev, Key::generate(), Key::generate());
    let browser = Browser::new();
    browser
        .dance(&dev, &one.at("/login/dev"), "allow", "octocat")
        .await;
    assert!(browser.token(&one, "dev").await.is_some());
    assert_eq!(browser.token(&two, "dev").await, None);
}
