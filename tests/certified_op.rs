//! End-to-end dances against a certified OpenID Provider (npm `oidc-provider`, started by
//! `.ci/services/oidc-provider.sh`): discovery, a login with PKCE and a nonce through the
//! provider's own sign-in and consent pages, the ID token verified, a refresh that rotates the
//! refresh token, revocation on logout, a user who aborts, and a key rotation on the provider.
//!
//! Each test skips with a message without the provider, and fails under `CI=true`.

mod op_support;

use std::time::Duration;

use oauth_dance::provider::ClientAuth;
use oauth_dance::storage::MemoryStorage;
use oauth_dance::{DanceError, TokenEndpointError};
use oauth_dance_dev::kit::Browser;
use op_support::*;
use serde_json::{Value, json};

/// A user who signs in as `login` and consents.
fn consenting<'a>(browser: &'a Browser, login: &'a str) -> User<'a> {
    User {
        browser,
        login,
        consent: Consent::Allow,
    }
}

/// The JSON body of a `GET` on the app.
async fn get_json(browser: &Browser, url: &str) -> Value {
    let step = browser.get(url).await;
    assert_eq!(step.status, 200, "{url}: {step:?}");
    serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{url}: {step:?}"))
}

#[actix_web::test]
async fn discovery_names_the_issuer_and_the_endpoints_the_blueprint_uses() {
    let Some(op) = CertifiedOp::find("discovery").await else {
        return;
    };
    assert_eq!(op.discovery["issuer"], json!(op.issuer));
    for endpoint in [
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "revocation_endpoint",
        "introspection_endpoint",
        "userinfo_endpoint",
    ] {
        assert!(op.endpoint(endpoint).starts_with(&op.issuer), "{endpoint}");
    }
    assert_eq!(
        op.discovery["code_challenge_methods_supported"],
        json!(["S256"])
    );
    assert_eq!(
        op.discovery["authorization_response_iss_parameter_supported"],
        json!(true)
    );
    op.builder().build().expect("a blueprint from discovery");
}

#[actix_web::test]
async fn a_login_with_pkce_and_nonce_keeps_a_verified_id_token() {
    let Some(op) = CertifiedOp::find("login").await else {
        return;
    };
    let storage = MemoryStorage::new();
    let (app, seen) = relying_party(&op, &storage, |b| b);
    let browser = Browser::new();
    let login = consenting(&browser, "alice")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(
        login.done.status,
        302,
        "{login:?} {:?}",
        seen.lock().unwrap()
    );

    let authorize = &login.authorize;
    assert_eq!(
        param(authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(param(authorize, "code_challenge").is_some_and(|c| c.len() == 43));
    let nonce = param(authorize, "nonce").expect("a nonce");
    let scope = param(authorize, "scope").unwrap();
    assert!(scope.split(' ').any(|s| s == "openid"), "{scope}");
    // RFC 9207: the provider names itself in the response, and the callback accepted it.
    assert_eq!(param(&login.callback, "iss"), Some(op.issuer.clone()));

    let token = storage.token().expect("the token is stored");
    assert!(
        token.refresh_token().is_some(),
        "offline_access gives a refresh token"
    );
    let id_token = token.get("id_token").and_then(Value::as_str).unwrap();
    let header = jwt_header(id_token);
    assert_eq!(header["alg"], "RS256");
    let keys = op.key_set().await;
    assert!(
        keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == header["kid"])
    );

    let claims = get_json(&browser, &app.at("/claims")).await;
    assert_eq!(claims["iss"], json!(op.issuer));
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["aud"], json!(op.client_id));
    assert_eq!(claims["nonce"], json!(nonce));
    // The token works at the provider's API, which has the `email` scope's claims (the
    // provider keeps them out of an ID token that comes with an access token, as OpenID
    // Connect Core §5.4 says).
    let userinfo = get_json(&browser, &app.at("/userinfo")).await;
    assert_eq!(userinfo["sub"], "alice");
    assert_eq!(userinfo["email"], "alice@example.com");
    assert!(seen.lock().unwrap().is_empty());
}

#[actix_web::test]
async fn a_refresh_rotates_the_refresh_token_and_the_old_one_is_dead() {
    let Some(op) = CertifiedOp::find("refresh").await else {
        return;
    };
    let storage = MemoryStorage::new();
    // Any token the provider issues (an hour long) is due for refresh at once.
    let (app, seen) = relying_party(&op, &storage, |b| {
        b.refresh_leeway(Duration::from_secs(24 * 3600))
    });
    let browser = Browser::new();
    let login = consenting(&browser, "bob")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(
        login.done.status,
        302,
        "{login:?} {:?}",
        seen.lock().unwrap()
    );
    let old = storage.token().unwrap();

    let refreshed = browser.get(&app.at("/refresh")).await;
    assert_eq!(
        refreshed.status,
        200,
        "{refreshed:?} {:?}",
        seen.lock().unwrap()
    );
    let new = storage.token().unwrap();
    assert_ne!(new.access_token(), old.access_token());
    let (old_rt, new_rt) = (old.refresh_token().unwrap(), new.refresh_token().unwrap());
    assert_ne!(
        new_rt, old_rt,
        "the provider rotated the refresh token, and it was saved"
    );
    assert_eq!(op.introspect(new_rt).await["active"], true);
    assert_eq!(op.introspect(new.access_token()).await["sub"], "bob");
    // The provider sent a new ID token with the refresh; the claims are still the user's.
    let id_token = |t: &oauth_dance::Token| t.get("id_token").cloned();
    assert!(id_token(&new).is_some() && id_token(&new) != id_token(&old));
    let claims = get_json(&browser, &app.at("/claims")).await;
    assert_eq!(claims["sub"], "bob");

    let (status, body) = op.refresh_directly(old_rt).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "{body}"
    );
}

#[actix_web::test]
async fn logout_revokes_the_token_at_the_provider() {
    let Some(op) = CertifiedOp::find("logout").await else {
        return;
    };
    let storage = MemoryStorage::new();
    let (app, seen) = relying_party(&op, &storage, |b| b);
    let browser = Browser::new();
    let login = consenting(&browser, "carol")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(
        login.done.status,
        302,
        "{login:?} {:?}",
        seen.lock().unwrap()
    );
    let token = storage.token().unwrap();
    let (access, refresh) = (token.access_token(), token.refresh_token().unwrap());
    assert_eq!(op.userinfo_status(access).await, 200);
    assert_eq!(op.introspect(refresh).await["active"], true);

    let done = get_json(&browser, &app.at("/logout")).await;
    assert_eq!(done, json!({"revoked": true, "revocation_error": null}));
    assert!(storage.token().is_none(), "forgotten");
    assert_eq!(op.introspect(refresh).await["active"], false);
    assert_eq!(op.introspect(access).await["active"], false);
    assert_eq!(op.userinfo_status(access).await, 401);
}

#[actix_web::test]
async fn aborting_at_the_provider_is_access_denied_with_a_clear_page_and_nothing_stored() {
    let Some(op) = CertifiedOp::find("access_denied").await else {
        return;
    };
    let storage = MemoryStorage::new();
    let (app, seen) = relying_party(&op, &storage, |b| b);
    let browser = Browser::new();
    let guard = browser.get(&app.at("/protected_op")).await;
    let login_url = app.at(guard.location.as_deref().expect("to the login"));
    let user = User {
        browser: &browser,
        login: "dave",
        consent: Consent::Abort,
    };
    let login = user.log_in(&login_url).await;
    assert_eq!(
        param(&login.callback, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(
        login.done.location.as_deref(),
        Some("/protected_op"),
        "{login:?}"
    );

    let page = browser.get(&app.at("/protected_op")).await;
    assert_eq!(page.status, 400, "{page:?}");
    assert!(
        page.body.contains("access_denied") && page.body.contains("Try again"),
        "{page:?}"
    );
    assert!(storage.token().is_none(), "nothing stored");
    let seen = seen.lock().unwrap();
    assert!(
        matches!(
            seen.as_slice(),
            [DanceError::Provider { error, description: Some(why), .. }]
                if error == "access_denied" && why == "End-User aborted interaction"
        ),
        "{seen:?}"
    );
}

#[actix_web::test]
async fn after_the_provider_rotates_its_keys_a_login_still_verifies() {
    let Some(op) = CertifiedOp::find("key_rotation").await else {
        return;
    };
    let storage = MemoryStorage::new();
    let (app, seen) = relying_party(&op, &storage, |b| b);
    let first = Browser::new();
    let login = consenting(&first, "erin")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(
        login.done.status,
        302,
        "{login:?} {:?}",
        seen.lock().unwrap()
    );
    let kid_of = |storage: &MemoryStorage| {
        let token = storage.token().unwrap();
        jwt_header(token.get("id_token").and_then(Value::as_str).unwrap())["kid"].clone()
    };
    let before = kid_of(&storage);

    let rotated = op.rotate_keys().await;
    assert_ne!(json!(rotated), before);
    // Another user of the same app, whose key cache holds only the old key.
    let second = Browser::new();
    let login = consenting(&second, "frank")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(
        login.done.status,
        302,
        "{login:?} {:?}",
        seen.lock().unwrap()
    );
    assert_eq!(kid_of(&storage), json!(rotated), "signed with the new key");
    let claims = get_json(&second, &app.at("/claims")).await;
    assert_eq!(claims["sub"], "frank");
    assert!(seen.lock().unwrap().is_empty());
}

#[actix_web::test]
async fn a_secret_sent_unencoded_is_refused_with_the_encoding_to_use() {
    let Some(op) = CertifiedOp::find("credential_encoding").await else {
        return;
    };
    let storage = MemoryStorage::new();
    // The test client's secret holds `+`, `/` and `:`, which the provider form-decodes
    // (RFC 6749 §2.3.1): sent as they are, they are another secret.
    let (app, seen) = relying_party(&op, &storage, |b| b.client_auth(ClientAuth::BasicRaw));
    let browser = Browser::new();
    let login = consenting(&browser, "grace")
        .log_in(&app.at("/login/op"))
        .await;
    assert_eq!(login.done.status, 502, "{login:?}");
    assert!(login.done.body.contains("Try again"), "{login:?}");
    assert!(storage.token().is_none());
    let seen = seen.lock().unwrap();
    assert!(
        matches!(
            seen.as_slice(),
            [DanceError::TokenEndpoint(TokenEndpointError::CredentialEncoding { tried, other })]
                if tried == "basic_raw" && other == "basic"
        ),
        "{seen:?}"
    );
}
