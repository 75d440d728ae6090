//! [`ErrorLog`]: what an app's `error` hook saw, for tests that assert on refusals.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use oauth_dance::{Dance, DanceError};

/// Every [`DanceError`] an app's `error` hook saw, in order; clones share one log.
///
/// ```
/// use oauth_dance::Dance;
/// use oauth_dance_dev::kit::{ErrorLog, key};
///
/// let log = ErrorLog::default();
/// let dance = log.record(Dance::new(key()));
/// assert!(log.errors().is_empty());
/// # drop(dance);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ErrorLog(Arc<Mutex<Vec<DanceError>>>);

impl ErrorLog {
    /// `dance` with an `error` hook that records each error here and leaves the answer to the
    /// library's own page.
    pub fn record(&self, dance: Dance) -> Dance {
        let log = self.clone();
        dance.on_error(move |event| {
            log.errors().push(event.error.clone());
            async { None }
        })
    }

    /// The errors seen so far.
    pub fn errors(&self) -> MutexGuard<'_, Vec<DanceError>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
