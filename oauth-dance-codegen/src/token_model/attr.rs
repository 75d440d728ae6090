//! Front end: the struct of `#[derive(TokenModel)]` and its `#[token(...)]` attributes, read into
//! a [`ModelInput`]. A key it does not know is recorded for [`super::valid`], like every
//! semantic problem; only malformed syntax fails here.

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, LitStr, Token, Type};

use super::model::{FieldInput, ModelInput, Role, UnknownKey};
use crate::diag::{Site, Spanned};

/// The keys of the struct's `#[token(...)]`.
pub const STRUCT_KEYS: &[&str] = &["table"];

/// The keys of a field's `#[token(...)]`: a role flag, or a column setting.
pub const FIELD_KEYS: &[&str] = &[
    "id",
    "provider",
    "token",
    "created_at",
    "user_id",
    "provider_user_id",
    "column",
    "sql_type",
    "default",
];

/// Reads the struct and its attributes. Fails only on malformed syntax.
pub fn parse(input: &DeriveInput) -> syn::Result<ModelInput> {
    let fields = named_fields(input)?;
    let mut unknown_keys = Vec::new();
    let mut table = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("token")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("table") {
                set_once(&mut table, &meta)
            } else {
                unknown(&mut unknown_keys, STRUCT_KEYS, &meta)
            }
        })?;
    }
    let fields = fields
        .named
        .iter()
        .map(|field| parse_field(field, &mut unknown_keys))
        .collect::<syn::Result<_>>()?;
    Ok(ModelInput {
        ident: input.ident.clone(),
        table,
        fields,
        unknown_keys,
    })
}

/// The fields of a plain struct with named fields, without generics.
fn named_fields(input: &DeriveInput) -> syn::Result<&syn::FieldsNamed> {
    let shape = "#[derive(TokenModel)] goes on a struct with named fields, like \
                 `pub struct OAuth { id: i64, provider: String, token: Token, created_at: i64 }`";
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(input.ident.span(), shape));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(input.ident.span(), shape));
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            input.generics.span(),
            "a token model cannot have generic parameters; remove them",
        ));
    }
    Ok(fields)
}

fn parse_field(field: &syn::Field, unknown_keys: &mut Vec<UnknownKey>) -> syn::Result<FieldInput> {
    let ident = field.ident.clone().expect("named fields have names");
    let mut parsed = FieldInput {
        ident: syn::ext::IdentExt::unraw(&ident),
        ty: field.ty.to_token_stream(),
        ty_name: type_name(&field.ty),
        ty_site: Site::Tokens(field.ty.span()),
        role: None,
        column: None,
        sql_type: None,
        default: None,
    };
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("token")) {
        attr.parse_nested_meta(|meta| field_key(&mut parsed, unknown_keys, &meta))?;
    }
    Ok(parsed)
}

fn field_key(
    field: &mut FieldInput,
    unknown_keys: &mut Vec<UnknownKey>,
    meta: &ParseNestedMeta,
) -> syn::Result<()> {
    let key = meta.path.to_token_stream().to_string();
    match key.as_str() {
        "column" => set_once(&mut field.column, meta),
        "sql_type" => set_once(&mut field.sql_type, meta),
        "default" => set_once(&mut field.default, meta),
        _ => match Role::named(&key) {
            Some(_) if field.role.is_some() => Err(syn::Error::new(
                meta.path.span(),
                "a field has one role; keep one of its role flags",
            )),
            Some(role) => {
                field.role = Some(Spanned::new(role, Site::Tokens(meta.path.span())));
                Ok(())
            }
            None => unknown(unknown_keys, FIELD_KEYS, meta),
        },
    }
}

/// `key = "..."`, given at most once.
fn set_once(slot: &mut Option<Spanned<String>>, meta: &ParseNestedMeta) -> syn::Result<()> {
    if slot.is_some() {
        let key = meta.path.to_token_stream();
        return Err(syn::Error::new(
            meta.path.span(),
            format!("`{key}` is given twice; keep one"),
        ));
    }
    let value = meta.value()?;
    if !value.peek(LitStr) {
        return Err(value.error("expected a string literal, like `\"...\"`"));
    }
    let lit: LitStr = value.parse()?;
    *slot = Some(Spanned::new(lit.value(), Site::Tokens(lit.span())));
    Ok(())
}

/// Records the key for [`super::valid`] and skips its value (`= ...` or `(...)`).
fn unknown(
    unknown_keys: &mut Vec<UnknownKey>,
    known: &'static [&'static str],
    meta: &ParseNestedMeta,
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
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// A type as its last path segments read, `Option<String>` for `std::option::Option<String>`.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return String::new();
            };
            match &last.arguments {
                syn::PathArguments::AngleBracketed(args) => {
                    let inner: Vec<String> = args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => type_name(ty),
                            other => other.to_token_stream().to_string(),
                        })
                        .collect();
                    format!("{}<{}>", last.ident, inner.join(", "))
                }
                _ => last.ident.to_string(),
            }
        }
        other => other.to_token_stream().to_string().replace(' ', ""),
    }
}
