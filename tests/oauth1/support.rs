//! What the OAuth 1 tests share: a blueprint pointed at the dev provider, the app's view of
//! its stored token, and a transport that tampers with credentials requests.

use std::sync::{Arc, Mutex};

use actix_web::{HttpResponse, web};
use oauth_dance::transport::{RequestKind, ReqwestTransport, Transport, TransportError};
use oauth_dance::{Client, OAuth1Builder};
use oauth_dance_dev::DevProvider;
use reqwest::header::AUTHORIZATION;

/// An OAuth 1 blueprint builder named `name`, pointed at the dev provider (HMAC-SHA1).
pub fn oauth1_builder(dev: &DevProvider, name: &str) -> OAuth1Builder {
    OAuth1Builder::new(name).endpoints(dev)
}

/// `/oauth1_token/{name}`: the stored token's field names and whether the client is
/// authorized (never a value).
pub fn token_route(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/oauth1_token/{name}",
        web::get().to(|name: web::Path<String>| async move {
            let client = Client::current(&name)?;
            let token = client.token().await?;
            let fields: Vec<String> = token
                .map(|t| t.as_json().keys().cloned().collect())
                .unwrap_or_default();
            Ok::<_, oauth_dance::Error>(HttpResponse::Ok().json(serde_json::json!({
                "fields": fields,
                "authorized": client.authorized().await?,
            })))
        }),
    );
}

/// What [`Tamper`] does to credentials requests.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tampering {
    /// Changes one character of `oauth_signature`.
    Signature,
    /// Sets `oauth_timestamp` to 2001 (the signature is then wrong too, but a provider checks
    /// the timestamp first).
    StaleTimestamp,
    /// Sends the first credentials request again instead of each later one (same nonce).
    Replay,
}

/// A transport that tampers with credentials requests (never API calls).
pub struct Tamper {
    inner: ReqwestTransport,
    how: Tampering,
    first: Arc<Mutex<Option<reqwest::Request>>>,
}

impl Tamper {
    pub fn new(how: Tampering) -> Self {
        Tamper {
            inner: ReqwestTransport::new().unwrap(),
            how,
            first: Arc::default(),
        }
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for Tamper {
    async fn send(
        &self,
        mut request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        if kind == RequestKind::TokenEndpoint {
            request = match self.how {
                Tampering::Replay => {
                    let mut first = self.first.lock().unwrap();
                    let replayed = first.as_ref().map(|r| r.try_clone().unwrap());
                    first.get_or_insert_with(|| request.try_clone().unwrap());
                    replayed.unwrap_or(request)
                }
                how => rewrite(request, how),
            };
        }
        self.inner.send(request, kind).await
    }
}

fn rewrite(mut request: reqwest::Request, how: Tampering) -> reqwest::Request {
    let header = request.headers()[AUTHORIZATION]
        .to_str()
        .unwrap()
        .to_string();
    let changed = match how {
        Tampering::Signature => header.replacen("oauth_signature=\"", "oauth_signature=\"X", 1),
        _ => {
            let at = header.find("oauth_timestamp=\"").unwrap() + "oauth_timestamp=\"".len();
            let end = at + header[at..].find('"').unwrap();
            format!("{}1000000000{}", &header[..at], &header[end..])
        }
    };
    request
        .headers_mut()
        .insert(AUTHORIZATION, changed.parse().unwrap());
    request
}
