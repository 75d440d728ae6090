//! [`OAuth2Builder`]: every setting of an OAuth 2 blueprint, and the checks that turn them into a
//! [`Blueprint`].

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpResponse;
use oauth2::{AuthUrl, ClientId, ClientSecret, TokenUrl};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{Blueprint, BlueprintInner, OAuthClient, Redirect};
use crate::config::{env_value, provider_url};
use crate::error::ConfigError;
use crate::hooks::{Authorized, AuthorizedEvent, BeforeLoginEvent, ErrorEvent, Hooks};
use crate::provider::{ClientAuth, OptionValue, ProviderSpec};
use crate::storage::{SessionStorage, TokenStorage};

/// Builds an OAuth 2 [`Blueprint`] (Flask-Dance's `OAuth2ConsumerBlueprint`).
///
/// Presets start from their provider's data (`oauth_dance::contrib::github::blueprint()`); a
/// provider without a preset or derive is configured by hand:
///
/// ```
/// use oauth_dance::OAuth2Builder;
///
/// let example = OAuth2Builder::new("example")
///     .client_id("my-key-here")
///     .client_secret("my-secret-here")
///     .base_url("https://api.oauth-example.com/")
///     .authorization_url("https://oauth-example.com/login/oauth/authorize")
///     .token_url("https://oauth-example.com/login/oauth/access_token")
///     .scope(["read"])
///     .build()
///     .unwrap();
/// assert_eq!(example.name(), "example");
/// ```
#[must_use = "a builder does nothing until `build()`"]
pub struct OAuth2Builder {
    spec: Option<&'static ProviderSpec>,
    options: BTreeMap<&'static str, OptionValue>,
    name: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<Vec<String>>,
    base_url: Option<String>,
    authorization_url: Option<String>,
    token_url: Option<String>,
    authorization_params: Vec<(String, String)>,
    token_params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    client_auth: Option<ClientAuth>,
    redirect: Redirect,
    login_url: String,
    authorized_url: String,
    storage: Arc<dyn TokenStorage>,
    use_pkce: bool,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    max_pending_logins: usize,
    login_lifetime: Duration,
    hooks: Hooks,
}

impl OAuth2Builder {
    /// A blueprint for a provider configured entirely by hand. `name` is used for the routes
    /// (`/{name}`, `/{name}/authorized`), the route names (`{name}.login`, `{name}.authorized`),
    /// the session keys and the environment variables (`{NAME}_OAUTH_CLIENT_ID`).
    pub fn new(name: impl Into<String>) -> Self {
        OAuth2Builder {
            spec: None,
            options: BTreeMap::new(),
            name: Some(name.into()),
            client_id: None,
            client_secret: None,
            scope: None,
            base_url: None,
            authorization_url: None,
            token_url: None,
            authorization_params: Vec::new(),
            token_params: Vec::new(),
            headers: Vec::new(),
            client_auth: None,
            redirect: Redirect::Root,
            login_url: "/{name}".into(),
            authorized_url: "/{name}/authorized".into(),
            storage: Arc::new(SessionStorage::default()),
            use_pkce: true,
            http_client: None,
            timeout: Duration::from_secs(30),
            max_pending_logins: 5,
            login_lifetime: Duration::from_secs(600),
            hooks: Hooks::default(),
        }
    }

    /// A blueprint for a provider described by a [`ProviderSpec`] (what the derive and the
    /// presets call).
    pub fn from_provider(spec: &'static ProviderSpec) -> Self {
        OAuth2Builder {
            spec: Some(spec),
            name: None,
            ..OAuth2Builder::new(spec.name)
        }
    }

    /// Sets a typed provider option by name (what generated option methods call).
    pub fn provider_option(mut self, name: &'static str, value: OptionValue) -> Self {
        self.options.insert(name, value);
        self
    }

    /// Renames the blueprint, e.g. to mount two GitHub apps side by side.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The client id; without it, `{NAME}_OAUTH_CLIENT_ID` from the environment.
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// The client secret; without it, `{NAME}_OAUTH_CLIENT_SECRET` from the environment.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// The scopes to request (replaces the provider's default scope; empty: no `scope`).
    pub fn scope<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scope = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The base URL that relative API URLs resolve against (RFC 3986: keep the trailing slash).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The provider's authorization endpoint.
    pub fn authorization_url(mut self, url: impl Into<String>) -> Self {
        self.authorization_url = Some(url.into());
        self
    }

    /// The provider's token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// An extra parameter for the authorization request.
    pub fn authorization_param(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.authorization_params.push((name.into(), value.into()));
        self
    }

    /// An extra parameter for the token request.
    pub fn token_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.token_params.push((name.into(), value.into()));
        self
    }

    /// A header for every request to the provider (token and API); `{client_id}` is replaced.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How the client authenticates at the token endpoint (default: the provider's, else Basic).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// Where to send the user after the dance: a URL, returned verbatim.
    pub fn redirect_url(mut self, url: impl Into<String>) -> Self {
        self.redirect = Redirect::Url(url.into());
        self
    }

    /// Where to send the user after the dance: a named route (`url_for`).
    pub fn redirect_to(mut self, route: impl Into<String>) -> Self {
        self.redirect = Redirect::Route(route.into());
        self
    }

    /// The login route, relative to where the blueprint is mounted; `{name}` is replaced
    /// (default `/{name}`).
    pub fn login_url(mut self, template: impl Into<String>) -> Self {
        self.login_url = template.into();
        self
    }

    /// The callback route (default `/{name}/authorized`).
    pub fn authorized_url(mut self, template: impl Into<String>) -> Self {
        self.authorized_url = template.into();
        self
    }

    /// Where tokens are kept (default: [`SessionStorage`]).
    pub fn storage(mut self, storage: impl TokenStorage) -> Self {
        self.storage = Arc::new(storage);
        self
    }

    /// PKCE (S256) for this blueprint; on by default.
    pub fn use_pkce(mut self, on: bool) -> Self {
        self.use_pkce = on;
        self
    }

    /// The HTTP client for token and API requests (default: a rustls client made for this
    /// blueprint). Give it `redirect::Policy::none()` if it will talk to the token endpoint.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The timeout of each request to the provider (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many logins one browser session may have in flight at once (default 5; the oldest
    /// is dropped beyond that).
    pub fn max_pending_logins(mut self, n: usize) -> Self {
        self.max_pending_logins = n.max(1);
        self
    }

    /// How long a login attempt may take, from the redirect to the provider to the callback
    /// (default 10 minutes).
    pub fn login_lifetime(mut self, lifetime: Duration) -> Self {
        self.login_lifetime = lifetime;
        self
    }

    /// A hook run just before the redirect to the provider.
    pub fn on_before_login<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(BeforeLoginEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        self.hooks.add_before_login(hook);
        self
    }

    /// A hook run after a successful exchange, before the token is stored.
    pub fn on_authorized<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(AuthorizedEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Authorized> + 'static,
    {
        self.hooks.add_authorized(hook);
        self
    }

    /// A hook run when the dance fails; returning a response answers with it.
    pub fn on_error<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(ErrorEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<HttpResponse>> + 'static,
    {
        self.hooks.add_error(hook);
        self
    }

    /// Checks every setting and builds the blueprint.
    pub fn build(self) -> Result<Blueprint, ConfigError> {
        let name = self
            .name
            .clone()
            .or_else(|| self.spec.map(|s| s.name.to_string()))
            .unwrap_or_default();
        check_name(&name)?;
        let resolved = match self.spec {
            Some(spec) => Some(spec.resolve(&self.options)?),
            None => None,
        };
        let env_prefix = name.to_ascii_uppercase().replace('-', "_");
        let (id_var, secret_var) = match self.spec {
            Some(spec) if self.name.is_none() => (
                spec.client_id_env.to_string(),
                spec.client_secret_env.to_string(),
            ),
            _ => (
                format!("{env_prefix}_OAUTH_CLIENT_ID"),
                format!("{env_prefix}_OAUTH_CLIENT_SECRET"),
            ),
        };
        let client_id = self
            .client_id
            .clone()
            .or_else(|| env_value(&id_var))
            .ok_or_else(|| ConfigError::Missing {
                blueprint: name.clone(),
                what: "client id",
                variable: id_var.clone(),
            })?;
        let client_secret = self
            .client_secret
            .clone()
            .or_else(|| env_value(&secret_var))
            .ok_or_else(|| ConfigError::Missing {
                blueprint: name.clone(),
                what: "client secret",
                variable: secret_var.clone(),
            })?;

        let pick = |explicit: &Option<String>, from_spec: Option<&String>, what: &'static str| {
            explicit
                .clone()
                .or_else(|| from_spec.cloned())
                .ok_or_else(|| ConfigError::invalid(&name, what, "required: set it on the builder"))
        };
        let r = resolved.as_ref();
        let authorization_url = pick(
            &self.authorization_url,
            r.map(|r| &r.authorization_url),
            "authorization_url",
        )?;
        let token_url = pick(&self.token_url, r.map(|r| &r.token_url), "token_url")?;
        let base_url = pick(&self.base_url, r.map(|r| &r.base_url), "base_url")?;
        let authorization_url = provider_url(&name, "authorization URL", &authorization_url)?;
        let token_url = provider_url(&name, "token URL", &token_url)?;
        let base_url = provider_url(&name, "base URL", &base_url)?;

        let mut authorization_params = r
            .map(|r| r.authorization_params.clone())
            .unwrap_or_default();
        authorization_params.extend(self.authorization_params.iter().cloned());
        let mut token_params = r.map(|r| r.token_params.clone()).unwrap_or_default();
        token_params.extend(self.token_params.iter().cloned());
        let mut header_list = r.map(|r| r.headers.clone()).unwrap_or_default();
        header_list.extend(self.headers.iter().cloned());
        let headers = header_map(&name, &header_list, &client_id)?;

        let login_path = route_path(&name, "login_url", &self.login_url)?;
        let authorized_path = route_path(&name, "authorized_url", &self.authorized_url)?;
        if login_path == authorized_path {
            return Err(ConfigError::invalid(
                &name,
                "authorized_url",
                "must differ from login_url",
            ));
        }

        let client_auth = self
            .client_auth
            .or(self.spec.map(|s| s.client_auth))
            .unwrap_or(ClientAuth::Basic);
        let oauth: OAuthClient = oauth2::Client::new(ClientId::new(client_id.clone()))
            .set_client_secret(ClientSecret::new(client_secret))
            .set_auth_uri(AuthUrl::from_url(authorization_url.clone()))
            .set_token_uri(TokenUrl::from_url(token_url.clone()))
            .set_auth_type(match client_auth {
                ClientAuth::Basic => oauth2::AuthType::BasicAuth,
                ClientAuth::RequestBody => oauth2::AuthType::RequestBody,
            });
        let http = match self.http_client {
            Some(client) => client,
            None => default_http_client(&name, &token_url)?,
        };
        let spec = self.spec;
        Ok(Blueprint(Arc::new(BlueprintInner {
            scope: self.scope.unwrap_or_else(|| {
                spec.map(|s| s.scope.iter().map(|s| s.to_string()).collect())
                    .unwrap_or_default()
            }),
            scope_separator: spec.map(|s| s.scope_separator).unwrap_or(" ").to_string(),
            quirks: spec.map(|s| s.quirks.to_vec()).unwrap_or_default(),
            api_auth_scheme: spec
                .map(|s| s.api_auth_scheme)
                .unwrap_or("Bearer")
                .to_string(),
            name,
            client_id,
            oauth,
            base_url,
            token_url,
            authorization_params,
            token_params,
            headers,
            redirect: self.redirect,
            login_path,
            authorized_path,
            storage: self.storage,
            use_pkce: self.use_pkce,
            http,
            timeout: self.timeout,
            max_pending_logins: self.max_pending_logins,
            login_lifetime: self.login_lifetime,
            hooks: self.hooks,
        })))
    }
}

impl std::fmt::Debug for OAuth2Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth2Builder")
            .field("name", &self.name.as_deref().or(self.spec.map(|s| s.name)))
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

fn check_name(name: &str) -> Result<(), ConfigError> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            name,
            "name",
            "use ASCII letters, digits, '-' and '_' only (it becomes a route and a variable name)",
        ))
    }
}

fn route_path(name: &str, what: &str, template: &str) -> Result<String, ConfigError> {
    let path = template.replace("{name}", name);
    if !path.starts_with('/') || path.contains(['{', '}', '?', '#']) {
        return Err(ConfigError::invalid(
            name,
            what,
            format!("`{template}` must be a path starting with '/' (only `{{name}}` is replaced)"),
        ));
    }
    Ok(path)
}

fn header_map(
    name: &str,
    headers: &[(String, String)],
    client_id: &str,
) -> Result<HeaderMap, ConfigError> {
    let mut map = HeaderMap::new();
    for (key, value) in headers {
        let bad =
            |reason: &str| ConfigError::invalid(name, format!("header {key}"), reason.to_string());
        let header =
            HeaderName::from_bytes(key.as_bytes()).map_err(|_| bad("not a valid header name"))?;
        let value = HeaderValue::from_str(&value.replace("{client_id}", client_id))
            .map_err(|_| bad("not a valid header value"))?;
        map.insert(header, value);
    }
    Ok(map)
}

/// One pool per blueprint. Token requests never follow redirects (they would carry the client's
/// credentials and the code to wherever the redirect points); API requests follow up to 10.
fn default_http_client(name: &str, token_url: &url::Url) -> Result<reqwest::Client, ConfigError> {
    crate::client::install_crypto_provider();
    let token_url = token_url.clone();
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        let from_token_endpoint = attempt
            .previous()
            .first()
            .is_some_and(|first| first.as_str() == token_url.as_str());
        if from_token_endpoint {
            attempt.stop()
        } else if attempt.previous().len() >= 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(concat!("oauth-dance/", env!("CARGO_PKG_VERSION")))
        .redirect(policy)
        .build()
        .map_err(|e| ConfigError::invalid(name, "http client", e.to_string()))
}
