//! # oauth-dance-dev
//!
//! The development and test companion of [`oauth-dance`](oauth_dance):
//!
//! - [`DevProvider`]: an embedded OAuth 2 provider on a loopback port, so an app runs offline with
//!   no registered OAuth app, and tests talk to a real authorization server over real HTTP;
//! - [`kit`]: what end-to-end tests of an oauth-dance app need (an app on a loopback port, a
//!   cookie-keeping browser that walks through a dance).
//!
//! It is a separate crate so that "never reachable in production" is a crate boundary: depend on
//! it as a dev-dependency (tests, examples), never as a dependency of a production binary.
//!
//! ```toml
//! [dev-dependencies]
//! oauth-dance-dev = "0.1"
//! ```
//!
//! **The dev provider lets anyone log in as anyone.** It only runs when code starts it, and only
//! listens on `127.0.0.1`.

#![warn(missing_docs)]

pub mod kit;
mod provider;

pub use provider::{
    BasicCredentials, DEV_EC_PRIVATE_KEY, DEV_EC_PUBLIC_KEY, DevProvider, DevProviderBuilder,
    DevUser, Dialect, DiscoveryFault, IdTokenFault, MAX_LIFETIME_SECS, Misbehaviour,
    ReceivedRequest, TokenShape,
};
