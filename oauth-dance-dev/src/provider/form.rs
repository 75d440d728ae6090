//! Strict `application/x-www-form-urlencoded` parsing for query strings and form bodies.
//!
//! Unlike `url::form_urlencoded::parse`, this refuses what a real authorization server must
//! refuse instead of repairing it: bytes that do not decode to UTF-8 and parameters that
//! appear more than once (RFC 6749 §3.1, §3.2).

use std::fmt;

/// Why a form could not be parsed. Both are answered with a 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FormError {
    /// A name or value was not UTF-8 once percent-decoded.
    #[error("the request is not valid UTF-8 once percent-decoded")]
    NotUtf8,
    /// A parameter was sent more than once.
    #[error("the parameter `{0}` was sent more than once")]
    Duplicate(String),
}

/// Decoded parameters in the order sent. Its `Debug` shows names only: values may be secrets.
#[derive(Clone, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `a=1&b=two+words&c=%C3%A9`. Empty pieces (`a=1&&b=2`) are skipped.
    pub(crate) fn parse(input: &[u8]) -> Result<Params, FormError> {
        let mut out: Vec<(String, String)> = Vec::new();
        for piece in input.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match piece.iter().position(|b| *b == b'=') {
                Some(i) => (&piece[..i], &piece[i + 1..]),
                None => (piece, &[][..]),
            };
            let name = decode(name)?;
            let value = decode(value)?;
            if out.iter().any(|(n, _)| *n == name) {
                return Err(FormError::Duplicate(name));
            }
            out.push((name, value));
        }
        Ok(Params(out))
    }

    /// The value of `name`, or `None` when absent or empty: RFC 6749 §3.1 says a parameter
    /// sent without a value is treated as omitted.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The client id: `client_id`, or `client_key` as TikTok names it (so that a client with
    /// oauth-dance's `client_id_as_client_key` quirk dances against this provider too).
    pub(crate) fn client_id(&self) -> Option<&str> {
        self.get("client_id").or_else(|| self.get("client_key"))
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| n))
            .finish()
    }
}

/// Percent-decodes one name or value; `+` is a space. A `%` not followed by two hex digits
/// is kept as is, as browsers do.
pub(crate) fn decode(input: &[u8]) -> Result<String, FormError> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => bytes.push(b' '),
            b'%' => match (
                input.get(i + 1).and_then(hex),
                input.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    bytes.push(hi << 4 | lo);
                    i += 2;
                }
                _ => bytes.push(b'%'),
            },
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8(bytes).map_err(|_| FormError::NotUtf8)
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent() {
        let p = Params::parse(b"a=1&b=two+words&c=%C3%A9&d=100%&e").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("b"), Some("two words"));
        assert_eq!(p.get("c"), Some("é"));
        assert_eq!(p.get("d"), Some("100%"));
        assert_eq!(p.get("e"), None);
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn refuses_duplicates_and_bad_utf8() {
        assert_eq!(
            Params::parse(b"a=1&a=2").unwrap_err(),
            FormError::Duplicate("a".into())
        );
        assert_eq!(Params::parse(b"a=%FF").unwrap_err(), FormError::NotUtf8);
        assert_eq!(Params::parse(b"a=\xff").unwrap_err(), FormError::NotUtf8);
    }

    #[test]
    fn debug_hides_values() {
        let p = Params::parse(b"client_secret=hunter2").unwrap();
        let shown = format!("{p:?}");
        assert!(shown.contains("client_secret"));
        assert!(!shown.contains("hunter2"));
    }

    #[test]
    fn empty_input_is_empty() {
        assert_eq!(Params::parse(b"").unwrap().get("a"), None);
        assert_eq!(Params::parse(b"&&").unwrap().get("a"), None);
    }
}
