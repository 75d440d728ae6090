//! Pending login attempts, kept in the user's session (signed and encrypted by default).
//!
//! Each login creates an attempt holding its own state, PKCE verifier and `next` path, so two
//! tabs can dance at once. Attempts are bounded in number and expire; a consumed state is
//! remembered briefly so a replayed callback gets a precise answer.

use std::time::Duration;

use actix_session::Session;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::token::unix_now;

/// How many consumed states a session remembers (to recognise replays).
const USED_STATES_KEPT: usize = 5;

/// One login in flight.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Attempt {
    pub state: String,
    pub verifier: Option<String>,
    pub next: Option<String>,
    pub created: u64,
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt")
            .field("state", &"[redacted]")
            .field("verifier", &self.verifier.as_ref().map(|_| "[redacted]"))
            .field("next", &self.next)
            .field("created", &self.created)
            .finish()
    }
}

/// What a callback's `state` turned out to be.
#[derive(Debug)]
pub(crate) enum Lookup {
    /// A live attempt, now consumed.
    Found(Attempt),
    /// An attempt that had expired (now removed).
    Expired,
    /// A state this session already used.
    AlreadyUsed,
    /// This session has attempts, but none with this state.
    NotFound,
    /// This session has no attempt for this blueprint at all.
    NoAttempts,
}

fn attempts_key(name: &str) -> String {
    format!("{name}_oauth_attempts")
}

fn used_key(name: &str) -> String {
    format!("{name}_oauth_used_states")
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

fn is_expired(attempt: &Attempt, lifetime: Duration) -> bool {
    unix_now().saturating_sub(attempt.created) > lifetime.as_secs()
}

/// Records a new attempt: expired ones are dropped, and the oldest beyond `max` too.
pub(crate) fn push(
    session: &Session,
    name: &str,
    attempt: Attempt,
    max: usize,
    lifetime: Duration,
) -> Result<(), String> {
    let mut attempts: Vec<Attempt> = load(session, &attempts_key(name));
    attempts.retain(|a| !is_expired(a, lifetime));
    attempts.push(attempt);
    let excess = attempts.len().saturating_sub(max);
    attempts.drain(..excess);
    session
        .insert(attempts_key(name), attempts)
        .map_err(|e| e.to_string())
}

/// Finds and consumes the attempt for `state`.
pub(crate) fn take(session: &Session, name: &str, state: &str, lifetime: Duration) -> Lookup {
    let mut attempts: Vec<Attempt> = load(session, &attempts_key(name));
    let position = attempts.iter().position(|a| same(&a.state, state));
    let Some(index) = position else {
        if was_used(session, name, state) {
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
        session.remove(&attempts_key(name));
    } else {
        // Failing to rewrite the list only means the consumed attempt may linger until it
        // expires; the used-states list below still rejects its replay.
        let _ = session.insert(attempts_key(name), &attempts);
    }
    let mut used: Vec<String> = load(session, &used_key(name));
    used.push(attempt.state.clone());
    let excess = used.len().saturating_sub(USED_STATES_KEPT);
    used.drain(..excess);
    let _ = session.insert(used_key(name), used);
    if is_expired(&attempt, lifetime) {
        Lookup::Expired
    } else {
        Lookup::Found(attempt)
    }
}

/// Whether `state` is (or was) an attempt of blueprint `name` in this session.
pub(crate) fn belongs_to(session: &Session, name: &str, state: &str) -> bool {
    let attempts: Vec<Attempt> = load(session, &attempts_key(name));
    attempts.iter().any(|a| same(&a.state, state)) || was_used(session, name, state)
}

fn was_used(session: &Session, name: &str, state: &str) -> bool {
    let used: Vec<String> = load(session, &used_key(name));
    used.iter().any(|s| same(s, state))
}

/// The `next` path of a pending attempt, without consuming it.
pub(crate) fn peek_next(session: &Session, name: &str, state: &str) -> Option<String> {
    let attempts: Vec<Attempt> = load(session, &attempts_key(name));
    attempts
        .into_iter()
        .find(|a| same(&a.state, state))
        .and_then(|a| a.next)
}
