//! [`IdTokenError`]: why an ID token (or the provider's metadata it is checked against) was not
//! accepted. None of them carries a token or a claim that could be personal data.

use serde::{Deserialize, Serialize};

/// Why an ID token was refused, each check its own variant (OpenID Connect Core §3.1.3.7).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum IdTokenError {
    /// The token response carried no `id_token` although the login asked for `openid`.
    #[error("the token response has no `id_token`")]
    Missing,
    /// Not a compact JWS with a JSON header and payload, or a required claim is missing.
    #[error("the ID token is malformed: {0}")]
    Malformed(String),
    /// The `alg` is not one this blueprint accepts (`none`, HMAC, or one the provider does not
    /// announce).
    #[error("the ID token's algorithm `{0}` is not accepted")]
    Algorithm(String),
    /// No key of the provider has the token's `kid`, even after fetching the keys again.
    #[error(
        "no key of the provider matches the ID token (kid {0:?}), even after fetching its keys again"
    )]
    UnknownKey(Option<String>),
    /// The key named by `kid` is not of the type the algorithm needs (an RSA key for `ES256`…),
    /// or not for signatures.
    #[error("the provider's key does not fit the ID token: {0}")]
    KeyMismatch(String),
    /// The signature does not verify.
    #[error("the ID token's signature is invalid")]
    Signature,
    /// `iss` is not the provider's issuer.
    #[error("the ID token was issued by `{found}`, not by `{expected}`")]
    Issuer {
        /// The issuer the blueprint expects.
        expected: String,
        /// The token's `iss`.
        found: String,
    },
    /// The authorization response's `iss` (RFC 9207) is not the provider's issuer: the code
    /// came from another provider (a mix-up attack).
    #[error("the authorization response comes from `{found}`, not from this provider's issuer")]
    ResponseIssuer {
        /// The response's `iss`.
        found: String,
    },
    /// `aud` does not name this client (or names others too, without `azp` naming this one).
    #[error("the ID token is not for this client (`aud`)")]
    Audience,
    /// `azp` names another client.
    #[error("the ID token was issued to another client (`azp`)")]
    AuthorizedParty,
    /// `exp` has passed (beyond the clock leeway).
    #[error("the ID token has expired")]
    Expired,
    /// `iat` is in the future (beyond the clock leeway).
    #[error("the ID token was issued in the future (`iat`)")]
    IssuedInFuture,
    /// `nonce` is not the one this login sent (a token from another login).
    #[error("the ID token's nonce is not this login's")]
    Nonce,
    /// A claim the blueprint requires (an option's `claim`, like Google's `hd` for
    /// `hosted_domain`) is missing or has another value.
    #[error("the ID token's `{claim}` is not `{expected}`")]
    RequiredClaim {
        /// The claim.
        claim: String,
        /// The value the blueprint requires.
        expected: String,
    },
    /// The token's tenant (`tid`) is not one the blueprint allows.
    #[error("the ID token's tenant (`tid`) is not allowed")]
    Tenant,
    /// A refreshed ID token names another user (`sub`) than the login's.
    #[error("the refreshed ID token names another user (`sub`)")]
    Subject,
    /// The provider's discovery document could not be fetched or used.
    #[error("the OpenID Provider's metadata could not be used: {0}")]
    Discovery(String),
    /// The provider's keys (JWKS) could not be fetched or read.
    #[error("the OpenID Provider's keys could not be fetched: {0}")]
    Keys(String),
}

impl IdTokenError {
    /// Whether the provider (or the network) failed, rather than the token being forged or
    /// belonging to another login.
    pub fn is_provider_unavailable(&self) -> bool {
        matches!(self, IdTokenError::Discovery(_) | IdTokenError::Keys(_))
    }
}
