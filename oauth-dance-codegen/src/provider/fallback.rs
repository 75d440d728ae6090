//! What the derive emits next to its errors (thiserror's `fallback.rs` is the model): the items
//! the struct's users name — `impl Provider`, `XBlueprint` with the common builder methods,
//! `X::blueprint()`, `X::client()`, `XClient` — so that one typo in the attribute gives one
//! error, not one more at every use site. The options are unknown then, so their methods are
//! missing.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::DeriveInput;

use super::expand;
use super::model::{OAuth2, ProtocolPart, Provider};

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
        client_id_env: String::new(),
        client_secret_env: String::new(),
        headers: Vec::new(),
        options: Vec::new(),
        quirks: Vec::new(),
        protocol: ProtocolPart::OAuth2(OAuth2::default()),
    }
}
