//! Everything the library keeps in the user's session, in one place.
//!
//! | key | value | written by | read by |
//! | --- | --- | --- | --- |
//! | `{name}_oauth_attempts` | the blueprint's pending login attempts (key, per-attempt secrets, `next`, creation time) | login view | callback view |
//! | `{name}_oauth_used` | the keys (states) of the blueprint's last consumed attempts, to recognise a replay | callback view | callback view |
//! | `{name}_oauth_token` | the token, with the default [`SessionStorage`](crate::storage::SessionStorage) | the storage | the storage |
//! | `oauth_dance_last_error` | the last failed dance, once ([`LastDanceError`]) | callback view | [`LastDanceError`], [`LoginRequired`](crate::LoginRequired) |
//!
//! `{name}` is the blueprint's name. With the default cookie session all of it travels in one
//! encrypted cookie, which browsers drop past 4096 bytes: everything the library adds is bounded,
//! and checked against that budget ([`CookieBudget`]) before it is added.

use std::collections::BTreeMap;

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::error::DanceError;

/// What a browser keeps of one cookie: RFC 6265 §6.1 asks for at least 4096 bytes per cookie
/// (name, value and attributes), and that is what browsers keep; a larger one is dropped.
pub(crate) const COOKIE_LIMIT: usize = 4096;

/// Room for the cookie's attributes (`; Path=/; HttpOnly; SameSite=Lax; Secure`, an expiry).
const ATTRIBUTES: usize = 96;

/// The size budget of the library's encrypted cookie session. actix-session writes the session
/// as one JSON object of JSON strings, which the cookie jar encrypts (a 12-byte nonce and a
/// 16-byte tag) and base64-encodes; past 4064 bytes of JSON it fails the response with a 500,
/// and past 4096 bytes of cookie the browser silently drops it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CookieBudget {
    pub cookie_name_len: usize,
}

impl CookieBudget {
    /// The size of the session cookie if `key` held `value` (already JSON; `None`: removed).
    pub fn cookie_bytes(&self, session: &Session, key: &str, value: Option<&str>) -> usize {
        let entries = session.entries();
        let mut state: BTreeMap<&str, &str> = entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match value {
            Some(value) => state.insert(key, value),
            None => state.remove(key),
        };
        let json = serde_json::to_string(&state).map_or(usize::MAX / 2, |j| j.len());
        let sealed = (json + 12 + 16).div_ceil(3) * 4;
        self.cookie_name_len + 1 + sealed + ATTRIBUTES
    }

    /// Whether the session cookie stays within what a browser keeps with `key` set to `value`.
    pub fn fits(&self, session: &Session, key: &str, value: &str) -> Result<(), usize> {
        match self.cookie_bytes(session, key, Some(value)) {
            bytes if bytes <= COOKIE_LIMIT => Ok(()),
            bytes => Err(bytes),
        }
    }
}

/// Checks `value` (serialized) against the budget, when there is one.
pub(crate) fn fits<T: Serialize>(
    budget: Option<CookieBudget>,
    session: &Session,
    key: &str,
    value: &T,
) -> Result<(), usize> {
    let Some(budget) = budget else { return Ok(()) };
    let json = serde_json::to_string(value).map_err(|_| usize::MAX)?;
    budget.fits(session, key, &json)
}

/// The session key of a blueprint's pending login attempts.
pub(crate) fn attempts_key(blueprint: &str) -> String {
    format!("{blueprint}_oauth_attempts")
}

/// The session key of a blueprint's recently consumed attempt keys.
pub(crate) fn used_key(blueprint: &str) -> String {
    format!("{blueprint}_oauth_used")
}

const LAST_ERROR_KEY: &str = "oauth_dance_last_error";

/// Why the user's last dance failed, once: taking it removes it from the session (like a flash
/// message). Extract it as `Option<LastDanceError>` to show it on your own pages.
///
/// ```
/// use oauth_dance::LastDanceError;
///
/// async fn index(failed: Option<LastDanceError>) -> String {
///     match failed {
///         Some(f) => format!("Login with {} failed: {}", f.blueprint, f.error),
///         None => "Welcome".to_string(),
///     }
/// }
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastDanceError {
    /// The blueprint whose dance failed.
    pub blueprint: String,
    /// What went wrong.
    pub error: DanceError,
}

impl LastDanceError {
    /// Takes the last error out of a session.
    pub fn take(session: &Session) -> Option<LastDanceError> {
        take_if(session, |_| true)
    }

    /// Takes the last error out of a session if it belongs to blueprint `name`.
    pub fn take_for(session: &Session, name: &str) -> Option<LastDanceError> {
        take_if(session, |e| e.blueprint == name)
    }

    /// Keeps `error` as the last dance error of `blueprint`, if it fits in the session.
    pub(crate) fn remember(
        session: &Session,
        budget: Option<CookieBudget>,
        blueprint: &str,
        error: &DanceError,
    ) {
        let value = LastDanceError {
            blueprint: blueprint.to_string(),
            error: error.clone(),
        };
        if fits(budget, session, LAST_ERROR_KEY, &value).is_err() {
            tracing::warn!(
                blueprint,
                "oauth-dance: the dance error does not fit in the session"
            );
            return;
        }
        if let Err(err) = session.insert(LAST_ERROR_KEY, value) {
            tracing::warn!(
                blueprint,
                "oauth-dance: could not keep the dance error in the session: {err}"
            );
        }
    }
}

fn take_if(session: &Session, wanted: impl Fn(&LastDanceError) -> bool) -> Option<LastDanceError> {
    let value = session
        .get::<LastDanceError>(LAST_ERROR_KEY)
        .ok()
        .flatten()
        .filter(wanted)?;
    session.remove(LAST_ERROR_KEY);
    Some(value)
}
