//! The consumer built with oauth-dance: one blueprint, the `Dance` middleware (its encrypted
//! cookie session), and an API view behind `LoginRequired`.

use actix_web::cookie::Key;
use actix_web::{App, HttpResponse, HttpServer, web};
use oauth_dance::{Dance, LoginRequired, OAuth2Builder, named_blueprint};

use crate::provider::{CLIENT_ID, CLIENT_SECRET};

named_blueprint!(Bench = "bench");

pub const LOGIN: &str = "/login/bench";
pub const API: &str = "/api";

async fn api(client: LoginRequired<Bench>) -> oauth_dance::Result<HttpResponse> {
    let body = client.get("user").await?.text().await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

pub fn run(workers: usize, provider: &str) -> std::io::Result<()> {
    let blueprint = OAuth2Builder::new("bench")
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .authorization_url(format!("{provider}/authorize"))
        .token_url(format!("{provider}/token"))
        .base_url(format!("{provider}/"))
        .scope(["user"])
        .build()
        .map_err(std::io::Error::other)?;
    let key = Key::generate();
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || {
            App::new()
                .wrap(Dance::new(key.clone()).blueprint(&blueprint))
                .service(web::scope("/login").service(blueprint.clone()))
                .route(API, web::get().to(api))
                .route(crate::alloc::STATS, web::get().to(crate::alloc::stats))
        })
        .workers(workers)
        .keep_alive(crate::process::KEEP_ALIVE)
        .bind(("127.0.0.1", 0))?;
        crate::process::announce(server.addrs()[0].port());
        server.run().await
    })
}
