//! Where tokens live: one async trait, [`TokenStorage`], and its implementations.
//!
//! [`SessionStorage`] (the default) keeps the token in the user's session, [`MemoryStorage`]
//! keeps one token for everybody (tests, single-user tools), [`NullStorage`] keeps nothing, and
//! [`sql::SqlStorage`] keeps them in SQLite or PostgreSQL, per local user (features `sqlite`,
//! on by default, and `postgres`). A custom storage is a small impl (`replace` has a default):
//!
//! ```
//! use oauth_dance::storage::{StorageContext, StorageError, TokenStorage};
//! use oauth_dance::Token;
//!
//! struct Logging<S>(S);
//!
//! #[async_trait::async_trait(?Send)]
//! impl<S: TokenStorage> TokenStorage for Logging<S> {
//!     async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
//!         self.0.get(ctx).await
//!     }
//!     async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
//!         tracing::info!("storing a token for {}", ctx.blueprint());
//!         self.0.set(ctx, token).await
//!     }
//!     async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
//!         self.0.delete(ctx).await
//!     }
//! }
//! ```

mod context;
mod memory;
mod null;
mod session;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "sqlite", feature = "postgres"))))]
pub mod sql;

pub(crate) use context::UserResolver;
pub use context::{StorageContext, actix_identity_user, session_user};
pub use memory::MemoryStorage;
pub use null::NullStorage;
pub use session::SessionStorage;

use crate::Token;

/// A token storage failed. The message is shown in logs, never to end users; the cause is kept
/// as the error's source.
#[derive(Debug, thiserror::Error)]
#[error("{source}")]
pub struct StorageError {
    source: Box<dyn std::error::Error + Send + Sync>,
    kind: Kind,
}

/// What kind of failure, for the answer the dance gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Failed,
    TooLarge(usize),
    NoUser,
}

impl StorageError {
    /// Wraps any error (or message).
    pub fn new(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StorageError {
            source: err.into(),
            kind: Kind::Failed,
        }
    }

    /// The token does not fit: with it the stored state would be about `bytes` long. The dance
    /// then answers with a page that names the fix, not a 500.
    pub fn too_large_for(bytes: usize) -> Self {
        StorageError {
            source: format!("the token does not fit (it would take about {bytes} bytes)").into(),
            kind: Kind::TooLarge(bytes),
        }
    }

    /// The storage keeps tokens per local user and this call has none (nobody is logged in
    /// locally, or the app's resolver found nobody): `message` says which call and how to fix
    /// it. Not the storage's failure but the request's, so it is no reason to retry.
    pub fn no_user(message: impl Into<String>) -> Self {
        StorageError {
            source: message.into().into(),
            kind: Kind::NoUser,
        }
    }

    /// How large the stored state would have been, when the token did not fit.
    pub fn too_large(&self) -> Option<usize> {
        match self.kind {
            Kind::TooLarge(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether the call needed a local user and had none ([`no_user`](Self::no_user)).
    pub fn needs_user(&self) -> bool {
        self.kind == Kind::NoUser
    }
}

/// Where a blueprint keeps its tokens.
///
/// One instance serves every request of every worker, so it is `Send + Sync`; the futures it
/// returns need not be `Send` (actix handlers run on a single-threaded runtime). Each call gets
/// the [`StorageContext`] it serves (the blueprint, the user's session, the local user), so a
/// storage can key tokens by user.
#[async_trait::async_trait(?Send)]
pub trait TokenStorage: Send + Sync + 'static {
    /// The token for this context, if any.
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError>;
    /// Stores (replaces) the token for this context.
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError>;
    /// Forgets the token for this context (not an error when there is none).
    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError>;

    /// Replaces the token for this context with `new` only if it is still `old`, and says
    /// whether it did: a refreshed token is never overwritten by one refreshed from a stale
    /// copy. The default compares, then sets (atomic within one storage call for storages
    /// whose state is one session or one process); a shared storage (SQL) overrides it with
    /// one conditional write.
    async fn replace(
        &self,
        ctx: &StorageContext,
        old: &Token,
        new: &Token,
    ) -> Result<bool, StorageError> {
        if self.get(ctx).await?.as_ref() != Some(old) {
            return Ok(false);
        }
        self.set(ctx, new).await?;
        Ok(true)
    }
}
