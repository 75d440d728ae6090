//! The blueprint: a mountable pair of routes (login and callback) plus everything the provider
//! client needs, for any protocol.
//!
//! A [`Blueprint`] is one type whatever its protocol: a protocol-neutral core (name, routes,
//! redirect, storage, hooks, transport, headers, base URL) and a [`Flow`](crate::flow::Flow)
//! (OAuth 2, OAuth 1, or a flow of your own).
//!
//! - [`builder`]: every setting, checked at `build()`;
//! - [`typed_builder`]: the methods generated typed builders forward;
//! - [`preset`]: the one typed builder of every preset ([`PresetBlueprint`]);
//! - [`routes`]: the routes, their names, and the callback URL of a request;
//! - [`login`](login::login): the login view (a new attempt, the flow's start, the redirect);
//! - [`callback`](callback::authorized): the callback view (verify → finish → complete);
//! - [`form_post`]: callbacks posted as a form, and the page that re-posts a cross-site one;
//! - [`complete`]: the end of every dance (hooks, storing, the redirect, or the failure page);
//! - [`attempt`]: the pending login attempts kept in the user's session;
//! - [`page`]: the pages shown when a dance fails.

mod attempt;
mod build;
mod builder;
mod callback;
mod complete;
mod endpoints;
mod form_post;
mod login;
mod page;
mod preset;
mod routes;
pub(crate) mod typed_builder;

use std::any::{Any, TypeId};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::{HttpRequest, web};
use reqwest::header::HeaderMap;
use url::Url;

pub use builder::{
    BlueprintBuilder, CustomFlow, FlowBuilder, FlowSetup, OAuth2Builder, SpecSettings,
};
pub use endpoints::Endpoints;
pub(crate) use login::login as login_view;
pub use page::ErrorPage;
pub(crate) use page::{STYLE as PAGE_STYLE, dance_error as dance_error_page};
pub use preset::PresetBlueprint;
pub(crate) use routes::Routes;

use crate::flow::Flow;
use crate::flow::oauth1::OAuth1Flow;
use crate::flow::oauth2::OAuth2Flow;
use crate::hooks::Hooks;
use crate::lifecycle::Refreshes;
use crate::overrides;
use crate::provider::Quirk;
use crate::session_state::AttemptKeys;
use crate::storage::TokenStorage;
use crate::transport::Transport;
use crate::url_cache::UrlCache;
use callback::CallbackSource;

/// Where the user goes after the dance (Flask-Dance's `redirect_url` / `redirect_to` / `/`).
#[derive(Debug, Clone)]
pub(crate) enum Redirect {
    Url(String),
    Route(String),
    Root,
}

/// The provider type a blueprint was built for (by a typed builder), so extractors find it by
/// type whatever its name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProviderType {
    pub id: TypeId,
}

/// How many logins a browser may have in flight, and for how long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttemptPolicy {
    pub max_pending: usize,
    pub lifetime: Duration,
}

/// The protocol-neutral part of a blueprint.
#[derive(Clone)]
pub(crate) struct Core {
    pub name: String,
    pub display_name: String,
    pub provider: Option<ProviderType>,
    pub client_id: String,
    pub base_url: Url,
    /// Where the user's token may be sent: the base URL's origin, and the app's extra ones.
    pub token_origins: Vec<url::Origin>,
    pub headers: HeaderMap,
    pub quirks: Vec<Quirk>,
    pub redirect: Redirect,
    pub routes: Routes,
    pub storage: Arc<dyn TokenStorage>,
    pub hooks: Hooks,
    pub transport: Arc<dyn Transport>,
    pub timeout: Duration,
    pub attempts: AttemptPolicy,
    /// The session keys of its login attempts.
    pub attempt_keys: AttemptKeys,
    /// Plain http allowed for non-loopback API URLs (`OAUTHLIB_INSECURE_TRANSPORT`).
    pub allow_insecure: bool,
    /// The token refreshes in flight in this process (shared by every worker).
    pub refreshes: Refreshes,
    /// API URLs already resolved against `base_url` and checked, by what the app wrote.
    pub api_urls: UrlCache<String>,
}

pub(crate) struct BlueprintInner {
    pub core: Core,
    pub flow: Arc<dyn Flow>,
}

/// A built blueprint: mount it under any scope with `.service(blueprint.clone())`, and register
/// it with the [`Dance`](crate::Dance) middleware so clients can find it.
///
/// It registers two routes: `/{name}` (named `"{name}.login"`) and `/{name}/authorized`
/// (named `"{name}.authorized"`). Cloning is cheap; clones share one connection pool.
///
/// ```
/// use actix_web::{App, web};
/// use oauth_dance::{Dance, OAuth2Builder};
///
/// let example = OAuth2Builder::new("example")
///     .client_id("id").client_secret("secret")
///     .authorization_url("https://oauth-example.com/authorize")
///     .token_url("https://oauth-example.com/token")
///     .base_url("https://api.oauth-example.com/")
///     .build().unwrap();
/// let key = actix_web::cookie::Key::generate();
/// let app = App::new()
///     .wrap(Dance::new(key).blueprint(&example))
///     .service(web::scope("/login").service(example.clone()));
/// ```
#[derive(Clone)]
pub struct Blueprint(pub(crate) Arc<BlueprintInner>);

impl Blueprint {
    pub(crate) fn core(&self) -> &Core {
        &self.0.core
    }

    /// The same blueprint (its flow shared) with another core: replaced parts, in tests.
    pub(crate) fn with_core(&self, core: Core) -> Blueprint {
        Blueprint(Arc::new(BlueprintInner {
            core,
            flow: Arc::clone(&self.0.flow),
        }))
    }

    /// The blueprint's name.
    pub fn name(&self) -> &str {
        &self.0.core.name
    }

    /// The provider's name as users read it (`GitHub`).
    pub fn display_name(&self) -> &str {
        &self.0.core.display_name
    }

    /// The route name of the login view (`"{name}.login"`), for `url_for`.
    pub fn login_route(&self) -> &str {
        &self.0.core.routes.login_name
    }

    /// The route name of the callback view (`"{name}.authorized"`).
    pub fn authorized_route(&self) -> &str {
        &self.0.core.routes.authorized_name
    }

    /// The path of the login view relative to where the blueprint is mounted.
    pub fn login_path(&self) -> &str {
        &self.0.core.routes.login_path
    }

    /// The path of the callback view relative to where the blueprint is mounted.
    pub fn authorized_path(&self) -> &str {
        &self.0.core.routes.authorized_path
    }

    /// The client id (OAuth 2's `client_id`; not a secret).
    pub fn client_id(&self) -> &str {
        &self.0.core.client_id
    }

    /// The base URL of the provider's API.
    pub fn base_url(&self) -> &Url {
        &self.0.core.base_url
    }

    /// Whether API calls to `url` carry the user's token: only on the base URL's origin and the
    /// origins added with `token_origin`.
    pub fn sends_token_to(&self, url: &Url) -> bool {
        self.0
            .core
            .token_origins
            .iter()
            .any(|origin| is_origin_of(origin, url))
    }

    /// The headers sent on every request to the provider (token and API), `{client_id}`
    /// already replaced.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.core.headers
    }

    /// Whether the blueprint has a quirk.
    pub fn has_quirk(&self, quirk: Quirk) -> bool {
        self.0.core.quirks.contains(&quirk)
    }

    /// The token storage.
    pub fn storage(&self) -> &dyn TokenStorage {
        &*self.0.core.storage
    }

    /// The transport every request to the provider goes through.
    pub fn transport(&self) -> &dyn Transport {
        &*self.0.core.transport
    }

    /// The timeout of each request to the provider.
    pub fn timeout(&self) -> Duration {
        self.0.core.timeout
    }

    /// The blueprint's flow.
    pub fn flow(&self) -> &dyn Flow {
        &*self.0.flow
    }

    /// The flow as its concrete type, if it is an `F`.
    pub fn flow_as<F: Flow>(&self) -> Option<&F> {
        let flow: &dyn Any = self.0.flow.as_any();
        flow.downcast_ref::<F>()
    }

    /// The OAuth 2 flow (its endpoints, scope, client authentication), if the blueprint speaks
    /// OAuth 2.
    pub fn oauth2(&self) -> Option<&OAuth2Flow> {
        self.flow_as::<OAuth2Flow>()
    }

    /// The OAuth 1 flow (its endpoints, consumer key, signature method), if the blueprint
    /// speaks OAuth 1.
    pub fn oauth1(&self) -> Option<&OAuth1Flow> {
        self.flow_as::<OAuth1Flow>()
    }

    /// Whether this blueprint was built for provider type `P` (by `P::blueprint()`).
    pub fn is_for<P: 'static>(&self) -> bool {
        self.0
            .core
            .provider
            .is_some_and(|p| p.id == TypeId::of::<P>())
    }
}

impl<F> BlueprintBuilder<F> {
    /// The same common settings, with another protocol's settings (how `OAuth1Builder::new`
    /// starts from the common defaults without a second copy of them).
    pub(crate) fn with_settings<G>(self, flow: G) -> BlueprintBuilder<G> {
        BlueprintBuilder {
            core: self.core,
            flow,
        }
    }
}

impl std::fmt::Debug for Blueprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let core = &self.0.core;
        f.debug_struct("Blueprint")
            .field("name", &core.name)
            .field("client_id", &core.client_id)
            .field("base_url", &core.base_url.as_str())
            .field("flow", &self.0.flow)
            .finish_non_exhaustive()
    }
}

impl HttpServiceFactory for Blueprint {
    fn register(self, config: &mut AppService) {
        let login_bp = self.clone();
        let callback_bp = self.clone();
        web::resource(self.login_path().to_string())
            .name(self.login_route())
            .route(web::get().to(move |req: HttpRequest| {
                let bp = login_bp.clone();
                async move { overrides::login_route(bp, req).await }
            }))
            .register(config);
        let post_bp = self.clone();
        web::resource(self.authorized_path().to_string())
            .name(self.authorized_route())
            .app_data(web::PayloadConfig::new(form_post::MAX_BODY))
            .route(web::get().to(move |req: HttpRequest| {
                let bp = overrides::for_request(callback_bp.clone(), &req);
                async move { callback::authorized(bp, req, CallbackSource::Query).await }
            }))
            .route(web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let bp = overrides::for_request(post_bp.clone(), &req);
                let source = CallbackSource::Form(body);
                async move { callback::authorized(bp, req, source).await }
            }))
            .register(config);
    }
}

/// Whether `url` is of `origin` (what `url.origin() == *origin` says, without building one).
fn is_origin_of(origin: &url::Origin, url: &Url) -> bool {
    let url::Origin::Tuple(scheme, host, port) = origin else {
        return false;
    };
    let same_host = match (host, url.host()) {
        (url::Host::Domain(a), Some(url::Host::Domain(b))) => a == b,
        (url::Host::Ipv4(a), Some(url::Host::Ipv4(b))) => *a == b,
        (url::Host::Ipv6(a), Some(url::Host::Ipv6(b))) => *a == b,
        _ => false,
    };
    same_host && scheme == url.scheme() && Some(*port) == url.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use url::Url;

    #[test]
    fn is_origin_of_agrees_with_url_origin() {
        let origins = [
            "https://api.example.com/",
            "http://127.0.0.1:8080/",
            "http://[::1]:9/",
        ];
        let urls = [
            "https://api.example.com/user",
            "https://api.example.com:443/x",
            "https://api.example.com:8443/x",
            "http://api.example.com/user",
            "https://evil.example.com/",
            "http://127.0.0.1:8080/a",
            "http://127.0.0.1:8081/a",
            "http://[::1]:9/",
            "data:text/plain,x",
        ];
        for origin in origins.map(|o| Url::parse(o).unwrap().origin()) {
            for url in urls.map(|u| Url::parse(u).unwrap()) {
                assert_eq!(
                    super::is_origin_of(&origin, &url),
                    url.origin() == origin,
                    "{url}"
                );
            }
        }
    }
}
