//! [`ConfigError`]: a blueprint or the middleware could not be configured (at start-up).

/// A blueprint or middleware could not be configured. Returned by `build()`; meant to stop the
/// app at start-up with a message that says what to fix.
///
/// It converts into [`std::io::Error`], so `?` works in an actix `main`:
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let github = oauth_dance::contrib::github::blueprint().build()?;
/// # Ok(()) }
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required value was neither set on the builder nor found in the environment.
    #[error(
        "blueprint `{blueprint}`: no {what}; set it on the builder or in the environment variable {variable}"
    )]
    Missing {
        /// The blueprint.
        blueprint: String,
        /// What is missing ("client id", "client secret").
        what: &'static str,
        /// The environment variable that was consulted.
        variable: String,
    },
    /// A URL is malformed or not allowed.
    #[error("blueprint `{blueprint}`: {what} `{url}` is not usable: {reason}")]
    Url {
        /// The blueprint.
        blueprint: String,
        /// Which URL.
        what: &'static str,
        /// The URL as given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// Any other invalid setting.
    #[error("blueprint `{blueprint}`: `{setting}`: {reason}")]
    Invalid {
        /// The blueprint (or "Dance" for app-level settings).
        blueprint: String,
        /// The setting.
        setting: String,
        /// Why it is refused.
        reason: String,
    },
}

impl ConfigError {
    /// Any other invalid setting of `blueprint` (or `"Dance"`).
    pub(crate) fn invalid(
        blueprint: impl Into<String>,
        setting: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        ConfigError::Invalid {
            blueprint: blueprint.into(),
            setting: setting.into(),
            reason: reason.into(),
        }
    }
}

/// The message itself, so that `main` returning `Result<(), Box<dyn Error>>` prints a sentence
/// (`Error: blueprint `github`: no client id; …`), not a structure.
impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl From<ConfigError> for std::io::Error {
    fn from(err: ConfigError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, err)
    }
}
