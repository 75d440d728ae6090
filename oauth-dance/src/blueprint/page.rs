//! The pages the library answers with when a dance fails and no hook answered: one plain
//! sentence for the user and a way forward. What a developer needs goes to the log, and onto the
//! page only when the app opts in ([`Dance::developer_hints`](crate::Dance::developer_hints)); an
//! app can render its own page instead ([`Dance::error_page`](crate::Dance::error_page)).

use actix_web::http::header::{CACHE_CONTROL, HeaderValue, REFERRER_POLICY};
use actix_web::{HttpRequest, HttpResponse};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::Blueprint;
use crate::context::RequestContext;
use crate::error::DanceError;

/// A failed dance, for an app's own error page ([`Dance::error_page`](crate::Dance::error_page)).
#[non_exhaustive]
pub struct ErrorPage<'a> {
    /// The blueprint whose dance failed.
    pub blueprint: &'a Blueprint,
    /// What went wrong (its `Display` is the sentence for the user).
    pub error: &'a DanceError,
    /// Where to start the login again (the login view's path).
    pub retry: &'a str,
    /// The request being answered.
    pub request: &'a HttpRequest,
}

impl ErrorPage<'_> {
    /// The library's own page for this error.
    pub fn default_response(&self) -> HttpResponse {
        self.response(false)
    }

    fn response(&self, hints: bool) -> HttpResponse {
        HttpResponse::build(self.error.status())
            .content_type("text/html; charset=utf-8")
            .body(render(self, hints))
    }
}

/// A failed dance's page: the app's, if it renders its own, else the library's.
pub(crate) fn dance_error(
    bp: &Blueprint,
    req: &HttpRequest,
    ctx: &RequestContext,
    error: &DanceError,
) -> HttpResponse {
    let retry = bp.login_location(req);
    let page = ErrorPage {
        blueprint: bp,
        error,
        retry: &retry,
        request: req,
    };
    let mut response = match ctx.error_page() {
        Some(render) => render(&page),
        None => page.response(ctx.developer_hints()),
    };
    private(&mut response);
    response
}

/// Neither cached nor leaked through `Referer`: these pages follow URLs that carried codes.
pub(crate) fn private(response: &mut HttpResponse) {
    let headers = response.headers_mut();
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The style of the pages the library answers with.
pub(crate) const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}\
main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;\
box-shadow:0 1px 3px #0002}h1{font-size:1.4rem;margin-top:0}\
.actions{margin-top:1.5rem;display:flex;gap:1rem;align-items:center}\
.button{background:#1f6feb;color:#fff;padding:.5rem 1rem;border-radius:6px;text-decoration:none}\
details{margin-top:1.5rem;font-size:.9rem;color:#57606a}code{font-size:.85rem}";

fn render(page: &ErrorPage<'_>, hints: bool) -> String {
    let name = text(page.blueprint.display_name()).into_owned();
    let details = if hints {
        format!(
            "<details open><summary>For this site's developers</summary><p>{}</p>\
             <p>Error code: <code>{}</code></p></details>",
            text(&page.error.hint()),
            text(page.error.code())
        )
    } else {
        String::new()
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Login with {name} failed</title><style>{STYLE}</style></head>\
         <body><main data-error-code=\"{code}\"><h1>Login with {name} failed</h1><p>{sentence}</p>{details}\
         <p class=\"actions\"><a class=\"button\" href=\"{retry}\">Try again</a> \
         <a href=\"/\">Back to the site</a></p></main></body></html>\n",
        code = attr(page.error.code()),
        sentence = text(&page.error.to_string()),
        retry = attr(page.retry),
    )
}

/// A configuration mistake of the app (not the user's): logged in full, shown generically.
pub(crate) fn misconfigured(bp: &Blueprint, detail: &str) -> HttpResponse {
    tracing::error!(
        blueprint = bp.name(),
        "oauth-dance: `{}` is misconfigured: {detail}",
        bp.name()
    );
    misconfigured_page()
}

/// The page of a configuration mistake: the details are in the log.
pub(crate) fn misconfigured_page() -> HttpResponse {
    HttpResponse::InternalServerError()
        .content_type("text/plain; charset=utf-8")
        .body("This site's login is misconfigured; the details are in its log.")
}
