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
//! - [`protocol`]: the protocol, the keys of the other protocol, and the OAuth 1 part;
//! - [`requests`]: what the provider's requests carry (scope, client authentication, fixed
//!   parameters and headers, quirks);
//! - [`preset_set`]: the checks between the tables of one `providers.toml`.

mod names;
mod options;
mod preset_set;
mod protocol;
mod requests;
mod urls;

use oauth_dance_spec::{ClientAuth, Protocol, Quirk, defaults};
use proc_macro2::TokenStream;
use syn::Ident;

use super::model::{OAuth1, Provider, ProviderInput, ProviderOption, UnknownKey};
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
    let endpoints = v.endpoints(input, &fills, protocol.unwrap_or(defaults::PROTOCOL));
    let oauth1 = protocol.and_then(|p| v.oauth1(input, p, &fills));
    let requests = v.requests(input, &fills);
    v.check_placeholder_use(input);
    let quirks = v.quirks(&input.quirks);
    match (identity, endpoints, requests, protocol, oauth1) {
        (Some(identity), Some(endpoints), Some(requests), Some(protocol), Some(oauth1))
            if v.diagnostics.is_empty() =>
        {
            let protocol = Protocols { protocol, oauth1 };
            Ok(assemble(
                identity, endpoints, requests, protocol, options, quirks,
            ))
        }
        _ => Err(v.diagnostics),
    }
}

/// The protocol, and its own part ([`protocol`]).
struct Protocols {
    protocol: Protocol,
    oauth1: Option<OAuth1>,
}

/// The validated provider, from its checked parts.
fn assemble(
    identity: Identity,
    endpoints: Endpoints,
    requests: Requests,
    protocol: Protocols,
    options: Vec<ProviderOption>,
    quirks: Vec<Quirk>,
) -> Provider {
    Provider {
        ident: identity.ident,
        vis: identity.vis,
        name: identity.name,
        display_name: identity.display_name,
        about: identity.about,
        docs_url: identity.docs_url,
        notes: identity.notes,
        base_url: endpoints.base_url,
        authorization_url: endpoints.authorization_url,
        token_url: endpoints.token_url,
        protocol: protocol.protocol,
        oauth1: protocol.oauth1,
        scope: requests.scope,
        scope_separator: requests.scope_separator,
        client_auth: requests.client_auth,
        client_id_env: requests.client_id_env,
        client_secret_env: requests.client_secret_env,
        api_auth_scheme: requests.api_auth_scheme,
        authorization_params: requests.authorization_params,
        token_params: requests.token_params,
        headers: requests.headers,
        options,
        quirks,
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

/// Its three endpoints ([`urls`]).
struct Endpoints {
    base_url: String,
    authorization_url: String,
    token_url: String,
}

/// What its requests carry ([`requests`]).
struct Requests {
    scope: Vec<String>,
    scope_separator: String,
    client_auth: ClientAuth,
    client_id_env: String,
    client_secret_env: String,
    api_auth_scheme: String,
    authorization_params: Vec<(String, String)>,
    token_params: Vec<(String, String)>,
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
