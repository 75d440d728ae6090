//! Named provider behaviours that are not expressible as data.

/// A named provider behaviour that is not expressible as data. Each quirk is implemented once in
/// the runtime; `providers.toml` and the derive refer to it by [`name`](Quirk::name) and reject
/// names that are not listed in [`Quirk::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quirk {
    /// Slack: API calls with a form body also carry the access token as a `token` form field,
    /// unless the caller already set one (never in the query: Slack refuses that from new apps).
    SlackTokenInBody,
    /// DigitalOcean: scopes given as one comma-separated string are sent space-separated.
    CommaSeparatedScopes,
    /// TikTok: the client id is the parameter `client_key`, not `client_id`, in the
    /// authorization request and in the body of token requests that carry the credentials.
    ClientIdAsClientKey,
    /// Withings: the token endpoint wraps its answer as `{"status": 0, "body": {...}}`; the
    /// token is the `body`, and a non-zero `status` is a refusal.
    StatusWrappedTokenResponse,
    /// Yammer: the token response's `access_token` is an object holding the token at `token`.
    AccessTokenObject,
}

impl Quirk {
    /// Every quirk, in declaration order.
    pub const ALL: &'static [Quirk] = &[
        Quirk::SlackTokenInBody,
        Quirk::CommaSeparatedScopes,
        Quirk::ClientIdAsClientKey,
        Quirk::StatusWrappedTokenResponse,
        Quirk::AccessTokenObject,
    ];

    /// The name used in `providers.toml` (`quirks = [...]`) and `#[oauth(quirk = "...")]`.
    pub const fn name(self) -> &'static str {
        match self {
            Quirk::SlackTokenInBody => "slack_token_in_body",
            Quirk::CommaSeparatedScopes => "comma_separated_scopes",
            Quirk::ClientIdAsClientKey => "client_id_as_client_key",
            Quirk::StatusWrappedTokenResponse => "status_wrapped_token_response",
            Quirk::AccessTokenObject => "access_token_object",
        }
    }

    /// The quirk of that name.
    ///
    /// ```
    /// use oauth_dance_spec::Quirk;
    /// assert_eq!(Quirk::from_name("slack_token_in_body"), Some(Quirk::SlackTokenInBody));
    /// assert_eq!(Quirk::from_name("nope"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Quirk> {
        Quirk::ALL.iter().copied().find(|q| q.name() == name)
    }

    /// Every quirk's name, in declaration order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Quirk::ALL.iter().map(|q| q.name())
    }
}
