//! [`DanceError`]: why a dance (login → provider → callback) did not complete.
//!
//! Each error has three faces: [`Display`](std::fmt::Display), one plain sentence for the user
//! (what the library's page and an app's own page show); [`hint`](DanceError::hint), what a
//! developer needs to fix it (logged, and shown on the page only when the app opts in with
//! [`Dance::developer_hints`](crate::Dance::developer_hints)); and [`code`](DanceError::code),
//! a short machine-readable name.

use actix_web::http::StatusCode;

use super::TokenEndpointError;
use crate::oidc::IdTokenError;

/// Why a dance did not complete. Handed to `error` hooks, shown on the library's error pages,
/// and kept for the app's own pages through [`LastDanceError`](crate::LastDanceError).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum DanceError {
    /// The provider redirected back with `?error=` for a login this browser started (the user
    /// pressed "Deny", or the provider refused the request).
    #[error("{}", refusal_sentence(error))]
    Provider {
        /// The `error` code (`access_denied`…).
        error: String,
        /// `error_description`, if any (at most 200 characters are kept).
        description: Option<String>,
        /// `error_uri`, if any.
        uri: Option<String>,
    },
    /// A refusal (`?error=`) that matches no login this browser started: forged, or stale. Its
    /// text is not trusted, so it is neither shown nor kept.
    #[error("The login could not be completed. Please try again.")]
    UnverifiedRefusal,
    /// The callback carried no session cookie, so there is no login attempt to match it with.
    #[error(
        "Your browser did not send back this site's cookie, so the login could not be completed. Please make sure cookies are allowed and try again."
    )]
    NoSessionCookie,
    /// The `state` matches no pending login attempt of this session.
    #[error(
        "This login link does not belong to your browser session. Please start the login again."
    )]
    StateMismatch,
    /// The login attempt is older than the blueprint allows.
    #[error("The login took too long. Please try again.")]
    Expired,
    /// The callback was already used (replayed, or the page was reloaded).
    #[error("This login link was already used. Please start the login again.")]
    AlreadyUsed,
    /// The `state` belongs to a login started for another provider.
    #[error("This login link belongs to another login of this site. Please start again.")]
    WrongProvider(String),
    /// The callback has neither a code nor an error (its parameter names, never values).
    #[error("The provider's answer was incomplete. Please try again.")]
    MissingCode(String),
    /// The callback lacks a parameter the flow needs (an OAuth 1 `oauth_token` or
    /// `oauth_verifier`); `received` lists the parameter names it had, never values.
    #[error("The provider's answer was incomplete. Please try again.")]
    MissingParameter {
        /// The parameter.
        name: String,
        /// The names of the parameters it had.
        received: String,
    },
    /// The callback's query cannot be read: a repeated parameter (RFC 6749 §3.1), or one that
    /// is not UTF-8 (the reason names the parameter).
    #[error("The provider's answer could not be read. Please try again.")]
    BadCallback(String),
    /// The request's `Host` is malformed, or not one of the app's allowed hosts.
    #[error("This address is not one this site answers on.")]
    BadHost(String),
    /// The token endpoint failed: a refusal, a timeout, a malformed body.
    #[error("{}", token_endpoint_sentence(.0))]
    TokenEndpoint(TokenEndpointError),
    /// An OAuth 1 request-token request failed, so the login could not start: a refusal
    /// (wrong consumer key or secret, a clock too far off), a timeout, a malformed answer.
    #[error("{}", request_token_sentence(.0))]
    RequestToken(TokenEndpointError),
    /// The token could not be stored (the cause is in the app's log, not shown to users).
    #[error("The login could not be saved. Please try again in a moment.")]
    Storage,
    /// The storage keeps tokens under the local user and nobody is logged in to the site (the
    /// app logs its users in after the callback, or not at all): a 403, nothing stored.
    #[error("Please log in to this site first, then connect your account.")]
    NoLocalUser,
    /// The token is too large for the storage (an `id_token` in a cookie session).
    #[error("The login could not be saved.")]
    TokenTooLarge(usize),
    /// The login attempt could not be kept in the session (the session cookie is full).
    #[error("The login could not be started. Please try again.")]
    SessionFull,
    /// Refreshing the user's token failed (after the dance: no request is being answered, so
    /// the `error` hooks get it with `request: None`). A refused refresh token
    /// (`invalid_grant`) ends the login: the token is removed once the hooks have run.
    #[error("{}", refresh_sentence(.0))]
    Refresh(TokenEndpointError),
    /// The login's ID token (OpenID Connect) was refused: forged, for another client or
    /// login, expired; or the provider's metadata or keys could not be fetched. Nothing was
    /// stored.
    #[error("{}", id_token_sentence(.0))]
    IdToken(IdTokenError),
}

fn id_token_sentence(error: &IdTokenError) -> &'static str {
    match error.is_provider_unavailable() {
        true => {
            "The provider could not be reached to confirm your login. Please try again in a moment."
        }
        false => {
            "The provider's answer could not be verified, so the login was not completed. Please start the login again."
        }
    }
}

fn refusal_sentence(error: &str) -> &'static str {
    if error == "access_denied" {
        "The login was cancelled at the provider."
    } else {
        "The provider did not let you log in."
    }
}

fn token_endpoint_sentence(error: &TokenEndpointError) -> &'static str {
    match error {
        TokenEndpointError::Timeout(_) => {
            "The provider did not answer in time. Please try again in a moment."
        }
        e if e.is_bad_grant() => {
            "The provider did not accept this login (the login link may be stale). Please try again."
        }
        _ => "The provider could not complete the login. Please try again later.",
    }
}

fn refresh_sentence(error: &TokenEndpointError) -> &'static str {
    match error.refusal() {
        Some("invalid_grant") => "Your login with the provider has ended. Please log in again.",
        _ => "The provider could not renew your login right now. Please try again in a moment.",
    }
}

fn request_token_sentence(error: &TokenEndpointError) -> &'static str {
    match error {
        TokenEndpointError::Timeout(_) => {
            "The provider did not answer in time. Please try again in a moment."
        }
        _ => "The login could not be started at the provider. Please try again later.",
    }
}

impl DanceError {
    /// The HTTP status of the library's own page for this error: 4xx for what a browser (or
    /// an attacker) sent, 5xx only for the provider's or the app's own failures.
    pub fn status(&self) -> StatusCode {
        match self {
            DanceError::TokenEndpoint(TokenEndpointError::Timeout(_)) => {
                StatusCode::GATEWAY_TIMEOUT
            }
            DanceError::TokenEndpoint(e) if e.is_bad_grant() => StatusCode::BAD_REQUEST,
            DanceError::TokenEndpoint(_) => StatusCode::BAD_GATEWAY,
            DanceError::RequestToken(TokenEndpointError::Timeout(_)) => StatusCode::GATEWAY_TIMEOUT,
            DanceError::RequestToken(_) => StatusCode::BAD_GATEWAY,
            DanceError::Refresh(e) if e.refusal() == Some("invalid_grant") => {
                StatusCode::UNAUTHORIZED
            }
            DanceError::Refresh(TokenEndpointError::Timeout(_)) => StatusCode::GATEWAY_TIMEOUT,
            DanceError::Refresh(_) => StatusCode::BAD_GATEWAY,
            DanceError::IdToken(e) if e.is_provider_unavailable() => StatusCode::BAD_GATEWAY,
            DanceError::Storage => StatusCode::SERVICE_UNAVAILABLE,
            DanceError::TokenTooLarge(_) => StatusCode::INSUFFICIENT_STORAGE,
            DanceError::NoLocalUser => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// A short machine-readable code (`access_denied`, `state_mismatch`, …).
    pub fn code(&self) -> &str {
        match self {
            DanceError::Provider { error, .. } => error,
            DanceError::UnverifiedRefusal => "unverified_refusal",
            DanceError::NoSessionCookie => "no_session_cookie",
            DanceError::StateMismatch => "state_mismatch",
            DanceError::Expired => "expired",
            DanceError::AlreadyUsed => "already_used",
            DanceError::WrongProvider(_) => "wrong_provider",
            DanceError::MissingCode(_) => "missing_code",
            DanceError::MissingParameter { .. } => "missing_parameter",
            DanceError::BadCallback(_) => "bad_callback",
            DanceError::BadHost(_) => "bad_host",
            DanceError::TokenEndpoint(_) => "token_endpoint",
            DanceError::RequestToken(_) => "request_token",
            DanceError::Storage => "storage",
            DanceError::TokenTooLarge(_) => "token_too_large",
            DanceError::NoLocalUser => "no_local_user",
            DanceError::SessionFull => "session_full",
            DanceError::Refresh(_) => "refresh",
            DanceError::IdToken(_) => "id_token",
        }
    }

    /// What a developer needs to know to fix it (for logs, never a secret).
    pub fn hint(&self) -> String {
        match self {
            DanceError::Provider { error, description, .. } => match description {
                Some(d) => format!("the provider answered `{error}`: {d}"),
                None => format!("the provider answered `{error}`"),
            },
            DanceError::UnverifiedRefusal => "a callback carried `error=` with a state that matches no login attempt of this browser: it may be forged (its text is ignored), or come from a login started elsewhere".into(),
            DanceError::NoSessionCookie => "the callback came back without this site's session cookie, so it cannot be matched with a login. Usually the browser dropped the cookie: check that the session cookie is SameSite=Lax (not Strict), that the host name the login started on is the one the provider redirects to (localhost vs 127.0.0.1), and that the cookie is not marked Secure on plain http".into(),
            DanceError::StateMismatch => "the callback's state matches no login attempt of this browser session; it may be forged, or come from a login started in another browser or before the session was reset".into(),
            DanceError::Expired => "the login attempt expired before the provider redirected back (see `login_lifetime`)".into(),
            DanceError::AlreadyUsed => "this callback was already used (replayed, or the page was reloaded); an attempt works once".into(),
            DanceError::WrongProvider(owner) => format!("this callback belongs to a login started with `{owner}`, not this blueprint: check the providers' redirect URIs"),
            DanceError::MissingCode(names) => format!("the provider's redirect carried no authorization code (query parameters: {names})"),
            DanceError::MissingParameter { name, received } => format!("the provider's redirect carried no `{name}` (query parameters: {received})"),
            DanceError::BadCallback(reason) => format!("the callback's query is malformed: {reason}"),
            DanceError::BadHost(reason) => reason.clone(),
            DanceError::TokenEndpoint(e) => format!("the token endpoint failed: {e}"),
            DanceError::RequestToken(e) => format!("the request-token endpoint failed: {e}"),
            DanceError::Storage => "the token storage failed; its error is logged just before this".into(),
            DanceError::TokenTooLarge(bytes) => format!("the token does not fit in the cookie session (with it the session cookie would be about {bytes} bytes, and browsers drop cookies over 4096): keep tokens in SQL storage, or the session on a server-side store"),
            DanceError::NoLocalUser => "the token storage files tokens under the logged-in local user (`Dance::local_user`) and the resolver found none: log the user in before the token is stored (in an `authorized` hook, for a login that creates the local user), or build the storage with `.user_required(false)` for one site-wide token".into(),
            DanceError::Refresh(e) => format!("refreshing the token failed: {e}"),
            DanceError::IdToken(e) => format!("the ID token was refused: {e}"),
            DanceError::SessionFull => "the login attempt does not fit in the cookie session (browsers drop cookies over 4096 bytes): something else fills the session; keep tokens in SQL storage, or the session on a server-side store".into(),
        }
    }
}
