//! The end of every dance: on success the `authorized` hooks, storing and the redirect; on
//! failure the `error` hooks and the failure page (or redirect). The callback view ends here, and
//! so can a dance that has its token from elsewhere: a mock login in a test, a flow of your own.

use actix_web::http::header::LOCATION;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use super::{Blueprint, Redirect, form_post, page};
use crate::client::Client;
use crate::context::RequestContext;
use crate::error::DanceError;
use crate::hooks::{AuthorizedEvent, AuthorizedOutcome, ErrorEvent, run_authorized, run_error};
use crate::next::safe_next;
use crate::oidc::IdTokenClaims;
use crate::session_state::LastDanceError;
use crate::storage::StorageError;
use crate::{Token, observe};
use std::time::Instant;

/// How a failed dance answers when no `error` hook did.
pub(crate) enum Fallback {
    /// Redirect to `next` (or the configured redirect), as Flask-Dance does for `?error=`.
    Redirect(Option<String>),
    /// The library's error page.
    Page,
}

impl Blueprint {
    /// Completes a dance with a token in hand, for the user of `req`: runs the `authorized`
    /// hooks, stores the token (unless a hook said not to) and redirects to `next` (or the
    /// blueprint's redirect) — what the callback view does once its flow has the token. For mock
    /// logins in tests, and for tokens obtained another way. A `next` that is not a path of this
    /// site is ignored, as the login view ignores it.
    pub async fn complete_login(
        &self,
        req: &HttpRequest,
        token: Token,
        next: Option<&str>,
    ) -> HttpResponse {
        match RequestContext::of(req) {
            Ok(ctx) => {
                let bp = ctx.effective(self);
                let next = next.and_then(safe_next);
                complete(&bp, req, &ctx, token, next.as_deref(), Instant::now()).await
            }
            Err(err) => page::misconfigured(self, &err.to_string()),
        }
    }

    /// Fails a dance for the user of `req`, as the callback view does: the `error` hooks, then,
    /// for a provider's refusal ([`DanceError::Provider`], the user pressed "Deny"), a redirect
    /// to `next` (or the blueprint's redirect) with the error kept for
    /// [`LastDanceError`]; for any other error, the failure page. A `next` that is not a path
    /// of this site is ignored.
    pub async fn fail_login(
        &self,
        req: &HttpRequest,
        error: DanceError,
        next: Option<&str>,
    ) -> HttpResponse {
        let ctx = match RequestContext::of(req) {
            Ok(ctx) => ctx,
            Err(err) => return page::misconfigured(self, &err.to_string()),
        };
        let fallback = match error {
            DanceError::Provider { .. } => Fallback::Redirect(next.and_then(safe_next)),
            _ => Fallback::Page,
        };
        let bp = ctx.effective(self);
        fail(&bp, req, &ctx, error, fallback, Instant::now()).await
    }
}

/// Hooks, storing, redirect.
pub(crate) async fn complete(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    token: Token,
    next: Option<&str>,
    started: Instant,
) -> HttpResponse {
    let storage = ctx.storage_context(bp);
    let outcome = run_authorized(&ctx.hooks_for(bp), || AuthorizedEvent {
        blueprint: bp.clone(),
        request: req.clone(),
        token: token.clone(),
        id_token_claims: IdTokenClaims::verified(bp, &token),
        callback_user: req
            .extensions()
            .get::<form_post::CallbackUser>()
            .map(|user| user.0.clone()),
        client: Client::bound(bp.clone(), storage.clone(), token.clone()),
    })
    .await;
    let ended = match outcome {
        AuthorizedOutcome::Respond(response) => {
            observe::dance_ended(bp, "answered_by_hook", started, None);
            return response;
        }
        AuthorizedOutcome::SkipStoring => "not_stored",
        AuthorizedOutcome::Continue => {
            if let Err(err) = bp.storage().set(&storage, &token).await {
                let error = storage_failure(bp, &err);
                return fail(bp, req, ctx, error, Fallback::Page, started).await;
            }
            "authorized"
        }
    };
    observe::dance_ended(bp, ended, started, None);
    found(&next_url(bp, req, next))
}

/// What a failed `set` tells the user: the token is too large, the user must log in to the
/// site first (both the app's to fix, neither the storage's failure), or the storage failed
/// (its error goes to the log, not to the page).
fn storage_failure(bp: &Blueprint, err: &StorageError) -> DanceError {
    if let Some(bytes) = err.too_large() {
        DanceError::TokenTooLarge(bytes)
    } else if err.needs_user() {
        DanceError::NoLocalUser
    } else {
        tracing::error!(
            blueprint = bp.name(),
            "oauth-dance: could not store the token: {err}"
        );
        DanceError::Storage
    }
}

/// Reports a failed dance: the log, the error hooks (a hook's response wins), then the fallback.
/// Unless the library's own page shows the error right away, it is also kept in the session for
/// [`LastDanceError`] (so the page the user lands on can say why, once).
///
/// Boxed: failing is the rare path, and its state would otherwise make every login's and
/// callback's future (which hold this one) larger.
pub(crate) fn fail<'a>(
    bp: &'a Blueprint,
    req: &'a HttpRequest,
    ctx: &'a RequestContext,
    error: DanceError,
    fallback: Fallback,
    started: Instant,
) -> LocalBoxFuture<'a, HttpResponse> {
    Box::pin(report_failure(bp, req, ctx, error, fallback, started))
}

async fn report_failure(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    error: DanceError,
    fallback: Fallback,
    started: Instant,
) -> HttpResponse {
    observe::dance_ended(bp, error.code(), started, Some(error.hint()));
    if let Some(response) = already_logged_in(bp, req, ctx, &error).await {
        return response;
    }
    let answer = run_error(&ctx.hooks_for(bp), || ErrorEvent {
        blueprint: bp.clone(),
        request: Some(req.clone()),
        error: error.clone(),
    })
    .await;
    if let Some(response) = answer {
        LastDanceError::remember(ctx.session(), ctx.cookie_budget(), bp.name(), &error);
        return response;
    }
    match fallback {
        Fallback::Redirect(next) => {
            LastDanceError::remember(ctx.session(), ctx.cookie_budget(), bp.name(), &error);
            found(&next_url(bp, req, next.as_deref()))
        }
        Fallback::Page => page::dance_error(bp, req, ctx, &error),
    }
}

/// A replayed callback (a reload, the back button) from a user whose dance already succeeded is
/// not a failure to show them: they are sent on as after a login.
async fn already_logged_in(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    error: &DanceError,
) -> Option<HttpResponse> {
    if *error != DanceError::AlreadyUsed {
        return None;
    }
    let logged_in = ctx.client_of(bp).authorized().await.unwrap_or(false);
    logged_in.then(|| found(&next_url(bp, req, None)))
}

fn found(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .finish()
}

/// Where to go after the dance: the attempt's `next`, else `redirect_url`, else the
/// `redirect_to` route, else `/`.
fn next_url(bp: &Blueprint, req: &HttpRequest, next: Option<&str>) -> String {
    if let Some(next) = next {
        return next.to_string();
    }
    match &bp.core().redirect {
        Redirect::Url(url) => url.clone(),
        Redirect::Route(route) => bp.path_of(req, route).unwrap_or_else(|| {
            tracing::error!(
                blueprint = bp.name(),
                "oauth-dance: redirect_to route `{route}` does not exist"
            );
            "/".to_string()
        }),
        Redirect::Root => "/".to_string(),
    }
}
