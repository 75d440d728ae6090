//! [`Endpoints`]: where an OAuth 2 flow sends each request, and what the provider supports —
//! the endpoints the blueprint was configured with, and for an OpenID Connect relying party
//! what its provider's discovery document names (an endpoint the blueprint was not given, the
//! PKCE methods, the client authentication methods, the scopes).
//!
//! A blueprint configured with its endpoints (a preset with an `issuer`) uses its own, and
//! fetches the discovery document only for the keys and the issuer, at its first callback. One
//! missing an endpoint (the generic provider) is "discovered": everything the document says
//! applies to it, and it reads the document before its first request (the first login),
//! and keeps it for the blueprint's lifetime; a discovery that failed is tried again on the
//! next request, so a provider that was down at first is used once it is back. Building the
//! blueprint does not wait for it: `build()` stays synchronous, and an app whose provider is
//! down still starts and serves everything else, while the login answers a 502 page.

use std::borrow::Cow;

use url::Url;

use super::OAuth2Flow;
use crate::Blueprint;
use crate::oidc::IdTokenError;
use crate::oidc::discovery::Metadata;

/// The standard scopes (OpenID Connect Core §5.4) a relying party configured by its issuer alone
/// asks for, besides `openid`, when the provider supports them.
const DISCOVERED_SCOPES: &[&str] = &["profile", "email"];

/// The endpoints and capabilities of one flow's provider, for the requests about to be sent.
pub(super) struct Endpoints<'a> {
    /// The flow.
    pub flow: &'a OAuth2Flow,
    metadata: Option<&'a Metadata>,
    /// The authorization endpoint.
    pub authorization: &'a Url,
    /// The token endpoint.
    pub token: &'a Url,
}

impl<'a> Endpoints<'a> {
    /// The endpoints of `flow`: configured, or discovered (fetching the discovery document on
    /// first use, for a relying party).
    pub(super) async fn of(
        flow: &'a OAuth2Flow,
        blueprint: &Blueprint,
    ) -> Result<Endpoints<'a>, IdTokenError> {
        let metadata = match &flow.openid {
            Some(openid) if flow.is_discovered() => Some(openid.metadata(blueprint).await?),
            _ => None,
        };
        let pick = |configured: &'a Option<Url>, discovered: fn(&Metadata) -> &Url| {
            configured
                .as_ref()
                .or_else(|| metadata.map(discovered))
                .ok_or_else(|| IdTokenError::Discovery("no endpoint is configured".into()))
        };
        Ok(Endpoints {
            authorization: pick(&flow.authorization_url, |m| &m.authorization_endpoint)?,
            token: pick(&flow.token_url, |m| &m.token_endpoint)?,
            flow,
            metadata,
        })
    }

    /// Where tokens are refreshed: the refresh endpoint, else the token endpoint.
    pub(super) fn refresh(&self) -> Option<&'a Url> {
        let settings = self.flow.refresh.as_ref()?;
        Some(settings.url.as_ref().unwrap_or(self.token))
    }

    /// The revocation endpoint (RFC 7009): configured, else discovered.
    pub(super) fn revocation(&self) -> Option<&'a Url> {
        let discovered = self.metadata.and_then(|m| m.revocation_endpoint.as_ref());
        self.flow.revocation_url.as_ref().or(discovered)
    }

    /// Whether this login uses PKCE: the blueprint's setting, unless the provider announces
    /// methods without S256.
    pub(super) fn uses_pkce(&self) -> bool {
        self.flow.use_pkce && self.metadata.is_none_or(Metadata::allows_pkce)
    }

    /// Whether the client's credentials go in the form body: the blueprint's setting, or the
    /// provider announces `client_secret_post` and not `client_secret_basic`.
    pub(super) fn credentials_in_body(&self) -> bool {
        self.flow.basic_auth.is_none()
            || self
                .metadata
                .is_some_and(Metadata::wants_credentials_in_body)
    }

    /// The `scope` parameter: the blueprint's, or for a relying party configured without a
    /// scope, `openid` and the standard scopes its provider supports.
    pub(super) fn scope_param(&self) -> Option<Cow<'a, str>> {
        let Some(metadata) = self.metadata.filter(|_| self.flow.scope_from_discovery) else {
            return self.flow.scope_param.as_deref().map(Cow::Borrowed);
        };
        let mut scope = vec!["openid"];
        scope.extend(
            DISCOVERED_SCOPES
                .iter()
                .filter(|s| metadata.supports_scope(s)),
        );
        Some(Cow::Owned(scope.join(" ")))
    }
}
