//! [`ProviderClient<P>`](ProviderClient): the client of `P`'s blueprint for this request.

use std::future::{Ready, ready};
use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::FindBlueprint;
use crate::Client;
use crate::context::RequestContext;
use crate::error::Error;

/// Extracts the [`Client`] of the blueprint `P` names for this request (authorized or not:
/// check [`Client::authorized`], or use [`LoginRequired`](crate::LoginRequired)).
///
/// Presets have an alias: `oauth_dance::contrib::github::GitHubClient`.
///
/// ```no_run
/// use oauth_dance::contrib::github::GitHubClient;
///
/// async fn index(github: GitHubClient) -> Result<String, oauth_dance::Error> {
///     Ok(if github.authorized().await? { "in" } else { "out" }.to_string())
/// }
/// ```
pub struct ProviderClient<P: FindBlueprint> {
    client: Client,
    provider: PhantomData<P>,
}

impl<P: FindBlueprint> ProviderClient<P> {
    /// The client of the blueprint `P` names, for this request.
    pub fn of(req: &HttpRequest) -> Result<Self, Error> {
        let ctx = RequestContext::of(req)?;
        let blueprint = P::find(&ctx)?;
        Ok(ProviderClient {
            client: ctx.client_of(&blueprint),
            provider: PhantomData,
        })
    }

    /// The client.
    pub fn into_inner(self) -> Client {
        self.client
    }
}

impl<P: FindBlueprint> Deref for ProviderClient<P> {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl<P: FindBlueprint> FromRequest for ProviderClient<P> {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(ProviderClient::of(req))
    }
}
