//! The token lifecycle benchmark, against the dev provider on loopback, one request at a time:
//! an API call with a valid token, an API call with an expired token (the refresh included:
//! two round trips and two storage writes), and a whole login with and without OpenID Connect
//! (the difference is the ID-token validation with a warm key cache, plus the nonce).
//!
//! ```text
//! cargo bench --bench lifecycle
//! ```
//!
//! `BENCH_CALLS` sets the number of operations per figure (default 2000). Under `cargo test`
//! (no `--bench` argument) it does a short run and fails if any operation fails.

use std::time::{Duration, Instant};

use oauth_dance::storage::{MemoryStorage, StorageContext};
use oauth_dance::{Blueprint, Client, Dance, Token};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, dev_builder, key, serve};
use serde_json::json;

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let default = if measuring { 2000 } else { 10 };
    let n = std::env::var("BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    actix_web::rt::System::new().block_on(run(n));
}

async fn run(n: usize) {
    let dev = DevProvider::start().unwrap();
    println!("| operation ({n} each) | mean | median | p99 |");
    println!("|---|---|---|---|");
    report("API call, valid token", &api_calls(&dev, n, 3600).await);
    report(
        "API call, expired token (refresh included)",
        &api_calls(&dev, n, -10).await,
    );
    let logins = n.div_ceil(4);
    report("login, OAuth 2", &logins_of(&dev, logins, false).await);
    report(
        "login, OpenID Connect (ID token verified)",
        &logins_of(&dev, logins, true).await,
    );
}

/// `n` API calls, each with a fresh token the client believes expires in `expires_in` seconds.
async fn api_calls(dev: &DevProvider, n: usize, expires_in: i64) -> Vec<Duration> {
    let storage = MemoryStorage::new();
    let bp: Blueprint = dev_builder(dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let mut fields = dev.issue_token("octocat");
        fields["expires_in"] = json!(expires_in);
        let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
        client
            .set_token(Token::from_json(fields).unwrap())
            .await
            .unwrap();
        let client = Client::new(bp.clone(), StorageContext::for_user(&bp, "u"));
        let started = Instant::now();
        let response = client.get("user").await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        times.push(started.elapsed());
    }
    times
}

/// `n` whole logins (login, consent, callback, token request), OpenID Connect or not.
async fn logins_of(dev: &DevProvider, n: usize, openid: bool) -> Vec<Duration> {
    let mut builder = dev_builder(dev, "dev");
    if openid {
        builder = builder.openid_connect(dev.issuer());
    }
    let bp = builder.build().unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let login = app.at("/login/dev");
    // One login first, so the discovery document and the key set are cached.
    assert_eq!(
        Browser::new()
            .dance(dev, &login, "allow", "octocat")
            .await
            .status,
        302
    );
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let browser = Browser::new();
        let started = Instant::now();
        let done = browser.dance(dev, &login, "allow", "octocat").await;
        times.push(started.elapsed());
        assert_eq!(done.status, 302, "{done:?}");
    }
    times
}

fn report(what: &str, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let us = |d: Duration| format!("{} µs", d.as_micros());
    println!(
        "| {what} | {} | {} | {} |",
        us(mean),
        us(at(0.5)),
        us(at(0.99))
    );
}
