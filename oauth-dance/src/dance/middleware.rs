//! [`Dance`] as actix middleware: the session middleware (when the Dance provides the session)
//! around the context service, which gives every request its [`RequestContext`] (in the request's
//! extensions and in the task-local behind `github::client()`); the `Secure` cookie flag on https.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};

use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderValue, SET_COOKIE};
use actix_web::{HttpMessage, HttpRequest};
use futures_util::TryFutureExt;
use futures_util::future::{LocalBoxFuture, MapErr};
use tokio::task::futures::TaskLocalFuture;

use super::outage::{self, AppError};
use super::session::{SessionBackend, SessionMode, cookie_middleware};
use super::{Dance, DanceInner};
use crate::context::{CONTEXT, RequestContext};
use crate::overrides::Overrides;

impl<S, B> Transform<S, ServiceRequest> for Dance
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = DanceService<B>;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        let context = ContextService {
            service,
            dance: self.inner.clone(),
        };
        let inner = self.around_session(context);
        let dance = self.inner.clone();
        Box::pin(async move {
            Ok(DanceService {
                dance,
                inner: inner.await?,
            })
        })
    }
}

impl Dance {
    /// `context` inside the session middleware this Dance provides (none when the app brings
    /// its own).
    fn around_session<S, B>(&self, context: ContextService<S>) -> InitFuture<B>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>
            + 'static,
        S::Future: 'static,
        B: MessageBody + 'static,
    {
        match &self.inner.session {
            SessionMode::Provided {
                key,
                cookie_name,
                backend,
            } => match backend {
                SessionBackend::Cookie => boxed(cookie_middleware(key, cookie_name), context),
                #[cfg(feature = "redis")]
                SessionBackend::Redis(redis) => boxed(
                    redis.middleware(key, cookie_name, self.longest_attempt()),
                    context,
                ),
            },
            SessionMode::External { .. } => Box::pin(std::future::ready(Ok(
                Box::new(BoxingFutures(context)) as BoxedService<B>,
            ))),
        }
    }
}

/// `service` inside `transform`, boxed.
fn boxed<T, S, B>(transform: T, service: S) -> InitFuture<B>
where
    T: Transform<S, ServiceRequest, InitError = ()> + 'static,
    T::Transform: Service<
            ServiceRequest,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            Future = BoxedFuture<B>,
        > + 'static,
    T::Future: 'static,
{
    let made = transform.new_transform(service);
    Box::pin(async move { Ok(Box::new(made.await?) as BoxedService<B>) })
}

type InitFuture<B> = LocalBoxFuture<'static, Result<BoxedService<B>, ()>>;

type BoxedService<B> = Box<
    dyn Service<
            ServiceRequest,
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            Future = BoxedFuture<B>,
        >,
>;

type BoxedFuture<B> = LocalBoxFuture<'static, Result<ServiceResponse<B>, actix_web::Error>>;

/// The service [`Dance`] wraps around an app (the session middleware, when the Dance provides
/// one, around the context service).
pub struct DanceService<B> {
    dance: Arc<DanceInner>,
    inner: BoxedService<B>,
}

impl<B: 'static> Service<ServiceRequest> for DanceService<B> {
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = DanceFuture<B>;

    fn poll_ready(
        &self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // Outside the session middleware, so the session's Set-Cookie is there to mark, and a
        // failure of its store is there to answer.
        let https = self.dance.origin.is_https(req.request());
        DanceFuture {
            inner: self.inner.call(req),
            session_provided: self.dance.session.provided(),
            secure_cookie: https.then(|| self.dance.session.cookie_name().to_string()),
        }
    }
}

/// The answer of a [`DanceService`]: the app's (or the session layer's failure as a page), with
/// the session cookie marked `Secure` on https. A plain struct rather than a boxed `async`
/// block: one allocation less on every request.
#[doc(hidden)]
pub struct DanceFuture<B> {
    inner: BoxedFuture<B>,
    session_provided: bool,
    /// The session cookie's name, when the request came over https.
    secure_cookie: Option<String>,
}

impl<B> Future for DanceFuture<B> {
    type Output = Result<ServiceResponse<B>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let answer = ready!(this.inner.as_mut().poll(cx));
        let mut res = answer.map_err(|err| outage::answer(this.session_provided, err))?;
        if let Some(cookie_name) = this.secure_cookie.take() {
            mark_cookie_secure(&mut res, &cookie_name);
        }
        Poll::Ready(Ok(res))
    }
}

/// Sets the request context, then calls the app.
#[doc(hidden)]
pub struct ContextService<S> {
    service: S,
    dance: Arc<DanceInner>,
}

impl<S, B> Service<ServiceRequest> for ContextService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = TaskLocalFuture<RequestContext, MapErr<S::Future, WrapAppError>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let overrides = req.app_data::<Overrides>();
        let context = RequestContext::new(req.get_session(), &self.dance, overrides);
        announce_callbacks(&self.dance, req.request());
        req.extensions_mut().insert(context.clone());
        let wrap: WrapAppError = AppError::wrap;
        CONTEXT.scope(context, self.service.call(req).map_err(wrap))
    }
}

/// How the app's errors leave the context service: wrapped, so the Dance service tells them from
/// a failure of the session layer they pass through.
type WrapAppError = fn(actix_web::Error) -> actix_web::Error;

/// A service with its futures boxed: the context service as the Dance's outermost service, when
/// the app brings its own session middleware.
struct BoxingFutures<S>(S);

impl<S, B> Service<ServiceRequest> for BoxingFutures<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = BoxedFuture<B>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> Self::Future {
        Box::pin(self.0.call(req))
    }
}

/// The blueprints (and warnings) this process has already announced: each once per process, not
/// once per worker (a `Dance` is usually built per worker). Keyed by name, so a request cannot
/// grow it.
static ANNOUNCED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Whether `key` is new to this process (and now announced).
fn first_time(key: &str) -> bool {
    let mut seen = ANNOUNCED.lock().unwrap_or_else(PoisonError::into_inner);
    seen.insert(key.to_string())
}

/// On a worker's first request: logs, once per process, the callback URL to register with each
/// provider, and what the request shows to be wrong with the app's set-up.
fn announce_callbacks(dance: &DanceInner, req: &HttpRequest) {
    if dance.announced.swap(true, Ordering::Relaxed) {
        return;
    }
    for bp in dance.blueprints.values() {
        if !first_time(bp.name()) {
            continue;
        }
        match bp.path_of(req, bp.authorized_route()) {
            None => tracing::warn!(
                "oauth-dance: blueprint `{}` is registered with Dance but not mounted: add `.service(blueprint)` to the app",
                bp.name()
            ),
            Some(path) => match dance.origin.absolute(req, &path) {
                Ok(url) => tracing::info!(
                    "oauth-dance: `{}` callback URL to register with the provider: {url}",
                    bp.name()
                ),
                Err(err) => tracing::warn!("oauth-dance: `{}`: {}", bp.name(), err.hint()),
            },
        }
    }
    warn_if_host_is_trusted(dance, req);
}

/// Callback URLs follow the `Host` header unless the app says where it is reached: harmless on
/// loopback, worth a warning anywhere else.
fn warn_if_host_is_trusted(dance: &DanceInner, req: &HttpRequest) {
    let on_loopback = req.app_config().local_addr().ip().is_loopback();
    if dance.origin.follows_any_host() && !on_loopback && first_time("oauth-dance: host warning") {
        tracing::warn!(
            "oauth-dance: callback URLs are built from each request's Host header; set `Dance::public_url` or `Dance::allowed_hosts` so a forged Host cannot end up in a redirect_uri"
        );
    }
}

/// Adds `Secure` to the session cookie of a response served over https.
fn mark_cookie_secure<B>(res: &mut ServiceResponse<B>, cookie_name: &str) {
    let headers = res.headers_mut();
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    let prefix = format!("{cookie_name}=");
    for value in cookies {
        let secured = value
            .to_str()
            .ok()
            .filter(|v| v.starts_with(&prefix) && !v.to_ascii_lowercase().contains("; secure"))
            .and_then(|v| HeaderValue::from_str(&format!("{v}; Secure")).ok());
        headers.append(SET_COOKIE, secured.unwrap_or(value));
    }
}
