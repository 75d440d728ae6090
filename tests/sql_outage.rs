//! PostgreSQL stopped in the middle of a run (really stopped, with the cluster's `pg_ctl`, which
//! `.ci/services/postgres.sh` exports as `OAUTH_DANCE_TEST_POSTGRES_PG_CTL`): storage calls fail
//! with a clear error and no panic, the app answers 503 with no internals (a page, and the
//! callback's page after the `error` hook), and once the database is back the storage recovers
//! and every token that was reported stored is there.
//!
//! Its own test binary: it stops the database the other PostgreSQL tests use, and cargo runs
//! test binaries one after the other.

#[macro_use]
#[path = "sql_support/mod.rs"]
mod sql_support;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use oauth_dance::Dance;
use oauth_dance::storage::TokenStorage;
use oauth_dance::storage::sql::{SqlPool, SqlStorage};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use sql_support::*;

const PG_CTL: &str = "OAUTH_DANCE_TEST_POSTGRES_PG_CTL";

model!(Outage, "o_outage");

/// The cluster's `pg_ctl`; starts the database again when dropped, whatever the test did.
struct Cluster(String);

impl Cluster {
    fn run(&self, action: &str) {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{} {action} >/dev/null", self.0))
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl {action}: {status}");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{} status >/dev/null || {} start >/dev/null",
                self.0, self.0
            ))
            .status();
    }
}

fn cluster() -> Option<Cluster> {
    match std::env::var(PG_CTL) {
        Ok(ctl) if !ctl.is_empty() => Some(Cluster(ctl)),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("{PG_CTL} is not set under CI=true: .ci/services/postgres.sh exports it")
        }
        _ => {
            eprintln!("outage: skipped: set {PG_CTL} to the test cluster's pg_ctl command");
            None
        }
    }
}

/// Stores `rounds` tokens for each of ten users; per user, the last one reported stored and
/// every one attempted after it (a failed write may still have landed).
async fn write(
    storage: &SqlStorage<Outage>,
    rounds: std::ops::Range<u32>,
    log: &mut WriteLog,
    errors: &mut Vec<String>,
) {
    for round in rounds {
        for u in 0..10 {
            let (name, value) = (format!("u{u}"), format!("u{u}:{round}"));
            let entry = log.entry(name.clone()).or_default();
            match storage.set(&user("dev", &name), &token(&value)).await {
                Ok(()) => *entry = (Some(value), Vec::new()),
                Err(err) => {
                    entry.1.push(value);
                    errors.push(err.to_string());
                }
            }
        }
    }
}

/// Per user, the last token reported stored and every one attempted after it.
type WriteLog = BTreeMap<String, (Option<String>, Vec<String>)>;

/// An app whose blueprint stores in `storage` for local user `u0`; its error hook records each
/// error's code in `calls`.
fn outage_app(dev: &DevProvider, storage: &SqlStorage<Outage>, calls: &Calls) -> TestApp {
    let hook = calls.clone();
    let bp = dev_builder(dev, "dev")
        .storage(storage.clone())
        .on_error(move |event| {
            hook.push(event.error.code().to_string());
            async { None }
        })
        .build()
        .unwrap();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .local_user(|_| Some("u0".into()));
    serve(dance, vec![bp])
}

/// During the outage the app answers 503 without internals, for a page and for a callback
/// (after the error hook, which saw a storage error).
async fn check_outage_pages(dev: &DevProvider, app: &TestApp, browser: &Browser, calls: &Calls) {
    let page = browser.get(&app.at("/token/dev")).await;
    assert_eq!(page.status, 503, "{page:?}");
    assert!(
        page.body.contains("cannot reach its login storage"),
        "{}",
        page.body
    );
    let done = Browser::new()
        .dance(dev, &app.at("/login/dev"), "allow", "hubot")
        .await;
    assert_eq!(done.status, 503, "{done:?}");
    for shown in [&page.body, &done.body] {
        for internal in ["sqlx", "postgres", "127.0.0.1", "pool", "o_outage"] {
            assert!(
                !shown.to_lowercase().contains(internal),
                "{internal} in {shown}"
            );
        }
    }
    assert_eq!(calls.all(), vec!["storage"]);
}

/// Waits (up to 30 s) until the storage answers again.
async fn wait_for_recovery(storage: &SqlStorage<Outage>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while storage.get(&user("dev", "u1")).await.is_err() {
        assert!(Instant::now() < deadline, "the storage did not recover");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every user's token is the last one reported stored, or one attempted after it.
async fn check_no_token_lost(storage: &SqlStorage<Outage>, log: &WriteLog) {
    for (name, (stored, attempted_after)) in log {
        let got = storage
            .get(&user("dev", name))
            .await
            .unwrap()
            .map(|t| t.access_token().to_string());
        let got = got.unwrap_or_default();
        assert!(
            Some(&got) == stored.as_ref() || attempted_after.contains(&got),
            "{name}: {got} after {stored:?}"
        );
    }
}

#[actix_web::test]
async fn the_database_stopped_mid_run_fails_clearly_and_loses_no_stored_token() {
    let (Some(url), Some(cluster)) = (postgres_url("outage"), cluster()) else {
        return;
    };
    let pool = oauth_dance::sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(300))
        .connect(&url)
        .await
        .unwrap();
    let storage = fresh::<Outage>(SqlPool::from(pool)).await;
    let dev = DevProvider::start().unwrap();
    let calls = Calls::default();
    let app = outage_app(&dev, &storage, &calls);
    let browser = Browser::new();
    let login = app.at("/login/dev");
    assert_eq!(
        browser.dance(&dev, &login, "allow", "octocat").await.status,
        302
    );

    let (mut log, mut errors) = (WriteLog::new(), Vec::new());
    write(&storage, 0..3, &mut log, &mut errors).await;
    assert!(errors.is_empty(), "{errors:?}");
    cluster.run("stop -m fast");
    write(&storage, 3..4, &mut log, &mut errors).await;
    assert_eq!(errors.len(), 10, "every write during the outage failed");
    assert!(
        errors
            .iter()
            .all(|e| e.contains("cannot be reached") || e.contains("did not answer in time")),
        "{errors:?}"
    );
    check_outage_pages(&dev, &app, &browser, &calls).await;

    cluster.run("start");
    wait_for_recovery(&storage).await;
    write(&storage, 5..6, &mut log, &mut Vec::new()).await;
    check_no_token_lost(&storage, &log).await;
    // The app recovered too.
    assert_eq!(browser.get(&app.at("/token/dev")).await.status, 200);
    let again = Browser::new().dance(&dev, &login, "allow", "hubot").await;
    assert_eq!(again.status, 302);
}
