//! The crate's clock: seconds since the Unix epoch, for token expiry and login attempt lifetimes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Now, in whole seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}
