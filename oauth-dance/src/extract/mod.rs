//! Extractors: what a handler names in its signature to get a provider client, to require a
//! login, or to show why the last dance failed.
//!
//! - [`ProviderClient<P>`](ProviderClient): the client of `P`'s blueprint, logged in or not;
//! - [`LoginRequired<P>`](LoginRequired): the client, or a redirect to login
//!   ([`LoginRequiredRejection`]);
//! - [`VerifiedClaims<P>`](VerifiedClaims): the verified ID-token claims of the user's login
//!   (OpenID Connect);
//! - [`LastDanceError`](crate::LastDanceError): why the last dance failed, once;
//! - [`FindBlueprint`]: how `P` names its blueprint (a provider type, or
//!   [`named_blueprint!`](crate::named_blueprint)).

mod find;
mod last_error;
mod login_required;
mod provider_client;
mod verified_claims;

pub use find::FindBlueprint;
pub use login_required::{FailurePage, LoginRequired, LoginRequiredRejection};
pub use provider_client::ProviderClient;
pub use verified_claims::VerifiedClaims;
