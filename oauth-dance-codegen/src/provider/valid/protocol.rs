//! The provider's protocol: its name, the keys that belong to the other protocol (each an
//! error at the key, with the key's name), and its part ([`oauth2`](super::oauth2) or
//! [`oauth1`](super::oauth1)).

use oauth_dance_spec::{Protocol, defaults};

use super::Validator;
use super::urls::Fills;
use crate::diag::Site;
use crate::provider::keys::{self, Key, Slot};
use crate::provider::model::{ProtocolPart, ProviderInput};
use crate::suggest::joined;

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

    /// The part of `protocol`: its own keys, read and checked.
    pub(super) fn protocol_part(
        &mut self,
        input: &ProviderInput,
        protocol: Protocol,
        fills: &Fills,
    ) -> Option<ProtocolPart> {
        match protocol {
            Protocol::OAuth1 => self.oauth1(input, fills).map(ProtocolPart::OAuth1),
            _ => self.oauth2(input, fills).map(ProtocolPart::OAuth2),
        }
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
