use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};
use serde_json::Value;

use super::*;

const KEY: &str = include_str!("../testdata/es256_key.pem");
const OTHER_KEY: &str = include_str!("../testdata/es256_other_key.pem");
const ES384_KEY: &str = include_str!("../testdata/es384_key.pem");
const RSA_KEY: &str = include_str!("../../oauth1/testdata/rfc_test_key.pem");
/// The public half of `es256_key.pem` (JWK `x`, `y`).
const KEY_X: &str = "AB01Q7VwYauMlBuPu1RB0-h0ix3ReRVUMEMmD8F7lfc";
const KEY_Y: &str = "jlZZ-zuSHUQgRxhUVugvCgLrbPtC9nSZBOSOEdoLfrI";

fn identity() -> Identity {
    Identity {
        team_id: "TEAM123456".into(),
        key_id: "KEY1234567".into(),
        client_id: "com.example.web".into(),
        audience: "https://appleid.apple.com".into(),
    }
}

fn claims_of(jwt: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let key = DecodingKey::from_ec_components(KEY_X, KEY_Y)?;
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&["https://appleid.apple.com"]);
    validation.set_issuer(&["TEAM123456"]);
    Ok(decode::<Value>(jwt, &key, &validation)?.claims)
}

#[test]
fn the_secret_is_an_es256_jwt_with_the_identity_claims() {
    let signer = SecretSigner::from_pem(KEY, "the key", identity()).unwrap();
    let jwt = signer.secret().unwrap();
    let header = decode_header(&*jwt).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
    assert_eq!(header.kid.as_deref(), Some("KEY1234567"));
    let claims = claims_of(&jwt).unwrap();
    assert_eq!(claims["sub"], "com.example.web");
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(exp - iat, LIFETIME_SECS);
    assert!(iat.abs_diff(unix_now()) < 60, "{iat}");
}

#[test]
fn another_key_signs_what_the_public_key_refuses() {
    let signer = SecretSigner::from_pem(OTHER_KEY, "the key", identity()).unwrap();
    let refused = claims_of(&signer.secret().unwrap()).unwrap_err();
    assert_eq!(
        refused.kind(),
        &jsonwebtoken::errors::ErrorKind::InvalidSignature
    );
}

#[test]
fn the_secret_is_reused_until_shortly_before_it_expires() {
    let signer = SecretSigner::from_pem(KEY, "the key", identity()).unwrap();
    let now = unix_now();
    let first = signer.secret_at(now).unwrap();
    let renew = now + LIFETIME_SECS - RENEW_MARGIN_SECS;
    assert!(Arc::ptr_eq(&first, &signer.secret_at(renew - 5).unwrap()));
    let renewed = signer.secret_at(renew + 1).unwrap();
    assert_ne!(first, renewed);
    let claims = claims_of(&renewed).unwrap();
    assert_eq!(claims["iat"].as_u64(), Some(renew + 1));
    assert!(Arc::ptr_eq(&renewed, &signer.secret_at(renew + 2).unwrap()));
}

#[test]
fn a_key_file_is_read_and_bad_keys_are_named_never_shown() {
    let path = std::env::temp_dir().join(format!("oauth-dance-p8-{}.p8", std::process::id()));
    std::fs::write(&path, KEY).unwrap();
    assert!(
        SecretSigner::from_pem(
            path.to_str().unwrap(),
            "APPLE_OAUTH_PRIVATE_KEY",
            identity()
        )
        .is_ok()
    );
    std::fs::remove_file(&path).unwrap();
    let error =
        |pem: &str| SecretSigner::from_pem(pem, "APPLE_OAUTH_PRIVATE_KEY", identity()).unwrap_err();
    let missing = error("/nonexistent/AuthKey.p8");
    assert!(missing.contains("APPLE_OAUTH_PRIVATE_KEY") && missing.contains("readable file"));
    for (pem, says) in [
        (RSA_KEY, "not an EC P-256 private key"),
        (ES384_KEY, "not an EC P-256 private key"),
        (
            "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----",
            "not a PKCS#8",
        ),
        (
            &KEY.replace("PRIVATE KEY", "EC PRIVATE KEY"),
            "not a PKCS#8",
        ),
    ] {
        let message = error(pem);
        assert!(
            message.contains("APPLE_OAUTH_PRIVATE_KEY") && message.contains(says),
            "{message}"
        );
        let body = KEY.lines().nth(1).unwrap();
        assert!(!message.contains(body), "{message}");
    }
}

#[test]
fn debug_shows_no_key_and_no_secret() {
    let signer = SecretSigner::from_pem(KEY, "the key", identity()).unwrap();
    let jwt = signer.secret().unwrap();
    let shown = format!("{signer:?}");
    assert!(shown.contains("TEAM123456"), "{shown}");
    assert!(
        !shown.contains(&*jwt) && !shown.contains("BEGIN"),
        "{shown}"
    );
}
