//! The session key from the environment: every instance of an app must encrypt its session
//! cookie with the same [`Key`], and a key generated at startup changes with every restart
//! (logging everybody out, and breaking dances that started on another instance).

use actix_web::cookie::Key;
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

/// The environment variable [`session_key_from_env`] reads: 64 random bytes, hex or base64.
pub const SESSION_KEY_VAR: &str = "OAUTH_DANCE_SESSION_KEY";

/// How many bytes a session key has at least (signing and encryption keys, 32 each).
const KEY_BYTES: usize = 64;

/// Why a session key could not be read.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionKeyError {
    /// The value decodes to fewer than 64 bytes.
    #[error(
        "{SESSION_KEY_VAR} holds {0} bytes; a session key needs at least 64 random bytes (make one with `openssl rand -hex 64`)"
    )]
    TooShort(usize),
    /// The value is neither hex nor base64.
    #[error("{SESSION_KEY_VAR} is neither hex nor base64; make a key with `openssl rand -hex 64`")]
    NotEncoded,
    /// The variable is set but not valid Unicode.
    #[error("{SESSION_KEY_VAR} is not valid Unicode; make a key with `openssl rand -hex 64`")]
    NotUnicode,
}

/// The message itself, so that `main` returning `Result<(), Box<dyn Error>>` prints a sentence.
impl std::fmt::Debug for SessionKeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl From<SessionKeyError> for std::io::Error {
    fn from(err: SessionKeyError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, err)
    }
}

/// The session key in `OAUTH_DANCE_SESSION_KEY`, or `None` when the variable is not set.
///
/// The value is at least 64 random bytes, as hex (`openssl rand -hex 64`) or base64 (standard
/// or URL-safe, padded or not; white space is ignored). A value that is set but too short or
/// not decodable is an error, so a mistyped key stops the app at startup instead of silently
/// falling back to a generated one.
///
/// ```no_run
/// use actix_web::cookie::Key;
///
/// # fn main() -> Result<(), oauth_dance::SessionKeyError> {
/// // Production: the key must be there.
/// let key = oauth_dance::session_key_from_env()?.expect("set OAUTH_DANCE_SESSION_KEY");
/// // Development: a fixed key when there is one, else a new key each run.
/// let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
/// # Ok(()) }
/// ```
///
/// # Rotating the key
///
/// actix-session seals the session cookie with one key and has no fallback key, so there is no
/// overlap period: from the moment an instance runs with the new key, a cookie sealed with the
/// old one does not open and is treated as absent. What that costs users:
///
/// - **Cookie sessions** (the default): everything in the cookie is gone — logins in progress
///   start again, and tokens kept by the default session storage are lost (users log in with
///   the provider again). Tokens in SQL storage stay, but the app's own login in the session
///   (what [`Dance::local_user`](crate::Dance::local_user) reads) is gone, so users sign in
///   to the app again.
/// - **Redis sessions** ([`Dance::with_redis_sessions`](crate::Dance::with_redis_sessions)):
///   the cookie only holds the session id, sealed with the key; the state stays in Redis but
///   can no longer be found, and expires with its TTL. For users it is the same: signed out.
///
/// So rotate when signing everyone out is acceptable (or required, after a leak), and roll
/// the new key out to every instance at once: during a rolling restart, instances with
/// different keys cannot read each other's cookies, and users bounce between signed in and
/// signed out until all run the new key.
///
/// # Errors
///
/// [`SessionKeyError`] when the variable is set but does not hold a usable key.
pub fn session_key_from_env() -> Result<Option<Key>, SessionKeyError> {
    match std::env::var(SESSION_KEY_VAR) {
        Ok(value) => parse_session_key(&value).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(SessionKeyError::NotUnicode),
    }
}

/// A session key from its text (hex or base64 of at least 64 bytes), for keys kept somewhere
/// other than `OAUTH_DANCE_SESSION_KEY` (a secret manager, a file).
///
/// ```
/// use oauth_dance::{SessionKeyError, parse_session_key};
///
/// let hex = "00".repeat(64);
/// assert!(parse_session_key(&hex).is_ok());
/// assert_eq!(parse_session_key("abcd").err(), Some(SessionKeyError::TooShort(2)));
/// ```
///
/// # Errors
///
/// [`SessionKeyError`] when the text decodes to fewer than 64 bytes or is not hex or base64.
pub fn parse_session_key(text: &str) -> Result<Key, SessionKeyError> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = decode_hex(&text)
        .or_else(|| decode_base64(&text))
        .ok_or(SessionKeyError::NotEncoded)?;
    if bytes.len() < KEY_BYTES {
        return Err(SessionKeyError::TooShort(bytes.len()));
    }
    Ok(Key::from(&bytes))
}

/// Hex, when every character is a hex digit and there is an even number of them.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.is_empty()
        || !text.len().is_multiple_of(2)
        || !text.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Base64, standard or URL-safe, with or without padding.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    [
        GeneralPurpose::new(&base64::alphabet::STANDARD, lenient),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient),
    ]
    .iter()
    .find_map(|engine| engine.decode(text).ok())
    .filter(|bytes| !bytes.is_empty())
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose;

    use super::*;

    fn key_bytes() -> Vec<u8> {
        (0..64u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(11))
            .collect()
    }

    #[test]
    fn hex_and_base64_give_the_same_key() {
        let bytes = key_bytes();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let standard = general_purpose::STANDARD.encode(&bytes);
        let url_safe = general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let expected = Key::from(&bytes);
        for text in [&hex, &hex.to_uppercase(), &standard, &url_safe] {
            let key = parse_session_key(text).unwrap();
            assert_eq!(key.master(), expected.master(), "{text}");
        }
        // `openssl rand -base64 64` wraps its output: line breaks are ignored.
        let wrapped = format!("{}\n{}\n", &standard[..64], &standard[64..]);
        assert_eq!(
            parse_session_key(&wrapped).unwrap().master(),
            expected.master()
        );
    }

    #[test]
    fn a_short_or_garbled_key_is_refused_with_a_sentence() {
        let short = "ab".repeat(32);
        let refused = |text: &str| parse_session_key(text).err();
        assert_eq!(refused(&short), Some(SessionKeyError::TooShort(32)));
        assert_eq!(refused("not a key!"), Some(SessionKeyError::NotEncoded));
        assert_eq!(refused(""), Some(SessionKeyError::NotEncoded));
        let message = format!("{:?}", SessionKeyError::TooShort(32));
        assert!(
            message.starts_with(
                "OAUTH_DANCE_SESSION_KEY holds 32 bytes; a session key needs at least 64"
            ),
            "{message}"
        );
    }
}
