//! Hooks: Flask-Dance's `oauth_before_login`, `oauth_authorized` and `oauth_error` signals.
//!
//! A hook is an async closure. Hooks set on a blueprint's builder fire for that blueprint only;
//! hooks set on [`Dance`](crate::Dance) fire for every blueprint (check
//! [`blueprint`](AuthorizedEvent::blueprint) to tell them apart). Blueprint hooks run first.
//!
//! ```
//! use oauth_dance::hooks::Authorized;
//! use actix_web::HttpResponse;
//!
//! let builder = oauth_dance::contrib::github::blueprint()
//!     .client_id("id").client_secret("secret")
//!     .on_authorized(|event| async move {
//!         if event.token.scopes().iter().any(|s| s == "admin") {
//!             // Answer for ourselves; the token is not stored.
//!             return Authorized::Respond(HttpResponse::Forbidden().body("no admins"));
//!         }
//!         Authorized::Continue
//!     });
//! ```

use std::future::Future;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use url::Url;

use crate::{DanceError, Token};

/// Passed to `before_login` hooks, just before the redirect to the provider.
#[non_exhaustive]
pub struct BeforeLoginEvent {
    /// The blueprint's name.
    pub blueprint: String,
    /// The login request.
    pub request: HttpRequest,
    /// The authorization URL the user is about to be sent to.
    pub url: Url,
}

/// Passed to `authorized` hooks, after a successful code exchange and before the token is
/// stored: a hook may log the user in first, so a per-user storage files the token under them.
#[non_exhaustive]
pub struct AuthorizedEvent {
    /// The blueprint's name.
    pub blueprint: String,
    /// The callback request.
    pub request: HttpRequest,
    /// The token the provider issued.
    pub token: Token,
}

/// Passed to `error` hooks when a dance fails.
#[non_exhaustive]
pub struct ErrorEvent {
    /// The blueprint's name.
    pub blueprint: String,
    /// The callback request.
    pub request: HttpRequest,
    /// What went wrong.
    pub error: DanceError,
}

/// What an `authorized` hook decides (Flask-Dance's `None` / `False` / `Response`).
pub enum Authorized {
    /// Store the token and redirect as configured.
    Continue,
    /// Do not store the token; redirect as configured.
    SkipStoring,
    /// Do not store the token; answer with this response.
    Respond(HttpResponse),
}

pub(crate) type BeforeLoginHook =
    Arc<dyn Fn(BeforeLoginEvent) -> LocalBoxFuture<'static, ()> + Send + Sync>;
pub(crate) type AuthorizedHook =
    Arc<dyn Fn(AuthorizedEvent) -> LocalBoxFuture<'static, Authorized> + Send + Sync>;
pub(crate) type ErrorHook =
    Arc<dyn Fn(ErrorEvent) -> LocalBoxFuture<'static, Option<HttpResponse>> + Send + Sync>;

/// A set of hooks (a blueprint's own, or the app's global ones).
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub before_login: Vec<BeforeLoginHook>,
    pub authorized: Vec<AuthorizedHook>,
    pub error: Vec<ErrorHook>,
}

impl Hooks {
    pub fn add_before_login<F, Fut>(&mut self, hook: F)
    where
        F: Fn(BeforeLoginEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        self.before_login.push(Arc::new(move |e| Box::pin(hook(e))));
    }

    pub fn add_authorized<F, Fut>(&mut self, hook: F)
    where
        F: Fn(AuthorizedEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Authorized> + 'static,
    {
        self.authorized.push(Arc::new(move |e| Box::pin(hook(e))));
    }

    pub fn add_error<F, Fut>(&mut self, hook: F)
    where
        F: Fn(ErrorEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<HttpResponse>> + 'static,
    {
        self.error.push(Arc::new(move |e| Box::pin(hook(e))));
    }
}

/// Runs hooks of several sets in order.
pub(crate) async fn run_before_login(
    sets: [&Hooks; 2],
    blueprint: &str,
    req: &HttpRequest,
    url: &Url,
) {
    for hook in sets.iter().flat_map(|s| s.before_login.iter()) {
        hook(BeforeLoginEvent {
            blueprint: blueprint.to_string(),
            request: req.clone(),
            url: url.clone(),
        })
        .await;
    }
}

/// Runs `authorized` hooks: the first `Respond` wins; any `SkipStoring` skips storing.
pub(crate) async fn run_authorized(
    sets: [&Hooks; 2],
    blueprint: &str,
    req: &HttpRequest,
    token: &Token,
) -> Authorized {
    let mut outcome = Authorized::Continue;
    for hook in sets.iter().flat_map(|s| s.authorized.iter()) {
        let event = AuthorizedEvent {
            blueprint: blueprint.to_string(),
            request: req.clone(),
            token: token.clone(),
        };
        match hook(event).await {
            Authorized::Respond(resp) => return Authorized::Respond(resp),
            Authorized::SkipStoring => outcome = Authorized::SkipStoring,
            Authorized::Continue => {}
        }
    }
    outcome
}

/// Runs `error` hooks: the first response wins (the rest still run, as signal receivers do).
pub(crate) async fn run_error(
    sets: [&Hooks; 2],
    blueprint: &str,
    req: &HttpRequest,
    error: &DanceError,
) -> Option<HttpResponse> {
    let mut answer = None;
    for hook in sets.iter().flat_map(|s| s.error.iter()) {
        let event = ErrorEvent {
            blueprint: blueprint.to_string(),
            request: req.clone(),
            error: error.clone(),
        };
        let resp = hook(event).await;
        if answer.is_none() {
            answer = resp;
        }
    }
    answer
}
