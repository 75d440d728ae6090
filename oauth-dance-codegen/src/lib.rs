//! The one provider generator behind `oauth-dance`.
//!
//! A provider is described either by `#[derive(OAuthProvider)]` on a struct (custom providers)
//! or by a table of `providers.toml` (presets). Both go through the same pipeline:
//!
//! ```text
//! #[oauth(...)] ── attr ──┐
//!                         ├─> ProviderInput ── valid ──> Provider ── expand ──> Rust items
//! providers.toml ─ preset ┘                                  │
//!                                                            └─ presets: one module per table,
//!                                                               each holding the derive invocation
//! ```
//!
//! `build.rs` calls [`generate_presets`], which validates every table with the same validator as
//! the derive and writes each as the `#[derive(OAuthProvider)]` a user would write, so the derive
//! is the only code generator and `providers.toml` is its data front end.

pub mod attr;
pub mod expand;
pub mod model;
pub mod preset;
pub mod presets;
pub mod valid;

use proc_macro2::TokenStream;

pub use model::QUIRKS;
pub use presets::{PresetError, generate_presets, providers_table_markdown};

/// `#[derive(OAuthProvider)]`: the struct and its `#[oauth(...)]` attributes in, the provider's
/// items out; every problem as a `syn::Error` at the offending token.
pub fn derive_provider(input: TokenStream) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(input)?;
    let provider = attr::parse(&input)?;
    let provider = valid::validate(&provider).map_err(|d| model::to_syn_error(&d))?;
    Ok(expand::expand(&provider))
}
