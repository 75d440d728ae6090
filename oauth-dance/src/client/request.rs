//! [`ApiRequest`]: a request to the provider's API being built; `.await` sends it.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use url::Url;

use super::Client;
use super::call::{ApiBody, ApiCall, pairs};
use crate::error::Error;
use crate::observe;
use crate::transport::RequestKind;
use std::time::Instant;

/// A request being built; `.await` sends it.
#[must_use = "a request does nothing until awaited"]
pub struct ApiRequest<'c> {
    client: &'c Client,
    method: Method,
    url: Result<Url, Error>,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: ApiBody,
    any_host: bool,
    error: Option<Error>,
}

impl<'c> ApiRequest<'c> {
    pub(super) fn new(client: &'c Client, method: Method, url: &str) -> Self {
        ApiRequest {
            client,
            method,
            url: client.url(url),
            query: Vec::new(),
            headers: Vec::new(),
            body: ApiBody::None,
            any_host: false,
            error: None,
        }
    }

    /// Adds query parameters (anything that serializes to a flat JSON object or list of pairs).
    pub fn query<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        match pairs(params) {
            Ok(p) => self.query.extend(p),
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Adds a header (it wins over the provider's headers and the token's).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => self.headers.push((n, v)),
            _ => self.error = Some(Error::InvalidRequest(format!("invalid header `{name}`"))),
        }
        self
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub fn form<T: Serialize + ?Sized>(mut self, form: &T) -> Self {
        match pairs(form) {
            Ok(p) => self.body = ApiBody::Form(p),
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, json: &T) -> Self {
        match serde_json::to_value(json) {
            Ok(v) => self.body = ApiBody::Json(v),
            Err(e) => {
                self.error = Some(Error::InvalidRequest(format!(
                    "body does not serialize: {e}"
                )))
            }
        }
        self
    }

    /// Sends the user's token with this call even to a host that is not the blueprint's (its
    /// base URL's origin, or one added with `token_origin`): without it, such a call goes
    /// without the token, so a URL from elsewhere (a redirect, an API's `next` link) cannot
    /// collect it.
    pub fn with_token(mut self) -> Self {
        self.any_host = true;
        self
    }

    /// A raw body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = ApiBody::Bytes(body.into());
        self
    }

    /// Sends the request with the user's token, authorized by the blueprint's flow, when it goes
    /// to the blueprint's own host ([`with_token`](Self::with_token) otherwise). A token that is
    /// due is refreshed first ([`Client::refresh_if_due`]). Without a token the call is sent
    /// unauthenticated; with an expired one that cannot be refreshed it fails with
    /// [`Error::ReauthorizationNeeded`].
    pub async fn send(self) -> Result<reqwest::Response, Error> {
        let started = Instant::now();
        let blueprint = self.client.blueprint();
        let result = observe::in_step("api_call", blueprint, self.send_now()).await;
        match &result {
            Ok(response) => observe::request_ended(response.status().as_str(), started),
            Err(err) => observe::request_ended(err.kind(), started),
        }
        result
    }

    async fn send_now(self) -> Result<reqwest::Response, Error> {
        if let Some(err) = self.error {
            return Err(err);
        }
        let client = self.client;
        let bp = client.blueprint();
        let mut call = ApiCall {
            method: self.method,
            url: self.url?,
            query: self.query,
            headers: bp.headers().clone(),
            body: self.body,
        };
        if self.any_host || bp.sends_token_to(&call.url) {
            client.refresh_if_due().await?;
            client
                .read_token(|token| match token {
                    Some(token) if token.is_expired() => Err(Error::ReauthorizationNeeded {
                        blueprint: bp.name().to_string(),
                        refused: None,
                    }),
                    Some(token) => bp.flow().authorize(&mut call, token),
                    None => Ok(()),
                })
                .await??;
        }
        for (name, value) in self.headers {
            call.headers.insert(name, value);
        }
        let request = call.into_request(bp.timeout())?;
        Ok(bp.transport().send(request, RequestKind::Api).await?)
    }
}

impl<'c> IntoFuture for ApiRequest<'c> {
    type Output = Result<reqwest::Response, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
