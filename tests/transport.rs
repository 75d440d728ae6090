//! One transport: every request of a dance — the code exchange and the API calls — goes
//! through the blueprint's transport, and a token endpoint's refusal arrives typed.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
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

/// A server whose `/hop/{n}` redirects (with `status`) to `/hop/{n-1}`, `/hop/0` to `/echo`,
/// `/away` to `elsewhere`'s `/echo`; `/echo` answers with the method and the `Authorization` it
/// got. It counts the connections it accepts.
struct Redirector {
    base: String,
    connections: Arc<AtomicUsize>,
    handle: actix_web::dev::ServerHandle,
}

impl Redirector {
    fn start(elsewhere: Option<String>) -> Redirector {
        use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let away = format!("{}/echo", elsewhere.unwrap_or_default());
        let server = HttpServer::new(move || {
            let away = away.clone();
            App::new()
                .route("/hop/{n}", web::to(hop))
                .route(
                    "/away",
                    web::to(move || {
                        let away = away.clone();
                        async move {
                            HttpResponse::Found()
                                .insert_header(("Location", away))
                                .finish()
                        }
                    }),
                )
                .route(
                    "/echo",
                    web::to(|req: HttpRequest| async move {
                        let auth = req
                            .headers()
                            .get("authorization")
                            .map(|v| v.to_str().unwrap_or("?"));
                        HttpResponse::Ok().body(format!(
                            "{} {}",
                            req.method(),
                            auth.unwrap_or("none")
                        ))
                    }),
                )
        })
        .on_connect(move |_, _| {
            counted.fetch_add(1, SeqCst);
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Redirector {
            base,
            connections,
            handle,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(SeqCst)
    }
}

async fn hop(path: actix_web::web::Path<u32>) -> actix_web::HttpResponse {
    let n = path.into_inner();
    let next = if n == 0 {
        "/echo".to_string()
    } else {
        format!("/hop/{}", n - 1)
    };
    // 307 keeps the method and the body, as a token endpoint's redirect would.
    actix_web::HttpResponse::TemporaryRedirect()
        .insert_header(("Location", next))
        .finish()
}

/// A request to `url` with a bearer token.
fn request(method: reqwest::Method, url: &str) -> reqwest::Request {
    let mut request = reqwest::Request::new(method, url.parse().unwrap());
    let token = reqwest::header::HeaderValue::from_static("Bearer t0ken");
    request.headers_mut().insert("authorization", token);
    request
}

async fn answer(
    transport: &ReqwestTransport,
    request: reqwest::Request,
    kind: RequestKind,
) -> (u16, String) {
    let response = transport.send(request, kind).await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[actix_web::test]
async fn api_calls_follow_redirects_and_token_requests_do_not_over_one_pool() {
    let server = Redirector::start(None);
    let transport = ReqwestTransport::new().unwrap();
    let hops = format!("{}/hop/3", server.base);
    let api = answer(
        &transport,
        request(reqwest::Method::GET, &hops),
        RequestKind::Api,
    )
    .await;
    assert_eq!(
        api,
        (200, "GET Bearer t0ken".to_string()),
        "followed, same host"
    );
    for kind in [RequestKind::TokenEndpoint, RequestKind::ProviderMetadata] {
        let post = request(reqwest::Method::POST, &hops);
        let (status, _) = answer(&transport, post, kind).await;
        assert_eq!(
            status, 307,
            "{kind:?} answers with the redirect, not followed"
        );
    }
    // An API call after them is followed again (the policy is per request, not per client).
    let api = answer(
        &transport,
        request(reqwest::Method::POST, &hops),
        RequestKind::Api,
    )
    .await;
    assert_eq!(api, (200, "POST Bearer t0ken".to_string()));
    assert_eq!(
        server.connections(),
        1,
        "every kind of request shares one pool"
    );
    server.handle.stop(true).await;
}

#[actix_web::test]
async fn an_api_call_follows_ten_redirects_and_no_more() {
    let server = Redirector::start(None);
    let transport = ReqwestTransport::new().unwrap();
    // `/hop/9` is ten redirects (nine hops, then `/echo`).
    let ten = request(reqwest::Method::GET, &format!("{}/hop/9", server.base));
    assert_eq!(answer(&transport, ten, RequestKind::Api).await.0, 200);
    let eleven = request(reqwest::Method::GET, &format!("{}/hop/10", server.base));
    let err = transport.send(eleven, RequestKind::Api).await.unwrap_err();
    assert!(err.to_string().contains("redirect"), "{err}");
    assert!(
        !err.to_string().contains("127.0.0.1"),
        "no URL in the error: {err}"
    );
    server.handle.stop(true).await;
}

#[actix_web::test]
async fn a_redirect_to_another_host_drops_the_token() {
    let elsewhere = Redirector::start(None);
    let server = Redirector::start(Some(elsewhere.base.clone()));
    let transport = ReqwestTransport::new().unwrap();
    let away = request(reqwest::Method::GET, &format!("{}/away", server.base));
    let followed = answer(&transport, away, RequestKind::Api).await;
    assert_eq!(followed, (200, "GET none".to_string()));
    assert_eq!(
        elsewhere.connections(),
        1,
        "it was followed to the other host"
    );
    server.handle.stop(true).await;
    elsewhere.handle.stop(true).await;
}
