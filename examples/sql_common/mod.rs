//! What the SQL storage examples share: the database (`DATABASE_URL`, else SQLite in memory),
//! the embedded dev provider when no real credentials are set, and small page helpers.
//! Not an example itself.

#![allow(dead_code)]

use std::net::TcpListener;

use actix_web::HttpResponse;
use actix_web::http::header;
use oauth_dance::sqlx::SqlitePool;
use oauth_dance::storage::sql::SqlPool;
use oauth_dance_dev::DevProvider;

/// The embedded dev provider, unless `GITHUB_OAUTH_CLIENT_ID` says to use the real GitHub.
pub fn dev_provider() -> std::io::Result<Option<DevProvider>> {
    match std::env::var("GITHUB_OAUTH_CLIENT_ID") {
        Ok(_) => Ok(None),
        Err(_) => DevProvider::start().map(Some),
    }
}

/// Points a preset's typed builder at the dev provider, when there is one.
macro_rules! offline {
    ($builder:expr, $dev:expr) => {
        match $dev {
            Some(dev) => $builder
                .client_id(dev.client_id())
                .client_secret(dev.client_secret())
                .authorization_url(dev.authorization_url())
                .token_url(dev.token_url())
                .base_url(dev.base_url()),
            None => $builder,
        }
    };
}

/// The app's SQLite database: `DATABASE_URL` (`sqlite:app.db` keeps it across runs), else one
/// in memory. The token storage and the app's own tables share it.
pub async fn database() -> Result<(SqlPool, SqlitePool), oauth_dance::storage::StorageError> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite::memory:".into());
    let pool = SqlPool::connect(&url).await?;
    let sqlite = pool.sqlite().cloned().ok_or_else(|| {
        oauth_dance::storage::StorageError::new("this example keeps its users in SQLite")
    })?;
    Ok((pool, sqlite))
}

/// The port (`PORT`, else `default`), bound on loopback, and the line saying where to go.
pub fn listener(default: u16, dev: Option<&DevProvider>) -> std::io::Result<TcpListener> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default);
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let provider = match dev {
        Some(_) => "the embedded dev provider (offline)",
        None => "GitHub",
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
