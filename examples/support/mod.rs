//! What the session-storage examples share: the log-in and log-out pages, the log-out route,
//! and the server (a fixed session key from `OAUTH_DANCE_SESSION_KEY` when there is one, the
//! port from `PORT`). Each example has its blueprint and its home page.

use actix_web::{
    App, FromRequest, Handler, HttpResponse, HttpServer, Responder, cookie::Key, http::header, web,
};
use oauth_dance::{Blueprint, Client, Dance, LastDanceError};

/// The home page before login: why the last login failed (if it did) and a log-in link.
pub fn login_page(
    blueprint: &str,
    display_name: &str,
    failed: Option<LastDanceError>,
) -> HttpResponse {
    let why = failed
        .map(|f| format!("<p>{}</p>", html_escape::encode_text(&f.error.to_string())))
        .unwrap_or_default();
    page(format!(
        "{why}<a href=\"/login/{blueprint}\">Log in with {display_name}</a>"
    ))
}

/// The home page once logged in: `who` (escaped here) and a log-out link.
pub fn logged_in_page(who: &str) -> HttpResponse {
    let who = html_escape::encode_text(who);
    page(format!("{who} · <a href=\"/logout\">Log out</a>"))
}

fn page(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// Forgets the user's token for `blueprint`, then back home.
async fn logout(blueprint: web::Data<String>) -> oauth_dance::Result<HttpResponse> {
    Client::current(&blueprint)?.delete_token().await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, "/"))
        .finish())
}

/// Serves `blueprint` under `/login`, `index` at `/` and the log-out route at `/logout` on
/// 127.0.0.1 (`PORT`, default 8080), saying where and against what (`offline`: the embedded
/// dev provider).
pub async fn serve<F, Args>(
    blueprint: Blueprint,
    offline: bool,
    index: F,
) -> Result<(), Box<dyn std::error::Error>>
where
    F: Handler<Args> + Send,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    env_logger::init_from_env(env_logger::Env::default().default_filter_or("info"));
    // Production: a fixed key, so restarts and other instances keep the sessions.
    let key = oauth_dance::session_key_from_env()?.unwrap_or_else(Key::generate);
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let provider = match offline {
        true => "the embedded dev provider (offline)".to_string(),
        false => blueprint.display_name().to_string(),
    };
    let name = web::Data::new(blueprint.name().to_string());
    let server = HttpServer::new(move || {
        App::new()
            .wrap(Dance::new(key.clone()).blueprint(&blueprint))
            .app_data(name.clone())
            .service(web::scope("/login").service(blueprint.clone()))
            .route("/", web::get().to(index.clone()))
            .route("/logout", web::get().to(logout))
    })
    .bind(("127.0.0.1", port))?;
    println!("Log in with {provider}: open http://127.0.0.1:{port}/");
    Ok(server.run().await?)
}
