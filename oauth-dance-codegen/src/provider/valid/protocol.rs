//! The provider's protocol: its name, the keys that belong to the other protocol (each an
//! error at the key, with the key's name), and what an OAuth 1 provider adds.

use oauth_dance_spec::naming::rsa_key_var;
use oauth_dance_spec::{Protocol, SignatureMethod, SignaturePlacement, defaults};

use super::Validator;
use super::urls::Fills;
use crate::diag::{Site, Spanned};
use crate::provider::keys::{self, Key, Slot};
use crate::provider::model::{OAuth1, ProviderInput};
use crate::suggest::joined;

const REQUEST_TOKEN_URL_EXAMPLE: &str = "the request-token endpoint, like \
                                         `request_token_url = \"https://example.com/oauth/request_token\"`";
const ACCESS_TOKEN_URL_EXAMPLE: &str = "the access-token endpoint, like \
                                        `access_token_url = \"https://example.com/oauth/access_token\"`";

impl Validator {
    /// `protocol`, OAuth 2 when left out; `None` after reporting an unknown name.
    pub(super) fn protocol(&mut self, input: &ProviderInput) -> Option<Protocol> {
        let Some(value) = &input.protocol else {
            return Some(defaults::PROTOCOL);
        };
        let found = Protocol::from_name(&value.value);
        if found.is_none() {
            let choices = Protocol::ALL
                .iter()
                .map(|p| format!("`{}` ({})", p.name(), p.describe()));
            let message = format!(
                "unknown protocol `{}`; use {}",
                value.value,
                joined(choices.collect(), "or")
            );
            self.error(&value.site, message);
        }
        found
    }

    /// Every key (of the provider or an option) that belongs to another protocol than
    /// `protocol` is an error at that key.
    pub(super) fn check_protocol_keys(&mut self, input: &ProviderInput, protocol: Protocol) {
        let mut input = input.clone();
        for key in keys::PROVIDER {
            self.check_key_protocol(&mut input, key, protocol);
        }
        for option in &mut input.options {
            for key in keys::OPTION {
                self.check_key_protocol(option, key, protocol);
            }
        }
    }

    fn check_key_protocol<T>(&mut self, target: &mut T, key: &Key<T>, protocol: Protocol) {
        let Some(own) = key.protocol.filter(|own| *own != protocol) else {
            return;
        };
        let Some(site) = given_at(target, &key.slot) else {
            return;
        };
        let name = match site {
            Site::Toml(_) => key.toml,
            Site::Tokens(_) => key.attr,
        };
        let message = format!(
            "`{}` is a key of {} providers (`protocol = \"{}\"`), and this one is `protocol = \
             \"{}\"`; remove it",
            name.unwrap_or_default(),
            label(own),
            own.name(),
            protocol.name()
        );
        self.error(&site, message);
    }

    /// An OAuth 1 provider's endpoints and signature (`None` inside for another protocol).
    pub(super) fn oauth1(
        &mut self,
        input: &ProviderInput,
        protocol: Protocol,
        fills: &Fills,
    ) -> Option<Option<OAuth1>> {
        if protocol != Protocol::OAuth1 {
            return Some(None);
        }
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
        Some(Some(OAuth1 {
            request_token_url: request_token_url?,
            access_token_url: access_token_url?,
            signature_method: signature_method?,
            signature_placement: signature_placement?,
            rsa_key_env,
        }))
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

/// "OAuth 2", "OAuth 1".
fn label(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::OAuth1 => "OAuth 1",
        _ => "OAuth 2",
    }
}

/// Where a key was given, if it was.
fn given_at<T>(target: &mut T, slot: &Slot<T>) -> Option<Site> {
    match slot {
        Slot::Text(field) => field(target).as_ref().map(|v| v.site.clone()),
        Slot::List(field) => field(target).as_ref().map(|v| v.site.clone()),
        Slot::Scalar(field) => field(target).as_ref().map(|v| v.site.clone()),
        Slot::Each(field) => field(target).first().map(|v| v.site.clone()),
        Slot::Pairs(field) => field(target).first().map(|p| p.name.site.clone()),
        Slot::Options(field) => field(target).first().map(|o| o.site.clone()),
    }
}
