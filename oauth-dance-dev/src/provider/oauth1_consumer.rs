//! The development provider's one OAuth 1 consumer: the client id and secret of its OAuth 2
//! client (as consumer key and secret), and a throwaway RSA key pair for RSA-SHA1, whose
//! private half [`DevProvider::rsa_private_key_pem`](super::DevProvider::rsa_private_key_pem)
//! hands to apps. Development only: the key is published with this crate.

use std::sync::OnceLock;

use rsa::pkcs8::DecodePrivateKey;
use rsa::{RsaPrivateKey, RsaPublicKey};

/// The consumer's RSA private key (PKCS#8 PEM, 2048 bits).
pub(crate) const RSA_PRIVATE_KEY_PEM: &str = include_str!("dev_rsa_key.pem");

/// The public half, which RSA-SHA1 signatures are verified with.
pub(crate) fn rsa_public_key() -> &'static RsaPublicKey {
    static KEY: OnceLock<RsaPublicKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let private = RsaPrivateKey::from_pkcs8_pem(RSA_PRIVATE_KEY_PEM)
            .expect("the dev provider's RSA key is valid PEM");
        private.to_public_key()
    })
}
