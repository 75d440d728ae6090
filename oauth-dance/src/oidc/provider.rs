//! The generic OpenID Connect provider: a blueprint configured by its provider's issuer URL
//! alone, everything else from the provider's discovery document.

use crate::OAuth2Builder;
use crate::provider::ClientAuth;

/// The name of the generic provider's blueprint: its login route is `/oidc`, its environment
/// variables `OIDC_OAUTH_CLIENT_ID`, `OIDC_OAUTH_CLIENT_SECRET` and `OIDC_OAUTH_ISSUER`.
pub const NAME: &str = "oidc";

/// A blueprint builder for any OpenID Provider (Okta, Auth0, Keycloak, Entra ID, Google, a
/// certified one…), configured by its issuer URL alone.
///
/// The issuer is [`openid_connect`](crate::BlueprintBuilder::openid_connect)'s, else the
/// environment's `OIDC_OAUTH_ISSUER` (`{NAME}_OAUTH_ISSUER` after
/// [`name`](crate::BlueprintBuilder::name)); the client id and secret are read as for every
/// blueprint (`OIDC_OAUTH_CLIENT_ID`, `OIDC_OAUTH_CLIENT_SECRET`). From the provider's
/// discovery document (`{issuer}/.well-known/openid-configuration`, whose `issuer` must be the
/// configured one) come the authorization, token, revocation and end-session endpoints, the
/// key set the ID tokens are checked against, whether PKCE (S256) is used, how the client
/// authenticates (`client_secret_post` when the provider does not take HTTP Basic; HTTP Basic
/// otherwise, form-encoded as RFC 6749 §2.3.1 says and certified providers decode it), and the
/// scope: `openid`, plus `profile` and `email` when the provider lists them. Every endpoint the
/// builder sets explicitly wins over the document. API calls resolve against the issuer unless
/// a [`base_url`](crate::BlueprintBuilder::base_url) is set.
///
/// The document is fetched at the first login (then kept), not by `build()`: an app whose
/// provider is down starts anyway, its login answers a 502 page naming the cause, and the next
/// login tries again. A document that names another issuer, lacks a required endpoint or is
/// not JSON is refused the same way.
///
/// ```
/// let bp = oauth_dance::oidc::blueprint()
///     .openid_connect("https://login.example.com")
///     .client_id("id")
///     .client_secret("secret")
///     .build()?;
/// assert_eq!(bp.name(), "oidc");
/// assert_eq!(bp.base_url().as_str(), "https://login.example.com/");
/// # Ok::<(), oauth_dance::ConfigError>(())
/// ```
pub fn blueprint() -> OAuth2Builder {
    let mut builder = OAuth2Builder::new(NAME);
    builder.flow.issuer_from_env = true;
    // OpenID Connect's `client_secret_basic` is RFC 6749's encoding, not the raw one the
    // OAuth 2 presets send as Flask-Dance does: the certified provider in CI refuses a secret
    // holding `+` or `/` sent raw.
    builder.flow.client_auth = ClientAuth::Basic;
    builder
}
