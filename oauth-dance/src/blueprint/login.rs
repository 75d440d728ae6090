//! The login view: the flow starts a login (its URL, the attempt's key and secrets), the attempt
//! is kept in the session, the `before_login` hooks run, and the user is redirected.

use actix_web::http::header::{CACHE_CONTROL, HeaderValue, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::attempt::{self, Attempt, PushError};
use super::complete::{self, Fallback};
use super::routes::CallbackUrlError;
use super::{Blueprint, page};
use crate::context::RequestContext;
use crate::error::DanceError;
use crate::flow::LoginStart;
use crate::hooks::{BeforeLoginEvent, has_before_login, run_before_login};
use crate::next::safe_next;
use crate::observe;
use std::time::Instant;
use url::Url;

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

pub(crate) async fn login(bp: Blueprint, req: HttpRequest) -> HttpResponse {
    observe::in_step("login", &bp, start(&bp, req)).await
}

async fn start(bp: &Blueprint, req: HttpRequest) -> HttpResponse {
    let since = Instant::now();
    let ctx = match RequestContext::of(&req) {
        Ok(ctx) => ctx,
        Err(err) => return page::misconfigured(bp, &err.to_string()),
    };
    let redirect_uri = match bp.callback_url(&req, &ctx) {
        Ok(uri) => uri,
        Err(CallbackUrlError::NotMounted(route)) => {
            return page::misconfigured(bp, &format!("route `{route}` is not mounted"));
        }
        Err(CallbackUrlError::Host(error)) => {
            return complete::fail(bp, &req, &ctx, error, Fallback::Page, since).await;
        }
    };
    let start = LoginStart {
        blueprint: bp,
        redirect_uri: &redirect_uri,
    };
    let started = match bp.flow().start(&start).await {
        Ok(started) => started,
        Err(error) => return complete::fail(bp, &req, &ctx, error, Fallback::Page, since).await,
    };
    let (location, key, secrets) = started.into_parts();
    let attempt = Attempt::new(key, secrets, requested_next(&req));
    let budget = ctx.cookie_budget();
    match attempt::push(
        ctx.session(),
        &bp.core().attempt_keys,
        attempt,
        bp.core().attempts,
        budget,
    ) {
        Ok(()) => {}
        Err(PushError::SessionFull) => {
            let error = DanceError::SessionFull;
            return complete::fail(bp, &req, &ctx, error, Fallback::Page, since).await;
        }
        Err(PushError::Session(err)) => {
            let detail = format!("the session refused the login attempt: {err}");
            return page::misconfigured(bp, &detail);
        }
    }
    if let Err(page) = before_login(bp, &req, &ctx, &location).await {
        return page;
    }
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .insert_header((CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .finish()
}

/// Runs the `before_login` hooks, if there are any (the URL is parsed for them only then).
async fn before_login(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    location: &str,
) -> Result<(), HttpResponse> {
    let hooks = ctx.hooks_for(bp);
    if !has_before_login(&hooks) {
        return Ok(());
    }
    let Ok(url) = Url::parse(location) else {
        let detail = "the flow's authorization URL is not a valid URL";
        return Err(page::misconfigured(bp, detail));
    };
    run_before_login(&hooks, || BeforeLoginEvent {
        blueprint: bp.clone(),
        request: req.clone(),
        url: url.clone(),
    })
    .await;
    Ok(())
}

/// The login's `next` parameter, when it is a path on this site.
fn requested_next(req: &HttpRequest) -> Option<String> {
    web::Query::<LoginQuery>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().next)
        .and_then(|n| safe_next(&n))
}
