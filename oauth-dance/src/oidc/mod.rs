//! OpenID Connect: who the user is, from an ID token the blueprint verified itself.
//!
//! An OAuth 2 blueprint becomes an OpenID Connect relying party with
//! [`openid_connect`](crate::BlueprintBuilder::openid_connect) (the issuer URL): each login
//! then asks for the `openid` scope with a fresh `nonce`, and the login's token is kept only
//! once its ID token passed every check of Core §3.1.3.7:
//!
//! - the provider's metadata comes from discovery (`{issuer}/.well-known/openid-configuration`,
//!   whose `issuer` must be the configured one), fetched once;
//! - the signature verifies against the provider's key set (JWKS), cached and fetched again
//!   when a token names a key the cache lacks (rate-limited per key id);
//! - `alg` is asymmetric and announced by the provider (never `none`, never HMAC);
//! - `iss`, `aud` (and `azp`), `exp` and `iat` (with a clock leeway), and the login's `nonce`;
//! - the authorization response's `iss` (RFC 9207, against mix-up attacks) when the provider
//!   sends one (its absence is tolerated).
//!
//! [`blueprint`] is the generic provider: configured by the issuer alone, its endpoints come
//! from discovery too.
//!
//! The verified claims are [`IdTokenClaims`]: in the `authorized` hook
//! ([`AuthorizedEvent::id_token_claims`](crate::hooks::AuthorizedEvent::id_token_claims)),
//! through the [`VerifiedClaims`](crate::VerifiedClaims) extractor, and with
//! [`Client::id_token_claims`](crate::Client::id_token_claims). A refresh's new ID token is
//! verified too, and must name the same user (Core §12.2). For providers announcing an
//! `end_session_endpoint`, [`Client::logout_at_provider`](crate::Client::logout_at_provider)
//! ends the provider's session too (RP-initiated logout).

mod claims;
pub(crate) mod discovery;
mod error;
mod fetch;
mod issuer;
mod keys;
mod provider;
mod relying_party;
mod verify;

pub use claims::IdTokenClaims;
pub use error::IdTokenError;
pub use provider::{NAME, blueprint};
pub(crate) use relying_party::{DEFAULT_LEEWAY, RelyingParty};
