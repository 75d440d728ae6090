//! The generic OpenID Connect provider, configured by its issuer alone, against the dev
//! provider over real HTTP: every endpoint and capability from the discovery document, and a
//! provider that is down or serves a broken document answered with a 502 page, nothing
//! stored, and the next login trying again.

use actix_web::{HttpResponse, web};
use oauth_dance::oidc::IdTokenError;
use oauth_dance::{Blueprint, Client, Dance, DanceError, Error, OAuth2Builder};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, DiscoveryFault, Misbehaviour};
use serde_json::{Value, json};

/// The generic provider pointed at `issuer` by its issuer alone.
fn generic(dev: &DevProvider, issuer: &str) -> OAuth2Builder {
    oauth_dance::oidc::blueprint()
        .openid_connect(issuer)
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
}

/// An app serving `bp` (with `/claims` showing the verified claims and `/me` calling the API
/// relative to the base URL), and what the `error` hook saw.
fn app(bp: Blueprint) -> (TestApp, ErrorLog) {
    let seen = ErrorLog::default();
    let dance = seen.record(Dance::new(key()).blueprint(&bp));
    let routes = |cfg: &mut web::ServiceConfig| {
        cfg.route(
            "/claims",
            web::get().to(|| async {
                let claims = Client::current("oidc")?.id_token_claims().await?;
                let claims = claims.map(|c| Value::Object(c.as_json().clone()));
                Ok::<_, Error>(HttpResponse::Ok().json(claims))
            }),
        )
        .route(
            "/logout",
            web::get().to(|| async {
                let client = Client::current("oidc")?;
                let done = client
                    .logout_at_provider("http://127.0.0.1/bye", None)
                    .await?;
                Ok::<_, Error>(done.redirect("/bye"))
            }),
        )
        .route(
            "/me",
            web::get().to(|| async {
                let user: Value = Client::current("oidc")?
                    .get("api/user")
                    .send()
                    .await?
                    .json()
                    .await?;
                Ok::<_, Error>(HttpResponse::Ok().json(user))
            }),
        );
    };
    (serve_with(dance, vec![bp], routes), seen)
}

/// How many times the discovery document was fetched.
fn discoveries(dev: &DevProvider) -> usize {
    let path = "/.well-known/openid-configuration";
    dev.requests().iter().filter(|r| r.path == path).count()
}

#[actix_web::test]
async fn a_provider_configured_by_its_issuer_alone_completes_a_login() {
    let dev = DevProvider::start().unwrap();
    let bp = generic(&dev, &dev.issuer()).build().unwrap();
    assert_eq!(bp.base_url().as_str(), format!("{}/", dev.issuer()));
    assert_eq!(
        bp.oauth2().unwrap().token_url(),
        None,
        "discovered, not configured"
    );
    assert_eq!(
        discoveries(&dev),
        0,
        "build() does not wait for the provider"
    );
    let (app, seen) = app(bp);
    let browser = Browser::new();

    let (authorize, _) = browser.start_login(&app.at("/login/oidc")).await;
    assert!(
        authorize.starts_with(&dev.authorization_url()),
        "{authorize}"
    );
    assert_eq!(param(&authorize, "scope").unwrap(), "openid profile email");
    assert_eq!(param(&authorize, "code_challenge_method").unwrap(), "S256");
    assert!(param(&authorize, "nonce").is_some());

    let done = browser
        .dance(&dev, &app.at("/login/oidc"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?} {:?}", seen.errors());
    let claims: Value = serde_json::from_str(&browser.get(&app.at("/claims")).await.body).unwrap();
    assert_eq!(claims["iss"], json!(dev.issuer()));
    assert_eq!(claims["email"], "octocat@example.com");
    let me: Value = serde_json::from_str(&browser.get(&app.at("/me")).await.body).unwrap();
    assert_eq!(
        me["login"], "octocat",
        "API calls resolve against the issuer"
    );
    let token_request = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert!(
        token_request.header("authorization").is_some(),
        "HTTP Basic by default"
    );
    assert_eq!(discoveries(&dev), 1, "the document is kept");
    check_logout_uses_discovered_endpoints(&dev, &app, &browser).await;
}

/// Logging out revokes at the discovered revocation endpoint and ends the session at the
/// discovered end-session endpoint, without fetching the document again.
async fn check_logout_uses_discovered_endpoints(
    dev: &DevProvider,
    app: &TestApp,
    browser: &Browser,
) {
    let out = browser.get(&app.at("/logout")).await;
    let end_session = out.location.clone().unwrap_or_default();
    assert!(
        end_session.starts_with(&format!("{}/logout?", dev.issuer())),
        "{out:?}"
    );
    let revoked = dev
        .requests()
        .iter()
        .filter(|r| r.path == "/revoke")
        .count();
    assert_eq!(revoked, 2, "revoked at the discovered endpoint");
    assert_eq!(discoveries(dev), 1);
}

#[actix_web::test]
async fn what_the_document_announces_decides_pkce_client_auth_and_scope() {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(Misbehaviour::Discovery(DiscoveryFault::Members(json!({
        "code_challenge_methods_supported": ["plain"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "scopes_supported": ["openid", "email"],
    }))));
    let (app, seen) = app(generic(&dev, &dev.issuer()).build().unwrap());
    let browser = Browser::new();
    let (authorize, form) = browser.start_login(&app.at("/login/oidc")).await;
    assert_eq!(param(&authorize, "scope").unwrap(), "openid email");
    assert_eq!(
        param(&authorize, "code_challenge"),
        None,
        "S256 is not announced"
    );
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    assert_eq!(
        browser.get(&callback).await.status,
        302,
        "{:?}",
        seen.errors()
    );
    let token_request = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert_eq!(token_request.header("authorization"), None);
    assert_eq!(
        token_request.body_param("client_secret").as_deref(),
        Some(dev.client_secret()),
        "client_secret_post"
    );
}

#[actix_web::test]
async fn explicit_endpoints_win_over_the_document() {
    let dev = DevProvider::start().unwrap();
    let other = DevProvider::start().unwrap();
    let bp = generic(&dev, &dev.issuer())
        .authorization_url(other.authorization_url())
        .build()
        .unwrap();
    let (app, _) = app(bp);
    let (authorize, _) = Browser::new().start_login(&app.at("/login/oidc")).await;
    assert!(
        authorize.starts_with(&other.authorization_url()),
        "{authorize}"
    );
}

/// A login against a provider whose discovery is broken by `fault` (or `issuer` unreachable):
/// the page's status and text, and the discovery error the `error` hook saw; nothing stored.
async fn broken(dev: &DevProvider, issuer: &str) -> (u16, String, String) {
    let (app, seen) = app(generic(dev, issuer).build().unwrap());
    let browser = Browser::new();
    let page = browser.get(&app.at("/login/oidc")).await;
    assert_eq!(browser.token(&app, "oidc").await, None, "nothing is stored");
    let seen = seen.errors();
    let error = match seen.as_slice() {
        [DanceError::IdToken(IdTokenError::Discovery(error))] => error.clone(),
        other => panic!("{other:?}"),
    };
    (page.status, page.body, error)
}

/// [`broken`], for a dev provider serving `fault`.
async fn broken_document(fault: DiscoveryFault) -> String {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(Misbehaviour::Discovery(fault));
    let (status, body, error) = broken(&dev, &dev.issuer()).await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("could not be reached"), "{body}");
    assert!(
        !body.contains("evil"),
        "the cause is for the log, not the page: {body}"
    );
    error
}

#[actix_web::test]
async fn a_document_naming_another_issuer_is_refused() {
    let error = broken_document(DiscoveryFault::Members(
        json!({"issuer": "https://evil.example"}),
    ))
    .await;
    assert!(
        error.contains("names the issuer `https://evil.example`"),
        "{error}"
    );
}

#[actix_web::test]
async fn a_document_without_a_required_endpoint_is_refused() {
    for member in [
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "issuer",
    ] {
        let error = broken_document(DiscoveryFault::Members(json!({ member: null }))).await;
        assert!(
            error.contains(&format!("has no `{member}`")),
            "{member}: {error}"
        );
    }
}

#[actix_web::test]
async fn a_document_with_an_endpoint_that_is_not_a_url_is_refused() {
    let error = broken_document(DiscoveryFault::Members(json!({"token_endpoint": "/token"}))).await;
    assert!(error.contains("`token_endpoint` is not a URL"), "{error}");
}

#[actix_web::test]
async fn a_document_that_is_not_json_is_refused() {
    let error = broken_document(DiscoveryFault::NotJson).await;
    assert!(error.contains("is not a JSON object"), "{error}");
}

#[actix_web::test]
async fn a_provider_answering_an_error_status_is_reported() {
    let error = broken_document(DiscoveryFault::Status(503)).await;
    assert!(error.contains("answered HTTP 503"), "{error}");
}

#[actix_web::test]
async fn an_unreachable_provider_is_reported() {
    let dev = DevProvider::start().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (status, body, error) = broken(&dev, &issuer).await;
    assert_eq!(status, 502, "{body}");
    assert!(error.contains("connect"), "{error}");
}

#[actix_web::test]
async fn a_failed_discovery_is_tried_again_at_the_next_login() {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(Misbehaviour::Discovery(DiscoveryFault::Status(503)));
    let (app, _) = app(generic(&dev, &dev.issuer()).build().unwrap());
    let browser = Browser::new();
    assert_eq!(browser.get(&app.at("/login/oidc")).await.status, 502);
    dev.set_misbehaviour(Misbehaviour::None);
    let done = browser
        .dance(&dev, &app.at("/login/oidc"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(discoveries(&dev), 2);
}

#[test]
fn a_plain_http_issuer_off_loopback_is_refused_at_build() {
    let err = oauth_dance::oidc::blueprint()
        .openid_connect("http://sso.example.com")
        .client_id("id")
        .client_secret("secret")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("plain http"), "{err}");
}
