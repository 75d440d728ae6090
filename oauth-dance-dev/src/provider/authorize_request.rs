//! Validating an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3), shared by the consent
//! page (`GET /authorize`) and the decision (`POST /authorize`).

use actix_web::HttpResponse;
use actix_web::http::header::{self, CacheDirective};
use url::Url;

use super::form_post::ResponseMode;

use super::form::Params;
use super::html::error_page;
use super::state::Config;

/// An authorization request that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizeRequest {
    pub(crate) client_id: String,
    /// Exactly as sent: the token request must repeat it byte for byte.
    pub(crate) redirect_uri: String,
    /// The same, parsed, to build the redirect from.
    pub(crate) redirect_url: Url,
    /// Space-separated scope tokens (empty when none was requested).
    pub(crate) scope: String,
    pub(crate) state: Option<String>,
    /// The S256 challenge, when PKCE is used.
    pub(crate) code_challenge: Option<String>,
    /// OpenID Connect's `nonce`, repeated in the ID token.
    pub(crate) nonce: Option<String>,
    /// How the response goes back (`response_mode`).
    pub(crate) response_mode: ResponseMode,
}

/// Why a request was refused.
#[derive(Debug)]
pub(crate) enum Rejection {
    /// The client or the redirect URI cannot be trusted: shown as a 400 page, never redirected.
    Page { title: String, message: String },
    /// The client and redirect URI are fine: the error goes back to the client, at this URL.
    Redirect(Url),
}

impl Rejection {
    fn page(title: &str, message: impl Into<String>) -> Self {
        Rejection::Page {
            title: title.to_owned(),
            message: message.into(),
        }
    }

    /// The response to send.
    pub(crate) fn into_response(self) -> HttpResponse {
        match self {
            Rejection::Page { title, message } => error_page(&title, &message),
            Rejection::Redirect(url) => redirect_with(&url, &[]),
        }
    }
}

/// A 302 to `url` with `pairs` appended to its query (keeping what was there).
pub(crate) fn redirect_with(url: &Url, pairs: &[(&str, &str)]) -> HttpResponse {
    let mut url = url.clone();
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs);
    }
    HttpResponse::Found()
        .insert_header((header::LOCATION, url.as_str()))
        .insert_header(header::CacheControl(vec![CacheDirective::NoStore]))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .finish()
}

/// A 302 carrying an error back to the client (RFC 6749 §4.1.2.1), with the `state`.
pub(crate) fn error_redirect(
    url: &Url,
    state: Option<&str>,
    code: &str,
    description: &str,
) -> HttpResponse {
    redirect_with(&error_url(url, state, code, description), &[])
}

/// `url` with `error`, `error_description` and `state` appended to its query.
fn error_url(url: &Url, state: Option<&str>, code: &str, description: &str) -> Url {
    let mut url = url.clone();
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("error", code);
        query.append_pair("error_description", description);
        if let Some(state) = state {
            query.append_pair("state", state);
        }
    }
    url
}

/// Is this a valid scope token (RFC 6749 §3.3: `%x21 / %x23-5B / %x5D-7E`)?
fn valid_scope_token(token: &str) -> bool {
    token
        .bytes()
        .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// An S256 challenge is the unpadded base64url of 32 bytes: 43 characters.
fn valid_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks the client and redirect URI first (failures are shown, not redirected), then the rest.
/// A `redirect_uri` among the registered `names` (eBay's RuName) stands for its URL.
pub(crate) fn validate(
    params: &Params,
    config: &Config,
    names: &[(String, String)],
) -> Result<AuthorizeRequest, Rejection> {
    let client_id = known_client(params, config)?;
    let (redirect_uri, redirect_url) = redirect_target(params, names)?;
    let state = params.get("state");
    let refuse = |(code, description): (&str, &str)| {
        Rejection::Redirect(error_url(&redirect_url, state, code, description))
    };
    check_response_type(params).map_err(refuse)?;
    let scope = scope(params).map_err(refuse)?;
    let code_challenge = code_challenge(params, config.require_pkce).map_err(refuse)?;
    let response_mode = ResponseMode::parse(params.get("response_mode")).ok_or_else(|| {
        refuse((
            "invalid_request",
            "Only response_mode=query and response_mode=form_post are supported",
        ))
    })?;
    Ok(AuthorizeRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        redirect_url,
        scope,
        state: state.map(str::to_owned),
        code_challenge: code_challenge.map(str::to_owned),
        nonce: params.get("nonce").map(str::to_owned),
        response_mode,
    })
}

/// An error that goes back to the client: its code and description.
type Refusal = (&'static str, &'static str);

/// The `client_id`, when it is the registered client's.
fn known_client<'a>(params: &'a Params, config: &Config) -> Result<&'a str, Rejection> {
    let client_id = params
        .client_id()
        .ok_or_else(|| Rejection::page("Missing client_id", "The request has no client_id."))?;
    if client_id != config.client_id {
        return Err(Rejection::page(
            "Unknown client",
            format!(
                "No application with client_id \"{client_id}\" is registered with this provider. \
                 It only knows \"{}\".",
                config.client_id
            ),
        ));
    }
    Ok(client_id)
}

/// The `redirect_uri` as sent, and the URL it names (itself, or a registered name's URL): an
/// absolute http(s) URL without a fragment.
fn redirect_target<'a>(
    params: &'a Params,
    names: &[(String, String)],
) -> Result<(&'a str, Url), Rejection> {
    let redirect_uri = params.get("redirect_uri").ok_or_else(|| {
        Rejection::page("Missing redirect_uri", "The request has no redirect_uri.")
    })?;
    let named = names.iter().find(|(name, _)| name == redirect_uri);
    let target = named.map_or(redirect_uri, |(_, url)| url.as_str());
    let redirect_url = Url::parse(target)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
        .ok_or_else(|| {
            Rejection::page(
                "Invalid redirect_uri",
                format!("\"{redirect_uri}\" is not an absolute http or https URL."),
            )
        })?;
    if redirect_url.fragment().is_some() {
        return Err(Rejection::page(
            "Invalid redirect_uri",
            "A redirect_uri must not contain a fragment (RFC 6749 §3.1.2).",
        ));
    }
    Ok((redirect_uri, redirect_url))
}

/// `response_type=code`, the only one supported.
fn check_response_type(params: &Params) -> Result<(), Refusal> {
    match params.get("response_type") {
        None => Err(("invalid_request", "response_type is missing")),
        Some("code") => Ok(()),
        Some(_) => Err((
            "unsupported_response_type",
            "Only response_type=code is supported",
        )),
    }
}

/// The scope tokens, joined with single spaces.
fn scope(params: &Params) -> Result<String, Refusal> {
    let raw_scope = params.get("scope").unwrap_or("");
    if !raw_scope
        .split(' ')
        .filter(|t| !t.is_empty())
        .all(valid_scope_token)
    {
        return Err(("invalid_scope", "The scope contains invalid characters"));
    }
    Ok(raw_scope.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The PKCE challenge (S256 only), required when the provider requires PKCE.
fn code_challenge(params: &Params, require_pkce: bool) -> Result<Option<&str>, Refusal> {
    let challenge = params.get("code_challenge");
    let refusal = match (challenge, params.get("code_challenge_method")) {
        (None, None) if require_pkce => {
            "PKCE is required: send code_challenge with code_challenge_method=S256"
        }
        (None, None) => return Ok(None),
        (None, Some(_)) => "code_challenge_method was sent without code_challenge",
        (Some(_), method) if method != Some("S256") => {
            "code_challenge_method must be S256 (plain is not supported)"
        }
        (Some(c), _) if !valid_s256_challenge(c) => {
            "code_challenge must be 43 base64url characters"
        }
        (Some(_), _) => return Ok(challenge),
    };
    Err(("invalid_request", refusal))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn config(require_pkce: bool) -> Config {
        Config {
            client_id: "cid".into(),
            client_secret: "secret".into(),
            users: vec![],
            token_lifetime: Duration::from_secs(60),
            require_pkce,
            rotate_refresh_tokens: true,
            basic_credentials: Default::default(),
            signed_secret: None,
        }
    }

    fn check(query: &str, require_pkce: bool) -> Result<AuthorizeRequest, Rejection> {
        validate(
            &Params::parse(query.as_bytes()).unwrap(),
            &config(require_pkce),
            &[],
        )
    }

    fn location(r: Result<AuthorizeRequest, Rejection>) -> String {
        match r {
            Err(Rejection::Redirect(url)) => url.to_string(),
            other => panic!("expected a redirect, got {other:?}"),
        }
    }

    const GOOD: &str = "response_type=code&client_id=cid&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb%3Fnext%3D1&state=xyz";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn accepts_a_good_request() {
        let r = check(&format!("{GOOD}&scope=read++user%3Aemail"), false).unwrap();
        assert_eq!(r.redirect_uri, "http://localhost:8080/cb?next=1");
        assert_eq!(r.scope, "read user:email");
        assert_eq!(r.state.as_deref(), Some("xyz"));
        assert_eq!(r.code_challenge, None);
    }

    #[test]
    fn client_and_redirect_errors_are_pages() {
        for query in [
            "response_type=code&redirect_uri=http%3A%2F%2Fx%2F",
            "response_type=code&client_id=evil&redirect_uri=http%3A%2F%2Fx%2F",
            "response_type=code&client_id=cid",
            "response_type=code&client_id=cid&redirect_uri=%2Fcb",
            "response_type=code&client_id=cid&redirect_uri=javascript%3Aalert(1)",
            "response_type=code&client_id=cid&redirect_uri=http%3A%2F%2Fx%2F%23frag",
        ] {
            assert!(
                matches!(check(query, false), Err(Rejection::Page { .. })),
                "{query}"
            );
        }
    }

    #[test]
    fn other_errors_go_back_to_the_client() {
        let loc = location(check(&GOOD.replace("=code", "=token"), false));
        assert!(loc.starts_with("http://localhost:8080/cb?next=1&error=unsupported_response_type"));
        assert!(loc.ends_with("&state=xyz"));
        let plain = format!("{GOOD}&code_challenge={CHALLENGE}&code_challenge_method=plain");
        assert!(location(check(&plain, false)).contains("error=invalid_request"));
        let implicit_plain = format!("{GOOD}&code_challenge={CHALLENGE}");
        assert!(location(check(&implicit_plain, false)).contains("error=invalid_request"));
        let short = format!("{GOOD}&code_challenge=abc&code_challenge_method=S256");
        assert!(location(check(&short, false)).contains("error=invalid_request"));
        assert!(location(check(GOOD, true)).contains("PKCE+is+required"));
        assert!(location(check(&format!("{GOOD}&scope=a%22b"), false)).contains("invalid_scope"));
    }

    #[test]
    fn s256_challenge_is_accepted() {
        let q = format!("{GOOD}&code_challenge={CHALLENGE}&code_challenge_method=S256");
        let r = check(&q, true).unwrap();
        assert_eq!(r.code_challenge.as_deref(), Some(CHALLENGE));
    }
}
