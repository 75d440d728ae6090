//! Two processes sharing SQL storage refresh a user's expired token once: each blueprint below
//! stands for a process (its own in-process refreshes, its own storage over the same
//! database), so only the lease the storage's atomic `replace` takes keeps them to one refresh,
//! and the rotated refresh token is never spent twice. On SQLite, and on PostgreSQL when there
//! is one.

#[macro_use]
#[path = "sql_support/mod.rs"]
mod sql_support;

use futures_util::future::join_all;
use oauth_dance::storage::StorageContext;
use oauth_dance::storage::sql::SqlStorage;
use oauth_dance::{Blueprint, Client, Token};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::dev_builder;
use serde_json::json;
use sql_support::databases;

model!(Lifecycle, "c_lifecycle");

#[actix_web::test]
async fn two_processes_on_sql_storage_refresh_an_expired_token_once() {
    for (db, storage) in databases::<Lifecycle>("sql_lifecycle").await {
        let dev = DevProvider::start().unwrap();
        let process = || {
            let own = SqlStorage::<Lifecycle>::new(storage.pool().clone());
            dev_builder(&dev, "dev").storage(own).build().unwrap()
        };
        let (first, second) = (process(), process());
        let mut expired = dev.issue_token("octocat");
        expired["expires_in"] = json!(-10);
        let old = Token::from_json(expired).unwrap();
        let client = |bp: &Blueprint| Client::new(bp.clone(), StorageContext::for_user(bp, "u"));
        client(&first).set_token(old.clone()).await.unwrap();
        let call = |bp: &Blueprint| {
            let client = client(bp);
            async move { client.get("user").await.map(|r| r.status().as_u16()) }
        };
        let calls = (0..25).flat_map(|_| [call(&first), call(&second)]);
        let statuses = join_all(calls).await;
        assert!(
            statuses.iter().all(|s| matches!(s, Ok(200))),
            "{db}: {statuses:?}"
        );
        let refreshes = dev
            .requests()
            .into_iter()
            .filter(|r| r.path == "/token" && r.body.contains("grant_type=refresh_token"))
            .count();
        assert_eq!(refreshes, 1, "{db}: one refresh between the two processes");
        let saved = client(&second).token().await.unwrap().unwrap();
        assert_ne!(
            saved.refresh_token(),
            old.refresh_token(),
            "{db}: the rotated one is saved"
        );
        assert!(
            saved.get("oauth_dance_refresh_lease").is_none(),
            "{db}: no lease left"
        );
    }
}
