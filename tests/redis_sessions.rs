//! Sessions kept in Redis (`Dance::with_redis_sessions`), on the Redis `.ci/services/redis.sh`
//! starts: the cookie holds only an id, a dance started on one instance finishes on another, a
//! replayed callback with an older cookie is refused because the attempt is gone server-side,
//! and while Redis is down every page is a clear 503, never a 500, until Redis is back.
//!
//! The outage test stops the shared Redis: it takes the write side of [`REDIS`], every other
//! test the read side.

mod redis_support;

use std::sync::Arc;

use oauth_dance::{Dance, RedisSessions, SESSION_COOKIE};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use redis_support::TestRedis;
use reqwest::cookie::{CookieStore, Jar};
use tokio::sync::RwLock;

static REDIS: RwLock<()> = RwLock::const_new(());

/// An app on `dev` with its sessions in `redis`.
async fn app(dev: &DevProvider, redis: &TestRedis) -> TestApp {
    let bp = dev_builder(dev, "dev").build().unwrap();
    let sessions = RedisSessions::connect(&redis.url).await.unwrap();
    serve(
        Dance::with_redis_sessions(fixed_key(), sessions).blueprint(&bp),
        vec![bp],
    )
}

/// One key for every app of this binary, as instances of one app share theirs.
fn fixed_key() -> actix_web::cookie::Key {
    actix_web::cookie::Key::from(&[7u8; 64])
}

/// A browser whose cookie jar the test can read and write.
fn browser_with_jar() -> (Browser, Arc<Jar>) {
    oauth_dance::install_crypto_provider();
    let jar = Arc::new(Jar::default());
    let http = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (Browser { http }, jar)
}

/// The session cookie the jar sends to `url`.
fn session_cookie(jar: &Jar, url: &str) -> String {
    let header = jar.cookies(&url.parse().unwrap()).expect("a cookie");
    let header = header.to_str().unwrap().to_string();
    header
        .split("; ")
        .find(|c| c.starts_with(&format!("{SESSION_COOKIE}=")))
        .expect("the session cookie")
        .to_string()
}

fn token_requests(dev: &DevProvider) -> usize {
    dev.requests().iter().filter(|r| r.path == "/token").count()
}

#[actix_web::test]
async fn the_session_lives_in_redis_and_the_cookie_holds_only_an_id() {
    let Some(redis) = TestRedis::from_env("redis_sessions") else {
        return;
    };
    let _shared = REDIS.read().await;
    let dev = DevProvider::start().unwrap();
    let (first, second) = (app(&dev, &redis).await, app(&dev, &redis).await);
    let (browser, jar) = browser_with_jar();
    let done = browser
        .dance(&dev, &first.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    // The token is in the session (the default storage), yet the cookie is an id's size.
    let cookie = session_cookie(&jar, &first.url);
    assert!(cookie.len() < 200, "{} bytes: {cookie}", cookie.len());
    let keys = std::process::Command::new("redis-cli")
        .args([
            "-u",
            &redis.url,
            "--scan",
            "--pattern",
            "oauth_dance_session:*",
        ])
        .output()
        .unwrap();
    assert!(!keys.stdout.is_empty(), "the session is in Redis");
    let token = browser.token(&first, "dev").await;
    assert!(token.is_some());
    assert_eq!(
        browser.token(&second, "dev").await,
        token,
        "the other instance reads it"
    );
}

#[actix_web::test]
async fn a_replayed_callback_with_an_older_cookie_is_refused() {
    let Some(redis) = TestRedis::from_env("redis_sessions") else {
        return;
    };
    let _shared = REDIS.read().await;
    let dev = DevProvider::start().unwrap();
    let app = app(&dev, &redis).await;
    let (browser, jar) = browser_with_jar();
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let older = session_cookie(&jar, &app.url);
    assert_eq!(browser.get(&callback).await.status, 302);
    assert_eq!(token_requests(&dev), 1);

    jar.add_cookie_str(&older, &app.url.parse().unwrap());
    let replay = browser.get(&callback).await;
    // Refused before the provider hears of it: the attempt is gone from the session in Redis.
    assert_eq!(
        token_requests(&dev),
        1,
        "the replay reached the provider: {replay:?}"
    );
    assert_ne!(replay.status, 200, "{replay:?}");
    assert!(replay.status < 500, "{replay:?}");
}

#[actix_web::test]
async fn while_redis_is_down_every_page_is_a_503_and_sessions_come_back_with_it() {
    let Some(redis) = TestRedis::from_env("redis_sessions") else {
        return;
    };
    let _alone = REDIS.write().await;
    let dev = DevProvider::start().unwrap();
    let app = app(&dev, &redis).await;
    let browser = Browser::new();
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;

    let stopped = redis.stop();
    for url in [
        callback,
        app.at("/login/dev"),
        app.at("/token/dev"),
        app.at("/"),
    ] {
        let page = browser.get(&url).await;
        assert_eq!(page.status, 503, "{url}: {page:?}");
        assert!(page.body.contains("session_store_unavailable"), "{page:?}");
        assert_eq!(page.headers["retry-after"], "5");
        for internal in ["redis", "Redis", "refused", "os error"] {
            assert!(
                !page.body.contains(internal),
                "{internal} on the page: {}",
                page.body
            );
        }
    }

    stopped.start();
    // The store reconnects by itself; the first request may still meet the old connection.
    let mut status = 0;
    for _ in 0..50 {
        status = browser.get(&app.at("/")).await.status;
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "the app answers again once Redis is back");
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(
        browser.token(&app, "dev").await.is_some(),
        "a new dance works"
    );
}
