//! [`IdTokenClaims`]: what an ID token says about the user, once it has been verified.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::{Blueprint, Token};

/// The claims of a verified ID token (OpenID Connect Core §2): who the user is at the provider
/// (`sub`), for which client (`aud`), when, and the profile claims the provider added (`email`,
/// `name`, `hd`…).
///
/// A token reaches the storage only once its ID token passed every check (signature against the
/// provider's keys, issuer, audience, expiry, nonce), so the claims read back from a stored token
/// ([`Client::id_token_claims`](crate::Client::id_token_claims)) are the verified ones. `Debug`
/// shows the issuer and the claim names, never their values.
///
/// ```
/// use oauth_dance::oidc::IdTokenClaims;
///
/// let claims = IdTokenClaims::from_json(serde_json::json!({
///     "iss": "https://accounts.example.com", "sub": "248289761001", "aud": "my-client",
///     "email": "jane@example.com", "email_verified": true
/// })).unwrap();
/// assert_eq!(claims.subject(), "248289761001");
/// assert_eq!(claims.email(), Some("jane@example.com"));
/// assert!(claims.email_verified());
/// assert!(!format!("{claims:?}").contains("jane"));
/// ```
#[derive(Clone, PartialEq)]
pub struct IdTokenClaims {
    raw: Map<String, Value>,
}

impl IdTokenClaims {
    /// Claims from a JSON object with string `iss` and `sub` (no other check: see the type's
    /// docs for where verified claims come from).
    pub fn from_json(value: Value) -> Option<IdTokenClaims> {
        let Value::Object(raw) = value else {
            return None;
        };
        let has = |name: &str| raw.get(name).and_then(Value::as_str).is_some();
        (has("iss") && has("sub")).then_some(IdTokenClaims { raw })
    }

    /// The claims of the ID token a stored token carries (`id_token`), read without checking
    /// them again: a token is stored only after its ID token was verified.
    pub fn of(token: &Token) -> Option<IdTokenClaims> {
        let id_token = token.get("id_token")?.as_str()?;
        IdTokenClaims::from_json(payload(id_token)?)
    }

    /// The claims of `token`'s ID token when `blueprint` verified it: the blueprint is a relying
    /// party, whose tokens are stored (and reach the `authorized` hook) only once their ID
    /// token passed every check. `None` for any other blueprint, whose `id_token`, if any, no
    /// one checked.
    pub(crate) fn verified(blueprint: &Blueprint, token: &Token) -> Option<IdTokenClaims> {
        let flow = blueprint.oauth2()?;
        flow.openid_issuer()?;
        IdTokenClaims::of(token)
    }

    /// `iss`: the provider.
    pub fn issuer(&self) -> &str {
        self.text("iss").unwrap_or_default()
    }

    /// `sub`: the user's identifier at the provider, stable and unique for that issuer (the key
    /// to link a local account to, with the issuer).
    pub fn subject(&self) -> &str {
        self.text("sub").unwrap_or_default()
    }

    /// `aud`: the clients the token is for (one string or a list).
    pub fn audiences(&self) -> Vec<&str> {
        match self.raw.get("aud") {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// `exp` (Unix seconds).
    pub fn expires_at(&self) -> Option<i64> {
        self.raw.get("exp").and_then(number)
    }

    /// `iat` (Unix seconds).
    pub fn issued_at(&self) -> Option<i64> {
        self.raw.get("iat").and_then(number)
    }

    /// `email`, if the provider sent one.
    pub fn email(&self) -> Option<&str> {
        self.text("email")
    }

    /// Whether the provider vouches for `email` (`email_verified`, a boolean or, as some
    /// providers send it, the string `"true"`).
    pub fn email_verified(&self) -> bool {
        match self.raw.get("email_verified") {
            Some(Value::Bool(verified)) => *verified,
            Some(Value::String(text)) => text == "true",
            _ => false,
        }
    }

    /// `name`, if the provider sent one.
    pub fn name(&self) -> Option<&str> {
        self.text("name")
    }

    /// Any claim.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.raw.get(name)
    }

    /// Every claim (they may include personal data: do not log them).
    pub fn as_json(&self) -> &Map<String, Value> {
        &self.raw
    }

    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.raw.get(name).and_then(Value::as_str)
    }
}

/// A number claim, integral or not (`1.7e9` rounds down).
fn number(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_f64().map(|f| f as i64))
}

/// The payload of a compact JWS, as JSON (not checked).
pub(crate) fn payload(jws: &str) -> Option<Value> {
    let mut parts = jws.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl fmt::Debug for IdTokenClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.raw.keys().map(String::as_str).collect();
        f.debug_struct("IdTokenClaims")
            .field("iss", &self.issuer())
            .field("claims", &names)
            .finish()
    }
}
