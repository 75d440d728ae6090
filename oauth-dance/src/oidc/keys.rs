//! [`KeyCache`]: an OpenID Provider's signing keys (its JWKS), fetched when first needed, kept
//! for as long as the provider's `Cache-Control` allows (an hour without one), and fetched again
//! when a token names a key id the cached set lacks (the provider rotated its keys) — at most
//! once per unknown key id every [`REFETCH_AFTER`], so tokens naming made-up key ids cannot make
//! the blueprint hammer the provider.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use serde_json::Value;
use url::Url;

use super::IdTokenError;
use super::fetch::json_object;
use crate::Blueprint;

/// How long a key set is kept when the provider does not say.
const DEFAULT_TTL: Duration = Duration::from_secs(3600);
/// The shortest and longest a key set is kept, whatever the provider says.
const TTL_RANGE: (Duration, Duration) = (Duration::from_secs(60), Duration::from_secs(86_400));
/// How long an unknown key id waits before it may cause another fetch.
pub(crate) const REFETCH_AFTER: Duration = Duration::from_secs(300);
/// How many unknown key ids are remembered.
const MAX_TRIED: usize = 64;

/// One provider's keys (one per blueprint).
#[derive(Debug, Default)]
pub(crate) struct KeyCache {
    inner: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    keys: Vec<Jwk>,
    /// When the set was fetched, and how long it is kept.
    fetched: Option<(Instant, Duration)>,
    /// Unknown key ids, and when they last caused a fetch.
    tried: HashMap<String, Instant>,
}

impl Cache {
    fn is_fresh(&self) -> bool {
        self.fetched.is_some_and(|(at, ttl)| at.elapsed() < ttl)
    }

    /// The signing key with `kid`; without one, the set's only signing key.
    fn find(&self, kid: Option<&str>) -> Option<Jwk> {
        let signing = |k: &&Jwk| {
            !matches!(
                k.common.public_key_use,
                Some(PublicKeyUse::Encryption | PublicKeyUse::Other(_))
            )
        };
        let mut keys = self.keys.iter().filter(signing);
        match kid {
            Some(kid) => keys
                .find(|k| k.common.key_id.as_deref() == Some(kid))
                .cloned(),
            None => match (keys.next(), keys.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            },
        }
    }

    /// Whether a token naming `kid` may fetch the set: a stale or missing set, or a key id
    /// that has not caused a fetch lately.
    fn may_fetch(&mut self, kid: Option<&str>, now: Instant) -> bool {
        if !self.is_fresh() {
            return true;
        }
        let kid = kid.unwrap_or_default();
        if self
            .tried
            .get(kid)
            .is_some_and(|at| now.duration_since(*at) < REFETCH_AFTER)
        {
            return false;
        }
        if self.tried.len() >= MAX_TRIED {
            self.tried.clear();
        }
        self.tried.insert(kid.to_string(), now);
        true
    }
}

impl KeyCache {
    /// The provider's key for a token naming `kid`, fetching the set from `jwks_uri` when it is
    /// not cached, stale, or lacks the key.
    pub(crate) async fn key(
        &self,
        bp: &Blueprint,
        jwks_uri: &Url,
        kid: Option<&str>,
    ) -> Result<Jwk, IdTokenError> {
        {
            let mut cache = self.lock();
            if cache.is_fresh()
                && let Some(key) = cache.find(kid)
            {
                return Ok(key);
            }
            if !cache.may_fetch(kid, Instant::now()) {
                return Err(IdTokenError::UnknownKey(kid.map(str::to_string)));
            }
        }
        let fetched = json_object(bp, jwks_uri)
            .await
            .map_err(IdTokenError::Keys)?;
        let keys = read_keys(&fetched.json).map_err(IdTokenError::Keys)?;
        let ttl = fetched
            .max_age
            .unwrap_or(DEFAULT_TTL)
            .clamp(TTL_RANGE.0, TTL_RANGE.1);
        let mut cache = self.lock();
        cache.keys = keys;
        cache.fetched = Some((Instant::now(), ttl));
        cache
            .find(kid)
            .ok_or_else(|| IdTokenError::UnknownKey(kid.map(str::to_string)))
    }

    fn lock(&self) -> MutexGuard<'_, Cache> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The keys of a JWKS document (RFC 7517 §5); keys of a type this library does not know are
/// skipped, not fatal.
fn read_keys(document: &serde_json::Map<String, Value>) -> Result<Vec<Jwk>, String> {
    let Some(Value::Array(keys)) = document.get("keys") else {
        return Err("the key set has no `keys` list".into());
    };
    Ok(keys
        .iter()
        .filter_map(|key| serde_json::from_value(key.clone()).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cache(keys: Value) -> Cache {
        let keys = read_keys(json!({ "keys": keys }).as_object().unwrap()).unwrap();
        Cache {
            keys,
            fetched: Some((Instant::now(), DEFAULT_TTL)),
            tried: HashMap::new(),
        }
    }

    fn okp(kid: &str, usage: &str) -> Value {
        json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": kid, "use": usage})
    }

    #[test]
    fn keys_are_found_by_id_and_an_encryption_key_never_signs() {
        let cache = cache(json!([okp("a", "sig"), okp("b", "enc"), {"kty": "weird"}]));
        assert_eq!(cache.keys.len(), 2, "an unknown key type is skipped");
        assert!(cache.find(Some("a")).is_some());
        assert!(cache.find(Some("b")).is_none());
        assert!(cache.find(Some("c")).is_none());
        assert!(cache.find(None).is_some(), "no kid: the only signing key");
        let two = super::tests::cache(json!([okp("a", "sig"), okp("b", "sig")]));
        assert!(two.find(None).is_none(), "no kid and two keys: no guess");
    }

    #[test]
    fn an_unknown_key_id_fetches_once_per_interval() {
        let mut cache = cache(json!([okp("a", "sig")]));
        let now = Instant::now();
        assert!(cache.may_fetch(Some("x"), now));
        assert!(!cache.may_fetch(Some("x"), now + Duration::from_secs(1)));
        assert!(cache.may_fetch(Some("y"), now), "another key id may");
        assert!(cache.may_fetch(Some("x"), now + REFETCH_AFTER));
        cache.fetched = None;
        assert!(
            cache.may_fetch(Some("y"), now),
            "a missing set is always fetched"
        );
    }
}
