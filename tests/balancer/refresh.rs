//! One user's token expires; 100 API calls at once, spread over the three instances, refresh it
//! once: each instance single-flights its own calls, and the lease taken through SQL storage's
//! atomic replace keeps the instances to one refresh between them.

use std::collections::BTreeSet;

use futures_util::future::join_all;
use oauth_dance::storage::StorageContext;
use oauth_dance::storage::sql::SqlStorage;
use oauth_dance::{Client, Token};
use oauth_dance_dev::DevProvider;
use serde_json::json;

use crate::cluster::Services;
use crate::dances::User;
use crate::instance;

fn refreshes(dev: &DevProvider) -> usize {
    dev.requests()
        .iter()
        .filter(|r| r.path == "/token" && r.body.contains("grant_type=refresh_token"))
        .count()
}

pub async fn once_across_instances(balancer: &str, dev: &DevProvider, services: &Services) {
    let user = User::new("refresher".into());
    user.dance(balancer).await.unwrap();
    // Its stored token, replaced by one that expired ten seconds ago.
    let storage = SqlStorage::connect(&services.postgres).await.unwrap();
    let bp = instance::blueprint(dev.url().as_str().trim_end_matches('/'), storage);
    let mut expired = dev.issue_token("refresher");
    expired["expires_in"] = json!(-10);
    let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "refresher"));
    client
        .set_token(Token::from_json(expired).unwrap())
        .await
        .unwrap();

    let before = refreshes(dev);
    let served = join_all((0..100).map(|_| user.me(balancer))).await;
    let instances: BTreeSet<String> = served
        .into_iter()
        .map(|s| s.unwrap_or_else(|f| panic!("{f:?}")))
        .collect();
    assert_eq!(instances.len(), 3, "the calls reached {instances:?}");
    assert_eq!(
        refreshes(dev) - before,
        1,
        "one refresh for 100 calls on 3 instances"
    );
    println!("100 calls with an expired token on 3 instances: 1 refresh");
}
