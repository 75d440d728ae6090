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
    /// The provider refused the client's credentials (`invalid_client`), and the client id or
    /// secret contains characters that the two HTTP Basic encodings write differently
    /// (anything but letters, digits and `-._*`): the provider may expect the other one.
    #[error(
        "the provider refused the client credentials (`invalid_client`). The client secret (or id) contains characters that HTTP Basic sends in two different ways, and this blueprint used `{tried}`: try the other, `{other}` (`client_auth = \"{other}\"` in providers.toml or the derive, `.client_auth(ClientAuth::{})` on the builder), or `request_body` if the provider accepts credentials in the body",
        variant_of(other)
    )]
    CredentialEncoding {
        /// The encoding that was refused (`basic` or `basic_raw`).
        tried: String,
        /// The other one.
        other: String,
    },
    /// An answer that is not a token response: not JSON, too large, no `access_token`…
    #[error("the response is not a valid token response: {0}")]
    Malformed(String),
}

impl TokenEndpointError {
    /// Whether the provider refused the grant itself (`invalid_grant`, `invalid_request`): an
    /// unknown, used, or foreign code, which anyone can send to the callback at will. A 4xx,
    /// unlike a provider that is down or a client that is misconfigured.
    pub fn is_bad_grant(&self) -> bool {
        matches!(self.refusal(), Some("invalid_grant" | "invalid_request"))
            && !matches!(self, TokenEndpointError::CredentialEncoding { .. })
    }

    /// The OAuth error code, when the provider refused.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            TokenEndpointError::Refused { error, .. } => Some(error),
            TokenEndpointError::CredentialEncoding { .. } => Some("invalid_client"),
            _ => None,
        }
    }
}

/// `BasicRaw` for `basic_raw`: the Rust name of a client authentication kind.
fn variant_of(name: &str) -> String {
    oauth_dance_spec::ClientAuth::from_name(name)
        .map(|kind| format!("{kind:?}"))
        .unwrap_or_else(|| name.to_string())
}
