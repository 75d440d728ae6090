//! The verified claims of an OpenID Connect login, where the app reads them: the `authorized`
//! hook, the `VerifiedClaims` extractor and `Client::id_token_claims`; and a refresh whose new
//! ID token names another user (OpenID Connect Core §12.2) refused, the new token not saved.

use std::sync::{Arc, Mutex};

use actix_web::{HttpResponse, web};
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::oidc::IdTokenClaims;
use oauth_dance::storage::MemoryStorage;
use oauth_dance::{Client, Dance, Error, OAuth2Builder, Token, VerifiedClaims, named_blueprint};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, IdTokenFault, Misbehaviour};
use serde_json::json;

named_blueprint!(Dev = "dev");

/// What the `authorized` hooks saw.
type Seen = Arc<Mutex<Vec<Option<IdTokenClaims>>>>;

/// An app serving `bp`, with `/whoami` (the extractor) and `/refresh` (a refresh now, its
/// error as text), and the claims the `authorized` hook saw.
fn serve_app(bp: oauth_dance::Blueprint) -> (TestApp, Seen) {
    let seen = Seen::default();
    let record = seen.clone();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .on_authorized(move |event| {
            record.lock().unwrap().push(event.id_token_claims.clone());
            async { AuthorizedOutcome::Continue }
        });
    let routes = |cfg: &mut web::ServiceConfig| {
        cfg.route(
            "/whoami",
            web::get().to(|user: VerifiedClaims<Dev>| async move {
                format!("{} {}", user.subject(), user.email().unwrap_or_default())
            }),
        )
        .route(
            "/refresh",
            web::get().to(|| async {
                let outcome = Client::current("dev")?.refresh_if_due().await;
                let text = outcome.map_or_else(|e| e.to_string(), |()| "refreshed".into());
                Ok::<_, Error>(HttpResponse::Ok().body(text))
            }),
        );
    };
    (serve_with(dance, vec![bp], routes), seen)
}

fn relying_party(dev: &DevProvider) -> OAuth2Builder {
    dev_builder(dev, "dev").openid_connect(dev.issuer())
}

#[actix_web::test]
async fn the_authorized_hook_and_the_extractor_see_the_verified_claims() {
    let dev = DevProvider::start().unwrap();
    let (app, seen) = serve_app(relying_party(&dev).build().unwrap());
    let browser = Browser::new();
    let anonymous = browser.get(&app.at("/whoami")).await;
    assert_eq!(anonymous.status, 401, "{anonymous:?}");

    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let seen = seen.lock().unwrap().clone();
    let [Some(claims)] = seen.as_slice() else {
        panic!("{seen:?}");
    };
    assert_eq!(claims.subject(), "1");
    assert_eq!(claims.issuer(), dev.issuer());
    assert_eq!(claims.email(), Some("octocat@example.com"));
    let whoami = browser.get(&app.at("/whoami")).await;
    assert_eq!(whoami.body, "1 octocat@example.com");
}

#[actix_web::test]
async fn a_blueprint_that_verifies_nothing_shows_no_claims() {
    let dev = DevProvider::start().unwrap();
    // It asks for `openid` and gets an ID token, but checks nothing: its claims are not shown.
    let storage = MemoryStorage::new();
    let bp = dev_builder(&dev, "dev")
        .scope(["openid"])
        .storage(storage.clone());
    let (app, seen) = serve_app(bp.build().unwrap());
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(storage.token().unwrap().get("id_token").is_some());
    assert_eq!(seen.lock().unwrap().as_slice(), [None]);
    assert_eq!(browser.get(&app.at("/whoami")).await.status, 401);
}

/// A logged-in relying party whose stored token has expired (its ID token from a real login),
/// served again by a new app sharing the provider: the app, its storage and the old token.
async fn expired_login() -> (DevProvider, TestApp, MemoryStorage, Token) {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::new();
    let (app, _) = serve_app(
        relying_party(&dev)
            .storage(storage.clone())
            .build()
            .unwrap(),
    );
    Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let mut fields = storage.token().expect("stored").as_json().clone();
    fields.insert("expires_at".into(), json!(1));
    fields.remove("expires_in");
    let expired = Token::from_fields(fields).unwrap();
    assert!(expired.is_expired());
    let storage = MemoryStorage::with_token(expired.clone());
    let (app, _) = serve_app(
        relying_party(&dev)
            .storage(storage.clone())
            .build()
            .unwrap(),
    );
    (dev, app, storage, expired)
}

#[actix_web::test]
async fn a_refresh_with_the_same_user_saves_its_new_id_token() {
    let (_dev, app, storage, old) = expired_login().await;
    let done = Browser::new().get(&app.at("/refresh")).await;
    assert_eq!(done.body, "refreshed");
    let new = storage.token().unwrap();
    assert_ne!(
        new.get("id_token"),
        old.get("id_token"),
        "the new ID token is kept"
    );
    assert_eq!(IdTokenClaims::of(&new).unwrap().subject(), "1");
}

#[actix_web::test]
async fn a_refreshed_id_token_for_another_user_is_refused_and_not_saved() {
    let (dev, app, storage, old) = expired_login().await;
    dev.set_misbehaviour(Misbehaviour::IdToken(IdTokenFault::Claims(
        json!({"sub": "2"}),
    )));
    let done = Browser::new().get(&app.at("/refresh")).await;
    assert!(done.body.contains("names another user (`sub`)"), "{done:?}");
    assert_eq!(storage.token().unwrap(), old, "the new token is not saved");
    // The provider rotated the refresh token into the refused response: the login is over.
    let call = Browser::new().get(&app.at("/user/dev")).await;
    assert_eq!(
        call.status, 401,
        "no call with an unverified token: {call:?}"
    );
}

#[actix_web::test]
async fn a_forged_refreshed_id_token_is_refused() {
    let (dev, app, storage, old) = expired_login().await;
    dev.set_misbehaviour(Misbehaviour::IdToken(IdTokenFault::BadSignature));
    let done = Browser::new().get(&app.at("/refresh")).await;
    assert!(done.body.contains("signature is invalid"), "{done:?}");
    assert_eq!(storage.token().unwrap(), old);
}

#[actix_web::test]
async fn an_id_token_from_elsewhere_is_verified_like_a_logins() {
    let (dev, _app, storage, _) = expired_login().await;
    let bp = relying_party(&dev).build().unwrap();
    let flow = bp.oauth2().unwrap();
    let token = storage.token().unwrap();
    let id_token = token.get("id_token").and_then(|t| t.as_str()).unwrap();
    let claims = flow.verify_id_token(&bp, id_token, None).await.unwrap();
    assert_eq!(claims.unwrap().subject(), "1");
    let wrong_nonce = flow.verify_id_token(&bp, id_token, Some("another")).await;
    assert_eq!(
        wrong_nonce.unwrap_err(),
        oauth_dance::oidc::IdTokenError::Nonce
    );
    let (signed, _) = id_token.rsplit_once('.').unwrap();
    let forged = format!("{signed}.AAAA");
    let forged = flow.verify_id_token(&bp, &forged, None).await;
    assert!(forged.is_err(), "{forged:?}");
    let plain = dev_builder(&dev, "dev").build().unwrap();
    let none = plain
        .oauth2()
        .unwrap()
        .verify_id_token(&plain, id_token, None)
        .await;
    assert_eq!(none.unwrap(), None, "not a relying party");
}
