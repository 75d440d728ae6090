//! What the SQL storage examples share: the database (`DATABASE_URL`, else SQLite in memory),
//! the embedded dev provider when no real credentials are set, small page helpers, and local
//! users linked to provider accounts ([`accounts`]). Not an example itself.

#![allow(dead_code)]

pub mod accounts;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::{App, HttpResponse, HttpServer, web};
use oauth_dance::sqlx::SqlitePool;
use oauth_dance::storage::StorageError;
use oauth_dance::storage::sql::{SqlPool, SqlStorage, TokenModel};
use oauth_dance::{Blueprint, Dance};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::dev_provider_unless;

/// What `main` needs: logging, the embedded dev provider unless `var` (the real provider's
/// client ID variable) is set, and the port (`PORT`, else `default`) with the line saying where
/// to go (`provider`: whom the real credentials log in with).
pub fn start(
    var: &str,
    provider: &str,
    default: u16,
) -> std::io::Result<(Option<DevProvider>, TcpListener)> {
    let dev = offline_unless(var)?;
    let listener = listen(default, dev.as_ref(), provider)?;
    Ok((dev, listener))
}

/// Logging, and the embedded dev provider unless `var` is set.
pub fn offline_unless(var: &str) -> std::io::Result<Option<DevProvider>> {
    env_logger::init_from_env(env_logger::Env::default().default_filter_or("info"));
    dev_provider_unless(var)
}

/// What an example's `server` gives: the server, or why it could not start.
pub type Served = Result<Server, Box<dyn std::error::Error>>;

/// An example's `main`: [`start`] (the dev provider unless `var` is set, the listener on
/// `PORT` or `default`), then `server` on them until it stops.
pub async fn run<F>(var: &str, provider: &str, default: u16, server: F) -> std::io::Result<()>
where
    F: AsyncFnOnce(TcpListener, Option<&DevProvider>) -> Served,
{
    let (dev, listener) = start(var, provider, default)?;
    let server = server(listener, dev.as_ref())
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    server.await
}

/// The app: `dance` around the blueprints (under `/login`) and the example's own `routes`.
pub fn serve<R>(
    listener: TcpListener,
    dance: Dance,
    blueprints: Vec<Blueprint>,
    routes: R,
) -> std::io::Result<Server>
where
    R: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
{
    let server = HttpServer::new(move || {
        let logins = blueprints.clone();
        App::new()
            .wrap(dance.clone())
            .service(web::scope("/login").configure(move |scope| {
                for bp in &logins {
                    scope.service(bp.clone());
                }
            }))
            .configure(routes.clone())
    });
    Ok(server.listen(listener)?.run())
}

/// The token storage, migrated, on the app's SQLite database (`DATABASE_URL`, where
/// `sqlite:app.db` keeps it across runs; else one in memory), and that database for the app's
/// own tables.
pub async fn database<M: TokenModel>() -> Result<(SqlStorage<M>, SqlitePool), StorageError> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
    let pool = SqlPool::connect(&url).await?;
    let sqlite = pool
        .sqlite()
        .cloned()
        .ok_or_else(|| StorageError::new("these examples keep their own tables in SQLite"))?;
    let tokens = SqlStorage::<M>::new(pool);
    tokens.migrate().await?;
    Ok((tokens, sqlite))
}

/// The listener on `PORT` (else `default`), and the line saying where to go to log in with
/// `provider` (or the dev provider).
pub fn listen(
    default: u16,
    dev: Option<&DevProvider>,
    provider: &str,
) -> std::io::Result<TcpListener> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default);
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let provider = match dev {
        Some(_) => "the embedded dev provider (offline)",
        None => provider,
    };
    println!("Log in with {provider}: open http://127.0.0.1:{port}/");
    Ok(listener)
}

/// An HTML page.
pub fn page(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// A redirect.
pub fn found(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Text for HTML.
pub fn text(value: &serde_json::Value) -> String {
    html_escape::encode_text(value.as_str().unwrap_or("?")).into_owned()
}
