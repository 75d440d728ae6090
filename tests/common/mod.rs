//! Test kit for end-to-end dances: the embedded dev provider, an app served on a loopback port,
//! and a cookie-keeping "browser" that follows the dance step by step.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::cookie::Key;
use actix_web::{App, HttpResponse, web};
use oauth_dance::dev::DevProvider;
use oauth_dance::provider::{ClientAuth, Provider, ProviderSpec};
use oauth_dance::{Blueprint, Client, Dance, LastDanceError, LoginRequired, OAuth2Builder};
use reqwest::header::LOCATION;
use serde_json::{Value, json};

/// A provider type for the dev provider, written by hand (no derive), so the typed extractors
/// can be tested.
pub struct Dev;

impl Provider for Dev {
    const SPEC: ProviderSpec = ProviderSpec {
        name: "dev",
        display_name: "Dev",
        base_url: "http://127.0.0.1/api/",
        authorization_url: "http://127.0.0.1/authorize",
        token_url: "http://127.0.0.1/token",
        scope: &["read"],
        scope_separator: " ",
        client_id_env: "DEV_OAUTH_CLIENT_ID",
        client_secret_env: "DEV_OAUTH_CLIENT_SECRET",
        client_auth: ClientAuth::Basic,
        authorization_params: &[],
        token_params: &[],
        headers: &[],
        api_auth_scheme: "Bearer",
        options: &[],
        quirks: &[],
    };
}

/// A blueprint builder named `name`, pointed at the dev provider.
pub fn dev_builder(dev: &DevProvider, name: &str) -> OAuth2Builder {
    OAuth2Builder::new(name)
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .scope(["read"])
}

/// The usual test set-up: the dev provider, an app with one blueprint named `dev` (configured
/// further by `configure`) under `/login`, and a browser.
pub struct Fixture {
    pub dev: DevProvider,
    pub app: TestApp,
    pub browser: Browser,
}

impl Fixture {
    pub fn new(configure: impl FnOnce(OAuth2Builder) -> OAuth2Builder) -> Fixture {
        let dev = DevProvider::start().unwrap();
        let bp = configure(dev_builder(&dev, "dev")).build().unwrap();
        let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
        Fixture {
            dev,
            app,
            browser: Browser::new(),
        }
    }
}

/// A running app on 127.0.0.1; stops when dropped.
pub struct TestApp {
    pub url: String,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(handle.stop(false));
        });
    }
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }
}

/// Serves the standard test app: the blueprints under `/login`, plus
/// - `/` → "home", or the last dance error as `failed: <code>`;
/// - `/token/{name}` → `{"token": <access token or null>}` (through `Client::current`);
/// - `/user/{name}` → the provider's `user` resource, fetched with the user's token;
/// - `/echo/{name}` → the dev provider's echo of `GET echo?x=1`;
/// - `/echo_form/{name}` → the dev provider's echo of `POST echo` with form `text=hi`;
/// - `/protected` → `LoginRequired<Dev>`;
/// - `/elsewhere` → "elsewhere" (a redirect target).
pub fn serve(dance: Dance, blueprints: Vec<Blueprint>) -> TestApp {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(move || {
                let mut login = web::scope("/login");
                for bp in &blueprints {
                    login = login.service(bp.clone());
                }
                App::new()
                    .wrap(dance.clone())
                    .service(login)
                    .route("/", web::get().to(home))
                    .service(
                        web::resource("/elsewhere")
                            .name("elsewhere_route")
                            .get(|| async { "elsewhere" }),
                    )
                    .route("/token/{name}", web::get().to(token))
                    .route("/user/{name}", web::get().to(user))
                    .route("/echo/{name}", web::get().to(echo))
                    .route("/echo_form/{name}", web::get().to(echo_form))
                    .route("/protected", web::get().to(protected))
            })
            .workers(2)
            .listen(listener)
            .unwrap()
            .run();
            tx.send(server.handle()).unwrap();
            server.await.unwrap();
        });
    });
    let handle = rx.recv().unwrap();
    TestApp { url, handle }
}

async fn home(failed: Option<LastDanceError>) -> String {
    match failed {
        Some(f) => format!("failed: {} ({})", f.error.code(), f.blueprint),
        None => "home".to_string(),
    }
}

async fn token(name: web::Path<String>) -> Result<HttpResponse, oauth_dance::Error> {
    let client = Client::current(&name)?;
    let token = client.token().await?;
    Ok(HttpResponse::Ok().json(json!({
        "token": token.as_ref().map(|t| t.access_token().to_string()),
        "authorized": client.authorized().await?,
    })))
}

async fn user(name: web::Path<String>) -> Result<HttpResponse, oauth_dance::Error> {
    let client = Client::current(&name)?;
    let user: Value = client.get("user").await?.json().await?;
    Ok(HttpResponse::Ok().json(user))
}

async fn echo(name: web::Path<String>) -> Result<HttpResponse, oauth_dance::Error> {
    let client = Client::current(&name)?;
    let echoed: Value = client.get("echo?x=1").await?.json().await?;
    Ok(HttpResponse::Ok().json(echoed))
}

async fn echo_form(name: web::Path<String>) -> Result<HttpResponse, oauth_dance::Error> {
    let client = Client::current(&name)?;
    let echoed: Value = client
        .post("echo")
        .form(&[("text", "hi")])
        .await?
        .json()
        .await?;
    Ok(HttpResponse::Ok().json(echoed))
}

async fn protected(dev: LoginRequired<Dev>) -> Result<String, oauth_dance::Error> {
    let user: Value = dev.get("user").await?.json().await?;
    Ok(format!(
        "protected for {}",
        user["login"].as_str().unwrap_or("?")
    ))
}

pub fn key() -> Key {
    Key::generate()
}

/// A browser: a cookie jar, no automatic redirects.
pub struct Browser {
    pub http: reqwest::Client,
}

/// Where a dance step ended.
#[derive(Debug)]
pub struct Step {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Browser {
    pub fn new() -> Self {
        oauth_dance::install_crypto_provider();
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
        }
    }

    pub async fn get(&self, url: &str) -> Step {
        let res = self.http.get(url).send().await.unwrap();
        step(res).await
    }

    /// Starts a login at `login_url` and returns the consent page's form fields.
    pub async fn start_login(&self, login_url: &str) -> (String, HashMap<String, String>) {
        let login = self.get(login_url).await;
        assert_eq!(login.status, 302, "login should redirect: {login:?}");
        let authorize = login.location.unwrap();
        let consent = self.get(&authorize).await;
        assert_eq!(consent.status, 200, "consent page: {consent:?}");
        (authorize, hidden_inputs(&consent.body))
    }

    /// Posts the consent form to the provider; returns the provider's redirect (the callback URL).
    pub async fn decide(
        &self,
        provider: &DevProvider,
        form: &HashMap<String, String>,
        decision: &str,
        user: &str,
    ) -> String {
        let mut form = form.clone();
        form.insert("decision".into(), decision.into());
        form.insert("user".into(), user.into());
        let res = self
            .http
            .post(provider.authorization_url())
            .form(&form)
            .send()
            .await
            .unwrap();
        let s = step(res).await;
        assert_eq!(s.status, 302, "consent decision should redirect: {s:?}");
        s.location.unwrap()
    }

    /// A whole dance: login, consent (`decision` as `user`), callback. Returns the callback's answer.
    pub async fn dance(
        &self,
        provider: &DevProvider,
        login_url: &str,
        decision: &str,
        user: &str,
    ) -> Step {
        let (_, form) = self.start_login(login_url).await;
        let callback = self.decide(provider, &form, decision, user).await;
        self.get(&callback).await
    }

    /// The access token the app holds for this browser (via `/token/{name}`).
    pub async fn token(&self, app: &TestApp, name: &str) -> Option<String> {
        let step = self.get(&app.at(&format!("/token/{name}"))).await;
        let v: Value = serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{step:?}"));
        v["token"].as_str().map(str::to_string)
    }
}

async fn step(res: reqwest::Response) -> Step {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let location = headers
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    let body = res.text().await.unwrap_or_default();
    Step {
        status,
        location,
        body,
        headers,
    }
}

/// The hidden inputs of a page's form.
pub fn hidden_inputs(html: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value")) {
            out.insert(name, value);
        }
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(html_escape::decode_html_entities(&tag[start..start + len]).into_owned())
}

/// A record of hook calls, shareable with hooks.
#[derive(Clone, Default)]
pub struct Calls(pub Arc<Mutex<Vec<String>>>);

impl Calls {
    pub fn push(&self, s: impl Into<String>) {
        self.0.lock().unwrap().push(s.into());
    }
    pub fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Rewrites a URL's query parameter.
pub fn with_param(url: &str, key: &str, value: Option<&str>) -> String {
    let mut u = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    {
        let mut q = u.query_pairs_mut();
        q.clear();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        if let Some(v) = value {
            q.append_pair(key, v);
        }
    }
    u.to_string()
}

pub fn param(url: &str, key: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}
