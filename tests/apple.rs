//! Sign in with Apple against the dev provider: the callback comes as a cross-site form post
//! (`response_mode=form_post`), re-posted same-site so the session cookie comes along; the client
//! secret is an ES256 JWT the app signs and the provider checks; the first login's `user` field
//! reaches the `authorized` hooks. And what goes wrong: another key, an expired or mis-addressed
//! secret, a forged state, a post without a form, an oversized `user`.

use std::sync::{Arc, Mutex};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oauth_dance::contrib::apple;
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::{Blueprint, Dance, DanceError};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DEV_EC_PRIVATE_KEY, DevProvider, MAX_LIFETIME_SECS};
use serde_json::{Value, json};

const TEAM: &str = "TEAM123456";
const KEY_ID: &str = "KEY1234567";
const OTHER_KEY: &str = include_str!("../oauth-dance/src/flow/oauth2/testdata/es256_other_key.pem");

fn dev() -> DevProvider {
    DevProvider::builder()
        .dev_signed_secret_key(TEAM, KEY_ID)
        .start()
        .unwrap()
}

fn apple_at(dev: &DevProvider, key: &str) -> Blueprint {
    apple::blueprint()
        .endpoints(dev)
        .signed_secret(TEAM, KEY_ID, key)
        .build()
        .unwrap()
}

/// An app whose `authorized` hook records each login's `callback_user`, and whose `error` hook
/// records errors.
fn app(bp: &Blueprint) -> (TestApp, Arc<Mutex<Vec<Option<Value>>>>, ErrorLog) {
    let users = Arc::new(Mutex::new(Vec::new()));
    let record = users.clone();
    let errors = ErrorLog::default();
    let dance = errors
        .record(Dance::new(key()).blueprint(bp))
        .on_authorized(move |event| {
            record.lock().unwrap().push(event.callback_user.clone());
            async { AuthorizedOutcome::Continue }
        });
    (serve(dance, vec![bp.clone()]), users, errors)
}

fn token_requests(dev: &DevProvider) -> Vec<oauth_dance_dev::ReceivedRequest> {
    dev.requests()
        .into_iter()
        .filter(|r| r.path == "/token")
        .collect()
}

#[actix_web::test]
async fn apple_logs_in_by_form_post_with_a_signed_secret() {
    let dev = dev();
    let bp = apple_at(&dev, DEV_EC_PRIVATE_KEY);
    let (app, users, _) = app(&bp);
    let browser = Browser::new();
    let login = browser.get(&app.at("/login/apple")).await;
    let authorize = login.location.unwrap();
    assert_eq!(
        param(&authorize, "response_mode").as_deref(),
        Some("form_post")
    );
    assert_eq!(
        param(&authorize, "scope").as_deref(),
        Some("openid name email")
    );

    let done = browser
        .dance_form_post(&dev, &app.at("/login/apple"), "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(
        browser.token(&app, "apple").await.is_some(),
        "a token was stored"
    );
    let first = users.lock().unwrap()[0]
        .clone()
        .expect("the first login carries `user`");
    assert_eq!(first["name"]["firstName"], "The");
    assert_eq!(first["email"], "octocat@example.com");

    // The secret went in the body, an ES256 JWT with the key id, never HTTP Basic.
    let request = &token_requests(&dev)[0];
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        request.body_param("client_id").as_deref(),
        Some(dev.client_id())
    );
    let secret = request.body_param("client_secret").unwrap();
    let header = jsonwebtoken::decode_header(&secret).unwrap();
    assert_eq!(
        (header.alg, header.kid.as_deref()),
        (Algorithm::ES256, Some(KEY_ID))
    );

    // A second login: no `user` (Apple sends it once), and the same secret, not signed again.
    let again = Browser::new();
    let done = again
        .dance_form_post(&dev, &app.at("/login/apple"), "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(users.lock().unwrap()[1], None);
    let second = token_requests(&dev)[1].body_param("client_secret").unwrap();
    assert_eq!(second, secret);
}

#[actix_web::test]
async fn a_secret_signed_with_another_key_is_refused_and_nothing_is_stored() {
    let dev = dev();
    let bp = apple_at(&dev, OTHER_KEY);
    let (app, users, errors) = app(&bp);
    let browser = Browser::new();
    let done = browser
        .dance_form_post(&dev, &app.at("/login/apple"), "octocat")
        .await;
    assert_eq!(done.status, 502, "{done:?}");
    assert!(browser.token(&app, "apple").await.is_none());
    assert!(users.lock().unwrap().is_empty());
    let error = errors.errors()[0].clone();
    let DanceError::TokenEndpoint(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.refusal(), Some("invalid_client"));
    assert!(
        error
            .to_string()
            .contains("not signed with the registered key"),
        "{error}"
    );
}

/// A client secret the way a client would sign it, with `claims` changed.
fn secret_with(kid: &str, claims: Value) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_string());
    let (_, der) = rsa::pkcs8::SecretDocument::from_pem(DEV_EC_PRIVATE_KEY.trim()).unwrap();
    let key = EncodingKey::from_ec_der(der.as_bytes());
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

#[actix_web::test]
async fn the_provider_names_what_is_wrong_with_a_signed_secret() {
    let dev = dev();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = |iat: u64, exp: u64, aud: &str| json!({"iss": TEAM, "sub": dev.client_id(), "aud": aud, "iat": iat, "exp": exp});
    let issuer = dev.issuer().to_string();
    let cases = [
        (
            secret_with(KEY_ID, claims(now, now + 600, &issuer)),
            "invalid_grant",
        ),
        (
            secret_with(KEY_ID, claims(now - 900, now - 300, &issuer)),
            "has expired",
        ),
        (
            secret_with(KEY_ID, claims(now, now + 600, "https://appleid.apple.com")),
            "wrong aud",
        ),
        (
            secret_with("OTHERKEY", claims(now, now + 600, &issuer)),
            "kid",
        ),
        (
            secret_with(KEY_ID, claims(now, now + MAX_LIFETIME_SECS + 60, &issuer)),
            "more than six months",
        ),
        ("not-a-jwt".to_string(), "not a JWT"),
    ];
    let http = reqwest::Client::new();
    for (secret, says) in cases {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", "no-such-code"),
            ("redirect_uri", "http://127.0.0.1/cb"),
            ("client_id", dev.client_id()),
            ("client_secret", secret.as_str()),
        ];
        let res = http.post(dev.token_url()).form(&form).send().await.unwrap();
        let body: Value = res.json().await.unwrap();
        // A good secret gets as far as the (unknown) code.
        let text = format!("{} {}", body["error"], body["error_description"]);
        assert!(text.contains(says), "{says}: {body}");
    }
}

/// A started login in `browser` (so it has a session cookie and a pending attempt): its state
/// and the provider's authorization URL.
async fn started(browser: &Browser, app: &TestApp) -> (String, String) {
    let login = browser.get(&app.at("/login/apple")).await;
    let authorize = login.location.unwrap();
    (param(&authorize, "state").unwrap(), authorize)
}

#[actix_web::test]
async fn bad_posted_callbacks_are_4xx_and_leave_the_attempt() {
    let dev = dev();
    let bp = apple_at(&dev, DEV_EC_PRIVATE_KEY);
    let (app, users, errors) = app(&bp);
    let browser = Browser::new();
    let (state, authorize) = started(&browser, &app).await;
    let callback = app.at("/login/apple/authorized");
    let long_user = json!({"name": "x".repeat(5000)}).to_string();
    let forms: [&[(&str, &str)]; 3] = [
        &[("state", "forged"), ("code", "c")],
        &[],
        &[
            ("state", state.as_str()),
            ("code", "c"),
            ("user", long_user.as_str()),
        ],
    ];
    for form in forms {
        let done = browser.post_form(&callback, form).await;
        assert_eq!(done.status, 400, "{form:?}: {done:?}");
    }
    let huge = "x".repeat(70 * 1024);
    let too_big = browser
        .post_form(&callback, &[("state", huge.as_str())])
        .await;
    assert_eq!(too_big.status, 413, "a body over 64 KiB is not read");
    let json = browser
        .http
        .post(&callback)
        .json(&json!({"state": state}))
        .send()
        .await;
    assert_eq!(json.unwrap().status(), 400, "a JSON body is not a form");
    let codes: Vec<String> = errors
        .errors()
        .iter()
        .map(|e| e.code().to_string())
        .collect();
    assert_eq!(
        codes[..3],
        ["state_mismatch", "bad_callback", "bad_callback"]
    );
    assert!(users.lock().unwrap().is_empty() && token_requests(&dev).is_empty());
    assert!(browser.token(&app, "apple").await.is_none());
    // The attempt is still there: the login completes.
    let consent = browser.get(&authorize).await;
    let done = browser
        .allow_form_post(&dev, &hidden_inputs(&consent.body), "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(browser.token(&app, "apple").await.is_some());
}

#[actix_web::test]
async fn a_reposted_callback_still_without_the_cookie_gets_the_usual_error() {
    let dev = dev();
    let bp = apple_at(&dev, DEV_EC_PRIVATE_KEY);
    let (app, _, errors) = app(&bp);
    let browser = Browser::new();
    let (_, form) = browser.start_login(&app.at("/login/apple")).await;
    let page = browser.decide_page(&dev, &form, "allow", "octocat").await;
    // The provider's page posts cross-site: the app answers with its re-post page.
    let posted = browser
        .submit_form(&dev.authorization_url(), &page, true)
        .await;
    assert_eq!(posted.status, 200, "{posted:?}");
    assert_eq!(posted.headers["cache-control"], "no-store");
    assert_eq!(posted.headers["referrer-policy"], "no-referrer");
    let fields = hidden_inputs(&posted.body);
    assert_eq!(fields.get("state"), hidden_inputs(&page.body).get("state"));
    assert!(fields.contains_key("code") && fields.contains_key("user"));
    // Re-posted without the cookie (as if the browser dropped it): no second re-post page.
    let callback = form_action(&page).unwrap();
    let again = browser.submit_form(&callback, &posted, true).await;
    assert_eq!(again.status, 400, "{again:?}");
    assert_eq!(errors.errors()[0].code(), "no_session_cookie");
    assert!(token_requests(&dev).is_empty(), "the code was never sent");
}

#[actix_web::test]
async fn the_generic_openid_provider_takes_a_form_post_callback_too() {
    let dev = DevProvider::start().unwrap();
    let bp = oauth_dance::oidc::blueprint()
        .endpoints(&dev)
        .authorization_param("response_mode", "form_post")
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp.clone()]);
    let browser = Browser::new();
    let done = browser
        .dance_form_post(&dev, &app.at("/login/oidc"), "hubot")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(browser.token(&app, "oidc").await.is_some());
}
