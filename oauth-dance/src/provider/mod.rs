//! What a provider *is*, as data: the [`Provider`] trait `#[derive(OAuthProvider)]` implements,
//! and the static [`ProviderSpec`] it fills in: what every protocol has, and in
//! [`ProviderSpec::protocol`] the part of its protocol ([`ProtocolSpec`]: an [`OAuth2Spec`] or
//! an [`OAuth1Spec`]).
//!
//! Presets in `providers.toml` and custom providers written with the derive both end up here:
//! `build.rs` expands each TOML table with the derive's own generator (`oauth-dance-codegen`),
//! so the two cannot drift.
//! The vocabulary a spec is written in ([`Quirk`], [`ClientAuth`], [`Protocol`], the option
//! types, the defaults and naming rules) comes from `oauth-dance-spec`, which the generator uses
//! too, so the two can never disagree.
//!
//! A spec can also be written by hand, with `const fn` setters that start from the defaults:
//!
//! ```
//! use oauth_dance::provider::{OAuth2Spec, ProtocolSpec, Provider, ProviderSpec};
//!
//! pub struct Example;
//!
//! impl Provider for Example {
//!     const SPEC: ProviderSpec = ProviderSpec::new("example")
//!         .display_name("Example")
//!         .base_url("https://api.oauth-example.com/")
//!         .authorization_url("https://oauth-example.com/login/oauth/authorize")
//!         .protocol(ProtocolSpec::OAuth2(
//!             OAuth2Spec::new()
//!                 .token_url("https://oauth-example.com/login/oauth/access_token")
//!                 .scope(&["read"]),
//!         ));
//! }
//!
//! assert_eq!(Example::SPEC.client_id_var(), "EXAMPLE_OAUTH_CLIENT_ID");
//! ```

mod option;
mod protocol;
pub(crate) mod resolve;
mod spec;

pub use oauth_dance_spec::naming::{Credential, SigningPart};
pub use oauth_dance_spec::{ClientAuth, OptionType, Protocol, Quirk};
pub use option::{OptionEffect, OptionKind, OptionSpec, OptionValue};
pub use protocol::{OAuth1Spec, OAuth2Spec, ProtocolSpec};
pub use spec::ProviderSpec;

/// A provider known at compile time, whatever its protocol: implemented by
/// `#[derive(OAuthProvider)]` (or by hand). Its [`SPEC`](Self::SPEC) says which protocol it
/// speaks, and so which builder its typed blueprint wraps.
///
/// Every provider type also names its blueprint for the extractors
/// ([`LoginRequired<P>`](crate::LoginRequired), [`ProviderClient<P>`](crate::ProviderClient)):
/// the blueprint an app registered for that provider, whatever it was renamed to.
///
/// ```
/// use oauth_dance::{OAuthProvider, provider::Provider};
///
/// #[derive(OAuthProvider)]
/// #[oauth(
///     name = "example",
///     base_url = "https://api.oauth-example.com/",
///     authorization_url = "https://oauth-example.com/login/oauth/authorize",
///     token_url = "https://oauth-example.com/login/oauth/access_token",
/// )]
/// pub struct Example;
///
/// assert_eq!(Example::SPEC.name, "example");
/// ```
pub trait Provider: 'static {
    /// The provider's static description.
    const SPEC: ProviderSpec;
}
