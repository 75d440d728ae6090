//! [`OAuthToken`]: the built-in token table, for apps that need no columns of their own.

use crate::Token;

/// The built-in token model: table `oauth_dance_token` with Flask-Dance's columns, a text
/// `user_id` (any local user id) and a `provider_user_id`. Its SQL is shipped in
/// `migrations/`; [`SqlStorage::migrate`](super::SqlStorage::migrate) applies it.
///
/// ```
/// use oauth_dance::storage::sql::{OAuthToken, TokenModel};
///
/// assert_eq!(OAuthToken::MODEL.table, "oauth_dance_token");
/// ```
#[derive(crate::TokenModel)]
#[token(table = "oauth_dance_token")]
pub struct OAuthToken {
    /// The row's key.
    pub id: i64,
    /// The blueprint's name (`"github"`).
    pub provider: String,
    /// The local user, or `None` for a site-wide token.
    pub user_id: Option<String>,
    /// Who the user is at the provider (see `SqlStorage::set_account`).
    pub provider_user_id: Option<String>,
    /// The token response.
    pub token: Token,
    /// When the row was created (Unix seconds).
    pub created_at: i64,
}
