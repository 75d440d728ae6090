//! The SQL storage's errors: sqlx's, with a sentence that says what it means for the tokens and
//! what to do (start the database, run the migrations). They go to the log; users see the
//! library's generic 503 page.

use std::fmt;

use crate::storage::StorageError;

/// A database failure, with what it means.
#[derive(Debug)]
pub(crate) struct SqlError {
    meaning: &'static str,
    source: sqlx::Error,
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.meaning, self.source)
    }
}

impl std::error::Error for SqlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A sqlx error as a [`StorageError`] that says what it means.
pub(crate) fn from_sqlx(source: sqlx::Error) -> StorageError {
    StorageError::new(SqlError {
        meaning: meaning(&source),
        source,
    })
}

fn meaning(err: &sqlx::Error) -> &'static str {
    match err {
        sqlx::Error::PoolTimedOut => {
            "the token database did not answer in time (is it running, and reachable?)"
        }
        sqlx::Error::PoolClosed => "the token database's pool was closed",
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => "the token database cannot be reached",
        sqlx::Error::Configuration(_) => "the token database's URL or options are wrong",
        sqlx::Error::Database(db) if missing_table(db.as_ref()) => {
            "the token table does not exist: call `SqlStorage::migrate()` once at start-up \
             (or apply the SQL of the crate's migrations/ directory)"
        }
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            "another row already holds this provider account or this user's token"
        }
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            "a stored token could not be read (the table's columns differ from the model)"
        }
        _ => "the token database failed",
    }
}

/// PostgreSQL's `undefined_table`, or SQLite's "no such table".
fn missing_table(err: &dyn sqlx::error::DatabaseError) -> bool {
    err.code().as_deref() == Some("42P01") || err.message().starts_with("no such table")
}
