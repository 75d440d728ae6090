//! # The oauth-dance guide
//!
//! Flask-Dance's documentation, chapter by chapter, for Rust and actix-web: what OAuth is, what
//! the library does for you and how, and how to run and test an app that uses it. Every code
//! block here is compiled (and most are run) by `cargo test --doc`, so what it shows works with
//! this version. Where oauth-dance lacks something Flask-Dance documents, the chapter says so.
//!
//! 1. [Quickstart](quickstart): an example app per provider, then your own.
//! 2. [Concepts](concepts): provider, consumer, client credentials, tokens, local and provider
//!    accounts, blueprints, hooks.
//! 3. [Understanding the magic](magic): what each route does, the state, PKCE, the session.
//! 4. [Multi-user setups](multi_user): user association or user creation, several providers per
//!    user.
//! 5. [Logging out](logging_out): of the site, of the provider's token, revoking access.
//! 6. [Providers](providers): the presets and their options, OAuth 1, a provider of your own.
//! 7. [Token storages](storages): session, SQL, memory and null, and a storage of your own (a
//!    file on disk).
//! 8. [Hooks](hooks): before the login, after authorization, on errors.
//! 9. [How OAuth works](how_oauth_works): the OAuth 2 and OAuth 1 dances, step by step.
//! 10. [Proxies and HTTPS](proxies): the public URL, forwarded headers, `Secure` cookies, one
//!     session key for every instance.
//! 11. [Testing apps that use oauth-dance](testing): swapped storages, mock logins, recorded
//!     traffic, the embedded dev provider.
//! 12. [Deployment](deployment) (features `redis` and `postgres`): behind a TLS-terminating
//!     proxy, several instances, Redis sessions and PostgreSQL, per-instance caches, one
//!     refresh across instances, health and shutdown.
//!
//! Each chapter is a markdown file beside this one, included as a module with no items: one
//! file per chapter, and one line in this list. (`tests/guide.rs` checks that every chapter
//! file is included and listed, and that every listed chapter exists.)

#[doc = include_str!("quickstart.md")]
pub mod quickstart {}

#[doc = include_str!("concepts.md")]
pub mod concepts {}

#[doc = include_str!("magic.md")]
pub mod magic {}

#[doc = include_str!("multi_user.md")]
pub mod multi_user {}

#[doc = include_str!("logging_out.md")]
pub mod logging_out {}

#[doc = include_str!("providers.md")]
pub mod providers {}

#[doc = include_str!("storages.md")]
pub mod storages {}

#[doc = include_str!("hooks.md")]
pub mod hooks {}

#[doc = include_str!("how_oauth_works.md")]
pub mod how_oauth_works {}

#[doc = include_str!("proxies.md")]
pub mod proxies {}

#[doc = include_str!("testing.md")]
pub mod testing {}
// Its code and links use `RedisSessions` and PostgreSQL.
#[cfg(all(feature = "redis", feature = "postgres"))]
#[doc = include_str!("deployment.md")]
pub mod deployment {}
