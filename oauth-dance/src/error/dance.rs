//! [`DanceError`]: why a dance (login → provider → callback) did not complete.

use actix_web::http::StatusCode;

use super::TokenEndpointError;

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
    TokenEndpoint(TokenEndpointError),
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
