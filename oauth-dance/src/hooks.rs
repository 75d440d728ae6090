//! Hooks: Flask-Dance's `oauth_before_login`, `oauth_authorized` and `oauth_error` signals.
//!
//! A hook is an async closure. Hooks set on a blueprint's builder fire for that blueprint only;
//! hooks set on [`Dance`](crate::Dance) fire for every blueprint (check the event's
//! `blueprint` to tell them apart). Blueprint hooks run first, in the order they were added.
//!
//! - `before_login` hooks all run; they cannot change the redirect.
//! - `authorized` hooks run until one answers [`AuthorizedOutcome::Respond`]: that answer ends
//!   the dance, so a later hook (say, one that logs the user in) never acts on a login an
//!   earlier hook refused. Any [`SkipStoring`](AuthorizedOutcome::SkipStoring) or `Respond`
//!   means the token is not stored.
//! - `error` hooks all run (they observe a failure that already happened); the first response
//!   a hook returns is the answer.
//!
//! The `authorized` hook gets a [`Client`] bound to the new token, so it can call the provider's
//! API before anything is stored — Flask-Dance's "create a local user on first login":
//!
//! ```
//! use oauth_dance::hooks::AuthorizedOutcome;
//! use actix_web::HttpResponse;
//!
//! let builder = oauth_dance::contrib::github::blueprint()
//!     .client_id("id").client_secret("secret")
//!     .on_authorized(|event| async move {
//!         let Ok(response) = event.client.get("user").await else {
//!             return AuthorizedOutcome::Respond(HttpResponse::BadGateway().finish());
//!         };
//!         let user: serde_json::Value = response.json().await.unwrap_or_default();
//!         if user["site_admin"] == true {
//!             // Answer for ourselves; the token is not stored.
//!             return AuthorizedOutcome::Respond(HttpResponse::Forbidden().body("no admins"));
//!         }
//!         AuthorizedOutcome::Continue
//!     });
//! ```

use std::future::Future;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use url::Url;

use crate::oidc::IdTokenClaims;
use crate::{Blueprint, Client, DanceError, Token};

/// Passed to `before_login` hooks, just before the redirect to the provider.
#[non_exhaustive]
pub struct BeforeLoginEvent {
    /// The blueprint.
    pub blueprint: Blueprint,
    /// The login request.
    pub request: HttpRequest,
    /// The authorization URL the user is about to be sent to.
    pub url: Url,
}

/// Passed to `authorized` hooks, after a successful exchange and before the token is stored: a
/// hook may log the user in first, so a per-user storage files the token under them.
#[non_exhaustive]
pub struct AuthorizedEvent {
    /// The blueprint.
    pub blueprint: Blueprint,
    /// The callback request.
    pub request: HttpRequest,
    /// The token the provider issued.
    pub token: Token,
    /// The verified claims of this login's ID token, when the blueprint is an OpenID Connect
    /// relying party (the token got here only once its ID token passed every check): who the
    /// user is (`sub`, with `iss` the key to link a local account to), `email`, `name`…
    pub id_token_claims: Option<IdTokenClaims>,
    /// The `user` field of a callback that came as a form post, a JSON object: Sign in with
    /// Apple sends the user's name there (`{"name": {"firstName": …, "lastName": …}, "email":
    /// …}`) on the first login only, and in no token or claim, so an app that wants the name
    /// keeps it now. At most 4 KiB; never stored by the library.
    pub callback_user: Option<serde_json::Value>,
    /// A client of the provider's API that carries `token` (nothing is stored yet; its
    /// `set_token` stores for this request's user).
    pub client: Client,
}

/// Passed to `error` hooks when a dance (or a later token operation) fails.
#[non_exhaustive]
pub struct ErrorEvent {
    /// The blueprint.
    pub blueprint: Blueprint,
    /// The request being answered, when the failure happened while answering one.
    pub request: Option<HttpRequest>,
    /// What went wrong.
    pub error: DanceError,
}

/// What an `authorized` hook decides (Flask-Dance's `None` / `False` / `Response`).
pub enum AuthorizedOutcome {
    /// Store the token and redirect as configured.
    Continue,
    /// Do not store the token; redirect as configured.
    SkipStoring,
    /// Do not store the token; answer with this response (the remaining hooks do not run).
    Respond(HttpResponse),
}

type BeforeLoginHook = Arc<dyn Fn(BeforeLoginEvent) -> LocalBoxFuture<'static, ()> + Send + Sync>;
type AuthorizedHook =
    Arc<dyn Fn(AuthorizedEvent) -> LocalBoxFuture<'static, AuthorizedOutcome> + Send + Sync>;
type ErrorHook =
    Arc<dyn Fn(ErrorEvent) -> LocalBoxFuture<'static, Option<HttpResponse>> + Send + Sync>;

/// A set of hooks (a blueprint's own, or the app's global ones).
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct Hooks {
    before_login: Vec<BeforeLoginHook>,
    authorized: Vec<AuthorizedHook>,
    error: Vec<ErrorHook>,
}

impl Hooks {
    /// Adds a `before_login` hook.
    pub fn add_before_login<F, Fut>(&mut self, hook: F)
    where
        F: Fn(BeforeLoginEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        self.before_login.push(Arc::new(move |e| Box::pin(hook(e))));
    }

    /// Adds an `authorized` hook.
    pub fn add_authorized<F, Fut>(&mut self, hook: F)
    where
        F: Fn(AuthorizedEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = AuthorizedOutcome> + 'static,
    {
        self.authorized.push(Arc::new(move |e| Box::pin(hook(e))));
    }

    /// Adds an `error` hook.
    pub fn add_error<F, Fut>(&mut self, hook: F)
    where
        F: Fn(ErrorEvent) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<HttpResponse>> + 'static,
    {
        self.error.push(Arc::new(move |e| Box::pin(hook(e))));
    }
}

/// Whether any of the sets has a `before_login` hook.
pub(crate) fn has_before_login(sets: &[&Hooks]) -> bool {
    sets.iter().any(|s| !s.before_login.is_empty())
}

/// Runs the `before_login` hooks of several sets, in order.
pub(crate) async fn run_before_login(sets: &[&Hooks], event: impl Fn() -> BeforeLoginEvent) {
    for hook in sets.iter().flat_map(|s| s.before_login.iter()) {
        hook(event()).await;
    }
}

/// Runs `authorized` hooks until one responds; any `SkipStoring` skips storing.
pub(crate) async fn run_authorized(
    sets: &[&Hooks],
    event: impl Fn() -> AuthorizedEvent,
) -> AuthorizedOutcome {
    let mut outcome = AuthorizedOutcome::Continue;
    for hook in sets.iter().flat_map(|s| s.authorized.iter()) {
        match hook(event()).await {
            AuthorizedOutcome::Respond(resp) => return AuthorizedOutcome::Respond(resp),
            AuthorizedOutcome::SkipStoring => outcome = AuthorizedOutcome::SkipStoring,
            AuthorizedOutcome::Continue => {}
        }
    }
    outcome
}

/// Runs every `error` hook; the first response wins.
pub(crate) async fn run_error(
    sets: &[&Hooks],
    event: impl Fn() -> ErrorEvent,
) -> Option<HttpResponse> {
    let mut answer = None;
    for hook in sets.iter().flat_map(|s| s.error.iter()) {
        let response = hook(event()).await;
        if answer.is_none() {
            answer = response;
        }
    }
    answer
}

/// Defines `on_before_login`, `on_authorized` and `on_error` on a type with a
/// `with_hooks(self, impl FnOnce(&mut Hooks)) -> Self` method: the builders, the typed builders
/// and `Dance` share these three methods, written once here.
#[doc(hidden)]
#[macro_export]
macro_rules! __hook_methods {
    () => {
        /// A hook run just before the redirect to the provider (see `oauth_dance::hooks`).
        pub fn on_before_login<H, Fut>(self, hook: H) -> Self
        where
            H: Fn($crate::hooks::BeforeLoginEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<Output = ()> + 'static,
        {
            self.with_hooks(move |hooks| hooks.add_before_login(hook))
        }

        /// A hook run after a successful exchange, before the token is stored; it may veto
        /// storing or answer for itself (see `oauth_dance::hooks`).
        pub fn on_authorized<H, Fut>(self, hook: H) -> Self
        where
            H: Fn($crate::hooks::AuthorizedEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<Output = $crate::hooks::AuthorizedOutcome> + 'static,
        {
            self.with_hooks(move |hooks| hooks.add_authorized(hook))
        }

        /// A hook run when a dance fails; returning a response answers with it (see
        /// `oauth_dance::hooks`).
        pub fn on_error<H, Fut>(self, hook: H) -> Self
        where
            H: Fn($crate::hooks::ErrorEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<
                    Output = ::core::option::Option<$crate::actix_web::HttpResponse>,
                > + 'static,
        {
            self.with_hooks(move |hooks| hooks.add_error(hook))
        }
    };
}
