//! The crate's errors: [`ConfigError`] at start-up, [`Error`] at run time, [`DanceError`] for a
//! dance (login → provider → callback) that did not complete, and [`TokenEndpointError`] for a
//! token endpoint that refused or failed.
//!
//! None of them ever carries a secret: tokens, codes, verifiers and client secrets stay out of
//! messages and `Debug` output.

mod config;
mod dance;
mod runtime;
mod token_endpoint;

pub use config::ConfigError;
pub use dance::DanceError;
pub use runtime::Error;
pub use token_endpoint::TokenEndpointError;

/// A result whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
