//! Data-driven checks of every preset, of either protocol, against expectations transcribed
//! independently from the references (`tests/data/preset_expectations.toml`):
//!
//! - `reference`: for every preset and option, offline, the base URL, config variable names and
//!   headers, and for OAuth 2 the login redirect, token URL and client auth; for OAuth 1 the
//!   three endpoints and the signature method;
//! - `dances`: every preset completes a full dance against the embedded dev provider with its
//!   endpoints pointed there, and what reached the provider (scope, client authentication, token
//!   body, API authorization scheme, headers) is what the expectations say.

mod cases;
mod dances;
mod reference;
