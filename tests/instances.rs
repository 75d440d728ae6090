//! Two instances of one app, as behind a load balancer: the login attempt lives in the user's
//! encrypted session, not in the process, so a dance started on one instance finishes on
//! another that shares the session key and the public URL.

use oauth_dance::Dance;
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;

const PUBLIC: &str = "http://app.example";

#[actix_web::test]
async fn a_dance_started_on_one_instance_finishes_on_another_with_the_same_key() {
    let dev = DevProvider::start().unwrap();
    let key = key();
    let instance = |key| {
        let bp = dev_builder(&dev, "dev").build().unwrap();
        let dance = Dance::new(key).public_url(PUBLIC).unwrap().blueprint(&bp);
        serve(dance, vec![bp])
    };
    let (first, second) = (instance(key.clone()), instance(key));
    let browser = Browser::new();
    let (_, form) = browser.start_login(&first.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let on_second = callback.replace(PUBLIC, &second.at(""));
    assert_ne!(
        on_second, callback,
        "the callback goes to the public URL: {callback}"
    );
    let done = browser.get(&on_second).await;
    assert_eq!(done.status, 302, "{done:?}");
    let token = browser.token(&second, "dev").await;
    assert!(token.is_some(), "the second instance stored the token");
    assert_eq!(
        browser.token(&first, "dev").await,
        token,
        "and the first reads it"
    );
}

#[actix_web::test]
async fn an_instance_with_another_session_key_cannot_finish_the_dance() {
    let dev = DevProvider::start().unwrap();
    let instance = || {
        let bp = dev_builder(&dev, "dev").build().unwrap();
        let dance = Dance::new(key()).public_url(PUBLIC).unwrap().blueprint(&bp);
        serve(dance, vec![bp])
    };
    let (first, second) = (instance(), instance());
    let browser = Browser::new();
    let (_, form) = browser.start_login(&first.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let done = browser.get(&callback.replace(PUBLIC, &second.at(""))).await;
    // The session it cannot read has no login attempt: the user is sent to log in again.
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(done.location.as_deref(), Some("/login/dev"), "{done:?}");
    assert_eq!(browser.token(&second, "dev").await, None);
    assert_eq!(browser.token(&first, "dev").await, None);
}
