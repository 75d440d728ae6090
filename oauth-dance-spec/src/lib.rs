//! The provider vocabulary of `oauth-dance`, written once and shared by the runtime
//! (`oauth-dance`) and the code generator (`oauth-dance-codegen`, behind `build.rs` and
//! `#[derive(OAuthProvider)]`), so the two can never disagree on a name, a default or a rule.
//!
//! - [`Quirk`]: named provider behaviours the runtime implements;
//! - [`ClientAuth`]: how a client authenticates at the token endpoint;
//! - [`Protocol`]: which flow a provider speaks;
//! - [`SignatureMethod`], [`SignaturePlacement`]: how OAuth 1 requests are signed, and where
//!   their protocol parameters go;
//! - [`OptionType`]: the types a provider option can have;
//! - [`defaults`]: every default value of a provider definition;
//! - [`naming`]: the rules for blueprint names and the names derived from them (environment
//!   variables, route names, module names);
//! - [`template`]: the `{placeholder}` grammar of URLs, headers, routes and session keys;
//! - [`builder_methods`]: the methods every typed blueprint builder has, which an option cannot be
//!   named after.
//!
//! This crate has no dependencies; users reach it through `oauth_dance::provider`.

pub mod builder_methods;
pub mod client_auth;
pub mod defaults;
pub mod naming;
mod option_type;
mod protocol;
mod quirk;
mod signature;
pub mod template;

pub use client_auth::ClientAuth;
pub use option_type::OptionType;
pub use protocol::Protocol;
pub use quirk::Quirk;
pub use signature::{SignatureMethod, SignaturePlacement};
