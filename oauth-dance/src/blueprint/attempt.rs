//! Pending login attempts, kept in the user's session (signed and encrypted by default).
//!
//! Each login creates an attempt holding its own key (the OAuth 2 state), the flow's
//! per-attempt secrets (a PKCE verifier…) and the `next` path, so two tabs can dance at once.
//! Attempts are bounded in number and expire; a consumed key is remembered briefly (by its first
//! characters: enough to recognise a replay, which is refused either way) so a replayed callback
//! gets a precise answer. Keys are compared in constant time. Field names are short: every byte
//! travels in the session cookie on each request.

use actix_session::Session;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::AttemptPolicy;
use crate::Secret;
use crate::clock::unix_now;
use crate::flow::AttemptSecrets;
use crate::session_state::{self, AttemptKeys, CookieBudget, KeepError};

/// How many consumed keys a session remembers (to recognise replays).
const USED_KEYS_KEPT: usize = 5;

/// How much of a consumed key is remembered: 8 characters of a random state are 48 bits, enough
/// to tell a replay from another key (a chance match only words the refusal differently), and
/// every byte travels in the session cookie on each request. Sessions from before kept 16; only
/// their first 8 are compared.
const USED_KEY_PREFIX: usize = 8;

/// One login in flight.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Attempt {
    /// What the callback names the attempt by.
    #[serde(rename = "k", alias = "key")]
    pub key: Secret,
    /// The flow's secrets for this attempt.
    #[serde(
        rename = "s",
        alias = "secrets",
        default,
        skip_serializing_if = "AttemptSecrets::is_empty"
    )]
    pub secrets: AttemptSecrets,
    /// Where to go afterwards.
    #[serde(
        rename = "n",
        alias = "next",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next: Option<String>,
    /// When it started (Unix seconds).
    #[serde(rename = "t", alias = "created")]
    pub created: u64,
}

impl Attempt {
    /// A new attempt, started now.
    pub fn new(key: String, secrets: AttemptSecrets, next: Option<String>) -> Self {
        Attempt {
            key: Secret::new(key),
            secrets,
            next,
            created: unix_now(),
        }
    }
}

/// What a callback's attempt key turned out to be.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// A live attempt, now consumed.
    Found(Attempt),
    /// An attempt that had expired (now removed).
    Expired,
    /// A key this session already used.
    AlreadyUsed,
    /// This session has attempts, but none with this key.
    NotFound,
    /// This session has no attempt for this blueprint at all.
    NoAttempts,
}

fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

fn load<T: for<'de> Deserialize<'de>>(session: &Session, key: &str) -> Vec<T> {
    session
        .get::<Vec<T>>(key)
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn is_expired(attempt: &Attempt, policy: AttemptPolicy) -> bool {
    unix_now().saturating_sub(attempt.created) > policy.lifetime.as_secs()
}

/// Records a new attempt: expired ones are dropped, the oldest beyond the limit too, and then
/// the oldest until the session fits its cookie (when it has a size budget).
pub(crate) fn push(
    session: &Session,
    keys: &AttemptKeys,
    attempt: Attempt,
    policy: AttemptPolicy,
    budget: Option<CookieBudget>,
) -> Result<(), PushError> {
    let key = &keys.attempts;
    let mut attempts: Vec<Attempt> = load(session, key);
    attempts.retain(|a| !is_expired(a, policy));
    attempts.push(attempt);
    let excess = attempts.len().saturating_sub(policy.max_pending);
    attempts.drain(..excess);
    loop {
        match session_state::keep(budget, session, key, &attempts) {
            Ok(()) => return Ok(()),
            Err(KeepError::TooLarge(_)) if attempts.len() > 1 => {
                attempts.remove(0);
            }
            Err(KeepError::TooLarge(_)) => return Err(PushError::SessionFull),
            Err(KeepError::Session(err)) => return Err(PushError::Session(err)),
        }
    }
}

/// Why an attempt could not be kept.
pub(crate) enum PushError {
    /// Even alone, the attempt does not fit in the session cookie.
    SessionFull,
    /// The session refused it.
    Session(String),
}

/// Finds and consumes the attempt with `key`.
pub(crate) fn take(
    session: &Session,
    keys: &AttemptKeys,
    key: &str,
    policy: AttemptPolicy,
) -> Lookup {
    let mut attempts: Vec<Attempt> = load(session, &keys.attempts);
    let position = attempts.iter().position(|a| same(a.key.expose(), key));
    let Some(index) = position else {
        if was_used(session, keys, key) {
            return Lookup::AlreadyUsed;
        }
        return if attempts.is_empty() {
            Lookup::NoAttempts
        } else {
            Lookup::NotFound
        };
    };
    let attempt = attempts.remove(index);
    if attempts.is_empty() {
        session.remove(&keys.attempts);
    } else {
        // Failing to rewrite the list only means the consumed attempt may linger until it
        // expires; the used-states list below still rejects its replay.
        let _ = session.insert(&keys.attempts, &attempts);
    }
    let mut used: Vec<Secret> = load(session, &keys.used);
    used.push(Secret::new(used_prefix(attempt.key.expose())));
    let excess = used.len().saturating_sub(USED_KEYS_KEPT);
    used.drain(..excess);
    let _ = session.insert(&keys.used, used);
    if is_expired(&attempt, policy) {
        Lookup::Expired
    } else {
        Lookup::Found(attempt)
    }
}

/// Whether `key` is (or was) an attempt of the blueprint with `keys` in this session.
pub(crate) fn belongs_to(session: &Session, keys: &AttemptKeys, key: &str) -> bool {
    let attempts: Vec<Attempt> = load(session, &keys.attempts);
    attempts.iter().any(|a| same(a.key.expose(), key)) || was_used(session, keys, key)
}

fn was_used(session: &Session, keys: &AttemptKeys, key: &str) -> bool {
    let used: Vec<Secret> = load(session, &keys.used);
    let prefix = used_prefix(key);
    used.iter().any(|s| same(used_prefix(s.expose()), prefix))
}

/// What is remembered of a consumed key.
fn used_prefix(key: &str) -> &str {
    match key.char_indices().nth(USED_KEY_PREFIX) {
        Some((end, _)) => &key[..end],
        None => key,
    }
}

/// The `next` path of the pending attempt with `key`, without consuming it; `None` when this
/// session has no such attempt.
pub(crate) fn pending_next(
    session: &Session,
    keys: &AttemptKeys,
    key: &str,
) -> Option<Option<String>> {
    let attempts: Vec<Attempt> = load(session, &keys.attempts);
    attempts
        .into_iter()
        .find(|a| same(a.key.expose(), key))
        .map(|a| a.next)
}

#[cfg(test)]
mod tests {
    use actix_session::SessionExt;

    use super::{AttemptKeys, USED_KEY_PREFIX, was_used};

    #[test]
    fn consumed_keys_are_recognised_by_their_prefix_also_when_kept_longer_before() {
        let req = actix_web::test::TestRequest::default().to_http_request();
        let session = req.get_session();
        let keys = AttemptKeys::new("dev");
        let key = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
        // A session from before the prefix was shortened, and one from now.
        for kept in [&key[..16], &key[..USED_KEY_PREFIX]] {
            session.insert(&keys.used, [kept]).unwrap();
            assert!(was_used(&session, &keys, key), "{kept}");
            let other = "01234567-different-state-with-the-same-start";
            assert!(was_used(&session, &keys, other), "only the prefix is kept");
            assert!(
                !was_used(&session, &keys, "x1234567abcdefghijklmnop"),
                "{kept}"
            );
        }
    }
}
