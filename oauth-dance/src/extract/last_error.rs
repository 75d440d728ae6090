//! [`LastDanceError`] as an extractor: take it as `Option<LastDanceError>` in a handler.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::error::ErrorNotFound;
use actix_web::{FromRequest, HttpRequest};

use crate::session_state::LastDanceError;

impl FromRequest for LastDanceError {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            LastDanceError::take(&req.get_session()).ok_or_else(|| ErrorNotFound("no dance error")),
        )
    }
}
