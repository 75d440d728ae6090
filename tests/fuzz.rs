//! A fuzz target over the login and callback views: thousands of generated requests — query
//! strings with missing, empty, repeated, malformed and oversized parameters, cookies that are
//! valid, stale or garbage, odd `Host` and forwarded headers — answered by a token endpoint that
//! misbehaves in every way a provider can (statuses, bodies, encodings, sizes, timeouts).
//!
//! For every input: no panic; no 5xx, except the honest upstream ones (502, 504, 507) when the
//! token endpoint was asked and failed; nothing stored unless the token endpoint gave a valid
//! token for a genuine attempt; no secret (client secret, token, code, state) in any response or
//! log line.
//!
//! The token endpoint is scripted (a transport of this test): the point is our reaction to a
//! provider's misbehaviour. `FUZZ_ITERATIONS` (default 12,000) and `FUZZ_SEED` change the run;
//! a failure prints the seed and the input.

use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::cookie::Key;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{HOST, LOCATION, SET_COOKIE};
use actix_web::{App, test, web};
use oauth_dance::storage::{MemoryStorage, StorageContext, StorageError, TokenStorage};
use oauth_dance::transport::{RequestKind, Transport, TransportError};
use oauth_dance::{Dance, OAuth2Builder, Token};
use tracing_subscriber::fmt::MakeWriter;

const CLIENT_SECRET: &str = "fuzz-client-secret-ZQX";

/// xorshift64*: a small, seeded, reproducible generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn text(&mut self, max: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "-", "_", ".", "~", "%", "%2", "%FF", "%C3%A9", "%0D%0A", "+", "&", "=",
            "?", "#", "/", "\\", "<script>", "\"", "'", " ", "%00", "é", "..", "{", "}", "%25",
        ];
        let len = self.below(max + 1);
        (0..len).map(|_| *self.pick(PIECES)).collect()
    }
}

/// What the scripted token endpoint answers next, and whether it is a token to store.
enum Answer {
    Response(u16, &'static str, Vec<u8>),
    Fails(TransportError),
}

/// Answers token requests with whatever the fuzzer queued; records that it was asked.
#[derive(Clone, Default)]
struct Scripted {
    queue: Arc<Mutex<VecDeque<Answer>>>,
    asked: Arc<AtomicUsize>,
}

impl Scripted {
    /// `answer` is what the next token request gets (and nothing after it).
    fn answer_next(&self, answer: Answer) {
        let mut queue = self.queue.lock().unwrap();
        queue.clear();
        queue.push_back(answer);
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for Scripted {
    async fn send(
        &self,
        _: reqwest::Request,
        _: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let answer = self.queue.lock().unwrap().pop_front();
        match answer {
            Some(Answer::Response(status, content_type, body)) => {
                let response = http::Response::builder()
                    .status(status)
                    .header("content-type", content_type)
                    .body(body)
                    .unwrap();
                Ok(reqwest::Response::from(response))
            }
            Some(Answer::Fails(err)) => Err(err),
            None => Err(TransportError::Connect),
        }
    }
}

/// A token answer the fuzzer can pick, and whether it is a valid token (one that may be stored).
fn token_answer(rng: &mut Rng, tokens: &mut Vec<String>) -> (Answer, bool) {
    let token = format!("fuzz-token-{}", rng.next());
    let error = rng
        .pick(&[
            "invalid_grant",
            "invalid_request",
            "invalid_client",
            "server_error",
            "weird",
        ])
        .to_string();
    let status = *rng.pick(&[200u16, 400, 401, 403, 429, 500, 502, 503]);
    let valid = match rng.below(12) {
        0 | 1 => {
            serde_json::json!({"access_token": token, "token_type": "bearer", "expires_in": 3600})
        }
        2 => serde_json::json!({"access_token": token, "id_token": "x".repeat(6000)}),
        kind => return (bad_token_answer(rng, kind, status, &error), false),
    };
    tokens.push(token);
    (
        Answer::Response(200, "application/json", json_bytes(valid)),
        true,
    )
}

fn json_bytes(value: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

/// Answer `kind` (3 to 11) of the ones that carry no token to store.
fn bad_token_answer(rng: &mut Rng, kind: usize, status: u16, error: &str) -> Answer {
    let described = serde_json::json!({"error": error, "error_description": "d\r\ne"});
    match kind {
        3 => Answer::Response(status, "application/json", json_bytes(described)),
        4 => Answer::Response(200, "text/html", b"<html>oops</html>".to_vec()),
        5 => Answer::Response(200, "application/json", b"{\"access_token\": ".to_vec()),
        6 => Answer::Response(
            status,
            "application/x-www-form-urlencoded",
            format!("error={error}").into_bytes(),
        ),
        7 => Answer::Response(
            200,
            "application/json",
            json_bytes(serde_json::json!({"access_token": "", "expires_in": "soon"})),
        ),
        8 => Answer::Response(302, "text/plain", Vec::new()),
        9 => Answer::Response(200, "application/json", vec![0xff, 0xfe, 0x00]),
        10 => Answer::Fails(
            rng.pick(&[TransportError::Timeout, TransportError::Connect])
                .clone(),
        ),
        _ => Answer::Response(status, "application/json", Vec::new()),
    }
}

/// Records every token stored.
#[derive(Clone, Default)]
struct Recorded {
    inner: MemoryStorage,
    sets: Arc<AtomicUsize>,
}

#[async_trait::async_trait(?Send)]
impl TokenStorage for Recorded {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        self.inner.get(ctx).await
    }
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        self.sets.fetch_add(1, Ordering::SeqCst);
        self.inner.set(ctx, token).await
    }
    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        self.inner.delete(ctx).await
    }
}

/// One generated callback query, around a genuine state (or not).
fn callback_query(rng: &mut Rng, state: &str, codes: &mut Vec<String>) -> String {
    let mut params: Vec<(String, String)> = Vec::new();
    let code = format!("fuzz-code-{}", rng.next());
    codes.push(code.clone());
    let state_value = match rng.below(5) {
        0 => None,
        1 => Some(String::new()),
        2 => Some(rng.text(40)),
        _ => Some(state.to_string()),
    };
    if let Some(s) = state_value {
        params.push(("state".into(), s));
    }
    match rng.below(6) {
        0 => {}
        1 => params.push(("code".into(), String::new())),
        2 => params.push(("code".into(), rng.text(300))),
        _ => params.push(("code".into(), code)),
    }
    for name in [
        "error",
        "error_description",
        "error_uri",
        "iss",
        "code",
        "state",
        "x",
    ] {
        if rng.chance(8) {
            params.push((name.into(), rng.text(60)));
        }
    }
    if rng.chance(5) {
        params.push(("error_description".into(), "y".repeat(rng.below(8000))));
    }
    let query: Vec<String> = params
        .into_iter()
        .map(|(k, v)| {
            if rng.chance(95) {
                format!("{k}={}", encode(&v))
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    query.join("&")
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// An odd `Host`, a forwarded header or none.
fn odd_headers(rng: &mut Rng) -> Vec<(&'static str, String)> {
    match rng.below(8) {
        0 => vec![("host", rng.text(30))],
        1 => vec![("host", "evil.example".into())],
        2 => vec![
            ("x-forwarded-host", rng.text(20)),
            ("x-forwarded-proto", "https".into()),
        ],
        3 => vec![("forwarded", format!("host={};proto=https", rng.text(10)))],
        _ => Vec::new(),
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

fn capture_logs() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            tracing_subscriber::fmt()
                .with_writer(captured.clone())
                .with_ansi(false)
                .init();
            captured
        })
        .clone()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every secret the run made, to look for in answers and in the log.
#[derive(Default)]
struct Secrets {
    tokens: Vec<String>,
    codes: Vec<String>,
    states: Vec<String>,
}

impl Secrets {
    fn all(&self) -> impl Iterator<Item = &str> {
        let made = self.tokens.iter().chain(&self.codes).chain(&self.states);
        made.map(String::as_str).chain([CLIENT_SECRET])
    }
}

fn fuzz_blueprint(transport: &Scripted, storage: &Recorded) -> oauth_dance::Blueprint {
    OAuth2Builder::new("fuzz")
        .client_id("fuzz-client")
        .client_secret(CLIENT_SECRET)
        .authorization_url("https://provider.example/authorize")
        .token_url("https://provider.example/token")
        .base_url("https://api.provider.example/")
        .transport(transport.clone())
        .storage(storage.clone())
        .build()
        .unwrap()
}

/// A genuine login, for a cookie and a state to build the callback around.
async fn genuine_login<S, B>(app: &S) -> (Option<String>, String)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let login = test::call_service(
        app,
        test::TestRequest::get().uri("/login/fuzz").to_request(),
    )
    .await;
    let cookie = login
        .headers()
        .get(SET_COOKIE)
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string());
    let location = login.headers().get(LOCATION).unwrap().to_str().unwrap();
    let state = url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    (cookie, state)
}

/// A generated request to `path`: the login's cookie, none or garbage; odd headers or a plain
/// `Host`. Also returns the headers, for the failure message.
fn fuzzed_request(
    rng: &mut Rng,
    path: &str,
    cookie: Option<&str>,
) -> (Request, Vec<(&'static str, String)>) {
    let mut request = test::TestRequest::get().uri(path);
    match (rng.below(10), cookie) {
        (0, _) => {}
        (1, _) => {
            let garbage = format!("oauth_dance_session={}", rng.text(80));
            request = request.insert_header(("cookie", garbage));
        }
        (_, Some(cookie)) => request = request.insert_header(("cookie", cookie)),
        (_, None) => {}
    }
    let headers = odd_headers(rng);
    for (name, value) in &headers {
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(value) {
            request = request.insert_header((*name, value));
        }
    }
    if headers.is_empty() {
        request = request.insert_header((HOST, "app.example"));
    }
    (request.to_request(), headers)
}

/// What the scripted provider and the storage saw before a request, to compare after it.
struct Before {
    asked: usize,
    stored: usize,
    valid_answer: bool,
}

/// The answer to one generated request: no 5xx but honest upstream ones, nothing stored from a
/// bad callback, no secret of this iteration in the body.
fn check_answer(fuzz: &Fixture, before: &Before, status: u16, body: &str, context: &str) {
    let was_asked = fuzz.transport.asked.load(Ordering::SeqCst) > before.asked;
    let honest_upstream = was_asked && matches!(status, 502 | 504 | 507);
    assert!(status < 500 || honest_upstream, "{context}");
    let did_store = fuzz.storage.sets.load(Ordering::SeqCst) > before.stored;
    assert!(
        !did_store || (before.valid_answer && was_asked && status == 302),
        "stored from a bad callback: {context}"
    );
    let secrets = &fuzz.secrets;
    let latest = [
        secrets.states.last(),
        secrets.codes.last(),
        secrets.tokens.last(),
    ];
    for secret in latest
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain([CLIENT_SECRET])
    {
        assert!(
            !body.contains(secret),
            "{secret:?} in the response: {context}"
        );
    }
}

/// Every secret is one word of [A-Za-z0-9_-]: look each up among the log's words.
fn check_log(logs: &Captured, secrets: &Secrets) {
    let log = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    let words: HashSet<&str> = log
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .collect();
    for secret in secrets.all() {
        assert!(!words.contains(secret), "{secret:?} is in the log");
    }
}

/// The scripted provider, the recording storage and the secrets of one run.
#[derive(Default)]
struct Fixture {
    transport: Scripted,
    storage: Recorded,
    secrets: Secrets,
}

/// One iteration: a genuine login, then a generated request (a callback around its state, or a
/// login with an odd `next`) with a scripted token answer. `false` when the generated path is
/// not a request target (the HTTP layer answers 400 before any view runs).
async fn iteration<S, B>(app: &S, fuzz: &mut Fixture, rng: &mut Rng, label: &str) -> bool
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (cookie, state) = genuine_login(app).await;
    fuzz.secrets.states.push(state.clone());
    let (answer, valid_answer) = token_answer(rng, &mut fuzz.secrets.tokens);
    fuzz.transport.answer_next(answer);
    let before = Before {
        asked: fuzz.transport.asked.load(Ordering::SeqCst),
        stored: fuzz.storage.sets.load(Ordering::SeqCst),
        valid_answer,
    };
    let query = callback_query(rng, &state, &mut fuzz.secrets.codes);
    let path = if rng.chance(10) {
        format!("/login/fuzz?next={}", encode(&rng.text(40)))
    } else {
        format!("/login/fuzz/authorized?{query}")
    };
    if path.parse::<actix_web::http::Uri>().is_err() {
        return false;
    }
    let (request, headers) = fuzzed_request(rng, &path, cookie.as_deref());
    let response = test::call_service(app, request).await;
    let status = response.status().as_u16();
    let context = format!("{label}: GET {path} {headers:?} -> {status}");
    let body = test::read_body(response).await;
    check_answer(
        fuzz,
        &before,
        status,
        &String::from_utf8_lossy(&body),
        &context,
    );
    true
}

#[actix_web::test]
async fn the_views_survive_generated_input() {
    let logs = capture_logs();
    let iterations = env_number("FUZZ_ITERATIONS", 12_000);
    let seed = env_number("FUZZ_SEED", 0x5EED_0A07_2026_1201);
    let mut rng = Rng(seed | 1);
    let mut fuzz = Fixture::default();
    let bp = fuzz_blueprint(&fuzz.transport, &fuzz.storage);
    let app = test::init_service(
        App::new()
            .wrap(Dance::new(Key::generate()).blueprint(&bp))
            .service(web::scope("/login").service(bp.clone())),
    )
    .await;
    let mut rejected_by_http = 0;
    for i in 0..iterations {
        let label = format!("seed {seed:#x}, iteration {i}");
        if !iteration(&app, &mut fuzz, &mut rng, &label).await {
            rejected_by_http += 1;
        }
    }
    check_log(&logs, &fuzz.secrets);
    let (asked, stored) = (
        fuzz.transport.asked.load(Ordering::SeqCst),
        fuzz.storage.sets.load(Ordering::SeqCst),
    );
    println!(
        "fuzz: {iterations} inputs (seed {seed:#x}), {rejected_by_http} not valid HTTP, {asked} token requests, {stored} tokens stored"
    );
    let reached = iterations - rejected_by_http;
    assert!(
        reached * 10 >= iterations * 9,
        "most inputs reach the views: {reached}"
    );
    assert!(stored > 0, "some genuine dances got through");
}
