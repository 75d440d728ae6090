//! [`UrlCache`]: what was already built for a URL, by what it was built from, so that the views
//! do not build and parse the same callback URL on every request, nor the login view encode the
//! same authorization URL, nor an API client parse the same API URL.
//!
//! Only what passed validation is kept, and the cache is bounded: a request with a new host (or
//! a new API path) can evict an entry, never grow the cache.

use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

/// How many entries are kept (an app is reached under a few hosts, has few blueprints, and calls
/// a handful of API endpoints).
const CAPACITY: usize = 16;

struct Entries<K, V> {
    kept: Vec<(K, V)>,
    /// The entry replaced next once the cache is full.
    next_eviction: usize,
}

/// A small shared cache of values (built URLs by default), keyed by `K`. Cloning it gives an
/// empty one: a copy of a configuration (a `Dance` being edited, a blueprint with another base
/// URL) does not share its cache.
pub(crate) struct UrlCache<K, V = Url>(Arc<Mutex<Entries<K, V>>>);

impl<K, V> Default for UrlCache<K, V> {
    fn default() -> Self {
        UrlCache(Arc::new(Mutex::new(Entries {
            kept: Vec::new(),
            next_eviction: 0,
        })))
    }
}

impl<K, V> Clone for UrlCache<K, V> {
    fn clone(&self) -> Self {
        UrlCache::default()
    }
}

impl<K, V> std::fmt::Debug for UrlCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlCache")
    }
}

impl<K, V: Clone> UrlCache<K, V> {
    /// The value kept under the key that `matches`, if any.
    pub fn get(&self, matches: impl Fn(&K) -> bool) -> Option<V> {
        let entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .kept
            .iter()
            .find(|(key, _)| matches(key))
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value` under `key` (replacing the oldest when full).
    pub fn put(&self, key: K, value: V) {
        let mut entries = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.kept.len() < CAPACITY {
            entries.kept.push((key, value));
            return;
        }
        let at = entries.next_eviction;
        entries.kept[at] = (key, value);
        entries.next_eviction = (at + 1) % CAPACITY;
    }
}

#[cfg(test)]
mod tests {
    use super::{CAPACITY, UrlCache};

    /// The key of `https` and `host`.
    fn at(https: bool, host: &str) -> impl Fn(&(bool, String)) -> bool + '_ {
        move |k| k.0 == https && k.1 == host
    }

    #[test]
    fn keeps_what_it_was_given_and_stays_bounded() {
        let cache = UrlCache::<(bool, String)>::default();
        let url = url::Url::parse("http://a.test/cb").unwrap();
        cache.put((false, "a.test".to_string()), url.clone());
        assert_eq!(cache.get(at(false, "a.test")), Some(url.clone()));
        assert_eq!(cache.get(at(true, "a.test")), None);
        assert_eq!(cache.get(at(false, "b.test")), None);
        for i in 0..3 * CAPACITY {
            let host = format!("h{i}.test");
            let other = url::Url::parse(&format!("http://{host}/cb")).unwrap();
            cache.put((false, host), other);
        }
        assert_eq!(cache.0.lock().unwrap().kept.len(), CAPACITY);
        assert_eq!(cache.get(at(false, "a.test")), None, "evicted");
        assert!(
            cache
                .get(at(false, &format!("h{}.test", 3 * CAPACITY - 1)))
                .is_some()
        );
        assert!(
            cache.clone().get(at(false, "h47.test")).is_none(),
            "a clone starts empty"
        );
    }
}
