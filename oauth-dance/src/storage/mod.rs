//! Where tokens live: one async trait, [`TokenStorage`], and its implementations.
//!
//! [`SessionStorage`] (the default) keeps the token in the user's session, [`MemoryStorage`]
//! keeps one token for everybody (tests, single-user tools), [`NullStorage`] keeps nothing. A
//! custom storage is a small impl (`replace` has a default):
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

pub use context::StorageContext;
pub(crate) use context::UserResolver;
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
    too_large: Option<usize>,
}

impl StorageError {
    /// Wraps any error (or message).
    pub fn new(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StorageError {
            source: err.into(),
            too_large: None,
        }
    }

    /// The token does not fit: with it the stored state would be about `bytes` long. The dance
    /// then answers with a page that names the fix, not a 500.
    pub fn too_large_for(bytes: usize) -> Self {
        StorageError {
            source: format!("the token does not fit (it would take about {bytes} bytes)").into(),
            too_large: Some(bytes),
        }
    }

    /// How large the stored state would have been, when the token did not fit.
    pub fn too_large(&self) -> Option<usize> {
        self.too_large
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
