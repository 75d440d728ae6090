//! Fresh random values for what an attacker must not guess: the OAuth 2 `state`, the PKCE code
//! verifier and challenge (RFC 7636 §4.1–4.2), the OAuth 1 nonce.
//!
//! The bytes come from `rand`'s thread-local CSPRNG (ChaCha12, seeded and periodically reseeded
//! from the operating system), written once as unpadded base64url: one allocation per value.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `BYTES` random bytes as unpadded base64url (32 bytes give 43 characters, 256 bits).
pub(crate) fn token<const BYTES: usize>() -> String {
    let mut bytes = [0u8; BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A PKCE pair: a verifier of 43 unreserved characters (256 bits) and its S256 challenge,
/// `BASE64URL(SHA256(verifier))`.
pub(crate) fn pkce_s256() -> (String, String) {
    let verifier = token::<32>();
    let challenge = s256_challenge(&verifier);
    (verifier, challenge)
}

fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_base64url_of_the_asked_length_and_differ() {
        let (a, b) = (token::<32>(), token::<32>());
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(token::<16>()).unwrap().len(), 16);
    }

    #[test]
    fn the_challenge_is_the_rfc_7636_s256_of_the_verifier() {
        // RFC 7636 Appendix B.
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let (verifier, challenge) = pkce_s256();
        assert_eq!(verifier.len(), 43);
        assert!(
            verifier
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(challenge, s256_challenge(&verifier));
    }
}
