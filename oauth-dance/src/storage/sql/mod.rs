//! SQL token storage on real databases: SQLite (bundled; a file, or in memory) and PostgreSQL,
//! chosen by the URL (features `sqlite`, on by default, and `postgres`). Flask-Dance's
//! `SQLAlchemyStorage` and `OAuthConsumerMixin`.
//!
//! ```no_run
//! use actix_web::{App, cookie::Key, web};
//! use oauth_dance::{Dance, contrib::github, storage};
//! use oauth_dance::storage::sql::{SqlStorage, TokenCache};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let tokens = SqlStorage::connect("sqlite:tokens.db")
//!     .await?
//!     .cache(TokenCache::new(std::time::Duration::from_secs(30), 100_000));
//! tokens.migrate().await?; // explicitly, once: never on a request
//! let github = github::blueprint().storage(tokens.clone()).build()?;
//! let dance = Dance::new(Key::generate())
//!     .blueprint(&github)
//!     // Tokens are filed under the local user your login put in the session.
//!     .local_user(storage::session_user("user_id"));
//! # Ok(()) }
//! ```
//!
//! - [`SqlStorage`]: the storage; [`SqlPool`]: its connections.
//! - [`TokenModel`] (derive it with [`#[derive(TokenModel)]`](crate::TokenModel)): the table,
//!   with your own columns if you want; [`OAuthToken`] is the built-in one.
//! - User association: tokens belong to the context's local user
//!   ([`StorageContext::user`](crate::storage::StorageContext::user)); the rules, and where
//!   they differ from Flask-Dance's, are in the `user` module's docs below and in the README.
//! - [`TokenCache`]: an optional in-process cache.
//! - Migrations: [`SqlStorage::migrate`], or the SQL files of `migrations/`.
//!
//! ## User association
//!
//! A token belongs to the local user of its [`StorageContext`](crate::storage::StorageContext):
//! one row per provider and user, so a user can link several providers and a provider serves
//! many users. A user is required when the context knows users (the app set
//! [`Dance::local_user`](crate::Dance::local_user), or the context is
//! [`StorageContext::for_user`](crate::storage::StorageContext::for_user)), unless the storage
//! says [`user_required(false)`](SqlStorage::user_required). Then:
//!
//! - storing without a user fails with [`StorageError::no_user`](crate::storage::StorageError::no_user);
//! - reading without a user finds no token and deleting deletes nothing (an anonymous visitor is
//!   not logged in with the provider; Flask-Dance raises here, the cause of its issues #87, #88,
//!   #100, #106, #120 and #243);
//! - without a user only the row *without* a user is touched (Flask-Dance's `set` with no user
//!   first deletes the provider's every row, everybody's tokens);
//! - a model without a `user_id` column (one token per provider for the site) refuses contexts
//!   that know users unless `user_required(false)` says that is what you want.
//!
//! `set` overwrites the token of the existing row (its id, `created_at` and your own columns
//! stay) or inserts one; Flask-Dance deletes and re-inserts. Unique indexes keep one row per
//! provider and user under concurrent writers.

mod cache;
mod default_model;
mod error;
mod migrate;
mod model;
mod pool;
mod storage;
mod user;

pub use cache::TokenCache;
pub use default_model::OAuthToken;
pub use model::{ModelSpec, Schema, Statements, TokenModel, UserKey};
pub use pool::{Backend, SqlPool};
pub use storage::SqlStorage;
