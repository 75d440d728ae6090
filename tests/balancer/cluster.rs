//! The cluster under test: the balancer `.ci/services/nginx.sh` started (round-robin over three
//! app ports), the Redis and PostgreSQL the other services started, one dev provider, and up to
//! three app instances as child processes on the balancer's app ports.

use std::time::{Duration, Instant};

use oauth_dance::storage::sql::SqlStorage;
use oauth_dance_dev::{DevProvider, DevUser};

use crate::instance::{CLIENT_ID, CLIENT_SECRET, InstanceArgs, Sessions};
use crate::process::RoleProcess;

/// The `main` of a binary that is also the instances: with `--role instance ...` it runs one;
/// otherwise it runs `run` on the services (or, when one is missing, skips outside CI).
pub fn main<F: std::future::Future<Output = ()>>(who: &str, run: impl FnOnce(Services) -> F) {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--role") {
        crate::instance::run(InstanceArgs::parse(&args[3..])).unwrap();
        return;
    }
    let Some(services) = Services::from_env(who) else {
        return;
    };
    oauth_dance::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(services));
}

/// The services the cluster needs, from the environment; `None` (with a message) when one is
/// missing, a panic under `CI=true`.
pub struct Services {
    /// The balancer's URL: the app's public URL.
    pub balancer: String,
    /// The three ports the balancer sends requests to.
    pub ports: Vec<u16>,
    pub postgres: String,
    pub redis: String,
    pub redis_start: String,
    pub redis_stop: String,
}

impl Services {
    pub fn from_env(who: &str) -> Option<Services> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let names = [
            "OAUTH_DANCE_TEST_NGINX_URL",
            "OAUTH_DANCE_TEST_NGINX_APP_PORTS",
            "OAUTH_DANCE_TEST_POSTGRES_URL",
            "OAUTH_DANCE_TEST_REDIS_URL",
            "OAUTH_DANCE_TEST_REDIS_START",
            "OAUTH_DANCE_TEST_REDIS_STOP",
        ];
        let values: Vec<Option<String>> = names.iter().map(|n| var(n)).collect();
        if let Some(missing) = names.iter().zip(&values).find(|(_, v)| v.is_none()) {
            let message = format!(
                "{who}: {} is not set: source .ci/services/{{postgres,redis,nginx}}.sh",
                missing.0
            );
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!("{message} (CI=true: .ci/run should have started them)");
            }
            eprintln!("{message}; skipped");
            return None;
        }
        let [balancer, ports, postgres, redis, redis_start, redis_stop] =
            <[Option<String>; 6]>::try_from(values)
                .unwrap()
                .map(Option::unwrap);
        Some(Services {
            balancer,
            ports: ports
                .split_whitespace()
                .map(|p| p.parse().unwrap())
                .collect(),
            postgres,
            redis,
            redis_start,
            redis_stop,
        })
    }

    /// Stops Redis (it keeps nothing on disk: every session is lost).
    pub fn stop_redis(&self) {
        sh(&self.redis_stop);
    }

    /// Starts Redis again.
    pub fn start_redis(&self) {
        sh(&self.redis_start);
        let port: u16 = self.redis.rsplit(':').next().unwrap().parse().unwrap();
        wait_for_port(port, true);
    }
}

fn sh(command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .unwrap();
    assert!(status.success(), "`{command}`: {status}");
}

/// Waits until 127.0.0.1:`port` accepts connections (or refuses them, `listening` false).
pub fn wait_for_port(port: u16, listening: bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() != listening {
        assert!(
            Instant::now() < deadline,
            "port {port} listening={listening}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The dev provider every instance talks to, with the credentials the instances use and the
/// users `user-0` .. `user-{count}` and `refresher`.
pub fn dev_provider_with_users(count: usize) -> DevProvider {
    let mut builder = DevProvider::builder()
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET);
    for i in 0..count {
        let login = format!("user-{i}");
        let email = format!("{login}@example.com");
        builder = builder.user(DevUser::new(login.clone(), 1000 + i as u64, login, email));
    }
    let refresher = DevUser::new("refresher", 999, "Refresher", "refresher@example.com");
    builder.user(refresher).start().unwrap()
}

/// A fresh token table on PostgreSQL (the built-in model), for a run of its own.
pub async fn fresh_tokens(postgres: &str) -> SqlStorage {
    let storage = SqlStorage::connect(postgres).await.unwrap();
    let pool = storage.pool().postgres().unwrap().clone();
    oauth_dance::sqlx::query("DROP TABLE IF EXISTS oauth_dance_token")
        .execute(&pool)
        .await
        .unwrap();
    storage.migrate().await.unwrap();
    storage
}

/// Instances of the app, one per balancer port in use.
pub struct Cluster {
    args: Vec<InstanceArgs>,
    running: Vec<Option<RoleProcess>>,
}

impl Cluster {
    /// Starts `count` instances (on the first `count` balancer ports) with `sessions`.
    pub fn start(
        services: &Services,
        dev: &DevProvider,
        count: usize,
        sessions: Sessions,
    ) -> Cluster {
        // SAFETY: set before any instance starts; the instances inherit it.
        unsafe { std::env::set_var(oauth_dance::SESSION_KEY_VAR, "5a".repeat(64)) };
        let provider = dev.url().as_str().trim_end_matches('/').to_string();
        let args: Vec<InstanceArgs> = (0..count)
            .map(|i| InstanceArgs {
                number: i + 1,
                port: services.ports[i],
                public_url: services.balancer.clone(),
                provider: provider.clone(),
                postgres: services.postgres.clone(),
                redis: services.redis.clone(),
                sessions,
            })
            .collect();
        let mut cluster = Cluster {
            running: args.iter().map(|_| None).collect(),
            args,
        };
        for i in 0..count {
            cluster.restart(i);
        }
        cluster
    }

    /// Kills instance `i` (SIGKILL: no graceful shutdown) and waits until its port is closed.
    pub fn kill(&mut self, i: usize) {
        drop(self.running[i].take());
        wait_for_port(self.args[i].port, false);
    }

    /// Starts instance `i` (again).
    pub fn restart(&mut self, i: usize) {
        let args = self.args[i].to_args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.running[i] = Some(RoleProcess::start("instance", &args));
    }
}
