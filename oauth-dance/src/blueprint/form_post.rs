//! Callbacks that arrive as a form post (OAuth 2.0 Form Post Response Mode, which OpenID
//! Connect providers use with `response_mode=form_post`; Sign in with Apple does when the name or
//! email is asked for): the parameters are in an `application/x-www-form-urlencoded` body, read
//! as strictly as a query.
//!
//! The provider's page posts cross-site, and a browser sends no `SameSite=Lax` cookie (the
//! session's) with a cross-site POST. So a posted callback without the session cookie is
//! answered with a small page of this site whose form posts the same fields again to the same
//! URL: that second post is same-site, so the cookie comes with it, and the callback goes on as
//! usual. The page carries only what the provider posted, plus a marker: a re-posted callback
//! that still has no cookie gets the usual error. Nothing goes into a URL, the cookie is not
//! weakened, and the page is `no-store`, `no-referrer`, and runs only its own script.
//!
//! A form post may carry `user`, a JSON object with the user's name that Sign in with Apple sends
//! on the first login only (it is in no token): bounded, it reaches the `authorized` hooks as
//! [`AuthorizedEvent::callback_user`](crate::hooks::AuthorizedEvent::callback_user), and is never
//! stored.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use html_escape::encode_double_quoted_attribute as attr;
use serde_json::Value;

use crate::error::DanceError;
use crate::flow::CallbackQuery;

/// The largest form body read (a code, a state, an ID token and the `user` fit many times).
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// The largest `user` field accepted.
pub(crate) const MAX_USER: usize = 4 * 1024;

/// The field the re-post page adds, so that a re-posted callback is not re-posted again.
const REPOSTED: &str = "oauth_dance_reposted";

/// The re-post page's script, and its hash for the page's `Content-Security-Policy` (which has
/// no `form-action`: browsers apply it to the redirects after the post too, and the callback may
/// redirect to another origin, an app's `redirect_url`).
const SCRIPT: &str = "document.getElementById(\"repost\").submit();";
const SCRIPT_HASH: &str = "sha256-sxd9xkE2oBrxjHvPx8wGYRHn0o4Nk3/H5R9SBZJ3sLA=";

/// A callback read from a form body.
pub(crate) struct Posted {
    /// The provider's parameters (the marker removed).
    pub query: CallbackQuery,
    /// Whether the re-post page sent it.
    pub reposted: bool,
}

/// The `user` field of a posted callback, for the `authorized` hooks.
#[derive(Clone)]
pub(crate) struct CallbackUser(pub Value);

/// Reads a posted callback: a form body, its parameters as a query's; a `user` field must be
/// a JSON object of at most [`MAX_USER`] bytes, and is kept on the request for the hooks.
pub(crate) fn read(req: &HttpRequest, body: &[u8]) -> Result<Posted, DanceError> {
    let form = req
        .content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded");
    if !form || body.is_empty() {
        return Err(DanceError::BadCallback(
            "a posted callback must have a form body (application/x-www-form-urlencoded)".into(),
        ));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| DanceError::BadCallback("the form body is not UTF-8".into()))?;
    let mut query = CallbackQuery::parse(text)?;
    let reposted = query.take(REPOSTED)?.is_some();
    if let Some(user) = query.one("user")? {
        let user = read_user(user)?;
        req.extensions_mut().insert(CallbackUser(user));
    }
    Ok(Posted { query, reposted })
}

fn read_user(user: &str) -> Result<Value, DanceError> {
    if user.len() > MAX_USER {
        return Err(DanceError::BadCallback(format!(
            "the `user` field is longer than {MAX_USER} bytes"
        )));
    }
    match serde_json::from_str::<Value>(user) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(DanceError::BadCallback(
            "the `user` field is not a JSON object".into(),
        )),
    }
}

/// The page that posts `fields` (and the marker) again to the URL it was posted to.
pub(crate) fn repost_page<'f>(fields: impl Iterator<Item = (&'f str, &'f str)>) -> HttpResponse {
    let mut inputs = String::new();
    for (name, value) in fields.chain([(REPOSTED, "1")]) {
        inputs.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            attr(name),
            attr(value)
        ));
    }
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signing in…</title></head>\
         <body><form id=\"repost\" method=\"post\">{inputs}\
         <noscript><button type=\"submit\">Continue signing in</button></noscript></form>\
         <script>{SCRIPT}</script></body></html>"
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .insert_header((
            CONTENT_SECURITY_POLICY,
            format!(
                "default-src 'none'; script-src '{SCRIPT_HASH}'; base-uri 'none'; \
                 frame-ancestors 'none'"
            ),
        ))
        .body(body)
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_page_script() {
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT));
        assert_eq!(SCRIPT_HASH, format!("sha256-{hash}"));
    }

    #[test]
    fn the_user_field_is_a_bounded_json_object() {
        let name =
            r#"{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"ada@example.com"}"#;
        assert_eq!(read_user(name).unwrap()["name"]["firstName"], "Ada");
        for bad in ["\"Ada\"", "[1]", "{", ""] {
            assert!(read_user(bad).is_err(), "{bad}");
        }
        let long = format!("{{\"name\":\"{}\"}}", "a".repeat(MAX_USER));
        assert!(read_user(&long).is_err());
    }

    #[test]
    fn the_repost_page_escapes_what_it_carries() {
        let fields = [("state".to_string(), "\"><script>x</script>".to_string())];
        let page = repost_page(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let csp = page.headers().get(CONTENT_SECURITY_POLICY).unwrap();
        assert!(
            csp.to_str()
                .unwrap()
                .contains(&format!("script-src '{SCRIPT_HASH}';"))
        );
        let body = match actix_web::body::MessageBody::try_into_bytes(page.into_body()) {
            Ok(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
            Err(_) => panic!("a fixed body"),
        };
        assert!(!body.contains("<script>x"), "{body}");
        assert!(
            body.contains("name=\"oauth_dance_reposted\" value=\"1\""),
            "{body}"
        );
    }
}
