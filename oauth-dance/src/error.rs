//! The crate's errors: [`ConfigError`] at start-up, [`Error`] at run time, and [`DanceError`]
//! for a dance (login → provider → callback) that did not complete.
//!
//! None of them ever carries a secret: tokens, codes, verifiers and client secrets stay out of
//! messages and `Debug` output.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};

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
#[derive(Debug, thiserror::Error)]
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

impl From<ConfigError> for std::io::Error {
    fn from(err: ConfigError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, err)
    }
}

/// A run-time error of the client, the storage or the request context.
///
/// As an actix [`ResponseError`] it answers with a generic page (no internal details); the
/// detail goes to the log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `client()` was called outside a request handled by the [`Dance`](crate::Dance)
    /// middleware (or in a task spawned from one: task-locals do not cross `spawn`).
    #[error(
        "no oauth-dance request context: call `client()` inside a request handled by an app wrapped in `oauth_dance::Dance` (not in a spawned task), or use the extractor"
    )]
    NoContext,
    /// No blueprint of that name is registered with the [`Dance`](crate::Dance) middleware.
    #[error("no blueprint named `{0}` is registered: add it with `Dance::blueprint(&bp)`")]
    UnknownBlueprint(String),
    /// The user has no token (or an expired one) for this provider.
    #[error("not authorized with `{0}`: the user has no valid token")]
    NotAuthorized(String),
    /// The token storage failed.
    #[error("token storage failed: {0}")]
    Storage(#[from] crate::storage::StorageError),
    /// An HTTP request to the provider failed.
    #[error("request to the provider failed: {0}")]
    Http(#[from] reqwest::Error),
    /// An API request could not be built (a header, a query or a body that does not encode).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A URL could not be built (relative URL against a base, insecure scheme…).
    #[error("bad URL `{url}`: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::NotAuthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Http(_) => StatusCode::BAD_GATEWAY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        log::error!("oauth-dance: {self}");
        let status = self.status_code();
        HttpResponse::build(status)
            .content_type("text/plain; charset=utf-8")
            .body(status.canonical_reason().unwrap_or("error").to_string())
    }
}

/// Why a dance did not complete. Handed to `error` hooks, shown on the library's error pages,
/// and kept for the app's own pages through [`LastDanceError`](crate::LastDanceError).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum DanceError {
    /// The provider redirected back with `?error=` (the user pressed "Deny", or the provider
    /// refused the request).
    #[error("the provider answered `{error}`{}", description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Provider {
        /// The `error` code (`access_denied`…).
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
        /// `error_uri`, if any.
        uri: Option<String>,
    },
    /// The callback carried no session cookie, so there is no login attempt to match it with.
    #[error(
        "the callback came back without this site's session cookie, so it cannot be matched with a login. Usually the browser dropped the cookie: check that the session cookie is SameSite=Lax (not Strict), that the host name the login started on is the one the provider redirects to (localhost vs 127.0.0.1), and that the cookie is not marked Secure on plain http"
    )]
    NoSessionCookie,
    /// The `state` matches no pending login attempt of this session.
    #[error(
        "the callback's state matches no login attempt of this browser session; it may be forged, or come from a login started in another browser or before the session was reset"
    )]
    StateMismatch,
    /// The login attempt is older than the blueprint allows.
    #[error("the login attempt expired before the provider redirected back; please try again")]
    Expired,
    /// The callback was already used (replayed, or the page was reloaded).
    #[error("this callback was already used; a login link works once, please start again")]
    AlreadyUsed,
    /// The `state` belongs to a login started for another provider.
    #[error("this callback belongs to a login started with `{0}`, not this provider")]
    WrongProvider(String),
    /// The callback has neither `code` nor `error`.
    #[error("the provider's redirect carried no authorization code (query parameters: {0})")]
    MissingCode(String),
    /// The token endpoint failed: an error response, a timeout, a malformed body.
    #[error("the token endpoint failed: {0}")]
    TokenEndpoint(String),
    /// The token could not be stored (the cause is in the app's log, not shown to users).
    #[error("the token could not be stored; the details are in this site's log")]
    Storage,
}

impl DanceError {
    /// The HTTP status of the library's own page for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            DanceError::Provider { .. } => StatusCode::BAD_REQUEST,
            DanceError::TokenEndpoint(_) => StatusCode::BAD_GATEWAY,
            DanceError::Storage => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// A short machine-readable code (`access_denied`, `state_mismatch`, …).
    pub fn code(&self) -> &str {
        match self {
            DanceError::Provider { error, .. } => error,
            DanceError::NoSessionCookie => "no_session_cookie",
            DanceError::StateMismatch => "state_mismatch",
            DanceError::Expired => "expired",
            DanceError::AlreadyUsed => "already_used",
            DanceError::WrongProvider(_) => "wrong_provider",
            DanceError::MissingCode(_) => "missing_code",
            DanceError::TokenEndpoint(_) => "token_endpoint",
            DanceError::Storage => "storage",
        }
    }
}
