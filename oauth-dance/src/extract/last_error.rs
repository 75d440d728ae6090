use std::future::{Ready, ready};

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::error::ErrorNotFound;
use actix_web::{FromRequest, HttpRequest};
use serde::{Deserialize, Serialize};

use crate::error::DanceError;

const KEY: &str = "oauth_dance_last_error";

/// Why the user's last dance failed, once: extracting it removes it from the session (like a
/// flash message). Take it as `Option<LastDanceError>` to show it on your own pages.
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
}

fn take_if(session: &Session, wanted: impl Fn(&LastDanceError) -> bool) -> Option<LastDanceError> {
    let value = session
        .get::<LastDanceError>(KEY)
        .ok()
        .flatten()
        .filter(wanted)?;
    session.remove(KEY);
    Some(value)
}

pub(crate) fn remember(session: &Session, blueprint: &str, error: &DanceError) {
    let value = LastDanceError {
        blueprint: blueprint.to_string(),
        error: error.clone(),
    };
    if let Err(err) = session.insert(KEY, value) {
        log::warn!("oauth-dance: could not keep the dance error in the session: {err}");
    }
}

impl FromRequest for LastDanceError {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            LastDanceError::take(&req.get_session()).ok_or_else(|| ErrorNotFound("no dance error")),
        )
    }
}
