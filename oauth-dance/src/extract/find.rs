//! [`FindBlueprint`]: how an extractor's type parameter names the blueprint it wants.

use crate::Blueprint;
use crate::context::RequestContext;
use crate::error::Error;
use crate::provider::Provider;

/// A type that names a registered blueprint, for the extractors
/// ([`LoginRequired<P>`](crate::LoginRequired), [`ProviderClient<P>`](crate::ProviderClient)) and
/// [`Client::current_for`](crate::Client::current_for).
///
/// Every provider type names the app's blueprint of that provider, whatever it was renamed to
/// (with several, the one that kept the provider's own name). A blueprint built with the plain
/// builder, or a second blueprint of the same provider, is named with
/// [`named_blueprint!`](crate::named_blueprint).
pub trait FindBlueprint: 'static {
    /// The blueprint this type names, among the request's registered blueprints.
    fn find(ctx: &RequestContext) -> Result<Blueprint, Error>;
}

impl<P: Provider> FindBlueprint for P {
    fn find(ctx: &RequestContext) -> Result<Blueprint, Error> {
        ctx.blueprint_of::<P>()
    }
}

/// Defines a type that names a registered blueprint by its name, for the extractors: for a
/// blueprint built with the plain builder, or for the second of two blueprints of one provider.
///
/// ```no_run
/// use oauth_dance::{LoginRequired, named_blueprint};
///
/// // Two GitHub apps: `LoginRequired<GitHub>` is the one named "github",
/// // `LoginRequired<GitHubWork>` the one built with `.name("github-work")`.
/// named_blueprint!(pub GitHubWork = "github-work");
///
/// async fn work_repos(github: LoginRequired<GitHubWork>) -> Result<String, oauth_dance::Error> {
///     Ok(github.get("user/repos").await?.text().await?)
/// }
/// ```
#[macro_export]
macro_rules! named_blueprint {
    ($(#[$meta:meta])* $vis:vis $ty:ident = $name:literal) => {
        $(#[$meta])*
        #[doc = concat!("Names the blueprint `", $name, "` for the oauth-dance extractors.")]
        $vis struct $ty;

        impl $crate::FindBlueprint for $ty {
            fn find(
                ctx: &$crate::RequestContext,
            ) -> ::core::result::Result<$crate::Blueprint, $crate::Error> {
                ctx.blueprint($name)
            }
        }
    };
}
