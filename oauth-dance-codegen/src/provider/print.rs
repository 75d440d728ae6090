//! The inverse of [`super::attr`]: a validated [`Provider`] written back as the `#[oauth(...)]`
//! attribute a user would write. `build.rs` emits this for each preset, so every preset goes
//! through the derive exactly like a custom provider.
//!
//! The provider is first turned back into what a user would have written (its values that differ
//! from the defaults, as a [`ProviderInput`]); then the key table that drives the reader writes
//! each key in its attribute spelling and shape, so the two cannot disagree.

use oauth_dance_spec::defaults;
use oauth_dance_spec::naming::{self, Credential};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use super::keys::{self, Key, Slot};
use super::model::{
    OAuth1, OAuth2, OptionInput, OptionKind, Pair, PairInput, ProtocolPart, Provider,
    ProviderInput, ProviderOption, Scalar, StringList,
};
use crate::diag::{Site, Spanned};

/// The `#[oauth(...)]` attribute that describes `provider`, leaving out keys at their default
/// (and `about`, which the caller writes as the struct's doc comment).
pub fn attribute(provider: &Provider) -> TokenStream {
    let args = arguments(&mut written(provider), keys::PROVIDER);
    quote!(#[oauth(#(#args),*)])
}

/// Every key of `table` that `target` has a value for, in table order. (The slots hand out
/// mutable access, which the reader needs; here they are only read.)
fn arguments<T>(target: &mut T, table: &'static [Key<T>]) -> Vec<TokenStream> {
    let mut args = Vec::new();
    for entry in table {
        let Some(spelling) = entry.attr else { continue };
        let key = Ident::new(spelling, Span::call_site());
        match &entry.slot {
            Slot::Text(field) => args.extend(field(target).iter().map(|v| string(&key, v))),
            Slot::List(field) => args.extend(field(target).iter().map(|l| list(&key, l))),
            Slot::Scalar(field) => args.extend(field(target).iter().map(|s| scalar(&key, s))),
            Slot::Each(field) => args.extend(field(target).iter().map(|v| string(&key, v))),
            Slot::Pairs(field) => {
                for pair in field(target).iter() {
                    let mut pair = PairInput {
                        name: Some(pair.name.clone()),
                        value: Some(pair.value.clone()),
                    };
                    let inner = arguments(&mut pair, keys::PAIR);
                    args.push(quote!(#key(#(#inner),*)));
                }
            }
            Slot::Options(field) => {
                for option in field(target).iter_mut() {
                    let inner = arguments(option, keys::OPTION);
                    args.push(quote!(#key(#(#inner),*)));
                }
            }
        }
    }
    args
}

fn string(key: &Ident, value: &Spanned<String>) -> TokenStream {
    let value = &value.value;
    quote!(#key = #value)
}

fn list(key: &Ident, list: &StringList) -> TokenStream {
    let items = list.value.iter().map(|item| &item.value);
    quote!(#key = [#(#items),*])
}

fn scalar(key: &Ident, value: &Spanned<Scalar>) -> TokenStream {
    match &value.value {
        Scalar::Bool(on) => quote!(#key = #on),
        Scalar::Str(text) => quote!(#key = #text),
    }
}

/// `p` as the keys a user would write: every value that differs from its default.
fn written(p: &Provider) -> ProviderInput {
    // Every field, so that a new one does not compile until it is written here.
    let Provider {
        ident: _,
        vis: _,
        name,
        display_name,
        about: _,
        docs_url,
        notes,
        base_url,
        authorization_url,
        client_id_env,
        client_secret_env,
        headers,
        options,
        quirks,
        protocol,
    } = p;
    let mut input = ProviderInput::new(site(), None);
    input.name = Some(text(name));
    input.display_name = Some(text(display_name));
    input.docs_url = docs_url.as_deref().map(text);
    input.notes = notes.as_deref().map(text);
    input.base_url = Some(text(base_url));
    input.authorization_url = Some(text(authorization_url));
    input.protocol = unless_default(protocol.kind().name(), defaults::PROTOCOL.name());
    match protocol {
        ProtocolPart::OAuth2(oauth2) => write_oauth2(&mut input, oauth2),
        ProtocolPart::OAuth1(oauth1) => write_oauth1(&mut input, name, oauth1),
    }
    let default_id = naming::env_var(name, Credential::ClientId);
    input.client_id_env = unless_default(client_id_env, &default_id);
    let default_secret = naming::env_var(name, Credential::ClientSecret);
    input.client_secret_env = unless_default(client_secret_env, &default_secret);
    input.headers = pairs(headers);
    input.quirks = quirks.iter().map(|q| text(q.name())).collect();
    input.options = options.iter().map(written_option).collect();
    input
}

/// The OAuth 2 keys a user would write.
fn write_oauth2(input: &mut ProviderInput, oauth2: &OAuth2) {
    // Every field, so that a new one does not compile until it is written here.
    let OAuth2 {
        token_url,
        scope,
        scope_separator,
        client_auth,
        api_auth_scheme,
        api_token_header,
        authorization_params,
        token_params,
        refresh_url,
        revocation_url,
        issuer,
    } = oauth2;
    input.token_url = Some(text(token_url));
    input.scope = (!scope.is_empty()).then(|| strings(scope));
    input.scope_separator = unless_default(scope_separator, defaults::SCOPE_SEPARATOR);
    input.client_auth = unless_default(client_auth.name(), defaults::CLIENT_AUTH.name());
    input.api_auth_scheme = unless_default(api_auth_scheme, defaults::API_AUTH_SCHEME);
    input.api_token_header = unless_default(api_token_header, "");
    input.authorization_params = pairs(authorization_params);
    input.token_params = pairs(token_params);
    input.refresh_url = unless_default(refresh_url, "");
    input.revocation_url = unless_default(revocation_url, "");
    input.issuer = unless_default(issuer, "");
}

/// The OAuth 1 keys a user would write.
fn write_oauth1(input: &mut ProviderInput, name: &str, oauth1: &OAuth1) {
    input.request_token_url = Some(text(&oauth1.request_token_url));
    input.access_token_url = Some(text(&oauth1.access_token_url));
    input.signature_method = unless_default(
        oauth1.signature_method.name(),
        defaults::SIGNATURE_METHOD.name(),
    );
    input.signature_placement = unless_default(
        oauth1.signature_placement.name(),
        defaults::SIGNATURE_PLACEMENT.name(),
    );
    input.rsa_key_env = unless_default(&oauth1.rsa_key_env, &naming::rsa_key_var(name));
}

/// An option as the keys a user would write.
fn written_option(option: &ProviderOption) -> OptionInput {
    let mut input = OptionInput::new(site());
    input.name = Some(text(&option.name));
    input.kind = Some(text(option.kind.option_type().name()));
    match &option.kind {
        OptionKind::Bool {
            default,
            when_true,
            when_false,
        } => {
            input.default = default.then(|| Spanned::new(Scalar::Bool(true), site()));
            input.when_true = when_true.as_deref().map(text);
            input.when_false = when_false.as_deref().map(text);
        }
        OptionKind::Text { default } => input.default = string_default(default),
        OptionKind::Choice { values, default } => {
            input.values = Some(strings(values));
            input.default = string_default(default);
        }
    }
    input.doc = Some(text(&option.doc));
    input.param = option.param.as_deref().map(text);
    input.placeholder = option.placeholder.as_deref().map(text);
    input.header = option.header.as_deref().map(text);
    input.claim = option.claim.as_deref().map(text);
    input.template = unless_default(&option.template, defaults::OPTION_TEMPLATE);
    input
}

/// Printed values come from no token.
fn site() -> Site {
    Site::Tokens(Span::call_site())
}

fn text(value: &str) -> Spanned<String> {
    Spanned::new(value.to_string(), site())
}

fn unless_default(value: &str, default: &str) -> Option<Spanned<String>> {
    (value != default).then(|| text(value))
}

fn string_default(default: &Option<String>) -> Option<Spanned<Scalar>> {
    let default = default.as_ref()?;
    Some(Spanned::new(Scalar::Str(default.clone()), site()))
}

fn strings(values: &[String]) -> StringList {
    let items = values.iter().map(|v| text(v)).collect();
    Spanned::new(items, site())
}

fn pairs(pairs: &[(String, String)]) -> Vec<Pair> {
    pairs
        .iter()
        .map(|(name, value)| Pair {
            name: text(name),
            value: text(value),
        })
        .collect()
}
