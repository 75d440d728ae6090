//! What the development provider remembers of OAuth 1 (RFC 5849): request tokens from issue to
//! exchange, access tokens, and the nonces seen recently. Every key is a secret, so `Debug`
//! shows sizes only.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use super::state::random_secret;

/// How long a request token can be authorized and exchanged.
pub(crate) const REQUEST_TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// How far a request's `oauth_timestamp` may be from the provider's clock, either way.
pub(crate) const TIMESTAMP_WINDOW: u64 = 300;
/// How many live entries of each kind are kept at most.
const MAX_LIVE: usize = 10_000;

/// A request token (temporary credentials, RFC 5849 §2.1) and what happened to it.
#[derive(Debug, Clone)]
pub(crate) struct RequestToken {
    pub(crate) secret: String,
    /// `oauth_callback`, exactly as sent.
    pub(crate) callback: String,
    /// Set once the user allowed: who, and the verifier sent back to the callback.
    pub(crate) authorized: Option<(String, String)>,
    pub(crate) expires_at: Instant,
}

/// An access token (token credentials, RFC 5849 §2.3).
#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub(crate) secret: String,
    pub(crate) user: String,
}

/// A freshly issued token and its secret.
pub(crate) struct Issued {
    pub(crate) token: String,
    pub(crate) secret: String,
}

impl Issued {
    fn new(token_prefix: &str, secret_prefix: &str) -> Self {
        Issued {
            token: random_secret(token_prefix),
            secret: random_secret(secret_prefix),
        }
    }
}

/// The OAuth 1 part of the provider's state.
#[derive(Default)]
pub(crate) struct OAuth1Store {
    requests: HashMap<String, RequestToken>,
    access: HashMap<String, AccessToken>,
    /// `(timestamp, nonce)` pairs seen, until they leave the timestamp window.
    nonces: HashMap<(u64, String), Instant>,
}

impl fmt::Debug for OAuth1Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Store")
            .field("request_tokens", &self.requests.len())
            .field("access_tokens", &self.access.len())
            .field("nonces", &self.nonces.len())
            .finish()
    }
}

impl OAuth1Store {
    /// Issues a request token for `callback`.
    pub(crate) fn issue_request_token(&mut self, callback: &str) -> Issued {
        let now = Instant::now();
        self.requests.retain(|_, r| r.expires_at > now);
        let issued = Issued::new("dev_rt1_", "dev_rs1_");
        if self.requests.len() < MAX_LIVE {
            let request = RequestToken {
                secret: issued.secret.clone(),
                callback: callback.to_string(),
                authorized: None,
                expires_at: now + REQUEST_TOKEN_LIFETIME,
            };
            self.requests.insert(issued.token.clone(), request);
        }
        issued
    }

    /// A live request token.
    pub(crate) fn request_token(&self, token: &str) -> Option<&RequestToken> {
        self.requests
            .get(token)
            .filter(|r| r.expires_at > Instant::now())
    }

    /// Records the user's consent; the verifier to send back.
    pub(crate) fn authorize(&mut self, token: &str, user: &str) -> Option<String> {
        let request = self.requests.get_mut(token)?;
        let verifier = random_secret("dev_v1_");
        request.authorized = Some((user.to_string(), verifier.clone()));
        Some(verifier)
    }

    /// Forgets a request token (refused, or exchanged): it works once.
    pub(crate) fn take_request_token(&mut self, token: &str) -> Option<RequestToken> {
        self.requests
            .remove(token)
            .filter(|r| r.expires_at > Instant::now())
    }

    /// Issues an access token for `user`.
    pub(crate) fn issue_access_token(&mut self, user: &str) -> Issued {
        let issued = Issued::new("dev_at1_", "dev_as1_");
        if self.access.len() < MAX_LIVE {
            let access = AccessToken {
                secret: issued.secret.clone(),
                user: user.to_string(),
            };
            self.access.insert(issued.token.clone(), access);
        }
        issued
    }

    /// A live access token.
    pub(crate) fn access_token(&self, token: &str) -> Option<&AccessToken> {
        self.access.get(token)
    }

    /// Records a nonce; `false` when this `(timestamp, nonce)` was seen before (a replay).
    pub(crate) fn use_nonce(&mut self, timestamp: u64, nonce: &str) -> bool {
        let now = Instant::now();
        let window = Duration::from_secs(2 * TIMESTAMP_WINDOW);
        self.nonces
            .retain(|_, seen| now.duration_since(*seen) < window);
        if self.nonces.len() >= MAX_LIVE {
            return false;
        }
        self.nonces
            .insert((timestamp, nonce.to_string()), now)
            .is_none()
    }
}
