//! When the session store fails (Redis unreachable): the user gets a 503 page that says to try
//! again in a moment, never actix-session's bare 500, and the log gets the cause.
//!
//! The session middleware answers a store failure with an error, and so may the app itself. The
//! context service, which runs inside the session middleware, marks the request when the app
//! failed ([`AppFailed`]); an error without that mark came from the session layer.

use std::cell::Cell;
use std::rc::Rc;

use actix_web::dev::ServiceRequest;
use actix_web::error::InternalError;
use actix_web::http::header::{CACHE_CONTROL, RETRY_AFTER};
use actix_web::{HttpMessage, HttpResponse};

use crate::blueprint::PAGE_STYLE;

/// The code on the page (`data-error-code`), for tests and monitoring.
pub(crate) const SESSION_STORE_UNAVAILABLE: &str = "session_store_unavailable";

/// Whether the app, inside the session layer, answered a request with an error.
#[derive(Clone, Default)]
pub(crate) struct AppFailed(Rc<Cell<bool>>);

impl AppFailed {
    /// A fresh mark, put in the request's extensions for the context service to find.
    pub fn install(req: &ServiceRequest) -> Self {
        let mark = AppFailed::default();
        req.extensions_mut().insert(mark.clone());
        mark
    }

    /// The mark of `req`, when the middleware installed one.
    pub fn of(req: &ServiceRequest) -> Option<Self> {
        req.extensions().get::<AppFailed>().cloned()
    }

    /// The app failed.
    pub fn set(&self) {
        self.0.set(true);
    }
}

/// The answer to `err` from inside the session layer: the app's own errors unchanged, a session
/// store failure as the 503 page (with its cause in the log).
pub(crate) fn answer(mark: Option<&AppFailed>, err: actix_web::Error) -> actix_web::Error {
    match mark {
        Some(mark) if !mark.0.get() => {
            tracing::error!(
                "oauth-dance: the session store failed ({err}); answered 503, sessions come back when it does"
            );
            InternalError::from_response(SESSION_STORE_UNAVAILABLE, unavailable_page()).into()
        }
        _ => err,
    }
}

/// The 503 page: what happened, in words a user reads, and when to try again.
fn unavailable_page() -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .insert_header((RETRY_AFTER, "5"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Please try again in a moment</title><style>{PAGE_STYLE}</style></head>\
             <body><main data-error-code=\"{SESSION_STORE_UNAVAILABLE}\">\
             <h1>Please try again in a moment</h1>\
             <p>This site cannot reach its session store right now, so it cannot sign you in \
             or remember you. Nothing is wrong on your side.</p>\
             <p class=\"actions\"><a href=\"/\">Back to the site</a></p></main></body></html>\n"
        ))
}
