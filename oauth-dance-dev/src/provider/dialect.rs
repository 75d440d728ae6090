//! How the provider speaks where real providers depart from RFC 6749, set with
//! [`DevProvider::set_dialect`](super::DevProvider::set_dialect): the shape of its token
//! responses and a header its API takes the bare token in. A client with the matching quirk or
//! setting dances against it; one without fails as it would against the real provider.

use serde_json::{Value, json};

/// A non-standard way of speaking OAuth 2 (the default is RFC 6749's).
///
/// ```
/// use oauth_dance_dev::{DevProvider, Dialect, TokenShape};
///
/// let provider = DevProvider::start()?;
/// provider.set_dialect(Dialect {
///     token_shape: TokenShape::WithoutTokenType,
///     api_token_header: Some("X-Shopify-Access-Token".into()),
///     ..Dialect::default()
/// });
/// provider.set_dialect(Dialect::default());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dialect {
    /// How successful token responses (codes and refreshes) are written.
    pub token_shape: TokenShape,
    /// A header API calls may carry the bare access token in, besides `Authorization`
    /// (Shopify's `X-Shopify-Access-Token`).
    pub api_token_header: Option<String>,
    /// Registered names that stand for a redirect URL, `(name, url)`: an authorization request
    /// whose `redirect_uri` is a name sends the browser back to its URL, and the token request
    /// must send the name again (eBay's RuName).
    pub redirect_names: Vec<(String, String)>,
}

/// The shape of a successful token response.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TokenShape {
    /// RFC 6749 §5.1: `{"access_token", "token_type", "expires_in", "refresh_token", "scope"}`.
    #[default]
    Standard,
    /// The same without `token_type` (Shopify's
    /// `{"access_token": "...", "scope": "write_orders,read_customers"}`).
    WithoutTokenType,
    /// Wrapped as `{"status": 0, "body": {...}}` (Withings).
    StatusBody,
    /// `access_token` is an object holding the token at `token` (Yammer's
    /// `{"access_token": {"token": "...", "user_id": ...}, "user": {...}}`).
    AccessTokenObject,
}

impl TokenShape {
    /// `body`, a standard token response, in this shape.
    pub(crate) fn write(self, mut body: Value) -> Value {
        match self {
            TokenShape::Standard => body,
            TokenShape::WithoutTokenType => {
                body.as_object_mut().map(|b| b.remove("token_type"));
                body
            }
            TokenShape::StatusBody => json!({ "status": 0, "body": body }),
            TokenShape::AccessTokenObject => {
                let token = body["access_token"].take();
                body["access_token"] = json!({ "token": token, "user_id": 1 });
                body
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shape_keeps_the_token_where_its_providers_do() {
        let body = || json!({"access_token": "a", "token_type": "Bearer", "scope": "s"});
        assert_eq!(TokenShape::Standard.write(body()), body());
        let bare = TokenShape::WithoutTokenType.write(body());
        assert_eq!(bare, json!({"access_token": "a", "scope": "s"}));
        let wrapped = TokenShape::StatusBody.write(body());
        assert_eq!(wrapped, json!({"status": 0, "body": body()}));
        let nested = TokenShape::AccessTokenObject.write(body());
        assert_eq!(nested["access_token"]["token"], "a");
        assert_eq!(nested["scope"], "s");
    }
}
