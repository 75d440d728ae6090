//! The stored token: the provider's whole token response (unknown fields included), with typed
//! accessors and expiry bookkeeping. Its `Debug` never shows a secret.
//!
//! A token is whatever its flow says it is: an OAuth 2 token has an `access_token`, an OAuth 1
//! token an `oauth_token` and an `oauth_token_secret`. Storages keep any JSON object, so every
//! protocol's token round-trips through every storage.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::unix_now;

/// A token as the provider sent it, plus `expires_at` (Unix seconds) derived from `expires_in`
/// when the token was received.
///
/// ```
/// use oauth_dance::Token;
///
/// let token = Token::from_json(serde_json::json!({
///     "access_token": "s3cr3t", "token_type": "bearer", "expires_in": 3600, "team": "x"
/// })).unwrap();
/// assert_eq!(token.access_token(), "s3cr3t");
/// assert_eq!(token.get("team").unwrap(), "x");
/// assert!(!format!("{token:?}").contains("s3cr3t"));
/// assert!(token.expires_at().is_some());
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token {
    raw: Map<String, Value>,
}

/// Why a token response was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// The JSON is not an object.
    #[error("the token response is not a JSON object")]
    NotAnObject,
    /// No non-empty string `access_token`.
    #[error("the token response has no `access_token`")]
    NoAccessToken,
    /// `expires_in` is neither a number nor a numeric string.
    #[error("the token response's `expires_in` is not a number")]
    BadExpiresIn,
}

impl Token {
    /// Validates an OAuth 2 token response (a JSON object with a non-empty `access_token`) and
    /// derives `expires_at` from `expires_in` (now + seconds), as Flask-Dance does.
    pub fn from_json(value: Value) -> Result<Token, TokenError> {
        let Value::Object(raw) = value else {
            return Err(TokenError::NotAnObject);
        };
        match raw.get("access_token") {
            Some(Value::String(s)) if !s.is_empty() => Token::from_fields(raw),
            _ => Err(TokenError::NoAccessToken),
        }
    }

    /// A token of any protocol from its fields (an OAuth 1 token's `oauth_token` and
    /// `oauth_token_secret`, say), deriving `expires_at` from `expires_in` when present.
    ///
    /// ```
    /// use oauth_dance::Token;
    ///
    /// let mut fields = serde_json::Map::new();
    /// fields.insert("oauth_token".into(), "t".into());
    /// fields.insert("oauth_token_secret".into(), "s".into());
    /// let token = Token::from_fields(fields).unwrap();
    /// assert_eq!(token.get("oauth_token").unwrap(), "t");
    /// assert_eq!(token.access_token(), "");
    /// ```
    pub fn from_fields(raw: Map<String, Value>) -> Result<Token, TokenError> {
        let mut token = Token { raw };
        if let Some(seconds) = token.expires_in_field()? {
            let at = unix_now().saturating_add_signed(seconds);
            token.raw.insert("expires_at".into(), Value::from(at));
        }
        Ok(token)
    }

    /// The OAuth 2 access token (empty for a token that has none, like an OAuth 1 token).
    pub fn access_token(&self) -> &str {
        self.raw
            .get("access_token")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// `token_type`, if the provider sent one.
    pub fn token_type(&self) -> Option<&str> {
        self.raw.get("token_type").and_then(Value::as_str)
    }

    /// The refresh token, if any.
    pub fn refresh_token(&self) -> Option<&str> {
        self.raw.get("refresh_token").and_then(Value::as_str)
    }

    /// The granted scopes: `scope` split on spaces or commas (or a JSON list).
    pub fn scopes(&self) -> Vec<String> {
        match self.raw.get("scope") {
            Some(Value::String(s)) => s
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// When the token expires (Unix seconds), if known.
    pub fn expires_at(&self) -> Option<u64> {
        match self.raw.get("expires_at")? {
            Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
            _ => None,
        }
    }

    /// Seconds until expiry (negative once expired), if known.
    pub fn expires_in(&self) -> Option<i64> {
        self.expires_at().map(|at| at as i64 - unix_now() as i64)
    }

    /// Whether the token is known to have expired (`false` when the expiry is unknown).
    pub fn is_expired(&self) -> bool {
        self.expires_in().is_some_and(|s| s <= 0)
    }

    /// Any field of the response.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.raw.get(key)
    }

    /// The whole response as JSON (this includes secrets: do not log it).
    pub fn as_json(&self) -> &Map<String, Value> {
        &self.raw
    }

    fn expires_in_field(&self) -> Result<Option<i64>, TokenError> {
        match self.raw.get("expires_in") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map(Some)
                .ok_or(TokenError::BadExpiresIn),
            Some(Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| TokenError::BadExpiresIn),
            Some(_) => Err(TokenError::BadExpiresIn),
        }
    }
}

/// A stored token, read back as it was written (no checks: the flow checked it on arrival).
impl From<Map<String, Value>> for Token {
    fn from(raw: Map<String, Value>) -> Self {
        Token { raw }
    }
}

impl From<Token> for Map<String, Value> {
    fn from(token: Token) -> Self {
        token.raw
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.raw.keys().map(String::as_str).collect();
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type())
            .field("expires_at", &self.expires_at())
            .field("fields", &fields)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_unknown_fields_and_derives_expiry() {
        let t =
            Token::from_json(json!({"access_token": "a", "expires_in": "300", "x": [1]})).unwrap();
        assert_eq!(t.get("x"), Some(&json!([1])));
        let left = t.expires_in().unwrap();
        assert!((299..=300).contains(&left), "{left}");
        assert!(!t.is_expired());
    }

    #[test]
    fn rejects_malformed_responses() {
        assert_eq!(Token::from_json(json!([1])), Err(TokenError::NotAnObject));
        assert_eq!(
            Token::from_json(json!({"token_type": "bearer"})),
            Err(TokenError::NoAccessToken)
        );
        assert_eq!(
            Token::from_json(json!({"access_token": ""})),
            Err(TokenError::NoAccessToken)
        );
        assert_eq!(
            Token::from_json(json!({"access_token": "a", "expires_in": "soon"})),
            Err(TokenError::BadExpiresIn)
        );
    }

    #[test]
    fn expired_tokens_are_expired_and_scopes_split() {
        let t = Token::from_json(json!({"access_token": "a", "expires_in": -5, "scope": "a,b c"}))
            .unwrap();
        assert!(t.is_expired());
        assert_eq!(t.scopes(), vec!["a", "b", "c"]);
    }

    #[test]
    fn tokens_without_an_access_token_round_trip() {
        let mut fields = Map::new();
        fields.insert("oauth_token".into(), json!("t"));
        fields.insert("oauth_token_secret".into(), json!("s3cr3t"));
        let t = Token::from_fields(fields).unwrap();
        let back: Token = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert!(!format!("{t:?}").contains("s3cr3t"));
    }

    #[test]
    fn round_trips_through_json_and_redacts_debug() {
        let t = Token::from_json(json!({"access_token": "topsecret", "refresh_token": "r3fr3sh"}))
            .unwrap();
        let back: Token = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        let dbg = format!("{t:?}");
        assert!(
            !dbg.contains("topsecret") && !dbg.contains("r3fr3sh"),
            "{dbg}"
        );
    }
}
