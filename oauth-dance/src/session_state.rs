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
//! encrypted cookie.

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::error::DanceError;

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

    /// Keeps `error` as the last dance error of `blueprint`.
    pub(crate) fn remember(session: &Session, blueprint: &str, error: &DanceError) {
        let value = LastDanceError {
            blueprint: blueprint.to_string(),
            error: error.clone(),
        };
        if let Err(err) = session.insert(LAST_ERROR_KEY, value) {
            log::warn!("oauth-dance: could not keep the dance error in the session: {err}");
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
