//! Full dances through differently-quirked presets, with their URLs pointed at the embedded dev
//! provider, checking each quirk on the wire (the dev provider records what it received).

use oauth_dance::contrib::{reddit, slack, twitch, zoho};
use oauth_dance::{Blueprint, Dance};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use serde_json::Value;

/// Points any preset's typed builder at the dev provider.
macro_rules! at_dev {
    ($builder:expr, $dev:expr) => {
        $builder
            .client_id($dev.client_id())
            .client_secret($dev.client_secret())
            .authorization_url($dev.authorization_url())
            .token_url($dev.token_url())
            .base_url($dev.base_url())
    };
}

async fn logged_in(dev: &DevProvider, bp: Blueprint) -> (TestApp, Browser, String) {
    let name = bp.name().to_string();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let done = browser
        .dance(dev, &app.at(&format!("/login/{name}")), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let token = browser
        .token(&app, &name)
        .await
        .expect("a token was stored");
    (app, browser, token)
}

async fn echo(browser: &Browser, app: &TestApp, path: &str) -> Value {
    let step = browser.get(&app.at(path)).await;
    serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{step:?}"))
}

fn token_request(dev: &DevProvider) -> oauth_dance_dev::ReceivedRequest {
    dev.requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .expect("a token request")
}

#[actix_web::test]
async fn slack_puts_the_token_in_the_form_body_never_the_query() {
    let dev = DevProvider::start().unwrap();
    let bp = at_dev!(slack::blueprint(), dev).build().unwrap();
    let (app, browser, token) = logged_in(&dev, bp).await;

    // A GET carries the token in the Authorization header only (RFC 9700 §4.3.2; Slack refuses
    // query tokens from new apps). Flask-Dance put it in the query.
    let get = echo(&browser, &app, "/echo/slack").await;
    assert_eq!(get["query"], "x=1", "{get}");
    assert_eq!(get["headers"]["authorization"], format!("Bearer {token}"));
    let post = echo(&browser, &app, "/echo_form/slack").await;
    assert_eq!(post["body"], format!("text=hi&token={token}"), "{post}");
    assert_eq!(post["headers"]["authorization"], format!("Bearer {token}"));
}

#[actix_web::test]
async fn zoho_uses_its_own_auth_scheme_and_sends_access_type() {
    let dev = DevProvider::start().unwrap();
    let bp = at_dev!(zoho::blueprint(), dev).build().unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp.clone()]);
    let login = Browser::new().get(&app.at("/login/zoho")).await;
    let authorize = login.location.unwrap();
    assert_eq!(param(&authorize, "access_type").as_deref(), Some("online"));
    assert_eq!(
        param(&authorize, "scope").as_deref(),
        Some("ZohoCRM.users.all")
    );
    drop(app);

    let (app, browser, token) = logged_in(&dev, bp).await;
    let get = echo(&browser, &app, "/echo/zoho").await;
    assert_eq!(
        get["headers"]["authorization"],
        format!("Zoho-oauthtoken {token}")
    );
}

#[actix_web::test]
async fn reddit_sends_its_user_agent_and_basic_auth_on_the_token_request() {
    let dev = DevProvider::start().unwrap();
    let bp = at_dev!(
        reddit::blueprint().permanent(true).user_agent("my-bot/1.0"),
        dev
    )
    .build()
    .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp.clone()]);
    let login = Browser::new().get(&app.at("/login/reddit")).await;
    assert_eq!(
        param(&login.location.unwrap(), "duration").as_deref(),
        Some("permanent")
    );
    drop(app);

    let (app, browser, _) = logged_in(&dev, bp).await;
    let token = token_request(&dev);
    assert_eq!(token.header("user-agent"), Some("my-bot/1.0"));
    assert!(token.header("authorization").unwrap().starts_with("Basic "));
    assert_eq!(
        token.body_param("client_secret"),
        None,
        "Basic auth, not the body"
    );
    let get = echo(&browser, &app, "/echo/reddit").await;
    assert_eq!(get["headers"]["user-agent"], "my-bot/1.0");
}

#[actix_web::test]
async fn twitch_sends_client_id_header_and_body_credentials() {
    let dev = DevProvider::start().unwrap();
    let bp = at_dev!(twitch::blueprint(), dev).build().unwrap();
    let (app, browser, _) = logged_in(&dev, bp).await;
    let token = token_request(&dev);
    assert_eq!(
        token.header("authorization"),
        None,
        "credentials in the body"
    );
    assert_eq!(
        token.body_param("client_id").as_deref(),
        Some(dev.client_id())
    );
    assert_eq!(
        token.body_param("client_secret").as_deref(),
        Some(dev.client_secret())
    );
    assert_eq!(token.header("client-id"), Some(dev.client_id()));
    let get = echo(&browser, &app, "/echo/twitch").await;
    assert_eq!(get["headers"]["client-id"], dev.client_id());
}

#[actix_web::test]
async fn github_asks_for_json_on_the_token_request() {
    use oauth_dance::contrib::github;
    let dev = DevProvider::start().unwrap();
    let bp = at_dev!(github::blueprint(), dev).build().unwrap();
    let (app, browser, token) = logged_in(&dev, bp).await;
    assert_eq!(
        token_request(&dev).header("accept"),
        Some("application/json")
    );
    let user = browser.get(&app.at("/user/github")).await;
    assert!(user.body.contains("octocat"), "{user:?}");
    assert!(!token.is_empty());
}

/// A route at `path` that calls `url` through blueprint `name`'s client (without
/// `with_token`), answering the status it got.
fn calls_to(
    path: &'static str,
    name: &'static str,
    url: String,
) -> impl Fn(&mut actix_web::web::ServiceConfig) + Clone + Send + 'static {
    move |cfg| {
        let url = url.clone();
        cfg.route(
            path,
            actix_web::web::get().to(move || {
                let url = url.clone();
                async move {
                    let client = oauth_dance::Client::current(name)?;
                    let status = client.get(url.as_str()).await?.status();
                    Ok::<_, oauth_dance::Error>(status.as_u16().to_string())
                }
            }),
        );
    }
}

/// Shopify: comma-joined scopes, credentials in the body, a token response without
/// `token_type`, and API calls carrying the bare token in `X-Shopify-Access-Token`, never in
/// `Authorization`, and only to the blueprint's own origin.
#[actix_web::test]
async fn shopify_sends_its_token_header_only_to_its_own_origin() {
    use oauth_dance::contrib::shopify;
    use oauth_dance_dev::{Dialect, TokenShape};
    let dev = DevProvider::start().unwrap();
    dev.set_dialect(Dialect {
        token_shape: TokenShape::WithoutTokenType,
        api_token_header: Some("X-Shopify-Access-Token".into()),
        ..Dialect::default()
    });
    let elsewhere = DevProvider::start().unwrap();
    let elsewhere_echo = format!("{}echo", elsewhere.base_url());
    let bp = shopify::blueprint()
        .shop("my-shop")
        .scope(["read_orders", "write_products"]);
    let bp = at_dev!(bp, dev).build().unwrap();
    let routes = calls_to("/elsewhere_echo", "shopify", elsewhere_echo);
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], routes);
    let browser = Browser::new();
    let (authorize, form) = browser.start_login(&app.at("/login/shopify")).await;
    assert_eq!(
        param(&authorize, "scope").as_deref(),
        Some("read_orders,write_products")
    );
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    assert_eq!(browser.get(&callback).await.status, 302);
    let token = browser.token(&app, "shopify").await.expect("a token");

    let request = token_request(&dev);
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        request.body_param("client_id").as_deref(),
        Some(dev.client_id())
    );
    let get = echo(&browser, &app, "/echo/shopify").await;
    assert_eq!(
        get["headers"]["x-shopify-access-token"],
        token.as_str(),
        "{get}"
    );
    assert_eq!(get["headers"].get("authorization"), None, "{get}");

    let status = browser.get(&app.at("/elsewhere_echo")).await;
    assert_eq!(
        status.body, "401",
        "another origin gets no token: {status:?}"
    );
    let seen = elsewhere
        .requests()
        .pop()
        .expect("the call reached the other origin");
    assert_eq!(seen.header("x-shopify-access-token"), None);
    assert_eq!(seen.header("authorization"), None);
}

/// A shop name that would move the host off `myshopify.com` is refused when the blueprint is
/// built, naming the option.
#[test]
fn a_shop_that_is_not_a_shop_name_is_refused() {
    use oauth_dance::contrib::shopify;
    for typo in ["evil.example/", "my-shop.myshopify.com", "shop name"] {
        let built = shopify::blueprint()
            .client_id("id")
            .client_secret("secret")
            .shop(typo)
            .build();
        let err = built.expect_err(typo).to_string();
        assert!(err.contains("`shop`"), "{typo}: {err}");
    }
}

/// The builder's `api_token_header` is a header name other than `Authorization`.
#[test]
fn an_api_token_header_must_be_another_header_name() {
    for (name, reason) in [
        ("X Token", "not an HTTP header name"),
        ("Authorization", "set its scheme with `api_auth_scheme`"),
    ] {
        let built = oauth_dance::OAuth2Builder::new("custom")
            .client_id("id")
            .client_secret("secret")
            .authorization_url("https://example.com/authorize")
            .token_url("https://example.com/token")
            .base_url("https://api.example.com/")
            .api_token_header(name)
            .build();
        let err = built.expect_err(name).to_string();
        assert!(
            err.contains("api_token_header") && err.contains(reason),
            "{err}"
        );
    }
}

/// Withings: `action=requesttoken` on the code grant and on refreshes, and its
/// `{"status": 0, "body": {...}}` answers unwrapped both times.
#[actix_web::test]
async fn withings_unwraps_its_token_responses_and_refreshes_with_its_action() {
    use oauth_dance::contrib::withings;
    use oauth_dance_dev::{Dialect, TokenShape};
    // Tokens that are due at once (the refresh leeway is a minute), so the API call refreshes.
    let dev = DevProvider::builder()
        .token_lifetime(std::time::Duration::from_secs(5))
        .start()
        .unwrap();
    dev.set_dialect(Dialect {
        token_shape: TokenShape::StatusBody,
        ..Dialect::default()
    });
    let bp = at_dev!(withings::blueprint(), dev).build().unwrap();
    let (app, browser, first) = logged_in(&dev, bp).await;
    let get = echo(&browser, &app, "/echo/withings").await;
    let grants: Vec<_> = dev
        .requests()
        .into_iter()
        .filter(|r| r.path == "/token")
        .collect();
    assert_eq!(grants.len(), 2, "a code grant, then a refresh");
    for (grant, kind) in grants.iter().zip(["authorization_code", "refresh_token"]) {
        assert_eq!(grant.body_param("grant_type").as_deref(), Some(kind));
        assert_eq!(grant.body_param("action").as_deref(), Some("requesttoken"));
    }
    let refreshed = browser.token(&app, "withings").await.unwrap();
    assert_ne!(refreshed, first);
    assert_eq!(
        get["headers"]["authorization"],
        format!("Bearer {refreshed}")
    );
}

/// Yammer: the token is taken out of the `access_token` object.
#[actix_web::test]
async fn yammer_reads_the_token_inside_its_access_token_object() {
    use oauth_dance::contrib::yammer;
    use oauth_dance_dev::{Dialect, TokenShape};
    let dev = DevProvider::start().unwrap();
    dev.set_dialect(Dialect {
        token_shape: TokenShape::AccessTokenObject,
        ..Dialect::default()
    });
    let bp = at_dev!(yammer::blueprint(), dev).build().unwrap();
    let (app, browser, token) = logged_in(&dev, bp).await;
    assert!(!token.is_empty() && !token.starts_with('{'), "{token}");
    let get = echo(&browser, &app, "/echo/yammer").await;
    assert_eq!(get["headers"]["authorization"], format!("Bearer {token}"));
}

/// Answers the quirks cannot read are a clear token-endpoint error page (never a 500), and no
/// token is stored.
#[actix_web::test]
async fn malformed_quirky_token_responses_are_clear_errors_and_store_nothing() {
    use oauth_dance::contrib::{withings, yammer};
    use oauth_dance_dev::Misbehaviour;
    use serde_json::json;
    let dev = DevProvider::start().unwrap();
    let withings = at_dev!(withings::blueprint(), dev).build().unwrap();
    let yammer = at_dev!(yammer::blueprint(), dev).build().unwrap();
    let log = ErrorLog::default();
    let dance = log.record(Dance::new(key()).blueprint(&withings).blueprint(&yammer));
    let app = serve(dance, vec![withings, yammer]);
    for (name, answer, status, hint) in [
        ("withings", json!({"status": 0}), 502, "without a `body`"),
        (
            "withings",
            json!({"status": 0, "body": []}),
            502,
            "without a `body`",
        ),
        (
            "withings",
            json!({"status": 503, "body": {}, "error": "Invalid Params"}),
            502,
            "status 503",
        ),
        (
            "yammer",
            json!({"access_token": {"user_id": 1}}),
            502,
            "without a `token`",
        ),
        (
            "yammer",
            json!({"access_token": {"token": 7}}),
            502,
            "without a `token`",
        ),
    ] {
        dev.set_misbehaviour(Misbehaviour::TokenEndpointBody(answer.clone()));
        let browser = Browser::new();
        let login = app.at(&format!("/login/{name}"));
        let done = browser.dance(&dev, &login, "allow", "octocat").await;
        assert_eq!(done.status, status, "{name} {answer}: {done:?}");
        assert!(
            done.body.contains("data-error-code=\"token_endpoint\""),
            "{}",
            done.body
        );
        let error = log.errors().pop().map(|e| e.hint()).unwrap_or_default();
        assert!(error.contains(hint), "{name} {answer}: {error}");
        assert_eq!(
            browser.token(&app, name).await,
            None,
            "{name}: nothing stored"
        );
    }
}
