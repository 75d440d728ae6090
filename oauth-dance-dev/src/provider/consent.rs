//! The consent page: "`<app>` wants to access your account", a user picker, Allow and Deny.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::authorize_request::AuthorizeRequest;
use super::html::{html_response, page};
use super::users::DevUser;

/// Renders the consent page for a validated request. Every value is HTML-escaped.
pub(crate) fn render(request: &AuthorizeRequest, users: &[DevUser]) -> HttpResponse {
    let mut body = what_is_asked(request);
    body.push_str("<form method=\"post\" action=\"/authorize\">\n");
    body.push_str(&hidden_fields(request));
    body.push_str(&user_picker(users));
    body.push_str(
        "<p><button name=\"decision\" value=\"allow\">Allow</button>\n\
         <button name=\"decision\" value=\"deny\">Deny</button></p>\n</form>",
    );
    let title = format!("Authorize {}", request.client_id);
    html_response(StatusCode::OK, page(&title, &body))
}

/// Who asks, for which scope, and where the user goes next.
fn what_is_asked(request: &AuthorizeRequest) -> String {
    let mut body = format!(
        "<h1>{} wants to access your account</h1>\n",
        text(&request.client_id)
    );
    if request.scope.is_empty() {
        body.push_str("<p>It asks for no particular scope.</p>\n");
    } else {
        body.push_str(&format!(
            "<p>Requested scope: <code class=\"scope\">{}</code></p>\n",
            text(&request.scope)
        ));
    }
    body.push_str(&format!(
        "<p>You will then be sent back to <code>{}</code>.</p>\n",
        text(&request.redirect_uri)
    ));
    body
}

/// The request again, as hidden fields of the decision form.
fn hidden_fields(request: &AuthorizeRequest) -> String {
    let hidden = [
        ("response_type", Some("code")),
        ("client_id", Some(request.client_id.as_str())),
        ("redirect_uri", Some(request.redirect_uri.as_str())),
        (
            "scope",
            Some(request.scope.as_str()).filter(|s| !s.is_empty()),
        ),
        ("state", request.state.as_deref()),
        ("code_challenge", request.code_challenge.as_deref()),
        (
            "code_challenge_method",
            request.code_challenge.as_ref().map(|_| "S256"),
        ),
        ("nonce", request.nonce.as_deref()),
        ("response_mode", request.response_mode.name()),
    ];
    let mut fields = String::new();
    for (name, value) in hidden {
        if let Some(value) = value {
            fields.push_str(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
                attr(value)
            ));
        }
    }
    fields
}

/// "Log in as": one option per user, the first selected.
fn user_picker(users: &[DevUser]) -> String {
    let mut picker = String::from("<p><label>Log in as <select name=\"user\">\n");
    for (i, user) in users.iter().enumerate() {
        picker.push_str(&format!(
            "<option value=\"{}\"{}>{} ({})</option>\n",
            attr(&user.login),
            if i == 0 { " selected" } else { "" },
            text(&user.name),
            text(&user.login),
        ));
    }
    picker.push_str("</select></label></p>\n");
    picker
}
