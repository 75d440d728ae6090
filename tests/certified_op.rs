//! End-to-end dances against a certified OpenID Provider (npm `oidc-provider`, started by
//! `.ci/services/oidc-provider.sh`): discovery, a login with PKCE and a nonce through the
//! provider's own sign-in and consent pages, the ID token verified, a refresh that rotates the
//! refresh token, revocation on logout, a user who aborts, and a key rotation on the provider.
//!
//! Each test skips with a message without the provider, and fails under `CI=true`.

mod op_support;

use std::time::Duration;

use oauth_dance::provider::ClientAuth;
use oauth_dance::{DanceError, Token, TokenEndpointError};
use oauth_dance_dev::kit::Browser;
use op_support::*;
use serde_json::{Value, json};

/// The ID token a stored token carries.
fn id_token(token: &Token) -> &str {
    token.get("id_token").and_then(Value::as_str).unwrap()
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
    let Some(rp) = RelyingParty::start("login", |b| b).await else {
        return;
    };
    let browser = Browser::new();
    let login = rp.log_in(&browser, "alice").await;

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
    assert_eq!(param(&login.callback, "iss"), Some(rp.op.issuer.clone()));

    let token = rp.storage.token().expect("the token is stored");
    assert!(
        token.refresh_token().is_some(),
        "offline_access gives a refresh token"
    );
    let header = jwt_header(id_token(&token));
    assert_eq!(header["alg"], "RS256");
    let keys = rp.op.key_set().await;
    let keys = keys["keys"].as_array().unwrap();
    assert!(keys.iter().any(|k| k["kid"] == header["kid"]), "{keys:?}");

    let claims = rp.get_json(&browser, "/claims").await;
    assert_eq!(claims["iss"], json!(rp.op.issuer));
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["aud"], json!(rp.op.client_id));
    assert_eq!(claims["nonce"], json!(nonce));
    // The token works at the provider's API, which has the `email` scope's claims (the
    // provider keeps them out of an ID token that comes with an access token, as OpenID
    // Connect Core §5.4 says).
    let userinfo = rp.get_json(&browser, "/userinfo").await;
    assert_eq!(userinfo["sub"], "alice");
    assert_eq!(userinfo["email"], "alice@example.com");
}

#[actix_web::test]
async fn a_refresh_rotates_the_refresh_token_and_the_old_one_is_dead() {
    // Any token the provider issues (an hour long) is due for refresh at once.
    let Some(rp) = RelyingParty::start("refresh", |b| {
        b.refresh_leeway(Duration::from_secs(24 * 3600))
    })
    .await
    else {
        return;
    };
    let browser = Browser::new();
    rp.log_in(&browser, "bob").await;
    let old = rp.storage.token().unwrap();
    // RS256 signatures are deterministic: an ID token issued in the same second as the login's,
    // with the same claims, would be the same bytes.
    actix_web::rt::time::sleep(Duration::from_millis(1100)).await;

    assert_eq!(rp.get_json(&browser, "/refresh").await["refreshed"], true);
    let new = rp.storage.token().unwrap();
    assert_ne!(new.access_token(), old.access_token());
    let (old_rt, new_rt) = (old.refresh_token().unwrap(), new.refresh_token().unwrap());
    assert_ne!(
        new_rt, old_rt,
        "the provider rotated the refresh token, and it was saved"
    );
    assert_eq!(rp.op.introspect(new_rt).await["active"], true);
    assert_eq!(rp.op.introspect(new.access_token()).await["sub"], "bob");
    // The provider sent a new ID token with the refresh, which was kept; its claims are still
    // the user's.
    assert_ne!(id_token(&new), id_token(&old));
    assert_eq!(rp.get_json(&browser, "/claims").await["sub"], "bob");

    let (status, body) = rp.op.refresh_directly(old_rt).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "{body}"
    );
}

#[actix_web::test]
async fn logout_revokes_the_token_at_the_provider() {
    let Some(rp) = RelyingParty::start("logout", |b| b).await else {
        return;
    };
    let browser = Browser::new();
    rp.log_in(&browser, "carol").await;
    let token = rp.storage.token().unwrap();
    let (access, refresh) = (token.access_token(), token.refresh_token().unwrap());
    assert_eq!(rp.op.userinfo_status(access).await, 200);
    assert_eq!(rp.op.introspect(refresh).await["active"], true);

    let done = rp.get_json(&browser, "/logout").await;
    assert_eq!(done, json!({"revoked": true, "revocation_error": null}));
    assert!(rp.storage.token().is_none(), "forgotten");
    assert_eq!(rp.op.introspect(refresh).await["active"], false);
    assert_eq!(rp.op.introspect(access).await["active"], false);
    assert_eq!(rp.op.userinfo_status(access).await, 401);
}

#[actix_web::test]
async fn aborting_at_the_provider_is_access_denied_with_a_clear_page_and_nothing_stored() {
    let Some(rp) = RelyingParty::start("access_denied", |b| b).await else {
        return;
    };
    let browser = Browser::new();
    let guard = browser.get(&rp.app.at("/protected_op")).await;
    let login_url = rp.app.at(guard.location.as_deref().expect("to the login"));
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

    let page = browser.get(&rp.app.at("/protected_op")).await;
    assert_eq!(page.status, 400, "{page:?}");
    assert!(
        page.body.contains("access_denied") && page.body.contains("Try again"),
        "{page:?}"
    );
    assert!(rp.storage.token().is_none(), "nothing stored");
    let seen = rp.seen.errors();
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
    let Some(rp) = RelyingParty::start_to_rotate("key_rotation").await else {
        return;
    };
    let kid_now = || jwt_header(id_token(&rp.storage.token().unwrap()))["kid"].clone();
    rp.log_in(&Browser::new(), "erin").await;
    let before = kid_now();

    let rotated = json!(rp.op.rotate_keys().await);
    assert_ne!(rotated, before);
    // Another user of the same app, whose key cache holds only the old key.
    let second = Browser::new();
    rp.log_in(&second, "frank").await;
    assert_eq!(kid_now(), rotated, "signed with the new key");
    assert_eq!(rp.get_json(&second, "/claims").await["sub"], "frank");
}

#[actix_web::test]
async fn a_secret_sent_unencoded_is_refused_with_the_encoding_to_use() {
    // The test client's secret holds `+`, `/` and `:`, which the provider form-decodes
    // (RFC 6749 §2.3.1): sent as they are, they are another secret.
    let Some(rp) = RelyingParty::start("credential_encoding", |b| {
        b.client_auth(ClientAuth::BasicRaw)
    })
    .await
    else {
        return;
    };
    let browser = Browser::new();
    let user = User {
        browser: &browser,
        login: "grace",
        consent: Consent::Allow,
    };
    let login = user.log_in(&rp.app.at("/login/op")).await;
    assert_eq!(login.done.status, 502, "{login:?}");
    assert!(login.done.body.contains("Try again"), "{login:?}");
    assert!(rp.storage.token().is_none());
    let seen = rp.seen.errors();
    assert!(
        matches!(
            seen.as_slice(),
            [DanceError::TokenEndpoint(TokenEndpointError::CredentialEncoding { tried, other })]
                if tried == "basic_raw" && other == "basic"
        ),
        "{seen:?}"
    );
}
