//! The blueprint's skeleton is protocol-neutral: a second flow, written here in a few dozen
//! lines against a tiny "echo" provider, dances end to end through the same login and callback
//! views, login attempts, hooks, storage and error pages as OAuth 2, and a dance can be
//! completed with a token in hand (a mock login).

use std::any::Any;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use oauth_dance::flow::{
    AttemptSecrets, CallbackQuery, CallbackRead, Flow, LoginFinish, LoginStart, Started,
};
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::storage::MemoryStorage;
use oauth_dance::{ApiCall, BlueprintBuilder, Dance, DanceError, Error, Token};
use oauth_dance_dev::kit::*;
use reqwest::header::HeaderValue;
use serde_json::{Map, Value, json};
use url::Url;

/// The echo protocol: the provider sends the user straight back with `echo_key` (the attempt's
/// key) and `echo_token = "tok-" + key`; API calls carry the token in `X-Echo-Token`.
#[derive(Debug)]
struct EchoFlow {
    provider: Url,
}

static KEYS: AtomicU64 = AtomicU64::new(1);

#[async_trait::async_trait(?Send)]
impl Flow for EchoFlow {
    async fn start(&self, login: &LoginStart<'_>) -> Result<Started, DanceError> {
        let key = format!("k{}", KEYS.fetch_add(1, Ordering::Relaxed));
        let mut url = self.provider.join("authorize").unwrap();
        url.query_pairs_mut()
            .append_pair("key", &key)
            .append_pair("redirect_uri", login.redirect_uri.as_str());
        let mut secrets = AttemptSecrets::default();
        secrets.insert("expected", format!("tok-{key}"));
        Ok(Started::new(url, key, secrets))
    }

    fn read_callback(&self, query: &CallbackQuery) -> CallbackRead {
        let (key, denied) = match (query.one("echo_key"), query.one("echo_denied")) {
            (Ok(key), Ok(denied)) => (key.map(str::to_string), denied.is_some()),
            (Err(error), _) | (_, Err(error)) => return CallbackRead::Malformed(error),
        };
        if denied {
            let error = DanceError::Provider {
                error: "echo_denied".into(),
                description: None,
                uri: None,
            };
            return CallbackRead::Refused { key, error };
        }
        match key {
            Some(key) => CallbackRead::Answer { key },
            None => CallbackRead::NoKey,
        }
    }

    async fn finish(&self, callback: &LoginFinish<'_>) -> Result<Token, DanceError> {
        let token = callback.query.one("echo_token")?.unwrap_or_default();
        if Some(token) != callback.secrets.get("expected") {
            return Err(DanceError::MissingCode("echo_token".into()));
        }
        let mut fields = Map::new();
        fields.insert("echo_token".into(), Value::from(token));
        Ok(Token::from_fields(fields).unwrap())
    }

    fn authorize(&self, call: &mut ApiCall, token: &Token) -> Result<(), Error> {
        let value = token
            .get("echo_token")
            .and_then(Value::as_str)
            .unwrap_or("");
        call.headers
            .insert("x-echo-token", HeaderValue::from_str(value).unwrap());
        Ok(())
    }

    fn is_usable(&self, token: &Token) -> bool {
        token.get("echo_token").is_some()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The echo provider: `/authorize` redirects back at once (denying when asked to), and
/// `/api/user` names the caller by its `X-Echo-Token`.
fn echo_provider() -> Url {
    async fn authorize(query: web::Query<Vec<(String, String)>>) -> HttpResponse {
        let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let (key, redirect) = (get("key").unwrap(), get("redirect_uri").unwrap());
        let mut back = Url::parse(&redirect).unwrap();
        back.query_pairs_mut().append_pair("echo_key", &key);
        match get("deny") {
            Some(_) => back.query_pairs_mut().append_pair("echo_denied", "1"),
            None => back
                .query_pairs_mut()
                .append_pair("echo_token", &format!("tok-{key}")),
        };
        HttpResponse::Found()
            .insert_header(("Location", back.as_str()))
            .finish()
    }
    async fn user(req: HttpRequest) -> HttpResponse {
        let token = req
            .headers()
            .get("x-echo-token")
            .map(|v| v.to_str().unwrap());
        HttpResponse::Ok().json(json!({ "login": token }))
    }
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let server = HttpServer::new(|| {
        App::new()
            .route("/authorize", web::get().to(authorize))
            .route("/api/user", web::get().to(user))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    url
}

/// An app with the echo blueprint, its storage, and a record of its hooks.
fn echo_app(calls: &Calls, storage: &MemoryStorage) -> TestApp {
    let provider = echo_provider();
    let (authorized, failed) = (calls.clone(), calls.clone());
    let bp = BlueprintBuilder::with_flow(
        "echo",
        EchoFlow {
            provider: provider.clone(),
        },
    )
    .base_url(provider.join("api/").unwrap().as_str())
    .storage(storage.clone())
    .on_authorized(move |event| {
        authorized.push(format!("authorized:{}", event.blueprint.name()));
        async { AuthorizedOutcome::Continue }
    })
    .on_error(move |event| {
        failed.push(format!("error:{}", event.error.code()));
        async { None }
    })
    .build()
    .unwrap();
    serve(Dance::new(key()).blueprint(&bp), vec![bp])
}

#[actix_web::test]
async fn a_second_protocol_dances_through_the_same_skeleton() {
    let (calls, storage) = (Calls::default(), MemoryStorage::new());
    let app = echo_app(&calls, &storage);
    let browser = Browser::new();
    let login = browser.get(&app.at("/login/echo?next=/elsewhere")).await;
    assert_eq!(login.status, 302, "{login:?}");
    let at_provider = browser.get(&login.location.unwrap()).await;
    let done = browser.get(&at_provider.location.unwrap()).await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(
        done.location.as_deref(),
        Some("/elsewhere"),
        "the attempt kept `next`"
    );
    let stored = storage.token().expect("the storage got the echo token");
    let key = stored
        .get("echo_token")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert!(key.starts_with("tok-k"), "{key}");
    assert_eq!(calls.all(), vec!["authorized:echo"]);
    // The client authorizes API calls through the flow.
    let user = browser.get(&app.at("/user/echo")).await;
    assert_eq!(user.body, json!({ "login": key }).to_string());
    // The attempt was single-use: the same callback again completes no second login (the
    // logged-in user is sent on, and no hook runs again).
    let replay = browser.get(&at_provider_location(&app, &key)).await;
    assert_eq!(replay.location.as_deref(), Some("/"), "{replay:?}");
    assert_eq!(calls.all(), vec!["authorized:echo"]);
}

/// A callback URL for the attempt whose token is `token` (`tok-<key>`).
fn at_provider_location(app: &TestApp, token: &str) -> String {
    let key = token.trim_start_matches("tok-");
    app.at(&format!(
        "/login/echo/authorized?echo_key={key}&echo_token={token}"
    ))
}

#[actix_web::test]
async fn its_failures_get_the_same_hooks_and_pages() {
    let (calls, storage) = (Calls::default(), MemoryStorage::new());
    let app = echo_app(&calls, &storage);
    let browser = Browser::new();
    // A forged key: the skeleton's state check, and its 400 page.
    browser.get(&app.at("/login/echo")).await;
    let forged = browser
        .get(&app.at("/login/echo/authorized?echo_key=forged&echo_token=tok-forged"))
        .await;
    assert_eq!(forged.status, 400, "{forged:?}");
    assert!(forged.body.contains("state_mismatch"), "{}", forged.body);
    // A refusal: the error hook, then a redirect, as for OAuth 2's `?error=`.
    let login = browser.get(&app.at("/login/echo?next=/elsewhere")).await;
    let denied = format!("{}&deny=1", login.location.unwrap());
    let back = browser
        .get(&browser.get(&denied).await.location.unwrap())
        .await;
    assert_eq!(back.location.as_deref(), Some("/elsewhere"), "{back:?}");
    assert!(storage.token().is_none(), "nothing stored");
    assert_eq!(
        calls.all(),
        vec!["error:state_mismatch", "error:echo_denied"]
    );
    assert_eq!(
        browser.get(&app.at("/")).await.body,
        "failed: echo_denied (echo)"
    );
}

#[actix_web::test]
async fn a_dance_can_be_completed_with_a_token_in_hand() {
    let storage = MemoryStorage::new();
    let calls = Calls::default();
    let seen = calls.clone();
    let dev = oauth_dance_dev::DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .on_authorized(move |event| {
            seen.push(format!("authorized:{}", event.token.access_token()));
            async { AuthorizedOutcome::Continue }
        })
        .build()
        .unwrap();
    let mock = bp.clone();
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], move |routes| {
        let bp = mock.clone();
        routes.route(
            "/mock-login",
            web::get().to(move |req: HttpRequest| {
                let bp = bp.clone();
                async move {
                    let token = Token::from_json(json!({"access_token": "mocked"})).unwrap();
                    bp.complete_login(&req, token, Some("/elsewhere")).await
                }
            }),
        );
    });
    let done = Browser::new().get(&app.at("/mock-login")).await;
    assert_eq!(done.location.as_deref(), Some("/elsewhere"), "{done:?}");
    assert_eq!(storage.token().unwrap().access_token(), "mocked");
    assert_eq!(calls.all(), vec!["authorized:mocked"]);
}
