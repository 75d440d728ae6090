use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::http::header::LOCATION;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use actix_session::SessionExt;

use super::last_error::LastDanceError;
use super::provider_client::client_for;
use crate::Client;
use crate::blueprint::dance_error_page;
use crate::provider::Provider;

/// The login-required guard (Flask-Dance's `authorization_required`): extracts the client of
/// provider `P` when the user has a valid token, and otherwise redirects to the login view,
/// with `next` set so the user comes back here afterwards.
///
/// If the user's last dance with `P` just failed (they pressed "Deny", the provider broke),
/// it answers with that reason and a "Try again" link instead of redirecting straight back
/// into the provider's consent page.
///
/// ```no_run
/// use oauth_dance::{contrib::github::GitHub, LoginRequired};
///
/// async fn repos(github: LoginRequired<GitHub>) -> Result<String, oauth_dance::Error> {
///     Ok(github.get("user/repos").await?.text().await?)
/// }
/// ```
pub struct LoginRequired<P: Provider> {
    client: Client,
    provider: PhantomData<P>,
}

impl<P: Provider> LoginRequired<P> {
    /// The client.
    pub fn into_inner(self) -> Client {
        self.client
    }
}

impl<P: Provider> Deref for LoginRequired<P> {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl<P: Provider> FromRequest for LoginRequired<P> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let client = client_for(req, P::SPEC.name);
        let login = login_location(req, P::SPEC.name);
        let req = req.clone();
        Box::pin(async move {
            let client = client?;
            if client.authorized().await? {
                return Ok(LoginRequired {
                    client,
                    provider: PhantomData,
                });
            }
            if let Some(failed) = LastDanceError::take_for(&req.get_session(), P::SPEC.name) {
                let page = dance_error_page(client.blueprint(), &req, &failed.error);
                return Err(InternalError::from_response("login failed", page).into());
            }
            let redirect = HttpResponse::Found()
                .insert_header((LOCATION, login))
                .finish();
            Err(InternalError::from_response("login required", redirect).into())
        })
    }
}

/// The login view's path, with `next` pointing back at this request.
fn login_location(req: &HttpRequest, name: &str) -> String {
    let login = req
        .url_for_static(&format!("{name}.login"))
        .map(|u| u.path().to_string())
        .unwrap_or_else(|_| "/".to_string());
    let here = match req.uri().path_and_query() {
        Some(pq) => pq.as_str().to_string(),
        None => req.path().to_string(),
    };
    let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("{login}?next={next}")
}
