//! [`Client`]: a provider API client for one user (Flask-Dance's `blueprint.session`).
//!
//! A client is made per request, from the blueprint and that request's storage context, so it
//! can only ever load the token of the user whose request it serves; outside a request (a
//! background job) it is made from a [`StorageContext::for_user`]. The connection pool
//! underneath is the blueprint's, shared by all clients.
//!
//! - [`request`]: [`ApiRequest`], a request being built;
//! - [`call`]: [`ApiCall`], a request ready for its flow to authorize and its transport to send.

pub(crate) mod call;
mod end_session;
mod lifecycle;
mod request;

use std::cell::RefCell;

use actix_session::Session;
use reqwest::Method;
use url::Url;

pub use call::{ApiBody, ApiCall};
pub use lifecycle::Logout;
pub use request::ApiRequest;

use crate::Token;
use crate::blueprint::Blueprint;
use crate::config::check_transport;
use crate::context::RequestContext;
use crate::error::Error;
use crate::extract::FindBlueprint;
use crate::redact;
use crate::storage::StorageContext;

/// The provider API client of one user: relative URLs resolve against the blueprint's
/// `base_url`, and the user's token is attached.
///
/// ```no_run
/// use oauth_dance::contrib::github::GitHubClient;
///
/// async fn profile(github: GitHubClient) -> Result<String, oauth_dance::Error> {
///     let user: serde_json::Value = github.get("user").await?.json().await?;
///     Ok(format!("You are @{}", user["login"].as_str().unwrap_or("?")))
/// }
/// ```
pub struct Client {
    blueprint: Blueprint,
    storage: Option<StorageContext>,
    token: RefCell<Cached>,
}

/// The token, once read from storage.
#[derive(Clone)]
enum Cached {
    NotLoaded,
    Loaded(Option<Token>),
}

impl Client {
    /// The client of blueprint `name` for the request being handled (what `github::client()`
    /// calls). Outside a request handled by [`Dance`](crate::Dance) this is
    /// [`Error::NoContext`], never a panic.
    pub fn current(name: &str) -> Result<Client, Error> {
        RequestContext::current()?.client(name)
    }

    /// The client of the blueprint of `P` (a provider type, or a [`named_blueprint!`](crate::named_blueprint))
    /// for the request being handled.
    pub fn current_for<P: FindBlueprint>() -> Result<Client, Error> {
        let ctx = RequestContext::current()?;
        Ok(ctx.client_of(&P::find(&ctx)?))
    }

    /// The client of `blueprint` for the user `storage` stands for (a session, or a user named
    /// outside any request).
    pub fn new(blueprint: Blueprint, storage: StorageContext) -> Client {
        Client {
            blueprint,
            storage: Some(storage),
            token: RefCell::new(Cached::NotLoaded),
        }
    }

    /// The client of `blueprint` for the user owning `session`.
    pub fn for_session(blueprint: Blueprint, session: Session) -> Client {
        let storage = StorageContext::for_session(&blueprint, session);
        Client::new(blueprint, storage)
    }

    /// A client that carries `token`, with no storage behind it (`set_token` and
    /// `delete_token` are [`Error::NoStorage`]).
    pub fn with_token(blueprint: Blueprint, token: Token) -> Client {
        Client {
            blueprint,
            storage: None,
            token: RefCell::new(Cached::Loaded(Some(token))),
        }
    }

    /// A client that carries `token`, for the user `storage` stands for (nothing stored yet).
    pub(crate) fn bound(blueprint: Blueprint, storage: StorageContext, token: Token) -> Client {
        Client {
            blueprint,
            storage: Some(storage),
            token: RefCell::new(Cached::Loaded(Some(token))),
        }
    }

    /// The blueprint this client belongs to.
    pub fn blueprint(&self) -> &Blueprint {
        &self.blueprint
    }

    /// The storage context this client reads and writes the token through.
    pub fn storage_context(&self) -> Option<&StorageContext> {
        self.storage.as_ref()
    }

    fn storage(&self) -> Result<&StorageContext, Error> {
        self.storage.as_ref().ok_or(Error::NoStorage)
    }

    /// The user's token, loaded from storage once per client.
    pub async fn token(&self) -> Result<Option<Token>, Error> {
        self.read_token(|token| token.cloned()).await
    }

    /// Calls `f` with the user's token (loaded from storage once per client), without copying
    /// it.
    pub(crate) async fn read_token<R>(
        &self,
        f: impl FnOnce(Option<&Token>) -> R,
    ) -> Result<R, Error> {
        if let Cached::Loaded(token) = &*self.token.borrow() {
            return Ok(f(token.as_ref()));
        }
        let loaded = self.blueprint.storage().get(self.storage()?).await?;
        let answer = f(loaded.as_ref());
        *self.token.borrow_mut() = Cached::Loaded(loaded);
        Ok(answer)
    }

    /// Whether the user has a token of this blueprint's protocol that is valid (not known to
    /// be expired) or refreshable (expired, but the next call refreshes it first). Without a
    /// network call, so a refresh the provider then refuses still ends in a new login; see
    /// [`authorized_now`](Self::authorized_now) for "valid right now".
    pub async fn authorized(&self) -> Result<bool, Error> {
        let flow = self.blueprint.flow();
        self.read_token(|token| {
            token.is_some_and(|t| flow.is_usable(t) && (!t.is_expired() || flow.can_refresh(t)))
        })
        .await
    }

    /// Stores a token for the user.
    pub async fn set_token(&self, token: Token) -> Result<(), Error> {
        self.blueprint
            .storage()
            .set(self.storage()?, &token)
            .await?;
        *self.token.borrow_mut() = Cached::Loaded(Some(token));
        Ok(())
    }

    /// Forgets the user's token (log out of the provider).
    pub async fn delete_token(&self) -> Result<(), Error> {
        self.blueprint.storage().delete(self.storage()?).await?;
        *self.token.borrow_mut() = Cached::Loaded(None);
        Ok(())
    }

    /// Resolves a URL against `base_url` (RFC 3986; absolute URLs pass through) and applies
    /// the transport rule (https, or http on loopback).
    pub fn url(&self, url: &str) -> Result<Url, Error> {
        if !worth_keeping(url) {
            return self.resolve(url);
        }
        let cache = &self.blueprint.core().api_urls;
        if let Some(resolved) = cache.get(|written| written == url) {
            return Ok(resolved);
        }
        let resolved = self.resolve(url)?;
        cache.put(url.to_string(), resolved.clone());
        Ok(resolved)
    }

    fn resolve(&self, url: &str) -> Result<Url, Error> {
        let resolved = self
            .blueprint
            .base_url()
            .join(url)
            .map_err(|e| Error::Url {
                url: redact::url(url),
                reason: e.to_string(),
            })?;
        check_transport(&resolved, self.blueprint.core().allow_insecure).map_err(|reason| {
            Error::Url {
                url: redact::url(resolved.as_str()),
                reason,
            }
        })?;
        Ok(resolved)
    }

    /// A request to the provider's API; `.await` it (or call [`send`](ApiRequest::send)).
    pub fn request(&self, method: Method, url: &str) -> ApiRequest<'_> {
        ApiRequest::new(self, method, url)
    }

    /// `GET url`.
    pub fn get(&self, url: &str) -> ApiRequest<'_> {
        self.request(Method::GET, url)
    }

    /// `POST url`.
    pub fn post(&self, url: &str) -> ApiRequest<'_> {
        self.request(Method::POST, url)
    }

    /// `PUT url`.
    pub fn put(&self, url: &str) -> ApiRequest<'_> {
        self.request(Method::PUT, url)
    }

    /// `PATCH url`.
    pub fn patch(&self, url: &str) -> ApiRequest<'_> {
        self.request(Method::PATCH, url)
    }

    /// `DELETE url`.
    pub fn delete(&self, url: &str) -> ApiRequest<'_> {
        self.request(Method::DELETE, url)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("blueprint", &self.blueprint.name())
            .finish_non_exhaustive()
    }
}

/// Whether a resolved API URL is worth keeping: a path as apps write it (`user/repos`), not one
/// with a query, which is mostly per call (a search, a page) and would only churn the cache.
fn worth_keeping(url: &str) -> bool {
    url.len() <= 256 && !url.bytes().any(|b| b == b'?' || b == b'#')
}
