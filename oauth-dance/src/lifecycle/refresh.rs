//! One refresh: take the lease on the stored token, ask the provider, save the new token (or,
//! when the provider refused the refresh token, report it and remove the dead token), and hand
//! the outcome to every request that waited for it.
//!
//! The refresh runs on a task of its own (on the worker of the request that started it) when
//! an actix runtime is there, so a request cancelled mid-refresh does not cancel it: the new
//! token is still saved, and the requests waiting for it still get it.

use std::time::{Duration, Instant};

use tracing::Instrument;

use super::registry::{Leader, Turn, outcome_of};
use super::{Outcome, RefreshFailure, lease};
use crate::context::RequestContext;
use crate::error::{DanceError, TokenEndpointError};
use crate::hooks::{ErrorEvent, run_error};
use crate::storage::StorageContext;
use crate::{Blueprint, Token, observe};

/// How often a refresh waiting for another process's looks at the storage.
const POLL: Duration = Duration::from_millis(50);

/// The new token for `stale` (the user's token, due for a refresh), refreshed by this request
/// or by the one that got there first.
pub(crate) async fn refreshed(bp: &Blueprint, ctx: &StorageContext, stale: &Token) -> Outcome {
    let leeway = bp.flow().refresh_leeway();
    let still_good = |outcome: &Outcome| match outcome {
        Ok(token) => !super::is_due(token, leeway),
        Err(_) => true,
    };
    let refresh_token = stale.refresh_token().unwrap_or_default();
    let turn = bp.core().refreshes.turn(refresh_token, still_good);
    let outcome = match turn {
        Turn::Lead(leader) => return lead(leader, bp.clone(), ctx.clone(), stale.clone()).await,
        Turn::Follow(rx) => outcome_of(rx).await.unwrap_or_else(|| {
            Err(RefreshFailure::Failed(TokenEndpointError::Transport(
                "the refresh this request waited for was interrupted".into(),
            )))
        }),
        Turn::Done(outcome) => outcome,
    };
    adopt(bp, ctx, stale, &outcome).await;
    outcome
}

/// A request that did not run the refresh applies its outcome too, where its storage still
/// holds the old token (its own session, with the session storage; a shared storage already
/// has it): the new token replaces the old one, and a refused one is removed.
async fn adopt(bp: &Blueprint, ctx: &StorageContext, stale: &Token, outcome: &Outcome) {
    match outcome {
        Ok(fresh) => {
            if let Err(err) = bp.storage().replace(ctx, stale, fresh).await {
                storage_failed(bp, err);
            }
        }
        Err(RefreshFailure::Refused(_)) => {
            // A storage failure is logged by `forget`; the outcome stands.
            let _ = forget(bp, ctx, stale).await;
        }
        Err(_) => {}
    }
}

/// Runs the refresh, on a task of its own when it can, and reports it through `leader`.
async fn lead(leader: Leader, bp: Blueprint, ctx: StorageContext, stale: Token) -> Outcome {
    let app = RequestContext::current().ok();
    let span = observe::step("refresh", &bp);
    let task = async move {
        let outcome = run(&bp, &ctx, &stale, app.as_ref()).await;
        leader.finish(outcome.clone());
        outcome
    }
    .instrument(span);
    if actix_rt::Arbiter::try_current().is_none() {
        // No actix runtime (a plain tokio one has no local task set to spawn on): inline.
        return task.await;
    }
    actix_rt::spawn(task).await.unwrap_or_else(|_| {
        Err(RefreshFailure::Failed(TokenEndpointError::Transport(
            "the refresh task failed".into(),
        )))
    })
}

/// The refresh itself, once this process leads it: by this process when it gets the lease,
/// or by the process that holds it.
async fn run(
    bp: &Blueprint,
    ctx: &StorageContext,
    stale: &Token,
    app: Option<&RequestContext>,
) -> Outcome {
    match claim(bp, ctx, stale).await? {
        Some(leased) => spend(bp, ctx, &leased, app).await,
        None => refreshed_elsewhere(bp, ctx, stale, app).await,
    }
}

/// Spends the refresh token of the token this process holds the lease on: the new token saved,
/// or, when the provider refused it, the hooks told and the dead token removed; a failure for
/// now puts the token back without its lease.
async fn spend(
    bp: &Blueprint,
    ctx: &StorageContext,
    leased: &Token,
    app: Option<&RequestContext>,
) -> Outcome {
    let current = lease::unmarked(leased);
    match bp.flow().refresh(bp, &current).await {
        Ok(fresh) => Ok(save(bp, ctx, leased, fresh).await),
        Err(error) => {
            report(bp, app, &error).await;
            if error.refusal() == Some("invalid_grant") {
                forget(bp, ctx, leased).await?;
                return Err(RefreshFailure::Refused(error));
            }
            release(bp, ctx, leased, &current).await;
            Err(RefreshFailure::Failed(error))
        }
    }
}

/// Marks the stored token as being refreshed by this process: the marked token, or `None` when
/// another process holds (or held) it.
async fn claim(
    bp: &Blueprint,
    ctx: &StorageContext,
    stale: &Token,
) -> Result<Option<Token>, RefreshFailure> {
    if lease::is_live(stale) {
        return Ok(None);
    }
    let leased = lease::mark(stale, &lease::holder(), lease_length(bp));
    match bp.storage().replace(ctx, stale, &leased).await {
        Ok(true) => Ok(Some(leased)),
        Ok(false) => Ok(None),
        Err(err) => Err(storage_failed(bp, err)),
    }
}

/// How long a lease lasts: the refresh request's timeout, and some.
fn lease_length(bp: &Blueprint) -> Duration {
    bp.timeout() + Duration::from_secs(5)
}

/// Another process refreshes (or refreshed) the token: waits until the storage holds another
/// token than `stale`, not being refreshed; takes over a lease that ended unused (its process
/// died, or its refresh failed for now).
async fn refreshed_elsewhere(
    bp: &Blueprint,
    ctx: &StorageContext,
    stale: &Token,
    app: Option<&RequestContext>,
) -> Outcome {
    let deadline = Instant::now() + 2 * lease_length(bp);
    let stale = lease::unmarked(stale);
    loop {
        let stored = bp
            .storage()
            .get(ctx)
            .await
            .map_err(|e| storage_failed(bp, e))?;
        let Some(stored) = stored else {
            return Err(RefreshFailure::Gone);
        };
        if !lease::is_live(&stored) {
            if lease::unmarked(&stored) != stale {
                return Ok(stored);
            }
            if let Some(leased) = claim(bp, ctx, &stored).await? {
                return spend(bp, ctx, &leased, app).await;
            }
        }
        if Instant::now() > deadline {
            return Err(RefreshFailure::Failed(TokenEndpointError::Timeout(
                crate::transport::millis(2 * lease_length(bp)),
            )));
        }
        actix_rt::time::sleep(POLL).await;
    }
}

/// Saves the new token in place of the leased one. Were the lease taken over meanwhile, the new
/// token still serves this request; the storage keeps what the other process saved.
async fn save(bp: &Blueprint, ctx: &StorageContext, leased: &Token, fresh: Token) -> Token {
    match bp.storage().replace(ctx, leased, &fresh).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            blueprint = bp.name(),
            "oauth-dance: a refreshed token was not saved: the stored token changed meanwhile"
        ),
        Err(err) => {
            storage_failed(bp, err);
        }
    }
    fresh
}

/// Puts the token back without its lease, after a refresh that failed for now.
async fn release(bp: &Blueprint, ctx: &StorageContext, leased: &Token, current: &Token) {
    if let Err(err) = bp.storage().replace(ctx, leased, current).await {
        storage_failed(bp, err);
    }
}

/// Removes the dead token, unless it changed meanwhile (a new login, another refresh).
async fn forget(
    bp: &Blueprint,
    ctx: &StorageContext,
    leased: &Token,
) -> Result<(), RefreshFailure> {
    let storage = bp.storage();
    let stored = storage.get(ctx).await.map_err(|e| storage_failed(bp, e))?;
    if stored.as_ref() == Some(leased) {
        storage
            .delete(ctx)
            .await
            .map_err(|e| storage_failed(bp, e))?;
    }
    Ok(())
}

/// Tells the `error` hooks (the blueprint's, and the app's when a request started the
/// refresh) that a refresh failed. There is no request to answer: the event has none.
async fn report(bp: &Blueprint, app: Option<&RequestContext>, error: &TokenEndpointError) {
    tracing::warn!(
        blueprint = bp.name(),
        "oauth-dance: refreshing a token failed: {error}"
    );
    let event = || ErrorEvent {
        blueprint: bp.clone(),
        request: None,
        error: DanceError::Refresh(error.clone()),
    };
    match app {
        Some(app) => run_error(&app.hooks_for(bp), event).await,
        None => run_error(&[&bp.core().hooks], event).await,
    };
}

fn storage_failed(bp: &Blueprint, err: crate::storage::StorageError) -> RefreshFailure {
    tracing::error!(
        blueprint = bp.name(),
        "oauth-dance: token storage failed during a refresh: {err}"
    );
    RefreshFailure::Storage(err.to_string())
}
