//! [`BlueprintBuilder`]: every setting of a blueprint, and the checks that turn them into a
//! [`Blueprint`].
//!
//! The builder is generic over its protocol's settings: [`OAuth2Builder`] (OAuth 2, the default)
//! has OAuth 2's methods on top of the common ones, [`BlueprintBuilder::with_flow`] takes a flow
//! of your own. A preset's typed builder (`github::blueprint()`) wraps one and starts from the
//! provider's spec; a plain builder starts from the same defaults, so there is one `build()`.

use std::any::TypeId;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use oauth_dance_spec::defaults;
use oauth_dance_spec::naming::{self, Credential};

use super::{AttemptPolicy, ProviderType, Redirect};
use crate::Secret;
use crate::error::ConfigError;
use crate::flow::Flow;
use crate::flow::oauth2::OAuth2Settings;
use crate::hooks::Hooks;
use crate::provider::resolve::ResolvedOptions;
use crate::provider::{OptionSpec, OptionValue, Protocol, Provider, ProviderSpec, Quirk};
use crate::storage::{SessionStorage, TokenStorage};
use crate::transport::{ReqwestTransport, Transport};

/// The protocol part of a [`BlueprintBuilder`]: [`OAuth2Settings`], or [`CustomFlow`].
pub trait FlowBuilder: 'static {
    /// Checks the settings and builds the flow, given what the common settings resolved to.
    fn build_flow(self, setup: &FlowSetup<'_>) -> Result<Arc<dyn Flow>, ConfigError>;

    /// Whether the blueprint needs a client id (from the builder or the environment).
    fn needs_client_id(&self) -> bool {
        true
    }

    /// The protocol these settings build, if they build one a [`ProviderSpec`] can describe
    /// (`build()` refuses a provider of another protocol).
    fn protocol(&self) -> Option<Protocol> {
        None
    }
}

/// Protocol settings that start from a provider's spec: what `for_provider::<P>()` and
/// `from_spec(spec)` of [`OAuth2Builder`] and [`OAuth1Builder`](crate::OAuth1Builder) call.
pub trait SpecSettings: FlowBuilder {
    /// The settings `spec` describes; the defaults when `spec` is of another protocol than
    /// [`FlowBuilder::protocol`] (`build()` then refuses it).
    fn from_spec(spec: &'static ProviderSpec) -> Self;
}

/// What a [`FlowBuilder`] gets from the common settings.
#[doc(hidden)]
pub struct FlowSetup<'a> {
    pub(crate) name: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) client_secret: Option<&'a str>,
    pub(crate) client_secret_var: &'a str,
    pub(crate) options: &'a ResolvedOptions,
    pub(crate) quirks: &'a [Quirk],
    pub(crate) allow_insecure: bool,
}

/// A flow of your own, for [`BlueprintBuilder::with_flow`].
pub struct CustomFlow(Arc<dyn Flow>);

impl FlowBuilder for CustomFlow {
    fn build_flow(self, _: &FlowSetup<'_>) -> Result<Arc<dyn Flow>, ConfigError> {
        Ok(self.0)
    }

    fn needs_client_id(&self) -> bool {
        false
    }
}

/// Builds a [`Blueprint`](crate::Blueprint) (Flask-Dance's `OAuth2ConsumerBlueprint`).
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
pub struct BlueprintBuilder<F = OAuth2Settings> {
    pub(super) core: CoreSettings,
    pub(crate) flow: F,
}

/// The OAuth 2 blueprint builder.
pub type OAuth2Builder = BlueprintBuilder<OAuth2Settings>;

/// Where a typed builder's settings came from.
pub(super) struct ProviderSource {
    pub ty: Option<ProviderType>,
    pub spec: &'static ProviderSpec,
}

/// The protocol-neutral settings.
pub(super) struct CoreSettings {
    pub name: String,
    /// The human name, for pages (`GitHub`); the name when not set.
    pub display_name: Option<String>,
    pub provider: Option<ProviderSource>,
    /// Renamed from the provider's own name (its environment variables follow the new name).
    pub renamed: bool,
    pub option_values: BTreeMap<&'static str, OptionValue>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub base_url: String,
    /// Origins besides the base URL's that API calls may send the token to.
    pub token_origins: Vec<String>,
    /// The provider's own headers; option headers replace them, the app's come last.
    pub provider_headers: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub quirks: Vec<Quirk>,
    pub redirect: Redirect,
    pub login_url: String,
    pub authorized_url: String,
    pub storage: Arc<dyn TokenStorage>,
    pub transport: Option<Arc<dyn Transport>>,
    pub timeout: Duration,
    pub attempts: AttemptPolicy,
    pub hooks: Hooks,
}

impl CoreSettings {
    fn named(name: String) -> Self {
        CoreSettings {
            name,
            display_name: None,
            provider: None,
            renamed: false,
            option_values: BTreeMap::new(),
            client_id: None,
            client_secret: None,
            base_url: String::new(),
            token_origins: Vec::new(),
            provider_headers: Vec::new(),
            headers: Vec::new(),
            quirks: Vec::new(),
            redirect: Redirect::Root,
            login_url: defaults::LOGIN_URL.into(),
            authorized_url: defaults::AUTHORIZED_URL.into(),
            storage: Arc::new(SessionStorage::default()),
            transport: None,
            timeout: Duration::from_secs(10),
            attempts: AttemptPolicy {
                max_pending: 5,
                lifetime: Duration::from_secs(600),
            },
            hooks: Hooks::default(),
        }
    }

    fn from_spec(spec: &'static ProviderSpec, ty: Option<ProviderType>) -> Self {
        CoreSettings {
            display_name: Some(spec.display_name.to_string()),
            provider: Some(ProviderSource { ty, spec }),
            base_url: spec.base_url.to_string(),
            provider_headers: spec
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            quirks: spec.quirks.to_vec(),
            ..CoreSettings::named(spec.name.to_string())
        }
    }

    pub fn options(&self) -> &'static [OptionSpec] {
        self.provider.as_ref().map_or(&[], |p| p.spec.options)
    }

    /// The credential variables: the spec's, unless the blueprint was renamed.
    pub fn credential_var(&self, credential: Credential) -> Cow<'static, str> {
        match &self.provider {
            Some(p) if !self.renamed => match credential {
                Credential::ClientId => p.spec.client_id_var(),
                Credential::ClientSecret => p.spec.client_secret_var(),
            },
            _ => Cow::Owned(naming::env_var(&self.name, credential)),
        }
    }
}

impl OAuth2Builder {
    /// A blueprint for a provider configured entirely by hand. `name` is used for the routes
    /// (`/{name}`, `/{name}/authorized`), the route names (`{name}.login`, `{name}.authorized`),
    /// the session keys and the environment variables (`{NAME}_OAUTH_CLIENT_ID`).
    pub fn new(name: impl Into<String>) -> Self {
        BlueprintBuilder {
            core: CoreSettings::named(name.into()),
            flow: OAuth2Settings::default(),
        }
    }
}

impl<F: SpecSettings> BlueprintBuilder<F> {
    /// A builder for provider type `P`, starting from its spec (what typed builders call).
    #[doc(hidden)]
    pub fn for_provider<P: Provider>() -> Self {
        let ty = ProviderType {
            id: TypeId::of::<P>(),
        };
        Self::from_spec_of(&P::SPEC, Some(ty))
    }

    /// A builder starting from `spec`, not tied to a provider type. A spec of another protocol
    /// than the builder's makes `build()` fail with a [`ConfigError`] naming the right builder.
    #[doc(hidden)]
    pub fn from_spec(spec: &'static ProviderSpec) -> Self {
        Self::from_spec_of(spec, None)
    }

    fn from_spec_of(spec: &'static ProviderSpec, ty: Option<ProviderType>) -> Self {
        BlueprintBuilder {
            core: CoreSettings::from_spec(spec, ty),
            flow: F::from_spec(spec),
        }
    }
}

impl BlueprintBuilder<CustomFlow> {
    /// A blueprint whose protocol is a [`Flow`] of your own: it gets the same routes, login
    /// attempts, hooks, storage and pages as an OAuth 2 blueprint.
    pub fn with_flow(name: impl Into<String>, flow: impl Flow) -> Self {
        BlueprintBuilder {
            core: CoreSettings::named(name.into()),
            flow: CustomFlow(Arc::new(flow)),
        }
    }
}

impl<F: FlowBuilder> BlueprintBuilder<F> {
    /// Renames the blueprint, e.g. to mount two GitHub apps side by side (its routes, session
    /// keys and environment variables follow the new name; extractors still find it by its
    /// provider type).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.core.name = name.into();
        self.core.renamed = true;
        self
    }

    /// The provider's name as users read it, on pages ("Login with GitHub failed"); default:
    /// the provider's display name, or the blueprint's name.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.core.display_name = Some(name.into());
        self
    }

    /// The client id; without it, `{NAME}_OAUTH_CLIENT_ID` from the environment.
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.core.client_id = Some(id.into());
        self
    }

    /// The client secret; without it, `{NAME}_OAUTH_CLIENT_SECRET` from the environment.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.core.client_secret = Some(Secret::new(secret));
        self
    }

    /// The base URL that relative API URLs resolve against (RFC 3986: keep the trailing slash).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.core.base_url = url.into();
        self
    }

    /// Another origin (`https://uploads.github.com`) that API calls may send the user's token to,
    /// besides the base URL's. A call to any other absolute URL goes without the token unless
    /// it asks for it ([`ApiRequest::with_token`](crate::ApiRequest::with_token)).
    pub fn token_origin(mut self, origin: impl Into<String>) -> Self {
        self.core.token_origins.push(origin.into());
        self
    }

    /// A header for every request to the provider (token and API); `{client_id}` is replaced.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.core.headers.push((name.into(), value.into()));
        self
    }

    /// A provider behaviour implemented by the runtime (see [`Quirk`]).
    pub fn quirk(mut self, quirk: Quirk) -> Self {
        if !self.core.quirks.contains(&quirk) {
            self.core.quirks.push(quirk);
        }
        self
    }

    /// Where to send the user after the dance: a URL, returned verbatim.
    pub fn redirect_url(mut self, url: impl Into<String>) -> Self {
        self.core.redirect = Redirect::Url(url.into());
        self
    }

    /// Where to send the user after the dance: a named route (`url_for`).
    pub fn redirect_to(mut self, route: impl Into<String>) -> Self {
        self.core.redirect = Redirect::Route(route.into());
        self
    }

    /// The login route, relative to where the blueprint is mounted; `{name}` is replaced
    /// (default `/{name}`).
    pub fn login_url(mut self, template: impl Into<String>) -> Self {
        self.core.login_url = template.into();
        self
    }

    /// The callback route (default `/{name}/authorized`).
    pub fn authorized_url(mut self, template: impl Into<String>) -> Self {
        self.core.authorized_url = template.into();
        self
    }

    /// Where tokens are kept (default: [`SessionStorage`]).
    pub fn storage(mut self, storage: impl TokenStorage) -> Self {
        self.core.storage = Arc::new(storage);
        self
    }

    /// The reqwest client every request to the provider goes through (default: a rustls client
    /// made for this blueprint). Give it `redirect::Policy::none()`: token requests must not
    /// follow redirects.
    pub fn http_client(self, client: reqwest::Client) -> Self {
        self.transport(ReqwestTransport::with_client(client))
    }

    /// The transport every request to the provider goes through (default:
    /// [`ReqwestTransport`]): for recording or replaying a provider's traffic in tests.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.core.transport = Some(Arc::new(transport));
        self
    }

    /// The timeout of each request to the provider (default 10 s): a stalled provider holds the
    /// user's browser that long, then gets a "the provider did not answer" page.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.core.timeout = timeout;
        self
    }

    /// How many logins one browser session may have in flight at once (default 5; the oldest
    /// is dropped beyond that).
    pub fn max_pending_logins(mut self, n: usize) -> Self {
        self.core.attempts.max_pending = n.max(1);
        self
    }

    /// How long a login attempt may take, from the redirect to the provider to the callback
    /// (default 10 minutes).
    pub fn login_lifetime(mut self, lifetime: Duration) -> Self {
        self.core.attempts.lifetime = lifetime;
        self
    }

    crate::__hook_methods!();

    /// Changes the hooks (what the hook methods call).
    #[doc(hidden)]
    pub fn with_hooks(mut self, edit: impl FnOnce(&mut Hooks)) -> Self {
        edit(&mut self.core.hooks);
        self
    }

    /// Sets a typed provider option by name (what generated option methods call).
    #[doc(hidden)]
    pub fn provider_option(mut self, name: &'static str, value: OptionValue) -> Self {
        self.core.option_values.insert(name, value);
        self
    }
}

impl<F> std::fmt::Debug for BlueprintBuilder<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlueprintBuilder")
            .field("name", &self.core.name)
            .field("client_id", &self.core.client_id)
            .field("client_secret", &self.core.client_secret)
            .finish_non_exhaustive()
    }
}
