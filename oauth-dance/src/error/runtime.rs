//! [`Error`]: a run-time error of the client, the storage or the request context.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};

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
    /// No blueprint of that provider type is registered.
    #[error(
        "no blueprint of the provider `{0}` is registered: add it with `Dance::blueprint(&bp)`"
    )]
    NoBlueprintFor(&'static str),
    /// Several blueprints of that provider type are registered and none has the provider's own
    /// name: name the one you mean with `oauth_dance::named_blueprint!`.
    #[error(
        "several blueprints of the provider `{provider}` are registered ({}); name the one an extractor means with `oauth_dance::named_blueprint!`",
        names.join(", ")
    )]
    AmbiguousBlueprint {
        /// The provider's name.
        provider: &'static str,
        /// The blueprints of that provider.
        names: Vec<String>,
    },
    /// The user has no token for this provider.
    #[error("not authorized with `{0}`: the user has no valid token")]
    NotAuthorized(String),
    /// The user's token expired and cannot be refreshed (it has no refresh token, or the
    /// blueprint does not refresh), or the provider refused the refresh token (`refused`, and
    /// the token was removed): the user must log in again.
    #[error("the token of `{blueprint}` expired and cannot be refreshed: log in again{}", refused.as_ref().map(|e| format!(" ({e})")).unwrap_or_default())]
    ReauthorizationNeeded {
        /// The blueprint.
        blueprint: String,
        /// The provider's refusal of the refresh token, if it came to that.
        refused: Option<crate::TokenEndpointError>,
    },
    /// Refreshing the user's expired token failed for now (a timeout, a provider error); the
    /// token is kept, and the next call tries again.
    #[error("refreshing the token of `{blueprint}` failed: {error}")]
    Refresh {
        /// The blueprint.
        blueprint: String,
        /// What the refresh endpoint did.
        error: crate::TokenEndpointError,
    },
    /// The provider's revocation endpoint (RFC 7009) did not revoke the token (it refused, or
    /// did not answer).
    #[error("revoking the token of `{blueprint}` failed: {error}")]
    Revoke {
        /// The blueprint.
        blueprint: String,
        /// What the revocation endpoint did.
        error: crate::TokenEndpointError,
    },
    /// The token storage failed.
    #[error("token storage failed: {0}")]
    Storage(#[from] crate::storage::StorageError),
    /// A blueprint is registered with [`Dance`](crate::Dance) but its routes are not mounted
    /// (`.service(blueprint)` is missing), so there is no login view to send users to.
    #[error(
        "blueprint `{0}` is registered with Dance but not mounted: add `.service(blueprint)` to the app"
    )]
    NotMounted(String),
    /// A client built from a token in hand ([`Client::with_token`](crate::Client::with_token))
    /// has no storage to write to.
    #[error("this client has no token storage (it was built from a token in hand)")]
    NoStorage,
    /// A request to the provider got no answer (connection, timeout, redirect limit).
    #[error("request to the provider failed: {0}")]
    Transport(#[from] crate::transport::TransportError),
    /// Reading the provider's answer failed (its body, or decoding it).
    #[error("reading the provider's answer failed: {0}")]
    Http(reqwest::Error),
    /// An API request could not be built (a header, a query or a body that does not encode).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A URL could not be built (relative URL against a base, insecure scheme…); the URL is
    /// shown without its query, fragment and userinfo.
    #[error("bad URL `{url}`: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
}

/// The URL is dropped: it may carry a token in its query (Slack).
impl From<reqwest::Error> for Error {
    fn from(err: reqwest::Error) -> Self {
        Error::Http(err.without_url())
    }
}

impl Error {
    /// A short name of the kind of error (`not_authorized`, `transport`…), for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NoContext => "no_context",
            Error::UnknownBlueprint(_) => "unknown_blueprint",
            Error::NoBlueprintFor(_) => "no_blueprint_for",
            Error::AmbiguousBlueprint { .. } => "ambiguous_blueprint",
            Error::NotAuthorized(_) => "not_authorized",
            Error::ReauthorizationNeeded { .. } => "reauthorization_needed",
            Error::Refresh { .. } => "refresh",
            Error::Revoke { .. } => "revoke",
            Error::Storage(_) => "storage",
            Error::NotMounted(_) => "not_mounted",
            Error::NoStorage => "no_storage",
            Error::Transport(_) => "transport",
            Error::Http(_) => "http",
            Error::InvalidRequest(_) => "invalid_request",
            Error::Url { .. } => "url",
        }
    }

    /// Whether it is a mistake in the app's set-up (a blueprint not registered or not mounted,
    /// no `Dance` middleware), not something a user or a provider did.
    pub fn is_misconfiguration(&self) -> bool {
        matches!(
            self,
            Error::NoContext
                | Error::UnknownBlueprint(_)
                | Error::NoBlueprintFor(_)
                | Error::AmbiguousBlueprint { .. }
                | Error::NotMounted(_)
        )
    }
}

impl ResponseError for Error {
    /// 401 without a usable token, 502 when the provider did not answer (504 for a refresh that
    /// timed out), 503 when the token storage failed, 500 for the app's own mistakes.
    fn status_code(&self) -> StatusCode {
        match self {
            Error::NotAuthorized(_) | Error::ReauthorizationNeeded { .. } => {
                StatusCode::UNAUTHORIZED
            }
            Error::Refresh {
                error: crate::TokenEndpointError::Timeout(_),
                ..
            } => StatusCode::GATEWAY_TIMEOUT,
            Error::Http(_) | Error::Transport(_) | Error::Refresh { .. } | Error::Revoke { .. } => {
                StatusCode::BAD_GATEWAY
            }
            Error::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A generic page: the detail goes to the log, never to the user.
    fn error_response(&self) -> HttpResponse {
        tracing::error!("oauth-dance: {self}");
        let body = match self {
            e if e.is_misconfiguration() => {
                "This site's login is misconfigured; the details are in its log."
            }
            Error::Storage(_) => {
                "This site cannot reach its login storage right now; please try again in a moment."
            }
            Error::NotAuthorized(_) => "You are not logged in with this provider.",
            Error::ReauthorizationNeeded { .. } => {
                "Your login with this provider has ended. Please log in again."
            }
            Error::Http(_) | Error::Transport(_) | Error::Refresh { .. } | Error::Revoke { .. } => {
                "The provider did not answer; please try again in a moment."
            }
            _ => "Something went wrong; the details are in this site's log.",
        };
        HttpResponse::build(self.status_code())
            .content_type("text/plain; charset=utf-8")
            .body(body)
    }
}
