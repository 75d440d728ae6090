//! [`TokenEndpointError`]: a token endpoint refused a request or failed to answer one.

use serde::{Deserialize, Serialize};

/// Why a request to a token endpoint (a code exchange, and later a refresh) did not give a
/// token. Typed, so a caller can tell a refused grant (`invalid_grant`) from a provider that is
/// down.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum TokenEndpointError {
    /// The provider answered with an OAuth error (RFC 6749 §5.2), whatever the HTTP status.
    #[error("the provider refused: `{error}`{}", description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        /// The error code (`invalid_grant`, `invalid_client`…).
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
        /// `error_uri`, if any.
        uri: Option<String>,
    },
    /// No answer within the blueprint's timeout.
    #[error("no answer within {0} ms")]
    Timeout(u64),
    /// The request did not get an answer: no connection, a reset, a redirect (never followed),
    /// or an HTTP error status without an OAuth error body.
    #[error("{0}")]
    Transport(String),
    /// An answer that is not a token response: not JSON, too large, no `access_token`…
    #[error("the response is not a valid token response: {0}")]
    Malformed(String),
}

impl TokenEndpointError {
    /// The OAuth error code, when the provider refused.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            TokenEndpointError::Refused { error, .. } => Some(error),
            _ => None,
        }
    }
}
