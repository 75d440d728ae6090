//! What SQL storage costs: the `authorized` check (a fresh client per request, as a handler
//! gets, reading its token) and a full dance, through SQL storage uncached on SQLite and on
//! PostgreSQL, through the cache, and through an in-memory map, in the same run.
//!
//! ```text
//! cargo bench --bench sql_storage
//! OAUTH_DANCE_TEST_POSTGRES_URL=postgres://… cargo bench --bench sql_storage   # adds PostgreSQL
//! ```
//!
//! A benchmark, not a test: it prints figures and asserts nothing about them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oauth_dance::storage::sql::{SqlPool, SqlStorage, TokenCache};
use oauth_dance::storage::{StorageContext, StorageError, TokenStorage};
use oauth_dance::{Blueprint, Client, Dance, Token};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, dev_builder, key, serve};

/// Tokens by (blueprint, user) in a map: the in-memory baseline.
#[derive(Clone, Default)]
struct MapStorage(Arc<Mutex<HashMap<(String, String), Token>>>);

fn map_key(ctx: &StorageContext) -> Result<(String, String), StorageError> {
    let user = ctx
        .user()?
        .ok_or_else(|| StorageError::no_user("no user"))?;
    Ok((ctx.blueprint().to_string(), user))
}

#[async_trait::async_trait(?Send)]
impl TokenStorage for MapStorage {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        Ok(self.0.lock().unwrap().get(&map_key(ctx)?).cloned())
    }
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        self.0.lock().unwrap().insert(map_key(ctx)?, token.clone());
        Ok(())
    }
    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        self.0.lock().unwrap().remove(&map_key(ctx)?);
        Ok(())
    }
}

/// The median time per iteration of `op` over `rounds` rounds of `n` iterations.
async fn per_op<F, Fut>(n: u32, rounds: usize, mut op: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..n / 10 + 1 {
        op().await;
    }
    let mut times = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..n {
            op().await;
        }
        times.push(start.elapsed() / n);
    }
    times.sort();
    times[rounds / 2]
}

/// The `authorized` check of user42 through `storage` (a fresh client each time).
async fn authorized_check(
    name: &str,
    dev: &DevProvider,
    storage: impl TokenStorage + Clone,
    n: u32,
) -> Duration {
    let bp = dev_builder(dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let token = Token::from_json(dev.issue_token("octocat")).unwrap();
    for user in 0..100 {
        let ctx = StorageContext::for_user(&bp, format!("user{user}"));
        storage.set(&ctx, &token).await.unwrap();
    }
    let ctx = StorageContext::for_user(&bp, "user42");
    let time = per_op(n, 7, || {
        let client = Client::new(bp.clone(), ctx.clone());
        async move {
            let authorized = client.authorized().await.unwrap();
            assert!(authorized, "{:?}", client.token().await);
        }
    })
    .await;
    println!(
        "authorized check  {name:<28} {:>10.2} µs",
        time.as_secs_f64() * 1e6
    );
    time
}

/// A whole dance (login, consent, callback storing the token) through `storage`.
async fn full_dance(name: &str, dev: &DevProvider, storage: impl TokenStorage + Clone) {
    let bp: Blueprint = dev_builder(dev, "dev").storage(storage).build().unwrap();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .local_user(|_| Some("octocat".into()));
    let app = serve(dance, vec![bp]);
    let login = app.at("/login/dev");
    let time = per_op(20, 5, || async {
        let done = Browser::new().dance(dev, &login, "allow", "octocat").await;
        assert_eq!(done.status, 302);
    })
    .await;
    println!(
        "full dance        {name:<28} {:>10.2} ms",
        time.as_secs_f64() * 1e3
    );
}

async fn sqlite_file(dir: &std::path::Path, name: &str) -> SqlStorage {
    let url = format!("sqlite:{}", dir.join(name).display());
    let storage = SqlStorage::connect(&url).await.unwrap();
    storage.migrate().await.unwrap();
    storage
}

async fn postgres() -> Option<SqlStorage> {
    let url = std::env::var("OAUTH_DANCE_TEST_POSTGRES_URL").ok()?;
    let storage = SqlStorage::new(SqlPool::connect(&url).await.unwrap());
    storage.migrate().await.unwrap();
    Some(storage)
}

fn cached(storage: &SqlStorage) -> SqlStorage {
    storage
        .clone()
        .cache(TokenCache::new(Duration::from_secs(60), 10_000))
}

#[actix_web::main]
async fn main() {
    let dev = DevProvider::start().unwrap();
    let dir = std::env::temp_dir().join(format!("oauth-dance-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lite = sqlite_file(&dir, "check.db").await;
    let pg = postgres().await;
    let memory = authorized_check("in-memory map", &dev, MapStorage::default(), 20_000).await;
    authorized_check("SQLite file, uncached", &dev, lite.clone(), 2_000).await;
    if let Some(pg) = &pg {
        authorized_check("PostgreSQL, uncached", &dev, pg.clone(), 1_000).await;
    }
    let hit = authorized_check("SQLite, cached", &dev, cached(&lite), 20_000).await;
    if let Some(pg) = &pg {
        authorized_check("PostgreSQL, cached", &dev, cached(pg), 20_000).await;
    }
    println!(
        "cached / in-memory: {:.2}x",
        hit.as_secs_f64() / memory.as_secs_f64()
    );
    full_dance("in-memory map", &dev, MapStorage::default()).await;
    full_dance("SQLite file", &dev, sqlite_file(&dir, "dance.db").await).await;
    if let Some(pg) = pg {
        full_dance("PostgreSQL", &dev, pg).await;
    } else {
        println!("(set OAUTH_DANCE_TEST_POSTGRES_URL for the PostgreSQL figures)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
