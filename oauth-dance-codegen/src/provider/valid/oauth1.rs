//! What an OAuth 1 provider adds: the request-token and access-token endpoints, the signature
//! method and placement, and the RSA key's variable.

use oauth_dance_spec::naming::rsa_key_var;
use oauth_dance_spec::{SignatureMethod, SignaturePlacement, defaults};

use super::Validator;
use super::urls::Fills;
use crate::diag::Spanned;
use crate::provider::model::{OAuth1, ProviderInput};
use crate::suggest::joined;

const REQUEST_TOKEN_URL_EXAMPLE: &str = "the request-token endpoint, like \
                                         `request_token_url = \"https://example.com/oauth/request_token\"`";
const ACCESS_TOKEN_URL_EXAMPLE: &str = "the access-token endpoint, like \
                                        `access_token_url = \"https://example.com/oauth/access_token\"`";

impl Validator {
    /// An OAuth 1 provider's part: its endpoints and signature.
    pub(super) fn oauth1(&mut self, input: &ProviderInput, fills: &Fills) -> Option<OAuth1> {
        let site = &input.site;
        let request = &input.request_token_url;
        let access = &input.access_token_url;
        let request_token_url = self.required(
            request,
            site,
            "request_token_url",
            REQUEST_TOKEN_URL_EXAMPLE,
        );
        let access_token_url =
            self.required(access, site, "access_token_url", ACCESS_TOKEN_URL_EXAMPLE);
        for url in [request, access].into_iter().flatten() {
            self.check_url(url, fills);
        }
        let signature_method = self.named(
            input.signature_method.as_ref(),
            defaults::SIGNATURE_METHOD,
            SignatureMethod::from_name,
            SignatureMethod::ALL.iter().map(|m| m.name()),
        );
        let signature_placement = self.named(
            input.signature_placement.as_ref(),
            defaults::SIGNATURE_PLACEMENT,
            SignaturePlacement::from_name,
            SignaturePlacement::ALL.iter().map(|p| p.name()),
        );
        let rsa_key_env = match (&input.rsa_key_env, &input.name) {
            (Some(env), _) => {
                self.check_env_var(env);
                env.value.clone()
            }
            (None, Some(name)) => rsa_key_var(&name.value),
            (None, None) => String::new(),
        };
        Some(OAuth1 {
            request_token_url: request_token_url?,
            access_token_url: access_token_url?,
            signature_method: signature_method?,
            signature_placement: signature_placement?,
            rsa_key_env,
        })
    }

    /// A value naming one entry of a vocabulary (`default` when left out).
    fn named<T>(
        &mut self,
        value: Option<&Spanned<String>>,
        default: T,
        find: fn(&str) -> Option<T>,
        names: impl Iterator<Item = &'static str>,
    ) -> Option<T> {
        let Some(value) = value else {
            return Some(default);
        };
        let found = find(&value.value);
        if found.is_none() {
            let names: Vec<String> = names.map(|n| format!("`\"{n}\"`")).collect();
            let message = format!(
                "unknown value `{}`; use {}",
                value.value,
                joined(names, "or")
            );
            self.error(&value.site, message);
        }
        found
    }
}
