//! [`Refreshes`]: the refreshes of one blueprint in flight in this process, shared by every
//! worker, so N requests holding the same expired token cause one refresh.
//!
//! A refresh is keyed by a digest of the refresh token it spends: every request holding that
//! token (one user's concurrent requests, whatever their worker) asks for the same refresh. The
//! first becomes its [`Leader`] and starts it; the others [`Follow`](Turn::Follow) it and get its
//! outcome. An outcome stays for [`REPLAY_WINDOW`] after the refresh ends, so a request that
//! still carries the old token (a session cookie sent before the new one arrived) gets the new
//! token instead of spending a refresh token that was rotated away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tokio::sync::watch;

use super::{Outcome, RefreshFailure};

/// How long a finished refresh's outcome answers requests that still hold the old token.
pub(crate) const REPLAY_WINDOW: Duration = Duration::from_secs(60);

/// A refresh, by the digest of the refresh token it spends (never the token itself).
type Key = [u8; 32];

/// The refreshes of one blueprint (in its core: one per blueprint, shared by all workers).
/// A clone shares the registry, so a blueprint whose storage a test swapped
/// ([`Overrides`](crate::overrides)) still refreshes once with the original.
#[derive(Default, Clone)]
pub(crate) struct Refreshes {
    slots: Arc<Mutex<HashMap<Key, Slot>>>,
}

enum Slot {
    /// Running: its outcome will be sent here.
    Running(watch::Receiver<Option<Outcome>>),
    /// Finished at `at`.
    Finished { outcome: Outcome, at: Instant },
}

/// What a request that needs a refresh does.
pub(crate) enum Turn {
    /// Start the refresh, and report its outcome through the leader.
    Lead(Leader),
    /// Wait for the refresh another request started.
    Follow(watch::Receiver<Option<Outcome>>),
    /// The refresh already happened (within the replay window): its outcome.
    Done(Outcome),
}

impl Refreshes {
    /// The turn of a request whose token's refresh token is `refresh_token`; a finished
    /// refresh whose outcome is not `still_good` (its token is due again) is not replayed.
    pub(crate) fn turn(&self, refresh_token: &str, still_good: impl Fn(&Outcome) -> bool) -> Turn {
        let key: Key = Sha256::digest(refresh_token.as_bytes()).into();
        let mut slots = lock(&self.slots);
        slots.retain(|_, slot| match slot {
            Slot::Finished { at, .. } => at.elapsed() < REPLAY_WINDOW,
            Slot::Running(_) => true,
        });
        if let Some(Slot::Finished { outcome, .. }) = slots.get(&key)
            && !still_good(outcome)
        {
            slots.remove(&key);
        }
        match slots.get(&key) {
            Some(Slot::Running(rx)) => return Turn::Follow(rx.clone()),
            Some(Slot::Finished { outcome, .. }) => return Turn::Done(outcome.clone()),
            None => {}
        }
        let (tx, rx) = watch::channel(None);
        slots.insert(key, Slot::Running(rx));
        Turn::Lead(Leader {
            slots: Arc::clone(&self.slots),
            key,
            tx: Some(tx),
        })
    }

    /// How many refreshes are running or remembered (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.slots).len()
    }
}

/// The request that runs a refresh. Dropped without [`finish`](Leader::finish) (its task was
/// torn down), it forgets the refresh, and its followers are told so.
pub(crate) struct Leader {
    slots: Arc<Mutex<HashMap<Key, Slot>>>,
    key: Key,
    tx: Option<watch::Sender<Option<Outcome>>>,
}

impl Leader {
    /// Reports the outcome to the followers, and keeps it for the replay window when it is
    /// final (a new token, or the refresh token refused); a failure for now is forgotten, so
    /// the next request tries again.
    pub(crate) fn finish(mut self, outcome: Outcome) {
        let mut slots = lock(&self.slots);
        if is_final(&outcome) {
            let at = Instant::now();
            let outcome = outcome.clone();
            slots.insert(self.key, Slot::Finished { outcome, at });
        } else {
            slots.remove(&self.key);
        }
        drop(slots);
        if let Some(tx) = self.tx.take() {
            tx.send_replace(Some(outcome));
        }
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        if self.tx.is_some() {
            lock(&self.slots).remove(&self.key);
        }
    }
}

/// Whether an outcome stands for the refresh token whatever the time: a new token, or the
/// provider's refusal of the refresh token.
fn is_final(outcome: &Outcome) -> bool {
    matches!(outcome, Ok(_) | Err(RefreshFailure::Refused(_)))
}

/// A poisoned lock is still used: the map is consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits for a followed refresh's outcome; `None` when its leader was torn down first.
pub(crate) async fn outcome_of(mut rx: watch::Receiver<Option<Outcome>>) -> Option<Outcome> {
    match rx.wait_for(Option::is_some).await {
        Ok(outcome) => outcome.clone(),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Token;

    fn token(access: &str) -> Token {
        Token::from_json(serde_json::json!({ "access_token": access })).unwrap()
    }

    #[test]
    fn one_leader_per_refresh_token_and_its_outcome_is_replayed() {
        let refreshes = Refreshes::default();
        let Turn::Lead(leader) = refreshes.turn("r1", |_| true) else {
            panic!("the first request leads")
        };
        let Turn::Follow(rx) = refreshes.turn("r1", |_| true) else {
            panic!("a second request follows")
        };
        assert!(
            matches!(refreshes.turn("r2", |_| true), Turn::Lead(_)),
            "another token, another refresh"
        );
        leader.finish(Ok(token("new")));
        assert_eq!(rx.borrow().clone().unwrap().unwrap().access_token(), "new");
        let Turn::Done(Ok(replayed)) = refreshes.turn("r1", |_| true) else {
            panic!("a late request gets the outcome")
        };
        assert_eq!(replayed.access_token(), "new");
    }

    #[test]
    fn a_failure_for_now_is_not_replayed() {
        let refreshes = Refreshes::default();
        let Turn::Lead(leader) = refreshes.turn("r1", |_| true) else {
            panic!("the first request leads")
        };
        let busy = crate::error::TokenEndpointError::Transport("busy".into());
        leader.finish(Err(RefreshFailure::Failed(busy)));
        assert!(
            matches!(refreshes.turn("r1", |_| true), Turn::Lead(_)),
            "the next request tries again"
        );
    }

    #[test]
    fn an_outcome_that_is_no_longer_good_is_not_replayed() {
        let refreshes = Refreshes::default();
        let Turn::Lead(leader) = refreshes.turn("r1", |_| true) else {
            panic!("the first request leads")
        };
        leader.finish(Ok(token("new")));
        assert!(matches!(refreshes.turn("r1", |_| true), Turn::Done(_)));
        let due = refreshes.turn("r1", |_| false);
        assert!(matches!(due, Turn::Lead(_)), "refreshed again");
    }

    #[actix_web::test]
    async fn a_leader_torn_down_releases_its_followers() {
        let refreshes = Refreshes::default();
        let Turn::Lead(leader) = refreshes.turn("r1", |_| true) else {
            panic!()
        };
        let Turn::Follow(rx) = refreshes.turn("r1", |_| true) else {
            panic!()
        };
        drop(leader);
        assert!(outcome_of(rx).await.is_none());
        assert_eq!(refreshes.len(), 0, "the next request may lead again");
        assert!(matches!(refreshes.turn("r1", |_| true), Turn::Lead(_)));
    }
}
