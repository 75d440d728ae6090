//! [`SqlPool`]: the connection pool of one database, SQLite or PostgreSQL, chosen by the URL;
//! and the one place the storage's statements are run (and counted).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::types::Json;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};

use super::error::from_sqlx;
use super::model::UserKey;
use crate::Token;
use crate::redact;
use crate::storage::StorageError;

/// How long a call waits for a connection before it fails (the database is down, or every
/// connection is busy): a few seconds, so a request answers 503 instead of hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A pool of connections to the token database, shared by every clone.
///
/// [`connect`](Self::connect) picks the database from the URL: `sqlite:tokens.db` (a file, created
/// when missing), `sqlite::memory:` (in memory, one connection), `postgres://user@host/db`. For
/// your own pool settings, build sqlx's pool and convert it (`SqlPool::from(pg_pool)`).
#[derive(Clone)]
pub struct SqlPool {
    db: Db,
    statements: Arc<AtomicU64>,
}

#[derive(Clone)]
enum Db {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgPool),
}

/// Which database a [`SqlPool`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (bundled with the crate).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A statement's parameter.
#[derive(Clone, Copy)]
pub(crate) enum Arg<'a> {
    Text(&'a str),
    Int(i64),
    Token(&'a Token),
    /// A NULL of the user key's type.
    Null(UserKey),
}

/// What a statement's rows carry in their first column.
#[derive(Clone, Copy)]
pub(crate) enum Out {
    /// A token (JSON).
    Token,
    /// A local user id, of this type (read as text).
    User(UserKey),
    /// Nothing that is read: only the number of rows counts (`RETURNING id`).
    Rows,
}

/// One row's first column, as [`Out`] asked.
pub(crate) enum Cell {
    Token(Token),
    User(Option<String>),
    Row,
}

impl SqlPool {
    /// Connects to the database of `url`: `sqlite:…` or `postgres://…` (`postgresql://` too).
    /// Fails when the database cannot be reached, or the URL names a database this build has no
    /// feature for.
    pub async fn connect(url: &str) -> Result<SqlPool, StorageError> {
        let shown = redact::url(url);
        let db = match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => connect_sqlite(url).await,
            Some("postgres" | "postgresql") => connect_postgres(url).await,
            _ => Err(StorageError::new(format!(
                "`{shown}` is not a database URL: use `sqlite:tokens.db`, `sqlite::memory:` or \
                 `postgres://user@host/database`"
            ))),
        }?;
        Ok(SqlPool::new(db))
    }

    fn new(db: Db) -> SqlPool {
        SqlPool {
            db,
            statements: Arc::default(),
        }
    }

    /// The database this pool talks to.
    pub fn backend(&self) -> Backend {
        match &self.db {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The sqlx pool, when the database is SQLite (for your own queries).
    #[cfg(feature = "sqlite")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
    pub fn sqlite(&self) -> Option<&sqlx::SqlitePool> {
        match &self.db {
            Db::Sqlite(pool) => Some(pool),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The sqlx pool, when the database is PostgreSQL (for your own queries).
    #[cfg(feature = "postgres")]
    #[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
    pub fn postgres(&self) -> Option<&sqlx::PgPool> {
        match &self.db {
            Db::Postgres(pool) => Some(pool),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// How many statements the token storage has sent through this pool (and its clones): a
    /// read served by the cache sends none. For metrics, and for tests.
    pub fn statements_run(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Closes every connection; later calls fail.
    pub async fn close(&self) {
        match &self.db {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(pool) => pool.close().await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// Runs one statement and reads its rows' first column as `out` says.
    pub(crate) async fn rows(
        &self,
        sql: &'static str,
        args: &[Arg<'_>],
        out: Out,
    ) -> Result<Vec<Cell>, StorageError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        let rows = match &self.db {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(pool) => run(pool, sql, args, out).await,
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => run(pool, sql, args, out).await,
        };
        rows.map_err(from_sqlx)
    }
}

#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
impl From<sqlx::SqlitePool> for SqlPool {
    fn from(pool: sqlx::SqlitePool) -> Self {
        SqlPool::new(Db::Sqlite(pool))
    }
}

#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
impl From<sqlx::PgPool> for SqlPool {
    fn from(pool: sqlx::PgPool) -> Self {
        SqlPool::new(Db::Postgres(pool))
    }
}

impl std::fmt::Debug for SqlPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlPool")
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

/// A file (created when missing, in WAL mode so readers do not wait for a writer), or one
/// connection to a database in memory: an in-memory database lives as long as its connection,
/// so that connection is never closed for idleness or age.
#[cfg(feature = "sqlite")]
async fn connect_sqlite(url: &str) -> Result<Db, StorageError> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
    let options: SqliteConnectOptions = url.parse().map_err(from_sqlx)?;
    let pool = SqlitePoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
    let pool = if url.contains(":memory:") || url.contains("mode=memory") {
        pool.max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
    } else {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal);
        pool.max_connections(4).connect_with(options)
    };
    Ok(Db::Sqlite(pool.await.map_err(from_sqlx)?))
}

#[cfg(not(feature = "sqlite"))]
async fn connect_sqlite(_url: &str) -> Result<Db, StorageError> {
    Err(StorageError::new(
        "this build has no SQLite support: enable oauth-dance's `sqlite` feature",
    ))
}

#[cfg(feature = "postgres")]
async fn connect_postgres(url: &str) -> Result<Db, StorageError> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect(url)
        .await
        .map_err(from_sqlx)?;
    Ok(Db::Postgres(pool))
}

#[cfg(not(feature = "postgres"))]
async fn connect_postgres(_url: &str) -> Result<Db, StorageError> {
    Err(StorageError::new(
        "this build has no PostgreSQL support: enable oauth-dance's `postgres` feature",
    ))
}

/// One statement on any database sqlx drives with these types.
async fn run<DB>(
    pool: &Pool<DB>,
    sql: &'static str,
    args: &[Arg<'_>],
    out: Out,
) -> Result<Vec<Cell>, sqlx::Error>
where
    DB: Database,
    for<'c> &'c Pool<DB>: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB>,
    for<'a> i64: Encode<'a, DB> + Decode<'a, DB> + Type<DB>,
    for<'a> Option<i64>: Encode<'a, DB> + Decode<'a, DB>,
    for<'a> Option<String>: Decode<'a, DB>,
    String: Type<DB>,
    for<'a> Json<&'a Token>: Encode<'a, DB> + Type<DB>,
    for<'a> Json<Token>: Decode<'a, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let mut query = sqlx::query::<DB>(sql);
    for arg in args {
        query = match *arg {
            Arg::Text(text) => query.bind(text),
            Arg::Int(int) => query.bind(int),
            Arg::Token(token) => query.bind(Json(token)),
            Arg::Null(UserKey::Text) => query.bind(None::<&str>),
            Arg::Null(UserKey::Integer) => query.bind(None::<i64>),
        };
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(match out {
                Out::Token => Cell::Token(row.try_get::<Json<Token>, _>(0)?.0),
                Out::User(UserKey::Text) => Cell::User(row.try_get::<Option<String>, _>(0)?),
                Out::User(UserKey::Integer) => {
                    Cell::User(row.try_get::<Option<i64>, _>(0)?.map(|id| id.to_string()))
                }
                Out::Rows => Cell::Row,
            })
        })
        .collect()
}

impl SqlPool {
    /// Runs a script of several statements (a schema), in one implicit transaction on
    /// PostgreSQL.
    pub(crate) async fn script(&self, sql: &'static str) -> Result<(), StorageError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        let done = match &self.db {
            #[cfg(feature = "sqlite")]
            Db::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
            #[cfg(feature = "postgres")]
            Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        };
        done.map_err(from_sqlx)
    }
}
