//! [`OAuth1Settings`]: the OAuth 1 part of a blueprint builder ([`OAuth1Builder`]), and how it
//! becomes an [`OAuth1Flow`].

use std::sync::Arc;

use oauth_dance_spec::{defaults, naming};

use super::signature::SigningKey;
use super::{OAuth1Flow, SignatureMethod, SignaturePlacement, rsa_key};
use crate::blueprint::{BlueprintBuilder, FlowBuilder, FlowSetup, SpecSettings};
use crate::config::{env_value, provider_url};
use crate::error::ConfigError;
use crate::flow::Flow;
use crate::provider::{Protocol, ProviderSpec};
use crate::{OAuth2Builder, Secret};

/// The OAuth 1 blueprint builder: the common settings of every blueprint, plus OAuth 1's.
///
/// The consumer key is the client id (`{NAME}_OAUTH_CLIENT_ID` unless set), the consumer
/// secret the client secret; RSA-SHA1 signs with [`rsa_key`](Self::rsa_key) (or
/// `{NAME}_OAUTH_RSA_KEY`) instead.
///
/// ```
/// use oauth_dance::OAuth1Builder;
///
/// let example = OAuth1Builder::new("example")
///     .client_id("my-consumer-key")
///     .client_secret("my-consumer-secret")
///     .base_url("https://api.oauth-example.com/1/")
///     .request_token_url("https://oauth-example.com/oauth/request_token")
///     .authorization_url("https://oauth-example.com/oauth/authorize")
///     .access_token_url("https://oauth-example.com/oauth/access_token")
///     .build()
///     .unwrap();
/// assert_eq!(example.oauth1().unwrap().consumer_key(), "my-consumer-key");
/// ```
pub type OAuth1Builder = BlueprintBuilder<OAuth1Settings>;

/// The OAuth 1 settings of a blueprint builder: what [`OAuth1Builder`]'s OAuth 1 methods set.
#[derive(Debug, Clone)]
pub struct OAuth1Settings {
    request_token_url: String,
    authorization_url: String,
    access_token_url: String,
    signature_method: SignatureMethod,
    signature_placement: SignaturePlacement,
    rsa_key: Option<Secret>,
    /// The spec's RSA key variable, and the name it belongs to (a renamed blueprint reads
    /// `{NEW_NAME}_OAUTH_RSA_KEY`, as its other variables follow the new name).
    rsa_key_env: Option<(&'static str, &'static str)>,
}

impl Default for OAuth1Settings {
    fn default() -> Self {
        OAuth1Settings {
            request_token_url: String::new(),
            authorization_url: String::new(),
            access_token_url: String::new(),
            signature_method: defaults::SIGNATURE_METHOD,
            signature_placement: defaults::SIGNATURE_PLACEMENT,
            rsa_key: None,
            rsa_key_env: None,
        }
    }
}

impl SpecSettings for OAuth1Settings {
    fn from_spec(spec: &'static ProviderSpec) -> Self {
        let Some(oauth1) = spec.protocol.oauth1() else {
            return OAuth1Settings::default();
        };
        OAuth1Settings {
            request_token_url: oauth1.request_token_url.to_string(),
            authorization_url: spec.authorization_url.to_string(),
            access_token_url: oauth1.access_token_url.to_string(),
            signature_method: oauth1.signature_method,
            signature_placement: oauth1.signature_placement,
            rsa_key: None,
            rsa_key_env: oauth1.rsa_key_env.map(|var| (spec.name, var)),
        }
    }
}

impl OAuth1Settings {
    /// The key requests are signed with: the consumer secret, or the RSA private key.
    fn signing_key(&self, setup: &FlowSetup<'_>) -> Result<SigningKey, ConfigError> {
        let method = self.signature_method;
        if let Some(key) = SigningKey::with_secret(method, setup.client_secret.unwrap_or("")) {
            return match setup.client_secret {
                Some(_) => Ok(key),
                None => Err(ConfigError::Missing {
                    blueprint: setup.name.to_string(),
                    what: "client secret (the consumer secret)",
                    variable: setup.client_secret_var.to_string(),
                }),
            };
        }
        let var = match self.rsa_key_env {
            Some((name, var)) if name == setup.name => var.to_string(),
            _ => naming::rsa_key_var(setup.name),
        };
        let (value, from) = match &self.rsa_key {
            Some(key) => (
                key.expose().to_string(),
                "the `rsa_key` setting".to_string(),
            ),
            None => (
                env_value(&var).ok_or_else(|| ConfigError::Missing {
                    blueprint: setup.name.to_string(),
                    what: "RSA private key (for RSA-SHA1)",
                    variable: var.clone(),
                })?,
                format!("the environment variable {var}"),
            ),
        };
        let key = rsa_key::read(&value, &from)
            .map_err(|reason| ConfigError::invalid(setup.name, "rsa_key", reason))?;
        Ok(SigningKey::rsa_sha1(key))
    }
}

impl FlowBuilder for OAuth1Settings {
    fn protocol(&self) -> Option<Protocol> {
        Some(Protocol::OAuth1)
    }

    fn build_flow(self, setup: &FlowSetup<'_>) -> Result<Arc<dyn Flow>, ConfigError> {
        let url = |what, key, template: &str| {
            if template.is_empty() {
                return Err(ConfigError::invalid(
                    setup.name,
                    key,
                    "required: set it on the builder",
                ));
            }
            let filled = setup.options.fill(setup.name, what, template)?;
            provider_url(setup.name, what, &filled, setup.allow_insecure)
        };
        Ok(Arc::new(OAuth1Flow {
            consumer_key: setup.client_id.to_string(),
            key: self.signing_key(setup)?,
            request_token_url: url(
                "request token URL",
                "request_token_url",
                &self.request_token_url,
            )?,
            authorization_url: url(
                "authorization URL",
                "authorization_url",
                &self.authorization_url,
            )?,
            access_token_url: url(
                "access token URL",
                "access_token_url",
                &self.access_token_url,
            )?,
            placement: self.signature_placement,
        }))
    }
}

impl OAuth1Builder {
    /// An OAuth 1 blueprint for a provider configured entirely by hand (see
    /// [`OAuth2Builder::new`] for what `name` names).
    pub fn new(name: impl Into<String>) -> Self {
        OAuth2Builder::new(name).with_settings(OAuth1Settings::default())
    }

    /// Where the consumer gets a request token (RFC 5849 §2.1).
    pub fn request_token_url(mut self, url: impl Into<String>) -> Self {
        self.flow.request_token_url = url.into();
        self
    }

    /// Where the user authorizes the request token (RFC 5849 §2.2).
    pub fn authorization_url(mut self, url: impl Into<String>) -> Self {
        self.flow.authorization_url = url.into();
        self
    }

    /// Where the consumer trades the authorized request token for an access token (§2.3).
    pub fn access_token_url(mut self, url: impl Into<String>) -> Self {
        self.flow.access_token_url = url.into();
        self
    }

    /// How requests are signed (default HMAC-SHA1, or the provider's).
    pub fn signature_method(mut self, method: SignatureMethod) -> Self {
        self.flow.signature_method = method;
        self
    }

    /// Where the protocol parameters go (default: the `Authorization` header).
    pub fn signature_placement(mut self, placement: SignaturePlacement) -> Self {
        self.flow.signature_placement = placement;
        self
    }

    /// The consumer's RSA private key for RSA-SHA1: PEM text, or the path of a PEM file
    /// (without it, `{NAME}_OAUTH_RSA_KEY`, which may be either too).
    pub fn rsa_key(mut self, pem_or_path: impl Into<String>) -> Self {
        self.flow.rsa_key = Some(Secret::new(pem_or_path));
        self
    }
}
