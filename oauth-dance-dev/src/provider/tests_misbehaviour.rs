//! Each injected fault, over real HTTP.

use std::time::{Duration, Instant};

use super::test_support::*;
use super::{DevProvider, Misbehaviour};

#[actix_web::test]
async fn token_endpoint_status() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    p.set_misbehaviour(Misbehaviour::TokenEndpointStatus(503));
    expect_error(exchange(&p, &c, &code, &[]).await, 503, "server_error").await;
    // The fault answered before the code was looked at: it still works afterwards.
    p.set_misbehaviour(Misbehaviour::None);
    assert_eq!(exchange(&p, &c, &code, &[]).await.status(), 200);
    p.set_misbehaviour(Misbehaviour::TokenEndpointStatus(5));
    expect_error(exchange(&p, &c, "x", &[]).await, 500, "server_error").await;
}

#[actix_web::test]
async fn token_endpoint_slow() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    p.set_misbehaviour(Misbehaviour::TokenEndpointSlow(Duration::from_millis(300)));
    let started = Instant::now();
    let resp = exchange(&p, &c, &code, &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(resp.status(), 200);
    // A client with a shorter timeout gives up.
    let code = {
        p.set_misbehaviour(Misbehaviour::None);
        get_code(&p, &c, &[]).await
    };
    p.set_misbehaviour(Misbehaviour::TokenEndpointSlow(Duration::from_secs(5)));
    let err = c
        .post(p.token_url())
        .timeout(Duration::from_millis(100))
        .basic_auth(p.client_id(), Some(p.client_secret()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());
}

#[actix_web::test]
async fn token_endpoint_garbage() {
    let p = DevProvider::start().unwrap();
    let c = client();
    p.set_misbehaviour(Misbehaviour::TokenEndpointGarbage);
    let resp = exchange(&p, &c, "x", &[]).await;
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(resp.text().await.unwrap(), "<html>oops</html>");
}

#[actix_web::test]
async fn token_endpoint_error() {
    let p = DevProvider::start().unwrap();
    let c = client();
    p.set_misbehaviour(Misbehaviour::TokenEndpointError(
        "temporarily_unavailable".into(),
    ));
    let resp = exchange(&p, &c, "x", &[]).await;
    expect_error(resp, 400, "temporarily_unavailable").await;
}

#[actix_web::test]
async fn authorize_error() {
    let p = DevProvider::start().unwrap();
    let c = client();
    p.set_misbehaviour(Misbehaviour::AuthorizeError("server_error".into()));
    let resp = authorize(&p, &c, &[]).await;
    assert_eq!(resp.status(), 302);
    let back = location(&resp);
    assert!(
        back.as_str()
            .starts_with("http://localhost:9999/callback?keep=1&error=server_error")
    );
    let q = query(&back);
    assert_eq!(q["state"], "st4te");
    assert!(q.contains_key("error_description"));
    // Still never redirected to an untrusted client.
    let resp = c
        .get(format!(
            "{}?response_type=code&client_id=evil&redirect_uri=http%3A%2F%2Fevil%2F",
            p.authorization_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    p.set_misbehaviour(Misbehaviour::None);
    assert_eq!(authorize(&p, &c, &[]).await.status(), 200);
}
