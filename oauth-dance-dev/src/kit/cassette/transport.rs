//! [`CassetteTransport`]: the transport a blueprint sends through while a cassette records or
//! replays.

use std::fmt;
use std::sync::Arc;

use oauth_dance::reqwest;
use oauth_dance::transport::{RequestKind, Transport, TransportError};

use super::format::{Body, Interaction, Request, Response};
use super::{Mode, Shared, matching};

/// Records or replays a blueprint's requests for a [`Cassette`](super::Cassette).
#[derive(Clone)]
pub struct CassetteTransport {
    shared: Arc<Shared>,
}

impl CassetteTransport {
    pub(super) fn new(shared: Arc<Shared>) -> Self {
        CassetteTransport { shared }
    }
}

impl fmt::Debug for CassetteTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CassetteTransport")
            .field("path", &self.shared.path)
            .field("mode", &self.shared.mode)
            .finish()
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for CassetteTransport {
    async fn send(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        match self.shared.mode {
            Mode::Record => self.record(request, kind).await,
            Mode::Replay => self.replay(&captured(&request)),
        }
    }
}

impl CassetteTransport {
    /// Sends the request on, keeps both sides, rewrites the file.
    async fn record(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        let sent = captured(&request);
        let answer = self.shared.upstream.send(request, kind).await?;
        let status = answer.status();
        let headers = answer.headers().clone();
        let body = answer.bytes().await.map_err(TransportError::from)?;
        let received = Response {
            status: status.as_u16(),
            headers: pairs(&headers),
            body: Body::from_bytes(&body),
        };
        {
            let mut state = self.shared.lock();
            state.scrubber.learn_request(&sent);
            state.scrubber.learn_response(&received);
            state.recorded.push(Interaction {
                request: sent,
                response: received.clone(),
            });
        }
        self.shared
            .write()
            .map_err(|e| TransportError::Other(e.to_string()))?;
        Ok(rebuilt(&received))
    }

    /// Answers from the cassette, or explains why it cannot.
    fn replay(&self, sent: &Request) -> Result<reqwest::Response, TransportError> {
        let mut state = self.shared.lock();
        let mut scrubber = state.scrubber.clone();
        scrubber.learn_request(sent);
        let sent = scrubber.request(sent);
        let unused = state
            .replayed
            .iter()
            .position(|(i, used)| !used && matching::matches(&i.request, &sent));
        if let Some(index) = unused {
            state.replayed[index].1 = true;
            return Ok(rebuilt(&state.replayed[index].0.response));
        }
        let recorded: Vec<&Request> = state.replayed.iter().map(|(i, _)| &i.request).collect();
        let why = match recorded.iter().position(|r| matching::matches(r, &sent)) {
            Some(index) => format!(
                "recorded request #{} answers it, but was replayed already (each recorded request answers once: record the test again if it now sends more)",
                index + 1
            ),
            None => matching::explain(&recorded, &sent),
        };
        let message = format!(
            "cassette {} has no recorded answer for\n  {} {}\n{why}",
            self.shared.path.display(),
            sent.method,
            sent.url
        );
        eprintln!("oauth-dance-dev: {message}");
        state.mismatches.push(message.clone());
        Err(TransportError::Other(message))
    }
}

/// The request as recorded: method, URL, headers and body (unscrubbed).
fn captured(request: &reqwest::Request) -> Request {
    let body = request
        .body()
        .and_then(reqwest::Body::as_bytes)
        .unwrap_or_default();
    Request {
        method: request.method().to_string(),
        url: request.url().to_string(),
        headers: pairs(request.headers()),
        body: Body::from_bytes(body),
    }
}

fn pairs(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect()
}

/// A response with the recorded status, headers and body.
fn rebuilt(recorded: &Response) -> reqwest::Response {
    let mut response = http::Response::new(recorded.body.to_bytes());
    *response.status_mut() =
        http::StatusCode::from_u16(recorded.status).unwrap_or(http::StatusCode::BAD_GATEWAY);
    // The body was read whole (and scrubbed): its framing headers no longer apply.
    let framing = ["content-length", "transfer-encoding"];
    for (name, value) in recorded
        .headers
        .iter()
        .filter(|(n, _)| !framing.contains(&n.as_str()))
    {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    reqwest::Response::from(response)
}
