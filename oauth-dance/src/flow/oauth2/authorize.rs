//! The authorization request (RFC 6749 §4.1.1): a fresh state and PKCE pair per attempt, and
//! an OpenID Connect nonce when the blueprint asks for ID tokens.

use std::sync::Arc;

use url::Url;

use super::endpoints::Endpoints;
use crate::flow::{AttemptSecrets, Started, random};
use crate::quirks;
use crate::url_cache::UrlCache;

/// The attempt secret holding the PKCE verifier (one letter: it travels in the session cookie).
pub(super) const VERIFIER: &str = "v";

/// The attempt secret holding the OpenID Connect nonce.
pub(super) const NONCE: &str = "n";

/// The names attempts kept before the names were shortened use: an attempt lives minutes, and
/// a login in flight across an upgrade still completes.
const FORMER_NAMES: [(&str, &str); 2] = [(VERIFIER, "code_verifier"), (NONCE, "nonce")];

/// The attempt's secret `name` ([`VERIFIER`] or [`NONCE`]), under its current or former name.
pub(super) fn secret<'a>(secrets: &'a AttemptSecrets, name: &str) -> Option<&'a str> {
    secrets.get(name).or_else(|| {
        let (_, former) = FORMER_NAMES.iter().find(|(now, _)| *now == name)?;
        secrets.get(former)
    })
}

/// How many random bytes make a state (256 bits, from the OS CSPRNG).
const STATE_BYTES: usize = 32;

/// The authorization URL of a new attempt, its state and its secrets. Parameters go in the order
/// of RFC 6749 §4.1.1 (and Flask-Dance's): `response_type`, `client_id`, `redirect_uri`,
/// `scope`, `state`, PKCE, the nonce, then the blueprint's own.
///
/// The per-login values (state, PKCE challenge, nonce) are unpadded base64url, which
/// form-encoding leaves as they are: they are written into the URL without it, between the
/// encoded-once parts ([`Encoded`]).
pub(super) fn start(endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Started {
    let flow = endpoints.flow;
    let state = random::token::<STATE_BYTES>();
    let mut secrets = AttemptSecrets::default();
    let encoded = flow.authorize_prefix.for_redirect(endpoints, redirect_uri);
    let mut location = String::with_capacity(encoded.len() + 200);
    location.push_str(&encoded.head);
    push_param(&mut location, "state", &state);
    if endpoints.uses_pkce() {
        let (verifier, challenge) = random::pkce_s256();
        push_param(&mut location, "code_challenge", &challenge);
        push_param(&mut location, "code_challenge_method", "S256");
        secrets.insert(VERIFIER, verifier);
    }
    if flow.openid.is_some() {
        let nonce = random::token::<STATE_BYTES>();
        push_param(&mut location, "nonce", &nonce);
        secrets.insert(NONCE, nonce);
    }
    location.push_str(&encoded.tail);
    Started::from_location(location, state, secrets)
}

/// Appends `&name=value` to a URL that has a query; both are written as they are, so only for
/// values that form-encoding would leave unchanged (base64url, `S256`).
fn push_param(url: &mut String, name: &str, value: &str) {
    debug_assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.*".contains(&b)),
        "{name} needs encoding"
    );
    url.push('&');
    url.push_str(name);
    url.push('=');
    url.push_str(value);
}

/// The parts of the authorization URL that are the same for every login through one callback
/// URL, form-encoded once: before the per-login values, the endpoint with `response_type`,
/// `client_id`, `redirect_uri` and `scope`; after them, the blueprint's own parameters (and the
/// endpoint's fragment, if it has one). Form-encoding those parameters took a third of a login's
/// work in the library.
#[derive(Debug)]
pub(super) struct Encoded {
    head: String,
    tail: String,
}

impl Encoded {
    fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }
}

/// The [`Encoded`] parts by callback URL (an app reached under one host has one; under several,
/// one each).
#[derive(Debug, Default)]
pub(super) struct AuthorizePrefix {
    by_redirect: UrlCache<Url, Arc<Encoded>>,
}

impl AuthorizePrefix {
    /// The encoded parts for `redirect_uri` (for a discovered provider, its endpoint and scope
    /// are fixed too once discovered: the document is kept).
    fn for_redirect(&self, endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Arc<Encoded> {
        if let Some(encoded) = self.by_redirect.get(|url| url == redirect_uri) {
            return encoded;
        }
        let encoded = Arc::new(encode(endpoints, redirect_uri));
        self.by_redirect.put(redirect_uri.clone(), encoded.clone());
        encoded
    }
}

fn encode(endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Encoded {
    let flow = endpoints.flow;
    let mut url = endpoints.authorization.clone();
    let fragment = url.fragment().map(|f| format!("#{f}"));
    url.set_fragment(None);
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair(
                quirks::client_id_param(&flow.quirks),
                flow.client_id.as_str(),
            )
            .append_pair("redirect_uri", flow.redirect_uri(redirect_uri));
        if let Some(scope) = endpoints.scope_param() {
            query.append_pair("scope", &scope);
        }
    }
    let params = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&flow.authorization_params)
        .finish();
    let mut tail = if params.is_empty() {
        String::new()
    } else {
        format!("&{params}")
    };
    tail.push_str(fragment.as_deref().unwrap_or_default());
    Encoded {
        head: url.into(),
        tail,
    }
}

#[cfg(test)]
mod tests {
    use super::{NONCE, VERIFIER, secret};
    use crate::flow::AttemptSecrets;

    #[test]
    fn an_attempt_kept_under_the_former_names_still_gives_its_secrets() {
        let mut now = AttemptSecrets::default();
        now.insert(VERIFIER, "verifier");
        now.insert(NONCE, "nonce value");
        let mut before = AttemptSecrets::default();
        before.insert("code_verifier", "old verifier");
        before.insert("nonce", "old nonce");
        assert_eq!(secret(&now, VERIFIER), Some("verifier"));
        assert_eq!(secret(&now, NONCE), Some("nonce value"));
        assert_eq!(secret(&before, VERIFIER), Some("old verifier"));
        assert_eq!(secret(&before, NONCE), Some("old nonce"));
        assert_eq!(secret(&AttemptSecrets::default(), VERIFIER), None);
    }
}
