//! The token model, in two stages.
//!
//! 1. [`ModelInput`]: the struct and its `#[token(...)]` attributes as written ([`super::attr`]),
//!    with the place of every value. Nothing is checked beyond the syntax.
//! 2. [`Model`]: the same after [`super::valid::validate`]: every column has its role, its SQL
//!    type and a name SQL accepts. [`super::sql`] and [`super::expand`] read only this.

use proc_macro2::TokenStream;
use syn::Ident;

use crate::diag::{Site, Spanned};

/// A column's part in the storage: the six Flask-Dance columns, or one of the app's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `id`: the row's key.
    Id,
    /// `provider`: the blueprint's name.
    Provider,
    /// `token`: the token response, as JSON.
    Token,
    /// `created_at`: when the row was created (Unix seconds).
    CreatedAt,
    /// `user_id`: the local user.
    UserId,
    /// `provider_user_id`: who the user is at the provider.
    ProviderUserId,
}

impl Role {
    /// Every role, in the order columns are documented.
    pub const ALL: [Role; 6] = [
        Role::Id,
        Role::Provider,
        Role::Token,
        Role::CreatedAt,
        Role::UserId,
        Role::ProviderUserId,
    ];

    /// The attribute flag, and the field name that takes the role without one.
    pub fn name(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Provider => "provider",
            Role::Token => "token",
            Role::CreatedAt => "created_at",
            Role::UserId => "user_id",
            Role::ProviderUserId => "provider_user_id",
        }
    }

    /// The role of this attribute flag or field name.
    pub fn named(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// One field as written.
#[derive(Clone, Debug)]
pub struct FieldInput {
    /// The field's name (raw identifiers unprefixed).
    pub ident: Ident,
    /// Its type, as written.
    pub ty: TokenStream,
    /// Its type as its last path segments read (`Option<String>` for
    /// `std::option::Option<String>`), for the checks.
    pub ty_name: String,
    /// Where its type was written.
    pub ty_site: Site,
    /// A role flag (`#[token(token)]`), with its place.
    pub role: Option<Spanned<Role>>,
    /// `column = "..."`.
    pub column: Option<Spanned<String>>,
    /// `sql_type = "..."`.
    pub sql_type: Option<Spanned<String>>,
    /// `default = "..."`.
    pub default: Option<Spanned<String>>,
}

/// A key the attribute does not know, with the keys it accepts at that place.
#[derive(Clone, Debug)]
pub struct UnknownKey {
    /// The key as written.
    pub key: Spanned<String>,
    /// The keys accepted there.
    pub known: &'static [&'static str],
}

/// The struct and its attributes, as written.
#[derive(Clone, Debug)]
pub struct ModelInput {
    /// The struct's name (missing columns are reported there).
    pub ident: Ident,
    /// `table = "..."`.
    pub table: Option<Spanned<String>>,
    /// The fields, in order.
    pub fields: Vec<FieldInput>,
    /// Keys the attribute did not recognise.
    pub unknown_keys: Vec<UnknownKey>,
}

impl ModelInput {
    /// The place of the whole struct.
    pub fn site(&self) -> Site {
        Site::Tokens(self.ident.span())
    }
}

/// A column's type, as far as the storage and the DDL care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// `i64`, the row key (`INTEGER PRIMARY KEY` / identity).
    Key,
    /// Text, not null.
    Text,
    /// A 64-bit integer, not null.
    BigInt,
    /// The token, as JSON (`TEXT` / `JSONB`).
    Json,
    /// `Option<String>`.
    NullableText,
    /// `Option<i64>`.
    NullableBigInt,
    /// An app's own column: its SQL type, whether it may be NULL, its default.
    Own {
        sql_type: String,
        nullable: bool,
        default: Option<String>,
    },
}

/// A validated column.
#[derive(Clone, Debug)]
pub struct Column {
    /// The struct's field.
    pub field: Ident,
    /// The field's type, as written.
    pub ty: TokenStream,
    /// The column's name.
    pub name: String,
    /// Its role, or `None` for the app's own column.
    pub role: Option<Role>,
    /// Its type.
    pub ty_sql: ColumnType,
}

/// A validated model.
#[derive(Clone, Debug)]
pub struct Model {
    /// The struct's name.
    pub ident: Ident,
    /// The table's name.
    pub table: String,
    /// Every column, in field order.
    pub columns: Vec<Column>,
}

impl Model {
    /// The column of `role`, if the model has one.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == Some(role))
    }

    /// The name of the column of a role every valid model has.
    pub fn name(&self, role: Role) -> &str {
        self.column(role).map_or("", |c| c.name.as_str())
    }

    /// Whether the local user's id is an integer.
    pub fn integer_user(&self) -> bool {
        self.column(Role::UserId)
            .is_some_and(|c| c.ty_sql == ColumnType::NullableBigInt)
    }
}
