//! The presets whose provider speaks OpenID Connect verify ID tokens (the `issuer` key of
//! providers.toml), and Google's `hosted_domain` is enforced on the verified `hd` claim, against
//! the dev provider.

use oauth_dance::contrib::{auth0, authentiq, azure, google, keycloak, okta};
use oauth_dance::oidc::IdTokenError;
use oauth_dance::{Blueprint, Dance, DanceError};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, IdTokenFault, Misbehaviour};
use serde_json::json;
use std::sync::{Arc, Mutex};

fn issuer(bp: Blueprint) -> String {
    bp.oauth2()
        .unwrap()
        .openid_issuer()
        .unwrap_or("none")
        .to_string()
}

#[test]
fn the_openid_presets_are_relying_parties_of_their_issuer() {
    let google = google::blueprint()
        .client_id("id")
        .client_secret("s")
        .build()
        .unwrap();
    assert!(
        google
            .oauth2()
            .unwrap()
            .scope()
            .contains(&"openid".to_string())
    );
    assert_eq!(issuer(google), "https://accounts.google.com");
    let azure = azure::blueprint().client_id("id").client_secret("s");
    assert_eq!(
        issuer(azure.build().unwrap()),
        "https://login.microsoftonline.com/common/v2.0",
        "Entra's tenant template is filled from `tid` at each login (oidc/issuer.rs)"
    );
    let azure = azure::blueprint().tenant("contoso.onmicrosoft.com");
    assert_eq!(
        issuer(azure.client_id("id").client_secret("s").build().unwrap()),
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"
    );
    let authentiq = authentiq::blueprint().client_id("id").client_secret("s");
    assert_eq!(
        issuer(authentiq.build().unwrap()),
        "https://connect.authentiq.io/"
    );
    let keycloak = keycloak::blueprint().host("sso.example.com").realm("staff");
    let keycloak = keycloak.client_id("id").client_secret("s").build().unwrap();
    assert_eq!(issuer(keycloak), "https://sso.example.com/realms/staff");
    let okta = okta::blueprint().domain("example.okta.com");
    let okta = okta.client_id("id").client_secret("s").build().unwrap();
    assert_eq!(issuer(okta), "https://example.okta.com/oauth2/default");
    let auth0 = auth0::blueprint().domain("example.eu.auth0.com");
    let auth0 = auth0.client_id("id").client_secret("s").build().unwrap();
    assert_eq!(
        issuer(auth0),
        "https://example.eu.auth0.com/",
        "Auth0's ends in `/`"
    );
}

/// The login errors the `error` hook saw.
type Seen = Arc<Mutex<Vec<DanceError>>>;

/// The google preset restricted to `example.com`, pointed at the dev provider.
fn hosted_google(dev: &DevProvider) -> (TestApp, Seen) {
    let bp = google::blueprint()
        .hosted_domain("example.com")
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .openid_connect(dev.issuer())
        .build()
        .unwrap();
    let seen = Seen::default();
    let record = seen.clone();
    let dance = Dance::new(key()).blueprint(&bp).on_error(move |event| {
        record.lock().unwrap().push(event.error.clone());
        async { None }
    });
    (serve(dance, vec![bp]), seen)
}

async fn login_with_hd(hd: Option<&str>) -> (Browser, TestApp, Seen, u16) {
    let dev = DevProvider::start().unwrap();
    if let Some(hd) = hd {
        let claims = IdTokenFault::Claims(json!({ "hd": hd }));
        dev.set_misbehaviour(Misbehaviour::IdToken(claims));
    }
    let (app, seen) = hosted_google(&dev);
    let browser = Browser::new();
    let (authorize, _) = browser.start_login(&app.at("/login/google")).await;
    assert_eq!(
        param(&authorize, "hd").as_deref(),
        Some("example.com"),
        "the login page hint"
    );
    let done = browser
        .dance(&dev, &app.at("/login/google"), "allow", "octocat")
        .await;
    (browser, app, seen, done.status)
}

#[actix_web::test]
async fn google_logs_in_an_account_of_the_hosted_domain() {
    let (browser, app, seen, status) = login_with_hd(Some("example.com")).await;
    assert_eq!(status, 302, "{:?}", seen.lock().unwrap());
    assert!(browser.token(&app, "google").await.is_some());
}

#[actix_web::test]
async fn google_refuses_an_account_of_another_domain_or_none() {
    for hd in [Some("other.example"), None] {
        let (browser, app, seen, status) = login_with_hd(hd).await;
        assert_eq!(status, 400, "{hd:?}");
        assert_eq!(browser.token(&app, "google").await, None, "nothing stored");
        let expected = IdTokenError::RequiredClaim {
            claim: "hd".into(),
            expected: "example.com".into(),
        };
        assert_eq!(
            seen.lock().unwrap().as_slice(),
            [DanceError::IdToken(expected)],
            "{hd:?}"
        );
    }
}
