//! Flows: what a blueprint's protocol does to log a user in, and to authorize an API call.
//!
//! A [`Blueprint`] is one type for every protocol: its protocol-neutral part
//! (routes, login attempts, hooks, storage, error pages) runs the dance, and asks its [`Flow`] to
//!
//! 1. **start** a login: the URL to send the user to, and what to keep for the callback (the
//!    attempt's key and per-attempt secrets, like a PKCE verifier);
//! 2. **read** a callback: which attempt it answers, or the provider's refusal;
//! 3. **finish** it: the callback and its attempt's secrets → a token;
//! 4. **authorize** each API call with a stored token (a bearer header, a signature…);
//! 5. keep a token alive: **refresh** it before it expires and **revoke** it at logout, when
//!    the protocol and the provider can (both optional: the defaults say "cannot").
//!
//! [`OAuth2Flow`](oauth2::OAuth2Flow) and [`OAuth1Flow`](oauth1::OAuth1Flow) are the built-in
//! flows. A flow of your own plugs into the same
//! skeleton with [`BlueprintBuilder::with_flow`](crate::BlueprintBuilder::with_flow).

mod attempt_secrets;
mod callback_query;
pub mod oauth1;
pub mod oauth2;
pub(crate) mod pem;
pub(crate) mod random;

use std::any::Any;
use std::fmt;
use std::time::Duration;

use url::Url;

pub use attempt_secrets::AttemptSecrets;
pub use callback_query::CallbackQuery;

use crate::client::ApiCall;
use crate::error::{DanceError, Error, TokenEndpointError};
use crate::{Blueprint, Token};

/// A protocol's part of a blueprint. See the [module docs](self).
#[async_trait::async_trait(?Send)]
pub trait Flow: fmt::Debug + Send + Sync + 'static {
    /// Starts a login.
    async fn start(&self, login: &LoginStart<'_>) -> Result<Started, DanceError>;

    /// Reads a callback's query: which attempt it answers, or the provider's refusal.
    fn read_callback(&self, query: &CallbackQuery) -> CallbackRead;

    /// Finishes a login whose attempt the callback matched.
    async fn finish(&self, callback: &LoginFinish<'_>) -> Result<Token, DanceError>;

    /// Adds a stored token's credentials to an API call.
    fn authorize(&self, call: &mut ApiCall, token: &Token) -> Result<(), Error>;

    /// Whether a stored token carries this protocol's credentials at all (not whether it has
    /// expired).
    fn is_usable(&self, token: &Token) -> bool;

    /// The flow as `Any`, for [`Blueprint::flow_as`](crate::Blueprint::flow_as).
    fn as_any(&self) -> &dyn Any;

    /// Whether `token` can be refreshed: the flow refreshes, and the token carries what it
    /// needs (an OAuth 2 refresh token). Without that, an expired token needs a new login.
    fn can_refresh(&self, token: &Token) -> bool {
        let _ = token;
        false
    }

    /// How long before its expiry a token is refreshed (the client refreshes it before a call
    /// from then on).
    fn refresh_leeway(&self) -> Duration {
        Duration::ZERO
    }

    /// Asks the provider for a new token in exchange for `token` (its refresh token): the whole
    /// new token, with what the provider did not send again (the refresh token) kept from the
    /// old one. Only called when [`can_refresh`](Self::can_refresh) said yes; the client makes
    /// sure one refresh runs per token, whatever the number of requests waiting for it.
    async fn refresh(
        &self,
        blueprint: &Blueprint,
        token: &Token,
    ) -> Result<Token, TokenEndpointError> {
        let _ = (blueprint, token);
        Err(TokenEndpointError::Transport(
            "this blueprint's flow does not refresh tokens".into(),
        ))
    }

    /// Revokes `token` at the provider (RFC 7009): `Ok(false)` when the provider publishes no
    /// revocation endpoint (nothing was sent).
    async fn revoke(
        &self,
        blueprint: &Blueprint,
        token: &Token,
    ) -> Result<bool, TokenEndpointError> {
        let _ = (blueprint, token);
        Ok(false)
    }

    /// The base URL of API calls when the blueprint was given none (an OpenID Connect relying
    /// party configured by its issuer alone: the issuer); `None`: the base URL is required.
    fn default_base_url(&self) -> Option<String> {
        None
    }
}

/// What a flow gets to start a login.
#[non_exhaustive]
pub struct LoginStart<'a> {
    /// The blueprint (its transport, headers and timeout, for a flow that calls the provider).
    pub blueprint: &'a Blueprint,
    /// The absolute URL of the blueprint's callback view, for this request.
    pub redirect_uri: &'a Url,
}

/// A started login: where to send the user, and what to keep until the callback.
#[derive(Debug)]
#[non_exhaustive]
pub struct Started {
    /// The URL to redirect the user to (serialized: the login redirects to it as it is).
    location: String,
    /// What the callback will name the attempt by (the OAuth 2 `state`); compared in constant
    /// time, and single-use.
    pub key: String,
    /// Secrets kept with the attempt, for [`Flow::finish`].
    pub secrets: AttemptSecrets,
}

impl Started {
    /// A started login.
    pub fn new(url: Url, key: impl Into<String>, secrets: AttemptSecrets) -> Self {
        Started::from_location(url.into(), key, secrets)
    }

    /// A started login whose URL the flow wrote itself (it must be a valid absolute URL: the
    /// library's OAuth 2 flow writes its per-login values into an encoded-once prefix).
    pub(crate) fn from_location(
        location: String,
        key: impl Into<String>,
        secrets: AttemptSecrets,
    ) -> Self {
        Started {
            location,
            key: key.into(),
            secrets,
        }
    }

    /// The URL to redirect the user to.
    pub fn url(&self) -> &str {
        &self.location
    }

    /// The URL, the key and the secrets.
    pub(crate) fn into_parts(self) -> (String, String, AttemptSecrets) {
        (self.location, self.key, self.secrets)
    }
}

/// What a callback's query says.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallbackRead {
    /// The answer to the attempt with this key.
    Answer {
        /// The attempt's key.
        key: String,
    },
    /// The provider refused (the user pressed "Deny"…).
    Refused {
        /// The attempt's key, when the provider sent it back.
        key: Option<String>,
        /// The refusal.
        error: DanceError,
    },
    /// No attempt key at all (Flask-Dance sends the user back to the login view).
    NoKey,
    /// The query cannot be read (a repeated parameter…).
    Malformed(DanceError),
}

/// What a flow gets to finish a login.
#[non_exhaustive]
pub struct LoginFinish<'a> {
    /// The blueprint.
    pub blueprint: &'a Blueprint,
    /// The callback's query.
    pub query: &'a CallbackQuery,
    /// What [`Flow::start`] kept with the attempt.
    pub secrets: &'a AttemptSecrets,
    /// The absolute URL of the callback view (the same as at the start).
    pub redirect_uri: &'a Url,
}
