//! Every semantic check of a provider definition, whichever front end read it.
//!
//! [`validate`] turns a [`ProviderInput`] into a [`Provider`] or into the list of everything
//! wrong with it, each [`Diagnostic`] at the offending token or key, saying how to fix it. The
//! checks are grouped by concept:
//!
//! - [`names`]: the provider's names (blueprint, struct, module) and docs, option names,
//!   environment variables, HTTP tokens;
//! - [`urls`]: URLs and `{placeholder}`s;
//! - [`options`]: one option, and the options together;
//! - [`protocol`]: the protocol, the keys of the other protocol, and which part to read;
//! - [`oauth2`]: the OAuth 2 part (token endpoint, scope, client authentication, API scheme,
//!   fixed parameters), one function reading every OAuth 2 key;
//! - [`oauth1`]: the OAuth 1 part (endpoints, signature);
//! - [`requests`]: what every protocol's requests carry (credentials' variables, headers,
//!   quirks);
//! - [`preset_set`]: the checks between the tables of one `providers.toml`.

mod names;
mod oauth1;
mod oauth2;
mod options;
mod preset_set;
mod protocol;
mod requests;
mod urls;

use oauth_dance_spec::{Quirk, defaults};
use proc_macro2::TokenStream;
use syn::Ident;

use super::model::{ProtocolPart, Provider, ProviderInput, ProviderOption, UnknownKey};
use crate::diag::{Diagnostic, Site, Spanned};
use crate::suggest::{code_list, did_you_mean};
pub use preset_set::validate_preset_set;
use urls::Fills;

/// Checks a provider definition and applies its defaults.
pub fn validate(input: &ProviderInput) -> Result<Provider, Vec<Diagnostic>> {
    let mut v = Validator::default();
    for unknown in &input.unknown_keys {
        v.unknown_key(unknown);
    }
    let identity = v.identity(input);
    let options = v.options(&input.options);
    let fills = Fills::new(&input.options);
    let protocol = v.protocol(input);
    if let Some(protocol) = protocol {
        v.check_protocol_keys(input, protocol);
    }
    let endpoints = v.endpoints(input, &fills);
    let part = v.protocol_part(input, protocol.unwrap_or(defaults::PROTOCOL), &fills);
    let requests = v.requests(input, &fills);
    v.check_placeholder_use(input);
    let quirks = v.quirks(&input.quirks);
    match (identity, endpoints, requests, protocol, part) {
        (Some(identity), Some(endpoints), Some(requests), Some(_), Some(part))
            if v.diagnostics.is_empty() =>
        {
            let common = Common {
                identity,
                endpoints,
                requests,
                options,
                quirks,
            };
            Ok(assemble(common, part))
        }
        _ => Err(v.diagnostics),
    }
}

/// The checked parts every protocol has.
struct Common {
    identity: Identity,
    endpoints: Endpoints,
    requests: Requests,
    options: Vec<ProviderOption>,
    quirks: Vec<Quirk>,
}

/// The validated provider, from its checked parts.
fn assemble(common: Common, protocol: ProtocolPart) -> Provider {
    let Common {
        identity,
        endpoints,
        requests,
        options,
        quirks,
    } = common;
    Provider {
        ident: identity.ident,
        vis: identity.vis,
        about: identity.about,
        name: identity.name,
        display_name: identity.display_name,
        docs_url: identity.docs_url,
        notes: identity.notes,
        base_url: endpoints.base_url,
        authorization_url: endpoints.authorization_url,
        client_id_env: requests.client_id_env,
        client_secret_env: requests.client_secret_env,
        headers: requests.headers,
        options,
        quirks,
        protocol,
    }
}

/// Who the provider is: its names and docs ([`names`]).
struct Identity {
    ident: Ident,
    vis: TokenStream,
    name: String,
    display_name: String,
    about: Option<String>,
    docs_url: Option<String>,
    notes: Option<String>,
}

/// Its endpoints of every protocol ([`urls`]; each protocol's own are in its part).
struct Endpoints {
    base_url: String,
    authorization_url: String,
}

/// What its requests carry, whatever the protocol ([`requests`]).
struct Requests {
    client_id_env: String,
    client_secret_env: String,
    headers: Vec<(String, String)>,
}

/// Collects the diagnostics of one definition; each concept adds its checks in its own file.
#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
}

impl Validator {
    fn error(&mut self, site: &Site, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(site, message));
    }

    fn unknown_key(&mut self, unknown: &UnknownKey) {
        let key = &unknown.key.value;
        let message = match did_you_mean(key, &unknown.known) {
            Some(known) => format!("unknown key `{key}`; did you mean `{known}`?"),
            None => format!(
                "unknown key `{key}`; the keys here are {}",
                code_list(&unknown.known)
            ),
        };
        self.error(&unknown.key.site, message);
    }

    /// The value of a required key, or `None` after reporting it missing at `site`.
    fn required<T: Clone>(
        &mut self,
        slot: &Option<Spanned<T>>,
        site: &Site,
        key: &str,
        example: &str,
    ) -> Option<T> {
        match slot {
            Some(value) => Some(value.value.clone()),
            None => self.missing(site, key, example),
        }
    }

    /// Reports a missing required key; always `None`.
    fn missing<T>(&mut self, site: &Site, key: &str, example: &str) -> Option<T> {
        self.error(site, format!("missing required key `{key}`: {example}"));
        None
    }

    fn check_non_empty(&mut self, value: &Spanned<String>, what: &str) {
        if value.value.trim().is_empty() {
            self.error(&value.site, format!("this cannot be empty: give {what}"));
        }
    }
}
