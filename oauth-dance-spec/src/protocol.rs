//! Which flow a provider speaks.

/// The protocol of a provider: which flow its blueprint runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// OAuth 2.0, authorization-code grant (RFC 6749), with PKCE (RFC 7636).
    OAuth2,
    /// OAuth 1.0a (RFC 5849): request token, authorization, access token, signed requests.
    OAuth1,
}

impl Protocol {
    /// Every protocol, in declaration order.
    pub const ALL: &'static [Protocol] = &[Protocol::OAuth2, Protocol::OAuth1];

    /// The name used in `protocol = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            Protocol::OAuth2 => "oauth2",
            Protocol::OAuth1 => "oauth1",
        }
    }

    /// The protocol of that name.
    ///
    /// ```
    /// use oauth_dance_spec::Protocol;
    /// assert_eq!(Protocol::from_name("oauth1"), Some(Protocol::OAuth1));
    /// assert_eq!(Protocol::from_name("oauth3"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Protocol> {
        Protocol::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// What it is, for docs and error messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Protocol::OAuth2 => "OAuth 2.0, the default",
            Protocol::OAuth1 => "OAuth 1.0a, signed requests",
        }
    }
}
