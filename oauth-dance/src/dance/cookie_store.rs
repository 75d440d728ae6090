//! [`CompactCookieStore`]: the cookie session's state, written without JSON.
//!
//! actix-session's `CookieSessionStore` writes the session as a JSON object whose values are
//! JSON texts themselves, so every quote of a value travels escaped and is unescaped again on
//! every request. This store writes each entry as `<key length>:<key><value length>:<value>`
//! (lengths in bytes, in decimal): nothing to escape, and a length to skip to instead of a scan.
//! The cookie jar still encrypts and authenticates the whole of it (`CookieContentSecurity::
//! Private`), so only this library's own writes are ever read back.
//!
//! A cookie that actix-session's store wrote (a session from before this encoding; it always
//! starts with `{`) is read as JSON, and written back in this form when the session changes.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;

/// The session state of one cookie: actix-session's map of keys to JSON texts.
type State = HashMap<String, String>;

/// The cookie session's store (see the module documentation).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CompactCookieStore;

impl SessionStore for CompactCookieStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let text = session_key.as_ref();
        if text.starts_with('{') {
            return serde_json::from_str(text)
                .map(Some)
                .map_err(|err| LoadError::Deserialization(err.into()));
        }
        decode(text).map(Some).ok_or_else(|| {
            LoadError::Deserialization(anyhow::anyhow!("the session cookie is malformed"))
        })
    }

    async fn save(&self, state: State, _ttl: &Duration) -> Result<SessionKey, SaveError> {
        SessionKey::try_from(encode(&state)).map_err(|err| SaveError::Other(err.into()))
    }

    async fn update(
        &self,
        _session_key: SessionKey,
        state: State,
        _ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        SessionKey::try_from(encode(&state)).map_err(|err| UpdateError::Other(err.into()))
    }

    async fn update_ttl(&self, _key: &SessionKey, _ttl: &Duration) -> Result<(), anyhow::Error> {
        Ok(())
    }

    async fn delete(&self, _session_key: &SessionKey) -> Result<(), anyhow::Error> {
        Ok(())
    }
}

/// The length of the encoded state of `entries`, computed without writing it.
pub(crate) fn encoded_len<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    entries
        .map(|(key, value)| field_len(key) + field_len(value))
        .sum()
}

/// `<length>:<text>`
fn field_len(text: &str) -> usize {
    decimal_digits(text.len()) + 1 + text.len()
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

fn encode(state: &State) -> String {
    let entries = state.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let mut out = String::with_capacity(encoded_len(entries));
    for (key, value) in state {
        push_field(&mut out, key);
        push_field(&mut out, value);
    }
    out
}

fn push_field(out: &mut String, text: &str) {
    out.push_str(itoa::Buffer::new().format(text.len()));
    out.push(':');
    out.push_str(text);
}

/// The state of an encoded cookie; `None` when it is not one.
fn decode(mut text: &str) -> Option<State> {
    // A few entries: the library's own (a token, attempts, used states) and the app's.
    let mut state = State::with_capacity(4);
    while !text.is_empty() {
        let (key, rest) = take_field(text)?;
        let (value, rest) = take_field(rest)?;
        state.insert(key.to_string(), value.to_string());
        text = rest;
    }
    Some(state)
}

/// The `<length>:<text>` at the start of `text`, and what follows it. The length is read digit
/// by digit (a cookie holds at most 4064 bytes, so five digits at most): a search for the colon
/// cost more than the rest of reading the entry.
fn take_field(text: &str) -> Option<(&str, &str)> {
    let mut length = 0usize;
    for (at, byte) in text.bytes().enumerate().take(6) {
        match byte {
            b'0'..=b'9' => length = length * 10 + usize::from(byte - b'0'),
            b':' if at > 0 => {
                let rest = &text[at + 1..];
                return Some((rest.get(..length)?, rest.get(length..)?));
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(pairs: &[(&str, &str)]) -> State {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_state_reads_back_as_written_and_its_length_is_known_beforehand() {
        let long = "x".repeat(1234);
        let samples = [
            state(&[]),
            state(&[("", "")]),
            state(&[("dev_oauth_token", r#"{"access_token":"a:1","scope":"x y"}"#)]),
            state(&[("k:9:", "12:ab"), ("é ✓", "\"quoted\"\n"), ("long", &long)]),
        ];
        for sample in samples {
            let written = encode(&sample);
            let entries = sample.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            assert_eq!(encoded_len(entries), written.len(), "{written}");
            assert_eq!(decode(&written), Some(sample), "{written}");
            assert!(!written.starts_with('{'), "never taken for JSON");
        }
    }

    #[test]
    fn what_is_not_an_encoded_state_reads_as_none() {
        for bad in [
            "5:abc", "3:abc", "3:abc9:x", "x:abc1:y", ":a1:b", "999999:a", "1:é1:a",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[actix_web::test]
    async fn a_session_that_actix_session_wrote_as_json_still_loads() {
        let json = r#"{"dev_oauth_token":"{\"access_token\":\"a\"}"}"#;
        let key = SessionKey::try_from(json.to_string()).unwrap();
        let loaded = CompactCookieStore.load(&key).await.unwrap().unwrap();
        assert_eq!(loaded["dev_oauth_token"], r#"{"access_token":"a"}"#);
        let garbage = SessionKey::try_from("12:abc".to_string()).unwrap();
        assert!(matches!(
            CompactCookieStore.load(&garbage).await,
            Err(LoadError::Deserialization(_))
        ));
    }
}
