//! The authorization request (RFC 6749 §4.1.1): a fresh state and PKCE pair per attempt, and
//! an OpenID Connect nonce when the blueprint asks for ID tokens.

use url::Url;

use super::OAuth2Flow;
use crate::flow::{AttemptSecrets, Started, random};

/// The attempt secret holding the PKCE verifier.
pub(super) const VERIFIER: &str = "code_verifier";

/// The attempt secret holding the OpenID Connect nonce.
pub(super) const NONCE: &str = "nonce";

/// How many random bytes make a state (256 bits, from the OS CSPRNG).
const STATE_BYTES: usize = 32;

/// The authorization URL of a new attempt, its state and its secrets.
pub(super) fn start(flow: &OAuth2Flow, redirect_uri: &Url) -> Started {
    let state = random::token::<STATE_BYTES>();
    let mut secrets = AttemptSecrets::default();
    let mut url = flow.authorization_url.clone();
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", flow.client_id.as_str())
            .append_pair("redirect_uri", redirect_uri.as_str());
        if let Some(scope) = &flow.scope_param {
            query.append_pair("scope", scope);
        }
        query.append_pair("state", &state);
        if flow.use_pkce {
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
