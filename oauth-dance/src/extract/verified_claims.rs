//! [`VerifiedClaims<P>`](VerifiedClaims): who the user is, from the verified ID token of their
//! login with `P`'s blueprint.

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::{FindBlueprint, ProviderClient};
use crate::error::Error;
use crate::oidc::IdTokenClaims;

/// Extracts the verified ID-token claims (OpenID Connect) of the user's login with the
/// blueprint `P` names: `sub`, `email`, `name`… as [`IdTokenClaims`], which this derefs to.
///
/// The blueprint must be a relying party
/// ([`openid_connect`](crate::BlueprintBuilder::openid_connect), an OpenID Connect preset, or
/// [`oidc::blueprint`](crate::oidc::blueprint)): its tokens are stored only once their ID token
/// passed every check, so these are verified claims. Without a stored token (or for a blueprint
/// that is not a relying party) the extraction fails with [`Error::NotAuthorized`], a 401; take
/// `Option<VerifiedClaims<P>>` to answer anonymous users yourself, or put
/// [`LoginRequired<P>`](crate::LoginRequired) first to send them to the login.
///
/// ```no_run
/// use oauth_dance::VerifiedClaims;
/// use oauth_dance::contrib::google::Google;
///
/// async fn hello(user: VerifiedClaims<Google>) -> String {
///     format!("Hello, {}", user.name().unwrap_or(user.subject()))
/// }
/// ```
pub struct VerifiedClaims<P: FindBlueprint> {
    claims: IdTokenClaims,
    provider: PhantomData<P>,
}

impl<P: FindBlueprint> VerifiedClaims<P> {
    /// The claims.
    pub fn into_inner(self) -> IdTokenClaims {
        self.claims
    }
}

impl<P: FindBlueprint> Deref for VerifiedClaims<P> {
    type Target = IdTokenClaims;

    fn deref(&self) -> &IdTokenClaims {
        &self.claims
    }
}

impl<P: FindBlueprint + 'static> FromRequest for VerifiedClaims<P> {
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let client = ProviderClient::<P>::of(req);
        Box::pin(async move {
            let client = client?;
            let claims = client.id_token_claims().await?;
            let name = client.blueprint().name().to_string();
            let claims = claims.ok_or(Error::NotAuthorized(name))?;
            Ok(VerifiedClaims {
                claims,
                provider: PhantomData,
            })
        })
    }
}
