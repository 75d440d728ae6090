//! Dances per second through the load balancer with one, two and three app instances, with
//! cookie sessions and with Redis sessions, in one run:
//!
//! ```text
//! source .ci/services/postgres.sh; source .ci/services/redis.sh; source .ci/services/nginx.sh
//! cargo bench --bench balancer
//! ```
//!
//! The set-up is the one `tests/balancer` checks (its instance, driver and cluster are used
//! here as they are): nginx round-robin over the instances, each a process of its own (this
//! binary with `--role instance`, one worker each), tokens in PostgreSQL, the dev provider and
//! the driver in this process. A dance is login, consent, callback and an API call, each user
//! with a cookie jar of their own; a failed dance or a mix-up fails the run. The balancer keeps
//! three upstreams: with fewer instances, the missing ones refuse connections and nginx skips
//! them. Settings: `BENCH_DANCES` (per figure, default 2000), `BENCH_CONCURRENCY` (default 32).

#[allow(dead_code)]
#[path = "../tests/balancer/cluster.rs"]
mod cluster;
#[allow(dead_code)]
#[path = "../tests/balancer/dances.rs"]
mod dances;
#[allow(dead_code)]
#[path = "../tests/balancer/instance.rs"]
mod instance;
#[allow(dead_code)]
#[path = "dance/instructions.rs"]
mod instructions;
#[allow(dead_code)]
#[path = "../tests/balancer/load.rs"]
mod load;
#[allow(dead_code)]
#[path = "dance/process.rs"]
mod process;

use std::sync::Arc;
use std::time::Instant;

use cluster::{Cluster, Services};
use instance::Sessions;
use oauth_dance_dev::DevProvider;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    cluster::main("balancer bench", bench);
}

async fn bench(services: Services) {
    let dances = env_or("BENCH_DANCES", 2000);
    let concurrency = env_or("BENCH_CONCURRENCY", 32);
    let dev = cluster::dev_provider_with_users(dances);
    cluster::fresh_tokens(&services.postgres).await;
    println!(
        "| instances | cookie sessions (dances/s) | Redis sessions (dances/s) | Redis vs cookie |"
    );
    println!("| --- | --- | --- | --- |");
    for instances in 1..=3 {
        let cookie = dances_per_second(
            &services,
            &dev,
            instances,
            Sessions::Cookie,
            dances,
            concurrency,
        )
        .await;
        let redis = dances_per_second(
            &services,
            &dev,
            instances,
            Sessions::Redis,
            dances,
            concurrency,
        )
        .await;
        println!(
            "| {instances} | {cookie:.0} | {redis:.0} | {:+.0} % |",
            (redis / cookie - 1.0) * 100.0
        );
    }
    println!("\n{dances} dances per figure, {concurrency} at a time, after 100 to warm up");
}

/// Dances per second through the balancer with `instances` instances keeping `sessions`.
async fn dances_per_second(
    services: &Services,
    dev: &DevProvider,
    instances: usize,
    sessions: Sessions,
    dances: usize,
    concurrency: usize,
) -> f64 {
    let cluster = Cluster::start(services, dev, instances, sessions);
    let balancer = services.balancer.clone();
    run(&balancer, 0, 100.min(dances), concurrency).await;
    let started = Instant::now();
    run(&balancer, 0, dances, concurrency).await;
    let rate = dances as f64 / started.elapsed().as_secs_f64();
    drop(cluster);
    rate
}

/// Users `from..to` dance; panics on any failure.
async fn run(balancer: &str, from: usize, to: usize, concurrency: usize) {
    let outcomes = load::dance_all(
        balancer.into(),
        load::users(from, to),
        concurrency,
        Arc::default(),
    )
    .await;
    let failed = load::failures(&outcomes);
    assert!(
        failed.is_empty(),
        "{} failed, first: {:?}",
        failed.len(),
        failed.first()
    );
}
