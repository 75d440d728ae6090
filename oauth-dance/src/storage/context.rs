//! [`StorageContext`]: whose token a storage call is about.

use std::fmt;
use std::sync::Arc;

use actix_session::Session;

use super::StorageError;
use crate::Blueprint;
use crate::session_state::CookieBudget;

/// Finds the logged-in local user of a session (see [`Dance::local_user`](crate::Dance::local_user)).
pub(crate) type UserResolver = Arc<dyn Fn(&Session) -> Option<String> + Send + Sync>;

/// A resolver for [`Dance::local_user`](crate::Dance::local_user) that reads the local user's id
/// from the session entry `key` (a string, as your login handler inserted it).
///
/// ```
/// use oauth_dance::{Dance, storage};
///
/// let dance = Dance::new(actix_web::cookie::Key::generate())
///     .local_user(storage::session_user("user_id"));
/// ```
pub fn session_user(key: &'static str) -> impl Fn(&Session) -> Option<String> + Send + Sync {
    move |session| session.get::<String>(key).ok().flatten()
}

/// A resolver for [`Dance::local_user`](crate::Dance::local_user) that reads the user actix-identity
/// logged in (`Identity::login` keeps the id in the session entry `actix_identity.user_id`; wrap
/// the `IdentityMiddleware` so it runs inside the session middleware, as actix-identity says).
///
/// ```
/// use oauth_dance::{Dance, storage};
///
/// let dance = Dance::new(actix_web::cookie::Key::generate())
///     .local_user(storage::actix_identity_user());
/// ```
pub fn actix_identity_user() -> impl Fn(&Session) -> Option<String> + Send + Sync {
    session_user("actix_identity.user_id")
}

/// What a [`TokenStorage`](super::TokenStorage) call knows about whose token it is: the
/// blueprint, the user's session (inside a request), and the local user, if the app has users.
///
/// Storages key tokens with it: [`SessionStorage`](super::SessionStorage) uses the session, a
/// per-user storage uses [`user`](StorageContext::user). The user is resolved when the storage
/// asks, not when the request starts, so an `authorized` hook that logs the user in before the
/// token is stored gets the token filed under that user.
///
/// ```
/// use oauth_dance::storage::StorageContext;
/// # let blueprint = oauth_dance::OAuth2Builder::new("example").client_id("i").client_secret("s")
/// #     .authorization_url("https://e.com/a").token_url("https://e.com/t").base_url("https://e.com/")
/// #     .build().unwrap();
///
/// // A background job acting for user 42, outside any request:
/// let ctx = StorageContext::for_user(&blueprint, "42");
/// assert_eq!(ctx.user().unwrap().as_deref(), Some("42"));
/// assert!(ctx.session().is_none());
/// ```
#[derive(Clone)]
pub struct StorageContext {
    blueprint: String,
    session: Option<Session>,
    user: UserSource,
    budget: Option<CookieBudget>,
}

#[derive(Clone)]
enum UserSource {
    Unknown,
    Fixed(String),
    Resolver(UserResolver),
}

impl StorageContext {
    /// The context of a request's session, with no local user (or none that the app told the
    /// library how to find).
    pub fn for_session(blueprint: &Blueprint, session: Session) -> Self {
        Self::new(blueprint, Some(session), UserSource::Unknown)
    }

    /// The context of local user `user`, outside any request (a background job, a webhook).
    pub fn for_user(blueprint: &Blueprint, user: impl Into<String>) -> Self {
        Self::new(blueprint, None, UserSource::Fixed(user.into()))
    }

    /// A request's context whose user `resolver` finds in the session.
    pub(crate) fn for_request(
        blueprint: &Blueprint,
        session: Session,
        resolver: Option<UserResolver>,
        budget: Option<CookieBudget>,
    ) -> Self {
        let user = resolver.map_or(UserSource::Unknown, UserSource::Resolver);
        StorageContext {
            budget,
            ..Self::new(blueprint, Some(session), user)
        }
    }

    fn new(blueprint: &Blueprint, session: Option<Session>, user: UserSource) -> Self {
        StorageContext {
            blueprint: blueprint.name().to_string(),
            session,
            user,
            budget: None,
        }
    }

    /// The size budget of the session, when it is the library's cookie session.
    pub(crate) fn cookie_budget(&self) -> Option<CookieBudget> {
        self.budget
    }

    /// The blueprint's name (`"github"`).
    pub fn blueprint(&self) -> &str {
        &self.blueprint
    }

    /// The user's session, inside a request.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Whether this context can name a local user at all: a context [`for_user`](Self::for_user),
    /// or a request's whose app told the library how to find its users
    /// ([`Dance::local_user`](crate::Dance::local_user)). A per-user storage requires a user
    /// exactly when this is true, unless told otherwise (as Flask-Dance's SQL storage requires
    /// one exactly when it was given a `user` or `user_id`); a context that knows users but
    /// resolves none (`user()` is `None`) is an anonymous visitor's.
    ///
    /// ```
    /// use oauth_dance::storage::StorageContext;
    /// # let blueprint = oauth_dance::OAuth2Builder::new("example").client_id("i").client_secret("s")
    /// #     .authorization_url("https://e.com/a").token_url("https://e.com/t").base_url("https://e.com/")
    /// #     .build().unwrap();
    /// assert!(StorageContext::for_user(&blueprint, "42").knows_users());
    /// ```
    pub fn knows_users(&self) -> bool {
        !matches!(self.user, UserSource::Unknown)
    }

    /// The local user, as of now: the one named by [`for_user`](Self::for_user), else the one
    /// the app's resolver finds in the session, else `None` (anonymous, or no users at all).
    pub fn user(&self) -> Result<Option<String>, StorageError> {
        Ok(match &self.user {
            UserSource::Unknown => None,
            UserSource::Fixed(user) => Some(user.clone()),
            UserSource::Resolver(resolve) => self.session.as_ref().and_then(|s| resolve(s)),
        })
    }
}

impl fmt::Debug for StorageContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageContext")
            .field("blueprint", &self.blueprint)
            .field("session", &self.session.is_some())
            .finish_non_exhaustive()
    }
}
