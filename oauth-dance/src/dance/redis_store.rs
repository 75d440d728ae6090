//! actix-session's Redis store with a deadline on every operation: while Redis is unreachable
//! its connection manager keeps reconnecting and a request would wait for it; with the deadline
//! the request fails in bounded time (and is answered with the 503 page), and the cause is
//! logged once per failed operation.

use std::future::Future;
use std::time::Duration;

use actix_session::storage::{
    LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration as Ttl;

/// The session state as actix-session's stores take it.
type State = std::collections::HashMap<String, String>;

/// [`RedisSessionStore`], each operation bounded by `deadline`.
#[derive(Clone)]
pub(crate) struct BoundedStore {
    pub store: RedisSessionStore,
    pub deadline: Duration,
}

impl BoundedStore {
    /// `op` within the deadline; its failure (or the deadline) logged, and made an `E`.
    async fn bounded<T, E>(
        &self,
        what: &str,
        op: impl Future<Output = Result<T, E>>,
        wrap: fn(anyhow::Error) -> E,
    ) -> Result<T, E>
    where
        E: std::error::Error + 'static,
    {
        match tokio::time::timeout(self.deadline, op).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => {
                tracing::warn!("oauth-dance: Redis session store: {what}: {}", chain(&err));
                Err(err)
            }
            Err(_) => {
                tracing::warn!(
                    "oauth-dance: Redis session store: {what}: no answer within {:?}",
                    self.deadline
                );
                Err(wrap(anyhow::anyhow!("Redis did not answer in time")))
            }
        }
    }
}

/// An error and its causes, on one line.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    line
}

/// The anyhow errors of `update_ttl` and `delete`, as an `std::error::Error`.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct Plain(anyhow::Error);

impl SessionStore for BoundedStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        self.bounded("load", self.store.load(key), LoadError::Other)
            .await
    }

    async fn save(&self, state: State, ttl: &Ttl) -> Result<SessionKey, SaveError> {
        self.bounded("save", self.store.save(state, ttl), SaveError::Other)
            .await
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Ttl,
    ) -> Result<SessionKey, UpdateError> {
        self.bounded(
            "update",
            self.store.update(key, state, ttl),
            UpdateError::Other,
        )
        .await
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Ttl) -> anyhow::Result<()> {
        let op = async { self.store.update_ttl(key, ttl).await.map_err(Plain) };
        self.bounded("update_ttl", op, Plain).await.map_err(|e| e.0)
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        let op = async { self.store.delete(key).await.map_err(Plain) };
        self.bounded("delete", op, Plain).await.map_err(|e| e.0)
    }
}
