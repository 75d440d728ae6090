//! The code `#[derive(TokenModel)]` generates, from a validated [`Model`]:
//!
//! 1. `impl TokenModel`: the table, its user key, its statements and its schema ([`super::sql`]);
//! 2. `impl sqlx::FromRow` for any database's rows, by column name (for the app's own queries);
//! 3. `impl Debug`, which shows the row's identity and never the token.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use super::model::{ColumnType, Model, Role};
use super::sql;

/// Every item generated for `model`.
pub fn expand(model: &Model) -> TokenStream {
    let spec = spec_impl(model);
    let from_row = from_row(model);
    let debug = debug(model);
    quote! {
        #spec
        #from_row
        #debug
    }
}

fn spec_impl(model: &Model) -> TokenStream {
    let ident = &model.ident;
    let table = &model.table;
    let user_key = match model.column(Role::UserId) {
        None => quote!(::core::option::Option::None),
        Some(_) if model.integer_user() => {
            quote!(::core::option::Option::Some(
                ::oauth_dance::__private::UserKey::Integer
            ))
        }
        Some(_) => quote!(::core::option::Option::Some(
            ::oauth_dance::__private::UserKey::Text
        )),
    };
    let accounts = model.column(Role::ProviderUserId).is_some();
    let statements = statements(model);
    let sqlite = sql::schema_sqlite(model);
    let postgres = sql::schema_postgres(model);
    quote! {
        #[automatically_derived]
        impl ::oauth_dance::__private::TokenModel for #ident {
            const MODEL: ::oauth_dance::__private::ModelSpec = ::oauth_dance::__private::ModelSpec {
                table: #table,
                user_key: #user_key,
                provider_user_id: #accounts,
                sql: #statements,
                schema: ::oauth_dance::__private::Schema {
                    sqlite: #sqlite,
                    postgres: #postgres,
                },
            };
        }
    }
}

fn statements(model: &Model) -> TokenStream {
    let sql::Statements {
        get_for_user,
        get_without_user,
        update_for_user,
        update_without_user,
        insert,
        replace_for_user,
        replace_without_user,
        delete_for_user,
        delete_without_user,
        account_owner,
        link_account,
        select,
    } = sql::statements(model);
    quote! {
        ::oauth_dance::__private::Statements {
            get_for_user: #get_for_user,
            get_without_user: #get_without_user,
            update_for_user: #update_for_user,
            update_without_user: #update_without_user,
            insert: #insert,
            replace_for_user: #replace_for_user,
            replace_without_user: #replace_without_user,
            delete_for_user: #delete_for_user,
            delete_without_user: #delete_without_user,
            account_owner: #account_owner,
            link_account: #link_account,
            select: #select,
        }
    }
}

/// A `FromRow` for rows of any database whose driver decodes the fields' types.
fn from_row(model: &Model) -> TokenStream {
    let ident = &model.ident;
    let sqlx = quote!(::oauth_dance::sqlx);
    let json = quote!(#sqlx::types::Json<::oauth_dance::Token>);
    let mut bounds = Vec::new();
    let fields = model.columns.iter().map(|column| {
        let (field, name) = (&column.field, &column.name);
        if column.ty_sql == ColumnType::Json {
            bounds.push(json.clone());
            quote!(#field: #sqlx::Row::try_get::<#json, _>(row, #name)?.0)
        } else {
            let ty = &column.ty;
            bounds.push(quote!(#ty));
            quote!(#field: #sqlx::Row::try_get::<#ty, _>(row, #name)?)
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
    quote! {
        #[automatically_derived]
        impl<'r, R: #sqlx::Row> #sqlx::FromRow<'r, R> for #ident
        where
            &'static str: #sqlx::ColumnIndex<R>,
            #(#bounds: #sqlx::Decode<'r, R::Database> + #sqlx::Type<R::Database>,)*
        {
            fn from_row(row: &'r R) -> ::core::result::Result<Self, #sqlx::Error> {
                ::core::result::Result::Ok(#ident { #(#fields,)* })
            }
        }
    }
}

/// The row's identity (id, provider, local user, provider account, creation time); never the
/// token, nor the app's own columns (they may hold secrets too).
fn debug(model: &Model) -> TokenStream {
    let ident = &model.ident;
    let name = ident.to_string();
    let shown = model
        .columns
        .iter()
        .filter(|c| c.role.is_some_and(|role| role != Role::Token))
        .map(|c| {
            let (field, label) = (&c.field, c.field.to_string());
            quote!(.field(#label, &self.#field))
        });
    quote! {
        #[automatically_derived]
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#shown)* .finish_non_exhaustive()
            }
        }
    }
}

/// What a model with errors still provides, so the compiler reports the real errors and not
/// "`TokenModel` is not implemented" wherever the model is used.
pub fn fallback(ident: &Ident) -> TokenStream {
    quote! {
        impl ::oauth_dance::__private::TokenModel for #ident {
            const MODEL: ::oauth_dance::__private::ModelSpec = ::oauth_dance::__private::ModelSpec::INVALID;
        }
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::core::stringify!(#ident))
            }
        }
    }
}
