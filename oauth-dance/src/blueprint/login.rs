//! The login view: a fresh state and PKCE verifier per attempt, kept in the session, then a
//! redirect to the provider.

use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use oauth2::{CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};
use serde::Deserialize;

use super::Blueprint;
use super::attempt::{self, Attempt};
use super::page;
use crate::config::safe_next;
use crate::context::RequestContext;
use crate::hooks::run_before_login;
use crate::provider::Quirk;
use crate::token::unix_now;

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

pub(crate) async fn login(bp: Blueprint, req: HttpRequest) -> HttpResponse {
    let ctx = match RequestContext::of(&req) {
        Ok(ctx) => ctx,
        Err(err) => return page::misconfigured(&bp, &err.to_string()),
    };
    let redirect_uri = match bp.redirect_uri(&req, &ctx) {
        Ok(uri) => uri,
        Err(err) => return page::misconfigured(&bp, &err),
    };
    let next = web::Query::<LoginQuery>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().next)
        .and_then(|n| safe_next(&n));

    let inner = &bp.0;
    // oauth2's CsrfToken::new_random: 32 bytes from the OS CSPRNG (256 bits).
    let mut request = inner
        .oauth
        .authorize_url(CsrfToken::new_random)
        .set_redirect_uri(std::borrow::Cow::Owned(redirect_uri));
    if let Some(scope) = bp.scope_param() {
        request = request.add_scope(Scope::new(scope));
    }
    for (k, v) in &inner.authorization_params {
        request = request.add_extra_param(k.clone(), v.clone());
    }
    let verifier = if inner.use_pkce {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        request = request.set_pkce_challenge(challenge);
        Some(verifier.secret().clone())
    } else {
        None
    };
    let (url, state) = request.url();

    let attempt = Attempt {
        state: state.secret().clone(),
        verifier,
        next,
        created: unix_now(),
    };
    if let Err(err) = attempt::push(
        ctx.session(),
        &inner.name,
        attempt,
        inner.max_pending_logins,
        inner.login_lifetime,
    ) {
        return page::misconfigured(
            &bp,
            &format!("the session refused the login attempt: {err}"),
        );
    }

    run_before_login([&inner.hooks, &ctx.dance.hooks], &inner.name, &req, &url).await;

    HttpResponse::Found()
        .insert_header((LOCATION, url.as_str()))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish()
}

impl Blueprint {
    /// The absolute callback URL for this request: the app's public URL if configured, else
    /// the request's own scheme and host.
    pub(crate) fn redirect_uri(
        &self,
        req: &HttpRequest,
        ctx: &RequestContext,
    ) -> Result<RedirectUrl, String> {
        let path = self
            .route_path(req, &self.authorized_route())
            .ok_or_else(|| format!("route `{}` is not registered", self.authorized_route()))?;
        let url = ctx.dance.origin.absolute(req, &path)?;
        Ok(RedirectUrl::from_url(url))
    }

    /// The `scope` parameter, or `None` for no scope.
    fn scope_param(&self) -> Option<String> {
        let inner = &self.0;
        let scopes: Vec<String> = if inner.quirks.contains(&Quirk::CommaSeparatedScopes) {
            inner
                .scope
                .iter()
                .flat_map(|s| s.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            inner.scope.clone()
        };
        (!scopes.is_empty()).then(|| scopes.join(&inner.scope_separator))
    }
}
