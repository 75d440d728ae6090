//! [`UrlCache`]: the absolute URLs already built, by scheme, host and path, so that the login
//! and callback views do not build and parse the same callback URL on every request.
//!
//! Only URLs whose host passed validation are kept, and the cache is bounded: a request with a
//! new host can evict an entry, never grow the cache.

use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

/// How many URLs are kept (an app is reached under a few hosts, and has few blueprints).
const CAPACITY: usize = 16;

struct Entry {
    https: bool,
    host: String,
    path: String,
    url: Url,
}

#[derive(Default)]
struct Entries {
    kept: Vec<Entry>,
    /// The entry replaced next once the cache is full.
    next_eviction: usize,
}

/// A small shared cache of built URLs. Cloning it gives an empty one: a copy of a configuration
/// (a `Dance` being edited) does not share its cache.
#[derive(Default)]
pub(crate) struct UrlCache(Arc<Mutex<Entries>>);

impl Clone for UrlCache {
    fn clone(&self) -> Self {
        UrlCache::default()
    }
}

impl std::fmt::Debug for UrlCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlCache")
    }
}

impl UrlCache {
    /// The URL kept for `https`, `host` and `path`, if any.
    pub fn get(&self, https: bool, host: &str, path: &str) -> Option<Url> {
        let entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .kept
            .iter()
            .find(|e| e.https == https && e.host == host && e.path == path)
            .map(|e| e.url.clone())
    }

    /// Keeps `url` for `https`, `host` and `path` (replacing the oldest when full).
    pub fn put(&self, https: bool, host: &str, path: &str, url: &Url) {
        let entry = Entry {
            https,
            host: host.to_string(),
            path: path.to_string(),
            url: url.clone(),
        };
        let mut entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.kept.len() < CAPACITY {
            entries.kept.push(entry);
            return;
        }
        let at = entries.next_eviction;
        entries.kept[at] = entry;
        entries.next_eviction = (at + 1) % CAPACITY;
    }
}

#[cfg(test)]
mod tests {
    use super::{CAPACITY, UrlCache};

    #[test]
    fn keeps_what_it_was_given_and_stays_bounded() {
        let cache = UrlCache::default();
        let url = url::Url::parse("http://a.test/cb").unwrap();
        cache.put(false, "a.test", "/cb", &url);
        assert_eq!(cache.get(false, "a.test", "/cb"), Some(url.clone()));
        assert_eq!(cache.get(true, "a.test", "/cb"), None);
        assert_eq!(cache.get(false, "b.test", "/cb"), None);
        for i in 0..3 * CAPACITY {
            let host = format!("h{i}.test");
            let other = url::Url::parse(&format!("http://{host}/cb")).unwrap();
            cache.put(false, &host, "/cb", &other);
        }
        assert_eq!(cache.0.lock().unwrap().kept.len(), CAPACITY);
        assert_eq!(cache.get(false, "a.test", "/cb"), None, "evicted");
        assert!(
            cache
                .get(false, &format!("h{}.test", 3 * CAPACITY - 1), "/cb")
                .is_some()
        );
        assert!(
            cache.clone().get(false, "h47.test", "/cb").is_none(),
            "a clone starts empty"
        );
    }
}
