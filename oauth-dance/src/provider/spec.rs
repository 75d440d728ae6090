//! [`ProviderSpec`]: the static description of one provider.

use std::borrow::Cow;

use oauth_dance_spec::defaults;
use oauth_dance_spec::naming::{Credential, env_var};

use super::{OptionSpec, ProtocolSpec, Quirk};

/// The static description of one provider: everything `providers.toml` or the derive says.
///
/// What every protocol has (names, base and authorization URLs, credentials' variables,
/// headers, options, quirks) is a field here; what one protocol has is in
/// [`protocol`](Self::protocol) ([`ProtocolSpec::OAuth2`] or [`ProtocolSpec::OAuth1`]).
///
/// Strings may contain `{placeholders}` filled by options, and header values may also use
/// `{client_id}`. Build one with [`ProviderSpec::new`] and the `const fn` setters (a field left
/// alone keeps its default), so a spec written by hand keeps compiling when new keys arrive.
///
/// ```
/// use oauth_dance::provider::{OAuth2Spec, Protocol, ProtocolSpec, ProviderSpec};
///
/// const SPEC: ProviderSpec = ProviderSpec::new("example")
///     .base_url("https://api.oauth-example.com/")
///     .authorization_url("https://oauth-example.com/authorize")
///     .protocol(ProtocolSpec::OAuth2(
///         OAuth2Spec::new().token_url("https://oauth-example.com/token"),
///     ));
/// assert_eq!(SPEC.protocol.kind(), Protocol::OAuth2);
/// assert_eq!(SPEC.client_secret_var(), "EXAMPLE_OAUTH_CLIENT_SECRET");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderSpec {
    /// The blueprint name: routes `/{name}` and `/{name}/authorized`, session keys, env vars.
    pub name: &'static str,
    /// A human name ("GitHub").
    pub display_name: &'static str,
    /// Base URL that relative API URLs resolve against.
    pub base_url: &'static str,
    /// The authorization endpoint (OAuth 2), or where users authorize the request token
    /// (OAuth 1).
    pub authorization_url: &'static str,
    /// The environment variable holding the client id (`None`: `{NAME}_OAUTH_CLIENT_ID`).
    pub client_id_env: Option<&'static str>,
    /// The environment variable holding the client secret (`None`: `{NAME}_OAUTH_CLIENT_SECRET`).
    pub client_secret_env: Option<&'static str>,
    /// Fixed headers on every request to the provider.
    pub headers: &'static [(&'static str, &'static str)],
    /// Typed options.
    pub options: &'static [OptionSpec],
    /// Named behaviours implemented in the runtime.
    pub quirks: &'static [Quirk],
    /// The protocol the provider speaks, with what only that protocol has.
    pub protocol: ProtocolSpec,
}

impl ProviderSpec {
    /// A spec named `name` with every other field at its default (OAuth 2 with its defaults,
    /// no URLs).
    pub const fn new(name: &'static str) -> Self {
        ProviderSpec {
            name,
            display_name: name,
            base_url: "",
            authorization_url: "",
            client_id_env: None,
            client_secret_env: None,
            headers: &[],
            options: &[],
            quirks: &[],
            protocol: ProtocolSpec::new(defaults::PROTOCOL),
        }
    }

    /// Sets [`display_name`](Self::display_name).
    pub const fn display_name(mut self, value: &'static str) -> Self {
        self.display_name = value;
        self
    }

    /// Sets [`protocol`](Self::protocol).
    pub const fn protocol(mut self, value: ProtocolSpec) -> Self {
        self.protocol = value;
        self
    }

    /// Sets [`base_url`](Self::base_url).
    pub const fn base_url(mut self, value: &'static str) -> Self {
        self.base_url = value;
        self
    }

    /// Sets [`authorization_url`](Self::authorization_url).
    pub const fn authorization_url(mut self, value: &'static str) -> Self {
        self.authorization_url = value;
        self
    }

    /// Sets [`client_id_env`](Self::client_id_env).
    pub const fn client_id_env(mut self, value: &'static str) -> Self {
        self.client_id_env = Some(value);
        self
    }

    /// Sets [`client_secret_env`](Self::client_secret_env).
    pub const fn client_secret_env(mut self, value: &'static str) -> Self {
        self.client_secret_env = Some(value);
        self
    }

    /// Sets [`headers`](Self::headers).
    pub const fn headers(mut self, value: &'static [(&'static str, &'static str)]) -> Self {
        self.headers = value;
        self
    }

    /// Sets [`options`](Self::options).
    pub const fn options(mut self, value: &'static [OptionSpec]) -> Self {
        self.options = value;
        self
    }

    /// Sets [`quirks`](Self::quirks).
    pub const fn quirks(mut self, value: &'static [Quirk]) -> Self {
        self.quirks = value;
        self
    }

    /// The environment variable of the client id: `client_id_env`, or `{NAME}_OAUTH_CLIENT_ID`.
    pub fn client_id_var(&self) -> Cow<'static, str> {
        self.credential_var(Credential::ClientId)
    }

    /// The environment variable of the client secret.
    pub fn client_secret_var(&self) -> Cow<'static, str> {
        self.credential_var(Credential::ClientSecret)
    }

    fn credential_var(&self, credential: Credential) -> Cow<'static, str> {
        let explicit = match credential {
            Credential::ClientId => self.client_id_env,
            Credential::ClientSecret => self.client_secret_env,
        };
        match explicit {
            Some(var) => Cow::Borrowed(var),
            None => Cow::Owned(env_var(self.name, credential)),
        }
    }

    /// Whether the provider has a quirk.
    pub fn has_quirk(&self, quirk: Quirk) -> bool {
        self.quirks.contains(&quirk)
    }
}
