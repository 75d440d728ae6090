//! A token for tests, from an access token alone.

use oauth_dance::Token;

/// A bearer token with this access token, for a storage in a test
/// (`MemoryStorage::with_token(token("fake-token"))`) or a mock login.
///
/// ```
/// let token = oauth_dance_dev::kit::token("fake-token");
/// assert_eq!(token.access_token(), "fake-token");
/// assert_eq!(token.token_type(), Some("bearer"));
/// ```
///
/// # Panics
///
/// When `access_token` is empty (a token needs one).
pub fn token(access_token: &str) -> Token {
    Token::from_json(serde_json::json!({"access_token": access_token, "token_type": "bearer"}))
        .expect("a test token needs a non-empty access token")
}
