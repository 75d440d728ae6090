//! The token lifecycle benchmark, against the dev provider on loopback, one request at a time:
//! an API call with a valid token, the same call written by hand with reqwest (the baseline:
//! what the library adds to a valid-token call is the difference), an API call with an expired
//! token (the refresh included: two round trips and two storage writes), the validation of one
//! ID token with a warm key cache (no network), and a whole login with and without OpenID
//! Connect.
//!
//! ```text
//! cargo bench --bench lifecycle
//! ```
//!
//! `BENCH_CALLS` sets the number of operations per figure (default 2000). Under `cargo test`
//! (no `--bench` argument) it does a short run and fails if any operation fails.

use std::time::{Duration, Instant};

use oauth_dance::oidc::IdTokenClaims;
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
        "API call, hand-written with reqwest (baseline)",
        &hand_written_calls(&dev, n).await,
    );
    report(
        "API call, expired token (refresh included)",
        &api_calls(&dev, n, -10).await,
    );
    report(
        "ID-token validation, warm key cache",
        &id_token_checks(&dev, n).await,
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

/// `n` calls of the same API with a fresh token, by hand: one reqwest client, the bearer header,
/// the body read — no storage, no lifecycle, no blueprint.
async fn hand_written_calls(dev: &DevProvider, n: usize) -> Vec<Duration> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = format!("{}user", dev.base_url());
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let token = dev.issue_token("octocat")["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        let started = Instant::now();
        let response = http.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        times.push(started.elapsed());
    }
    times
}

/// `n` validations of one login's ID token (signature, claims, nonce), its key set cached.
async fn id_token_checks(dev: &DevProvider, n: usize) -> Vec<Duration> {
    let storage = MemoryStorage::new();
    let bp = dev_builder(dev, "dev")
        .openid_connect(dev.issuer())
        .storage(storage.clone())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp.clone()]);
    let done = Browser::new()
        .dance(dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let token = storage.token().unwrap();
    let id_token = token.get("id_token").and_then(|t| t.as_str()).unwrap();
    let claims = IdTokenClaims::of(&token).unwrap();
    let nonce = claims.get("nonce").and_then(|n| n.as_str());
    let flow = bp.oauth2().unwrap();
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let verified = flow.verify_id_token(&bp, id_token, nonce).await;
        times.push(started.elapsed());
        assert_eq!(verified.unwrap().unwrap().subject(), "1");
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
