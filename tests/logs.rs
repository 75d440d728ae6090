//! What the library logs: one outcome event per dance (to count dances by outcome), request
//! text escaped so it cannot forge a log line, and no secret in any line.
//!
//! The tests of this binary share one global `tracing` subscriber that writes into a buffer.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour};
use tracing_subscriber::fmt::MakeWriter;

/// Everything logged, as text.
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

/// The log so far (the subscriber is installed on first use).
fn log() -> String {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    let captured = CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .init();
        captured
    });
    String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned()
}

/// The outcome events of blueprint `name`, in order.
fn outcomes(name: &str) -> Vec<String> {
    log()
        .lines()
        .filter(|l| {
            l.contains("oauth_dance::dance") && l.contains(&format!("blueprint=\"{name}\""))
        })
        .filter_map(|l| {
            l.split("outcome=\"")
                .nth(1)?
                .split('"')
                .next()
                .map(str::to_string)
        })
        .collect()
}

#[actix_web::test]
async fn every_dance_ends_with_one_outcome_event() {
    log();
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "counted").build().unwrap();
    let app = serve(oauth_dance::Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/counted"), "allow", "octocat")
        .await;
    browser
        .dance(&dev, &app.at("/login/counted"), "deny", "octocat")
        .await;
    browser
        .get(&app.at("/login/counted/authorized?code=x&state=forged"))
        .await;
    assert_eq!(
        outcomes("counted"),
        vec!["authorized", "access_denied", "state_mismatch"]
    );
}

#[actix_web::test]
async fn request_text_cannot_forge_a_log_line() {
    log();
    let Fixture {
        dev: _dev,
        app,
        browser,
    } = Fixture::new(|b| b.name("forger"));
    let (_, form) = browser.start_login(&app.at("/login/forger")).await;
    let forged = "nope%0D%0A2026-12-01T00:00:00Z  INFO oauth_dance: admin logged in";
    let url = format!(
        "/login/forger/authorized?error=x&error_description={forged}&state={}",
        form["state"]
    );
    browser.get(&app.at(&url)).await;
    let log = log();
    assert!(
        log.contains(r"nope\r\n2026-12-01"),
        "the CR/LF is escaped:\n{log}"
    );
    assert!(
        !log.lines()
            .any(|l| l.starts_with("2026-12-01T00:00:00Z  INFO oauth_dance: admin"))
    );
}

#[actix_web::test]
async fn no_secret_reaches_the_log() {
    log();
    let dev = DevProvider::builder()
        .client_secret("client-s3cret-value")
        .start()
        .unwrap();
    let bp = dev_builder(&dev, "secretive").build().unwrap();
    let app = serve(oauth_dance::Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let (authorize, form) = browser.start_login(&app.at("/login/secretive")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    browser.get(&callback).await;
    let token = browser.token(&app, "secretive").await.unwrap();
    browser.get(&app.at("/user/secretive")).await;
    dev.set_misbehaviour(Misbehaviour::TokenEndpointError("invalid_grant".into()));
    browser
        .dance(&dev, &app.at("/login/secretive"), "allow", "octocat")
        .await;
    let log = log();
    let code = param(&callback, "code").unwrap();
    let state = param(&authorize, "state").unwrap();
    for secret in [
        "client-s3cret-value",
        token.as_str(),
        code.as_str(),
        state.as_str(),
    ] {
        assert!(!log.contains(secret), "{secret:?} is in the log:\n{log}");
    }
    assert!(
        log.contains("oauth_dance.token_request"),
        "the spans are there:\n{log}"
    );
}

#[actix_web::test]
async fn the_callback_url_is_logged_once_per_process_not_once_per_worker() {
    log();
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "announced_once").build().unwrap();
    let key = key();
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // A Dance built per worker, as apps build theirs inside `HttpServer::new`.
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .wrap(oauth_dance::Dance::new(key.clone()).blueprint(&bp))
            .service(actix_web::web::scope("/login").service(bp.clone()))
            .route(
                "/",
                actix_web::web::get().to(|| async { format!("{:?}", std::thread::current().id()) }),
            )
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    // Separate connections until both workers have answered.
    let mut workers = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let body = Browser::new().get(&format!("{url}/")).await.body;
        workers.insert(body);
        if workers.len() == 2 {
            break;
        }
    }
    handle.stop(false).await;
    assert_eq!(workers.len(), 2, "both workers answered: {workers:?}");
    let announced = log()
        .lines()
        .filter(|l| l.contains("`announced_once` callback URL to register"))
        .count();
    assert_eq!(announced, 1, "{}", log());
}
