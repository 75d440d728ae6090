//! The authorized view (the OAuth callback): match the state to a login attempt, exchange the
//! code, run the hooks, store the token, redirect.
//!
//! Every failure ends in a clear answer and stores nothing: the provider's `?error=` goes to the
//! `error` hooks and redirects (as in Flask-Dance); a state or code problem is a 4xx page that
//! names the likely reason; a token endpoint failure is a 502 page.

use std::collections::HashMap;

use actix_web::http::header::{CACHE_CONTROL, LOCATION, REFERRER_POLICY};
use actix_web::{HttpRequest, HttpResponse};

use super::attempt::{self, Lookup};
use super::{Blueprint, Redirect, page};
use crate::context::RequestContext;
use crate::error::DanceError;
use crate::extract::last_error;
use crate::hooks::{Authorized, run_authorized, run_error};
use crate::storage::StorageContext;

pub(crate) async fn authorized(bp: Blueprint, req: HttpRequest) -> HttpResponse {
    let mut res = authorized_inner(&bp, &req).await;
    let headers = res.headers_mut();
    headers.insert(
        REFERRER_POLICY,
        "no-referrer".parse().expect("static header"),
    );
    headers.insert(CACHE_CONTROL, "no-store".parse().expect("static header"));
    res
}

async fn authorized_inner(bp: &Blueprint, req: &HttpRequest) -> HttpResponse {
    let ctx = match RequestContext::of(req) {
        Ok(ctx) => ctx,
        Err(err) => return page::misconfigured(bp, &err.to_string()),
    };
    let inner = &bp.0;
    let query: HashMap<String, String> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let session = ctx.session();

    if let Some(error) = query.get("error") {
        // The provider refused (the user pressed "Deny", …). The attempt stays: the user may
        // go back and allow.
        let error = DanceError::Provider {
            error: error.clone(),
            description: query.get("error_description").cloned(),
            uri: query.get("error_uri").cloned(),
        };
        let next = query
            .get("state")
            .and_then(|s| attempt::peek_next(session, &inner.name, s));
        return fail(bp, req, &ctx, error, FailWith::Redirect(next)).await;
    }

    let Some(state) = query.get("state") else {
        return redirect_to_login(bp, req);
    };
    let attempt = match attempt::take(session, &inner.name, state, inner.login_lifetime) {
        Lookup::Found(attempt) => attempt,
        Lookup::NoAttempts if !has_session_cookie(req, &ctx) => {
            return fail(bp, req, &ctx, DanceError::NoSessionCookie, FailWith::Page).await;
        }
        lookup => {
            let error = match lookup {
                Lookup::Expired => DanceError::Expired,
                Lookup::AlreadyUsed => DanceError::AlreadyUsed,
                _ => match other_owner(&ctx, &inner.name, state) {
                    Some(owner) => DanceError::WrongProvider(owner),
                    None if matches!(lookup, Lookup::NoAttempts) => {
                        // Flask-Dance: no state in the session → back to the login view.
                        return redirect_to_login(bp, req);
                    }
                    None => DanceError::StateMismatch,
                },
            };
            return fail(bp, req, &ctx, error, FailWith::Page).await;
        }
    };

    let Some(code) = query.get("code") else {
        let keys: Vec<&str> = query.keys().map(String::as_str).collect();
        let error = DanceError::MissingCode(keys.join(", "));
        return fail(bp, req, &ctx, error, FailWith::Page).await;
    };

    let redirect_uri = match bp.redirect_uri(req, &ctx) {
        Ok(uri) => uri,
        Err(err) => return page::misconfigured(bp, &err),
    };
    let token = match bp
        .exchange_code(code.clone(), attempt.verifier.clone(), redirect_uri)
        .await
    {
        Ok(token) => token,
        Err(reason) => {
            log::warn!(
                "oauth-dance: `{}` token exchange failed: {reason}",
                inner.name
            );
            let error = DanceError::TokenEndpoint(reason);
            return fail(bp, req, &ctx, error, FailWith::Page).await;
        }
    };

    match run_authorized([&inner.hooks, &ctx.dance.hooks], &inner.name, req, &token).await {
        Authorized::Respond(resp) => return resp,
        Authorized::SkipStoring => {}
        Authorized::Continue => {
            let storage_ctx = StorageContext::new(&inner.name, session.clone());
            if let Err(err) = inner.storage.set(&storage_ctx, &token).await {
                log::error!(
                    "oauth-dance: `{}` could not store the token: {err}",
                    inner.name
                );
                let error = DanceError::Storage;
                return fail(bp, req, &ctx, error, FailWith::Page).await;
            }
        }
    }
    found(&next_url(bp, req, attempt.next.as_deref()))
}

enum FailWith {
    /// Redirect to `next` (or the configured redirect), as Flask-Dance does for `?error=`.
    Redirect(Option<String>),
    /// The library's error page.
    Page,
}

/// Reports a failed dance: error hooks first (a hook's response wins), then the fallback. The
/// error is also kept in the session for [`LastDanceError`](crate::LastDanceError).
async fn fail(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    error: DanceError,
    fallback: FailWith,
) -> HttpResponse {
    log::info!(
        "oauth-dance: `{}` dance failed: {}",
        bp.name(),
        error.code()
    );
    last_error::remember(ctx.session(), bp.name(), &error);
    if let Some(resp) = run_error([&bp.0.hooks, &ctx.dance.hooks], bp.name(), req, &error).await {
        return resp;
    }
    match fallback {
        FailWith::Redirect(next) => found(&next_url(bp, req, next.as_deref())),
        FailWith::Page => page::dance_error(bp, req, &error),
    }
}

fn found(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .finish()
}

fn redirect_to_login(bp: &Blueprint, req: &HttpRequest) -> HttpResponse {
    let location = bp
        .route_path(req, &bp.login_route())
        .unwrap_or_else(|| "/".to_string());
    found(&location)
}

/// Where to go after the dance: the attempt's `next`, else `redirect_url`, else the
/// `redirect_to` route, else `/`.
fn next_url(bp: &Blueprint, req: &HttpRequest, next: Option<&str>) -> String {
    if let Some(next) = next {
        return next.to_string();
    }
    match &bp.0.redirect {
        Redirect::Url(url) => url.clone(),
        Redirect::Route(route) => req
            .url_for_static(route)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| {
                log::error!(
                    "oauth-dance: `{}`: redirect_to route `{route}` does not exist",
                    bp.name()
                );
                "/".to_string()
            }),
        Redirect::Root => "/".to_string(),
    }
}

fn has_session_cookie(req: &HttpRequest, ctx: &RequestContext) -> bool {
    req.cookie(ctx.dance.session.cookie_name()).is_some()
}

/// Another registered blueprint that started (or finished) a login with this state.
fn other_owner(ctx: &RequestContext, name: &str, state: &str) -> Option<String> {
    ctx.blueprints()
        .map(Blueprint::name)
        .filter(|other| *other != name)
        .find(|other| attempt::belongs_to(ctx.session(), other, state))
        .map(str::to_string)
}
