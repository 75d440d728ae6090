//! [`Transport`]: the one seam every outgoing HTTP request of a blueprint goes through — token
//! requests, API calls, and whatever later protocols need (refresh, revocation, discovery).
//!
//! The default, [`ReqwestTransport`], is one pooled reqwest client over rustls that never follows
//! redirects from a token endpoint (they would carry the code and the client's credentials to
//! wherever the redirect points) and follows up to 10 for API calls. Tests swap in their own
//! (recording, replaying) with `.transport(...)` on a builder.
//!
//! reqwest's request and response types are part of this crate's public API on purpose:
//! [`ApiRequest::send`](crate::ApiRequest::send) returns a [`reqwest::Response`] (streaming,
//! `json()`, headers), a transport receives a [`reqwest::Request`], and
//! [`http_client`](crate::BlueprintBuilder::http_client) takes a [`reqwest::Client`]. The matching
//! reqwest is re-exported as `oauth_dance::reqwest`; a new major version of reqwest is a new
//! major version of this crate.

use std::time::Duration;

use actix_web::web::Bytes;

/// What an outgoing request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestKind {
    /// A request to a token endpoint: never follows redirects, and its answer is capped.
    TokenEndpoint,
    /// An API call with the user's token.
    Api,
    /// A provider's metadata: an OpenID Connect discovery document or key set (JWKS). Never
    /// follows redirects: the answer decides which keys sign a login.
    ProviderMetadata,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// No answer within the request's timeout.
    #[error("no answer in time")]
    Timeout,
    /// The provider could not be reached.
    #[error("could not connect to the provider")]
    Connect,
    /// Anything else (a reset connection, a redirect loop, a refused TLS handshake…); never a
    /// URL, which may carry a token.
    #[error("{0}")]
    Other(String),
}

impl From<reqwest::Error> for TransportError {
    fn from(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            TransportError::Timeout
        } else if err.is_connect() {
            TransportError::Connect
        } else {
            TransportError::Other(err.without_url().to_string())
        }
    }
}

/// Sends a blueprint's requests. One instance serves every request of every worker.
///
/// ```
/// use oauth_dance::transport::{RequestKind, Transport, TransportError};
///
/// /// Logs each request's method and kind (never its URL: it may carry a token), then sends it.
/// struct Logged<T>(T);
///
/// #[async_trait::async_trait(?Send)]
/// impl<T: Transport> Transport for Logged<T> {
///     async fn send(
///         &self,
///         request: reqwest::Request,
///         kind: RequestKind,
///     ) -> Result<reqwest::Response, TransportError> {
///         tracing::info!("{} ({kind:?})", request.method());
///         self.0.send(request, kind).await
///     }
/// }
/// ```
#[async_trait::async_trait(?Send)]
pub trait Transport: Send + Sync + 'static {
    /// Sends one request and returns the provider's answer (any status).
    async fn send(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError>;
}

/// The default transport: reqwest over rustls, one connection pool per blueprint.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

/// How many redirects an API call follows.
const API_REDIRECTS: usize = 10;

tokio::task_local! {
    /// Set (to `true`) while an API call of the library's own client is being sent: the one
    /// client's redirect policy reads it, so API calls follow redirects and every other request
    /// (token endpoints, provider metadata) does not, over one connection pool.
    static FOLLOW_REDIRECTS: bool;
}

/// The library's own client's redirect policy: follow up to [`API_REDIRECTS`] while an API call
/// is being sent (reqwest decides inside the request's future, so inside the
/// [`FOLLOW_REDIRECTS`] scope that [`Transport::send`] puts around it), stop otherwise. Stopping
/// is the default: a request sent from anywhere else follows nothing.
fn redirect_policy() -> reqwest::redirect::Policy {
    let api = reqwest::redirect::Policy::limited(API_REDIRECTS);
    reqwest::redirect::Policy::custom(move |attempt| {
        if FOLLOW_REDIRECTS.try_with(|follow| *follow).unwrap_or(false) {
            api.redirect(attempt)
        } else {
            attempt.stop()
        }
    })
}

impl ReqwestTransport {
    /// A transport with its own pool: token requests never follow redirects, API calls follow
    /// up to 10 (and, like reqwest, drop the `Authorization` header on the way to another
    /// host). One client serves both, so a provider sees one set of connections.
    pub fn new() -> Result<Self, reqwest::Error> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .user_agent(concat!("oauth-dance/", env!("CARGO_PKG_VERSION")))
            .redirect(redirect_policy())
            .build()?;
        Ok(ReqwestTransport { client })
    }

    /// A transport over a client of your own, for every kind of request. Token requests then
    /// follow that client's redirect policy: give it `redirect::Policy::none()`, or a redirecting
    /// token endpoint gets the code and the client's credentials re-sent wherever it points (a
    /// redirect answer that reaches the library is refused, never followed).
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        let follow = kind == RequestKind::Api;
        let response = FOLLOW_REDIRECTS.scope(follow, self.client.execute(request));
        Ok(response.await?)
    }
}

/// Installs rustls' ring provider as the process default, if none is installed yet. The
/// library's own HTTP clients call this; call it yourself before building a reqwest client
/// of your own for [`http_client`](crate::BlueprintBuilder::http_client).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Reads a response body of at most `limit` bytes. A body that arrives in one chunk (a token
/// response nearly always does) is kept as it came, not copied.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, ReadError> {
    let mut single = Bytes::new();
    let mut joined: Option<Vec<u8>> = None;
    while let Some(chunk) = response.chunk().await.map_err(TransportError::from)? {
        let so_far = joined.as_ref().map_or(single.len(), Vec::len);
        if so_far + chunk.len() > limit {
            return Err(ReadError::TooLarge(limit));
        }
        match &mut joined {
            Some(all) => all.extend_from_slice(&chunk),
            None if single.is_empty() => single = chunk,
            None => joined = Some([&single[..], &chunk[..]].concat()),
        }
    }
    Ok(joined.map_or(single, Bytes::from))
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The body is larger than the limit.
    TooLarge(usize),
    /// The connection failed mid-body.
    Transport(TransportError),
}

impl From<TransportError> for ReadError {
    fn from(err: TransportError) -> Self {
        ReadError::Transport(err)
    }
}

/// A request's timeout, for error messages.
pub(crate) fn millis(timeout: Duration) -> u64 {
    u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX)
}
