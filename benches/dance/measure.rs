//! The measurements: throughput runs of whole dances, login-only runs, and the per-request cost
//! of each step (CPU time and allocations of the app process, one step at a time).

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::alloc::{AllocCount, STATS};
use crate::driver::{self, Failure, Target};
use crate::process::RoleProcess;

/// What a throughput run measured.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub failures: usize,
    pub mixups: usize,
    pub first_failure: Option<String>,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// Cookie bytes the browser sends back after login, and after the whole dance.
    pub login_cookie_bytes: usize,
    pub session_cookie_bytes: usize,
    /// The provider's CPU time per dance of this run (µs; 0 until the caller measures it).
    pub provider_cpu_us: f64,
}

/// Whole dances for users `first_user..first_user + dances`, `concurrency` at a time.
pub async fn dances(target: &Target, dances: usize, concurrency: usize, first_user: usize) -> Run {
    let http = driver::http_client();
    let shared = Arc::new((http, target.clone()));
    let started = Instant::now();
    let samples = driver::parallel(dances, concurrency, move |i| {
        let shared = shared.clone();
        async move { driver::dance(&shared.0, &shared.1, first_user + i).await }
    })
    .await;
    let elapsed = started.elapsed();
    let mut run = Run {
        per_second: dances as f64 / elapsed.as_secs_f64(),
        ..Run::default()
    };
    let mut latencies = Vec::with_capacity(dances);
    for sample in samples {
        match sample {
            Ok(sample) => {
                latencies.push(sample.elapsed);
                run.login_cookie_bytes = run.login_cookie_bytes.max(sample.login_cookie_bytes);
                run.session_cookie_bytes =
                    run.session_cookie_bytes.max(sample.session_cookie_bytes);
            }
            Err(failure) => count_failure(&mut run, failure),
        }
    }
    latencies.sort();
    run.p50 = percentile(&latencies, 50);
    run.p99 = percentile(&latencies, 99);
    run
}

fn count_failure(run: &mut Run, failure: Failure) {
    match failure {
        Failure::MixUp => run.mixups += 1,
        Failure::Broken(why) => {
            run.failures += 1;
            run.first_failure.get_or_insert(why);
        }
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// Logins only (each with a fresh jar), `concurrency` at a time: logins per second, and
/// failures.
pub async fn logins(target: &Target, count: usize, concurrency: usize) -> (f64, usize) {
    let shared = Arc::new((driver::http_client(), target.clone()));
    let started = Instant::now();
    let results = driver::parallel(count, concurrency, move |_| {
        let shared = shared.clone();
        async move { driver::login(&shared.0, &shared.1).await }
    })
    .await;
    let per_second = count as f64 / started.elapsed().as_secs_f64();
    (per_second, results.iter().filter(|r| r.is_err()).count())
}

/// What one login costs the app: `count` logins at `target`, one at a time.
pub async fn login_cost(
    app: &RoleProcess,
    target: &Target,
    count: usize,
) -> Result<StepCost, String> {
    let http = driver::http_client();
    let start = probe(&http, app).await;
    for _ in 0..count {
        driver::login(&http, target)
            .await
            .map_err(|f| format!("{f:?}"))?;
    }
    Ok(cost(start, probe(&http, app).await, count))
}

/// The app's CPU time and allocations at one moment.
#[derive(Clone, Copy)]
struct Probe {
    cpu: Duration,
    allocations: AllocCount,
    /// 0 unless the app runs under callgrind.
    instructions: u64,
}

async fn probe(http: &reqwest::Client, app: &RoleProcess) -> Probe {
    let allocations = http
        .get(format!("{}{STATS}", app.base))
        .send()
        .await
        .expect("the allocation counts")
        .json::<AllocCount>()
        .await
        .expect("allocation counts as JSON");
    Probe {
        cpu: app.cpu(),
        allocations,
        instructions: app.instructions(),
    }
}

/// What one request of a kind costs the app, on average.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepCost {
    pub cpu_us: f64,
    pub allocations: f64,
    pub allocated_bytes: f64,
    /// Instructions executed (0 unless the app runs under callgrind).
    pub instructions: f64,
}

fn cost(before: Probe, after: Probe, requests: usize) -> StepCost {
    let n = requests as f64;
    StepCost {
        cpu_us: (after.cpu - before.cpu).as_secs_f64() * 1e6 / n,
        allocations: (after.allocations.allocations - before.allocations.allocations) as f64 / n,
        allocated_bytes: (after.allocations.bytes - before.allocations.bytes) as f64 / n,
        instructions: (after.instructions - before.instructions) as f64 / n,
    }
}

/// The cost of each of the app's steps of a dance.
#[derive(Debug, Clone, Copy, Default)]
pub struct DanceCost {
    pub login: StepCost,
    pub callback: StepCost,
    pub api: StepCost,
}

/// `count` dances done step by step (all logins, then all consents, all callbacks, all API
/// calls), measuring the app around each of its steps.
pub async fn dance_cost(
    app: &RoleProcess,
    target: &Target,
    count: usize,
    concurrency: usize,
    first_user: usize,
) -> Result<DanceCost, String> {
    let http = driver::http_client();
    let shared = Arc::new((http.clone(), target.clone()));
    let start = probe(&http, app).await;
    let s = shared.clone();
    let logins = driver::parallel(count, concurrency, move |_| {
        let s = s.clone();
        async move { driver::login(&s.0, &s.1).await }
    });
    let logins: Arc<Vec<_>> = Arc::new(settle(logins.await)?);
    let logged_in = probe(&http, app).await;
    let (s, l) = (shared.clone(), logins.clone());
    let consents = driver::parallel(count, concurrency, move |i| {
        let (s, l) = (s.clone(), l.clone());
        async move { driver::authorize(&s.0, &l[i].1, first_user + i).await }
    });
    let callback_urls = Arc::new(settle(consents.await)?);
    let before_callbacks = probe(&http, app).await;
    let (s, l) = (shared.clone(), logins.clone());
    let callbacks = driver::parallel(count, concurrency, move |i| {
        let (s, l, urls) = (s.clone(), l.clone(), callback_urls.clone());
        async move {
            let mut jar = l[i].0.clone();
            driver::callback(&s.0, &mut jar, &urls[i])
                .await
                .map(|()| jar)
        }
    });
    let jars = Arc::new(settle(callbacks.await)?);
    let called_back = probe(&http, app).await;
    let s = shared.clone();
    let calls = driver::parallel(count, concurrency, move |i| {
        let (s, jars) = (s.clone(), jars.clone());
        async move { driver::api(&s.0, &s.1, &jars[i], first_user + i).await }
    });
    settle(calls.await)?;
    let called = probe(&http, app).await;
    Ok(DanceCost {
        login: cost(start, logged_in, count),
        callback: cost(before_callbacks, called_back, count),
        api: cost(called_back, called, count),
    })
}

fn settle<T>(results: Vec<Result<T, Failure>>) -> Result<Vec<T>, String> {
    results
        .into_iter()
        .map(|r| r.map_err(|f| format!("{f:?}")))
        .collect()
}
