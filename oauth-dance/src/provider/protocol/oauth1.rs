//! [`OAuth1Spec`]: the OAuth 1 part of a provider's static description.

use oauth_dance_spec::{SignatureMethod, SignaturePlacement, defaults};

/// What an OAuth 1 provider adds to its [`ProviderSpec`](crate::provider::ProviderSpec) (whose
/// `authorization_url` is where users authorize the request token). Built like the spec, with
/// `const fn` setters starting from the defaults.
///
/// ```
/// use oauth_dance::flow::oauth1::SignatureMethod;
/// use oauth_dance::provider::{OAuth1Spec, ProtocolSpec, Provider, ProviderSpec};
///
/// pub struct Example;
///
/// impl Provider for Example {
///     const SPEC: ProviderSpec = ProviderSpec::new("example")
///         .base_url("https://api.example.com/1/")
///         .authorization_url("https://example.com/oauth/authorize")
///         .protocol(ProtocolSpec::OAuth1(
///             OAuth1Spec::new()
///                 .request_token_url("https://example.com/oauth/request_token")
///                 .access_token_url("https://example.com/oauth/access_token")
///                 .signature_method(SignatureMethod::HmacSha1),
///         ));
/// }
///
/// let bp = oauth_dance::OAuth1Builder::for_provider::<Example>()
///     .client_id("key").client_secret("secret").build().unwrap();
/// assert!(bp.oauth1().is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuth1Spec {
    /// Where the consumer gets a request token (temporary credentials, RFC 5849 §2.1).
    pub request_token_url: &'static str,
    /// Where the consumer trades the authorized request token for an access token (§2.3).
    pub access_token_url: &'static str,
    /// How requests are signed.
    pub signature_method: SignatureMethod,
    /// Where the protocol parameters go.
    pub signature_placement: SignaturePlacement,
    /// The environment variable holding the RSA private key, for RSA-SHA1 (`None`:
    /// `{NAME}_OAUTH_RSA_KEY`).
    pub rsa_key_env: Option<&'static str>,
}

impl OAuth1Spec {
    /// A spec with no URLs, HMAC-SHA1, parameters in the `Authorization` header.
    pub const fn new() -> Self {
        OAuth1Spec {
            request_token_url: "",
            access_token_url: "",
            signature_method: defaults::SIGNATURE_METHOD,
            signature_placement: defaults::SIGNATURE_PLACEMENT,
            rsa_key_env: None,
        }
    }

    /// Sets [`request_token_url`](Self::request_token_url).
    pub const fn request_token_url(mut self, value: &'static str) -> Self {
        self.request_token_url = value;
        self
    }

    /// Sets [`access_token_url`](Self::access_token_url).
    pub const fn access_token_url(mut self, value: &'static str) -> Self {
        self.access_token_url = value;
        self
    }

    /// Sets [`signature_method`](Self::signature_method).
    pub const fn signature_method(mut self, value: SignatureMethod) -> Self {
        self.signature_method = value;
        self
    }

    /// Sets [`signature_placement`](Self::signature_placement).
    pub const fn signature_placement(mut self, value: SignaturePlacement) -> Self {
        self.signature_placement = value;
        self
    }

    /// Sets [`rsa_key_env`](Self::rsa_key_env).
    pub const fn rsa_key_env(mut self, value: &'static str) -> Self {
        self.rsa_key_env = Some(value);
        self
    }
}

impl Default for OAuth1Spec {
    fn default() -> Self {
        OAuth1Spec::new()
    }
}
