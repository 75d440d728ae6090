//! The OAuth 2 flow: the authorization-code grant (RFC 6749 §4.1) with PKCE (RFC 7636).
//!
//! This module is the only user of oauth2-rs, for its protocol types: the client id and secret
//! newtypes (redacted `Debug`), the state generator and the PKCE pair, and the standard error
//! response. The token request itself is built and read here, because oauth2-rs fixes HTTP Basic
//! to one encoding of the credentials, needs compliance fixes that re-encode the provider's JSON
//! before it can parse it, and reports failures as strings; here a failure is a typed
//! [`TokenEndpointError`].
//!
//! - `settings`: the OAuth 2 part of a blueprint builder ([`OAuth2Settings`]);
//! - `authorize`: the authorization request (state, PKCE, scope);
//! - `signed_secret`: a client secret the client signs (an ES256 JWT, Sign in with Apple's);
//! - `token_request`: requests to the token endpoint, with client authentication;
//! - `token_response`: reading what the token endpoint answered;
//! - `refresh`: the refresh grant (RFC 6749 §6);
//! - `revoke`: token revocation (RFC 7009).

mod authorize;
mod endpoints;
mod refresh;
mod revoke;
pub(crate) mod settings;
mod signed_secret;
mod token_request;
mod token_response;

use std::any::Any;
use std::time::Duration;

use oauth2::{ClientId, ClientSecret};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use url::Url;

pub use settings::OAuth2Settings;

use endpoints::Endpoints;

use super::{CallbackQuery, CallbackRead, Flow, LoginFinish, LoginStart, Started};
use crate::client::ApiCall;
use crate::error::{DanceError, Error, TokenEndpointError};
use crate::oidc::{IdTokenClaims, IdTokenError, RelyingParty};
use crate::provider::{ClientAuth, Quirk};
use crate::{Blueprint, Token, quirks};

/// A built OAuth 2 flow (see [`Blueprint::oauth2`](crate::Blueprint::oauth2)).
#[derive(Debug)]
pub struct OAuth2Flow {
    client_id: ClientId,
    client_secret: ClientSecret,
    /// The authorization endpoint (`None`: discovered).
    authorization_url: Option<Url>,
    /// The token endpoint (`None`: discovered).
    token_url: Option<Url>,
    scope: Vec<String>,
    /// The `scope` parameter, computed once.
    scope_param: Option<String>,
    /// Whether the scope is `openid` and the standard scopes the discovered provider supports
    /// (a relying party configured by its issuer, without a scope).
    scope_from_discovery: bool,
    authorization_params: Vec<(String, String)>,
    token_params: Vec<(String, String)>,
    client_auth: ClientAuth,
    /// The `Authorization` header of token requests with HTTP Basic, computed once (sensitive:
    /// its `Debug` shows no credentials).
    basic_auth: Option<HeaderValue>,
    use_pkce: bool,
    api_auth_scheme: String,
    /// The header carrying the bare token on API calls (`None`: `Authorization`).
    api_token_header: Option<HeaderName>,
    /// The `redirect_uri` parameter's value (`None`: the callback URL).
    redirect_uri_param: Option<String>,
    quirks: Vec<Quirk>,
    /// How tokens are refreshed (`None`: they are not).
    refresh: Option<RefreshSettings>,
    /// The revocation endpoint (RFC 7009), if the provider publishes one.
    revocation_url: Option<Url>,
    /// The OpenID Connect relying party, when the blueprint asks for ID tokens.
    openid: Option<RelyingParty>,
    /// The signer of the client secret, when the client signs it
    /// ([`ClientAuth::SignedSecretPost`]).
    signer: Option<signed_secret::SecretSigner>,
    /// The authorization URL's fixed parameters, encoded once per callback URL.
    authorize_prefix: authorize::AuthorizePrefix,
}

/// How an OAuth 2 blueprint refreshes tokens.
#[derive(Debug, Clone)]
pub(crate) struct RefreshSettings {
    /// The refresh endpoint, when it is not the token endpoint.
    pub url: Option<Url>,
    /// How long before expiry a token is refreshed.
    pub leeway: Duration,
}

impl OAuth2Flow {
    /// The authorization endpoint the blueprint was configured with (`None`: the one the
    /// provider's discovery document names, see
    /// [`openid_connect`](crate::BlueprintBuilder::openid_connect)).
    pub fn authorization_url(&self) -> Option<&Url> {
        self.authorization_url.as_ref()
    }

    /// The token endpoint the blueprint was configured with (`None`: discovered, as for
    /// [`authorization_url`](Self::authorization_url)).
    pub fn token_url(&self) -> Option<&Url> {
        self.token_url.as_ref()
    }

    /// The scopes requested at login (for a relying party configured without a scope, `openid`:
    /// its logins also ask for the standard scopes `profile` and `email` that the provider's
    /// discovery document lists).
    pub fn scope(&self) -> &[String] {
        &self.scope
    }

    /// How the client authenticates at the token endpoint.
    pub fn client_auth(&self) -> ClientAuth {
        self.client_auth
    }

    /// Whether logins use PKCE (S256).
    pub fn uses_pkce(&self) -> bool {
        self.use_pkce
    }

    /// The scheme of the `Authorization` header of API calls.
    pub fn api_auth_scheme(&self) -> &str {
        &self.api_auth_scheme
    }

    /// The header that carries the bare access token on API calls instead of `Authorization`,
    /// if the provider has one (see
    /// [`api_token_header`](crate::OAuth2Builder::api_token_header)).
    pub fn api_token_header(&self) -> Option<&HeaderName> {
        self.api_token_header.as_ref()
    }

    /// The value sent as `redirect_uri` instead of the callback URL, if the blueprint has one
    /// (see [`redirect_uri_param`](crate::OAuth2Builder::redirect_uri_param)).
    pub fn redirect_uri_param(&self) -> Option<&str> {
        self.redirect_uri_param.as_deref()
    }

    /// Where tokens are refreshed (the token endpoint, unless the provider has another), when
    /// the blueprint refreshes them and the endpoint was configured (not discovered).
    pub fn refresh_url(&self) -> Option<&Url> {
        let settings = self.refresh.as_ref()?;
        settings.url.as_ref().or(self.token_url.as_ref())
    }

    /// Verifies an ID token of this blueprint's provider as a login's is (OpenID Connect Core
    /// §3.1.3.7: signature against the provider's cached key set, `alg`, `iss`, `aud`/`azp`,
    /// `exp`/`iat` with the clock leeway, the options' required claims, and `nonce` when one is
    /// given), for an ID token that reached the app another way (a mobile client's, say).
    /// `Ok(None)`: the blueprint is not a relying party.
    pub async fn verify_id_token(
        &self,
        blueprint: &Blueprint,
        id_token: &str,
        nonce: Option<&str>,
    ) -> Result<Option<IdTokenClaims>, IdTokenError> {
        let Some(openid) = &self.openid else {
            return Ok(None);
        };
        let claims = openid.verify(blueprint, self.client_id.as_str(), id_token, nonce);
        claims.await.map(Some)
    }

    /// Whether the blueprint takes endpoints from its provider's discovery document: a relying
    /// party configured without its authorization or token endpoint.
    fn is_discovered(&self) -> bool {
        self.openid.is_some() && (self.authorization_url.is_none() || self.token_url.is_none())
    }

    /// The OpenID Connect issuer, when the blueprint is a relying party (it verifies ID tokens).
    pub fn openid_issuer(&self) -> Option<&str> {
        self.openid.as_ref().map(RelyingParty::issuer)
    }

    /// The provider's userinfo endpoint (OpenID Connect Core §5.3), named by its discovery
    /// document (fetched now if no login has fetched it yet): call it with
    /// `client.get(url.as_str()).with_token()`. `Ok(None)`: not a relying party, or the provider
    /// has none.
    pub async fn userinfo_url(&self, blueprint: &Blueprint) -> Result<Option<Url>, IdTokenError> {
        let Some(openid) = &self.openid else {
            return Ok(None);
        };
        Ok(openid.metadata(blueprint).await?.userinfo_endpoint.clone())
    }

    /// The provider's end-session endpoint (OpenID Connect RP-Initiated Logout 1.0), named by
    /// its discovery document (fetched now if no login has fetched it yet); `Ok(None)`: not a
    /// relying party, or the provider has none. See
    /// [`Client::logout_at_provider`](crate::Client::logout_at_provider).
    pub async fn end_session_url(
        &self,
        blueprint: &Blueprint,
    ) -> Result<Option<Url>, IdTokenError> {
        let Some(openid) = &self.openid else {
            return Ok(None);
        };
        Ok(openid
            .metadata(blueprint)
            .await?
            .end_session_endpoint
            .clone())
    }

    /// The revocation endpoint (RFC 7009) the blueprint was configured with (a relying party
    /// also uses the one its provider's discovery document names).
    pub fn revocation_url(&self) -> Option<&Url> {
        self.revocation_url.as_ref()
    }
}

impl OAuth2Flow {
    /// The `redirect_uri` parameter for the callback URL `callback`: it, unless the blueprint
    /// sends a registered name instead.
    fn redirect_uri<'a>(&'a self, callback: &'a Url) -> &'a str {
        self.redirect_uri_param
            .as_deref()
            .unwrap_or(callback.as_str())
    }
}

/// The longest provider-sent text kept (an error description in the session's last error).
const MAX_PROVIDER_TEXT: usize = 200;

/// RFC 6749 §4.1.2: `state` names the attempt; `error` (with its description) is a refusal.
fn read_callback(query: &CallbackQuery) -> Result<CallbackRead, DanceError> {
    let state = query.one("state")?.map(str::to_string);
    // RFC 9207's `iss` must not repeat either (it is checked against the issuer with OIDC).
    query.one("iss")?;
    let Some(error) = query.one("error")? else {
        return Ok(match state {
            Some(key) => CallbackRead::Answer { key },
            None => CallbackRead::NoKey,
        });
    };
    let text = |name| -> Result<Option<String>, DanceError> {
        Ok(query
            .one(name)?
            .map(|t| t.chars().take(MAX_PROVIDER_TEXT).collect()))
    };
    let error = DanceError::Provider {
        error: error.chars().take(MAX_PROVIDER_TEXT).collect(),
        description: text("error_description")?,
        uri: text("error_uri")?,
    };
    Ok(CallbackRead::Refused { key: state, error })
}

/// Checks the ID token of a login's token (OpenID Connect Core §3.1.3.7).
async fn verify_id_token(
    flow: &OAuth2Flow,
    openid: &RelyingParty,
    blueprint: &Blueprint,
    token: &Token,
    nonce: Option<&str>,
) -> Result<(), DanceError> {
    let id_token = token.get("id_token").and_then(|t| t.as_str());
    let id_token = id_token.ok_or(DanceError::IdToken(IdTokenError::Missing))?;
    openid
        .verify(blueprint, flow.client_id.as_str(), id_token, nonce)
        .await
        .map(drop)
        .map_err(DanceError::IdToken)
}

#[async_trait::async_trait(?Send)]
impl Flow for OAuth2Flow {
    async fn start(&self, login: &LoginStart<'_>) -> Result<Started, DanceError> {
        let endpoints = Endpoints::of(self, login.blueprint).await;
        let endpoints = endpoints.map_err(DanceError::IdToken)?;
        Ok(authorize::start(&endpoints, login.redirect_uri))
    }

    fn read_callback(&self, query: &CallbackQuery) -> CallbackRead {
        read_callback(query).unwrap_or_else(CallbackRead::Malformed)
    }

    async fn finish(&self, callback: &LoginFinish<'_>) -> Result<Token, DanceError> {
        let Some(code) = callback.query.one("code")? else {
            let names: Vec<&str> = callback.query.names().collect();
            return Err(DanceError::MissingCode(names.join(", ")));
        };
        let mut grant = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.redirect_uri(callback.redirect_uri)),
        ];
        if let Some(verifier) = authorize::secret(callback.secrets, authorize::VERIFIER) {
            grant.push(("code_verifier", verifier));
        }
        if let (Some(openid), Some(iss)) = (&self.openid, callback.query.one("iss")?) {
            let checked = openid.check_response_issuer(callback.blueprint, iss).await;
            checked.map_err(DanceError::IdToken)?;
        }
        let endpoints = Endpoints::of(self, callback.blueprint).await;
        let endpoints = endpoints.map_err(DanceError::IdToken)?;
        let token =
            token_request::request_token(&endpoints, callback.blueprint, endpoints.token, &grant)
                .await
                .map_err(DanceError::TokenEndpoint)?;
        if let Some(openid) = &self.openid {
            let nonce = authorize::secret(callback.secrets, authorize::NONCE);
            verify_id_token(self, openid, callback.blueprint, &token, nonce).await?;
        }
        Ok(token)
    }

    fn authorize(&self, call: &mut ApiCall, token: &Token) -> Result<(), Error> {
        let access_token = token.access_token();
        if self.quirks.contains(&Quirk::SlackTokenInBody) {
            quirks::slack_token_in_body(call, access_token);
        }
        let invalid =
            |_| Error::InvalidRequest("the access token is not a valid header value".into());
        if let Some(name) = &self.api_token_header {
            let mut value = HeaderValue::try_from(access_token).map_err(invalid)?;
            value.set_sensitive(true);
            call.headers.insert(name.clone(), value);
            return Ok(());
        }
        let value = HeaderValue::try_from(format!("{} {access_token}", self.api_auth_scheme))
            .map_err(invalid)?;
        call.headers.insert(AUTHORIZATION, value);
        Ok(())
    }

    fn is_usable(&self, token: &Token) -> bool {
        !token.access_token().is_empty()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn default_base_url(&self) -> Option<String> {
        let issuer = self.openid.as_ref()?.issuer();
        Some(format!("{}/", issuer.trim_end_matches('/')))
    }

    fn can_refresh(&self, token: &Token) -> bool {
        self.refresh.is_some() && token.refresh_token().is_some_and(|r| !r.is_empty())
    }

    fn refresh_leeway(&self) -> Duration {
        self.refresh.as_ref().map_or(Duration::ZERO, |r| r.leeway)
    }

    async fn refresh(
        &self,
        blueprint: &Blueprint,
        token: &Token,
    ) -> Result<Token, TokenEndpointError> {
        refresh::refresh(self, blueprint, token).await
    }

    async fn revoke(
        &self,
        blueprint: &Blueprint,
        token: &Token,
    ) -> Result<bool, TokenEndpointError> {
        revoke::revoke(self, blueprint, token).await
    }
}
