//! The dev provider as [`Endpoints`]: one call points any blueprint builder at it — a preset's,
//! a derived provider's or a plain one, OAuth 2 or OAuth 1.

use oauth_dance::{Endpoints, OAuth1Builder, OAuth2Builder};

use super::DevProvider;

/// Its client credentials, endpoints and API root, for the protocol of the builder.
///
/// ```
/// use oauth_dance::contrib::{github, twitter};
/// use oauth_dance_dev::DevProvider;
///
/// let dev = DevProvider::start()?;
/// let github = github::blueprint().endpoints(&dev).build()?;
/// assert_eq!(github.base_url().as_str(), dev.base_url());
/// let twitter = twitter::blueprint().endpoints(&dev).build()?;
/// assert_eq!(twitter.base_url().as_str(), dev.oauth1_base_url());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Endpoints for DevProvider {
    fn oauth2(&self, builder: OAuth2Builder) -> OAuth2Builder {
        let builder = builder
            .client_id(self.client_id())
            .client_secret(self.client_secret())
            .authorization_url(self.authorization_url())
            .token_url(self.token_url())
            .base_url(self.base_url());
        // An OpenID Connect preset verifies this provider's ID tokens instead of its own's.
        match builder.is_openid_connect() {
            true => builder.openid_connect(self.issuer()),
            false => builder,
        }
    }

    /// With the RSA key too, for builders that sign with RSA-SHA1 (the others ignore it).
    fn oauth1(&self, builder: OAuth1Builder) -> OAuth1Builder {
        builder
            .client_id(self.client_id())
            .client_secret(self.client_secret())
            .rsa_key(self.rsa_private_key_pem())
            .request_token_url(self.oauth1_request_token_url())
            .authorization_url(self.oauth1_authorization_url())
            .access_token_url(self.oauth1_access_token_url())
            .base_url(self.oauth1_base_url())
    }
}
