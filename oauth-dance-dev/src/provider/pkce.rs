//! PKCE verification (RFC 7636 §4.6), S256 only.

use oauth2::{PkceCodeChallenge, PkceCodeVerifier};
use subtle::ConstantTimeEq;

/// Is this a syntactically valid verifier: 43 to 128 unreserved characters (RFC 7636 §4.1)?
fn valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Does `BASE64URL(SHA256(verifier))` equal `challenge`? Compared in constant time.
pub(crate) fn verify_s256(verifier: &str, challenge: &str) -> bool {
    // Checked first: the oauth2 crate panics on a verifier of the wrong length.
    if !valid_verifier(verifier) {
        return false;
    }
    let computed =
        PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_owned()));
    bool::from(computed.as_str().as_bytes().ct_eq(challenge.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc_example_verifies() {
        assert!(verify_s256(VERIFIER, CHALLENGE));
    }

    #[test]
    fn wrong_or_malformed_verifiers_fail_without_panicking() {
        assert!(!verify_s256(&VERIFIER.replace('d', "e"), CHALLENGE));
        assert!(!verify_s256("short", CHALLENGE));
        assert!(!verify_s256(&"a".repeat(129), CHALLENGE));
        assert!(!verify_s256(&format!("{}!", &VERIFIER[1..]), CHALLENGE));
        assert!(!verify_s256(CHALLENGE, CHALLENGE));
    }
}
