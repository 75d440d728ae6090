//! The token lifecycle after the dance: a token about to expire is refreshed before an API call
//! (once, whatever the number of requests waiting for it), a refresh token the provider refused
//! ends the login, and a logout revokes the token at the provider.
//!
//! - [`refresh`]: one refresh, from the lease on the stored token to the new token saved;
//! - [`registry`]: the refreshes in flight in this process, shared by all workers;
//! - [`lease`]: the mark a refresh leaves on the stored token, so processes sharing a storage
//!   spend a refresh token once.
//!
//! The protocol's part (which tokens can be refreshed, the refresh request, revocation) is the
//! blueprint's [`Flow`](crate::flow::Flow)'s; everything here is the same for every protocol.

pub(crate) mod lease;
pub(crate) mod refresh;
pub(crate) mod registry;

use std::time::Duration;

use crate::Token;
use crate::clock::unix_now;
use crate::error::TokenEndpointError;

pub(crate) use registry::Refreshes;

/// What a refresh came to, shared by every request that waited for it.
pub(crate) type Outcome = Result<Token, RefreshFailure>;

/// Why a refresh gave no token.
#[derive(Debug, Clone)]
pub(crate) enum RefreshFailure {
    /// The provider refused the refresh token (`invalid_grant`): it is dead, and the token was
    /// removed from the storage.
    Refused(TokenEndpointError),
    /// The refresh failed for now (a timeout, a provider error): the token is kept.
    Failed(TokenEndpointError),
    /// The storage failed (its error is logged).
    Storage(String),
    /// The token was removed while the refresh waited (another process found it dead).
    Gone,
}

/// Whether `token` expires within `leeway` (a token whose expiry is unknown never does).
pub(crate) fn is_due(token: &Token, leeway: Duration) -> bool {
    let leeway = i64::try_from(leeway.as_secs()).unwrap_or(i64::MAX);
    token
        .expires_at()
        .is_some_and(|at| at as i64 - unix_now() as i64 <= leeway)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_token_is_due_within_the_leeway_of_its_expiry() {
        let expiring = |seconds: i64| {
            Token::from_json(json!({"access_token": "a", "expires_in": seconds})).unwrap()
        };
        let minute = Duration::from_secs(60);
        assert!(is_due(&expiring(-1), minute));
        assert!(is_due(&expiring(30), minute));
        assert!(!is_due(&expiring(120), minute));
        assert!(!is_due(&expiring(30), Duration::ZERO));
        let unknown = Token::from_json(json!({"access_token": "a"})).unwrap();
        assert!(!is_due(&unknown, minute));
    }
}
