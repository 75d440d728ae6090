//! The one provider generator behind `oauth-dance`.
//!
//! A provider is described either by `#[derive(OAuthProvider)]` on a struct (custom providers)
//! or by a table of `providers.toml` (presets). Both go through the same pipeline
//! (`provider/`): a reader per front end, one validator, one expansion.
//!
//! `build.rs` calls [`generate_presets`], which validates every table with the same validator as
//! the derive and expands it with the derive's expansion, except for the typed builder: a preset's
//! is an alias of the runtime's one generic `PresetBlueprint`, so the crate compiles the builder
//! methods once rather than once per preset (a derive in another crate cannot add methods to that
//! type, so it generates a builder struct of its own).
//!
//! `#[derive(TokenModel)]` (`token_model/`) is the second derive: a struct describing a table of
//! tokens for the SQL storage, through the same stages (attribute → model → validation →
//! expansion). Both share the diagnostics (`diag.rs`: sites, spanned values, messages) and the
//! typo suggestions (`suggest.rs`).

mod diag;
mod provider;
mod suggest;
mod token_model;

use proc_macro2::TokenStream;

pub use provider::{
    PresetError, generate_presets, generate_presets_for_dependent_crate, providers_table_markdown,
};

/// `#[derive(OAuthProvider)]`: the struct and its `#[oauth(...)]` attributes in, the provider's
/// items out. On a bad definition, every problem as a `compile_error!` at the offending token,
/// beside stand-ins for the items the struct's users name, so that no error follows from the
/// first.
pub fn derive_provider(input: TokenStream) -> TokenStream {
    provider::derive(input)
}

/// `#[derive(TokenModel)]`: the struct and its `#[token(...)]` attributes in, the SQL storage's
/// description of the table (statements, schema for SQLite and PostgreSQL), a `sqlx::FromRow`
/// and a `Debug` without the token out. On a bad definition, every problem as a
/// `compile_error!` at the offending token.
pub fn derive_token_model(input: TokenStream) -> TokenStream {
    token_model::derive(input)
}

/// Not an API: the stages of the pipeline, for this crate's own integration tests.
#[doc(hidden)]
pub mod __internals {
    pub use crate::diag::{Site, Spanned, TomlSite};
    pub use crate::provider::internals::*;
    pub use crate::provider::try_derive;
}
