//! The HTML shell of the provider's pages, and its error page.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheDirective};
use html_escape::encode_text;

/// Headers every page carries: not cached, no referrer leaks the query, not framed.
pub(crate) fn html_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(header::CacheControl(vec![CacheDirective::NoStore]))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .body(body)
}

/// A complete page. `title` is escaped here; `body_html` must already be escaped.
pub(crate) fn page(title: &str, body_html: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n\
         body {{ font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #222; }}\n\
         .dev {{ background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .75rem; border-radius: 4px; font-size: .9rem; }}\n\
         code {{ background: #f3f3f3; padding: 0 .25rem; word-break: break-all; }}\n\
         button {{ font-size: 1rem; padding: .4rem 1.2rem; margin-right: .5rem; }}\n\
         select {{ font-size: 1rem; }}\n\
         </style>\n</head>\n<body>\n\
         <p class=\"dev\">oauth-dance development provider: anyone can log in as anyone. Never use it in production.</p>\n\
         {body_html}\n</body>\n</html>\n",
        title = encode_text(title),
    )
}

/// A 400 page for requests that must not be redirected back to the client (RFC 6749 §4.1.2.1).
pub(crate) fn error_page(title: &str, message: &str) -> HttpResponse {
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p>The request was not sent back to the application, \
         because it could not be trusted.</p>",
        encode_text(title),
        encode_text(message),
    );
    html_response(StatusCode::BAD_REQUEST, page(title, &body))
}
