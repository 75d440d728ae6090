//! The authorization request (RFC 6749 §4.1.1): a fresh state and PKCE pair per attempt, and
//! an OpenID Connect nonce when the blueprint asks for ID tokens.

use std::sync::{PoisonError, RwLock};

use url::Url;

use super::endpoints::Endpoints;
use crate::flow::{AttemptSecrets, Started, random};
use crate::quirks;

/// The attempt secret holding the PKCE verifier.
pub(super) const VERIFIER: &str = "code_verifier";

/// The attempt secret holding the OpenID Connect nonce.
pub(super) const NONCE: &str = "nonce";

/// How many random bytes make a state (256 bits, from the OS CSPRNG).
const STATE_BYTES: usize = 32;

/// The authorization URL of a new attempt, its state and its secrets. Parameters go in the order
/// of RFC 6749 §4.1.1 (and Flask-Dance's): `response_type`, `client_id`, `redirect_uri`,
/// `scope`, `state`, PKCE, the nonce, then the blueprint's own.
pub(super) fn start(endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Started {
    let flow = endpoints.flow;
    let state = random::token::<STATE_BYTES>();
    let mut secrets = AttemptSecrets::default();
    let mut url = flow.authorize_prefix.for_redirect(endpoints, redirect_uri);
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("state", &state);
        if endpoints.uses_pkce() {
            let (verifier, challenge) = random::pkce_s256();
            query
                .append_pair("code_challenge", &challenge)
                .append_pair("code_challenge_method", "S256");
            secrets.insert(VERIFIER, verifier);
        }
        if flow.openid.is_some() {
            let nonce = random::token::<STATE_BYTES>();
            query.append_pair("nonce", &nonce);
            secrets.insert(NONCE, nonce);
        }
        query.extend_pairs(&flow.authorization_params);
    }
    Started::new(url, state, secrets)
}

/// The part of the authorization URL that is the same for every login through one callback
/// URL (`response_type`, `client_id`, `redirect_uri`, `scope`), encoded once. Form-encoding
/// those parameters took a third of a login's work in the library. An app reached under one
/// host has one callback URL; under several, the last one used is kept.
#[derive(Debug, Default)]
pub(super) struct AuthorizePrefix {
    /// The callback URL, and the prefix for it.
    last: RwLock<Option<(Url, Url)>>,
}

impl AuthorizePrefix {
    /// The authorization URL with the parameters that `redirect_uri` fixes (for a discovered
    /// provider, its endpoint and scope are fixed too once discovered: the document is kept).
    fn for_redirect(&self, endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Url {
        let last = self.last.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = last.as_ref()
            && cached.0 == *redirect_uri
        {
            return cached.1.clone();
        }
        drop(last);
        let prefix = encode_prefix(endpoints, redirect_uri);
        let entry = (redirect_uri.clone(), prefix.clone());
        *self.last.write().unwrap_or_else(PoisonError::into_inner) = Some(entry);
        prefix
    }
}

fn encode_prefix(endpoints: &Endpoints<'_>, redirect_uri: &Url) -> Url {
    let flow = endpoints.flow;
    let mut url = endpoints.authorization.clone();
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
    url
}
