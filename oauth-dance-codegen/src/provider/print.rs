//! The inverse of [`super::attr`]: a validated [`Provider`] written back as the `#[oauth(...)]`
//! attribute a user would write. `build.rs` emits this for each preset, so every preset goes
//! through the derive exactly like a custom provider.

use oauth_dance_spec::defaults;
use oauth_dance_spec::naming::{self, Credential};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use super::model::{OptionKind, Provider, ProviderOption};

/// The `#[oauth(...)]` attribute that describes `provider`, leaving out keys at their default
/// (and `about`, which the caller writes as the struct's doc comment).
pub fn attribute(provider: &Provider) -> TokenStream {
    // Every field, so that a new one does not compile until it is printed below.
    let Provider {
        ident: _,
        vis: _,
        name: _,
        display_name: _,
        about: _,
        docs_url: _,
        notes: _,
        base_url: _,
        authorization_url: _,
        token_url: _,
        scope: _,
        scope_separator: _,
        client_auth: _,
        client_id_env: _,
        client_secret_env: _,
        api_auth_scheme: _,
        authorization_params: _,
        token_params: _,
        headers: _,
        options: _,
        quirks: _,
    } = provider;
    let mut args = identity(provider);
    args.extend(requests(provider));
    args.extend(pairs(provider));
    let quirks = provider.quirks.iter().map(|q| q.name());
    args.extend(quirks.map(|quirk| quote!(quirk = #quirk)));
    args.extend(provider.options.iter().map(option));
    quote!(#[oauth(#(#args),*)])
}

/// The names, the docs and the endpoints.
fn identity(p: &Provider) -> Vec<TokenStream> {
    string_args(&[
        ("name", Some(p.name.as_str())),
        ("display_name", Some(p.display_name.as_str())),
        ("docs_url", p.docs_url.as_deref()),
        ("notes", p.notes.as_deref()),
        ("base_url", Some(p.base_url.as_str())),
        ("authorization_url", Some(p.authorization_url.as_str())),
        ("token_url", Some(p.token_url.as_str())),
    ])
}

/// The scope, client authentication and credentials, where they differ from the defaults.
fn requests(p: &Provider) -> Vec<TokenStream> {
    let mut args = Vec::new();
    let scope = &p.scope;
    if !scope.is_empty() {
        args.push(quote!(scope = [#(#scope),*]));
    }
    let unless_default =
        |value: &str, default: &str| (value != default).then_some(value.to_string());
    let client_id = naming::env_var(&p.name, Credential::ClientId);
    let client_secret = naming::env_var(&p.name, Credential::ClientSecret);
    let client_auth = p.client_auth.name();
    let differing = [
        (
            "scope_separator",
            unless_default(&p.scope_separator, defaults::SCOPE_SEPARATOR),
        ),
        (
            "client_auth",
            unless_default(client_auth, defaults::CLIENT_AUTH.name()),
        ),
        (
            "client_id_env",
            unless_default(&p.client_id_env, &client_id),
        ),
        (
            "client_secret_env",
            unless_default(&p.client_secret_env, &client_secret),
        ),
        (
            "api_auth_scheme",
            unless_default(&p.api_auth_scheme, defaults::API_AUTH_SCHEME),
        ),
    ];
    args.extend(string_args(&differing));
    args
}

/// `key = "value"` for each key that has a value.
fn string_args(args: &[(&str, Option<impl AsRef<str>>)]) -> Vec<TokenStream> {
    args.iter()
        .filter_map(|(key, value)| {
            let key = Ident::new(key, Span::call_site());
            let value = value.as_ref()?.as_ref();
            Some(quote!(#key = #value))
        })
        .collect()
}

/// `authorization_param(...)`, `token_param(...)` and `header(...)`, one per pair.
fn pairs(p: &Provider) -> Vec<TokenStream> {
    let mut args = Vec::new();
    for (key, pairs) in [
        ("authorization_param", &p.authorization_params),
        ("token_param", &p.token_params),
        ("header", &p.headers),
    ] {
        let key = Ident::new(key, Span::call_site());
        for (name, value) in pairs {
            args.push(quote!(#key(name = #name, value = #value)));
        }
    }
    args
}

/// `option(...)`.
fn option(option: &ProviderOption) -> TokenStream {
    let name = &option.name;
    let kind = option.kind.option_type().name();
    let mut keys = vec![quote!(name = #name), quote!(kind = #kind)];
    keys.extend(kind_keys(&option.kind));
    let doc = &option.doc;
    keys.push(quote!(doc = #doc));
    keys.extend(string_args(&[
        ("param", option.param.as_deref()),
        ("placeholder", option.placeholder.as_deref()),
        ("header", option.header.as_deref()),
    ]));
    if option.template != defaults::OPTION_TEMPLATE {
        let template = &option.template;
        keys.push(quote!(template = #template));
    }
    quote!(option(#(#keys),*))
}

/// The keys that depend on the option's kind: its default, values and bool states.
fn kind_keys(kind: &OptionKind) -> Vec<TokenStream> {
    let mut keys = Vec::new();
    match kind {
        OptionKind::Bool {
            default,
            when_true,
            when_false,
        } => {
            if *default {
                keys.push(quote!(default = true));
            }
            if let Some(when_true) = when_true {
                keys.push(quote!(when_true = #when_true));
            }
            if let Some(when_false) = when_false {
                keys.push(quote!(when_false = #when_false));
            }
        }
        OptionKind::Text { default } => keys.extend(default.iter().map(|d| quote!(default = #d))),
        OptionKind::Choice { values, default } => {
            keys.push(quote!(values = [#(#values),*]));
            keys.extend(default.iter().map(|d| quote!(default = #d)));
        }
    }
    keys
}
