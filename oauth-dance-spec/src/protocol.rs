//! Which flow a provider speaks.

/// The protocol of a provider: which flow its blueprint runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// OAuth 2.0, authorization-code grant (RFC 6749), with PKCE (RFC 7636).
    OAuth2,
}

impl Protocol {
    /// Every protocol, in declaration order.
    pub const ALL: &'static [Protocol] = &[Protocol::OAuth2];

    /// The name used in `protocol = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            Protocol::OAuth2 => "oauth2",
        }
    }

    /// The protocol of that name.
    pub fn from_name(name: &str) -> Option<Protocol> {
        Protocol::ALL.iter().copied().find(|p| p.name() == name)
    }
}
