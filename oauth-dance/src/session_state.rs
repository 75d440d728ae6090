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

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::dance::cookie_store;
use crate::error::DanceError;

/// What a browser keeps of one cookie: RFC 6265 §6.1 asks for at least 4096 bytes per cookie
/// (name, value and attributes), and that is what browsers keep; a larger one is dropped.
pub(crate) const COOKIE_LIMIT: usize = 4096;

/// Room for the cookie's attributes (`; Path=/; HttpOnly; SameSite=Lax; Secure`, an expiry).
const ATTRIBUTES: usize = 96;

/// The size budget of the library's encrypted cookie session. Its store writes the session's
/// entries one after the other ([`CompactCookieStore`](crate::dance::cookie_store)), which the
/// cookie jar encrypts (a 12-byte nonce and a 16-byte tag) and base64-encodes; past 4064 bytes
/// of state actix-session fails the response with a 500, and past 4096 bytes of cookie the
/// browser silently drops it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CookieBudget {
    pub cookie_name_len: usize,
}

impl CookieBudget {
    /// The size of the session cookie if `key` held `value` (already JSON; `None`: removed).
    pub fn cookie_bytes(&self, session: &Session, key: &str, value: Option<&str>) -> usize {
        let entries = session.entries();
        let others = entries
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let state = cookie_store::encoded_len(others.chain(value.map(|v| (key, v))));
        self.cookie_len(state)
    }

    /// Whether the session cookie stays within what a browser keeps with `key` set to `value`;
    /// the cookie's size when it does not.
    pub fn fits(&self, session: &Session, key: &str, value: &str) -> Result<(), usize> {
        match self.cookie_bytes(session, key, Some(value)) {
            bytes if bytes <= COOKIE_LIMIT => Ok(()),
            bytes => Err(bytes),
        }
    }

    /// The cookie's length for a session whose encoded state is `state` bytes: encrypted (a
    /// 12-byte nonce and a 16-byte tag), base64, percent-encoded, named, with its attributes.
    fn cookie_len(&self, state: usize) -> usize {
        let sealed = (state + 12 + 16).div_ceil(3) * 4;
        self.cookie_name_len + 1 + sealed + percent_encoding_growth(sealed) + ATTRIBUTES
    }
}

/// How much longer `sealed` bytes of base64 get in the `Set-Cookie` header, where each `/` and
/// `=` is percent-encoded (two bytes more). The ciphertext is random, so a `/` is one character
/// in 64: this allows six standard deviations above that (for a full cookie, 110 of about 3900
/// characters, where 61 is the mean), and two `=` of padding.
fn percent_encoding_growth(sealed: usize) -> usize {
    let mean = sealed as f64 / 64.0;
    let slashes = (mean + 6.0 * mean.sqrt()).ceil() as usize;
    2 * (slashes + 2)
}

/// Why a value was not kept in the session.
#[derive(Debug)]
pub(crate) enum KeepError {
    /// With it, the session cookie would reach this many bytes: more than a browser keeps.
    TooLarge(usize),
    /// It does not serialize, or the session refused it.
    Session(String),
}

/// Keeps `value` in the session under `key` if the session cookie still fits the budget (when
/// there is one). The value is serialized once, for both the check and the session, and not
/// parsed again (`to_raw_value` trusts what serde_json wrote; `RawValue::from_string` would
/// re-read it, a quarter of keeping a login attempt).
pub(crate) fn keep<T: Serialize>(
    budget: Option<CookieBudget>,
    session: &Session,
    key: &str,
    value: &T,
) -> Result<(), KeepError> {
    let raw =
        serde_json::value::to_raw_value(value).map_err(|e| KeepError::Session(e.to_string()))?;
    if let Some(budget) = budget {
        budget
            .fits(session, key, raw.get())
            .map_err(KeepError::TooLarge)?;
    }
    session
        .insert(key, raw)
        .map_err(|e| KeepError::Session(e.to_string()))
}

/// A blueprint's session keys for its login attempts, made once when the blueprint is built
/// rather than formatted on every login and callback.
#[derive(Debug, Clone)]
pub(crate) struct AttemptKeys {
    /// `{name}_oauth_attempts`: the pending login attempts.
    pub attempts: String,
    /// `{name}_oauth_used`: the recently consumed attempt keys.
    pub used: String,
}

impl AttemptKeys {
    /// The keys of blueprint `blueprint`.
    pub fn new(blueprint: &str) -> Self {
        AttemptKeys {
            attempts: format!("{blueprint}_oauth_attempts"),
            used: format!("{blueprint}_oauth_used"),
        }
    }
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
        match keep(budget, session, LAST_ERROR_KEY, &value) {
            Ok(()) => {}
            Err(KeepError::TooLarge(_)) => tracing::warn!(
                blueprint,
                "oauth-dance: the dance error does not fit in the session"
            ),
            Err(KeepError::Session(err)) => tracing::warn!(
                blueprint,
                "oauth-dance: could not keep the dance error in the session: {err}"
            ),
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
