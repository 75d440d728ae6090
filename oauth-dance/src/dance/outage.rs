//! When the session store fails (Redis unreachable): the user gets a 503 page that says to try
//! again in a moment, never actix-session's bare 500, and the log gets the cause.
//!
//! The session middleware answers a store failure with an error, and so may the app itself. The
//! context service, which runs inside the session middleware, wraps the app's errors
//! ([`AppError`]) on their way out through the session layer, and the Dance service unwraps them
//! again: an error that arrives unwrapped came from the session layer.

use std::cell::RefCell;
use std::fmt;

use actix_web::error::InternalError;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};

use crate::blueprint::PAGE_STYLE;

/// The code on the page (`data-error-code`), for tests and monitoring.
pub(crate) const SESSION_STORE_UNAVAILABLE: &str = "session_store_unavailable";

/// An error of the app, on its way out through the session layer, which passes it on as it is.
/// It answers as the error it carries, should anything in between ask.
pub(crate) struct AppError(RefCell<Option<actix_web::Error>>);

impl AppError {
    /// `err`, wrapped (a plain function, so the context service's future has a name).
    pub fn wrap(err: actix_web::Error) -> actix_web::Error {
        AppError(RefCell::new(Some(err))).into()
    }

    /// The app's error that `err` carries, taken out; `None` when `err` is not one.
    fn unwrap(err: &actix_web::Error) -> Option<actix_web::Error> {
        err.as_error::<AppError>()?.0.borrow_mut().take()
    }

    fn with<R>(&self, f: impl FnOnce(&actix_web::Error) -> R, taken: R) -> R {
        self.0.borrow().as_ref().map_or(taken, f)
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|err| fmt::Debug::fmt(err, f), Ok(()))
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|err| fmt::Display::fmt(err, f), Ok(()))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.with(
            |err| err.as_response_error().status_code(),
            StatusCode::INTERNAL_SERVER_ERROR,
        )
    }

    fn error_response(&self) -> HttpResponse {
        self.with(
            actix_web::Error::error_response,
            HttpResponse::InternalServerError().finish(),
        )
    }
}

/// The answer to `err` from inside the session layer: the app's own errors unchanged, anything
/// else, when the Dance provides the session, a session store failure: the 503 page (with its
/// cause in the log).
pub(crate) fn answer(session_provided: bool, err: actix_web::Error) -> actix_web::Error {
    if let Some(app) = AppError::unwrap(&err) {
        return app;
    }
    if !session_provided {
        return err;
    }
    tracing::error!(
        "oauth-dance: the session store failed ({err}); answered 503, sessions come back when it does"
    );
    InternalError::from_response(SESSION_STORE_UNAVAILABLE, unavailable_page()).into()
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
