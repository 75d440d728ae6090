//! A client secret the client signs itself ([`ClientAuth::SignedSecretPost`]): an ES256 JWT
//! with the key id in its header (`kid`) and the claims `iss` (the team id), `sub` (the client
//! id), `aud` (the provider), `iat` and `exp`, sent as `client_secret` in the form body. Sign in
//! with Apple authenticates clients this way (its "client secret" is such a JWT, at most six
//! months long).
//!
//! The JWT is signed once and reused until shortly before it expires, so a token request does
//! not sign. The key is read at start-up (PKCS#8 PEM text, or the path of a `.p8` file), and the
//! first JWT is signed then, so a bad key is a [`ConfigError`] naming where it came from; the
//! key never appears in `Debug` output, logs or errors.
//!
//! [`ClientAuth::SignedSecretPost`]: crate::provider::ClientAuth::SignedSecretPost

use std::fmt;
use std::sync::{Arc, Mutex};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oauth_dance_spec::naming::SigningPart;
use rsa::pkcs8::SecretDocument;
use serde::Serialize;

use crate::Secret;
use crate::blueprint::FlowSetup;
use crate::clock::unix_now;
use crate::config::env_value;
use crate::error::ConfigError;
use crate::flow::pem::pem_text;

/// How long a signed secret is valid: an hour, far below Apple's six months, so a leaked one
/// is soon useless.
pub(crate) const LIFETIME_SECS: u64 = 60 * 60;

/// How long before its expiry a signed secret is replaced: a request never carries one that
/// expires on its way, even with the provider's clock a little ahead.
pub(crate) const RENEW_MARGIN_SECS: u64 = 5 * 60;

/// What the client signs its secret with, as set on the builder
/// ([`signed_secret`](crate::BlueprintBuilder::signed_secret)); any part left out comes from
/// its environment variable ([`SigningPart::var`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct SigningSettings {
    pub team_id: Option<String>,
    pub key_id: Option<String>,
    pub private_key: Option<Secret>,
}

/// Signs the client secret, and keeps the current one.
pub(crate) struct SecretSigner {
    key: EncodingKey,
    header: Header,
    team_id: String,
    client_id: String,
    audience: String,
    current: Mutex<Signed>,
}

/// Who signs, for whom, for which provider.
struct Identity {
    team_id: String,
    key_id: String,
    client_id: String,
    audience: String,
}

/// A signed secret and when to replace it.
#[derive(Clone)]
struct Signed {
    jwt: Arc<str>,
    renew_at: u64,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl SecretSigner {
    /// Reads the team id, key id and key (the builder's, else the environment's), and signs the
    /// first secret; `audience` is the JWT's `aud` (the provider's issuer).
    pub(crate) fn new(
        settings: &SigningSettings,
        setup: &FlowSetup<'_>,
        audience: String,
    ) -> Result<SecretSigner, ConfigError> {
        let team_id = part(setup, SigningPart::TeamId, settings.team_id.clone())?;
        let key_id = part(setup, SigningPart::KeyId, settings.key_id.clone())?;
        let (pem, from) = match &settings.private_key {
            Some(key) => (
                key.expose().to_string(),
                "the `signed_secret` key".to_string(),
            ),
            None => {
                let var = SigningPart::PrivateKey.var(setup.name);
                let value = part(setup, SigningPart::PrivateKey, None)?;
                (value, format!("the environment variable {var}"))
            }
        };
        let identity = Identity {
            team_id,
            key_id,
            client_id: setup.client_id.to_string(),
            audience,
        };
        SecretSigner::from_pem(&pem, &from, identity)
            .map_err(|reason| ConfigError::invalid(setup.name, "signed_secret", reason))
    }

    /// A signer of `identity`'s secrets with the key in `pem` (from `from`, for errors), its
    /// first secret signed.
    fn from_pem(pem: &str, from: &str, identity: Identity) -> Result<SecretSigner, String> {
        let key = read_key(pem, from)?;
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(identity.key_id);
        let mut signer = SecretSigner {
            key,
            header,
            team_id: identity.team_id,
            client_id: identity.client_id,
            audience: identity.audience,
            current: Mutex::new(Signed {
                jwt: Arc::from(""),
                renew_at: 0,
            }),
        };
        let first = signer
            .sign(unix_now())
            .map_err(|_| format!("{from} is not an EC P-256 private key (ES256)"))?;
        *signer.current.get_mut().unwrap_or_else(|e| e.into_inner()) = first;
        Ok(signer)
    }

    /// The current secret, signed anew when it is about to expire.
    pub(crate) fn secret(&self) -> Result<Arc<str>, jsonwebtoken::errors::Error> {
        self.secret_at(unix_now())
    }

    fn secret_at(&self, now: u64) -> Result<Arc<str>, jsonwebtoken::errors::Error> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if now >= current.renew_at {
            *current = self.sign(now)?;
        }
        Ok(current.jwt.clone())
    }

    fn sign(&self, now: u64) -> Result<Signed, jsonwebtoken::errors::Error> {
        let claims = Claims {
            iss: &self.team_id,
            sub: &self.client_id,
            aud: &self.audience,
            iat: now,
            exp: now + LIFETIME_SECS,
        };
        let jwt = jsonwebtoken::encode(&self.header, &claims, &self.key)?;
        Ok(Signed {
            jwt: Arc::from(jwt),
            renew_at: now + LIFETIME_SECS - RENEW_MARGIN_SECS,
        })
    }
}

impl fmt::Debug for SecretSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretSigner")
            .field("team_id", &self.team_id)
            .field("key_id", &self.header.kid)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// One part: the builder's value, else its environment variable's.
fn part(
    setup: &FlowSetup<'_>,
    part: SigningPart,
    given: Option<String>,
) -> Result<String, ConfigError> {
    let var = part.var(setup.name);
    given
        .filter(|v| !v.trim().is_empty())
        .or_else(|| env_value(&var))
        .ok_or_else(|| ConfigError::Missing {
            blueprint: setup.name.to_string(),
            what: match part {
                SigningPart::TeamId => "team id (the signed client secret's `iss`)",
                SigningPart::KeyId => "key id (the signed client secret's `kid`)",
                SigningPart::PrivateKey => "private key (PKCS#8 PEM, signs the client secret)",
            },
            variable: var,
        })
}

/// Reads a PKCS#8 private key given as PEM text or as a path; `from` says where it came from,
/// for errors (which never show the key).
fn read_key(value: &str, from: &str) -> Result<EncodingKey, String> {
    let pem = pem_text(value, from)?;
    let not_pkcs8 = || format!("{from} is not a PKCS#8 private key in PEM (`BEGIN PRIVATE KEY`)");
    let (label, der) = SecretDocument::from_pem(pem.trim()).map_err(|_| not_pkcs8())?;
    if label != "PRIVATE KEY" {
        return Err(not_pkcs8());
    }
    Ok(EncodingKey::from_ec_der(der.as_bytes()))
}

#[cfg(test)]
mod tests;
