//! The client's part of the token lifecycle: the token is refreshed before a call when it is
//! due (`crate::lifecycle` does the refresh), the expiry-aware check, revocation and logout.

use std::fmt;
use std::time::Duration;

use url::Url;

use super::{Cached, Client};
use crate::Token;
use crate::error::{Error, TokenEndpointError};
use crate::lifecycle::{self, RefreshFailure};
use crate::oidc::IdTokenClaims;

/// What [`Client::logout`] (or [`Client::logout_at_provider`]) did.
#[non_exhaustive]
pub struct Logout {
    /// Whether the token was revoked at the provider (`false` without a revocation endpoint,
    /// or when revoking failed: see `revocation_error`).
    pub revoked: bool,
    /// Why revoking failed, if it did (the token was forgotten all the same).
    pub revocation_error: Option<TokenEndpointError>,
    /// Where to send the browser to end the user's session at the provider too (RP-initiated
    /// logout, from [`Client::logout_at_provider`]): `None` when the provider announces no
    /// end-session endpoint. It carries the login's ID token as `id_token_hint`: redirect to
    /// it, do not log it (`Debug` shows the endpoint only).
    pub end_session_url: Option<Url>,
}

impl fmt::Debug for Logout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoint = self
            .end_session_url
            .as_ref()
            .map(|url| format!("{}{}", url.origin().ascii_serialization(), url.path()));
        f.debug_struct("Logout")
            .field("revoked", &self.revoked)
            .field("revocation_error", &self.revocation_error)
            .field("end_session_url", &endpoint)
            .finish()
    }
}

impl Client {
    /// Whether the user has a token that is valid right now: present, carrying this protocol's
    /// credentials, and not expired (no refresh is attempted; see
    /// [`authorized`](Self::authorized), which also counts a token that can be refreshed).
    pub async fn authorized_now(&self) -> Result<bool, Error> {
        let flow = self.blueprint().flow();
        self.read_token(|token| token.is_some_and(|t| flow.is_usable(t) && !t.is_expired()))
            .await
    }

    /// Refreshes the user's token now if it is due (expired, or within the blueprint's
    /// `refresh_leeway` of expiring) and can be refreshed — what every API call does before it
    /// is sent. Concurrent requests for the same token share one refresh.
    ///
    /// A refresh that fails while the old token is still valid keeps the old token. An expired
    /// token that cannot be refreshed is [`Error::ReauthorizationNeeded`], as is one whose
    /// refresh token the provider refused (the token is then removed, after the `error` hooks
    /// ran); a refresh that failed for now is [`Error::Refresh`].
    pub async fn refresh_if_due(&self) -> Result<(), Error> {
        let bp = self.blueprint();
        let flow = bp.flow();
        let leeway = flow.refresh_leeway();
        let due = self
            .read_token(|token| due_for_refresh(token, flow, leeway))
            .await?;
        let Some(stale) = due else {
            return Ok(());
        };
        // Boxed: refreshing is the rare path, and its state would otherwise make every API
        // call's future (which holds this one) larger: 3,024 bytes instead of 1,568.
        match Box::pin(self.refreshed(&stale)).await {
            Ok(fresh) => {
                self.remember(Some(fresh));
                Ok(())
            }
            Err(RefreshFailure::Failed(_)) if !stale.is_expired() => Ok(()),
            Err(failure) => Err(self.failed(failure)),
        }
    }

    /// The refreshed token: through the lifecycle (one refresh per token, saved to storage), or
    /// straight from the provider for a client with no storage.
    async fn refreshed(&self, stale: &Token) -> lifecycle::Outcome {
        let bp = self.blueprint();
        match self.storage_context() {
            Some(ctx) => lifecycle::refresh::refreshed(bp, ctx, stale).await,
            None => bp
                .flow()
                .refresh(bp, stale)
                .await
                .map_err(|e| match e.refusal() {
                    Some("invalid_grant") => RefreshFailure::Refused(e),
                    _ => RefreshFailure::Failed(e),
                }),
        }
    }

    /// The error a failed refresh is to this client's caller.
    fn failed(&self, failure: RefreshFailure) -> Error {
        let blueprint = self.blueprint().name().to_string();
        match failure {
            RefreshFailure::Refused(error) => {
                self.remember(None);
                Error::ReauthorizationNeeded {
                    blueprint,
                    refused: Some(error),
                }
            }
            RefreshFailure::Gone => {
                self.remember(None);
                Error::ReauthorizationNeeded {
                    blueprint,
                    refused: None,
                }
            }
            RefreshFailure::Failed(error) => Error::Refresh { blueprint, error },
            RefreshFailure::Storage(message) => {
                Error::Storage(crate::storage::StorageError::new(message))
            }
        }
    }

    /// Revokes the user's token at the provider (RFC 7009: its refresh token, then its access
    /// token), without forgetting it: `Ok(false)` when there is no token, or the provider
    /// publishes no revocation endpoint. [`logout`](Self::logout) revokes and forgets.
    pub async fn revoke_token(&self) -> Result<bool, Error> {
        let Some(token) = self.token().await? else {
            return Ok(false);
        };
        let bp = self.blueprint();
        bp.flow()
            .revoke(bp, &token)
            .await
            .map_err(|error| Error::Revoke {
                blueprint: bp.name().to_string(),
                error,
            })
    }

    /// Logs the user out of this provider: revokes the token at the provider (when it publishes
    /// a revocation endpoint; a failure is reported in [`Logout`], not fatal: the token is
    /// forgotten all the same) and deletes it from the storage.
    ///
    /// ```no_run
    /// use actix_web::{HttpResponse, http::header};
    /// use oauth_dance::contrib::github::GitHubClient;
    ///
    /// async fn logout(github: GitHubClient) -> oauth_dance::Result<HttpResponse> {
    ///     let done = github.logout().await?;
    ///     if let Some(error) = done.revocation_error {
    ///         tracing::warn!("the provider kept the token: {error}");
    ///     }
    ///     Ok(HttpResponse::Found().insert_header((header::LOCATION, "/")).finish())
    /// }
    /// ```
    pub async fn logout(&self) -> Result<Logout, Error> {
        let token = self.token().await?;
        let bp = self.blueprint();
        let mut done = Logout {
            revoked: false,
            revocation_error: None,
            end_session_url: None,
        };
        if let Some(token) = &token {
            match bp.flow().revoke(bp, token).await {
                Ok(revoked) => done.revoked = revoked,
                Err(error) => {
                    tracing::warn!(
                        blueprint = bp.name(),
                        "oauth-dance: revoking a token failed: {error}"
                    );
                    done.revocation_error = Some(error);
                }
            }
        }
        self.delete_token().await?;
        Ok(done)
    }

    /// The verified claims of the user's ID token (OpenID Connect), when the blueprint is a
    /// relying party ([`openid_connect`](crate::BlueprintBuilder::openid_connect)) and the user
    /// has a token: a token is stored only once its ID token passed every check. `None` for a
    /// blueprint that is not a relying party, even if its token carries an `id_token` (nobody
    /// checked it).
    pub async fn id_token_claims(&self) -> Result<Option<IdTokenClaims>, Error> {
        let token = self.token().await?;
        let blueprint = self.blueprint();
        Ok(token.and_then(|t| IdTokenClaims::verified(blueprint, &t)))
    }

    /// Replaces the client's copy of the token (the storage already has it).
    fn remember(&self, token: Option<Token>) {
        *self.token.borrow_mut() = Cached::Loaded(token);
    }
}

/// The token to refresh, when `token` is due and can be refreshed.
fn due_for_refresh(
    token: Option<&Token>,
    flow: &dyn crate::flow::Flow,
    leeway: Duration,
) -> Option<Token> {
    token
        .filter(|t| flow.can_refresh(t) && lifecycle::is_due(t, leeway))
        .cloned()
}
