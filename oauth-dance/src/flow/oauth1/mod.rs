//! The OAuth 1.0a flow (RFC 5849): a signed request for a request token, the user's
//! authorization, a signed request for the access token, and API calls signed with it.
//!
//! The request token is the login attempt's key, and its secret the attempt's secret: it is
//! kept in the user's session with the attempt, single-use, and signs the access-token request
//! (Flask-Dance keeps no such secret, so its access-token requests go unsigned by it).
//!
//! - `settings`: the OAuth 1 part of a blueprint builder ([`OAuth1Builder`]);
//! - [`signature`]: the signature base string and the four signature methods;
//! - `signed_call`: the protocol parameters of one request, signed and placed;
//! - `credentials`: the request-token and access-token requests;
//! - `rsa_key`: reading the consumer's RSA private key.

mod credentials;
mod rsa_key;
mod settings;
pub mod signature;
mod signed_call;

use std::any::Any;

use serde_json::Value;
use url::Url;

pub use oauth_dance_spec::{SignatureMethod, SignaturePlacement};
pub use settings::{OAuth1Builder, OAuth1Settings};

use super::{AttemptSecrets, CallbackQuery, CallbackRead, Flow, LoginFinish, LoginStart, Started};
use crate::Token;
use crate::client::ApiCall;
use crate::error::{DanceError, Error, TokenEndpointError};
use credentials::CredentialsRequest;
use signature::SigningKey;
use signed_call::TokenCredentials;

/// The attempt secret holding the request-token secret.
const REQUEST_TOKEN_SECRET: &str = "oauth_token_secret";

/// The longest provider-sent text kept (an `oauth_problem` in the session's last error).
const MAX_PROVIDER_TEXT: usize = 200;

/// A built OAuth 1 flow (see [`Blueprint::oauth1`](crate::Blueprint::oauth1)). `Debug` shows no
/// secret.
#[derive(Debug)]
pub struct OAuth1Flow {
    consumer_key: String,
    key: SigningKey,
    request_token_url: Url,
    authorization_url: Url,
    access_token_url: Url,
    placement: SignaturePlacement,
}

impl OAuth1Flow {
    /// The consumer key (the client id).
    pub fn consumer_key(&self) -> &str {
        &self.consumer_key
    }

    /// The request-token endpoint.
    pub fn request_token_url(&self) -> &Url {
        &self.request_token_url
    }

    /// Where users authorize the request token.
    pub fn authorization_url(&self) -> &Url {
        &self.authorization_url
    }

    /// The access-token endpoint.
    pub fn access_token_url(&self) -> &Url {
        &self.access_token_url
    }

    /// How requests are signed.
    pub fn signature_method(&self) -> SignatureMethod {
        self.key.method()
    }

    /// Where the protocol parameters go.
    pub fn signature_placement(&self) -> SignaturePlacement {
        self.placement
    }
}

/// The callback (RFC 5849 §2.2): `oauth_token` names the attempt. A refusal is Twitter's
/// `denied=<request token>`, an `oauth_problem`, or JIRA's `oauth_verifier=denied`.
fn read_callback(query: &CallbackQuery) -> Result<CallbackRead, DanceError> {
    let token = query.one("oauth_token")?.map(str::to_string);
    let denied = query.one("denied")?.map(str::to_string);
    let problem = query.one("oauth_problem")?;
    if denied.is_some() || problem.is_some() || query.one("oauth_verifier")? == Some("denied") {
        let error = DanceError::Provider {
            error: problem.map_or("access_denied".to_string(), |p| {
                p.chars().take(MAX_PROVIDER_TEXT).collect()
            }),
            description: None,
            uri: None,
        };
        return Ok(CallbackRead::Refused {
            key: denied.or(token),
            error,
        });
    }
    match token {
        Some(key) => Ok(CallbackRead::Answer { key }),
        None => Err(missing("oauth_token", query)),
    }
}

fn missing(name: &str, query: &CallbackQuery) -> DanceError {
    DanceError::MissingParameter {
        name: name.to_string(),
        received: query.names().collect::<Vec<_>>().join(", "),
    }
}

/// A stored token's credentials, if it is an OAuth 1 token.
fn token_credentials(token: &Token) -> Option<TokenCredentials<'_>> {
    let field = |name| token.get(name).and_then(Value::as_str);
    Some(TokenCredentials {
        token: field("oauth_token").filter(|t| !t.is_empty())?,
        secret: field("oauth_token_secret")?,
    })
}

#[async_trait::async_trait(?Send)]
impl Flow for OAuth1Flow {
    async fn start(&self, login: &LoginStart<'_>) -> Result<Started, DanceError> {
        let request = CredentialsRequest {
            url: &self.request_token_url,
            token: None,
            params: &[("oauth_callback", login.redirect_uri.as_str())],
        };
        let fields = credentials::request(self, login.blueprint, request)
            .await
            .map_err(DanceError::RequestToken)?;
        if fields
            .get("oauth_callback_confirmed")
            .and_then(Value::as_str)
            != Some("true")
        {
            return Err(DanceError::RequestToken(TokenEndpointError::Malformed(
                "`oauth_callback_confirmed` is not `true`: the provider does not speak OAuth 1.0a"
                    .into(),
            )));
        }
        let field = |name| fields[name].as_str().unwrap_or_default();
        let mut url = self.authorization_url.clone();
        url.query_pairs_mut()
            .append_pair("oauth_token", field("oauth_token"));
        let mut secrets = AttemptSecrets::default();
        secrets.insert(REQUEST_TOKEN_SECRET, field("oauth_token_secret"));
        Ok(Started::new(url, field("oauth_token"), secrets))
    }

    fn read_callback(&self, query: &CallbackQuery) -> CallbackRead {
        read_callback(query).unwrap_or_else(CallbackRead::Malformed)
    }

    async fn finish(&self, callback: &LoginFinish<'_>) -> Result<Token, DanceError> {
        let query = callback.query;
        let Some(verifier) = query.one("oauth_verifier")? else {
            return Err(missing("oauth_verifier", query));
        };
        let request_token = TokenCredentials {
            token: query.one("oauth_token")?.unwrap_or_default(),
            secret: callback
                .secrets
                .get(REQUEST_TOKEN_SECRET)
                .unwrap_or_default(),
        };
        let request = CredentialsRequest {
            url: &self.access_token_url,
            token: Some(request_token),
            params: &[("oauth_verifier", verifier)],
        };
        let fields = credentials::request(self, callback.blueprint, request)
            .await
            .map_err(DanceError::TokenEndpoint)?;
        Token::from_fields(fields)
            .map_err(|e| DanceError::TokenEndpoint(TokenEndpointError::Malformed(e.to_string())))
    }

    fn authorize(&self, call: &mut ApiCall, token: &Token) -> Result<(), Error> {
        let credentials = token_credentials(token).ok_or_else(|| {
            Error::InvalidRequest("the stored token has no `oauth_token` and secret".into())
        })?;
        signed_call::sign(self, call, Some(credentials), &[])
            .map_err(|e| Error::InvalidRequest(e.to_string()))
    }

    fn is_usable(&self, token: &Token) -> bool {
        token_credentials(token).is_some()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> CallbackRead {
        read_callback(&CallbackQuery::parse(query).unwrap()).unwrap_or_else(CallbackRead::Malformed)
    }

    fn refusal(query: &str) -> (Option<String>, String) {
        match read(query) {
            CallbackRead::Refused { key, error } => (key, error.code().to_string()),
            other => panic!("{query}: {other:?}"),
        }
    }

    #[test]
    fn callbacks_name_their_attempt_or_refuse() {
        assert!(
            matches!(read("oauth_token=t&oauth_verifier=v"), CallbackRead::Answer { key } if key == "t")
        );
        // Twitter, an OAuth Problem Reporting provider, JIRA.
        assert_eq!(
            refusal("denied=t"),
            (Some("t".into()), "access_denied".into())
        );
        assert_eq!(
            refusal("oauth_token=t&oauth_problem=user_refused"),
            (Some("t".into()), "user_refused".into())
        );
        assert_eq!(
            refusal("oauth_token=t&oauth_verifier=denied"),
            (Some("t".into()), "access_denied".into())
        );
        let CallbackRead::Malformed(error) = read("oauth_verifier=v&x=1") else {
            panic!("no oauth_token");
        };
        assert!(
            error
                .hint()
                .contains("`oauth_token` (query parameters: oauth_verifier, x)")
        );
        assert!(matches!(
            read("oauth_token=a&oauth_token=b"),
            CallbackRead::Malformed(_)
        ));
    }
}
