//! Checking a client secret the client signed ([`DevProviderBuilder::signed_secret_key`]), as
//! Sign in with Apple checks its clients': an ES256 JWT with the registered key id in its
//! header, `iss` the team id, `sub` the client id, `aud` this provider's issuer, not expired, and
//! valid for at most six months. Each refusal says which check failed.
//!
//! [`DevProviderBuilder::signed_secret_key`]: crate::DevProviderBuilder::signed_secret_key

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

/// The dev provider's EC P-256 key (PKCS#8 PEM), for a client that signs its secret: give it
/// to the app (`.signed_secret(team, key id, DEV_EC_PRIVATE_KEY)`) and its public half to the
/// provider ([`DevProviderBuilder::dev_signed_secret_key`](crate::DevProviderBuilder::dev_signed_secret_key)).
/// A test key, published: never use it for anything else.
pub const DEV_EC_PRIVATE_KEY: &str = include_str!("dev_ec_key.pem");

/// The public half of [`DEV_EC_PRIVATE_KEY`], as a JWK's `x` and `y`.
pub const DEV_EC_PUBLIC_KEY: (&str, &str) = (
    "AB01Q7VwYauMlBuPu1RB0-h0ix3ReRVUMEMmD8F7lfc",
    "jlZZ-zuSHUQgRxhUVugvCgLrbPtC9nSZBOSOEdoLfrI",
);

/// The longest a signed secret may be valid: six months, as Apple allows.
pub const MAX_LIFETIME_SECS: u64 = 15_777_000;

/// The public key a client's signed secrets are checked against, and whose they must be.
#[derive(Clone)]
pub(crate) struct SignedSecretKey {
    pub(crate) team_id: String,
    pub(crate) key_id: String,
    pub(crate) key: DecodingKey,
}

impl SignedSecretKey {
    /// The key of a JWK's `x` and `y` (base64url P-256 coordinates); `None` if they are not.
    pub(crate) fn new(team_id: &str, key_id: &str, x: &str, y: &str) -> Option<SignedSecretKey> {
        Some(SignedSecretKey {
            team_id: team_id.to_owned(),
            key_id: key_id.to_owned(),
            key: DecodingKey::from_ec_components(x, y).ok()?,
        })
    }
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    iat: u64,
    exp: u64,
}

/// Checks `jwt` as the secret of `client_id` at the provider `issuer`; the reason it fails.
pub(crate) fn check(
    jwt: &str,
    key: &SignedSecretKey,
    client_id: &str,
    issuer: &str,
) -> Result<(), String> {
    let header = decode_header(jwt).map_err(|_| "the client secret is not a JWT".to_string())?;
    if header.alg != Algorithm::ES256 {
        return Err(format!(
            "the client secret is signed with {:?}, not ES256",
            header.alg
        ));
    }
    if header.kid.as_deref() != Some(key.key_id.as_str()) {
        return Err("the client secret's kid is not the registered key id".into());
    }
    let mut validation = Validation::new(Algorithm::ES256);
    validation.leeway = 0;
    validation.set_issuer(&[&key.team_id]);
    validation.set_audience(&[issuer]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    let claims = decode::<Claims>(jwt, &key.key, &validation)
        .map_err(|err| refusal(err.kind()))?
        .claims;
    if claims.sub != client_id {
        return Err("the client secret's sub is not the client id".into());
    }
    if claims.exp.saturating_sub(claims.iat) > MAX_LIFETIME_SECS {
        return Err("the client secret is valid for more than six months".into());
    }
    Ok(())
}

/// Why the JWT library refused a secret, in words.
fn refusal(kind: &ErrorKind) -> String {
    let why = match kind {
        ErrorKind::InvalidSignature => "is not signed with the registered key",
        ErrorKind::ExpiredSignature => "has expired",
        ErrorKind::InvalidAudience => "has the wrong aud (it must be this provider's issuer)",
        ErrorKind::InvalidIssuer => "has the wrong iss (it must be the team id)",
        ErrorKind::MissingRequiredClaim(_) => "lacks one of exp, iat, iss, aud, sub",
        _ => "is not a valid ES256 JWT",
    };
    format!("the client secret {why}")
}
