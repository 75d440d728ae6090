//! The small HTML pages the library answers with when a dance fails and no hook answered.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use html_escape::encode_text;

use super::Blueprint;
use crate::error::DanceError;

/// A failed dance: the reason in plain words and a way to start again.
pub(crate) fn dance_error(bp: &Blueprint, req: &HttpRequest, error: &DanceError) -> HttpResponse {
    DancePage::new(bp, req, error).response()
}

/// The page of a failed dance, rendered.
#[derive(Debug, Clone)]
pub(crate) struct DancePage {
    status: StatusCode,
    body: String,
}

impl DancePage {
    pub fn new(bp: &Blueprint, req: &HttpRequest, error: &DanceError) -> Self {
        DancePage {
            status: error.status(),
            body: render(bp, &bp.login_location(req), error),
        }
    }

    pub fn response(&self) -> HttpResponse {
        HttpResponse::build(self.status)
            .content_type("text/html; charset=utf-8")
            .body(self.body.clone())
    }
}

fn render(bp: &Blueprint, retry: &str, error: &DanceError) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Login with {name} failed</title></head>\
         <body><h1>Login with {name} failed</h1><p>{reason}</p><p>Error code: <code>{code}</code></p>\
         <p><a href=\"{retry}\">Try again</a> · <a href=\"/\">Home</a></p></body></html>\n",
        name = encode_text(bp.name()),
        reason = encode_text(&error.to_string()),
        code = encode_text(error.code()),
        retry = html_escape::encode_double_quoted_attribute(retry),
    )
}

/// A configuration mistake of the app (not the user's): logged in full, shown generically.
pub(crate) fn misconfigured(bp: &Blueprint, detail: &str) -> HttpResponse {
    log::error!("oauth-dance: `{}` is misconfigured: {detail}", bp.name());
    HttpResponse::InternalServerError()
        .content_type("text/plain; charset=utf-8")
        .body("This site's login is misconfigured; the details are in its log.")
}
