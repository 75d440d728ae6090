//! ID-token validation (OpenID Connect Core §3.1.3.7): the `alg` from an allow-list, the
//! signature against the provider's key, then the claims — issuer, audience, authorized party,
//! expiry and issue time with a clock leeway, and the login attempt's nonce. Each refusal is its
//! own [`IdTokenError`].

use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::Value;

use super::issuer::Issuer;
use super::{IdTokenClaims, IdTokenError};

/// The signature algorithms an ID token may use: asymmetric ones only. Never `none`, never HMAC
/// (an HMAC "signed" with the provider's public key is the classic key-confusion forgery).
pub(crate) const ACCEPTED_ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];

/// What a valid ID token must say.
pub(crate) struct Expected<'a> {
    pub issuer: &'a Issuer,
    pub client_id: &'a str,
    /// The login attempt's nonce (`None`: the token must carry none either way — not checked).
    pub nonce: Option<&'a str>,
    pub leeway: Duration,
}

/// The `alg` and `kid` of a compact JWS's header, unchecked.
pub(crate) fn header(jws: &str) -> Result<(String, Option<String>), IdTokenError> {
    let malformed = |what: &str| IdTokenError::Malformed(what.to_string());
    let encoded = jws
        .split('.')
        .next()
        .ok_or_else(|| malformed("no header"))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| malformed("the header is not base64url"))?;
    let header: Value =
        serde_json::from_slice(&bytes).map_err(|_| malformed("the header is not JSON"))?;
    let alg = header["alg"]
        .as_str()
        .ok_or_else(|| malformed("the header has no `alg`"))?;
    Ok((alg.to_string(), header["kid"].as_str().map(str::to_string)))
}

/// `alg` when it is accepted and the provider announces it.
pub(crate) fn accepted_alg(alg: &str, announced: &[String]) -> Result<Algorithm, IdTokenError> {
    let refused = || IdTokenError::Algorithm(alg.to_string());
    if !ACCEPTED_ALGS.contains(&alg) || !announced.iter().any(|a| a == alg) {
        return Err(refused());
    }
    Algorithm::from_str(alg).map_err(|_| refused())
}

/// The payload of `jws`, once its signature verifies with `key` under `alg`.
pub(crate) fn verified_payload(
    jws: &str,
    key: &Jwk,
    alg: Algorithm,
) -> Result<Value, IdTokenError> {
    let family = match &key.algorithm {
        AlgorithmParameters::RSA(_) => AlgorithmFamily::Rsa,
        AlgorithmParameters::EllipticCurve(_) => AlgorithmFamily::Ec,
        AlgorithmParameters::OctetKeyPair(_) => AlgorithmFamily::Ed,
        AlgorithmParameters::OctetKey(_) => AlgorithmFamily::Hmac,
    };
    if family != alg.family() || family == AlgorithmFamily::Hmac {
        return Err(IdTokenError::KeyMismatch(format!(
            "a {family:?} key for {alg:?}"
        )));
    }
    let decoding = DecodingKey::from_jwk(key)
        .map_err(|e| IdTokenError::KeyMismatch(format!("the key cannot be read: {e}")))?;
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    match jsonwebtoken::decode::<Value>(jws, &decoding, &validation) {
        Ok(data) => Ok(data.claims),
        Err(e) => match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => Err(IdTokenError::Signature),
            _ => Err(IdTokenError::Malformed(e.to_string())),
        },
    }
}

/// Checks the claims of a token whose signature verified, at `now` (Unix seconds).
pub(crate) fn check_claims(
    claims: &IdTokenClaims,
    expected: &Expected<'_>,
    now: i64,
) -> Result<(), IdTokenError> {
    check_issuer(claims, expected.issuer)?;
    check_audience(claims, expected.client_id)?;
    let leeway = i64::try_from(expected.leeway.as_secs()).unwrap_or(i64::MAX);
    let exp = claims.expires_at().ok_or_else(|| missing("exp"))?;
    if exp.saturating_add(leeway) <= now {
        return Err(IdTokenError::Expired);
    }
    let iat = claims.issued_at().ok_or_else(|| missing("iat"))?;
    if iat.saturating_sub(leeway) > now {
        return Err(IdTokenError::IssuedInFuture);
    }
    match expected.nonce {
        Some(nonce) if claims.text("nonce") != Some(nonce) => Err(IdTokenError::Nonce),
        _ => Ok(()),
    }
}

fn missing(claim: &str) -> IdTokenError {
    IdTokenError::Malformed(format!("the `{claim}` claim is missing"))
}

/// `iss` is the provider's issuer (for a multi-tenant one, filled with the token's `tid`).
fn check_issuer(claims: &IdTokenClaims, issuer: &Issuer) -> Result<(), IdTokenError> {
    let expected = issuer.expected(claims.text("tid"));
    if expected.as_deref() == Some(claims.issuer()) {
        return Ok(());
    }
    Err(IdTokenError::Issuer {
        expected: expected.unwrap_or_else(|| format!("{issuer:?}")),
        found: claims.issuer().to_string(),
    })
}

/// `aud` names this client; with other audiences too, `azp` must name it (and `azp`, when
/// present, must always name it).
fn check_audience(claims: &IdTokenClaims, client_id: &str) -> Result<(), IdTokenError> {
    let audiences = claims.audiences();
    if !audiences.contains(&client_id) {
        return Err(IdTokenError::Audience);
    }
    match claims.text("azp") {
        Some(azp) if azp != client_id => Err(IdTokenError::AuthorizedParty),
        None if audiences.len() > 1 => Err(IdTokenError::AuthorizedParty),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn claims(overrides: Value) -> IdTokenClaims {
        let mut base = json!({
            "iss": "https://op.example", "sub": "u1", "aud": "me",
            "exp": NOW + 300, "iat": NOW, "nonce": "n1"
        });
        for (k, v) in overrides.as_object().unwrap() {
            base[k] = v.clone();
        }
        IdTokenClaims::from_json(base).unwrap()
    }

    fn check(overrides: Value) -> Result<(), IdTokenError> {
        let issuer = Issuer::Exact("https://op.example".into());
        let expected = Expected {
            issuer: &issuer,
            client_id: "me",
            nonce: Some("n1"),
            leeway: Duration::from_secs(60),
        };
        check_claims(&claims(overrides), &expected, NOW)
    }

    #[test]
    fn each_claim_is_checked() {
        assert_eq!(check(json!({})), Ok(()));
        assert!(matches!(
            check(json!({"iss": "https://evil.example"})),
            Err(IdTokenError::Issuer { .. })
        ));
        assert_eq!(check(json!({"aud": "other"})), Err(IdTokenError::Audience));
        assert_eq!(
            check(json!({"aud": ["me", "other"]})),
            Err(IdTokenError::AuthorizedParty)
        );
        assert_eq!(check(json!({"aud": ["me", "other"], "azp": "me"})), Ok(()));
        assert_eq!(
            check(json!({"azp": "other"})),
            Err(IdTokenError::AuthorizedParty)
        );
        assert_eq!(check(json!({"nonce": "n2"})), Err(IdTokenError::Nonce));
        assert!(matches!(
            check(json!({"exp": null})),
            Err(IdTokenError::Malformed(_))
        ));
    }

    #[test]
    fn times_are_checked_with_the_leeway() {
        assert_eq!(
            check(json!({"exp": NOW - 30})),
            Ok(()),
            "expired within the leeway"
        );
        assert_eq!(check(json!({"exp": NOW - 61})), Err(IdTokenError::Expired));
        assert_eq!(
            check(json!({"iat": NOW + 30})),
            Ok(()),
            "a provider clock a little ahead"
        );
        assert_eq!(
            check(json!({"iat": NOW + 61})),
            Err(IdTokenError::IssuedInFuture)
        );
    }

    #[test]
    fn only_announced_asymmetric_algorithms_are_accepted() {
        let announced = vec!["RS256".to_string(), "HS256".to_string(), "none".to_string()];
        assert!(accepted_alg("RS256", &announced).is_ok());
        assert_eq!(
            accepted_alg("HS256", &announced),
            Err(IdTokenError::Algorithm("HS256".into()))
        );
        assert_eq!(
            accepted_alg("none", &announced),
            Err(IdTokenError::Algorithm("none".into()))
        );
        assert!(accepted_alg("ES256", &announced).is_err(), "not announced");
    }
}
