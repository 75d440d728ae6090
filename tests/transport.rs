//! One transport: every request of a dance — the code exchange and the API calls — goes
//! through the blueprint's transport, and a token endpoint's refusal arrives typed.

use std::sync::{Arc, Mutex};

use oauth_dance::transport::{RequestKind, ReqwestTransport, Transport, TransportError};
use oauth_dance::{Dance, DanceError, TokenEndpointError};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour};

/// Records each request's kind, method and path, then sends it with reqwest.
#[derive(Clone)]
struct Recording {
    inner: ReqwestTransport,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recording {
    fn new() -> Self {
        Recording {
            inner: ReqwestTransport::new().unwrap(),
            seen: Arc::default(),
        }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[async_trait::async_trait(?Send)]
impl Transport for Recording {
    async fn send(
        &self,
        request: reqwest::Request,
        kind: RequestKind,
    ) -> Result<reqwest::Response, TransportError> {
        let line = format!("{kind:?} {} {}", request.method(), request.url().path());
        self.seen.lock().unwrap().push(line);
        self.inner.send(request, kind).await
    }
}

#[actix_web::test]
async fn the_code_exchange_and_api_calls_go_through_the_transport() {
    let recording = Recording::new();
    let transport = recording.clone();
    let Fixture { dev, app, browser } = Fixture::new(move |b| b.transport(transport.clone()));
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let user = browser.get(&app.at("/user/dev")).await;
    assert!(user.body.contains("octocat"), "{user:?}");
    assert_eq!(
        recording.seen(),
        vec!["TokenEndpoint POST /token", "Api GET /api/user"]
    );
}

#[actix_web::test]
async fn a_refused_grant_arrives_as_its_own_variant() {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(Misbehaviour::TokenEndpointError("invalid_grant".into()));
    let refusals = Calls::default();
    let seen = refusals.clone();
    let bp = dev_builder(&dev, "dev")
        .on_error(move |event| {
            if let DanceError::TokenEndpoint(TokenEndpointError::Refused { error, .. }) =
                &event.error
            {
                seen.push(error.clone());
            }
            async { None }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(
        done.status, 400,
        "a refused code is the browser's mistake: {done:?}"
    );
    assert_eq!(refusals.all(), vec!["invalid_grant"]);
}
