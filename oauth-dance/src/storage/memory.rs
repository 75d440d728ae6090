//! [`MemoryStorage`]: one token in memory, for everybody (tests, single-user tools).

use std::sync::{Arc, Mutex, PoisonError};

use super::{StorageContext, StorageError, TokenStorage};
use crate::Token;

/// Keeps one token in memory, shared by every user and request (like Flask-Dance's
/// `MemoryStorage`): for tests and single-user tools, never for a multi-user site.
///
/// Clones share the same token.
///
/// ```
/// use oauth_dance::storage::MemoryStorage;
/// let storage = MemoryStorage::new();
/// assert!(storage.token().is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage {
    token: Arc<Mutex<Option<Token>>>,
}

impl MemoryStorage {
    /// An empty storage.
    pub fn new() -> Self {
        Self::default()
    }

    /// A storage that starts with a token.
    pub fn with_token(token: Token) -> Self {
        let storage = Self::default();
        *storage.lock() = Some(token);
        storage
    }

    /// The token held, if any.
    pub fn token(&self) -> Option<Token> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Token>> {
        self.token.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait(?Send)]
impl TokenStorage for MemoryStorage {
    async fn get(&self, _ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        Ok(self.token())
    }

    async fn set(&self, _ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        *self.lock() = Some(token.clone());
        Ok(())
    }

    async fn delete(&self, _ctx: &StorageContext) -> Result<(), StorageError> {
        *self.lock() = None;
        Ok(())
    }
}
