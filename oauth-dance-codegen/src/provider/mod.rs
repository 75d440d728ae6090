//! `#[derive(OAuthProvider)]` and its `providers.toml` front end: one pipeline with two
//! readers.
//!
//! ```text
//! #[oauth(...)] ── attr ──┐  (keys: which keys exist, where their values go)
//!                         ├─> ProviderInput ── valid ──> Provider ──┬─ expand ──> Rust items
//! providers.toml ─ toml ──┘        (model)                          ├─ print ───> #[oauth(...)]
//!                                                                   └─ contrib ─> presets source
//! ```
//!
//! A bad attribute still expands to the items the struct's users name ([`fallback`]), so the
//! compiler shows the real errors and nothing else.

mod attr;
mod contrib;
mod expand;
mod fallback;
mod key_docs;
mod keys;
mod model;
mod print;
mod toml;
mod valid;

use std::fmt;

use proc_macro2::TokenStream;

pub use contrib::{
    generate_presets, generate_presets_for_dependent_crate, providers_table_markdown,
};
use model::Provider;

/// `#[derive(OAuthProvider)]`: the provider's items, or the errors (each at its token) with the
/// fallback items.
pub fn derive(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    match try_derive(&input) {
        Ok(items) => items,
        Err(err) => {
            let errors = err.to_compile_error();
            let fallback = fallback::expand(&input);
            quote::quote!(#errors #fallback)
        }
    }
}

/// The derive without its fallback: the items, or every problem.
pub fn try_derive(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let provider = attr::parse(input)?;
    let provider = valid::validate(&provider).map_err(|d| crate::diag::to_syn_error(&d))?;
    Ok(expand::expand(&provider))
}

/// Reads and validates every table of `providers.toml`.
pub fn read_presets(toml: &str) -> Result<Vec<Provider>, PresetError> {
    let inputs = match toml::parse(toml) {
        Ok(inputs) => inputs,
        Err(toml::ReadError::Syntax(message)) => {
            return Err(PresetError {
                messages: vec![message],
            });
        }
        Err(toml::ReadError::Shape(diagnostics)) => {
            return Err(PresetError::from_diagnostics(diagnostics));
        }
    };
    let mut diagnostics = valid::validate_preset_set(&inputs);
    let mut providers = Vec::new();
    for input in &inputs {
        match valid::validate(input) {
            Ok(provider) => providers.push(provider),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    if diagnostics.is_empty() {
        Ok(providers)
    } else {
        Err(PresetError::from_diagnostics(diagnostics))
    }
}

/// Everything wrong with a `providers.toml`, one line per problem, each naming the provider, the
/// key, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    messages: Vec<String>,
}

impl PresetError {
    /// One message per problem, in file order.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    fn from_diagnostics(mut diagnostics: Vec<crate::diag::Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| d.position());
        PresetError {
            messages: diagnostics.iter().map(ToString::to_string).collect(),
        }
    }
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages.join("\n"))
    }
}

impl std::error::Error for PresetError {}

/// The crate's internals, for its own integration tests.
pub mod internals {
    pub use super::attr::parse as parse_attribute;
    pub use super::expand::expand;
    pub use super::key_docs::{attribute_keys_markdown, toml_keys_comment};
    pub use super::keys::{OPTION, PAIR, PROVIDER, Syntax, names as key_names};
    pub use super::model::{ProviderInput, Scalar};
    pub use super::print::attribute;
    pub use super::read_presets;
    pub use super::toml::{ReadError, parse as parse_toml};
}
