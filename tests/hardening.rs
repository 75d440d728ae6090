//! Bad input from outside, as an attacker or a careless provider would send it: each gets a
//! clear 4xx (or the provider's honest 5xx), stores nothing and shows no secret. One test per
//! finding of the hardening issue; each failed on the code before it.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use oauth_dance::storage::{
    MemoryStorage, NullStorage, StorageContext, StorageError, TokenStorage,
};
use oauth_dance::{Client, Dance, OAuth2Builder, Token};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour};
use reqwest::header::{COOKIE, HOST, SET_COOKIE};
use serde_json::{Value, json};

/// A callback URL of a fresh attempt of `browser`, consented to as octocat.
async fn fresh_callback(fixture: &Fixture) -> String {
    let (_, form) = fixture
        .browser
        .start_login(&fixture.app.at("/login/dev"))
        .await;
    fixture
        .browser
        .decide(&fixture.dev, &form, "allow", "octocat")
        .await
}

/// A change to a callback URL.
type Mutation = fn(&str) -> String;

#[actix_web::test]
async fn codes_the_provider_rejects_are_400s_and_store_nothing() {
    let storage = MemoryStorage::new();
    let fixture = Fixture::new(|b| b.storage(storage.clone()));
    let mutations: [(&str, Mutation); 4] = [
        ("empty", |url| with_param(url, "code", Some(""))),
        ("unknown", |url| with_param(url, "code", Some("not-a-code"))),
        ("repeated, the first bogus", |url| {
            format!(
                "{}&code={}",
                with_param(url, "code", Some("bogus")),
                param(url, "code").unwrap()
            )
        }),
        ("not UTF-8", |url| {
            format!("{}&code=%FF", with_param(url, "code", None))
        }),
    ];
    for (what, mutate) in mutations {
        let callback = fresh_callback(&fixture).await;
        let done = fixture.browser.get(&mutate(&callback)).await;
        assert_eq!(done.status, 400, "{what}: {done:?}");
        assert!(storage.token().is_none(), "{what}: nothing stored");
    }
}

#[actix_web::test]
async fn repeated_callback_parameters_are_400s() {
    let fixture = Fixture::new(|b| b.storage(NullStorage));
    for name in ["state", "error", "iss"] {
        let callback = fresh_callback(&fixture).await;
        let done = fixture
            .browser
            .get(&format!("{callback}&{name}=again&{name}=twice"))
            .await;
        assert_eq!(done.status, 400, "{name}: {done:?}");
        assert!(done.body.contains("bad_callback"), "{name}: {}", done.body);
    }
}

#[test]
fn a_stalled_provider_holds_the_browser_10_seconds_by_default() {
    let bp = OAuth2Builder::new("t")
        .client_id("id")
        .client_secret("s")
        .authorization_url("https://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/")
        .build()
        .unwrap();
    assert_eq!(bp.timeout(), Duration::from_secs(10));
}

#[actix_web::test]
async fn a_timeout_page_says_the_provider_did_not_answer() {
    let fixture = Fixture::new(|b| b.timeout(Duration::from_millis(200)));
    fixture
        .dev
        .set_misbehaviour(Misbehaviour::TokenEndpointSlow(Duration::from_secs(2)));
    let done = fixture.browser.get(&fresh_callback(&fixture).await).await;
    assert_eq!(done.status, 504, "{done:?}");
    assert!(
        done.body.contains("did not answer in time"),
        "{}",
        done.body
    );
}

#[actix_web::test]
async fn a_forged_refusal_is_neither_trusted_nor_kept() {
    let errors = Calls::default();
    let seen = errors.clone();
    let fixture = Fixture::new(move |b| {
        b.on_error(move |e| {
            seen.push(e.error.code().to_string());
            async { None }
        })
    });
    let browser = &fixture.browser;
    browser.start_login(&fixture.app.at("/login/dev")).await;
    let text = "Your%20account%20is%20locked%2C%20call%20%2B1%20555%200100";
    for query in [
        format!("error=account_locked&error_description={text}&state=forged"),
        format!("error=account_locked&error_description={text}"),
    ] {
        let done = browser
            .get(&fixture.app.at(&format!("/login/dev/authorized?{query}")))
            .await;
        assert_eq!(done.status, 400, "{done:?}");
        assert!(
            !done.body.contains("locked"),
            "the attacker's text is not shown: {}",
            done.body
        );
    }
    assert_eq!(
        errors.all(),
        vec!["unverified_refusal", "unverified_refusal"]
    );
    // Not kept: neither the app's pages nor LoginRequired show it later.
    assert_eq!(browser.get(&fixture.app.at("/")).await.body, "home");
    assert_eq!(browser.get(&fixture.app.at("/protected")).await.status, 302);
}

/// The size of the session cookie a response sets, if it sets one.
fn session_cookie_bytes(step: &Step) -> Option<usize> {
    step.headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.len())
        .max()
}

#[actix_web::test]
async fn the_session_cookie_never_grows_past_what_browsers_keep() {
    let fixture = Fixture::new(|b| b);
    let long_next = format!("/{}", "n".repeat(500));
    let mut newest = None;
    for _ in 0..5 {
        let login = fixture
            .browser
            .get(&fixture.app.at(&format!("/login/dev?next={long_next}")))
            .await;
        assert_eq!(login.status, 302, "{login:?}");
        assert!(
            session_cookie_bytes(&login).unwrap() <= 4096,
            "{:?}",
            session_cookie_bytes(&login)
        );
        newest = login.location;
    }
    // The oldest attempts made room; the newest still completes, and keeps its `next`.
    let consent = fixture.browser.get(&newest.unwrap()).await;
    let callback = fixture
        .browser
        .decide(
            &fixture.dev,
            &hidden_inputs(&consent.body),
            "allow",
            "octocat",
        )
        .await;
    let done = fixture.browser.get(&callback).await;
    assert_eq!(
        done.location.as_deref(),
        Some(long_next.as_str()),
        "{done:?}"
    );
}

#[actix_web::test]
async fn a_session_cookie_near_the_limit_stays_under_it() {
    // The whole `Set-Cookie` header counts, and the ciphertext's base64 goes out
    // percent-encoded (`/` and `=` take three bytes each, about 3 % more): the budget's room
    // for attributes must hold both. Fill sessions to just under the limit with `next` values
    // of many lengths.
    let fixture = Fixture::new(|b| b);
    let mut largest = 0;
    for length in (300..1400).step_by(23) {
        let browser = Browser::new();
        let next = format!("/{}", "n".repeat(length));
        for _ in 0..6 {
            let login = browser
                .get(&fixture.app.at(&format!("/login/dev?next={next}")))
                .await;
            assert_eq!(login.status, 302, "{login:?}");
            let bytes = session_cookie_bytes(&login).unwrap();
            assert!(bytes <= 4096, "{bytes} bytes with next of {length}");
            largest = largest.max(bytes);
        }
    }
    assert!(
        largest > 3700,
        "the sessions came near the limit: {largest}"
    );
}

#[actix_web::test]
async fn a_long_provider_description_is_bounded() {
    let fixture = Fixture::new(|b| b.storage(NullStorage));
    let (_, form) = fixture
        .browser
        .start_login(&fixture.app.at("/login/dev"))
        .await;
    let description = "d".repeat(5000);
    let refusal = format!(
        "/login/dev/authorized?error=access_denied&error_description={description}&state={}",
        form["state"]
    );
    let done = fixture.browser.get(&fixture.app.at(&refusal)).await;
    assert_eq!(done.status, 302, "a verified refusal redirects: {done:?}");
    assert!(session_cookie_bytes(&done).unwrap() <= 4096);
    assert_eq!(
        fixture.browser.get(&fixture.app.at("/")).await.body,
        "failed: access_denied (dev)"
    );
}

#[actix_web::test]
async fn a_token_too_large_for_the_cookie_gets_a_page_that_names_the_fix() {
    let errors = Calls::default();
    let seen = errors.clone();
    let fixture = Fixture::with_dance(
        move |b| {
            b.on_error(move |e| {
                seen.push(e.error.code().to_string());
                async { None }
            })
        },
        |d| d.developer_hints(true),
    );
    fixture
        .dev
        .set_misbehaviour(Misbehaviour::TokenEndpointLargeToken(8 * 1024));
    let done = fixture.browser.get(&fresh_callback(&fixture).await).await;
    assert_eq!(done.status, 507, "not a 500: {done:?}");
    assert!(done.body.contains("SQL storage"), "{}", done.body);
    assert_eq!(errors.all(), vec!["token_too_large"]);
    assert!(session_cookie_bytes(&done).is_none_or(|bytes| bytes <= 4096));
    assert_eq!(fixture.browser.token(&fixture.app, "dev").await, None);
}

#[actix_web::test]
async fn a_malformed_host_is_a_400_at_login_and_callback() {
    let fixture = Fixture::new(|b| b);
    for path in ["/login/dev", "/login/dev/authorized?code=x&state=y"] {
        let response = fixture
            .browser
            .http
            .get(fixture.app.at(path))
            .header(HOST, "evil.example/x?")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{path}");
        assert!(
            response.text().await.unwrap().contains("bad_host"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn an_attackers_host_lands_in_redirect_uri_only_without_allowed_hosts() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let login = |app: &TestApp| {
        let url = app.at("/login/dev");
        async move {
            let response = Browser::new()
                .http
                .get(url)
                .header(HOST, "evil.example")
                .send()
                .await
                .unwrap();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            (response.status().as_u16(), location)
        }
    };
    // As in Flask-Dance, the callback URL follows the Host header (the app warns off loopback).
    let open = serve(Dance::new(key()).blueprint(&bp), vec![bp.clone()]);
    let (status, location) = login(&open).await;
    assert_eq!(status, 302);
    assert_eq!(
        param(&location.unwrap(), "redirect_uri").as_deref(),
        Some("http://evil.example/login/dev/authorized")
    );
    // With the app's hosts listed, the attacker's Host is refused; the app's own works.
    let closed = serve(
        Dance::new(key())
            .blueprint(&bp)
            .allowed_hosts([closed_host(&open)]),
        vec![bp],
    );
    assert_eq!(login(&closed).await.0, 400);
    assert_eq!(
        Browser::new().get(&closed.at("/login/dev")).await.status,
        400,
        "another port"
    );
}

#[actix_web::test]
async fn each_login_names_the_callback_url_of_its_own_host() {
    // The authorization URL's fixed part is encoded once per callback URL: an app reached under
    // several hosts must still send each login's own.
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    for host in ["a.example", "b.example", "a.example", "b.example:8080"] {
        let response = Browser::new()
            .http
            .get(app.at("/login/dev"))
            .header(HOST, host)
            .send()
            .await
            .unwrap();
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(
            param(&location, "redirect_uri"),
            Some(format!("http://{host}/login/dev/authorized")),
            "{location}"
        );
        assert_eq!(param(&location, "response_type").as_deref(), Some("code"));
        assert!(param(&location, "state").is_some_and(|s| s.len() >= 43));
    }
}

/// The `host:port` the next test app will get is unknown, so allow only the first app's (which
/// the second one, on another port, is not).
fn closed_host(app: &TestApp) -> String {
    app.url.trim_start_matches("http://").to_string()
}

/// A server that answers every request with the `Authorization` header it received.
fn header_echo() -> String {
    async fn echo(req: HttpRequest) -> HttpResponse {
        let auth = req
            .headers()
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_string());
        HttpResponse::Ok().json(json!({ "authorization": auth }))
    }
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let server = HttpServer::new(|| App::new().default_service(web::to(echo)))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    url
}

#[actix_web::test]
async fn the_token_goes_only_to_the_providers_own_origin() {
    let dev = DevProvider::start().unwrap();
    let elsewhere = header_echo();
    let token = Token::from_json(dev.issue_token("octocat")).unwrap();
    let seen = |bp: oauth_dance::Blueprint, with_token: bool| {
        let (token, url) = (token.clone(), elsewhere.clone());
        async move {
            let client = Client::with_token(bp, token);
            let request = client.get(&url);
            let request = if with_token {
                request.with_token()
            } else {
                request
            };
            let body: Value = request.await.unwrap().json().await.unwrap();
            body["authorization"].clone()
        }
    };
    let plain = dev_builder(&dev, "dev").build().unwrap();
    assert_eq!(
        seen(plain.clone(), false).await,
        Value::Null,
        "another host: no token"
    );
    assert!(
        seen(plain, true)
            .await
            .as_str()
            .unwrap()
            .starts_with("Bearer "),
        "asked for"
    );
    let allowed = dev_builder(&dev, "dev")
        .token_origin(&elsewhere)
        .build()
        .unwrap();
    assert!(
        seen(allowed, false)
            .await
            .as_str()
            .unwrap()
            .starts_with("Bearer "),
        "allowed origin"
    );
}

#[actix_web::test]
async fn a_transport_error_shows_no_token_from_the_url() {
    // Slack puts the token in the query; the provider is unreachable.
    let bp = oauth_dance::contrib::slack::blueprint()
        .client_id("id")
        .client_secret("s")
        .base_url("http://127.0.0.1:9/api/")
        .build()
        .unwrap();
    let token = Token::from_json(json!({"access_token": "xoxp-very-secret"})).unwrap();
    let err = Client::with_token(bp, token)
        .get("users.info")
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("xoxp-very-secret"), "{shown}");
}

/// Reads fail: the storage is down.
struct Down;

#[async_trait::async_trait(?Send)]
impl TokenStorage for Down {
    async fn get(&self, _: &StorageContext) -> Result<Option<Token>, StorageError> {
        Err(StorageError::new("connection refused"))
    }
    async fn set(&self, _: &StorageContext, _: &Token) -> Result<(), StorageError> {
        Err(StorageError::new("connection refused"))
    }
    async fn delete(&self, _: &StorageContext) -> Result<(), StorageError> {
        Ok(())
    }
}

#[actix_web::test]
async fn a_storage_that_is_down_is_a_503_on_the_api_path() {
    let fixture = Fixture::new(|b| b.storage(Down));
    let page = fixture.browser.get(&fixture.app.at("/user/dev")).await;
    assert_eq!(page.status, 503, "{page:?}");
    assert!(
        !page.body.contains("connection refused"),
        "the detail stays in the log"
    );
}

#[actix_web::test]
async fn a_replay_with_an_older_cookie_stores_nothing() {
    // The used-states list lives in the cookie, so a replay that brings the cookie from before
    // the callback is not recognised by the app; the provider's single-use code stops it.
    let fixture = Fixture::new(|b| b);
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = plain
        .get(fixture.app.at("/login/dev"))
        .send()
        .await
        .unwrap();
    let before = cookie_of(&login);
    let consent = fixture
        .browser
        .get(login.headers()["location"].to_str().unwrap())
        .await;
    let callback = fixture
        .browser
        .decide(
            &fixture.dev,
            &hidden_inputs(&consent.body),
            "allow",
            "octocat",
        )
        .await;
    let first = plain
        .get(&callback)
        .header(COOKIE, &before)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 302);
    let replay = plain
        .get(&callback)
        .header(COOKIE, &before)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 400, "the provider refused the used code");
    let after_replay = cookie_of(&replay);
    let token = plain
        .get(fixture.app.at("/token/dev"))
        .header(COOKIE, after_replay)
        .send()
        .await
        .unwrap();
    assert_eq!(
        token.json::<Value>().await.unwrap()["token"],
        Value::Null,
        "nothing stored"
    );
}

/// `name=value` of the session cookie a response sets.
fn cookie_of(response: &reqwest::Response) -> String {
    let set = response.headers()[SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}
