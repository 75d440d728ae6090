//! What the derive emits next to its errors (thiserror's `fallback.rs` is the model): the items
//! the struct's users name — `impl Provider`, `XBlueprint` with the common builder methods,
//! `X::blueprint()`, `X::client()`, `XClient` — so that one typo in the attribute gives one
//! error, not one more at every use site. The options are unknown then, so their methods are
//! missing.

use oauth_dance_spec::defaults;
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::DeriveInput;

use super::expand;
use super::model::Provider;

/// The fallback items for the struct (or enum) the derive is on; nothing for a generic type,
/// whose error already says to remove the parameters.
pub fn expand(input: &DeriveInput) -> TokenStream {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    expand::expand(&stand_in(input))
}

/// A provider with the type's name and nothing else: an empty spec.
fn stand_in(input: &DeriveInput) -> Provider {
    Provider {
        ident: input.ident.clone(),
        vis: input.vis.to_token_stream(),
        name: String::new(),
        display_name: input.ident.to_string(),
        about: None,
        docs_url: None,
        notes: None,
        base_url: String::new(),
        authorization_url: String::new(),
        token_url: String::new(),
        protocol: defaults::PROTOCOL,
        oauth1: None,
        scope: Vec::new(),
        scope_separator: defaults::SCOPE_SEPARATOR.to_string(),
        client_auth: defaults::CLIENT_AUTH,
        client_id_env: String::new(),
        client_secret_env: String::new(),
        api_auth_scheme: defaults::API_AUTH_SCHEME.to_string(),
        authorization_params: Vec::new(),
        token_params: Vec::new(),
        headers: Vec::new(),
        options: Vec::new(),
        quirks: Vec::new(),
    }
}
