//! The embedded development OAuth 2 and OAuth 1.0a provider, on a loopback port.
//!
//! A real authorization server — the authorization-code grant (RFC 6749), PKCE with `S256`
//! (RFC 7636) and rotating refresh tokens; and OAuth 1.0a (RFC 5849) with HMAC-SHA1,
//! HMAC-SHA256, RSA-SHA1 and PLAINTEXT signatures, checked timestamps and single-use nonces —
//! so that examples run offline with no registered app, and end-to-end tests talk to a real
//! server over real HTTP.
//!
//! **It lets anyone log in as anyone.** It only runs when an app starts it explicitly, and
//! only listens on `127.0.0.1`.
//!
//! | endpoint | what it does |
//! | --- | --- |
//! | `GET /authorize` | validates the request, shows a consent page with a user picker |
//! | `POST /authorize` | Allow: redirects back with `code` and `state`; Deny: `error=access_denied` (with `response_mode=form_post`, a page that posts them to the redirect URI instead) |
//! | `POST /token` | `authorization_code` and `refresh_token` grants; Basic or body client auth, or a signed ES256 client secret ([`DevProviderBuilder::signed_secret_key`]) |
//! | `POST /revoke` | token revocation (RFC 7009); a refresh token takes its access token along |
//! | `GET /.well-known/openid-configuration` | OpenID Connect discovery (issuer `http://{host}`) |
//! | `GET /jwks` | the Ed25519 keys ID tokens are signed with (`EdDSA`), rotatable |
//! | `GET /logout` | RP-initiated logout: checks `id_token_hint`, back to `post_logout_redirect_uri` with `state` |
//! | `GET /api/user`, `/userinfo` | `{"login","id","name","email"}` of the token's user |
//! | `GET /api/oauth2/v2/userinfo`, `/api/me`, `/api/auth.test`, `/api/userinfo`, `/api/account` | the user as Google, Facebook, Slack, LinkedIn and Heroku show it |
//! | `GET\|POST /api/echo` | echoes the method, path, query, headers and body as JSON |
//! | `POST /oauth1/request_token` | OAuth 1: a request token for a signed `oauth_callback` |
//! | `GET /oauth1/authorize` | OAuth 1: the same consent page, for a request token |
//! | `POST /oauth1/access_token` | OAuth 1: the access token for an authorized request token |
//! | `/oauth1/api/user`, `/oauth1/api/echo` | the API, for calls signed with an OAuth 1 access token |
//! | `/oauth1/api/account/verify_credentials.json` | the user, as Twitter's v1.1 API answers |
//!
//! API calls accept the access token in the `Authorization` header with any scheme
//! (`Bearer`, `token`, `Zoho-oauthtoken`, ...) or as an `access_token` / `token` query
//! parameter or form field. Every request to `/token`, `/revoke`, `/userinfo` and `/api/...` is recorded
//! (see [`DevProvider::requests`]), faults can be injected with
//! [`DevProvider::set_misbehaviour`], and providers' departures from RFC 6749 (a wrapped token
//! response, a custom API token header) spoken with [`DevProvider::set_dialect`].
//!
//! ```no_run
//! use oauth_dance_dev::{DevProvider, Misbehaviour};
//!
//! let provider = DevProvider::start()?;
//! println!("Open {}?response_type=code&client_id={}&redirect_uri=http://localhost:8080/cb",
//!     provider.authorization_url(), provider.client_id());
//! // ... configure the app with provider.token_url(), provider.base_url(), ...
//! provider.set_misbehaviour(Misbehaviour::TokenEndpointStatus(500));
//! for request in provider.requests() {
//!     println!("{} {}", request.method, request.path);
//! }
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Codes live 60 seconds and are single-use: presenting one twice fails, and revokes the
//! tokens issued from it (RFC 6749 §4.1.2). A PKCE `code_verifier` sent for a code issued
//! without a `code_challenge` is refused too (a downgrade, OAuth 2.1 §4.1.3).

mod authorize;
mod authorize_request;
mod bearer;
mod behaviour;
mod builder;
mod client_auth;
mod consent;
mod dialect;
mod echo;
mod end_session;
mod endpoints;
mod error;
mod form;
mod form_post;
mod html;
mod oauth1_api;
mod oauth1_authorize;
mod oauth1_consumer;
mod oauth1_credentials;
mod oauth1_signed;
mod oauth1_store;
mod oidc;
mod pkce;
mod profiles;
mod record;
mod revoke;
mod server;
mod signed_secret;
mod state;
mod token;
mod userinfo;
mod users;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_api;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_misbehaviour;

pub use behaviour::{DiscoveryFault, IdTokenFault, Misbehaviour};
pub use builder::DevProviderBuilder;
pub use client_auth::BasicCredentials;
pub use dialect::{Dialect, TokenShape};
pub use record::ReceivedRequest;
pub use server::DevProvider;
pub use signed_secret::{DEV_EC_PRIVATE_KEY, DEV_EC_PUBLIC_KEY, MAX_LIFETIME_SECS};
pub use users::DevUser;
