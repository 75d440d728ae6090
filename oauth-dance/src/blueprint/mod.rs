//! The OAuth 2 blueprint: a mountable pair of routes (login and callback) plus everything the
//! provider client needs.
//!
//! - [`builder`]: every setting, checked at `build()`;
//! - [`login`](login::login): the login view (state, PKCE, `next`, the redirect);
//! - [`callback`](callback::authorized): the authorized view (state check, code exchange, hooks,
//!   storing);
//! - [`attempt`]: the pending login attempts kept in the user's session;
//! - [`exchange`]: the token request;
//! - [`page`]: the error page shown when a dance fails.

mod attempt;
mod builder;
mod callback;
mod exchange;
mod forward;
mod login;
mod page;

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::{HttpRequest, web};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
};
use oauth2::{EndpointNotSet, EndpointSet, StandardRevocableToken};
use reqwest::header::HeaderMap;
use url::Url;

pub use builder::OAuth2Builder;
pub(crate) use exchange::TokenResponse;
pub(crate) use page::dance_error as dance_error_page;

use crate::hooks::Hooks;
use crate::provider::Quirk;
use crate::storage::TokenStorage;

pub(crate) type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Where the user goes after the dance (Flask-Dance's `redirect_url` / `redirect_to` / `/`).
#[derive(Debug, Clone)]
pub(crate) enum Redirect {
    Url(String),
    Route(String),
    Root,
}

/// A built OAuth 2 blueprint: mount it under any scope with `.service(blueprint.clone())`,
/// and register it with the [`Dance`](crate::Dance) middleware so clients can find it.
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

pub(crate) struct BlueprintInner {
    pub name: String,
    pub client_id: String,
    pub oauth: OAuthClient,
    pub scope: Vec<String>,
    pub scope_separator: String,
    pub quirks: Vec<Quirk>,
    pub base_url: Url,
    pub token_url: Url,
    pub authorization_params: Vec<(String, String)>,
    pub token_params: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub api_auth_scheme: String,
    pub redirect: Redirect,
    pub login_path: String,
    pub authorized_path: String,
    pub storage: Arc<dyn TokenStorage>,
    pub use_pkce: bool,
    pub http: reqwest::Client,
    pub timeout: Duration,
    pub max_pending_logins: usize,
    pub login_lifetime: Duration,
    pub hooks: Hooks,
}

impl Blueprint {
    /// The blueprint's name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The route name of the login view (`"{name}.login"`), for `url_for`.
    pub fn login_route(&self) -> String {
        format!("{}.login", self.0.name)
    }

    /// The route name of the callback view (`"{name}.authorized"`).
    pub fn authorized_route(&self) -> String {
        format!("{}.authorized", self.0.name)
    }

    /// The client id (not a secret).
    pub fn client_id(&self) -> &str {
        &self.0.client_id
    }

    /// The base URL of the provider's API.
    pub fn base_url(&self) -> &Url {
        &self.0.base_url
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &Url {
        &self.0.token_url
    }

    /// The authorization endpoint.
    pub fn authorization_url(&self) -> &str {
        self.0.oauth.auth_uri().as_str()
    }

    /// The scopes requested at login.
    pub fn scope(&self) -> &[String] {
        &self.0.scope
    }

    /// The headers sent on every request to the provider (token and API), `{client_id}`
    /// already replaced.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// How the client authenticates at the token endpoint.
    pub fn client_auth(&self) -> crate::provider::ClientAuth {
        match self.0.oauth.auth_type() {
            oauth2::AuthType::RequestBody => crate::provider::ClientAuth::RequestBody,
            _ => crate::provider::ClientAuth::Basic,
        }
    }

    /// Whether the blueprint has a quirk.
    pub fn has_quirk(&self, quirk: Quirk) -> bool {
        self.0.quirks.contains(&quirk)
    }

    /// The token storage.
    pub fn storage(&self) -> &dyn TokenStorage {
        &*self.0.storage
    }

    /// The path of the login view relative to where the blueprint is mounted.
    pub fn login_path(&self) -> &str {
        &self.0.login_path
    }

    /// The path of the callback view relative to where the blueprint is mounted.
    pub fn authorized_path(&self) -> &str {
        &self.0.authorized_path
    }

    /// The absolute path of a named route of this blueprint in the app serving `req`.
    pub(crate) fn route_path(&self, req: &HttpRequest, route: &str) -> Option<String> {
        req.url_for_static(route).ok().map(|u| u.path().to_string())
    }
}

impl std::fmt::Debug for Blueprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blueprint")
            .field("name", &self.0.name)
            .field("client_id", &self.0.client_id)
            .field("client_secret", &"[redacted]")
            .field("authorization_url", &self.authorization_url())
            .field("token_url", &self.0.token_url.as_str())
            .field("base_url", &self.0.base_url.as_str())
            .field("scope", &self.0.scope)
            .field("use_pkce", &self.0.use_pkce)
            .finish_non_exhaustive()
    }
}

impl HttpServiceFactory for Blueprint {
    fn register(self, config: &mut AppService) {
        let login_bp = self.clone();
        let callback_bp = self.clone();
        web::resource(self.0.login_path.clone())
            .name(&self.login_route())
            .route(web::get().to(move |req: HttpRequest| {
                let bp = login_bp.clone();
                async move { login::login(bp, req).await }
            }))
            .register(config);
        web::resource(self.0.authorized_path.clone())
            .name(&self.authorized_route())
            .route(web::get().to(move |req: HttpRequest| {
                let bp = callback_bp.clone();
                async move { callback::authorized(bp, req).await }
            }))
            .register(config);
    }
}
