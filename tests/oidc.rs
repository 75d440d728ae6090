//! OpenID Connect against the dev provider over real HTTP: discovery, a nonce per login, ID
//! tokens verified against the provider's key set, and every forgery refused on its own count,
//! with nothing stored.

use actix_web::{HttpResponse, web};
use oauth_dance::oidc::IdTokenError;
use oauth_dance::{Client, Dance, DanceError, Error};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, IdTokenFault, Misbehaviour};
use serde_json::{Value, json};

/// The dev provider, an app whose `dev` blueprint is its relying party (with `/claims` showing
/// the verified claims), and what the `error` hook saw.
fn relying_party() -> (DevProvider, TestApp, ErrorLog) {
    let dev = DevProvider::start().unwrap();
    let seen = ErrorLog::default();
    let bp = dev_builder(&dev, "dev")
        .openid_connect(dev.issuer())
        .build()
        .unwrap();
    let dance = seen.record(Dance::new(key()).blueprint(&bp));
    let claims = |cfg: &mut web::ServiceConfig| {
        cfg.route(
            "/claims",
            web::get().to(|| async {
                let claims = Client::current("dev")?.id_token_claims().await?;
                let claims = claims.map(|c| Value::Object(c.as_json().clone()));
                Ok::<_, Error>(HttpResponse::Ok().json(claims))
            }),
        );
    };
    let app = serve_with(dance, vec![bp], claims);
    (dev, app, seen)
}

/// How many times the provider's key set was fetched.
fn key_set_fetches(dev: &DevProvider) -> usize {
    dev.requests().iter().filter(|r| r.path == "/jwks").count()
}

#[actix_web::test]
async fn a_login_verifies_the_id_token_and_keeps_its_claims() {
    let (dev, app, seen) = relying_party();
    let browser = Browser::new();
    let (authorize, _) = browser.start_login(&app.at("/login/dev")).await;
    let scope = param(&authorize, "scope").unwrap();
    assert!(scope.split(' ').any(|s| s == "openid"), "{scope}");
    let nonce = param(&authorize, "nonce").expect("a nonce per login");
    assert!(nonce.len() >= 43, "{nonce}");
    let other = Browser::new().start_login(&app.at("/login/dev")).await.0;
    assert_ne!(
        param(&other, "nonce").unwrap(),
        nonce,
        "each login its own nonce"
    );

    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?} {:?}", seen.errors());
    let claims: Value = serde_json::from_str(&browser.get(&app.at("/claims")).await.body).unwrap();
    assert_eq!(claims["iss"], json!(dev.issuer()));
    assert_eq!(claims["sub"], "1");
    assert_eq!(claims["aud"], json!(dev.client_id()));
    assert_eq!(claims["email"], "octocat@example.com");
    assert_eq!(key_set_fetches(&dev), 1);
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(key_set_fetches(&dev), 1, "the key set is cached");
}

/// A login whose ID token has `fault`: the error the `error` hook saw (and nothing stored).
async fn refused(fault: IdTokenFault) -> IdTokenError {
    let (dev, app, seen) = relying_party();
    dev.set_misbehaviour(Misbehaviour::IdToken(fault));
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("could not be verified"), "{done:?}");
    assert_eq!(browser.token(&app, "dev").await, None, "nothing is stored");
    let seen = seen.errors();
    match seen.as_slice() {
        [DanceError::IdToken(error)] => error.clone(),
        other => panic!("{other:?}"),
    }
}

fn claims(replaced: Value) -> IdTokenFault {
    IdTokenFault::Claims(replaced)
}

#[actix_web::test]
async fn a_wrong_signature_is_refused() {
    assert_eq!(
        refused(IdTokenFault::BadSignature).await,
        IdTokenError::Signature
    );
}

#[actix_web::test]
async fn a_token_for_another_client_is_refused() {
    assert_eq!(
        refused(claims(json!({"aud": "someone-else"}))).await,
        IdTokenError::Audience
    );
}

#[actix_web::test]
async fn a_token_authorized_for_another_party_is_refused() {
    let fault = claims(json!({"aud": ["dev-client-id", "x"], "azp": "x"}));
    assert_eq!(refused(fault).await, IdTokenError::AuthorizedParty);
}

#[actix_web::test]
async fn a_token_from_another_issuer_is_refused() {
    let error = refused(claims(json!({"iss": "https://evil.example"}))).await;
    assert!(matches!(error, IdTokenError::Issuer { found, .. } if found == "https://evil.example"));
}

#[actix_web::test]
async fn an_expired_token_is_refused() {
    assert_eq!(
        refused(claims(json!({"exp": 1_000_000_000}))).await,
        IdTokenError::Expired
    );
}

#[actix_web::test]
async fn a_token_issued_in_the_future_is_refused() {
    let later = oauth_dance_dev_now() + 3600;
    assert_eq!(
        refused(claims(json!({"iat": later}))).await,
        IdTokenError::IssuedInFuture
    );
}

#[actix_web::test]
async fn another_logins_nonce_is_refused() {
    assert_eq!(
        refused(claims(json!({"nonce": "not-this-one"}))).await,
        IdTokenError::Nonce
    );
    assert_eq!(
        refused(claims(json!({"nonce": null}))).await,
        IdTokenError::Nonce
    );
}

#[actix_web::test]
async fn alg_none_is_refused() {
    assert_eq!(
        refused(IdTokenFault::AlgNone).await,
        IdTokenError::Algorithm("none".into())
    );
}

#[actix_web::test]
async fn hs256_signed_with_the_public_key_is_refused() {
    assert_eq!(
        refused(IdTokenFault::HmacWithPublicKey).await,
        IdTokenError::Algorithm("HS256".into())
    );
}

#[actix_web::test]
async fn an_unknown_key_id_is_refused_after_one_refetch() {
    let (dev, app, seen) = relying_party();
    let browser = Browser::new();
    assert_eq!(
        browser
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await
            .status,
        302
    );
    assert_eq!(key_set_fetches(&dev), 1);
    dev.set_misbehaviour(Misbehaviour::IdToken(IdTokenFault::UnknownKey));
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 400, "{done:?}");
    assert_eq!(
        key_set_fetches(&dev),
        2,
        "fetched once more, in case the keys rotated"
    );
    assert!(matches!(
        seen.errors().as_slice(),
        [DanceError::IdToken(IdTokenError::UnknownKey(Some(_)))]
    ));
}

#[actix_web::test]
async fn after_a_key_rotation_the_next_login_succeeds() {
    let (dev, app, seen) = relying_party();
    let browser = Browser::new();
    assert_eq!(
        browser
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await
            .status,
        302
    );
    dev.rotate_signing_key(false);
    let again = Browser::new();
    let done = again
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?} {:?}", seen.errors());
    assert_eq!(key_set_fetches(&dev), 2, "the new key was fetched");
    assert!(again.token(&app, "dev").await.is_some());
}

/// Unix seconds now.
fn oauth_dance_dev_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[actix_web::test]
async fn the_authorization_responses_issuer_is_checked_when_present() {
    let (dev, app, seen) = relying_party();
    let with_iss = |iss: String| {
        let (dev, app) = (&dev, &app);
        async move {
            let browser = Browser::new();
            let (_, form) = browser.start_login(&app.at("/login/dev")).await;
            let callback = browser.decide(dev, &form, "allow", "octocat").await;
            browser.get(&with_param(&callback, "iss", Some(&iss))).await
        }
    };
    assert_eq!(
        with_iss(dev.issuer()).await.status,
        302,
        "the provider's own issuer"
    );
    let mixed_up = with_iss("https://other-provider.example".into()).await;
    assert_eq!(mixed_up.status, 400, "{mixed_up:?}");
    let seen = seen.errors();
    assert!(
        matches!(seen.as_slice(), [DanceError::IdToken(IdTokenError::ResponseIssuer { found })] if found == "https://other-provider.example"),
        "{seen:?}"
    );
}
