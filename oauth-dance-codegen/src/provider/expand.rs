//! The code `#[derive(OAuthProvider)]` generates, from a validated [`Provider`]:
//!
//! 1. `impl Provider for X` with the static `ProviderSpec`, whose `protocol` holds the
//!    `OAuth2Spec` or `OAuth1Spec`;
//! 2. `XBlueprint`, the typed builder: the common methods plus one method per option (and an
//!    enum per choice option);
//! 3. `X::blueprint()` and `X::client()`;
//! 4. `XClient`, the extractor.
//!
//! A preset of `providers.toml` gets the same items but 2: its builder is an alias of the
//! runtime's one generic `PresetBlueprint` ([`Builder::Preset`], expanded by `contrib`), so
//! that the crate compiles the common builder methods once, not once per preset.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use oauth_dance_spec::Protocol;

use super::model::{
    OAuth1, OAuth2, OptionKind, ProtocolPart, Provider, ProviderOption, camel_case,
};

/// All items generated for `provider`.
pub fn expand(provider: &Provider) -> TokenStream {
    let spec = spec_impl(provider);
    let blueprint = blueprint(provider);
    let constructors = constructors(provider, Builder::Struct);
    let client = client_alias(provider);
    quote! {
        #spec
        #blueprint
        #constructors
        #client
    }
}

/// Which typed builder a provider's option methods and constructor work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Builder {
    /// The derive's own struct, wrapping the untyped builder in its field `inner` (also the
    /// presets' builder when they are generated for a crate other than `oauth-dance`).
    Struct,
    /// An alias of the runtime's `PresetBlueprint<X>` (presets, inside `oauth-dance`).
    Preset,
}

/// `impl Provider for X` with the static `ProviderSpec`.
pub(super) fn spec_impl(p: &Provider) -> TokenStream {
    let ident = &p.ident;
    let Provider {
        name,
        display_name,
        base_url,
        authorization_url,
        client_id_env,
        client_secret_env,
        ..
    } = p;
    let headers = pairs(&p.headers);
    let options = p.options.iter().map(option_spec);
    let quirks = p.quirks.iter().map(|q| variant(*q));
    let protocol = protocol_spec(&p.protocol);
    quote! {
        #[automatically_derived]
        impl ::oauth_dance::__private::Provider for #ident {
            const SPEC: ::oauth_dance::__private::ProviderSpec =
                ::oauth_dance::__private::ProviderSpec::new(#name)
                    .display_name(#display_name)
                    .base_url(#base_url)
                    .authorization_url(#authorization_url)
                    .client_id_env(#client_id_env)
                    .client_secret_env(#client_secret_env)
                    .headers(&[#(#headers),*])
                    .options(&[#(#options),*])
                    .quirks(&[#(::oauth_dance::__private::Quirk::#quirks),*])
                    .protocol(#protocol);
        }
    }
}

/// The spec's `ProtocolSpec`: the protocol's variant, holding its part.
fn protocol_spec(part: &ProtocolPart) -> TokenStream {
    match part {
        ProtocolPart::OAuth2(o) => {
            let spec = oauth2_spec(o);
            quote!(::oauth_dance::__private::ProtocolSpec::OAuth2(#spec))
        }
        ProtocolPart::OAuth1(o) => {
            let spec = oauth1_spec(o);
            quote!(::oauth_dance::__private::ProtocolSpec::OAuth1(#spec))
        }
    }
}

/// The `OAuth2Spec`: the token endpoint, the scope, the client authentication.
fn oauth2_spec(o: &OAuth2) -> TokenStream {
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
    } = o;
    let client_auth = variant(*client_auth);
    let authorization_params = pairs(authorization_params);
    let token_params = pairs(token_params);
    quote! {
        ::oauth_dance::__private::OAuth2Spec::new()
            .token_url(#token_url)
            .scope(&[#(#scope),*])
            .scope_separator(#scope_separator)
            .client_auth(::oauth_dance::__private::ClientAuth::#client_auth)
            .authorization_params(&[#(#authorization_params),*])
            .token_params(&[#(#token_params),*])
            .api_auth_scheme(#api_auth_scheme)
            .api_token_header(#api_token_header)
            .refresh_url(#refresh_url)
            .revocation_url(#revocation_url)
            .issuer(#issuer)
    }
}

/// The `OAuth1Spec`: the OAuth 1 endpoints and signature.
fn oauth1_spec(o: &OAuth1) -> TokenStream {
    let OAuth1 {
        request_token_url,
        access_token_url,
        rsa_key_env,
        ..
    } = o;
    let method = variant(o.signature_method);
    let placement = variant(o.signature_placement);
    quote! {
        ::oauth_dance::__private::OAuth1Spec::new()
            .request_token_url(#request_token_url)
            .access_token_url(#access_token_url)
            .signature_method(::oauth_dance::__private::SignatureMethod::#method)
            .signature_placement(::oauth_dance::__private::SignaturePlacement::#placement)
            .rsa_key_env(#rsa_key_env)
    }
}

/// The untyped builder a typed one wraps, and the protocol's name for the forwarding macro.
pub(super) fn untyped_builder(p: &Provider) -> (TokenStream, Ident) {
    match p.protocol.kind() {
        Protocol::OAuth1 => (
            quote!(::oauth_dance::__private::OAuth1Builder),
            Ident::new("oauth1", Span::call_site()),
        ),
        _ => (
            quote!(::oauth_dance::__private::OAuth2Builder),
            Ident::new("oauth2", Span::call_site()),
        ),
    }
}

/// The variant of a vocabulary enum, by its `Debug` name: the generator and the runtime name it
/// through the same enum, so the two cannot drift.
fn variant<T: std::fmt::Debug>(value: T) -> Ident {
    Ident::new(&format!("{value:?}"), Span::call_site())
}

fn pairs(pairs: &[(String, String)]) -> impl Iterator<Item = TokenStream> + '_ {
    pairs.iter().map(|(name, value)| quote!((#name, #value)))
}

fn option_spec(option: &ProviderOption) -> TokenStream {
    let ProviderOption { name, doc, .. } = option;
    let kind = match &option.kind {
        OptionKind::Bool {
            default,
            when_true,
            when_false,
        } => {
            let when_true = optional_str(when_true.as_deref());
            let when_false = optional_str(when_false.as_deref());
            quote! {
                ::oauth_dance::__private::OptionKind::Bool {
                    default: #default,
                    when_true: #when_true,
                    when_false: #when_false,
                }
            }
        }
        OptionKind::Text { default } => {
            let default = optional_str(default.as_deref());
            quote!(::oauth_dance::__private::OptionKind::Text { default: #default })
        }
        OptionKind::Choice { values, default } => {
            let default = optional_str(default.as_deref());
            quote! {
                ::oauth_dance::__private::OptionKind::Choice {
                    values: &[#(#values),*],
                    default: #default,
                }
            }
        }
    };
    let effects = effects(option);
    quote! {
        ::oauth_dance::__private::OptionSpec::new(#name, #doc, #kind, &[#(#effects),*])
    }
}

/// An option's effects, each with its template: one per effect key it has.
fn effects(option: &ProviderOption) -> Vec<TokenStream> {
    let template = &option.template;
    let effect = |variant: &str, name: &Option<String>| {
        let variant = Ident::new(variant, Span::call_site());
        name.as_ref().map(|name| {
            quote! {
                ::oauth_dance::__private::OptionEffect::#variant { name: #name, template: #template }
            }
        })
    };
    [
        effect("AuthorizationParam", &option.param),
        effect("Placeholder", &option.placeholder),
        effect("Header", &option.header),
        effect("IdTokenClaim", &option.claim),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// `XBlueprint`, the typed builder struct, with every method and its choice enums.
pub(super) fn blueprint(p: &Provider) -> TokenStream {
    let vis = &p.vis;
    let blueprint = p.blueprint_ident();
    let doc = blueprint_doc(p);
    let methods = p
        .options
        .iter()
        .map(|o| option_method(p, o, Builder::Struct));
    let enums = p.options.iter().filter_map(|o| choice_enum(p, o));
    let (untyped, protocol) = untyped_builder(p);
    quote! {
        #(#[doc = #doc])*
        #[must_use = "a blueprint builder does nothing until `.build()`"]
        #vis struct #blueprint {
            inner: #untyped,
        }

        impl #blueprint {
            ::oauth_dance::__private::forward_builder_methods!(inner, #protocol);
            #(#methods)*
        }

        #(#enums)*
    }
}

/// The builder's doc: what it builds, the credentials it reads, and the provider's own notes.
pub(super) fn blueprint_doc(p: &Provider) -> Vec<String> {
    let display_name = if p.ident == p.display_name {
        String::new()
    } else {
        format!(" ({})", p.display_name)
    };
    let mut paragraphs = vec![format!(
        "The typed blueprint builder of [`{ident}`]{display_name}: start it with \
         [`{ident}::blueprint`], set what you need, then call `build()`.",
        ident = p.ident,
    )];
    if let Some(about) = &p.about {
        paragraphs.push(about.clone());
    }
    paragraphs.push(credentials_doc(p));
    if let Some(docs_url) = &p.docs_url {
        paragraphs.push(format!("Register an OAuth app at <{docs_url}>."));
    }
    if let Some(notes) = &p.notes {
        paragraphs.push(notes.clone());
    }
    doc_lines(&paragraphs.join("\n\n"))
}

/// Where the credentials come from.
pub(super) fn credentials_doc(p: &Provider) -> String {
    match p.protocol.oauth1() {
        Some(o) if o.signature_method.uses_rsa_key() => format!(
            "The consumer key and the RSA private key (PEM text or a path to a PEM file) come \
             from the environment variables `{}` and `{}` unless `client_id` / `rsa_key` set \
             them.",
            p.client_id_env, o.rsa_key_env
        ),
        Some(_) => format!(
            "The consumer key and secret come from the environment variables `{}` and `{}` \
             unless `client_id` / `client_secret` set them.",
            p.client_id_env, p.client_secret_env
        ),
        None => format!(
            "The client id and secret come from the environment variables `{}` and `{}` unless \
             `client_id` / `client_secret` set them.",
            p.client_id_env, p.client_secret_env
        ),
    }
}

/// Doc attribute strings (` line`) for a text: prettyplease prints each as a `///` line.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    text.lines().map(|line| format!(" {line}")).collect()
}

/// The builder method of `option`, which records its value on the untyped builder.
pub(super) fn option_method(p: &Provider, option: &ProviderOption, on: Builder) -> TokenStream {
    let method = format_ident!("{}", option.name);
    let name = &option.name;
    let doc = doc_lines(&format!(
        "{}\n\nDefault: {}.",
        option.doc,
        default_text(&option.kind)
    ));
    let (arg, value) = match &option.kind {
        OptionKind::Bool { .. } => (
            quote!(on: bool),
            quote!(::oauth_dance::__private::OptionValue::Bool(on)),
        ),
        OptionKind::Text { .. } => (
            quote!(value: impl ::core::convert::Into<::std::string::String>),
            quote!(::oauth_dance::__private::OptionValue::Text(value.into())),
        ),
        OptionKind::Choice { .. } => {
            let choice = p.choice_ident(option);
            (
                quote!(value: #choice),
                quote!(::oauth_dance::__private::OptionValue::Text(
                    ::std::string::String::from(value.as_str())
                )),
            )
        }
    };
    let body = match on {
        Builder::Struct => quote!(Self {
            inner: self.inner.provider_option(#name, #value),
        }),
        Builder::Preset => quote!(self.option(#name, #value)),
    };
    // The method is named after the option, which is data (`is_sandbox`, say), so clippy's
    // naming conventions for `is_*`/`to_*` methods do not apply; in a derive's output clippy
    // does not look, in build.rs's generated file it does.
    quote! {
        #(#[doc = #doc])*
        #[allow(clippy::wrong_self_convention)]
        pub fn #method(self, #arg) -> Self {
            #body
        }
    }
}

/// How an option's default reads in the docs.
pub(super) fn default_text(kind: &OptionKind) -> String {
    kind.default_value()
        .map_or("not set".to_string(), |default| format!("`{default}`"))
}

/// The enum of a choice option's values, with `as_str` and `Display`.
pub(super) fn choice_enum(p: &Provider, option: &ProviderOption) -> Option<TokenStream> {
    let OptionKind::Choice { values, .. } = &option.kind else {
        return None;
    };
    let vis = &p.vis;
    let choice = p.choice_ident(option);
    let doc = format!(
        " The values of the `{}` option: see [`{}::{}`].",
        option.name,
        p.blueprint_ident(),
        option.name
    );
    let variants: Vec<Ident> = values
        .iter()
        .map(|v| Ident::new(&camel_case(v), Span::call_site()))
        .collect();
    let variant_docs = values.iter().map(|v| format!(" `{v}`"));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #vis enum #choice {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
        }

        impl #choice {
            /// The value as the provider receives it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #values,)*
                }
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #choice {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}

/// `X::blueprint()` and `X::client()`. Both are `#[inline]`: they only name `X`, so they are
/// compiled where they are called, not in every crate that defines a provider.
pub(super) fn constructors(p: &Provider, builder: Builder) -> TokenStream {
    let ident = &p.ident;
    let blueprint = p.blueprint_ident();
    let (untyped, _) = untyped_builder(p);
    let start = match builder {
        Builder::Struct => quote!(#blueprint {
            inner: #untyped::for_provider::<Self>(),
        }),
        Builder::Preset => quote!(#blueprint::of_provider()),
    };
    let blueprint_doc = format!(
        " Starts the typed blueprint builder of {} (see [`{blueprint}`]).",
        p.display_name
    );
    let client_doc = format!(
        " The {} API client of the current request: the client of the app's {} blueprint, \
         with the user's token (see `oauth_dance::Client::current_for`).",
        p.display_name, p.display_name
    );
    quote! {
        impl #ident {
            #[doc = #blueprint_doc]
            #[inline]
            pub fn blueprint() -> #blueprint {
                #start
            }

            #[doc = #client_doc]
            #[inline]
            pub fn client() -> ::core::result::Result<
                ::oauth_dance::__private::Client,
                ::oauth_dance::__private::Error,
            > {
                ::oauth_dance::__private::Client::current_for::<Self>()
            }
        }
    }
}

/// `XClient`, the extractor of the provider's client.
pub(super) fn client_alias(p: &Provider) -> TokenStream {
    let ident = &p.ident;
    let vis = &p.vis;
    let client = p.client_ident();
    let doc = format!(
        " Extracts the {} API client (with the user's token) in a handler's arguments.",
        p.display_name
    );
    quote! {
        #[doc = #doc]
        #vis type #client = ::oauth_dance::__private::ProviderClient<#ident>;
    }
}
