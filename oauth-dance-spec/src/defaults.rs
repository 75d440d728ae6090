//! The default of every optional part of a provider definition, for the runtime's plain builder
//! and for the generator alike.

use crate::{ClientAuth, Protocol, SignatureMethod, SignaturePlacement};

/// The protocol when none is named.
pub const PROTOCOL: Protocol = Protocol::OAuth2;
/// How scopes are joined in the `scope` parameter (RFC 6749 §3.3).
pub const SCOPE_SEPARATOR: &str = " ";
/// The scheme of the `Authorization` header on API calls.
pub const API_AUTH_SCHEME: &str = "Bearer";
/// Token endpoint client authentication: HTTP Basic with the credentials as they are, as
/// Flask-Dance sends them (see [`ClientAuth::BasicRaw`]).
pub const CLIENT_AUTH: ClientAuth = ClientAuth::BasicRaw;
/// How an option's value is written into its effects: the value itself.
pub const OPTION_TEMPLATE: &str = "{value}";
/// The login route, relative to where the blueprint is mounted.
pub const LOGIN_URL: &str = "/{name}";
/// The callback route, relative to where the blueprint is mounted.
pub const AUTHORIZED_URL: &str = "/{name}/authorized";
/// The session key of `SessionStorage`.
pub const SESSION_TOKEN_KEY: &str = "{name}_oauth_token";
/// How OAuth 1 requests are signed when the provider names no method.
pub const SIGNATURE_METHOD: SignatureMethod = SignatureMethod::HmacSha1;
/// Where OAuth 1 protocol parameters go when the provider names no place.
pub const SIGNATURE_PLACEMENT: SignaturePlacement = SignaturePlacement::Header;
