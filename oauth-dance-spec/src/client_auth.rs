//! How a client authenticates itself at the token endpoint.
//!
//! RFC 6749 §2.3.1 says the client id and secret are `application/x-www-form-urlencoded` before
//! they go into HTTP Basic, so a secret `a~b` is sent as `a%7Eb`; Flask-Dance (through requests)
//! and many other clients send them as they are, and many servers never decode them. For a secret
//! of letters, digits and `-._*` the two are the same bytes; for any other character a server
//! accepts only the one it expects, and answers `invalid_client` to the other.

/// How the client authenticates itself at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientAuth {
    /// HTTP Basic with the client id and secret form-encoded first, as RFC 6749 §2.3.1 says
    /// (`~` is sent as `%7E`, a space as `+`): for servers that decode them.
    Basic,
    /// HTTP Basic with the client id and secret as they are, as Flask-Dance (requests) sends
    /// them: for servers that do not decode them. The default, because it is what Flask-Dance
    /// users have run in production, and because a server that decodes still reads it
    /// correctly unless the secret contains `+` or `%`.
    BasicRaw,
    /// `client_id` and `client_secret` in the form body (`client_secret_post`).
    RequestBody,
    /// `client_id` and `client_secret` in the form body, the secret being a JWT the client
    /// signs itself (ES256, with its team id, key id and private key) and renews before it
    /// expires: Sign in with Apple's client secret.
    SignedSecretPost,
}

impl ClientAuth {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ClientAuth] = &[
        ClientAuth::Basic,
        ClientAuth::BasicRaw,
        ClientAuth::RequestBody,
        ClientAuth::SignedSecretPost,
    ];

    /// The name used in `client_auth = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            ClientAuth::Basic => "basic",
            ClientAuth::BasicRaw => "basic_raw",
            ClientAuth::RequestBody => "request_body",
            ClientAuth::SignedSecretPost => "signed_secret_post",
        }
    }

    /// The kind of that name.
    ///
    /// ```
    /// use oauth_dance_spec::ClientAuth;
    /// assert_eq!(ClientAuth::from_name("basic_raw"), Some(ClientAuth::BasicRaw));
    /// ```
    pub fn from_name(name: &str) -> Option<ClientAuth> {
        ClientAuth::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// What it means, for docs and tables.
    pub const fn describe(self) -> &'static str {
        match self {
            ClientAuth::Basic => "HTTP Basic, credentials form-encoded as RFC 6749 §2.3.1 says",
            ClientAuth::BasicRaw => {
                "HTTP Basic, credentials as they are, as Flask-Dance sends them"
            }
            ClientAuth::RequestBody => "client id and secret in the form body",
            ClientAuth::SignedSecretPost => {
                "client id and a self-signed ES256 JWT as the secret, in the form body"
            }
        }
    }

    /// The other HTTP Basic encoding, for a kind that is one.
    pub const fn other_basic(self) -> Option<ClientAuth> {
        match self {
            ClientAuth::Basic => Some(ClientAuth::BasicRaw),
            ClientAuth::BasicRaw => Some(ClientAuth::Basic),
            ClientAuth::RequestBody | ClientAuth::SignedSecretPost => None,
        }
    }

    /// Whether the client secret is a JWT the client signs ([`ClientAuth::SignedSecretPost`]),
    /// so no fixed secret is configured.
    pub const fn signs_secret(self) -> bool {
        matches!(self, ClientAuth::SignedSecretPost)
    }
}

/// Whether form-encoding changes `text`: only then do the two HTTP Basic encodings differ.
///
/// ```
/// use oauth_dance_spec::client_auth::encodings_differ;
/// assert!(!encodings_differ("abc-DEF_1.2*"));
/// assert!(encodings_differ("a~b"));
/// ```
pub fn encodings_differ(text: &str) -> bool {
    !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'*'))
}
