//! One request/identity context: storages learn the local user lazily, when they are called (so
//! an `authorized` hook can log the user in before the token is stored), the `authorized` hook
//! gets a client bound to the new token, and a client can act for a user outside any request.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use actix_session::SessionExt;
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::storage::{StorageContext, StorageError, TokenStorage};
use oauth_dance::{Client, Dance, Token};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use serde_json::Value;

/// Tokens by (blueprint, local user); a call without a user is an error, as in a storage with
/// `user_required`.
#[derive(Clone, Default)]
struct ByUser(Arc<Mutex<BTreeMap<(String, String), Token>>>);

impl ByUser {
    fn users(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .keys()
            .map(|(_, u)| u.clone())
            .collect()
    }
}

fn key_of(ctx: &StorageContext) -> Result<(String, String), StorageError> {
    let user = ctx
        .user()?
        .ok_or_else(|| StorageError::new("no local user"))?;
    Ok((ctx.blueprint().to_string(), user))
}

#[async_trait::async_trait(?Send)]
impl TokenStorage for ByUser {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        Ok(self.0.lock().unwrap().get(&key_of(ctx)?).cloned())
    }
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        self.0.lock().unwrap().insert(key_of(ctx)?, token.clone());
        Ok(())
    }
    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        self.0.lock().unwrap().remove(&key_of(ctx)?);
        Ok(())
    }
}

/// The seed's "create a local user on first login": the `authorized` hook asks the provider who
/// the user is (with the new token, before anything is stored) and logs them in locally.
fn app_with_local_users(dev: &DevProvider, storage: &ByUser) -> (TestApp, oauth_dance::Blueprint) {
    let bp = dev_builder(dev, "dev")
        .storage(storage.clone())
        .on_authorized(|event| async move {
            let Ok(response) = event.client.get("user").await else {
                return AuthorizedOutcome::SkipStoring;
            };
            let user: Value = response.json().await.unwrap_or_default();
            let login = user["login"].as_str().unwrap_or_default().to_string();
            event
                .request
                .get_session()
                .insert("user_id", login)
                .unwrap();
            AuthorizedOutcome::Continue
        })
        .build()
        .unwrap();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .local_user(|session| session.get::<String>("user_id").ok().flatten());
    (serve(dance, vec![bp.clone()]), bp)
}

#[actix_web::test]
async fn the_authorized_hook_logs_the_user_in_before_the_token_is_filed_under_them() {
    let dev = DevProvider::start().unwrap();
    let storage = ByUser::default();
    let (app, _) = app_with_local_users(&dev, &storage);
    let (alice, bob) = (Browser::new(), Browser::new());
    for (browser, user) in [(&alice, "octocat"), (&bob, "hubot")] {
        let done = browser
            .dance(&dev, &app.at("/login/dev"), "allow", user)
            .await;
        assert_eq!(done.status, 302, "{done:?}");
    }
    assert_eq!(storage.users(), vec!["hubot", "octocat"]);
    // Each browser's session names its user, so each reads its own token.
    assert!(
        alice
            .get(&app.at("/user/dev"))
            .await
            .body
            .contains("\"login\":\"octocat\"")
    );
    assert!(
        bob.get(&app.at("/user/dev"))
            .await
            .body
            .contains("\"login\":\"hubot\"")
    );
    // A browser without a local user has no token (the storage refuses: no user).
    assert_eq!(Browser::new().get(&app.at("/token/dev")).await.status, 503);
}

#[actix_web::test]
async fn a_client_acts_for_a_user_outside_any_request() {
    let dev = DevProvider::start().unwrap();
    let storage = ByUser::default();
    let (app, bp) = app_with_local_users(&dev, &storage);
    Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    // A background job: no request, no session, just the user's id.
    let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "octocat"));
    assert!(client.authorized().await.unwrap());
    let user: Value = client.get("user").await.unwrap().json().await.unwrap();
    assert_eq!(user["login"], "octocat");
    let nobody = Client::new(bp.clone(), StorageContext::for_user(&bp, "nobody"));
    assert!(!nobody.authorized().await.unwrap());
}

#[actix_web::test]
async fn a_client_from_a_token_in_hand_calls_the_api_and_stores_nothing() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let token = Token::from_json(dev.issue_token("hubot")).unwrap();
    let client = Client::with_token(bp, token);
    let user: Value = client.get("user").await.unwrap().json().await.unwrap();
    assert_eq!(user["login"], "hubot");
    let err = client.delete_token().await.unwrap_err();
    assert!(matches!(err, oauth_dance::Error::NoStorage), "{err:?}");
}
