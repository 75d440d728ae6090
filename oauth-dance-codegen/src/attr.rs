//! Front end 1: the `#[oauth(...)]` attribute of `#[derive(OAuthProvider)]`, read into a
//! [`ProviderInput`]; and back: [`attribute`] writes a validated [`Provider`] as the attribute a
//! user would write (what `build.rs` emits for each preset).
//!
//! This file knows the attribute's syntax only. A key it does not know is recorded in
//! [`ProviderInput::unknown_keys`] and reported by [`crate::valid`], like every semantic problem.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Expr, ExprLit, Lit, LitStr, Meta, Token, token};

use crate::model::{
    ClientAuth, DEFAULT_API_AUTH_SCHEME, DEFAULT_SCOPE_SEPARATOR, DEFAULT_TEMPLATE, DeriveItem,
    OptionInput, OptionKind, Pair, Provider, ProviderInput, Scalar, Site, Spanned, UnknownKey,
    default_env,
};

/// The keys of `#[oauth(...)]`.
pub const PROVIDER_KEYS: &[&str] = &[
    "name",
    "display_name",
    "about",
    "docs_url",
    "notes",
    "base_url",
    "authorization_url",
    "token_url",
    "scope",
    "scope_separator",
    "client_auth",
    "client_id_env",
    "client_secret_env",
    "api_auth_scheme",
    "authorization_param",
    "token_param",
    "header",
    "quirk",
    "option",
];

/// The keys of `option(...)`.
pub const OPTION_KEYS: &[&str] = &[
    "name",
    "kind",
    "default",
    "values",
    "when_true",
    "when_false",
    "doc",
    "param",
    "placeholder",
    "header",
    "template",
];

/// The keys of `authorization_param(...)`, `token_param(...)` and `header(...)`.
pub const PAIR_KEYS: &[&str] = &["name", "value"];

/// Reads the struct and its `#[oauth(...)]` attributes. Fails only on malformed syntax.
pub fn parse(input: &DeriveInput) -> syn::Result<ProviderInput> {
    if !matches!(input.data, Data::Struct(_)) {
        return Err(syn::Error::new(
            input.ident.span(),
            "#[derive(OAuthProvider)] goes on a struct, like `pub struct Example;`",
        ));
    }
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            input.generics.span(),
            "an OAuth provider type cannot have generic parameters; remove them",
        ));
    }
    let item = DeriveItem {
        ident: input.ident.clone(),
        vis: input.vis.to_token_stream(),
        doc: doc_comment(&input.attrs),
    };
    let oauth_attrs: Vec<&syn::Attribute> = input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("oauth"))
        .collect();
    // Missing keys are reported at `oauth` in `#[oauth(...)]`, or at the struct's name.
    let site = oauth_attrs
        .first()
        .map_or(input.ident.span(), |attr| attr.path().span());
    let mut provider = ProviderInput::new(Site::Tokens(site), Some(item));
    for attr in oauth_attrs {
        attr.parse_nested_meta(|meta| provider_key(&mut provider, meta))?;
    }
    Ok(provider)
}

/// The struct's doc comment: `///` lines joined with newlines, one leading space removed.
fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_string())
        .collect();
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn provider_key(p: &mut ProviderInput, meta: ParseNestedMeta) -> syn::Result<()> {
    let Some(key) = meta.path.get_ident().map(|i| i.to_string()) else {
        return unknown_key(&mut p.unknown_keys, PROVIDER_KEYS, meta);
    };
    match key.as_str() {
        "name" => set_string(&mut p.name, &meta),
        "display_name" => set_string(&mut p.display_name, &meta),
        "about" => set_string(&mut p.about, &meta),
        "docs_url" => set_string(&mut p.docs_url, &meta),
        "notes" => set_string(&mut p.notes, &meta),
        "base_url" => set_string(&mut p.base_url, &meta),
        "authorization_url" => set_string(&mut p.authorization_url, &meta),
        "token_url" => set_string(&mut p.token_url, &meta),
        "scope_separator" => set_string(&mut p.scope_separator, &meta),
        "client_auth" => set_string(&mut p.client_auth, &meta),
        "client_id_env" => set_string(&mut p.client_id_env, &meta),
        "client_secret_env" => set_string(&mut p.client_secret_env, &meta),
        "api_auth_scheme" => set_string(&mut p.api_auth_scheme, &meta),
        "scope" => {
            if !p.scope.is_empty() {
                return Err(twice(&meta));
            }
            p.scope = string_list(meta.value()?)?.value;
            Ok(())
        }
        "authorization_param" => push_pair(&mut p.authorization_params, &mut p.unknown_keys, &meta),
        "token_param" => push_pair(&mut p.token_params, &mut p.unknown_keys, &meta),
        "header" => push_pair(&mut p.headers, &mut p.unknown_keys, &meta),
        "quirk" => {
            p.quirks.push(string(meta.value()?)?);
            Ok(())
        }
        "option" => {
            let mut option = OptionInput::new(Site::Tokens(meta.path.span()));
            meta.parse_nested_meta(|inner| option_key(&mut option, &mut p.unknown_keys, inner))?;
            if let Some(name) = &option.name {
                option.site = name.site.clone();
            }
            p.options.push(option);
            Ok(())
        }
        _ => unknown_key(&mut p.unknown_keys, PROVIDER_KEYS, meta),
    }
}

fn option_key(
    o: &mut OptionInput,
    unknown_keys: &mut Vec<UnknownKey>,
    meta: ParseNestedMeta,
) -> syn::Result<()> {
    let Some(key) = meta.path.get_ident().map(|i| i.to_string()) else {
        return unknown_key(unknown_keys, OPTION_KEYS, meta);
    };
    match key.as_str() {
        "name" => set_string(&mut o.name, &meta),
        "kind" => set_string(&mut o.kind, &meta),
        "when_true" => set_string(&mut o.when_true, &meta),
        "when_false" => set_string(&mut o.when_false, &meta),
        "doc" => set_string(&mut o.doc, &meta),
        "param" => set_string(&mut o.param, &meta),
        "placeholder" => set_string(&mut o.placeholder, &meta),
        "header" => set_string(&mut o.header, &meta),
        "template" => set_string(&mut o.template, &meta),
        "default" => {
            if o.default.is_some() {
                return Err(twice(&meta));
            }
            let lit: Lit = meta.value()?.parse()?;
            let value = match &lit {
                Lit::Bool(b) => Scalar::Bool(b.value),
                Lit::Str(s) => Scalar::Str(s.value()),
                _ => {
                    return Err(syn::Error::new(
                        lit.span(),
                        "expected `true`, `false` or a string: `default = false` for a bool \
                         option, `default = \"...\"` for a text or choice option",
                    ));
                }
            };
            o.default = Some(Spanned::new(value, Site::Tokens(lit.span())));
            Ok(())
        }
        "values" => {
            if o.values.is_some() {
                return Err(twice(&meta));
            }
            o.values = Some(string_list(meta.value()?)?);
            Ok(())
        }
        _ => unknown_key(unknown_keys, OPTION_KEYS, meta),
    }
}

/// `authorization_param(name = "...", value = "...")` and its siblings.
fn push_pair(
    pairs: &mut Vec<Pair>,
    unknown_keys: &mut Vec<UnknownKey>,
    meta: &ParseNestedMeta,
) -> syn::Result<()> {
    let mut name = None;
    let mut value = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("name") {
            set_string(&mut name, &inner)
        } else if inner.path.is_ident("value") {
            set_string(&mut value, &inner)
        } else {
            unknown_key(unknown_keys, PAIR_KEYS, inner)
        }
    })?;
    match (name, value) {
        (Some(name), Some(value)) => {
            pairs.push(Pair { name, value });
            Ok(())
        }
        _ => {
            let key = meta.path.to_token_stream();
            Err(syn::Error::new(
                meta.path.span(),
                format!(
                    "`{key}(...)` needs a name and a value: `{key}(name = \"...\", value = \"...\")`"
                ),
            ))
        }
    }
}

/// `key = "string"`, given at most once.
fn set_string(slot: &mut Option<Spanned<String>>, meta: &ParseNestedMeta) -> syn::Result<()> {
    if slot.is_some() {
        return Err(twice(meta));
    }
    *slot = Some(string(meta.value()?)?);
    Ok(())
}

fn string(input: ParseStream) -> syn::Result<Spanned<String>> {
    if !input.peek(LitStr) {
        return Err(input.error("expected a string literal, like `\"...\"`"));
    }
    let lit: LitStr = input.parse()?;
    Ok(Spanned::new(lit.value(), Site::Tokens(lit.span())))
}

/// `["a", "b"]`.
fn string_list(input: ParseStream) -> syn::Result<Spanned<Vec<Spanned<String>>>> {
    if !input.peek(token::Bracket) {
        return Err(input.error("expected a list of strings, like `[\"read\", \"write\"]`"));
    }
    let content;
    let brackets = syn::bracketed!(content in input);
    let items = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    let items = items
        .iter()
        .map(|lit| Spanned::new(lit.value(), Site::Tokens(lit.span())))
        .collect();
    Ok(Spanned::new(items, Site::Tokens(brackets.span.join())))
}

fn twice(meta: &ParseNestedMeta) -> syn::Error {
    let key = meta.path.to_token_stream();
    syn::Error::new(
        meta.path.span(),
        format!("`{key}` is given twice; keep one"),
    )
}

/// Records the key for [`crate::valid`] and skips its value (`= ...` or `(...)`).
fn unknown_key(
    unknown_keys: &mut Vec<UnknownKey>,
    known: &'static [&'static str],
    meta: ParseNestedMeta,
) -> syn::Result<()> {
    let key = meta.path.to_token_stream().to_string().replace(' ', "");
    unknown_keys.push(UnknownKey {
        key: Spanned::new(key, Site::Tokens(meta.path.span())),
        known,
    });
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            meta.input.parse::<TokenTree>()?;
        }
    } else if meta.input.peek(token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The `#[oauth(...)]` attribute that describes `provider`, leaving out keys at their default
/// (and `about`, which the caller writes as the struct's doc comment).
pub fn attribute(provider: &Provider) -> TokenStream {
    let mut args: Vec<TokenStream> = Vec::new();
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
        token_url,
        scope,
        scope_separator,
        client_auth,
        client_id_env,
        client_secret_env,
        api_auth_scheme,
        authorization_params,
        token_params,
        headers,
        options,
        quirks,
    } = provider;
    args.push(quote!(name = #name));
    args.push(quote!(display_name = #display_name));
    if let Some(docs_url) = docs_url {
        args.push(quote!(docs_url = #docs_url));
    }
    if let Some(notes) = notes {
        args.push(quote!(notes = #notes));
    }
    args.push(quote!(base_url = #base_url));
    args.push(quote!(authorization_url = #authorization_url));
    args.push(quote!(token_url = #token_url));
    if !scope.is_empty() {
        args.push(quote!(scope = [#(#scope),*]));
    }
    if scope_separator != DEFAULT_SCOPE_SEPARATOR {
        args.push(quote!(scope_separator = #scope_separator));
    }
    if *client_auth != ClientAuth::Basic {
        let client_auth = client_auth.as_str();
        args.push(quote!(client_auth = #client_auth));
    }
    if *client_id_env != default_env(name, "ID") {
        args.push(quote!(client_id_env = #client_id_env));
    }
    if *client_secret_env != default_env(name, "SECRET") {
        args.push(quote!(client_secret_env = #client_secret_env));
    }
    if api_auth_scheme != DEFAULT_API_AUTH_SCHEME {
        args.push(quote!(api_auth_scheme = #api_auth_scheme));
    }
    for (key, pairs) in [
        ("authorization_param", authorization_params),
        ("token_param", token_params),
        ("header", headers),
    ] {
        let key = syn::Ident::new(key, Span::call_site());
        for (name, value) in pairs {
            args.push(quote!(#key(name = #name, value = #value)));
        }
    }
    for quirk in quirks {
        args.push(quote!(quirk = #quirk));
    }
    for option in options {
        let name = &option.name;
        let kind = option.kind.as_str();
        let mut keys = vec![quote!(name = #name), quote!(kind = #kind)];
        match &option.kind {
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
            OptionKind::Text { default } => {
                if let Some(default) = default {
                    keys.push(quote!(default = #default));
                }
            }
            OptionKind::Choice { values, default } => {
                keys.push(quote!(values = [#(#values),*]));
                if let Some(default) = default {
                    keys.push(quote!(default = #default));
                }
            }
        }
        let doc = &option.doc;
        keys.push(quote!(doc = #doc));
        for (key, effect) in [
            ("param", &option.param),
            ("placeholder", &option.placeholder),
            ("header", &option.header),
        ] {
            if let Some(effect) = effect {
                let key = syn::Ident::new(key, Span::call_site());
                keys.push(quote!(#key = #effect));
            }
        }
        if option.template != DEFAULT_TEMPLATE {
            let template = &option.template;
            keys.push(quote!(template = #template));
        }
        args.push(quote!(option(#(#keys),*)));
    }
    quote!(#[oauth(#(#args),*)])
}
