//! OAuth 1 signatures (RFC 5849 §3.4): the signature base string, and the four methods that
//! sign it. Written on the RustCrypto crates rather than taken from a crate, because no OAuth 1
//! crate signs HMAC-SHA256, places parameters in a form body, and keeps repeated keys, all at
//! once; this file is small, and pinned by the published vectors in its tests.
//!
//! It is public so that a server (the dev provider) can verify what a client signed with the
//! same normalisation.

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use sha1::{Digest, Sha1};
use sha2::Sha256;
use url::Url;

pub use oauth_dance_spec::SignatureMethod;

/// RFC 5849 §3.6: every byte but the unreserved `A-Z a-z 0-9 - . _ ~` as `%XX` (upper-case
/// hex), so a space is `%20`, never `+`.
///
/// ```
/// use oauth_dance::flow::oauth1::signature::encode;
/// assert_eq!(encode("Ladies + Gentlemen"), "Ladies%20%2B%20Gentlemen");
/// assert_eq!(encode("é~"), "%C3%A9~");
/// ```
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The signature base string (§3.4.1): the method, the base string URI (`url` without its
/// query and fragment, §3.4.1.2) and the normalised `params` (§3.4.1.3.2). `params` are every
/// parameter of the request, decoded: the URL's query, a form body's fields and the protocol
/// parameters; `oauth_signature` is left out, repeated names are all kept.
///
/// ```
/// use oauth_dance::flow::oauth1::signature::base_string;
/// let url = url::Url::parse("HTTP://Example.com:80/r%20v/X?id=123").unwrap();
/// let params = [("b".to_string(), "2 q".to_string()), ("a".to_string(), "1".to_string())];
/// assert_eq!(
///     base_string("get", &url, &params),
///     "GET&http%3A%2F%2Fexample.com%2Fr%2520v%2FX&a%3D1%26b%3D2%2520q"
/// );
/// ```
pub fn base_string(method: &str, url: &Url, params: &[(String, String)]) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let host = url.host_str().unwrap_or_default();
    let uri = format!("{}://{host}{port}{}", url.scheme(), url.path());
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(name, _)| name != "oauth_signature")
        .map(|(name, value)| (encode(name), encode(value)))
        .collect();
    pairs.sort();
    let normalized: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        encode(&uri),
        encode(&normalized.join("&"))
    )
}

/// What a consumer signs with: its secret (HMAC, PLAINTEXT) or its RSA private key (RSA-SHA1).
/// `Debug` shows the method only.
#[derive(Clone)]
pub struct SigningKey {
    method: SignatureMethod,
    consumer_secret: String,
    rsa: Option<Arc<RsaPrivateKey>>,
}

/// A signature could not be made (an RSA key too small for a SHA-1 digest).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the RSA key cannot sign: {0}")]
pub struct SignatureError(String);

impl SigningKey {
    /// A key for the HMAC methods and PLAINTEXT (`method` must not be RSA-SHA1: that one needs
    /// [`SigningKey::rsa_sha1`], and this returns `None`).
    pub fn with_secret(method: SignatureMethod, consumer_secret: &str) -> Option<Self> {
        (!method.uses_rsa_key()).then(|| SigningKey {
            method,
            consumer_secret: consumer_secret.to_string(),
            rsa: None,
        })
    }

    /// An RSA-SHA1 key.
    pub fn rsa_sha1(key: RsaPrivateKey) -> Self {
        SigningKey {
            method: SignatureMethod::RsaSha1,
            consumer_secret: String::new(),
            rsa: Some(Arc::new(key)),
        }
    }

    /// The method it signs with.
    pub fn method(&self) -> SignatureMethod {
        self.method
    }

    /// `oauth_signature` for `base_string` (§3.4.2–§3.4.4); `token_secret` is empty before
    /// there is a token.
    pub fn sign(&self, base_string: &str, token_secret: &str) -> Result<String, SignatureError> {
        let secrets = format!("{}&{}", encode(&self.consumer_secret), encode(token_secret));
        let digest = match (self.method, &self.rsa) {
            (SignatureMethod::HmacSha1, _) => hmac::<Hmac<Sha1>>(&secrets, base_string),
            (SignatureMethod::HmacSha256, _) => hmac::<Hmac<Sha256>>(&secrets, base_string),
            (SignatureMethod::RsaSha1, Some(key)) => {
                let hashed = Sha1::digest(base_string.as_bytes());
                let mut rng = rsa::rand_core::OsRng;
                key.sign_with_rng(&mut rng, Pkcs1v15Sign::new::<Sha1>(), &hashed)
                    .map_err(|e| SignatureError(e.to_string()))?
            }
            _ => return Ok(secrets),
        };
        Ok(STANDARD.encode(digest))
    }
}

fn hmac<M: Mac + hmac::digest::KeyInit>(key: &str, message: &str) -> Vec<u8> {
    let mut mac = <M as Mac>::new_from_slice(key.as_bytes()).expect("HMAC takes keys of any size");
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({}, [redacted])", self.method.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePrivateKey;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn secret_key(method: SignatureMethod, secret: &str) -> SigningKey {
        SigningKey::with_secret(method, secret).unwrap()
    }

    /// RFC 5849 §3.4.1.1: repeated names, empty values, encoded names and a form body.
    #[test]
    fn rfc5849_base_string_example() {
        let url = Url::parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").unwrap();
        let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        params.extend(url::form_urlencoded::parse(b"c2&a3=2+q").into_owned());
        params.extend(pairs(&[
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
            ("oauth_signature", "ignored"),
        ]));
        assert_eq!(
            base_string("POST", &url, &params),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D\
             %253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_\
             nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1371312\
             01%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    /// RFC 5849 §1.2: the request-token call (PLAINTEXT) and the photo request (HMAC-SHA1).
    #[test]
    fn rfc5849_section_1_2_example() {
        let plaintext = secret_key(SignatureMethod::Plaintext, "kd94hf93k423kf44");
        assert_eq!(plaintext.sign("anything", "").unwrap(), "kd94hf93k423kf44&");
        let url =
            Url::parse("http://photos.example.net/photos?file=vacation.jpg&size=original").unwrap();
        let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        params.extend(pairs(&[
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_token", "nnch734d00sl2jdk"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131202"),
            ("oauth_nonce", "chapoH"),
        ]));
        let base = base_string("GET", &url, &params);
        let hmac = secret_key(SignatureMethod::HmacSha1, "kd94hf93k423kf44");
        assert_eq!(
            hmac.sign(&base, "pfkkdhi9sl3r4s00").unwrap(),
            "MdpQcU8iPSUjWoN/UDMsK2sui9I="
        );
    }

    /// Twitter's documented example ("Creating a signature").
    #[test]
    fn twitter_documented_vector() {
        let url =
            Url::parse("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
                .unwrap();
        let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        params.extend(pairs(&[
            (
                "status",
                "Hello Ladies + Gentlemen, a signed OAuth request!",
            ),
            ("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
            ("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "1318622958"),
            (
                "oauth_token",
                "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
            ),
            ("oauth_version", "1.0"),
        ]));
        let base = base_string("POST", &url, &params);
        let key = secret_key(
            SignatureMethod::HmacSha1,
            "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        );
        let signature = key
            .sign(&base, "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
            .unwrap();
        assert_eq!(signature, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    /// The OAuth test cases' RSA-SHA1 example (its published 1024-bit test key).
    #[test]
    fn rsa_sha1_published_vector() {
        let key = RsaPrivateKey::from_pkcs8_pem(include_str!("testdata/rfc_test_key.pem")).unwrap();
        let url = Url::parse("http://photos.example.net/photos?file=vacaction.jpg&size=original")
            .unwrap();
        let mut params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        params.extend(pairs(&[
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_signature_method", "RSA-SHA1"),
            ("oauth_timestamp", "1196666512"),
            ("oauth_nonce", "13917289812797014437"),
            ("oauth_version", "1.0"),
        ]));
        let base = base_string("GET", &url, &params);
        assert_eq!(
            SigningKey::rsa_sha1(key).sign(&base, "ignored").unwrap(),
            "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4Rt\
             EXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE="
        );
    }

    /// HMAC-SHA256, against `openssl dgst -sha256 -hmac 'kd94hf93k423kf44&pfkkdhi9sl3r4s00'`.
    #[test]
    fn hmac_sha256_signs_the_same_base_string() {
        let key = secret_key(SignatureMethod::HmacSha256, "kd94hf93k423kf44");
        let signature = key.sign("GET&x&y", "pfkkdhi9sl3r4s00").unwrap();
        assert_eq!(signature, HMAC_SHA256_VECTOR);
        assert!(SigningKey::with_secret(SignatureMethod::RsaSha1, "s").is_none());
        assert!(!format!("{key:?}").contains("kd94"));
    }

    const HMAC_SHA256_VECTOR: &str = "/Z2prXjOEo9xUT9utHG8ygX3BDRInB0RfCYBPmfCe9g=";
}
