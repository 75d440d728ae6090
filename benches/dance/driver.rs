//! The driver: browsers doing dances over real HTTP, each with a fresh cookie jar and a fresh
//! user, checking every answer (whose user the API call came back with, above all).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

/// One consumer app under test.
#[derive(Clone)]
pub struct Target {
    pub base: String,
    pub login: &'static str,
    pub api: &'static str,
}

/// A browser's cookie jar: `name=value` pairs.
#[derive(Default, Clone)]
pub struct Jar(Vec<(String, String)>);

impl Jar {
    fn update(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let Some(pair) = header.to_str().ok().and_then(|c| c.split(';').next()) else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            self.0.retain(|(n, _)| n != name);
            self.0.push((name.to_string(), value.to_string()));
        }
    }

    fn header(&self) -> String {
        let pairs: Vec<String> = self.0.iter().map(|(n, v)| format!("{n}={v}")).collect();
        pairs.join("; ")
    }

    /// The bytes of `name=value` of every cookie (what the browser sends back).
    pub fn bytes(&self) -> usize {
        self.0.iter().map(|(n, v)| n.len() + 1 + v.len()).sum()
    }
}

/// How a dance step can fail.
#[derive(Debug)]
pub enum Failure {
    /// A request failed, or answered something unexpected.
    Broken(String),
    /// The API call answered with another user's data.
    MixUp,
}

fn broken(what: impl Into<String>) -> Failure {
    Failure::Broken(what.into())
}

async fn get(
    http: &reqwest::Client,
    url: &str,
    jar: &Jar,
    expected: StatusCode,
) -> Result<reqwest::Response, Failure> {
    let mut request = http.get(url);
    if !jar.0.is_empty() {
        request = request.header(COOKIE, jar.header());
    }
    let response = request.send().await.map_err(|e| broken(e.to_string()))?;
    if response.status() != expected {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        return Err(broken(format!("GET {url}: {status} {body}")));
    }
    Ok(response)
}

fn location(response: &reqwest::Response) -> Result<String, Failure> {
    response
        .headers()
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| broken("a redirect without Location"))
}

/// Step 1: the login view; the browser is sent to the provider.
pub async fn login(http: &reqwest::Client, target: &Target) -> Result<(Jar, String), Failure> {
    let mut jar = Jar::default();
    let url = format!("{}{}", target.base, target.login);
    let response = get(http, &url, &jar, StatusCode::FOUND).await?;
    jar.update(&response);
    Ok((jar, location(&response)?))
}

/// Step 2: the provider's consent (user `user` allows); the browser is sent to the callback.
pub async fn authorize(http: &reqwest::Client, at: &str, user: usize) -> Result<String, Failure> {
    let url = format!("{at}&bench_user={user}");
    let response = get(http, &url, &Jar::default(), StatusCode::FOUND).await?;
    location(&response)
}

/// Step 3: the callback; the app gets and keeps the token.
pub async fn callback(http: &reqwest::Client, jar: &mut Jar, url: &str) -> Result<(), Failure> {
    let response = get(http, url, jar, StatusCode::FOUND).await?;
    jar.update(&response);
    Ok(())
}

/// Step 4: a logged-in API call, which must come back with this user's data.
pub async fn api(
    http: &reqwest::Client,
    target: &Target,
    jar: &Jar,
    user: usize,
) -> Result<(), Failure> {
    let url = format!("{}{}", target.base, target.api);
    let response = get(http, &url, jar, StatusCode::OK).await?;
    let body = response.text().await.map_err(|e| broken(e.to_string()))?;
    if body == format!(r#"{{"login":"user-{user}"}}"#) {
        Ok(())
    } else if body.contains("user-") {
        Err(Failure::MixUp)
    } else {
        Err(broken(format!("API answered {body:?}")))
    }
}

/// What one dance measured.
pub struct DanceSample {
    pub elapsed: Duration,
    pub login_cookie_bytes: usize,
    pub session_cookie_bytes: usize,
}

/// A whole dance for `user`: login, consent, callback, API call.
pub async fn dance(
    http: &reqwest::Client,
    target: &Target,
    user: usize,
) -> Result<DanceSample, Failure> {
    let started = Instant::now();
    let (mut jar, at) = login(http, target).await?;
    let login_cookie_bytes = jar.bytes();
    let callback_url = authorize(http, &at, user).await?;
    callback(http, &mut jar, &callback_url).await?;
    api(http, target, &jar, user).await?;
    Ok(DanceSample {
        elapsed: started.elapsed(),
        login_cookie_bytes,
        session_cookie_bytes: jar.bytes(),
    })
}

/// Runs `job(i)` for every `i` in `0..count`, `concurrency` at a time, on the runtime's threads;
/// the results in order of `i`.
pub async fn parallel<T, F, Fut>(count: usize, concurrency: usize, job: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let job = Arc::new(job);
    let workers: Vec<_> = (0..concurrency.min(count.max(1)))
        .map(|_| {
            let (next, job) = (next.clone(), job.clone());
            tokio::spawn(async move {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Relaxed);
                    if i >= count {
                        return done;
                    }
                    done.push((i, job(i).await));
                }
            })
        })
        .collect();
    let mut results = Vec::with_capacity(count);
    for worker in workers {
        results.extend(worker.await.expect("a driver task panicked"));
    }
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The driver's HTTP client: no redirects followed, no cookie store (each dance has its jar).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the driver's HTTP client")
}
