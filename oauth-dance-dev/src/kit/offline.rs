//! Running an app offline: the dev provider stands in for a real one whose credentials are not
//! in the environment.

use std::io;

use crate::DevProvider;

/// A started dev provider when the environment variable `var` (a real provider's client ID,
/// say `GOOGLE_OAUTH_CLIENT_ID`) is not set, `None` when it is. Give the result to any blueprint
/// builder's `.endpoints(...)`: `None` leaves the builder as it is, so the same app talks to the
/// real provider when it has credentials and to the dev provider without them.
///
/// ```
/// use oauth_dance::contrib::google;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # // SAFETY: a doctest's own process, no other thread reads the environment.
/// # unsafe { std::env::remove_var("GOOGLE_OAUTH_CLIENT_ID") };
/// let dev = oauth_dance_dev::kit::dev_provider_unless("GOOGLE_OAUTH_CLIENT_ID")?;
/// let google = google::blueprint().endpoints(&dev).build()?;
/// assert_eq!(google.base_url().as_str(), dev.unwrap().base_url());
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// The dev provider could not start (no loopback port).
pub fn dev_provider_unless(var: &str) -> io::Result<Option<DevProvider>> {
    match std::env::var_os(var) {
        Some(value) if !value.is_empty() => Ok(None),
        _ => DevProvider::start().map(Some),
    }
}
