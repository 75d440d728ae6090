//! [`Client`]: the provider API client of one request (Flask-Dance's `blueprint.session`).
//!
//! A client is made per request, from the blueprint and that request's context, so it can only
//! ever load the token of the user whose request it serves. The connection pool underneath is
//! the blueprint's, shared by all requests.

use std::cell::RefCell;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use actix_session::Session;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::Token;
use crate::blueprint::Blueprint;
use crate::config::check_transport;
use crate::context::RequestContext;
use crate::error::Error;
use crate::provider::Quirk;
use crate::storage::StorageContext;

/// Installs rustls' ring provider as the process default, if none is installed yet. The
/// library's own HTTP clients call this; call it yourself before building a reqwest client
/// of your own for [`OAuth2Builder::http_client`](crate::OAuth2Builder::http_client).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The provider API client of the current request: relative URLs resolve against the
/// blueprint's `base_url`, and the user's token is attached.
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
    storage: StorageContext,
    token: RefCell<Option<Option<Token>>>,
}

impl Client {
    /// The client of blueprint `name` for the request being handled (what `github::client()`
    /// calls). Outside a request handled by [`Dance`](crate::Dance) this is
    /// [`Error::NoContext`], never a panic.
    pub fn current(name: &str) -> Result<Client, Error> {
        RequestContext::current()?.client(name)
    }

    /// The client of `blueprint` for the user owning `session`.
    pub fn new(blueprint: Blueprint, session: Session) -> Client {
        Client {
            storage: StorageContext::new(blueprint.name(), session),
            blueprint,
            token: RefCell::new(None),
        }
    }

    /// The blueprint this client belongs to.
    pub fn blueprint(&self) -> &Blueprint {
        &self.blueprint
    }

    /// The user's token, loaded from storage once per client.
    pub async fn token(&self) -> Result<Option<Token>, Error> {
        if let Some(cached) = self.token.borrow().as_ref() {
            return Ok(cached.clone());
        }
        let loaded = self.blueprint.0.storage.get(&self.storage).await?;
        *self.token.borrow_mut() = Some(loaded.clone());
        Ok(loaded)
    }

    /// Whether the user has a token that is not known to be expired.
    pub async fn authorized(&self) -> Result<bool, Error> {
        Ok(self.token().await?.is_some_and(|t| !t.is_expired()))
    }

    /// Stores a token for the user.
    pub async fn set_token(&self, token: Token) -> Result<(), Error> {
        self.blueprint.0.storage.set(&self.storage, &token).await?;
        *self.token.borrow_mut() = Some(Some(token));
        Ok(())
    }

    /// Forgets the user's token (log out of the provider).
    pub async fn delete_token(&self) -> Result<(), Error> {
        self.blueprint.0.storage.delete(&self.storage).await?;
        *self.token.borrow_mut() = Some(None);
        Ok(())
    }

    /// Resolves a URL against `base_url` (RFC 3986; absolute URLs pass through) and applies
    /// the transport rule (https, or http on loopback).
    pub fn url(&self, url: &str) -> Result<Url, Error> {
        let resolved = self
            .blueprint
            .base_url()
            .join(url)
            .map_err(|e| Error::Url {
                url: url.to_string(),
                reason: e.to_string(),
            })?;
        check_transport(&resolved).map_err(|reason| Error::Url {
            url: resolved.to_string(),
            reason,
        })?;
        Ok(resolved)
    }

    /// A request to the provider's API; `.await` it (or call [`send`](ApiRequest::send)).
    pub fn request(&self, method: Method, url: &str) -> ApiRequest<'_> {
        ApiRequest {
            client: self,
            method,
            url: url.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            error: None,
        }
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

enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(Value),
    Bytes(Vec<u8>),
}

/// A request being built; `.await` sends it.
#[must_use = "a request does nothing until awaited"]
pub struct ApiRequest<'c> {
    client: &'c Client,
    method: Method,
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Body,
    error: Option<Error>,
}

impl<'c> ApiRequest<'c> {
    /// Adds query parameters (anything that serializes to a flat JSON object or list of pairs).
    pub fn query<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        match pairs(params) {
            Ok(p) => self.query.extend(p),
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => self.headers.push((n, v)),
            _ => self.error = Some(Error::InvalidRequest(format!("invalid header `{name}`"))),
        }
        self
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub fn form<T: Serialize + ?Sized>(mut self, form: &T) -> Self {
        match pairs(form) {
            Ok(p) => self.body = Body::Form(p),
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, json: &T) -> Self {
        match serde_json::to_value(json) {
            Ok(v) => self.body = Body::Json(v),
            Err(e) => {
                self.error = Some(Error::InvalidRequest(format!(
                    "body does not serialize: {e}"
                )))
            }
        }
        self
    }

    /// A raw body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Body::Bytes(body.into());
        self
    }

    /// Sends the request with the user's token. Without a token it is sent unauthenticated;
    /// with an expired one it fails with [`Error::NotAuthorized`].
    pub async fn send(self) -> Result<reqwest::Response, Error> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let client = self.client;
        let bp = &client.blueprint.0;
        let mut url = client.url(&self.url)?;
        let token = client.token().await?;
        if token.as_ref().is_some_and(Token::is_expired) {
            return Err(Error::NotAuthorized(bp.name.clone()));
        }
        let mut query = self.query;
        let mut body = self.body;
        if let Some(token) = &token
            && bp.quirks.contains(&Quirk::SlackTokenInBody)
        {
            slack_token(&url, &mut query, &mut body, token.access_token());
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(&query);
        }
        let mut builder = bp
            .http
            .request(self.method, url)
            .headers(bp.headers.clone())
            .timeout(bp.timeout);
        if let Some(token) = &token {
            builder = builder.header(
                AUTHORIZATION,
                format!("{} {}", bp.api_auth_scheme, token.access_token()),
            );
        }
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder = match body {
            Body::None => builder,
            Body::Form(pairs) => builder.form(&pairs),
            Body::Json(value) => builder.json(&value),
            Body::Bytes(bytes) => builder.body(bytes),
        };
        Ok(builder.send().await?)
    }
}

impl<'c> IntoFuture for ApiRequest<'c> {
    type Output = Result<reqwest::Response, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Slack: the token also goes into the form body, or the query when there is no form body,
/// unless the caller already gave one.
fn slack_token(url: &Url, query: &mut Vec<(String, String)>, body: &mut Body, token: &str) {
    let in_query =
        url.query_pairs().any(|(k, _)| k == "token") || query.iter().any(|(k, _)| k == "token");
    if in_query {
        return;
    }
    match body {
        Body::Form(pairs) => {
            if !pairs.iter().any(|(k, _)| k == "token") {
                pairs.push(("token".into(), token.into()));
            }
        }
        _ => query.push(("token".into(), token.into())),
    }
}

/// Flattens a serializable value into string pairs (a map/struct, or a list of pairs).
fn pairs<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, Error> {
    let bad = Error::InvalidRequest;
    let text = |v: Value| match v {
        Value::String(s) => s,
        other => other.to_string(),
    };
    match serde_json::to_value(value).map_err(|e| bad(e.to_string()))? {
        Value::Object(map) => Ok(map.into_iter().map(|(k, v)| (k, text(v))).collect()),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Array(mut kv) if kv.len() == 2 => {
                    let v = kv.pop().map(text).unwrap_or_default();
                    let k = kv.pop().map(text).unwrap_or_default();
                    Ok((k, v))
                }
                _ => Err(bad("expected (name, value) pairs".into())),
            })
            .collect(),
        _ => Err(bad("expected a map or a list of pairs".into())),
    }
}
