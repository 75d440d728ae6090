//! Three instances of an app behind a real load balancer (the nginx of
//! `.ci/services/nginx.sh`, round-robin), sharing the session key, Redis (sessions) and
//! PostgreSQL (tokens); the app's public URL is the balancer's. Each instance is this binary
//! in a process of its own (`--role instance`). In order:
//!
//! 1. dances one at a time: the login, the callback and the API call of each land on three
//!    different instances;
//! 2. 1,000 users with their own cookie jars dance, 16 at a time: no failure, no user sees another's
//!    account;
//! 3. one instance is killed mid-load: the balancer routes around it, and every dance reported
//!    successful has its token readable through the others;
//! 4. Redis is restarted mid-load: dances in flight fail with clear pages (the 503 of the
//!    outage, or the login page again), never a 500 or internals, and dances succeed after;
//! 5. 100 concurrent API calls of one user whose token expired, across the three instances,
//!    refresh it once (counted at the dev provider).
//!
//! Needs `OAUTH_DANCE_TEST_{NGINX,REDIS,POSTGRES}_*` (the services' scripts); skips without
//! them, fails without them under `CI=true`.

mod cluster;
mod dances;
mod instance;
#[allow(dead_code)]
#[path = "../../benches/dance/instructions.rs"]
mod instructions;
mod load;
#[allow(dead_code)]
#[path = "../../benches/dance/process.rs"]
mod process;
mod refresh;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use cluster::{Cluster, Services};
use instance::Sessions;
use load::{dance_all, failures, until, users};

fn main() {
    cluster::main("balancer", suite);
}

async fn suite(services: Services) {
    let started = Instant::now();
    let dev = cluster::dev_provider_with_users(1400);
    cluster::fresh_tokens(&services.postgres).await;
    let mut cluster = Cluster::start(&services, &dev, 3, Sessions::Redis);
    let balancer = services.balancer.clone();

    one_at_a_time_on_three_instances(&balancer).await;
    a_thousand_at_once(&balancer).await;
    an_instance_killed_mid_load(&balancer, &mut cluster).await;
    redis_restarted_mid_load(&balancer, &services).await;
    refresh::once_across_instances(&balancer, &dev, &services).await;
    println!("balancer suite: ok in {:.1?}", started.elapsed());
}

async fn one_at_a_time_on_three_instances(balancer: &str) {
    for user in users(0, 30) {
        let served = user
            .dance(balancer)
            .await
            .unwrap_or_else(|f| panic!("{f:?}"));
        let distinct: BTreeSet<&String> = served.iter().collect();
        assert_eq!(
            distinct.len(),
            3,
            "{}: login, callback, API call on {served:?}",
            user.login
        );
    }
    println!("30 dances one at a time: login, callback and API call on three instances each");
}

async fn a_thousand_at_once(balancer: &str) {
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let outcomes = dance_all(balancer.into(), users(30, 1030), 16, done).await;
    let failed = failures(&outcomes);
    assert!(
        failed.is_empty(),
        "{} failed, first: {:?}",
        failed.len(),
        failed.first()
    );
    assert!(!failed.iter().any(|f| f.is_mixup()));
    let crossed = outcomes
        .iter()
        .filter(|o| {
            o.result
                .as_ref()
                .is_ok_and(|s| s[0] != s[1] || s[1] != s[2])
        })
        .count();
    let all_three: BTreeSet<&String> = outcomes
        .iter()
        .flat_map(|o| o.result.as_ref().unwrap())
        .collect();
    assert_eq!(all_three.len(), 3, "every instance served: {all_three:?}");
    assert!(crossed > 800, "{crossed} of 1000 dances crossed instances");
    println!(
        "1000 dances, 16 at a time: 0 failures, 0 mix-ups, {crossed} crossed instances, {:.1?}",
        started.elapsed()
    );
}

async fn an_instance_killed_mid_load(balancer: &str, cluster: &mut Cluster) {
    let done = Arc::new(AtomicUsize::new(0));
    let load = tokio::spawn(dance_all(
        balancer.into(),
        users(1030, 1230),
        16,
        done.clone(),
    ));
    until(&done, 50).await;
    cluster.kill(2);
    let outcomes = load.await.unwrap();
    let succeeded: Vec<_> = outcomes.iter().filter(|o| o.result.is_ok()).collect();
    for outcome in &succeeded {
        let on = outcome.user.me(balancer).await;
        let on = on.unwrap_or_else(|f| panic!("{}: its token: {f:?}", outcome.user.login));
        assert_ne!(on, "3", "the killed instance answered");
    }
    let failed = failures(&outcomes);
    assert!(
        !failed.iter().any(|f| f.is_mixup() || f.shows_internals()),
        "{failed:?}"
    );
    assert!(
        succeeded.len() > 150,
        "{} of 200 succeeded",
        succeeded.len()
    );
    println!(
        "instance 3 killed after 50 of 200 dances: {} succeeded (each token readable through another instance), {} failed",
        succeeded.len(),
        failed.len()
    );
    cluster.restart(2);
}

async fn redis_restarted_mid_load(balancer: &str, services: &Services) {
    let done = Arc::new(AtomicUsize::new(0));
    let load = tokio::spawn(dance_all(
        balancer.into(),
        users(1230, 1330),
        16,
        done.clone(),
    ));
    until(&done, 30).await;
    services.stop_redis();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    services.start_redis();
    let outcomes = load.await.unwrap();
    let failed = failures(&outcomes);
    for failure in &failed {
        assert!(
            !failure.shows_internals() && !failure.is_mixup(),
            "{failure:?}"
        );
        let clear = failure.is_store_outage() || matches!(failure.status, 302 | 400..=499);
        assert!(clear, "an unclear failure: {failure:?}");
    }
    assert!(
        failed.iter().any(|f| f.is_store_outage()),
        "the outage was seen: {failed:?}"
    );
    let after = dance_all(balancer.into(), users(1330, 1360), 8, Arc::default()).await;
    let failed_after = failures(&after);
    assert!(
        failed_after.is_empty(),
        "after the restart: {failed_after:?}"
    );
    println!(
        "Redis restarted mid-load: {} of 100 dances failed with clear pages ({} with the 503), then 30 of 30 succeeded",
        failed.len(),
        failed.iter().filter(|f| f.is_store_outage()).count()
    );
}
