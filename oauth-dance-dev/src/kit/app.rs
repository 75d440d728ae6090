//! An app served on a loopback port, with the routes the end-to-end tests read the dance's
//! outcome through.

use std::net::TcpListener;

use actix_web::{App, HttpResponse, web};
use oauth_dance::{Blueprint, Client, Dance, LastDanceError, LoginRequired};
use serde_json::{Value, json};

use super::fixture::Dev;

/// A running app on 127.0.0.1; stops when dropped.
pub struct TestApp {
    /// The app's base URL (`http://127.0.0.1:<port>`).
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
    /// The absolute URL of `path` on the app.
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
    serve_with(dance, blueprints, |_| {})
}

/// [`serve`], plus the routes `routes` adds (a test's own handlers).
pub fn serve_with<R>(dance: Dance, blueprints: Vec<Blueprint>, routes: R) -> TestApp
where
    R: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
{
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
                    .configure(routes.clone())
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
