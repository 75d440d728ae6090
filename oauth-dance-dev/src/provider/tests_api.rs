//! The protected API, the request log, and stopping.

use super::DevProvider;
use super::test_support::*;

async fn access_token(p: &DevProvider, c: &reqwest::Client) -> String {
    tokens(p, c).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn userinfo_refuses_bad_tokens() {
    let p = DevProvider::start().unwrap();
    let c = client();
    for req in [
        c.get(p.userinfo_url()),
        c.get(p.userinfo_url()).bearer_auth("made-up"),
        c.get(p.userinfo_url()).header("authorization", "Bearer"),
        c.get(p.userinfo_url())
            .header("authorization", b"Bearer \xff".as_slice()),
        c.get(format!("{}echo", p.base_url())),
    ] {
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 401);
        assert_eq!(resp.headers()["www-authenticate"], "Bearer");
        let json: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(json, serde_json::json!({"message": "Bad credentials"}));
    }
}

#[actix_web::test]
async fn tokens_are_accepted_in_every_place() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let token = access_token(&p, &c).await;
    let alias = format!("{}userinfo", p.url());
    for req in [
        c.get(p.userinfo_url()).bearer_auth(&token),
        c.get(p.userinfo_url())
            .header("authorization", format!("token {token}")),
        c.get(p.userinfo_url())
            .header("authorization", format!("Zoho-oauthtoken {token}")),
        c.get(format!("{}?access_token={token}", p.userinfo_url())),
        c.get(format!("{}?token={token}", p.userinfo_url())),
        c.post(p.userinfo_url()).form(&[("token", &token)]),
        c.get(alias).bearer_auth(&token),
    ] {
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200);
        let json: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(json["login"], "octocat");
    }
}

#[actix_web::test]
async fn echo_reports_what_was_sent() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let token = access_token(&p, &c).await;
    let resp = c
        .post(format!("{}echo?a=1&b=two", p.base_url()))
        .header("authorization", format!("Zoho-oauthtoken {token}"))
        .header("X-Custom", "hello")
        .body("raw body")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let json: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(json["method"], "POST");
    assert_eq!(json["path"], "/api/echo");
    assert_eq!(json["query"], "a=1&b=two");
    assert_eq!(json["body"], "raw body");
    assert_eq!(json["headers"]["x-custom"], "hello");
    assert_eq!(
        json["headers"]["authorization"],
        format!("Zoho-oauthtoken {token}")
    );
    let resp = c
        .get(format!("{}echo?token={token}", p.base_url()))
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(json["method"], "GET");
    assert_eq!(json["body"], "");
}

#[actix_web::test]
async fn requests_are_recorded() {
    let p = DevProvider::start().unwrap();
    let c = client();
    assert!(p.requests().is_empty());
    let code = get_code(&p, &c, &[]).await;
    assert!(p.requests().is_empty(), "/authorize is not recorded");
    let json: serde_json::Value = exchange(&p, &c, &code, &[]).await.json().await.unwrap();
    let token = json["access_token"].as_str().unwrap();
    c.get(p.userinfo_url())
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let resp = c
        .get(format!("{}repos?page=2", p.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    let log = p.requests();
    assert_eq!(log.len(), 3);
    let t = &log[0];
    assert_eq!((t.method.as_str(), t.path.as_str()), ("POST", "/token"));
    assert!(t.header("Authorization").unwrap().starts_with("Basic "));
    assert_eq!(t.body_param("code").as_deref(), Some(code.as_str()));
    assert_eq!(
        t.body_param("grant_type").as_deref(),
        Some("authorization_code")
    );
    assert_eq!(t.body_param("redirect_uri").as_deref(), Some(REDIRECT));
    assert!(
        !format!("{t:?}").contains(&code),
        "Debug must redact the code"
    );
    assert_eq!(log[1].path, "/api/user");
    assert_eq!(
        log[1].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(log[2].path, "/api/repos");
    assert_eq!(log[2].query, "page=2");
    assert_eq!(log[2].query_param("page").as_deref(), Some("2"));

    p.clear_requests();
    assert!(p.requests().is_empty());
}

#[actix_web::test]
async fn stop_and_drop_release_the_port() {
    let p = DevProvider::start().unwrap();
    let c = client();
    // Leave a kept-alive connection open, then stop.
    access_token(&p, &c).await;
    let addr = format!("127.0.0.1:{}", p.url().port().unwrap());
    p.stop();
    assert!(std::net::TcpStream::connect(&addr).is_err());

    let p = DevProvider::start().unwrap();
    let addr = format!("127.0.0.1:{}", p.url().port().unwrap());
    assert!(std::net::TcpStream::connect(&addr).is_ok());
    drop(p);
    assert!(std::net::TcpStream::connect(&addr).is_err());
}

#[test]
fn starts_from_sync_code_on_a_chosen_port() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let p = DevProvider::builder().port(port).start().unwrap();
    assert_eq!(p.url().as_str(), format!("http://127.0.0.1:{port}/"));
    assert_eq!(
        p.authorization_url(),
        format!("http://127.0.0.1:{port}/authorize")
    );
    assert_eq!(p.token_url(), format!("http://127.0.0.1:{port}/token"));
    assert_eq!(p.base_url(), format!("http://127.0.0.1:{port}/api/"));
    assert_eq!(
        p.userinfo_url(),
        format!("http://127.0.0.1:{port}/api/user")
    );
    // The port is taken now.
    assert!(DevProvider::builder().port(port).start().is_err());
    let shown = format!("{p:?}");
    assert!(!shown.contains(p.client_secret()));
}

#[test]
fn builder_refuses_bad_settings() {
    use super::DevUser;
    let dup = DevProvider::builder()
        .user(DevUser::octocat())
        .user(DevUser::octocat())
        .start()
        .unwrap_err();
    assert_eq!(dup.kind(), std::io::ErrorKind::InvalidInput);
    let empty = DevProvider::builder().client_id("").start().unwrap_err();
    assert_eq!(empty.kind(), std::io::ErrorKind::InvalidInput);
    let shown = format!("{:?}", DevProvider::builder().client_secret("hunter2"));
    assert!(!shown.contains("hunter2"));
}

#[test]
fn handles_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<DevProvider>();
    assert_send_sync::<super::DevProviderBuilder>();
    assert_send_sync::<super::ReceivedRequest>();
}
