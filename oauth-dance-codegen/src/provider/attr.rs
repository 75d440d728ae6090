//! Front end 1: the `#[oauth(...)]` attribute of `#[derive(OAuthProvider)]`, read into a
//! [`ProviderInput`].
//!
//! This file knows the attribute's syntax only; which keys exist and where their values go is
//! [`super::keys`]. A key it does not know is recorded in [`ProviderInput::unknown_keys`] and
//! reported by [`super::valid`], like every semantic problem.

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Expr, ExprLit, Lit, LitStr, Meta, Token, token};

use super::keys::{self, Key, Slot, Syntax};
use super::model::{
    DeriveItem, OptionInput, Pair, PairInput, ProviderInput, Scalar, StringList, UnknownKey,
};
use crate::diag::{Site, Spanned};

/// Reads the struct and its `#[oauth(...)]` attributes. Fails only on malformed syntax.
pub fn parse(input: &DeriveInput) -> syn::Result<ProviderInput> {
    let item = derive_item(input)?;
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
    let mut reader = Reader::default();
    for attr in oauth_attrs {
        attr.parse_nested_meta(|meta| reader.key(&mut provider, keys::PROVIDER, meta))?;
    }
    provider.unknown_keys = reader.unknown_keys;
    Ok(provider)
}

/// The struct the derive is on, which must be a plain struct.
fn derive_item(input: &DeriveInput) -> syn::Result<DeriveItem> {
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
    Ok(DeriveItem {
        ident: input.ident.clone(),
        vis: input.vis.to_token_stream(),
        doc: doc_comment(&input.attrs),
    })
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

/// Reads keys into their slots, collecting the keys it does not know.
#[derive(Default)]
struct Reader {
    unknown_keys: Vec<UnknownKey>,
}

impl Reader {
    /// One `key = value` or `key(...)` of `table` into `target`.
    fn key<T>(
        &mut self,
        target: &mut T,
        table: &'static [Key<T>],
        meta: ParseNestedMeta,
    ) -> syn::Result<()> {
        let found = meta.path.get_ident().and_then(|ident| {
            keys::find(table, Syntax::Attr, &ident.to_string()).map(|key| &key.slot)
        });
        let Some(slot) = found else {
            return self.unknown_key(keys::names(table, Syntax::Attr), meta);
        };
        match slot {
            Slot::Text(field) => set_once(field(target), &meta, string),
            Slot::List(field) => set_once(field(target), &meta, string_list),
            Slot::Scalar(field) => set_once(field(target), &meta, scalar),
            Slot::Each(field) => {
                field(target).push(string(meta.value()?)?);
                Ok(())
            }
            Slot::Pairs(field) => {
                field(target).push(self.pair(&meta)?);
                Ok(())
            }
            Slot::Options(field) => {
                field(target).push(self.option(&meta)?);
                Ok(())
            }
        }
    }

    /// `option(name = "...", ...)`, placed at its name if it has one.
    fn option(&mut self, meta: &ParseNestedMeta) -> syn::Result<OptionInput> {
        let mut option = OptionInput::new(Site::Tokens(meta.path.span()));
        meta.parse_nested_meta(|inner| self.key(&mut option, keys::OPTION, inner))?;
        if let Some(name) = &option.name {
            option.site = name.site.clone();
        }
        Ok(option)
    }

    /// `authorization_param(name = "...", value = "...")` and its siblings.
    fn pair(&mut self, meta: &ParseNestedMeta) -> syn::Result<Pair> {
        let mut pair = PairInput::default();
        meta.parse_nested_meta(|inner| self.key(&mut pair, keys::PAIR, inner))?;
        match pair {
            PairInput {
                name: Some(name),
                value: Some(value),
            } => Ok(Pair { name, value }),
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

    /// Records the key for [`super::valid`] and skips its value (`= ...` or `(...)`).
    fn unknown_key(&mut self, known: Vec<&'static str>, meta: ParseNestedMeta) -> syn::Result<()> {
        let key = meta.path.to_token_stream().to_string().replace(' ', "");
        self.unknown_keys.push(UnknownKey {
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
}

/// `key = <value>`, given at most once.
fn set_once<V>(
    slot: &mut Option<Spanned<V>>,
    meta: &ParseNestedMeta,
    value: fn(ParseStream) -> syn::Result<Spanned<V>>,
) -> syn::Result<()> {
    if slot.is_some() {
        let key = meta.path.to_token_stream();
        return Err(syn::Error::new(
            meta.path.span(),
            format!("`{key}` is given twice; keep one"),
        ));
    }
    *slot = Some(value(meta.value()?)?);
    Ok(())
}

/// `"..."`.
fn string(input: ParseStream) -> syn::Result<Spanned<String>> {
    if !input.peek(LitStr) {
        return Err(input.error("expected a string literal, like `\"...\"`"));
    }
    let lit: LitStr = input.parse()?;
    Ok(Spanned::new(lit.value(), Site::Tokens(lit.span())))
}

/// `["a", "b"]`.
fn string_list(input: ParseStream) -> syn::Result<StringList> {
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

/// `true`, `false` or `"..."`.
fn scalar(input: ParseStream) -> syn::Result<Spanned<Scalar>> {
    let lit: Lit = input.parse()?;
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
    Ok(Spanned::new(value, Site::Tokens(lit.span())))
}
