//! [`ProviderSpec`]: the static description of one provider.

use std::borrow::Cow;

use oauth_dance_spec::defaults;
use oauth_dance_spec::naming::{Credential, env_var};

use super::{ClientAuth, OptionSpec, Protocol, Quirk};

/// The static description of one provider: everything `providers.toml` or the derive says.
///
/// Strings may contain `{placeholders}` filled by options, and header values may also use
/// `{client_id}`. Build one with [`ProviderSpec::new`] and the `const fn` setters (a field left
/// alone keeps its default), so a spec written by hand keeps compiling when new keys arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderSpec {
    /// The blueprint name: routes `/{name}` and `/{name}/authorized`, session keys, env vars.
    pub name: &'static str,
    /// A human name ("GitHub").
    pub display_name: &'static str,
    /// The protocol the provider speaks.
    pub protocol: Protocol,
    /// Base URL that relative API URLs resolve against.
    pub base_url: &'static str,
    /// The authorization endpoint.
    pub authorization_url: &'static str,
    /// The token endpoint.
    pub token_url: &'static str,
    /// The scope requested when the app sets none (empty: no `scope` parameter).
    pub scope: &'static [&'static str],
    /// How scopes are joined in the `scope` parameter.
    pub scope_separator: &'static str,
    /// The environment variable holding the client id (`None`: `{NAME}_OAUTH_CLIENT_ID`).
    pub client_id_env: Option<&'static str>,
    /// The environment variable holding the client secret (`None`: `{NAME}_OAUTH_CLIENT_SECRET`).
    pub client_secret_env: Option<&'static str>,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuth,
    /// Fixed extra parameters of the authorization request.
    pub authorization_params: &'static [(&'static str, &'static str)],
    /// Fixed extra parameters of the token request.
    pub token_params: &'static [(&'static str, &'static str)],
    /// Fixed headers on every request to the provider.
    pub headers: &'static [(&'static str, &'static str)],
    /// The scheme of the `Authorization` header on API calls (`Bearer` unless the provider differs).
    pub api_auth_scheme: &'static str,
    /// Typed options.
    pub options: &'static [OptionSpec],
    /// Named behaviours implemented in the runtime.
    pub quirks: &'static [Quirk],
}

impl ProviderSpec {
    /// A spec named `name` with every other field at its default (OAuth 2, no URLs, no scope).
    pub const fn new(name: &'static str) -> Self {
        ProviderSpec {
            name,
            display_name: name,
            protocol: defaults::PROTOCOL,
            base_url: "",
            authorization_url: "",
            token_url: "",
            scope: &[],
            scope_separator: defaults::SCOPE_SEPARATOR,
            client_id_env: None,
            client_secret_env: None,
            client_auth: defaults::CLIENT_AUTH,
            authorization_params: &[],
            token_params: &[],
            headers: &[],
            api_auth_scheme: defaults::API_AUTH_SCHEME,
            options: &[],
            quirks: &[],
        }
    }

    /// Sets [`display_name`](Self::display_name).
    pub const fn display_name(mut self, value: &'static str) -> Self {
        self.display_name = value;
        self
    }

    /// Sets [`protocol`](Self::protocol).
    pub const fn protocol(mut self, value: Protocol) -> Self {
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

    /// Sets [`token_url`](Self::token_url).
    pub const fn token_url(mut self, value: &'static str) -> Self {
        self.token_url = value;
        self
    }

    /// Sets [`scope`](Self::scope).
    pub const fn scope(mut self, value: &'static [&'static str]) -> Self {
        self.scope = value;
        self
    }

    /// Sets [`scope_separator`](Self::scope_separator).
    pub const fn scope_separator(mut self, value: &'static str) -> Self {
        self.scope_separator = value;
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

    /// Sets [`client_auth`](Self::client_auth).
    pub const fn client_auth(mut self, value: ClientAuth) -> Self {
        self.client_auth = value;
        self
    }

    /// Sets [`authorization_params`](Self::authorization_params).
    pub const fn authorization_params(
        mut self,
        value: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.authorization_params = value;
        self
    }

    /// Sets [`token_params`](Self::token_params).
    pub const fn token_params(mut self, value: &'static [(&'static str, &'static str)]) -> Self {
        self.token_params = value;
        self
    }

    /// Sets [`headers`](Self::headers).
    pub const fn headers(mut self, value: &'static [(&'static str, &'static str)]) -> Self {
        self.headers = value;
        self
    }

    /// Sets [`api_auth_scheme`](Self::api_auth_scheme).
    pub const fn api_auth_scheme(mut self, value: &'static str) -> Self {
        self.api_auth_scheme = value;
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
