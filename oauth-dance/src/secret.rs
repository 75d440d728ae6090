//! [`Secret`]: a string that never shows itself in `Debug` output.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string (a state, a verifier, a token secret): its `Debug` prints `[redacted]`, so a
/// struct holding one can derive `Debug` safely. It serializes as the plain string, for the
/// encrypted session.
///
/// ```
/// use oauth_dance::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), "[redacted]");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret itself: use it, never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}
