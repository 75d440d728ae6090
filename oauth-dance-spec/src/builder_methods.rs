//! The methods every typed blueprint builder has. A provider option becomes a builder method of
//! its own name, so it cannot take one of these names.

/// The protocol-neutral builder methods (`oauth_dance::BlueprintBuilder`).
pub const COMMON: &[&str] = &[
    "name",
    "display_name",
    "client_id",
    "client_secret",
    "endpoints",
    "base_url",
    "token_origin",
    "header",
    "quirk",
    "redirect_url",
    "redirect_to",
    "login_url",
    "authorized_url",
    "storage",
    "http_client",
    "transport",
    "timeout",
    "max_pending_logins",
    "login_lifetime",
    "on_before_login",
    "on_authorized",
    "on_error",
    "build",
];

/// The OAuth 2 builder methods.
pub const OAUTH2: &[&str] = &[
    "authorization_url",
    "token_url",
    "scope",
    "scope_separator",
    "authorization_param",
    "token_param",
    "client_auth",
    "signed_secret",
    "use_pkce",
    "api_auth_scheme",
    "api_token_header",
    "redirect_uri_param",
    "refresh",
    "refresh_url",
    "refresh_leeway",
    "revocation_url",
    "openid_connect",
];

/// The OAuth 1 builder methods.
pub const OAUTH1: &[&str] = &[
    "request_token_url",
    "authorization_url",
    "access_token_url",
    "signature_method",
    "signature_placement",
    "rsa_key",
];

/// Names a typed builder uses for itself: its field, its escape hatch, and the hidden
/// `with_hooks` the hook setters go through.
pub const TYPED: &[&str] = &["inner", "into_untyped", "with_hooks"];

/// Whether an option may not be named `name`.
///
/// ```
/// use oauth_dance_spec::builder_methods::is_reserved;
/// assert!(is_reserved("client_id"));
/// assert!(is_reserved("rsa_key"));
/// assert!(!is_reserved("tenant"));
/// ```
pub fn is_reserved(name: &str) -> bool {
    [COMMON, OAUTH2, OAUTH1, TYPED]
        .iter()
        .any(|list| list.contains(&name))
}
