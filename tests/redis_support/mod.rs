//! What the Redis tests share: the Redis `.ci/services/redis.sh` starts (its URL and the
//! commands that stop and start it), read from the environment.
//!
//! A test skips with a message when `OAUTH_DANCE_TEST_REDIS_URL` is missing, and fails under
//! `CI=true`.

#![allow(dead_code)]

use std::time::{Duration, Instant};

/// The variable naming the test Redis.
pub const REDIS_URL: &str = "OAUTH_DANCE_TEST_REDIS_URL";

/// The test Redis: where it is, and how to stop and start it.
pub struct TestRedis {
    /// `redis://127.0.0.1:<port>`.
    pub url: String,
    start: String,
    stop: String,
}

/// Whether this runs under CI (where a missing service is a failure).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| ci == "true")
}

impl TestRedis {
    /// The test Redis, or `None` (with a message) when there is none; a failure under CI.
    pub fn from_env(test: &str) -> Option<TestRedis> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (
            var(REDIS_URL),
            var("OAUTH_DANCE_TEST_REDIS_START"),
            var("OAUTH_DANCE_TEST_REDIS_STOP"),
        ) {
            (Some(url), Some(start), Some(stop)) => Some(TestRedis { url, start, stop }),
            _ if under_ci() => panic!(
                "{test}: {REDIS_URL} is not set under CI=true: .ci/services/redis.sh should have \
                 started Redis"
            ),
            _ => {
                eprintln!("{test}: skipped: `source .ci/services/redis.sh` to run it");
                None
            }
        }
    }

    /// Stops Redis (its data is lost: it keeps none on disk) until the returned guard is
    /// dropped (or [`Stopped::start`]ed), so a failing test leaves it running for the others.
    pub fn stop(&self) -> Stopped<'_> {
        sh(&self.stop);
        self.wait_until(false);
        Stopped(Some(self))
    }

    /// The port Redis listens on.
    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn wait_until(&self, listening: bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port())).is_ok() != listening {
            assert!(
                Instant::now() < deadline,
                "Redis listening={listening} in 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Redis, stopped; started again when dropped.
pub struct Stopped<'a>(Option<&'a TestRedis>);

impl Stopped<'_> {
    /// Starts Redis again, and waits until it answers.
    pub fn start(mut self) {
        self.restart();
    }

    fn restart(&mut self) {
        if let Some(redis) = self.0.take() {
            sh(&redis.start);
            redis.wait_until(true);
        }
    }
}

impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        self.restart();
    }
}

fn sh(command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .unwrap();
    assert!(status.success(), "`{command}`: {status}");
}
