//! How a client authenticates itself at the token endpoint.

/// How the client authenticates itself at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientAuth {
    /// HTTP Basic `client_id:client_secret` (the default).
    Basic,
    /// `client_id` and `client_secret` in the form body.
    RequestBody,
}

impl ClientAuth {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ClientAuth] = &[ClientAuth::Basic, ClientAuth::RequestBody];

    /// The name used in `client_auth = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            ClientAuth::Basic => "basic",
            ClientAuth::RequestBody => "request_body",
        }
    }

    /// The kind of that name.
    ///
    /// ```
    /// use oauth_dance_spec::ClientAuth;
    /// assert_eq!(ClientAuth::from_name("request_body"), Some(ClientAuth::RequestBody));
    /// ```
    pub fn from_name(name: &str) -> Option<ClientAuth> {
        ClientAuth::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// What it means, for docs and tables.
    pub const fn describe(self) -> &'static str {
        match self {
            ClientAuth::Basic => "HTTP Basic",
            ClientAuth::RequestBody => "client id and secret in the request body",
        }
    }
}
