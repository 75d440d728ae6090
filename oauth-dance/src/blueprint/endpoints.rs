//! [`Endpoints`]: where a provider runs and the app's credentials there, applied to any blueprint
//! builder in one call — a preset's typed builder, a derived provider's, or a plain one.

use crate::{OAuth1Builder, OAuth2Builder};

/// A provider's endpoints and the app's credentials there, for [`endpoints`](OAuth2Builder::endpoints)
/// on any blueprint builder: the embedded dev provider (`oauth_dance_dev::DevProvider`) is one, a
/// staging deployment of your identity provider could be another.
///
/// `None` changes nothing, so an app can run against the dev provider only when it has one:
///
/// ```
/// use oauth_dance::{Endpoints, OAuth1Builder, OAuth2Builder, contrib::github};
///
/// /// A staging server speaking OAuth 2 only.
/// struct Staging;
///
/// impl Endpoints for Staging {
///     fn oauth2(&self, builder: OAuth2Builder) -> OAuth2Builder {
///         builder
///             .client_id("staging-id")
///             .client_secret("staging-secret")
///             .authorization_url("https://sso.staging.example.com/authorize")
///             .token_url("https://sso.staging.example.com/token")
///             .base_url("https://api.staging.example.com/")
///     }
///     fn oauth1(&self, builder: OAuth1Builder) -> OAuth1Builder {
///         builder
///     }
/// }
///
/// let staging = github::blueprint().endpoints(&Staging).build()?;
/// assert_eq!(staging.base_url().as_str(), "https://api.staging.example.com/");
/// let unchanged = github::blueprint().client_id("i").client_secret("s");
/// let real = unchanged.endpoints(&None::<Staging>).build()?;
/// assert_eq!(real.base_url().as_str(), "https://api.github.com/");
/// # Ok::<(), oauth_dance::ConfigError>(())
/// ```
pub trait Endpoints {
    /// Points an OAuth 2 builder at these endpoints.
    fn oauth2(&self, builder: OAuth2Builder) -> OAuth2Builder;

    /// Points an OAuth 1 builder at these endpoints.
    fn oauth1(&self, builder: OAuth1Builder) -> OAuth1Builder;
}

impl<E: Endpoints> Endpoints for Option<E> {
    fn oauth2(&self, builder: OAuth2Builder) -> OAuth2Builder {
        match self {
            Some(endpoints) => endpoints.oauth2(builder),
            None => builder,
        }
    }

    fn oauth1(&self, builder: OAuth1Builder) -> OAuth1Builder {
        match self {
            Some(endpoints) => endpoints.oauth1(builder),
            None => builder,
        }
    }
}

impl<E: Endpoints> Endpoints for &E {
    fn oauth2(&self, builder: OAuth2Builder) -> OAuth2Builder {
        (**self).oauth2(builder)
    }

    fn oauth1(&self, builder: OAuth1Builder) -> OAuth1Builder {
        (**self).oauth1(builder)
    }
}

impl OAuth2Builder {
    /// Points the blueprint at `endpoints` (their URLs and credentials): see [`Endpoints`].
    pub fn endpoints(self, endpoints: &impl Endpoints) -> Self {
        endpoints.oauth2(self)
    }
}

impl OAuth1Builder {
    /// Points the blueprint at `endpoints` (their URLs and credentials): see [`Endpoints`].
    pub fn endpoints(self, endpoints: &impl Endpoints) -> Self {
        endpoints.oauth1(self)
    }
}
