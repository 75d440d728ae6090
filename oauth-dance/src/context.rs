//! [`RequestContext`]: what the [`Dance`](crate::Dance) middleware gives each request — the
//! user's session and the app's registry — read by the views, the extractors and
//! `github::client()` (through a task-local).
//!
//! The task-local holds the session handle and the app's registry, never an `HttpRequest`
//! (holding one across routing makes actix panic). It is not inherited by tasks spawned with
//! `actix_web::rt::spawn`; there, use an extractor and move the client in, or build a client
//! from a [`StorageContext::for_user`](crate::storage::StorageContext::for_user).

use std::sync::Arc;

use actix_session::Session;
use actix_web::{HttpMessage, HttpRequest};

use crate::dance::{DanceInner, ErrorPageRenderer};
use crate::error::Error;
use crate::hooks::Hooks;
use crate::origin::Origin;
use crate::overrides::Overrides;
use crate::provider::Provider;
use crate::session_state::CookieBudget;
use crate::storage::StorageContext;
use crate::{Blueprint, Client};

tokio::task_local! {
    pub(crate) static CONTEXT: RequestContext;
}

/// What the middleware gives each request: the user's session and the app's registry.
///
/// ```no_run
/// use oauth_dance::{Error, RequestContext};
///
/// async fn providers() -> Result<String, Error> {
///     let ctx = RequestContext::current()?;
///     let mut linked = Vec::new();
///     for blueprint in ctx.blueprints() {
///         if ctx.client_of(blueprint).authorized().await? {
///             linked.push(blueprint.name().to_string());
///         }
///     }
///     Ok(linked.join(", "))
/// }
/// ```
#[derive(Clone)]
pub struct RequestContext {
    session: Session,
    dance: Arc<DanceInner>,
    overrides: Option<Overrides>,
}

impl RequestContext {
    /// The context of a request to an app with `dance`, and the app's `overrides` if it has any
    /// (its registry then holds the swapped blueprints).
    pub(crate) fn new(
        session: Session,
        dance: &Arc<DanceInner>,
        overrides: Option<&Overrides>,
    ) -> Self {
        RequestContext {
            session,
            dance: match overrides {
                Some(overrides) => overrides.apply_to_registry(dance),
                None => Arc::clone(dance),
            },
            overrides: overrides.cloned(),
        }
    }

    /// The context of the request being handled (inside a handler of an app wrapped in
    /// [`Dance`](crate::Dance)); [`Error::NoContext`] elsewhere.
    pub fn current() -> Result<RequestContext, Error> {
        CONTEXT.try_with(Clone::clone).map_err(|_| Error::NoContext)
    }

    /// The context the middleware attached to `req`.
    pub fn of(req: &HttpRequest) -> Result<RequestContext, Error> {
        req.extensions()
            .get::<RequestContext>()
            .cloned()
            .ok_or(Error::NoContext)
    }

    /// The user's session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// A registered blueprint by name.
    pub fn blueprint(&self, name: &str) -> Result<Blueprint, Error> {
        self.dance
            .blueprints
            .get(name)
            .cloned()
            .ok_or_else(|| Error::UnknownBlueprint(name.to_string()))
    }

    /// The registered blueprint of provider type `P`: the only one, or, among several, the one
    /// with the provider's own name.
    pub fn blueprint_of<P: Provider>(&self) -> Result<Blueprint, Error> {
        let mine: Vec<&Blueprint> = self.blueprints().filter(|bp| bp.is_for::<P>()).collect();
        match mine.as_slice() {
            [] => Err(Error::NoBlueprintFor(P::SPEC.name)),
            [only] => Ok((*only).clone()),
            several => several
                .iter()
                .find(|bp| bp.name() == P::SPEC.name)
                .map(|bp| (*bp).clone())
                .ok_or_else(|| Error::AmbiguousBlueprint {
                    provider: P::SPEC.name,
                    names: several.iter().map(|bp| bp.name().to_string()).collect(),
                }),
        }
    }

    /// Every registered blueprint.
    pub fn blueprints(&self) -> impl Iterator<Item = &Blueprint> {
        self.dance.blueprints.values()
    }

    /// The provider client of blueprint `name` for this request's user.
    pub fn client(&self, name: &str) -> Result<Client, Error> {
        Ok(self.client_of(&self.blueprint(name)?))
    }

    /// The provider client of `blueprint` for this request's user.
    pub fn client_of(&self, blueprint: &Blueprint) -> Client {
        Client::new(self.effective(blueprint), self.storage_context(blueprint))
    }

    /// The storage context of `blueprint` for this request's user.
    pub fn storage_context(&self, blueprint: &Blueprint) -> StorageContext {
        StorageContext::for_request(
            blueprint,
            self.session.clone(),
            self.dance.user_resolver.clone(),
            self.cookie_budget(),
        )
    }

    /// `blueprint` as this request sees it: with the app's [`Overrides`] applied.
    pub(crate) fn effective(&self, blueprint: &Blueprint) -> Blueprint {
        match &self.overrides {
            Some(overrides) => overrides.apply(blueprint),
            None => blueprint.clone(),
        }
    }

    /// The app's overrides, if it has any.
    pub(crate) fn overrides(&self) -> Option<&Overrides> {
        self.overrides.as_ref()
    }

    /// The hooks that apply to `blueprint`: its own, then the app's.
    pub(crate) fn hooks_for<'a>(&'a self, blueprint: &'a Blueprint) -> [&'a Hooks; 2] {
        [&blueprint.core().hooks, &self.dance.hooks]
    }

    /// How the app finds its external URL.
    pub(crate) fn origin(&self) -> &Origin {
        &self.dance.origin
    }

    /// The size budget of the session cookie, when the middleware provides the cookie session.
    pub(crate) fn cookie_budget(&self) -> Option<CookieBudget> {
        let session = &self.dance.session;
        session.in_cookie().then(|| CookieBudget {
            cookie_name_len: session.cookie_name().len(),
        })
    }

    /// Whether failure pages show developer hints.
    pub(crate) fn developer_hints(&self) -> bool {
        self.dance.pages.developer_hints
    }

    /// The app's own failure page, if it renders one.
    pub(crate) fn error_page(&self) -> Option<&ErrorPageRenderer> {
        self.dance.pages.render.as_ref()
    }

    /// Whether the request carries the session cookie.
    pub(crate) fn has_session_cookie(&self, req: &HttpRequest) -> bool {
        req.cookie(self.dance.session.cookie_name()).is_some()
    }
}
