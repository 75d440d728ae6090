//! Extractors: what a handler names in its signature to get a provider client, to require a
//! login, or to show why the last dance failed.

pub(crate) mod last_error;
mod login_required;
mod provider_client;

pub use last_error::LastDanceError;
pub use login_required::LoginRequired;
pub use provider_client::ProviderClient;
