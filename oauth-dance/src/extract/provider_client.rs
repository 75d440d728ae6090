use std::future::{Ready, ready};
use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::Client;
use crate::context::RequestContext;
use crate::error::Error;
use crate::provider::Provider;

/// Extracts the [`Client`] of provider `P` for this request (authorized or not: check
/// [`Client::authorized`], or use [`LoginRequired`](crate::LoginRequired)).
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
pub struct ProviderClient<P: Provider> {
    client: Client,
    provider: PhantomData<P>,
}

impl<P: Provider> ProviderClient<P> {
    /// The client.
    pub fn into_inner(self) -> Client {
        self.client
    }
}

impl<P: Provider> Deref for ProviderClient<P> {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl<P: Provider> FromRequest for ProviderClient<P> {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(client_for(req, P::SPEC.name).map(|client| ProviderClient {
            client,
            provider: PhantomData,
        }))
    }
}

pub(crate) fn client_for(req: &HttpRequest, name: &str) -> Result<Client, Error> {
    RequestContext::of(req)?.client(name)
}
