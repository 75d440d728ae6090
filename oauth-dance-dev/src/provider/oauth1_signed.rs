//! Verifying a signed OAuth 1 request (RFC 5849 §3.2): the protocol parameters, from the
//! `Authorization` header or else the query and a form body; the consumer key, the signature
//! method, the timestamp window, the token, the signature (over the same normalisation the
//! client library uses, `oauth_dance::flow::oauth1::signature`), and the nonce, whose reuse is
//! refused. A refusal is the OAuth Problem Reporting extension's `oauth_problem=...`.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oauth_dance::flow::oauth1::SignatureMethod;
use oauth_dance::flow::oauth1::signature::{SigningKey, base_string};
use rsa::pkcs1v15::Pkcs1v15Sign;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;
use url::Url;

use super::oauth1_consumer::rsa_public_key;
use super::oauth1_store::TIMESTAMP_WINDOW;
use super::state::Shared;

/// Which token a request must carry, and so which secret it was signed with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// None yet (the request-token request).
    None,
    /// A request token (the access-token request).
    Request,
    /// An access token (API calls).
    Access,
}

/// A request whose signature checked out: its protocol parameters, decoded.
pub(crate) struct Verified {
    pub(crate) oauth: Vec<(String, String)>,
}

impl Verified {
    /// A protocol parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.oauth
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// A refused request: `oauth_problem` (and advice) with its status.
#[derive(Debug)]
pub(crate) struct Problem {
    status: StatusCode,
    problem: &'static str,
    advice: String,
}

impl Problem {
    pub(crate) fn new(
        status: StatusCode,
        problem: &'static str,
        advice: impl Into<String>,
    ) -> Self {
        Problem {
            status,
            problem,
            advice: advice.into(),
        }
    }

    /// 401 with this problem.
    pub(crate) fn unauthorized(problem: &'static str, advice: impl Into<String>) -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, problem, advice)
    }

    /// The form-encoded answer, with `WWW-Authenticate: OAuth` on a 401.
    pub(crate) fn response(&self) -> HttpResponse {
        log::info!(
            "dev provider: OAuth 1 refused: {} ({})",
            self.problem,
            self.advice
        );
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("oauth_problem", self.problem)
            .append_pair("oauth_problem_advice", &self.advice)
            .finish();
        let mut builder = HttpResponse::build(self.status);
        if self.status == StatusCode::UNAUTHORIZED {
            builder.insert_header((
                header::WWW_AUTHENTICATE,
                "OAuth realm=\"oauth-dance dev provider\"",
            ));
        }
        builder
            .content_type("application/x-www-form-urlencoded")
            .body(body)
    }
}

/// Checks a signed request; `Err` is the answer to send.
pub(crate) fn verify(
    req: &HttpRequest,
    body: &[u8],
    shared: &Shared,
    kind: TokenKind,
) -> Result<Verified, Problem> {
    let (oauth, mut signed) = parameters(req, body)?;
    let verified = Verified { oauth };
    let param = |name| verified.param(name);
    let method = check_consumer_and_method(&verified, shared)?;
    let timestamp = check_timestamp(param("oauth_timestamp"))?;
    let token_secret = token_secret(param("oauth_token"), shared, kind)?;
    signed.extend(verified.oauth.iter().cloned());
    let base = base_string(req.method().as_str(), &request_url(req)?, &signed);
    let signature = param("oauth_signature").unwrap_or_default();
    let secrets = (shared.config.client_secret.as_str(), token_secret.as_str());
    if !signature_matches(method, &base, signature, secrets) {
        return Err(Problem::unauthorized(
            "signature_invalid",
            "the signature does not match the request",
        ));
    }
    let nonce = param("oauth_nonce").unwrap_or_default();
    if nonce.is_empty() || !shared.lock().oauth1.use_nonce(timestamp, nonce) {
        return Err(Problem::unauthorized(
            "nonce_used",
            "this oauth_nonce was already used at this oauth_timestamp",
        ));
    }
    Ok(verified)
}

/// The registered consumer, a known signature method and version 1.0 (if named).
fn check_consumer_and_method(
    verified: &Verified,
    shared: &Shared,
) -> Result<SignatureMethod, Problem> {
    let param = |name| verified.param(name);
    if param("oauth_consumer_key") != Some(shared.config.client_id.as_str()) {
        return Err(Problem::unauthorized(
            "consumer_key_unknown",
            "unknown oauth_consumer_key",
        ));
    }
    let method = param("oauth_signature_method")
        .and_then(SignatureMethod::from_name)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "signature_method_rejected",
                "use HMAC-SHA1, HMAC-SHA256, RSA-SHA1 or PLAINTEXT",
            )
        })?;
    if param("oauth_version").is_some_and(|v| v != "1.0") {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "version_rejected",
            "oauth_version must be 1.0",
        ));
    }
    Ok(method)
}

/// The URL the client signed: this server's, as the client addressed it.
fn request_url(req: &HttpRequest) -> Result<Url, Problem> {
    Url::parse(&format!(
        "http://{}{}",
        req.connection_info().host(),
        req.path()
    ))
    .map_err(|_| Problem::new(StatusCode::BAD_REQUEST, "parameter_rejected", "bad Host"))
}

/// The protocol parameters (from the header, or else the query and the body), and the other
/// parameters the signature covers (the query's and a form body's, repeated names kept).
type Parameters = (Vec<(String, String)>, Vec<(String, String)>);

fn parameters(req: &HttpRequest, body: &[u8]) -> Result<Parameters, Problem> {
    let decode = |bytes: &[u8]| -> Vec<(String, String)> {
        url::form_urlencoded::parse(bytes).into_owned().collect()
    };
    let mut others = decode(req.query_string().as_bytes());
    if req
        .content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    {
        others.extend(decode(body));
    }
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let oauth = match header.and_then(|h| h.strip_prefix("OAuth ")) {
        Some(params) => header_params(params)?,
        None => {
            let (oauth, rest) = others
                .into_iter()
                .partition(|(n, _)| n.starts_with("oauth_"));
            others = rest;
            oauth
        }
    };
    for (i, (name, _)) in oauth.iter().enumerate() {
        if oauth[..i].iter().any(|(n, _)| n == name) {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "parameter_rejected",
                format!("{name} is repeated"),
            ));
        }
    }
    Ok((oauth, others))
}

/// `k="v", k2="v2"` of an `Authorization: OAuth` header, decoded, `realm` left out (§3.5.1).
fn header_params(params: &str) -> Result<Vec<(String, String)>, Problem> {
    let bad = || {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "parameter_rejected",
            "malformed Authorization header",
        )
    };
    let mut out = Vec::new();
    for item in params.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (name, quoted) = item.split_once('=').ok_or_else(bad)?;
        let value = quoted
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(bad)?;
        let decoded =
            super::form::decode(value.replace('+', "%2B").as_bytes()).map_err(|_| bad())?;
        if name != "realm" {
            out.push((name.to_string(), decoded));
        }
    }
    Ok(out)
}

fn check_timestamp(timestamp: Option<&str>) -> Result<u64, Problem> {
    let timestamp: u64 = timestamp.and_then(|t| t.parse().ok()).ok_or_else(|| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "parameter_absent",
            "oauth_timestamp is missing or not a number",
        )
    })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if timestamp.abs_diff(now) > TIMESTAMP_WINDOW {
        let window = format!(
            "oauth_acceptable_timestamps={}-{}",
            now - TIMESTAMP_WINDOW,
            now + TIMESTAMP_WINDOW
        );
        return Err(Problem::unauthorized("timestamp_refused", window));
    }
    Ok(timestamp)
}

/// The secret of the token the request must carry (empty before there is one).
fn token_secret(token: Option<&str>, shared: &Shared, kind: TokenKind) -> Result<String, Problem> {
    let state = shared.lock();
    let secret = match (kind, token) {
        (TokenKind::None, _) => Some(String::new()),
        (TokenKind::Request, Some(t)) => state.oauth1.request_token(t).map(|r| r.secret.clone()),
        (TokenKind::Access, Some(t)) => state.oauth1.access_token(t).map(|a| a.secret.clone()),
        (_, None) => None,
    };
    secret.ok_or_else(|| {
        Problem::unauthorized("token_rejected", "unknown, used or expired oauth_token")
    })
}

/// Whether `signature` signs `base`, with the consumer's and the token's secrets (HMAC,
/// PLAINTEXT) or the consumer's registered RSA key.
fn signature_matches(
    method: SignatureMethod,
    base: &str,
    signature: &str,
    (consumer_secret, token_secret): (&str, &str),
) -> bool {
    if method == SignatureMethod::RsaSha1 {
        let Ok(raw) = STANDARD.decode(signature) else {
            return false;
        };
        let hashed = Sha1::digest(base.as_bytes());
        return rsa_public_key()
            .verify(Pkcs1v15Sign::new::<Sha1>(), &hashed, &raw)
            .is_ok();
    }
    let expected = SigningKey::with_secret(method, consumer_secret)
        .and_then(|key| key.sign(base, token_secret).ok())
        .unwrap_or_default();
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(signature.as_bytes()))
}
