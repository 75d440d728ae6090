//! [`ProtocolSpec`]: the part of a provider's description that belongs to its protocol, one
//! variant per protocol ([`OAuth2Spec`], [`OAuth1Spec`]).

mod oauth1;
mod oauth2;

pub use oauth1::OAuth1Spec;
pub use oauth2::OAuth2Spec;

use super::Protocol;

/// What a provider says about its protocol: the endpoints, parameters and settings that only
/// that protocol has. The rest of a [`ProviderSpec`](super::ProviderSpec) is shared by every
/// protocol.
///
/// ```
/// use oauth_dance::provider::{OAuth2Spec, Protocol, ProtocolSpec};
///
/// let part = ProtocolSpec::OAuth2(OAuth2Spec::new().token_url("https://example.com/token"));
/// assert_eq!(part.kind(), Protocol::OAuth2);
/// assert_eq!(part.oauth2().unwrap().token_url, "https://example.com/token");
/// assert!(part.oauth1().is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProtocolSpec {
    /// OAuth 2.0: the token endpoint, the scope, the client authentication.
    OAuth2(OAuth2Spec),
    /// OAuth 1.0a: the request-token and access-token endpoints, the signature.
    OAuth1(OAuth1Spec),
}

impl ProtocolSpec {
    /// The part of `protocol` with every field at its default.
    ///
    /// ```
    /// use oauth_dance::provider::{OAuth1Spec, Protocol, ProtocolSpec};
    ///
    /// assert_eq!(ProtocolSpec::new(Protocol::OAuth1), ProtocolSpec::OAuth1(OAuth1Spec::new()));
    /// ```
    pub const fn new(protocol: Protocol) -> Self {
        match protocol {
            Protocol::OAuth1 => ProtocolSpec::OAuth1(OAuth1Spec::new()),
            _ => ProtocolSpec::OAuth2(OAuth2Spec::new()),
        }
    }

    /// The protocol.
    pub const fn kind(&self) -> Protocol {
        match self {
            ProtocolSpec::OAuth2(_) => Protocol::OAuth2,
            ProtocolSpec::OAuth1(_) => Protocol::OAuth1,
        }
    }

    /// The OAuth 2 part, if the provider speaks OAuth 2.
    pub const fn oauth2(&self) -> Option<&OAuth2Spec> {
        match self {
            ProtocolSpec::OAuth2(spec) => Some(spec),
            ProtocolSpec::OAuth1(_) => None,
        }
    }

    /// The OAuth 1 part, if the provider speaks OAuth 1.
    pub const fn oauth1(&self) -> Option<&OAuth1Spec> {
        match self {
            ProtocolSpec::OAuth1(spec) => Some(spec),
            ProtocolSpec::OAuth2(_) => None,
        }
    }
}
