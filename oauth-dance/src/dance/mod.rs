//! [`Dance`]: the app-level piece. It knows the app's blueprints, its global hooks, how the app
//! is reached from outside and who its logged-in users are, and, as middleware
//! ([`middleware`]), gives every request its OAuth context (and, by default, the session cookie
//! that carries logins and tokens).

pub(crate) mod cookie_store;
pub(crate) mod middleware;
mod outage;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "redis")]
mod redis_store;
pub(crate) mod session;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::cookie::Key;
use url::Url;

pub use middleware::DanceService;
#[cfg(feature = "redis")]
pub use redis::RedisSessions;
use session::SessionBackend;
pub(crate) use session::SessionMode;

use crate::blueprint::{Blueprint, ErrorPage};
use crate::error::ConfigError;
use crate::hooks::Hooks;
use crate::origin::Origin;
use crate::storage::UserResolver;

/// The default name of the session cookie the middleware manages.
pub const SESSION_COOKIE: &str = "oauth_dance_session";

/// The app-level middleware: registers blueprints, holds global hooks and app settings, and
/// sets each request's OAuth context (what extractors and `github::client()` read).
///
/// By default it also provides the session: an encrypted cookie (HttpOnly, SameSite=Lax,
/// Secure whenever the request came over https). Every instance of an app behind a load
/// balancer must use the same [`Key`] so a dance started on one finishes on another.
///
/// ```
/// use actix_web::{App, web, cookie::Key};
/// use oauth_dance::{contrib::github, Dance};
///
/// # fn demo() -> std::io::Result<()> {
/// let github = github::blueprint().client_id("id").client_secret("secret").build()?;
/// let key = Key::generate(); // load a fixed 64-byte key in production
/// let app = App::new()
///     .wrap(Dance::new(key).blueprint(&github))
///     .service(web::scope("/login").service(github.clone()));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Dance {
    pub(crate) inner: Arc<DanceInner>,
}

#[derive(Clone)]
pub(crate) struct DanceInner {
    pub blueprints: BTreeMap<String, Blueprint>,
    pub hooks: Hooks,
    pub origin: Origin,
    pub session: SessionMode,
    pub user_resolver: Option<UserResolver>,
    pub pages: PageSettings,
    /// Whether this `Dance` has announced its callback URLs (on its first request).
    pub announced: Arc<AtomicBool>,
}

/// How the library's failure pages are rendered.
#[derive(Clone, Default)]
pub(crate) struct PageSettings {
    /// Show developer hints on the page (development only).
    pub developer_hints: bool,
    /// The app's own renderer.
    pub render: Option<ErrorPageRenderer>,
}

/// An app's own failure page.
pub(crate) type ErrorPageRenderer = Arc<dyn Fn(&ErrorPage<'_>) -> HttpResponse + Send + Sync>;

impl Dance {
    /// The middleware with its own encrypted cookie session, keyed by `key`.
    pub fn new(key: Key) -> Self {
        Self::with_session(SessionMode::Provided {
            key,
            cookie_name: SESSION_COOKIE.to_string(),
            backend: SessionBackend::Cookie,
        })
    }

    /// The middleware with sessions kept in Redis (feature `redis`): the cookie, sealed with
    /// `key`, holds only the session's id. See [`RedisSessions`].
    #[cfg(feature = "redis")]
    pub fn with_redis_sessions(key: Key, sessions: RedisSessions) -> Self {
        Self::with_session(SessionMode::Provided {
            key,
            cookie_name: SESSION_COOKIE.to_string(),
            backend: SessionBackend::Redis(sessions),
        })
    }

    /// The middleware for an app that already wraps an `actix_session::SessionMiddleware`:
    /// wrap that one *after* this one (so it runs first), and name its cookie here so failed
    /// callbacks can tell a missing cookie from a forged state.
    pub fn with_app_session(cookie_name: impl Into<String>) -> Self {
        Self::with_session(SessionMode::External {
            cookie_name: cookie_name.into(),
        })
    }

    fn with_session(session: SessionMode) -> Self {
        Dance {
            inner: Arc::new(DanceInner {
                blueprints: BTreeMap::new(),
                hooks: Hooks::default(),
                origin: Origin::default(),
                session,
                user_resolver: None,
                pages: PageSettings::default(),
                announced: Arc::default(),
            }),
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut DanceInner)) -> Self {
        f(Arc::make_mut(&mut self.inner));
        self
    }

    /// Registers a blueprint, so `client()`, the extractors and the global hooks know it.
    /// A second blueprint with the same name replaces the first.
    pub fn blueprint(self, blueprint: &Blueprint) -> Self {
        let blueprint = blueprint.clone();
        self.edit(|inner| {
            inner
                .blueprints
                .insert(blueprint.name().to_string(), blueprint);
        })
    }

    /// The app's public URL (`https://example.com`, or with a path prefix), for apps behind a
    /// TLS-terminating proxy: callback URLs are built from it instead of the request's Host.
    pub fn public_url(self, url: &str) -> Result<Self, ConfigError> {
        let parsed = Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
            .ok_or_else(|| {
                ConfigError::invalid(
                    "Dance",
                    "public_url",
                    format!("`{url}` is not an absolute http(s) URL"),
                )
            })?;
        Ok(self.edit(|inner| inner.origin.public_url = Some(parsed)))
    }

    /// Trust `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host` (only behind a proxy that
    /// sets them; otherwise any client can forge them). Off by default.
    pub fn trust_forwarded_headers(self, trust: bool) -> Self {
        self.edit(|inner| inner.origin.trust_forwarded = trust)
    }

    /// How to find the logged-in local user of a session, for storages that keep tokens per
    /// user: read your app's login from the session (or actix-identity's entry). It is asked
    /// each time a storage needs the user, so an `authorized` hook that logs the user in before
    /// the token is stored gets the token filed under them.
    ///
    /// ```
    /// use oauth_dance::Dance;
    ///
    /// let dance = Dance::new(actix_web::cookie::Key::generate())
    ///     .local_user(|session| session.get::<String>("user_id").ok().flatten());
    /// ```
    pub fn local_user<F>(self, resolver: F) -> Self
    where
        F: Fn(&Session) -> Option<String> + Send + Sync + 'static,
    {
        let resolver: UserResolver = Arc::new(resolver);
        self.edit(|inner| inner.user_resolver = Some(resolver))
    }

    /// The host names this app answers on (`example.com`, `www.example.com:8443`): a login or
    /// callback whose `Host` is not one of them is refused with a 400, so an attacker's `Host`
    /// never lands in a `redirect_uri`. Without it (and without [`public_url`](Self::public_url)),
    /// callback URLs follow the request's `Host`, as in Flask-Dance, and the app warns once when
    /// it is reached on a non-loopback address.
    pub fn allowed_hosts<I, S>(self, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let hosts: Vec<String> = hosts
            .into_iter()
            .map(|h| h.into().to_ascii_lowercase())
            .collect();
        self.edit(|inner| inner.origin.allowed_hosts = hosts)
    }

    /// Shows developer hints (why a dance failed, what to check) on the library's failure pages
    /// as well as in the log. For development only: off by default, because the hints talk to
    /// developers, not users.
    pub fn developer_hints(self, show: bool) -> Self {
        self.edit(|inner| inner.pages.developer_hints = show)
    }

    /// Renders the failure pages of every blueprint with the app's own template.
    ///
    /// ```
    /// use actix_web::HttpResponse;
    /// use oauth_dance::Dance;
    ///
    /// let dance = Dance::new(actix_web::cookie::Key::generate()).error_page(|page| {
    ///     HttpResponse::build(page.error.status())
    ///         .body(format!("{} — <a href=\"{}\">try again</a>", page.error, page.retry))
    /// });
    /// ```
    pub fn error_page<F>(self, render: F) -> Self
    where
        F: Fn(&ErrorPage<'_>) -> HttpResponse + Send + Sync + 'static,
    {
        let render: ErrorPageRenderer = Arc::new(render);
        self.edit(|inner| inner.pages.render = Some(render))
    }

    crate::__hook_methods!();

    fn with_hooks(self, edit: impl FnOnce(&mut Hooks)) -> Self {
        self.edit(|inner| edit(&mut inner.hooks))
    }

    /// The longest login-attempt lifetime of the registered blueprints (what a server-side
    /// session must at least outlive).
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn longest_attempt(&self) -> std::time::Duration {
        self.inner
            .blueprints
            .values()
            .map(|bp| bp.core().attempts.lifetime)
            .max()
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for Dance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dance")
            .field(
                "blueprints",
                &self.inner.blueprints.keys().collect::<Vec<_>>(),
            )
            .field(
                "public_url",
                &self.inner.origin.public_url.as_ref().map(Url::as_str),
            )
            .field("trust_forwarded", &self.inner.origin.trust_forwarded)
            .finish_non_exhaustive()
    }
}
