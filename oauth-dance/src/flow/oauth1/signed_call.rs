//! Signing one outgoing request, an API call or a credentials request alike: the protocol
//! parameters (RFC 5849 §3.1), the signature over everything the request carries (its URL's
//! query, the added query, a form body's fields, §3.4.1.3.1), and their placement (§3.5).

use reqwest::header::{AUTHORIZATION, HeaderValue};

use super::OAuth1Flow;
use super::signature::{SignatureError, base_string, encode};
use crate::client::{ApiBody, ApiCall};
use crate::clock::unix_now;
use oauth_dance_spec::SignaturePlacement;

/// How many random bytes make a nonce (128 bits, from the OS CSPRNG).
const NONCE_BYTES: usize = 16;

/// A token and its secret, once there is one (the request token, then the access token).
#[derive(Clone, Copy)]
pub(super) struct TokenCredentials<'a> {
    pub token: &'a str,
    pub secret: &'a str,
}

/// Signs `call` with the consumer's key and `token`; `extra` are more protocol parameters
/// (`oauth_callback`, `oauth_verifier`).
pub(super) fn sign(
    flow: &OAuth1Flow,
    call: &mut ApiCall,
    token: Option<TokenCredentials<'_>>,
    extra: &[(&str, &str)],
) -> Result<(), SignatureError> {
    let nonce = crate::flow::random::token::<NONCE_BYTES>();
    let mut oauth: Vec<(String, String)> = [
        ("oauth_consumer_key", flow.consumer_key.as_str()),
        ("oauth_nonce", nonce.as_str()),
        ("oauth_signature_method", flow.key.method().name()),
        ("oauth_timestamp", &unix_now().to_string()),
        ("oauth_version", "1.0"),
    ]
    .into_iter()
    .chain(token.map(|t| ("oauth_token", t.token)))
    .chain(extra.iter().copied())
    .map(|(name, value)| (name.to_string(), value.to_string()))
    .collect();
    let mut signed: Vec<(String, String)> = call.url.query_pairs().into_owned().collect();
    signed.extend(call.query.iter().cloned());
    if let ApiBody::Form(fields) = &call.body {
        signed.extend(fields.iter().cloned());
    }
    signed.extend(oauth.iter().cloned());
    let base = base_string(call.method.as_str(), &call.url, &signed);
    let signature = flow.key.sign(&base, token.map_or("", |t| t.secret))?;
    oauth.push(("oauth_signature".to_string(), signature));
    place(flow.placement, call, oauth);
    Ok(())
}

/// The header (§3.5.1), a form body (§3.5.2; a request without one uses the query), or the
/// query (§3.5.3).
fn place(placement: SignaturePlacement, call: &mut ApiCall, oauth: Vec<(String, String)>) {
    match (placement, &mut call.body) {
        (SignaturePlacement::Header, _) => {
            call.headers
                .insert(AUTHORIZATION, authorization_header(&oauth));
        }
        (SignaturePlacement::Body, ApiBody::Form(fields)) => fields.extend(oauth),
        _ => call.query.extend(oauth),
    }
}

/// `OAuth oauth_consumer_key="...", ...`, each value percent-encoded (§3.5.1), marked sensitive.
fn authorization_header(oauth: &[(String, String)]) -> HeaderValue {
    let params: Vec<String> = oauth
        .iter()
        .map(|(name, value)| format!("{}=\"{}\"", encode(name), encode(value)))
        .collect();
    let mut value = HeaderValue::try_from(format!("OAuth {}", params.join(", ")))
        .expect("percent-encoded text is a valid header value");
    value.set_sensitive(true);
    value
}
