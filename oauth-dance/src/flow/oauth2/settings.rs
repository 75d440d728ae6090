//! [`OAuth2Settings`]: the OAuth 2 part of a blueprint builder, and how it becomes an
//! [`OAuth2Flow`].

use std::sync::Arc;
use std::time::Duration;

use oauth_dance_spec::{defaults, naming};
use oauth2::{ClientId, ClientSecret};

use super::signed_secret::{SecretSigner, SigningSettings};
use super::{OAuth2Flow, RefreshSettings};
use crate::blueprint::{BlueprintBuilder, FlowBuilder, FlowSetup, SpecSettings};
use crate::config::{env_value, provider_url};
use crate::error::ConfigError;
use crate::flow::Flow;
use crate::oidc::{DEFAULT_LEEWAY, RelyingParty};
use crate::provider::resolve::join_param;
use crate::provider::{ClientAuth, OAuth2Spec, Protocol, ProviderSpec};
use crate::quirks;
use reqwest::header::{AUTHORIZATION, HeaderName};
use url::Url;

/// The OAuth 2 settings of a blueprint builder: what [`OAuth2Builder`](crate::OAuth2Builder)'s
/// OAuth 2 methods (`authorization_url`, `scope`, `use_pkce`…) set.
#[derive(Debug, Clone)]
pub struct OAuth2Settings {
    pub(crate) authorization_url: String,
    pub(crate) token_url: String,
    pub(crate) scope: Vec<String>,
    pub(crate) scope_separator: String,
    /// The provider's own authorization parameters (options join theirs into these).
    pub(crate) authorization_params: Vec<(String, String)>,
    /// The app's, sent after the provider's.
    pub(crate) extra_authorization_params: Vec<(String, String)>,
    pub(crate) token_params: Vec<(String, String)>,
    pub(crate) client_auth: ClientAuth,
    pub(crate) use_pkce: bool,
    pub(crate) api_auth_scheme: String,
    /// The header carrying the bare token on API calls; empty: `Authorization`.
    pub(crate) api_token_header: String,
    /// The `redirect_uri` parameter's value; empty: the callback URL.
    pub(crate) redirect_uri_param: String,
    /// Whether expired tokens are refreshed (when they carry a refresh token).
    pub(crate) refresh: bool,
    /// The refresh endpoint; empty: the token endpoint.
    pub(crate) refresh_url: String,
    pub(crate) refresh_leeway: Duration,
    /// The revocation endpoint (RFC 7009); empty: none.
    pub(crate) revocation_url: String,
    /// The OpenID Connect issuer; empty: no ID token is asked for.
    pub(crate) openid_issuer: String,
    /// Whether the issuer, when the builder was given none, comes from `{NAME}_OAUTH_ISSUER`
    /// (the generic OpenID Connect provider, [`oidc::blueprint`](crate::oidc::blueprint)).
    pub(crate) issuer_from_env: bool,
    /// What the client signs its secret with, for [`ClientAuth::SignedSecretPost`].
    pub(crate) signing: SigningSettings,
}

/// How long before its expiry a token is refreshed, by default: a token that expires in the
/// middle of a call (or on a provider whose clock is a little ahead) is refreshed first.
pub(crate) const DEFAULT_REFRESH_LEEWAY: Duration = Duration::from_secs(60);

impl Default for OAuth2Settings {
    fn default() -> Self {
        OAuth2Settings {
            authorization_url: String::new(),
            token_url: String::new(),
            scope: Vec::new(),
            scope_separator: defaults::SCOPE_SEPARATOR.to_string(),
            authorization_params: Vec::new(),
            extra_authorization_params: Vec::new(),
            token_params: Vec::new(),
            client_auth: defaults::CLIENT_AUTH,
            use_pkce: true,
            api_auth_scheme: defaults::API_AUTH_SCHEME.to_string(),
            api_token_header: String::new(),
            redirect_uri_param: String::new(),
            refresh: true,
            refresh_url: String::new(),
            refresh_leeway: DEFAULT_REFRESH_LEEWAY,
            revocation_url: String::new(),
            openid_issuer: String::new(),
            issuer_from_env: false,
            signing: SigningSettings::default(),
        }
    }
}

impl SpecSettings for OAuth2Settings {
    fn from_spec(spec: &'static ProviderSpec) -> Self {
        let Some(oauth2) = spec.protocol.oauth2() else {
            return OAuth2Settings::default();
        };
        // Every field, so that a new one does not compile until it is read here.
        let OAuth2Spec {
            token_url,
            scope,
            scope_separator,
            client_auth,
            authorization_params,
            token_params,
            api_auth_scheme,
            api_token_header,
            refresh_url,
            revocation_url,
            issuer,
        } = *oauth2;
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        OAuth2Settings {
            authorization_url: spec.authorization_url.to_string(),
            token_url: token_url.to_string(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            scope_separator: scope_separator.to_string(),
            authorization_params: pairs(authorization_params),
            extra_authorization_params: Vec::new(),
            token_params: pairs(token_params),
            client_auth,
            api_auth_scheme: api_auth_scheme.to_string(),
            api_token_header: api_token_header.to_string(),
            refresh_url: refresh_url.to_string(),
            revocation_url: revocation_url.to_string(),
            openid_issuer: issuer.to_string(),
            ..OAuth2Settings::default()
        }
    }
}

impl FlowBuilder for OAuth2Settings {
    fn protocol(&self) -> Option<Protocol> {
        Some(Protocol::OAuth2)
    }

    fn build_flow(self, setup: &FlowSetup<'_>) -> Result<Arc<dyn Flow>, ConfigError> {
        let issuer = issuer(&self, setup)?;
        // A relying party's endpoints may come from its provider's discovery document.
        let discovered = !issuer.is_empty();
        let authorization_url = maybe_discovered(
            setup,
            "authorization URL",
            &self.authorization_url,
            discovered,
        )?;
        let token_url = maybe_discovered(setup, "token URL", &self.token_url, discovered)?;
        let scope_from_discovery =
            discovered && self.scope.is_empty() && authorization_url.is_none();
        let refresh = refresh_settings(&self, setup)?;
        let revocation_url = optional_endpoint(setup, "revocation URL", &self.revocation_url)?;
        let mut scope = self.scope;
        let openid = relying_party(&issuer, &mut scope, setup)?;
        let mut authorization_params = self.authorization_params;
        for (name, value) in &setup.options.authorization_params {
            join_param(&mut authorization_params, name, value.clone());
        }
        authorization_params.extend(self.extra_authorization_params);
        let audience = signed_secret_audience(openid.as_ref(), token_url.as_ref());
        let (client_secret, signer) =
            client_secret(self.client_auth, &self.signing, setup, audience)?;
        let client_secret = client_secret.as_str();
        let api_token_header = api_token_header(setup, &self.api_token_header)?;
        let basic_auth = super::token_request::basic_credentials(
            setup.client_id,
            client_secret,
            self.client_auth,
        );
        Ok(Arc::new(OAuth2Flow {
            basic_auth,
            client_id: ClientId::new(setup.client_id.to_string()),
            client_secret: ClientSecret::new(client_secret.to_string()),
            scope_param: quirks::scope_param(&scope, &self.scope_separator, setup.quirks),
            scope,
            scope_from_discovery,
            authorization_url,
            token_url,
            authorization_params,
            token_params: self.token_params,
            client_auth: self.client_auth,
            use_pkce: self.use_pkce,
            api_auth_scheme: self.api_auth_scheme,
            api_token_header,
            redirect_uri_param: Some(self.redirect_uri_param).filter(|v| !v.is_empty()),
            quirks: setup.quirks.to_vec(),
            refresh,
            revocation_url,
            openid,
            signer,
            authorize_prefix: Default::default(),
        }))
    }
}

/// How the blueprint refreshes tokens (`None`: it does not).
fn refresh_settings(
    settings: &OAuth2Settings,
    setup: &FlowSetup<'_>,
) -> Result<Option<RefreshSettings>, ConfigError> {
    if !settings.refresh {
        return Ok(None);
    }
    Ok(Some(RefreshSettings {
        url: optional_endpoint(setup, "refresh URL", &settings.refresh_url)?,
        leeway: settings.refresh_leeway,
    }))
}

/// The `aud` of a signed client secret: the provider's issuer, else its token endpoint.
fn signed_secret_audience(openid: Option<&RelyingParty>, token_url: Option<&Url>) -> String {
    match (openid, token_url) {
        (Some(openid), _) => openid.issuer().to_string(),
        (None, Some(url)) => url.to_string(),
        (None, None) => String::new(),
    }
}

/// The configured client secret, or, when the client signs its secret, an empty one and the
/// signer (whose JWT's `aud` is `audience`).
fn client_secret(
    client_auth: ClientAuth,
    signing: &SigningSettings,
    setup: &FlowSetup<'_>,
    audience: String,
) -> Result<(String, Option<SecretSigner>), ConfigError> {
    if client_auth.signs_secret() {
        let signer = SecretSigner::new(signing, setup, audience)?;
        return Ok((String::new(), Some(signer)));
    }
    let secret = setup.client_secret.ok_or_else(|| ConfigError::Missing {
        blueprint: setup.name.to_string(),
        what: "client secret",
        variable: setup.client_secret_var.to_string(),
    })?;
    Ok((secret.to_string(), None))
}

/// A required endpoint, its placeholders filled by the options and checked against the
/// transport rule.
fn endpoint(setup: &FlowSetup<'_>, what: &'static str, template: &str) -> Result<Url, ConfigError> {
    if template.is_empty() {
        let key = match what {
            "authorization URL" => "authorization_url",
            _ => "token_url",
        };
        return Err(ConfigError::invalid(
            setup.name,
            key,
            "required: set it on the builder (or `openid_connect` with the issuer, to discover it)",
        ));
    }
    let filled = setup.options.fill(setup.name, what, template)?;
    provider_url(setup.name, what, &filled, setup.allow_insecure)
}

/// The header API calls carry the token in (`None`: `Authorization`); a name that is not an
/// HTTP header name, or `Authorization` itself (whose scheme is `api_auth_scheme`), is refused.
fn api_token_header(setup: &FlowSetup<'_>, name: &str) -> Result<Option<HeaderName>, ConfigError> {
    if name.is_empty() {
        return Ok(None);
    }
    let refuse = |reason: &str| ConfigError::invalid(setup.name, "api_token_header", reason);
    let header = HeaderName::try_from(name).map_err(|_| refuse("not an HTTP header name"))?;
    if header == AUTHORIZATION {
        return Err(refuse(
            "`Authorization` is the default; set its scheme with `api_auth_scheme` instead",
        ));
    }
    Ok(Some(header))
}

/// The issuer of a relying party: the builder's, else (for the generic OpenID Connect provider)
/// `{NAME}_OAUTH_ISSUER`; empty: not a relying party.
fn issuer(settings: &OAuth2Settings, setup: &FlowSetup<'_>) -> Result<String, ConfigError> {
    if !settings.openid_issuer.is_empty() || !settings.issuer_from_env {
        return Ok(settings.openid_issuer.clone());
    }
    let variable = issuer_var(setup.name);
    env_value(&variable).ok_or_else(|| ConfigError::Missing {
        blueprint: setup.name.to_string(),
        what: "OpenID issuer",
        variable,
    })
}

/// The environment variable of a blueprint's OpenID issuer: `{NAME}_OAUTH_ISSUER`.
pub(crate) fn issuer_var(name: &str) -> String {
    format!("{}_OAUTH_ISSUER", naming::env_prefix(name))
}

/// An endpoint that is required unless the provider's discovery document names it.
fn maybe_discovered(
    setup: &FlowSetup<'_>,
    what: &'static str,
    template: &str,
    discovered: bool,
) -> Result<Option<Url>, ConfigError> {
    match discovered {
        true => optional_endpoint(setup, what, template),
        false => endpoint(setup, what, template).map(Some),
    }
}

/// An optional endpoint (empty: none), as [`endpoint`] reads a required one.
fn optional_endpoint(
    setup: &FlowSetup<'_>,
    what: &'static str,
    template: &str,
) -> Result<Option<Url>, ConfigError> {
    match template {
        "" => Ok(None),
        template => endpoint(setup, what, template).map(Some),
    }
}

/// The OpenID Connect relying party of a blueprint configured with an issuer (whose URL must
/// pass the transport rule), with `openid` added to its scope when missing.
fn relying_party(
    issuer: &str,
    scope: &mut Vec<String>,
    setup: &FlowSetup<'_>,
) -> Result<Option<RelyingParty>, ConfigError> {
    if issuer.is_empty() {
        return Ok(None);
    }
    let issuer = setup.options.fill(setup.name, "OpenID issuer", issuer)?;
    provider_url(setup.name, "OpenID issuer", &issuer, setup.allow_insecure)?;
    if !scope.iter().any(|s| s == "openid") {
        scope.insert(0, "openid".to_string());
    }
    // Kept as written: an issuer is compared as a string, and some end in `/` (Auth0's).
    let claims = setup.options.id_token_claims.clone();
    Ok(Some(
        RelyingParty::new(issuer, DEFAULT_LEEWAY).requiring(claims),
    ))
}

impl BlueprintBuilder<OAuth2Settings> {
    /// The provider's authorization endpoint.
    pub fn authorization_url(mut self, url: impl Into<String>) -> Self {
        self.flow.authorization_url = url.into();
        self
    }

    /// The provider's token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.flow.token_url = url.into();
        self
    }

    /// The scopes to request (replaces the provider's default scope; empty: no `scope`).
    pub fn scope<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.flow.scope = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// How scopes are joined in the `scope` parameter (default `" "`).
    pub fn scope_separator(mut self, separator: impl Into<String>) -> Self {
        self.flow.scope_separator = separator.into();
        self
    }

    /// An extra parameter for the authorization request.
    pub fn authorization_param(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.flow
            .extra_authorization_params
            .push((name.into(), value.into()));
        self
    }

    /// An extra parameter for the token request.
    pub fn token_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.flow.token_params.push((name.into(), value.into()));
        self
    }

    /// How the client authenticates at the token endpoint (default: the preset's, else
    /// [`ClientAuth::BasicRaw`], what Flask-Dance sends; [`oidc::blueprint`](crate::oidc::blueprint)
    /// defaults to [`ClientAuth::Basic`]).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.flow.client_auth = auth;
        self
    }

    /// What the client signs its secret with, for a provider whose client secret is a JWT the
    /// client signs ([`ClientAuth::SignedSecretPost`], Sign in with Apple's): the team id (the
    /// JWT's `iss`), the key id (its `kid`) and the EC P-256 private key, PKCS#8 PEM text or the
    /// path of a `.p8` file. Turns that client authentication on. Without it, the three come
    /// from `{NAME}_OAUTH_TEAM_ID`, `{NAME}_OAUTH_KEY_ID` and `{NAME}_OAUTH_PRIVATE_KEY`.
    ///
    /// ```
    /// use oauth_dance::OAuth2Builder;
    ///
    /// let pem = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----";
    /// let refused = OAuth2Builder::new("corp")
    ///     .client_id("com.example.web")
    ///     .authorization_url("https://login.example.com/authorize")
    ///     .token_url("https://login.example.com/token")
    ///     .base_url("https://api.example.com/")
    ///     .signed_secret("TEAM123456", "KEY1234567", pem)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(refused.to_string().contains("not a PKCS#8 private key"));
    /// ```
    pub fn signed_secret(
        mut self,
        team_id: impl Into<String>,
        key_id: impl Into<String>,
        private_key: impl Into<String>,
    ) -> Self {
        self.flow.client_auth = ClientAuth::SignedSecretPost;
        self.flow.signing = SigningSettings {
            team_id: Some(team_id.into()),
            key_id: Some(key_id.into()),
            private_key: Some(crate::Secret::new(private_key)),
        };
        self
    }

    /// PKCE (S256) for this blueprint; on by default.
    pub fn use_pkce(mut self, on: bool) -> Self {
        self.flow.use_pkce = on;
        self
    }

    /// The scheme of the `Authorization` header on API calls (default `Bearer`).
    pub fn api_auth_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.flow.api_auth_scheme = scheme.into();
        self
    }

    /// The header that carries the bare access token on API calls, instead of
    /// `Authorization: <scheme> <token>` (Shopify's `X-Shopify-Access-Token`). As with
    /// `Authorization`, the token goes only to the blueprint's own origin (see
    /// [`ApiRequest::with_token`](crate::ApiRequest::with_token)).
    ///
    /// ```
    /// use oauth_dance::OAuth2Builder;
    ///
    /// let bp = OAuth2Builder::new("shop")
    ///     .client_id("id")
    ///     .client_secret("secret")
    ///     .authorization_url("https://my-shop.myshopify.com/admin/oauth/authorize")
    ///     .token_url("https://my-shop.myshopify.com/admin/oauth/access_token")
    ///     .base_url("https://my-shop.myshopify.com/admin/api/2025-01/")
    ///     .api_token_header("X-Shopify-Access-Token")
    ///     .build()?;
    /// let header = bp.oauth2().unwrap().api_token_header();
    /// assert_eq!(header.map(|h| h.as_str()), Some("x-shopify-access-token"));
    /// # Ok::<(), oauth_dance::ConfigError>(())
    /// ```
    pub fn api_token_header(mut self, name: impl Into<String>) -> Self {
        self.flow.api_token_header = name.into();
        self
    }

    /// The value of the `redirect_uri` parameter of the authorization and token requests,
    /// instead of the blueprint's callback URL, for a provider that names the callback by a
    /// registered name: eBay's RuName, whose "accept URL" (set in eBay's developer portal) is
    /// then the callback URL, `https://<app>/login/<name>/authorized`. The browser still comes
    /// back to the callback URL, where the login is finished as usual.
    ///
    /// ```
    /// use oauth_dance::contrib::ebay;
    ///
    /// let bp = ebay::blueprint()
    ///     .client_id("id")
    ///     .client_secret("secret")
    ///     .redirect_uri_param("My_Company-MyApp-PRD-1a2b3c4d5-abcdef12")
    ///     .build()?;
    /// let flow = bp.oauth2().unwrap();
    /// assert_eq!(flow.redirect_uri_param(), Some("My_Company-MyApp-PRD-1a2b3c4d5-abcdef12"));
    /// # Ok::<(), oauth_dance::ConfigError>(())
    /// ```
    pub fn redirect_uri_param(mut self, value: impl Into<String>) -> Self {
        self.flow.redirect_uri_param = value.into();
        self
    }

    /// Whether a token that has expired (or is about to, see
    /// [`refresh_leeway`](Self::refresh_leeway)) is refreshed before an API call, when it carries
    /// a refresh token (on by default: RFC 6749 §6 refreshes at the token endpoint). Off, such a
    /// token needs a new login.
    pub fn refresh(mut self, on: bool) -> Self {
        self.flow.refresh = on;
        self
    }

    /// The endpoint refresh requests go to, for a provider whose differs from its token
    /// endpoint (turns refreshing on).
    pub fn refresh_url(mut self, url: impl Into<String>) -> Self {
        self.flow.refresh_url = url.into();
        self.flow.refresh = true;
        self
    }

    /// How long before its expiry a token is refreshed (default 60 seconds).
    pub fn refresh_leeway(mut self, leeway: Duration) -> Self {
        self.flow.refresh_leeway = leeway;
        self
    }

    /// Makes the blueprint an OpenID Connect relying party of the provider at `issuer` (its
    /// discovery document is `{issuer}/.well-known/openid-configuration`): logins ask for the
    /// `openid` scope with a nonce, and a login's token is kept only once its ID token is
    /// verified (see [`oidc`](crate::oidc)); the claims are then
    /// [`Client::id_token_claims`](crate::Client::id_token_claims).
    ///
    /// ```
    /// use oauth_dance::OAuth2Builder;
    ///
    /// let bp = OAuth2Builder::new("corp")
    ///     .client_id("id")
    ///     .client_secret("secret")
    ///     .authorization_url("https://login.example.com/authorize")
    ///     .token_url("https://login.example.com/token")
    ///     .base_url("https://api.example.com/")
    ///     .openid_connect("https://login.example.com")
    ///     .build()?;
    /// # Ok::<(), oauth_dance::ConfigError>(())
    /// ```
    pub fn openid_connect(mut self, issuer: impl Into<String>) -> Self {
        self.flow.openid_issuer = issuer.into();
        self
    }

    /// Whether the blueprint will be an OpenID Connect relying party: an issuer is set (by
    /// [`openid_connect`](Self::openid_connect), or by a preset with an `issuer`), or it is
    /// the generic provider ([`oidc::blueprint`](crate::oidc::blueprint)). A test double of the
    /// provider (an [`Endpoints`](crate::Endpoints)) uses it to point the issuer at itself too.
    ///
    /// ```
    /// use oauth_dance::contrib::{github, google};
    ///
    /// assert!(google::blueprint().into_untyped().is_openid_connect());
    /// assert!(!github::blueprint().into_untyped().is_openid_connect());
    /// ```
    pub fn is_openid_connect(&self) -> bool {
        !self.flow.openid_issuer.is_empty() || self.flow.issuer_from_env
    }

    /// The provider's revocation endpoint (RFC 7009), used by
    /// [`Client::revoke_token`](crate::Client::revoke_token) and
    /// [`Client::logout`](crate::Client::logout).
    pub fn revocation_url(mut self, url: impl Into<String>) -> Self {
        self.flow.revocation_url = url.into();
        self
    }
}
