//! [`TokenEndpointError`]: a token endpoint refused a request or failed to answer one.

use serde::{Deserialize, Serialize};

use crate::oidc::IdTokenError;
use crate::transport::{ReadError, TransportError};

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
    /// An OAuth 1 credentials endpoint (request token, access token) refused the request: its
    /// HTTP status, the `oauth_problem` it named (the OAuth Problem Reporting extension), and
    /// the start of what it said (at most 200 characters, control characters removed).
    #[error("the provider refused with HTTP {status}{}: {message}", problem.as_ref().map(|p| format!(" (`{p}`)")).unwrap_or_default())]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// `oauth_problem`, if the provider named one (`signature_invalid`, `nonce_used`…).
        problem: Option<String>,
        /// What the provider said.
        message: String,
    },
    /// OpenID Connect: the provider's metadata (discovery) could not be used, so the request
    /// could not be sent; or a refreshed token's new ID token was refused (a forgery, or one
    /// naming another user than the login's: Core §12.2). The new token is not saved.
    #[error("{0}")]
    IdToken(IdTokenError),
}

/// The OAuth 1 problems a browser can cause at the access-token step (a stale or used request
/// token, a wrong verifier): like a refused grant, not the provider's or the app's failure.
const GRANT_PROBLEMS: &[&str] = &[
    "token_rejected",
    "token_expired",
    "token_used",
    "token_revoked",
    "verifier_invalid",
    "permission_denied",
];

impl TokenEndpointError {
    /// Whether the provider refused the grant itself (`invalid_grant`, `invalid_request`): an
    /// unknown, used, or foreign code, which anyone can send to the callback at will. A 4xx,
    /// unlike a provider that is down or a client that is misconfigured.
    pub fn is_bad_grant(&self) -> bool {
        match self {
            TokenEndpointError::Rejected {
                problem: Some(problem),
                ..
            } => GRANT_PROBLEMS.contains(&problem.as_str()),
            // A plain-text refusal of the access-token request ("Invalid request token.").
            TokenEndpointError::Rejected { status, .. } => matches!(status, 400 | 401),
            TokenEndpointError::CredentialEncoding { .. } => false,
            _ => matches!(self.refusal(), Some("invalid_grant" | "invalid_request")),
        }
    }

    /// The OAuth error code, when the provider refused.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            TokenEndpointError::Refused { error, .. } => Some(error),
            TokenEndpointError::CredentialEncoding { .. } => Some("invalid_client"),
            TokenEndpointError::Rejected { problem, .. } => problem.as_deref(),
            _ => None,
        }
    }
}

/// The longest provider-sent text kept in a [`TokenEndpointError::Rejected`].
const MAX_MESSAGE: usize = 200;

impl TokenEndpointError {
    /// A refusal of an OAuth 1 credentials request, from its status and body.
    pub(crate) fn rejected(status: u16, body: &[u8]) -> Self {
        let problem = url::form_urlencoded::parse(body)
            .find(|(name, _)| name == "oauth_problem")
            .map(|(_, value)| clean(&value));
        let message = clean(&String::from_utf8_lossy(body));
        TokenEndpointError::Rejected {
            status,
            problem,
            message,
        }
    }

    /// A request that got no answer, as this error.
    pub(crate) fn unanswered(err: TransportError, timeout_ms: u64) -> Self {
        match err {
            TransportError::Timeout => TokenEndpointError::Timeout(timeout_ms),
            TransportError::Connect => {
                TokenEndpointError::Transport("could not connect to the provider".into())
            }
            other => TokenEndpointError::Transport(other.to_string()),
        }
    }

    /// A redirect instead of an answer (never followed: the request carries credentials).
    pub(crate) fn redirected(status: u16) -> Self {
        TokenEndpointError::Transport(format!(
            "the provider answered with a redirect (HTTP {status}); redirects are not followed \
             for token requests"
        ))
    }

    /// An answer whose body could not be read, as this error.
    pub(crate) fn unreadable(err: ReadError, timeout_ms: u64) -> Self {
        match err {
            ReadError::TooLarge(limit) => {
                TokenEndpointError::Malformed(format!("it is larger than {limit} bytes"))
            }
            ReadError::Transport(err) => TokenEndpointError::unanswered(err, timeout_ms),
        }
    }
}

/// Provider text fit for a log line and a hook: one line, printable, at most [`MAX_MESSAGE`].
fn clean(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_MESSAGE)
        .collect();
    one_line.trim().to_string()
}

/// `BasicRaw` for `basic_raw`: the Rust name of a client authentication kind.
fn variant_of(name: &str) -> String {
    oauth_dance_spec::ClientAuth::from_name(name)
        .map(|kind| format!("{kind:?}"))
        .unwrap_or_else(|| name.to_string())
}
