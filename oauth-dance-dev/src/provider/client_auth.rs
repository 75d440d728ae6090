//! Client authentication at the token endpoint (RFC 6749 §2.3.1): HTTP Basic, or
//! `client_id` + `client_secret` in the form body, but never both. HTTP Basic credentials are
//! form-decoded, as the RFC says, or taken as they are, as many real servers do
//! ([`BasicCredentials`]).

use actix_web::HttpRequest;
use actix_web::http::header;
use subtle::ConstantTimeEq;

use super::error::OAuthError;
use super::form::{Params, decode};
use super::signed_secret::{self, SignedSecretKey};
use super::state::Config;

/// Checks the client's credentials against the configured client.
pub(crate) fn authenticate(
    req: &HttpRequest,
    params: &Params,
    config: &Config,
) -> Result<(), OAuthError> {
    let (id, secret) = match req.headers().get(header::AUTHORIZATION) {
        Some(value) => {
            if params.get("client_secret").is_some() {
                return Err(OAuthError::invalid_request(
                    "more than one client authentication method was used",
                ));
            }
            let (id, secret) = parse_basic(value.as_bytes(), config.basic_credentials)
                .ok_or_else(OAuthError::invalid_client)?;
            // A `client_id` in the body alongside Basic must name the same client.
            if params.client_id().is_some_and(|body_id| body_id != id) {
                return Err(OAuthError::invalid_client());
            }
            (id, secret)
        }
        None => match (params.client_id(), params.get("client_secret")) {
            (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
            _ => return Err(OAuthError::invalid_client()),
        },
    };
    let id_ok = id.as_bytes().ct_eq(config.client_id.as_bytes());
    // A client that signs its secret; the plain secret still works, so that one provider
    // serves every kind of client in a test.
    let plain = secret.as_bytes().ct_eq(config.client_secret.as_bytes());
    if let (Some(key), false) = (&config.signed_secret, bool::from(plain)) {
        return authenticate_signed(req, &id, &secret, key, config);
    }
    let secret_ok = secret.as_bytes().ct_eq(config.client_secret.as_bytes());
    if bool::from(id_ok & secret_ok) {
        Ok(())
    } else {
        Err(OAuthError::invalid_client())
    }
}

/// A client that signs its secret: the secret is an ES256 JWT, checked against the registered
/// public key; the refusal says what is wrong with it.
fn authenticate_signed(
    req: &HttpRequest,
    id: &str,
    secret: &str,
    key: &SignedSecretKey,
    config: &Config,
) -> Result<(), OAuthError> {
    if id != config.client_id {
        return Err(OAuthError::invalid_client());
    }
    let issuer = super::oidc::issuer(req);
    signed_secret::check(secret, key, id, &issuer).map_err(|reason| {
        log::info!("dev provider: refused a signed client secret: {reason}");
        OAuthError::invalid_client_because(reason)
    })
}

/// How the provider reads the credentials of an HTTP Basic `Authorization` header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum BasicCredentials {
    /// `base64(urlencode(id):urlencode(secret))`, decoded as RFC 6749 §2.3.1 says (the default).
    #[default]
    FormEncoded,
    /// `base64(id:secret)`, taken as they are (split at the first `:`), as many servers do.
    Raw,
}

/// Parses `Basic base64(id:secret)`, decoding the two as `encoding` says.
pub(crate) fn parse_basic(value: &[u8], encoding: BasicCredentials) -> Option<(String, String)> {
    let value = std::str::from_utf8(value).ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64_decode(encoded.trim())?;
    let colon = decoded.iter().position(|b| *b == b':')?;
    let (id, secret) = (&decoded[..colon], &decoded[colon + 1..]);
    match encoding {
        BasicCredentials::FormEncoded => Some((decode(id).ok()?, decode(secret).ok()?)),
        BasicCredentials::Raw => Some((
            String::from_utf8(id.to_vec()).ok()?,
            String::from_utf8(secret.to_vec()).ok()?,
        )),
    }
}

/// Decodes standard base64 (RFC 4648 §4), padding optional. `None` on any invalid input.
pub(crate) fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let input = input.as_bytes();
    let unpadded = match input {
        [rest @ .., b'=', b'='] => rest,
        [rest @ .., b'='] => rest,
        all => all,
    };
    if unpadded.len() % 4 == 1 || (unpadded.len() != input.len() && !input.len().is_multiple_of(4))
    {
        return None;
    }
    let mut out = Vec::with_capacity(unpadded.len() * 3 / 4);
    for chunk in unpadded.chunks(4) {
        let mut acc: u32 = 0;
        for (i, c) in chunk.iter().enumerate() {
            acc |= u32::from(sextet(*c)?) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_known_vectors() {
        // RFC 4648 §10 test vectors.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(
                base64_decode(encoded).unwrap(),
                plain.as_bytes(),
                "{encoded}"
            );
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(base64_decode(unpadded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn base64_refuses_garbage() {
        for bad in ["Z", "Zg=", "Z===", "Zm9v!", "Zm 9v", "====", "Zg==Zg=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        // "my%20id:p%3Ass+word" → id "my id", secret "p:ss word".
        let header = b"Basic bXklMjBpZDpwJTNBc3Mrd29yZA==";
        let form = BasicCredentials::FormEncoded;
        assert_eq!(
            parse_basic(header, form),
            Some(("my id".to_owned(), "p:ss word".to_owned()))
        );
        assert_eq!(parse_basic(b"Bearer abc", form), None);
        assert_eq!(parse_basic(b"Basic !!!", form), None);
        assert_eq!(parse_basic(b"Basic Zm9v", form), None); // no colon
        assert_eq!(parse_basic(b"Basic \xff", form), None);
    }

    #[test]
    fn raw_basic_credentials_are_taken_as_they_are() {
        // "my%20id:p%3Ass+word", taken as is; the secret may hold a colon.
        let header = b"Basic bXklMjBpZDpwJTNBc3Mrd29yZA==";
        assert_eq!(
            parse_basic(header, BasicCredentials::Raw),
            Some(("my%20id".to_owned(), "p%3Ass+word".to_owned()))
        );
        // base64("id:a:b") → id "id", secret "a:b".
        assert_eq!(
            parse_basic(b"Basic aWQ6YTpi", BasicCredentials::Raw),
            Some(("id".to_owned(), "a:b".to_owned()))
        );
    }
}
