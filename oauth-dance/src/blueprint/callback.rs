//! The callback view (Flask-Dance's "authorized" view), in three steps:
//!
//! 1. **verify**: the flow reads the query (which attempt it answers, or the provider's refusal),
//!    and the attempt is matched and consumed;
//! 2. **finish**: the flow turns the callback and the attempt's secrets into a token;
//! 3. **complete**: hooks, storing, the redirect ([`complete`](super::complete)).
//!
//! Every failure ends in a clear answer and stores nothing: the provider's refusal goes to the
//! `error` hooks and redirects (as in Flask-Dance); an attempt problem is a 4xx page that names
//! the likely reason; a token endpoint failure is a 502 page.

use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse};
use url::Url;

use std::time::Instant;

use super::attempt::{self, Attempt, Lookup};
use super::complete::{self, Fallback};
use super::routes::CallbackUrlError;
use super::{Blueprint, form_post, page};
use crate::context::RequestContext;
use crate::error::DanceError;
use crate::flow::{CallbackQuery, CallbackRead, LoginFinish};
use crate::observe;

/// Where a callback's parameters are.
pub(crate) enum CallbackSource {
    /// In the query string (`GET`, the default response mode).
    Query,
    /// In a form body (`POST`, the form post response mode, see [`form_post`]).
    Form(actix_web::web::Bytes),
}

pub(crate) async fn authorized(
    bp: Blueprint,
    req: HttpRequest,
    source: CallbackSource,
) -> HttpResponse {
    let mut res = observe::in_step("callback", &bp, answer(&bp, &req, source)).await;
    page::private(&mut res);
    res
}

async fn answer(bp: &Blueprint, req: &HttpRequest, source: CallbackSource) -> HttpResponse {
    let started = Instant::now();
    let ctx = match RequestContext::of(req) {
        Ok(ctx) => ctx,
        Err(err) => return page::misconfigured(bp, &err.to_string()),
    };
    // The host is checked before any attempt is consumed.
    let redirect_uri = match bp.callback_url(req, &ctx) {
        Ok(uri) => uri,
        Err(CallbackUrlError::NotMounted(route)) => {
            return page::misconfigured(bp, &format!("route `{route}` is not mounted"));
        }
        Err(CallbackUrlError::Host(error)) => {
            return complete::fail(bp, req, &ctx, error, Fallback::Page, started).await;
        }
    };
    let query = match source {
        CallbackSource::Query => CallbackQuery::parse(req.query_string()),
        CallbackSource::Form(body) => match form_post::read(req, &body) {
            // A cross-site post carries no session cookie: post again from this site.
            Ok(posted) if !posted.reposted && !ctx.has_session_cookie(req) => {
                return form_post::repost_page(posted.query.pairs());
            }
            Ok(posted) => Ok(posted.query),
            Err(error) => Err(error),
        },
    };
    let query = match query {
        Ok(query) => query,
        Err(error) => return complete::fail(bp, req, &ctx, error, Fallback::Page, started).await,
    };
    match verify(bp, req, &ctx, &query) {
        Verdict::Proceed(attempt) => {
            let callback = Callback {
                query: &query,
                redirect_uri: &redirect_uri,
                started,
            };
            finish(bp, req, &ctx, callback, attempt).await
        }
        Verdict::Refused { error, next } => {
            complete::fail(bp, req, &ctx, error, Fallback::Redirect(next), started).await
        }
        Verdict::Failed(error) => {
            complete::fail(bp, req, &ctx, error, Fallback::Page, started).await
        }
        Verdict::BackToLogin => HttpResponse::Found()
            .insert_header((LOCATION, bp.login_location(req)))
            .finish(),
    }
}

/// What verifying a callback concluded.
enum Verdict {
    /// A live attempt, now consumed.
    Proceed(Attempt),
    /// The provider refused; redirect to the attempt's `next` (if it is known).
    Refused {
        error: DanceError,
        next: Option<String>,
    },
    /// The callback matches no usable attempt.
    Failed(DanceError),
    /// No attempt key at all: back to the login view, as in Flask-Dance.
    BackToLogin,
}

fn verify(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    query: &CallbackQuery,
) -> Verdict {
    let session = ctx.session();
    let key = match bp.flow().read_callback(query) {
        CallbackRead::Answer { key } => key,
        CallbackRead::Refused { key, error } => {
            // The user pressed "Deny" (or the provider refused). Only a refusal for a login this
            // browser started is trusted: any other could carry an attacker's text. The attempt
            // stays: the user may go back and allow.
            let pending =
                key.and_then(|k| attempt::pending_next(session, &bp.core().attempt_keys, &k));
            return match pending {
                Some(next) => Verdict::Refused { error, next },
                None => Verdict::Failed(DanceError::UnverifiedRefusal),
            };
        }
        CallbackRead::NoKey => return Verdict::BackToLogin,
        CallbackRead::Malformed(error) => return Verdict::Failed(error),
    };
    match attempt::take(session, &bp.core().attempt_keys, &key, bp.core().attempts) {
        Lookup::Found(attempt) => Verdict::Proceed(attempt),
        Lookup::Expired => Verdict::Failed(DanceError::Expired),
        Lookup::AlreadyUsed => Verdict::Failed(DanceError::AlreadyUsed),
        // No attempt at all, and no cookie: the browser dropped it (SameSite, host mix-up).
        Lookup::NoAttempts if !ctx.has_session_cookie(req) => {
            Verdict::Failed(DanceError::NoSessionCookie)
        }
        // An unknown key: another blueprint's login, or a forgery. With no attempt of this
        // blueprint at all, Flask-Dance sends the user back to the login view.
        lookup => match other_owner(ctx, bp.name(), &key) {
            Some(owner) => Verdict::Failed(DanceError::WrongProvider(owner)),
            None if matches!(lookup, Lookup::NoAttempts) => Verdict::BackToLogin,
            None => Verdict::Failed(DanceError::StateMismatch),
        },
    }
}

/// The verified callback, on its way to the flow.
struct Callback<'a> {
    query: &'a CallbackQuery,
    redirect_uri: &'a Url,
    started: Instant,
}

async fn finish(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    callback: Callback<'_>,
    attempt: Attempt,
) -> HttpResponse {
    let Callback {
        query,
        redirect_uri,
        started,
    } = callback;
    let finish = LoginFinish {
        blueprint: bp,
        query,
        secrets: &attempt.secrets,
        redirect_uri,
    };
    match bp.flow().finish(&finish).await {
        Ok(token) => {
            complete::complete(bp, req, ctx, token, attempt.next.as_deref(), started).await
        }
        Err(error) => complete::fail(bp, req, ctx, error, Fallback::Page, started).await,
    }
}

/// Another registered blueprint that started (or finished) a login with this key.
fn other_owner(ctx: &RequestContext, name: &str, key: &str) -> Option<String> {
    ctx.blueprints()
        .filter(|other| other.name() != name)
        .find(|other| attempt::belongs_to(ctx.session(), &other.core().attempt_keys, key))
        .map(|other| other.name().to_string())
}
