//! `#[derive(TokenModel)]`: a struct describing a table of tokens (Flask-Dance's
//! `OAuthConsumerMixin`), turned into what the SQL storage runs. The same pipeline as the
//! provider derive, sharing its diagnostics:
//!
//! ```text
//! struct + #[token(...)] ── attr ──> ModelInput ── valid ──> Model ──┬─ sql ────> statements, DDL
//!                                     (model)                       └─ expand ─> Rust items
//! ```

mod attr;
mod expand;
mod model;
mod sql;
mod valid;

use proc_macro2::TokenStream;

/// `#[derive(TokenModel)]`: the model's items, or the errors (each at its token) with stand-ins
/// for the items its users name, so that no error follows from the first.
pub fn derive(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    match try_derive(&input) {
        Ok(items) => items,
        Err(err) => {
            let errors = err.to_compile_error();
            let fallback = expand::fallback(&input.ident);
            quote::quote!(#errors #fallback)
        }
    }
}

/// The derive without its fallback: the items, or every problem.
pub fn try_derive(input: &syn::DeriveInput) -> syn::Result<TokenStream> {
    let model = attr::parse(input)?;
    let model = valid::validate(&model).map_err(|d| crate::diag::to_syn_error(&d))?;
    Ok(expand::expand(&model))
}
