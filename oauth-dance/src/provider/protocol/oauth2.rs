//! [`OAuth2Spec`]: the OAuth 2 part of a provider's static description.

use oauth_dance_spec::defaults;

use crate::provider::ClientAuth;

/// What an OAuth 2 provider adds to its [`ProviderSpec`](crate::provider::ProviderSpec): the
/// token endpoint and how to talk to it, the scope, and how API calls carry the token. Built
/// with [`OAuth2Spec::new`] and `const fn` setters (a field left alone keeps its default).
///
/// ```
/// use oauth_dance::provider::{ClientAuth, OAuth2Spec, ProtocolSpec, Provider, ProviderSpec};
///
/// pub struct Example;
///
/// impl Provider for Example {
///     const SPEC: ProviderSpec = ProviderSpec::new("example")
///         .base_url("https://api.oauth-example.com/")
///         .authorization_url("https://oauth-example.com/login/oauth/authorize")
///         .protocol(ProtocolSpec::OAuth2(
///             OAuth2Spec::new()
///                 .token_url("https://oauth-example.com/login/oauth/access_token")
///                 .scope(&["read", "write"])
///                 .scope_separator(",")
///                 .client_auth(ClientAuth::RequestBody),
///         ));
/// }
///
/// let bp = oauth_dance::OAuth2Builder::for_provider::<Example>()
///     .client_id("id").client_secret("secret").build().unwrap();
/// assert_eq!(bp.oauth2().unwrap().scope(), ["read", "write"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuth2Spec {
    /// The token endpoint.
    pub token_url: &'static str,
    /// The scope requested when the app sets none (empty: no `scope` parameter).
    pub scope: &'static [&'static str],
    /// How scopes are joined in the `scope` parameter.
    pub scope_separator: &'static str,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuth,
    /// Fixed extra parameters of the authorization request.
    pub authorization_params: &'static [(&'static str, &'static str)],
    /// Fixed extra parameters of the token request.
    pub token_params: &'static [(&'static str, &'static str)],
    /// The scheme of the `Authorization` header on API calls (`Bearer` unless the provider
    /// differs).
    pub api_auth_scheme: &'static str,
    /// The header that carries the bare access token on API calls instead of `Authorization`
    /// (Shopify's `X-Shopify-Access-Token`; empty: `Authorization: <scheme> <token>`).
    pub api_token_header: &'static str,
    /// Where tokens are refreshed, when not at the token endpoint (empty: the token endpoint).
    pub refresh_url: &'static str,
    /// The token revocation endpoint, RFC 7009 (empty: the provider publishes none).
    pub revocation_url: &'static str,
    /// The OpenID Connect issuer (empty: the provider is not used as an OpenID Provider); it
    /// may contain placeholders that options fill.
    pub issuer: &'static str,
}

impl OAuth2Spec {
    /// A spec with no token URL, no scope, and every other field at its default.
    pub const fn new() -> Self {
        OAuth2Spec {
            token_url: "",
            scope: &[],
            scope_separator: defaults::SCOPE_SEPARATOR,
            client_auth: defaults::CLIENT_AUTH,
            authorization_params: &[],
            token_params: &[],
            api_auth_scheme: defaults::API_AUTH_SCHEME,
            api_token_header: "",
            refresh_url: "",
            revocation_url: "",
            issuer: "",
        }
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

    /// Sets [`api_auth_scheme`](Self::api_auth_scheme).
    pub const fn api_auth_scheme(mut self, value: &'static str) -> Self {
        self.api_auth_scheme = value;
        self
    }

    /// Sets [`api_token_header`](Self::api_token_header).
    pub const fn api_token_header(mut self, value: &'static str) -> Self {
        self.api_token_header = value;
        self
    }

    /// Sets [`refresh_url`](Self::refresh_url).
    pub const fn refresh_url(mut self, value: &'static str) -> Self {
        self.refresh_url = value;
        self
    }

    /// Sets [`revocation_url`](Self::revocation_url).
    pub const fn revocation_url(mut self, value: &'static str) -> Self {
        self.revocation_url = value;
        self
    }

    /// Sets [`issuer`](Self::issuer).
    pub const fn issuer(mut self, value: &'static str) -> Self {
        self.issuer = value;
        self
    }
}

impl Default for OAuth2Spec {
    fn default() -> Self {
        OAuth2Spec::new()
    }
}
