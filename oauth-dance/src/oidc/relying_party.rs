//! [`RelyingParty`]: one blueprint's OpenID Connect state — the configured issuer, the
//! provider's metadata once discovered, and its key cache — and the validation of an ID token
//! against them.

use std::time::Duration;

use tokio::sync::OnceCell;

use super::discovery::{Metadata, discover};
use super::keys::KeyCache;
use super::verify::{Expected, accepted_alg, check_claims, header, verified_payload};
use super::{IdTokenClaims, IdTokenError};
use crate::Blueprint;
use crate::clock::unix_now;

/// The clock difference tolerated between this server and the provider, by default.
pub(crate) const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// One blueprint's OpenID Connect state.
#[derive(Debug)]
pub(crate) struct RelyingParty {
    issuer: String,
    leeway: Duration,
    metadata: OnceCell<Metadata>,
    keys: KeyCache,
    /// Claims that must have these values (options like Google's `hosted_domain`).
    required_claims: Vec<(String, String)>,
}

impl RelyingParty {
    /// A relying party of the provider at `issuer`, tolerating `leeway` of clock difference.
    pub(crate) fn new(issuer: String, leeway: Duration) -> RelyingParty {
        RelyingParty {
            issuer,
            leeway,
            metadata: OnceCell::new(),
            keys: KeyCache::default(),
            required_claims: Vec::new(),
        }
    }

    /// This relying party, refusing ID tokens whose claims differ from `claims` (name, value).
    pub(crate) fn requiring(mut self, claims: Vec<(String, String)>) -> RelyingParty {
        self.required_claims = claims;
        self
    }

    /// The configured issuer (without a trailing `/`).
    pub(crate) fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The provider's metadata, discovered on first use (a failed discovery is tried again on
    /// the next login).
    pub(crate) async fn metadata(&self, bp: &Blueprint) -> Result<&Metadata, IdTokenError> {
        self.metadata
            .get_or_try_init(|| discover(bp, &self.issuer))
            .await
            .map_err(IdTokenError::Discovery)
    }

    /// Checks the `iss` of an authorization response (RFC 9207): it must name the provider.
    pub(crate) async fn check_response_issuer(
        &self,
        bp: &Blueprint,
        found: &str,
    ) -> Result<(), IdTokenError> {
        match self.metadata(bp).await?.issuer.admits(found) {
            true => Ok(()),
            false => Err(IdTokenError::ResponseIssuer {
                found: found.to_string(),
            }),
        }
    }

    /// The claims of `id_token`, once it passed every check for this client and this login's
    /// `nonce`.
    pub(crate) async fn verify(
        &self,
        bp: &Blueprint,
        client_id: &str,
        id_token: &str,
        nonce: Option<&str>,
    ) -> Result<IdTokenClaims, IdTokenError> {
        let metadata = self.metadata(bp).await?;
        let (alg, kid) = header(id_token)?;
        let alg = accepted_alg(&alg, &metadata.signing_algs)?;
        let key = self
            .keys
            .key(bp, &metadata.jwks_uri, kid.as_deref())
            .await?;
        let payload = verified_payload(id_token, &key, alg)?;
        let claims = IdTokenClaims::from_json(payload)
            .ok_or_else(|| IdTokenError::Malformed("`iss` or `sub` is missing".into()))?;
        let expected = Expected {
            issuer: &metadata.issuer,
            client_id,
            nonce,
            leeway: self.leeway,
        };
        check_claims(&claims, &expected, unix_now() as i64)?;
        for (name, value) in &self.required_claims {
            if claims.text(name) != Some(value.as_str()) {
                return Err(IdTokenError::RequiredClaim {
                    claim: name.clone(),
                    expected: value.clone(),
                });
            }
        }
        Ok(claims)
    }

    /// The claims of the ID token a refresh returned (OpenID Connect Core §12.2): every check
    /// of a login's (no nonce: a refresh has none), and the same `iss`, `sub` and `aud` as the
    /// login's `original` token — a token for another user is refused, whatever its signature.
    pub(crate) async fn verify_refreshed(
        &self,
        bp: &Blueprint,
        client_id: &str,
        id_token: &str,
        original: Option<&IdTokenClaims>,
    ) -> Result<IdTokenClaims, IdTokenError> {
        let claims = self.verify(bp, client_id, id_token, None).await?;
        let Some(original) = original else {
            return Ok(claims);
        };
        if claims.issuer() != original.issuer() {
            return Err(IdTokenError::Issuer {
                expected: original.issuer().to_string(),
                found: claims.issuer().to_string(),
            });
        }
        if claims.subject() != original.subject() {
            return Err(IdTokenError::Subject);
        }
        if claims.audiences() != original.audiences() {
            return Err(IdTokenError::Audience);
        }
        Ok(claims)
    }
}
