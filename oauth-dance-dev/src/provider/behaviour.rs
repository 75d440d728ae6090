//! Faults the development provider can be told to inject, for testing error handling.

use std::time::Duration;

/// A fault to inject, set with [`DevProvider::set_misbehaviour`](super::DevProvider::set_misbehaviour).
///
/// Every variant but [`AuthorizeError`](Misbehaviour::AuthorizeError) applies to `POST /token`
/// and to the OAuth 1 credentials endpoints (`/oauth1/request_token`, `/oauth1/access_token`,
/// which answer form-encoded: `oauth_problem=server_error` with the status,
/// `oauth_problem=<code>` with a 401 for [`TokenEndpointError`](Misbehaviour::TokenEndpointError));
/// that one applies to `GET /authorize`. The setting stays until it is changed again, so a
/// test sets it, drives the client, and sets [`Misbehaviour::None`] back if it goes on.
///
/// ```
/// use std::time::Duration;
/// use oauth_dance_dev::{DevProvider, Misbehaviour};
///
/// let provider = DevProvider::start()?;
/// provider.set_misbehaviour(Misbehaviour::TokenEndpointStatus(503));
/// provider.set_misbehaviour(Misbehaviour::TokenEndpointSlow(Duration::from_millis(50)));
/// provider.set_misbehaviour(Misbehaviour::None);
/// # Ok::<(), std::io::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Behave like a correct OAuth 2 server (the default).
    #[default]
    None,
    /// `/token` answers with this HTTP status and the body `{"error":"server_error"}`.
    ///
    /// A status outside 100..=999 is answered as 500.
    TokenEndpointStatus(u16),
    /// `/token` waits this long, then answers normally.
    TokenEndpointSlow(Duration),
    /// `/token` answers 200 with a `text/html` body that is not JSON.
    TokenEndpointGarbage,
    /// `/token` answers 400 `{"error": <this code>}`.
    TokenEndpointError(String),
    /// `/token` answers 200 with this JSON body (a malformed token response, say); OAuth 1
    /// endpoints answer normally.
    TokenEndpointBody(serde_json::Value),
    /// `/token` answers normally, with an extra `id_token` of this many bytes (a large token,
    /// like Azure's or Authentiq's, that does not fit in a cookie session).
    TokenEndpointLargeToken(usize),
    /// `GET /authorize` at once redirects back to the (validated) `redirect_uri` with
    /// `error=<this code>`, an `error_description` and the `state`, without a consent page.
    AuthorizeError(String),
    /// `/token` answers normally, with a forged or wrong ID token (for an `openid` login, and
    /// for a refresh of one).
    IdToken(IdTokenFault),
    /// `GET /.well-known/openid-configuration` answers a broken discovery document.
    Discovery(DiscoveryFault),
}

/// How the discovery document of [`Misbehaviour::Discovery`] is broken.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoveryFault {
    /// These members replace the document's (`{"issuer": "https://evil.example"}`,
    /// `{"token_endpoint_auth_methods_supported": ["client_secret_post"]}`); a `null` removes
    /// one (`{"jwks_uri": null}`).
    Members(serde_json::Value),
    /// It answers 200 with an HTML page.
    NotJson,
    /// It answers this HTTP status (a status outside 100..=999 is answered as 500).
    Status(u16),
}

/// How the ID token of [`Misbehaviour::IdToken`] is wrong.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdTokenFault {
    /// These claims replace the token's (`{"aud": "someone-else"}`, `{"exp": 0}`); a `null`
    /// removes one. The token is signed as usual.
    Claims(serde_json::Value),
    /// Signed with a key the key set does not publish, under that key's own `kid`.
    UnknownKey,
    /// The signature is that of another payload.
    BadSignature,
    /// `alg: none`, and no signature.
    AlgNone,
    /// `HS256`, with the provider's public key as the HMAC secret (key confusion).
    HmacWithPublicKey,
}
