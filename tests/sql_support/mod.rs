//! What the SQL storage tests share: the databases to run on (SQLite in memory always,
//! PostgreSQL when `OAUTH_DANCE_TEST_POSTGRES_URL` names one), blueprints and contexts.
//!
//! A PostgreSQL test skips with a message when the variable is missing, and fails under
//! `CI=true` (where `.ci/services/postgres.sh` starts a database).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use actix_session::SessionExt;
use oauth_dance::storage::StorageContext;
use oauth_dance::storage::sql::{SqlPool, SqlStorage, TokenModel};
use oauth_dance::{Blueprint, OAuth2Builder};

/// A model with the built-in columns and a table of its own: tests share the PostgreSQL
/// database and run at once, so each uses a table of its own.
macro_rules! model {
    ($name:ident, $table:tt) => {
        #[derive(::oauth_dance::TokenModel)]
        #[token(table = $table)]
        #[allow(dead_code)]
        struct $name {
            id: i64,
            provider: String,
            user_id: Option<String>,
            provider_user_id: Option<String>,
            token: ::oauth_dance::Token,
            created_at: i64,
        }
    };
}

/// The variable naming the test database.
pub const POSTGRES_URL: &str = "OAUTH_DANCE_TEST_POSTGRES_URL";

/// The PostgreSQL URL, or `None` (with a message) when there is none; a failure under CI.
pub fn postgres_url(test: &str) -> Option<String> {
    match std::env::var(POSTGRES_URL) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!(
            "{test}: {POSTGRES_URL} is not set under CI=true: .ci/services/postgres.sh should \
             have started PostgreSQL"
        ),
        _ => {
            eprintln!(
                "{test}: skipped on PostgreSQL: set {POSTGRES_URL} (see the README's \"SQL storage\")"
            );
            None
        }
    }
}

/// A fresh, migrated storage of model `M` in a SQLite database in memory.
pub async fn sqlite<M: TokenModel>() -> SqlStorage<M> {
    let pool = SqlPool::connect("sqlite::memory:").await.unwrap();
    let storage = SqlStorage::<M>::new(pool);
    storage.migrate().await.unwrap();
    storage
}

/// A storage of model `M` on the test PostgreSQL database, its table dropped and migrated
/// afresh (each test uses a model of its own, so tests do not share rows).
pub async fn postgres<M: TokenModel>(test: &str) -> Option<SqlStorage<M>> {
    let url = postgres_url(test)?;
    let pool = SqlPool::connect(&url).await.unwrap();
    Some(fresh(pool).await)
}

/// A storage of model `M` on `pool`, its table dropped and migrated afresh.
pub async fn fresh<M: TokenModel>(pool: SqlPool) -> SqlStorage<M> {
    drop_table(&pool, M::MODEL.table).await;
    let storage = SqlStorage::<M>::new(pool);
    storage.migrate().await.unwrap();
    storage
}

/// Every database the test runs on: SQLite, and PostgreSQL when there is one.
pub async fn databases<M: TokenModel>(test: &str) -> Vec<(&'static str, SqlStorage<M>)> {
    let mut all = vec![("sqlite", sqlite::<M>().await)];
    if let Some(pg) = postgres::<M>(test).await {
        all.push(("postgres", pg));
    }
    all
}

/// `DROP TABLE IF EXISTS`, through the pool's own driver.
pub async fn drop_table(pool: &SqlPool, table: &str) {
    let sql = format!("DROP TABLE IF EXISTS \"{table}\"");
    run(pool, &sql).await.unwrap();
}

/// One statement of the test's own on the storage's pool.
pub async fn run(pool: &SqlPool, sql: &str) -> Result<(), oauth_dance::sqlx::Error> {
    let sql = oauth_dance::sqlx::AssertSqlSafe(sql.to_string());
    if let Some(pg) = pool.postgres() {
        return oauth_dance::sqlx::raw_sql(sql).execute(pg).await.map(drop);
    }
    let lite = pool.sqlite().expect("sqlite or postgres");
    oauth_dance::sqlx::raw_sql(sql)
        .execute(lite)
        .await
        .map(drop)
}

/// How many rows a table has, through the pool's own driver.
pub async fn count(pool: &SqlPool, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM \"{table}\"");
    let sql = oauth_dance::sqlx::AssertSqlSafe(sql);
    if let Some(pg) = pool.postgres() {
        return oauth_dance::sqlx::query_scalar(sql)
            .fetch_one(pg)
            .await
            .unwrap();
    }
    let lite = pool.sqlite().expect("sqlite or postgres");
    oauth_dance::sqlx::query_scalar(sql)
        .fetch_one(lite)
        .await
        .unwrap()
}

/// A blueprint named `name` (never danced with: for contexts), built once per name (building
/// one builds its HTTP client, which costs milliseconds).
pub fn blueprint(name: &str) -> Blueprint {
    static BUILT: Mutex<BTreeMap<String, Blueprint>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap();
    built
        .entry(name.to_string())
        .or_insert_with(|| build(name))
        .clone()
}

fn build(name: &str) -> Blueprint {
    OAuth2Builder::new(name)
        .client_id("id")
        .client_secret("secret")
        .authorization_url("https://provider.example/authorize")
        .token_url("https://provider.example/token")
        .base_url("https://api.provider.example/")
        .build()
        .unwrap()
}

/// The context of local user `user` on blueprint `name`.
pub fn user(name: &str, user: &str) -> StorageContext {
    StorageContext::for_user(&blueprint(name), user)
}

/// The context of a request whose app has no users (a session, no resolver).
pub fn no_users(name: &str) -> StorageContext {
    let session = actix_web::test::TestRequest::default()
        .to_http_request()
        .get_session();
    StorageContext::for_session(&blueprint(name), session)
}

/// A token whose access token is `access` (the kit's, so the tests that also glob-import the
/// kit see one `token`). Not every test binary that includes this module uses it.
#[allow(unused_imports)]
pub use oauth_dance_dev::kit::token;
