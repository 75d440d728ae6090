//! [`TokenCache`]: an optional in-process cache in front of the SQL storage, keyed by provider
//! and local user (Flask-Dance's `cache=`).
//!
//! A read that misses asks the database and keeps the answer ("no token" too); `set`,
//! `replace` and `delete` on this instance drop the entry. A read that raced with a write does
//! not put what it read back in the cache (a write counter tells), so a stale token is never
//! cached after the write that replaced it. Other instances are not told: their entries live
//! until the time to live runs out (see the README's "SQL storage").

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::user::Owner;
use crate::Token;

/// An in-process cache of tokens for [`SqlStorage::cache`](super::SqlStorage::cache). Give
/// each storage a cache of its own (its clones share it): entries are keyed by provider and
/// user, not by table.
///
/// ```
/// use std::time::Duration;
/// use oauth_dance::storage::sql::TokenCache;
///
/// let cache = TokenCache::new(Duration::from_secs(30), 10_000);
/// ```
#[derive(Clone)]
pub struct TokenCache {
    entries: moka::sync::Cache<Key, Option<Token>>,
    writes: Arc<AtomicU64>,
}

/// (provider, owner).
type Key = (String, Owner);

/// A read in progress: what the write counter was when it started.
pub(crate) struct Miss(u64);

impl TokenCache {
    /// Entries live `ttl` at most; at most `capacity` of them are kept (the least used go first).
    pub fn new(ttl: Duration, capacity: u64) -> TokenCache {
        TokenCache {
            entries: moka::sync::Cache::builder()
                .time_to_live(ttl)
                .max_capacity(capacity)
                .build(),
            writes: Arc::default(),
        }
    }

    /// The cached answer, or the [`Miss`] to [`fill`](Self::fill) with the database's.
    pub(crate) fn get(&self, provider: &str, owner: &Owner) -> Result<Option<Token>, Miss> {
        // Read the counter first: a write that lands after it makes this read's answer stale.
        let writes = self.writes.load(Ordering::SeqCst);
        self.entries
            .get(&(provider.to_string(), owner.clone()))
            .ok_or(Miss(writes))
    }

    /// Keeps the database's answer to a read, unless a write happened since it started. A
    /// write that counts itself between the check and the insert may have dropped the entry
    /// before it was inserted: the second check sees that write and drops the entry again (one
    /// that counts itself after the second check drops it on its own, after the insert).
    pub(crate) fn fill(&self, miss: Miss, provider: &str, owner: &Owner, token: &Option<Token>) {
        if self.writes.load(Ordering::SeqCst) != miss.0 {
            return;
        }
        let key = (provider.to_string(), owner.clone());
        self.entries.insert(key.clone(), token.clone());
        if self.writes.load(Ordering::SeqCst) != miss.0 {
            self.entries.invalidate(&key);
        }
    }

    /// Drops the entry after a write to the database (or an attempt at one).
    pub(crate) fn invalidate(&self, provider: &str, owner: &Owner) {
        self.writes.fetch_add(1, Ordering::SeqCst);
        self.entries
            .invalidate(&(provider.to_string(), owner.clone()));
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("entries", &self.entries.entry_count())
            .finish_non_exhaustive()
    }
}
