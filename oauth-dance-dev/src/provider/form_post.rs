//! `response_mode=form_post` (OAuth 2.0 Form Post Response Mode): the authorization response
//! goes back as a page whose form posts the parameters to the redirect URI (a cross-site POST,
//! as Sign in with Apple's), submitted by a script. With the scope `name`, the first login of
//! each user also posts `user`, a JSON object with the name and email, as Apple does.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use html_escape::encode_double_quoted_attribute as attr;
use serde_json::json;

use super::authorize_request::{AuthorizeRequest, redirect_with};
use super::html::{html_response, page};
use super::users::DevUser;

/// How the authorization response reaches the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseMode {
    /// In the redirect URI's query (the default).
    Query,
    /// Posted by a form to the redirect URI.
    FormPost,
}

impl ResponseMode {
    /// The mode a request asks for; `None` for one this provider does not support.
    pub(crate) fn parse(value: Option<&str>) -> Option<ResponseMode> {
        match value {
            None | Some("query") => Some(ResponseMode::Query),
            Some("form_post") => Some(ResponseMode::FormPost),
            Some(_) => None,
        }
    }

    /// Its name, as the request sent it (`None`: the default).
    pub(crate) fn name(self) -> Option<&'static str> {
        match self {
            ResponseMode::Query => None,
            ResponseMode::FormPost => Some("form_post"),
        }
    }
}

/// The authorization response `pairs`, in the request's response mode.
pub(crate) fn respond(request: &AuthorizeRequest, pairs: &[(&str, &str)]) -> HttpResponse {
    match request.response_mode {
        ResponseMode::Query => redirect_with(&request.redirect_url, pairs),
        ResponseMode::FormPost => form_page(request.redirect_uri.as_str(), pairs),
    }
}

/// Apple's first-login `user` field: `{"name": {"firstName", "lastName"}, "email"}`.
pub(crate) fn user_field(user: &DevUser) -> String {
    let (first, last) = user.name.split_once(' ').unwrap_or((&user.name, ""));
    json!({"name": {"firstName": first, "lastName": last}, "email": user.email}).to_string()
}

/// A page whose form posts `pairs` to `action`, by script (or a button without one).
fn form_page(action: &str, pairs: &[(&str, &str)]) -> HttpResponse {
    let mut body = format!(
        "<form id=\"response\" method=\"post\" action=\"{}\">\n",
        attr(action)
    );
    for (name, value) in pairs {
        body.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
            attr(name),
            attr(value)
        ));
    }
    body.push_str(
        "<noscript><button type=\"submit\">Continue</button></noscript></form>\n\
         <script>document.getElementById(\"response\").submit();</script>",
    );
    html_response(StatusCode::OK, page("Signing you in", &body))
}
