//! The items of one preset's module: what `#[derive(OAuthProvider)]` would generate, except that
//! inside `oauth-dance` the typed builder is an alias of the runtime's generic `PresetBlueprint`,
//! whose common methods the crate compiles once for every preset; the preset's option methods are
//! an `impl` on the alias. The module-level `blueprint()` and `client()` are `#[inline]`, like the
//! provider's own: nothing of a preset is compiled until an app uses it.
//!
//! Another crate cannot add methods to `PresetBlueprint`, so presets generated for one
//! ([`Builder::Struct`]) get the derive's builder struct instead.

use oauth_dance_spec::Protocol;
use proc_macro2::TokenStream;
use quote::quote;

use crate::provider::expand::{
    Builder, blueprint, blueprint_doc, choice_enum, client_alias, constructors, doc_lines,
    option_method, spec_impl,
};
use crate::provider::model::Provider;

/// The provider struct, its spec, its typed builder (an alias with the option methods, or the
/// derive's struct), its constructors and client extractor, and the module-level `blueprint()`
/// and `client()`.
pub(super) fn preset_items(p: &Provider, builder: Builder) -> TokenStream {
    let ident = &p.ident;
    let struct_doc = doc_lines(p.about.as_deref().unwrap_or_default());
    let spec = spec_impl(p);
    let typed_builder = match builder {
        Builder::Preset => builder_alias(p),
        Builder::Struct => blueprint(p),
    };
    let constructors = constructors(p, builder);
    let blueprint = p.blueprint_ident();
    let client = client_alias(p);
    let blueprint_doc =
        format!(" Starts the typed blueprint builder (same as [`{ident}::blueprint`]).");
    let client_doc = format!(
        " The {} client of the current request (see [`{ident}::client`]).",
        p.display_name
    );
    quote! {
        #(#[doc = #struct_doc])*
        pub struct #ident;

        #spec
        #typed_builder
        #constructors
        #client

        #[doc = #blueprint_doc]
        #[inline]
        pub fn blueprint() -> #blueprint {
            #ident::blueprint()
        }

        #[doc = #client_doc]
        #[inline]
        pub fn client() -> ::core::result::Result<::oauth_dance::Client, ::oauth_dance::Error> {
            #ident::client()
        }
    }
}

/// `pub type XBlueprint = PresetBlueprint<X, …>`, the `impl` of its option methods, and the
/// enums of its choice options.
fn builder_alias(p: &Provider) -> TokenStream {
    let ident = &p.ident;
    let blueprint = p.blueprint_ident();
    let doc = blueprint_doc(p);
    let target = match p.protocol.kind() {
        Protocol::OAuth1 => {
            quote!(::oauth_dance::contrib::PresetBlueprint<#ident, ::oauth_dance::OAuth1Builder>)
        }
        _ => quote!(::oauth_dance::contrib::PresetBlueprint<#ident>),
    };
    let methods: Vec<TokenStream> = p
        .options
        .iter()
        .map(|o| option_method(p, o, Builder::Preset))
        .collect();
    let options = (!methods.is_empty()).then(|| {
        quote! {
            impl #blueprint {
                #(#methods)*
            }
        }
    });
    let enums = p.options.iter().filter_map(|o| choice_enum(p, o));
    quote! {
        #(#[doc = #doc])*
        pub type #blueprint = #target;

        #options
        #(#enums)*
    }
}
