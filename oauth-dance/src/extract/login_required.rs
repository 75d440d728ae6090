//! [`LoginRequired<P>`](LoginRequired): the login-required guard, and its rejection.

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};
use futures_util::future::LocalBoxFuture;

use super::{FindBlueprint, ProviderClient};
use crate::blueprint::dance_error_page;
use crate::context::RequestContext;
use crate::error::Error;
use crate::session_state::LastDanceError;
use crate::{Blueprint, Client};

/// The login-required guard (Flask-Dance's `authorization_required`): extracts the client of the
/// blueprint `P` names when the user has a usable token, and otherwise redirects to the login
/// view, with `next` set so the user comes back here afterwards.
///
/// If the user's last dance with that blueprint just failed (they pressed "Deny", the provider
/// broke), it answers with that reason and a "Try again" link instead of redirecting straight
/// back into the provider's consent page.
///
/// ```no_run
/// use oauth_dance::{contrib::github::GitHub, LoginRequired};
///
/// async fn repos(github: LoginRequired<GitHub>) -> Result<String, oauth_dance::Error> {
///     Ok(github.get("user/repos").await?.text().await?)
/// }
/// ```
///
/// Take it as `Result<LoginRequired<P>, LoginRequiredRejection>` to answer differently, say
/// with a 401 on a JSON API route.
pub struct LoginRequired<P: FindBlueprint> {
    client: ProviderClient<P>,
}

impl<P: FindBlueprint> LoginRequired<P> {
    /// The client.
    pub fn into_inner(self) -> Client {
        self.client.into_inner()
    }
}

impl<P: FindBlueprint> Deref for LoginRequired<P> {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

/// Why [`LoginRequired`] did not give a client. As a response it is the redirect, the page or the
/// error it names.
#[non_exhaustive]
pub enum LoginRequiredRejection {
    /// The user has no usable token: log in at `location` (the login view, with `next`).
    NeedsLogin {
        /// Where to log in.
        location: String,
    },
    /// The user's last dance with this blueprint failed; answered with its failure page.
    LastDanceFailed(LastDanceError, FailurePage),
    /// The blueprint could not be found (or is not mounted), or its storage failed.
    Error(Error),
}

/// The failure page [`LoginRequiredRejection::LastDanceFailed`] answers with (once).
#[doc(hidden)]
pub struct FailurePage(RefCell<Option<HttpResponse>>);

impl fmt::Debug for LoginRequiredRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NeedsLogin { location } => f
                .debug_struct("NeedsLogin")
                .field("location", location)
                .finish(),
            Self::LastDanceFailed(failed, _) => {
                f.debug_tuple("LastDanceFailed").field(failed).finish()
            }
            Self::Error(err) => f.debug_tuple("Error").field(err).finish(),
        }
    }
}

impl fmt::Display for LoginRequiredRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NeedsLogin { .. } => f.write_str("login required"),
            Self::LastDanceFailed(failed, _) => {
                write!(f, "the last login failed: {}", failed.error)
            }
            Self::Error(err) => err.fmt(f),
        }
    }
}

impl ResponseError for LoginRequiredRejection {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NeedsLogin { .. } => StatusCode::FOUND,
            Self::LastDanceFailed(failed, _) => failed.error.status(),
            Self::Error(err) => err.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::NeedsLogin { location } => HttpResponse::Found()
                .insert_header((LOCATION, location.as_str()))
                .finish(),
            Self::LastDanceFailed(failed, page) => {
                page.0.borrow_mut().take().unwrap_or_else(|| {
                    HttpResponse::build(failed.error.status()).body(failed.error.to_string())
                })
            }
            Self::Error(err) => err.error_response(),
        }
    }
}

impl<P: FindBlueprint> FromRequest for LoginRequired<P> {
    type Error = LoginRequiredRejection;
    type Future = LocalBoxFuture<'static, Result<Self, LoginRequiredRejection>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let client = ProviderClient::<P>::of(req);
        let req = req.clone();
        Box::pin(async move {
            let client = client.map_err(LoginRequiredRejection::Error)?;
            if client
                .authorized()
                .await
                .map_err(LoginRequiredRejection::Error)?
            {
                return Ok(LoginRequired { client });
            }
            Err(rejection(client.blueprint(), &req))
        })
    }
}

/// Why a user without a token cannot go on: the last dance's failure, or a login to do.
fn rejection(blueprint: &Blueprint, req: &HttpRequest) -> LoginRequiredRejection {
    let Some(login) = blueprint.path_of(req, blueprint.login_route()) else {
        // Registered with Dance but not mounted: redirecting would loop, or land elsewhere.
        return LoginRequiredRejection::Error(Error::NotMounted(blueprint.name().to_string()));
    };
    if let Some(failed) = LastDanceError::take_for(&req.get_session(), blueprint.name())
        && let Ok(ctx) = RequestContext::of(req)
    {
        let page = dance_error_page(blueprint, req, &ctx, &failed.error);
        return LoginRequiredRejection::LastDanceFailed(
            failed,
            FailurePage(RefCell::new(Some(page))),
        );
    }
    LoginRequiredRejection::NeedsLogin {
        location: format!("{login}?next={}", here(req)),
    }
}

/// This request's path and query, for `next`.
fn here(req: &HttpRequest) -> String {
    let here = match req.uri().path_and_query() {
        Some(pq) => pq.as_str(),
        None => req.path(),
    };
    url::form_urlencoded::byte_serialize(here.as_bytes()).collect()
}
