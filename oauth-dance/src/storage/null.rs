//! [`NullStorage`]: keeps nothing.

use super::{StorageContext, StorageError, TokenStorage};
use crate::Token;

/// Stores nothing: every `get` is `None`. For apps that only want the user's identity at login
/// (read it in an `authorized` hook) and never call the API later.
///
/// ```
/// use oauth_dance::storage::NullStorage;
/// let storage = NullStorage;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct NullStorage;

#[async_trait::async_trait(?Send)]
impl TokenStorage for NullStorage {
    async fn get(&self, _ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        Ok(None)
    }

    async fn set(&self, _ctx: &StorageContext, _token: &Token) -> Result<(), StorageError> {
        Ok(())
    }

    async fn delete(&self, _ctx: &StorageContext) -> Result<(), StorageError> {
        Ok(())
    }
}
