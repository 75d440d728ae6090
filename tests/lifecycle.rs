//! The token lifecycle over real HTTP against the dev provider: an expired token is refreshed
//! before the call and saved, once however many requests need it (across workers, and across a
//! cancelled request), a refresh token the provider refuses ends the login, and a logout revokes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use oauth_dance::storage::{MemoryStorage, StorageContext};
use oauth_dance::{Blueprint, Client, Dance, DanceError, Error, Token};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour, ReceivedRequest};
use serde_json::{Value, json};

/// The refresh requests the provider received.
fn refreshes(dev: &DevProvider) -> Vec<ReceivedRequest> {
    dev.requests()
        .into_iter()
        .filter(|r| r.path == "/token" && r.body.contains("grant_type=refresh_token"))
        .collect()
}

/// A token the provider issued for octocat, that the client believes expires in `seconds`.
fn issued(dev: &DevProvider, seconds: i64) -> Token {
    let mut fields = dev.issue_token("octocat");
    fields["expires_in"] = json!(seconds);
    Token::from_json(fields).unwrap()
}

fn without_refresh_token(token: &Token) -> Token {
    let mut fields = token.as_json().clone();
    fields.remove("refresh_token");
    Token::from_fields(fields).unwrap()
}

/// The dev provider, and an app whose `dev` blueprint keeps `token` in a memory storage.
fn app_with(
    token: impl FnOnce(&DevProvider) -> Token,
    configure: impl FnOnce(oauth_dance::OAuth2Builder) -> oauth_dance::OAuth2Builder,
) -> (DevProvider, TestApp, MemoryStorage) {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::with_token(token(&dev));
    let bp = configure(dev_builder(&dev, "dev").storage(storage.clone()))
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    (dev, app, storage)
}

#[actix_web::test]
async fn an_expired_token_is_refreshed_before_the_call_and_saved() {
    let (dev, app, storage) = app_with(|dev| issued(dev, -10), |b| b);
    let old = storage.token().unwrap();
    let user = Browser::new().get(&app.at("/user/dev")).await;
    assert_eq!(user.status, 200, "{user:?}");
    assert!(user.body.contains("octocat"), "{user:?}");
    let sent = refreshes(&dev);
    assert_eq!(sent.len(), 1, "one refresh");
    assert!(sent[0].body.contains(old.refresh_token().unwrap()));
    let new = storage.token().unwrap();
    assert_ne!(
        new.access_token(),
        old.access_token(),
        "the new token is saved"
    );
    assert_ne!(
        new.refresh_token(),
        old.refresh_token(),
        "with the rotated refresh token"
    );
    assert!(!new.is_expired());
    assert!(
        new.get("oauth_dance_refresh_lease").is_none(),
        "no lease is left behind"
    );
    // The API call carried the new token.
    let api = dev
        .requests()
        .into_iter()
        .rfind(|r| r.path == "/api/user")
        .unwrap();
    assert_eq!(
        api.header("authorization"),
        Some(format!("Bearer {}", new.access_token()).as_str())
    );
}

#[actix_web::test]
async fn a_token_within_the_leeway_is_refreshed_and_one_outside_it_is_not() {
    let (dev, app, _) = app_with(|dev| issued(dev, 30), |b| b);
    assert_eq!(Browser::new().get(&app.at("/user/dev")).await.status, 200);
    assert_eq!(
        refreshes(&dev).len(),
        1,
        "30 s from expiry is within the default 60 s"
    );

    let (dev, app, storage) = app_with(
        |dev| issued(dev, 30),
        |b| b.refresh_leeway(Duration::from_secs(10)),
    );
    let old = storage.token().unwrap();
    assert_eq!(Browser::new().get(&app.at("/user/dev")).await.status, 200);
    assert!(
        refreshes(&dev).is_empty(),
        "30 s from expiry is outside a 10 s leeway"
    );
    assert_eq!(storage.token().unwrap(), old);
}

#[actix_web::test]
async fn without_a_refresh_token_there_is_no_refresh_and_the_user_logs_in_again() {
    let (dev, app, storage) = app_with(|dev| without_refresh_token(&issued(dev, -10)), |b| b);
    let browser = Browser::new();
    let user = browser.get(&app.at("/user/dev")).await;
    assert_eq!(user.status, 401, "{user:?}");
    assert!(user.body.contains("log in again"), "{user:?}");
    let state = browser.get(&app.at("/token/dev")).await;
    let state: Value = serde_json::from_str(&state.body).unwrap();
    assert_eq!(state["authorized"], false);
    let protected = browser.get(&app.at("/protected")).await;
    assert_eq!(protected.status, 302);
    assert!(protected.location.unwrap().starts_with("/login/dev?next="));
    assert!(refreshes(&dev).is_empty(), "no refresh was attempted");
    assert!(storage.token().is_some(), "nothing was thrown away");
}

#[actix_web::test]
async fn a_refreshable_token_is_authorized_and_the_guard_lets_it_through() {
    let (dev, app, _) = app_with(|dev| issued(dev, -10), |b| b);
    let browser = Browser::new();
    let state = browser.get(&app.at("/token/dev")).await;
    let state: Value = serde_json::from_str(&state.body).unwrap();
    assert_eq!(state["authorized"], true, "expired but refreshable");
    let protected = browser.get(&app.at("/protected")).await;
    assert_eq!(protected.status, 200, "{protected:?}");
    assert_eq!(protected.body, "protected for octocat");
    assert_eq!(refreshes(&dev).len(), 1);
}

#[actix_web::test]
async fn refreshing_can_be_turned_off() {
    let (dev, app, _) = app_with(|dev| issued(dev, -10), |b| b.refresh(false));
    assert_eq!(Browser::new().get(&app.at("/user/dev")).await.status, 401);
    assert!(refreshes(&dev).is_empty());
}

/// What the `error` hooks saw: the error code, whether a request came with it, and whether
/// the token was still stored when they ran.
type Seen = Arc<Mutex<Vec<(String, bool, bool)>>>;

#[actix_web::test]
async fn a_refused_refresh_token_is_reported_then_the_dead_token_is_removed() {
    let dev = DevProvider::start().unwrap();
    let mut dead = issued(&dev, -10).as_json().clone();
    dead["refresh_token"] = json!("dev_rt_revoked");
    let storage = MemoryStorage::with_token(Token::from_fields(dead).unwrap());
    let seen: Seen = Seen::default();
    let hook = |who: &'static str, seen: Seen, storage: MemoryStorage| {
        move |event: oauth_dance::hooks::ErrorEvent| {
            let (seen, storage) = (seen.clone(), storage.clone());
            async move {
                let stored = storage.token().is_some();
                let refused = matches!(&event.error, DanceError::Refresh(e) if e.refusal() == Some("invalid_grant"));
                seen.lock().unwrap().push((
                    format!("{who}:{refused}"),
                    event.request.is_some(),
                    stored,
                ));
                None
            }
        }
    };
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .on_error(hook("blueprint", seen.clone(), storage.clone()))
        .build()
        .unwrap();
    let dance =
        Dance::new(key())
            .blueprint(&bp)
            .on_error(hook("app", seen.clone(), storage.clone()));
    let app = serve(dance, vec![bp]);
    let user = Browser::new().get(&app.at("/user/dev")).await;
    assert_eq!(user.status, 401, "{user:?}");
    assert!(user.body.contains("log in again"), "{user:?}");
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            ("blueprint:true".to_string(), false, true),
            ("app:true".to_string(), false, true)
        ],
        "both hooks, no request, and the token still there while they ran"
    );
    assert!(storage.token().is_none(), "then the dead token is gone");
}

#[actix_web::test]
async fn a_refresh_that_fails_for_now_keeps_the_token() {
    let (dev, app, storage) = app_with(|dev| issued(dev, -10), |b| b);
    let old = storage.token().unwrap();
    dev.set_misbehaviour(Misbehaviour::TokenEndpointStatus(503));
    let user = Browser::new().get(&app.at("/user/dev")).await;
    assert_eq!(user.status, 502, "{user:?}");
    assert_eq!(storage.token().unwrap(), old, "kept, without a lease");
    dev.set_misbehaviour(Misbehaviour::None);
    assert_eq!(
        Browser::new().get(&app.at("/user/dev")).await.status,
        200,
        "and the next call refreshes"
    );
}

/// Sends `n` requests to `url` at once through `browser`; their statuses.
async fn at_once(browser: &Browser, url: &str, n: usize) -> Vec<u16> {
    let calls = (0..n).map(|_| async {
        browser
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    futures_util::future::join_all(calls).await
}

#[actix_web::test]
async fn a_hundred_concurrent_requests_cause_one_refresh() {
    let (dev, app, storage) = app_with(|dev| issued(dev, -10), |b| b);
    let statuses = at_once(&Browser::new(), &app.at("/user/dev"), 100).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(
        refreshes(&dev).len(),
        1,
        "one refresh for a hundred requests on two workers"
    );
    assert!(!storage.token().unwrap().is_expired());
}

#[actix_web::test]
async fn a_hundred_concurrent_requests_of_one_session_cause_one_refresh() {
    let dev = DevProvider::start().unwrap();
    let expired = issued(&dev, -10);
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let plant = move |cfg: &mut web::ServiceConfig| {
        let expired = expired.clone();
        cfg.route(
            "/plant",
            web::get().to(move || {
                let expired = expired.clone();
                async move {
                    Client::current("dev")?.set_token(expired).await?;
                    Ok::<_, Error>(HttpResponse::Ok().finish())
                }
            }),
        );
    };
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], plant);
    let browser = Browser::new();
    assert_eq!(browser.get(&app.at("/plant")).await.status, 200);
    let statuses = at_once(&browser, &app.at("/user/dev"), 100).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(
        refreshes(&dev).len(),
        1,
        "one refresh for the session's hundred requests"
    );
    // Whichever response's cookie the browser kept, it holds a token that works.
    assert_eq!(browser.get(&app.at("/user/dev")).await.status, 200);
    assert_eq!(refreshes(&dev).len(), 1);
}

#[actix_web::test]
async fn a_request_cancelled_mid_refresh_loses_nothing() {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::with_token(issued(&dev, -10));
    let bp: Blueprint = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    dev.set_misbehaviour(Misbehaviour::TokenEndpointSlow(Duration::from_millis(400)));
    let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
    let cancelled =
        tokio::time::timeout(Duration::from_millis(100), client.get("user").send()).await;
    assert!(cancelled.is_err(), "the request was cancelled mid-refresh");
    drop(client);
    let old = storage.token().unwrap();
    let mut saved = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        saved = storage
            .token()
            .filter(|t| t.access_token() != old.access_token());
        if saved.is_some() {
            break;
        }
    }
    let saved = saved.expect("the refresh went on and its token was saved");
    assert!(!saved.is_expired());
    dev.set_misbehaviour(Misbehaviour::None);
    let again = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
    let user: Value = again.get("user").await.unwrap().json().await.unwrap();
    assert_eq!(user["login"], "octocat");
    assert_eq!(
        refreshes(&dev).len(),
        1,
        "the saved token is used: no second refresh"
    );
}

#[actix_web::test]
async fn logout_revokes_the_token_and_forgets_it() {
    let (dev, app, storage) = app_with(|dev| issued(dev, 3600), |b| b);
    let _ = app;
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .revocation_url(dev.revocation_url())
        .build()
        .unwrap();
    let token = storage.token().unwrap();
    let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
    let done = client.logout().await.unwrap();
    assert!(done.revoked && done.revocation_error.is_none(), "{done:?}");
    assert!(storage.token().is_none(), "forgotten");
    let revoked: Vec<_> = dev
        .requests()
        .into_iter()
        .filter(|r| r.path == "/revoke")
        .collect();
    assert_eq!(revoked.len(), 2, "the refresh token, then the access token");
    assert!(revoked[0].body.contains("token_type_hint=refresh_token"));
    assert!(revoked[1].body.contains("token_type_hint=access_token"));
    // The provider no longer accepts either.
    let stale = Client::with_token(bp.clone(), token.clone());
    assert_eq!(stale.get("user").await.unwrap().status(), 401);
    assert!(matches!(
        Client::with_token(bp, issued_with(&token, -10))
            .get("user")
            .await,
        Err(Error::ReauthorizationNeeded {
            refused: Some(_),
            ..
        })
    ));
}

/// `token`, believed to expire in `seconds`.
fn issued_with(token: &Token, seconds: i64) -> Token {
    let mut fields = token.as_json().clone();
    fields["expires_in"] = json!(seconds);
    Token::from_fields(fields).unwrap()
}

#[actix_web::test]
async fn without_a_revocation_endpoint_logout_only_forgets() {
    let (dev, _app, storage) = app_with(|dev| issued(dev, 3600), |b| b);
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let done = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"))
        .logout()
        .await
        .unwrap();
    assert!(!done.revoked);
    assert!(storage.token().is_none());
    assert!(dev.requests().iter().all(|r| r.path != "/revoke"));
}

#[actix_web::test]
async fn a_revocation_the_provider_refuses_is_reported_and_the_token_is_forgotten_anyway() {
    let (dev, _app, storage) = app_with(|dev| issued(dev, 3600), |b| b);
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .revocation_url(format!("{}no-such-endpoint", dev.url()))
        .build()
        .unwrap();
    let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
    let revoked = client.revoke_token().await;
    assert!(matches!(revoked, Err(Error::Revoke { .. })), "{revoked:?}");
    assert!(
        storage.token().is_some(),
        "revoke_token alone forgets nothing"
    );
    let done = client.logout().await.unwrap();
    assert!(!done.revoked, "{done:?}");
    let error = done.revocation_error.expect("the failure is reported");
    assert!(error.to_string().contains("404"), "{error}");
    assert!(storage.token().is_none(), "forgotten all the same");
}

/// Two blueprints over one storage stand for two processes sharing a database: each has its own
/// in-process refreshes, so only the lease the storage's `replace` takes keeps them to one.
#[actix_web::test]
async fn two_processes_sharing_a_storage_refresh_once() {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::with_token(issued(&dev, -10));
    let process = || {
        dev_builder(&dev, "dev")
            .storage(storage.clone())
            .build()
            .unwrap()
    };
    let (first, second) = (process(), process());
    let call = |bp: &Blueprint| {
        let client = Client::new(bp.clone(), StorageContext::for_user(bp, "u"));
        async move { client.get("user").await.map(|r| r.status().as_u16()) }
    };
    let calls = (0..50).flat_map(|_| [call(&first), call(&second)]);
    let statuses = futures_util::future::join_all(calls).await;
    assert!(
        statuses.iter().all(|s| matches!(s, Ok(200))),
        "{statuses:?}"
    );
    assert_eq!(
        refreshes(&dev).len(),
        1,
        "one refresh between the two processes"
    );
    let saved = storage.token().unwrap();
    assert!(!saved.is_expired() && saved.get("oauth_dance_refresh_lease").is_none());
}

/// The revocation endpoints providers.toml names, as the built blueprints have them.
#[test]
fn presets_name_their_revocation_endpoints() {
    use oauth_dance::__private::OptionValue;
    use oauth_dance::contrib::PRESETS;
    let revocation_url = |name: &str, options: &[(&'static str, &str)]| {
        let spec = PRESETS.iter().find(|s| s.name == name).unwrap();
        let mut builder = oauth_dance::OAuth2Builder::from_spec(spec)
            .client_id("id")
            .client_secret("secret");
        for (option, value) in options {
            builder = builder.provider_option(option, OptionValue::Text(value.to_string()));
        }
        let bp = builder.build().unwrap();
        bp.oauth2().unwrap().revocation_url().map(|u| u.to_string())
    };
    let expected = [
        ("google", "https://oauth2.googleapis.com/revoke"),
        ("discord", "https://discord.com/api/oauth2/token/revoke"),
        ("reddit", "https://www.reddit.com/api/v1/revoke_token"),
        ("twitch", "https://id.twitch.tv/oauth2/revoke"),
        ("fitbit", "https://api.fitbit.com/oauth2/revoke"),
        ("linkedin", "https://www.linkedin.com/oauth/v2/revoke"),
    ];
    for (name, url) in expected {
        assert_eq!(revocation_url(name, &[]).as_deref(), Some(url), "{name}");
    }
    assert_eq!(
        revocation_url("gitlab", &[("hostname", "gitlab.example.com")]).as_deref(),
        Some("https://gitlab.example.com/oauth/revoke"),
        "placeholders are filled"
    );
    assert_eq!(
        revocation_url("github", &[]),
        None,
        "GitHub has no RFC 7009 endpoint"
    );
}

#[actix_web::test]
async fn a_provider_that_does_not_rotate_leaves_the_old_refresh_token_in_use() {
    let dev = DevProvider::builder()
        .rotate_refresh_tokens(false)
        .start()
        .unwrap();
    let storage = MemoryStorage::with_token(issued(&dev, -10));
    let old = storage.token().unwrap();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let call = || Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
    assert_eq!(call().get("user").await.unwrap().status(), 200);
    let refreshed = storage.token().unwrap();
    assert_ne!(refreshed.access_token(), old.access_token());
    assert_eq!(
        refreshed.refresh_token(),
        old.refresh_token(),
        "kept: none was sent"
    );
    // Expired again, later (a new process: no refresh of this token is remembered): the kept
    // refresh token refreshes again.
    let later = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let client = Client::new(later.clone(), StorageContext::for_user(&later, "u"));
    client
        .set_token(issued_with(&refreshed, -10))
        .await
        .unwrap();
    assert_eq!(client.get("user").await.unwrap().status(), 200);
    assert_eq!(refreshes(&dev).len(), 2);
    assert_eq!(
        storage.token().unwrap().refresh_token(),
        old.refresh_token()
    );
}
