//! The dance over real HTTP: consent, code, token, refresh, and what must be refused.

use super::test_support::*;
use super::{DevProvider, DevUser};

#[actix_web::test]
async fn consent_page_shows_the_request_escaped() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let resp = authorize(
        &p,
        &c,
        &[
            ("scope", "read user:email"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    assert_eq!(resp.status(), 200);
    let h = resp.headers();
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store");
    let html = resp.text().await.unwrap();
    assert!(html.contains("dev-client-id wants to access your account"));
    assert!(html.contains("read user:email"));
    assert!(html.contains("<select name=\"user\">"));
    assert!(html.contains("<option value=\"octocat\" selected>The Octocat (octocat)</option>"));
    assert!(html.contains("<option value=\"hubot\">Hubot (hubot)</option>"));
    assert!(html.contains("<form method=\"post\" action=\"/authorize\">"));
    assert!(html.contains("<button name=\"decision\" value=\"allow\">Allow</button>"));
    assert!(html.contains("<button name=\"decision\" value=\"deny\">Deny</button>"));
    let fields = hidden_fields(&html);
    let field = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    assert_eq!(field("redirect_uri"), Some(REDIRECT));
    assert_eq!(field("state"), Some("st4te"));
    assert_eq!(field("code_challenge"), Some(CHALLENGE));
    assert_eq!(field("code_challenge_method"), Some("S256"));
    assert_eq!(field("scope"), Some("read user:email"));
    assert_eq!(field("response_type"), Some("code"));
}

#[actix_web::test]
async fn consent_page_escapes_hostile_values() {
    let p = DevProvider::builder()
        .user(DevUser::new("<b>x</b>", 9, "\"><script>", "x@example.com"))
        .start()
        .unwrap();
    let c = client();
    let hostile = "\"><script>alert(1)</script>&";
    let resp = authorize(&p, &c, &[("scope", "a<b>")]).await;
    let html = resp.text().await.unwrap();
    assert!(!html.contains("<b>"));
    assert!(!html.contains("<script>"));
    let mut url = url::Url::parse(&p.authorization_url()).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", p.client_id())
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", hostile);
    let html = c.get(url).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>"));
    let fields = hidden_fields(&html);
    assert!(fields.iter().any(|(k, v)| k == "state" && v == hostile));
}

#[actix_web::test]
async fn client_errors_are_shown_never_redirected() {
    let p = DevProvider::start().unwrap();
    let c = client();
    for query in [
        "response_type=code&client_id=someone-else&redirect_uri=http%3A%2F%2Fevil.example%2F",
        "response_type=code&client_id=dev-client-id",
        "response_type=code&client_id=dev-client-id&redirect_uri=evil",
        "response_type=code&client_id=dev-client-id&redirect_uri=http%3A%2F%2Fa%2F&client_id=x",
        "response_type=code&client_id=dev-client-id&redirect_uri=http%3A%2F%2Fa%2F&state=%FF",
    ] {
        let resp = c
            .get(format!("{}?{query}", p.authorization_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{query}");
        assert!(resp.headers().get("location").is_none());
        assert!(resp.text().await.unwrap().contains("<h1>"));
    }
    // The decision endpoint re-validates too.
    let resp = c
        .post(p.authorization_url())
        .form(&[
            ("response_type", "code"),
            ("client_id", "someone-else"),
            ("redirect_uri", "http://evil.example/"),
            ("user", "octocat"),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert!(resp.headers().get("location").is_none());
}

#[actix_web::test]
async fn other_authorize_errors_go_back_to_the_client() {
    let p = DevProvider::builder().require_pkce(true).start().unwrap();
    let c = client();
    let resp = authorize(&p, &c, &[]).await;
    assert_eq!(resp.status(), 302);
    let q = query(&location(&resp));
    assert_eq!(q["error"], "invalid_request");
    assert_eq!(q["state"], "st4te");
    let resp = authorize(
        &p,
        &c,
        &[
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "plain"),
        ],
    )
    .await;
    assert_eq!(query(&location(&resp))["error"], "invalid_request");
}

#[actix_web::test]
async fn allow_code_token_and_userinfo() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[("scope", "read write")]).await;
    assert!(code.len() >= 43);
    let resp = exchange(&p, &c, &code, &[]).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let json: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["expires_in"], 3600);
    assert_eq!(json["scope"], "read write");
    assert!(json["refresh_token"].as_str().unwrap().len() >= 43);
    let access = json["access_token"].as_str().unwrap();
    let me: serde_json::Value = c
        .get(p.userinfo_url())
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me,
        serde_json::json!({"login":"octocat","id":1,"name":"The Octocat","email":"octocat@example.com"})
    );
}

#[actix_web::test]
async fn the_chosen_user_is_the_one_logged_in() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let back = decide(&p, &c, &[], "hubot", "allow").await;
    let code = query(&back)["code"].clone();
    let json: serde_json::Value = exchange(&p, &c, &code, &[]).await.json().await.unwrap();
    let resp = c
        .get(p.userinfo_url())
        .bearer_auth(json["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(me["login"], "hubot");
    assert_eq!(me["id"], 2);
}

#[actix_web::test]
async fn deny_redirects_with_access_denied() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let back = decide(&p, &c, &[], "octocat", "deny").await;
    assert!(
        back.as_str()
            .starts_with("http://localhost:9999/callback?keep=1&")
    );
    let q = query(&back);
    assert_eq!(q["error"], "access_denied");
    assert_eq!(q["error_description"], "The user denied the request");
    assert_eq!(q["state"], "st4te");
    assert!(!q.contains_key("code"));
}

#[actix_web::test]
async fn client_authentication() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let wrong = c
        .post(p.token_url())
        .basic_auth(p.client_id(), Some("wrong"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(wrong.headers().contains_key("www-authenticate"));
    expect_error(wrong, 401, "invalid_client").await;
    let missing = c.post(p.token_url()).form(&form).send().await.unwrap();
    expect_error(missing, 401, "invalid_client").await;
    let garbled = c
        .post(p.token_url())
        .header("authorization", "Basic %%%not-base64")
        .form(&form)
        .send()
        .await
        .unwrap();
    expect_error(garbled, 401, "invalid_client").await;
    let both = c
        .post(p.token_url())
        .basic_auth(p.client_id(), Some(p.client_secret()))
        .form(&[("client_secret", p.client_secret()), ("grant_type", "x")])
        .send()
        .await
        .unwrap();
    expect_error(both, 400, "invalid_request").await;
    // Credentials in the body work (and the code was not consumed by failed client auth).
    let mut body = form.to_vec();
    body.push(("client_id", p.client_id()));
    body.push(("client_secret", p.client_secret()));
    let ok = c.post(p.token_url()).form(&body).send().await.unwrap();
    assert_eq!(ok.status(), 200);
}

#[actix_web::test]
async fn pkce_is_verified() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];

    let code = get_code(&p, &c, &pkce).await;
    let wrong = "x".repeat(43);
    let resp = exchange(&p, &c, &code, &[("code_verifier", &wrong)]).await;
    let description = expect_error(resp, 400, "invalid_grant").await;
    assert_eq!(description, "PKCE verification failed");

    let code = get_code(&p, &c, &pkce).await;
    let resp = exchange(&p, &c, &code, &[]).await;
    expect_error(resp, 400, "invalid_grant").await;

    let code = get_code(&p, &c, &pkce).await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", "short")]).await;
    expect_error(resp, 400, "invalid_grant").await;

    let code = get_code(&p, &c, &pkce).await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(resp.status(), 200);

    // A verifier for a code issued without a challenge is a downgrade attempt.
    let code = get_code(&p, &c, &[]).await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", VERIFIER)]).await;
    expect_error(resp, 400, "invalid_grant").await;
}

#[actix_web::test]
async fn required_pkce_round_trip() {
    let p = DevProvider::builder().require_pkce(true).start().unwrap();
    let c = client();
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let code = get_code(&p, &c, &pkce).await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(resp.status(), 200);
}

#[actix_web::test]
async fn codes_are_single_use_and_replay_revokes() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    let first: serde_json::Value = exchange(&p, &c, &code, &[]).await.json().await.unwrap();
    let replay = exchange(&p, &c, &code, &[]).await;
    expect_error(replay, 400, "invalid_grant").await;
    let resp = c
        .get(p.userinfo_url())
        .bearer_auth(first["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    // A failed exchange consumes the code too.
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let code = get_code(&p, &c, &pkce).await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", &"x".repeat(43))]).await;
    expect_error(resp, 400, "invalid_grant").await;
    let resp = exchange(&p, &c, &code, &[("code_verifier", VERIFIER)]).await;
    expect_error(resp, 400, "invalid_grant").await;

    let resp = exchange(&p, &c, "made-up", &[]).await;
    expect_error(resp, 400, "invalid_grant").await;
}

#[actix_web::test]
async fn redirect_uri_must_match() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    let resp = c
        .post(p.token_url())
        .basic_auth(p.client_id(), Some(p.client_secret()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", "http://localhost:9999/callback"),
        ])
        .send()
        .await
        .unwrap();
    let description = expect_error(resp, 400, "invalid_grant").await;
    assert!(description.contains("redirect_uri"));
}

#[actix_web::test]
async fn refresh_rotates() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let first = tokens(&p, &c).await;
    let old_refresh = first["refresh_token"].as_str().unwrap();
    let refresh = |token: String| {
        c.post(p.token_url())
            .basic_auth(p.client_id(), Some(p.client_secret()))
            .form(&[
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", token),
            ])
            .send()
    };
    let resp = refresh(old_refresh.to_owned()).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let second: serde_json::Value = resp.json().await.unwrap();
    assert_ne!(second["access_token"], first["access_token"]);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(second["token_type"], "Bearer");
    let resp = c
        .get(p.userinfo_url())
        .bearer_auth(second["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let reused = refresh(old_refresh.to_owned()).await.unwrap();
    expect_error(reused, 400, "invalid_grant").await;
    let next = refresh(second["refresh_token"].as_str().unwrap().to_owned())
        .await
        .unwrap();
    assert_eq!(next.status(), 200);
}

#[actix_web::test]
async fn other_grants_and_malformed_requests() {
    let p = DevProvider::start().unwrap();
    let c = client();
    let post = |body: Vec<u8>| {
        c.post(p.token_url())
            .basic_auth(p.client_id(), Some(p.client_secret()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let resp = post(b"grant_type=password&username=a&password=b".to_vec())
        .await
        .unwrap();
    expect_error(resp, 400, "unsupported_grant_type").await;
    let resp = post(b"grant_type=%FF".to_vec()).await.unwrap();
    expect_error(resp, 400, "invalid_request").await;
    let resp = post(b"grant_type=\xff\xfe".to_vec()).await.unwrap();
    expect_error(resp, 400, "invalid_request").await;
    let resp = post(b"grant_type=a&grant_type=b".to_vec()).await.unwrap();
    expect_error(resp, 400, "invalid_request").await;
    let resp = post(b"code=abc".to_vec()).await.unwrap();
    expect_error(resp, 400, "invalid_request").await;
    let resp = c
        .post(p.token_url())
        .basic_auth(p.client_id(), Some(p.client_secret()))
        .json(&serde_json::json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .unwrap();
    expect_error(resp, 400, "invalid_request").await;
    let resp = c.get(p.token_url()).send().await.unwrap();
    assert_eq!(resp.status(), 405);
    let resp = c
        .post(p.authorization_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"\xff=\xff".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
}

#[actix_web::test]
async fn custom_client_credentials() {
    let p = DevProvider::builder()
        .client_id("my app")
        .client_secret("p:ss+w%rd")
        .start()
        .unwrap();
    let c = client();
    let code = get_code(&p, &c, &[]).await;
    // RFC 6749 §2.3.1: form-encode the id and secret before Basic.
    let id: String = url::form_urlencoded::byte_serialize(p.client_id().as_bytes()).collect();
    let secret: String =
        url::form_urlencoded::byte_serialize(p.client_secret().as_bytes()).collect();
    let resp = c
        .post(p.token_url())
        .basic_auth(id, Some(secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn works_from_a_plain_tokio_runtime_and_expired_tokens_fail() {
    let p = DevProvider::builder()
        .token_lifetime(std::time::Duration::ZERO)
        .start()
        .unwrap();
    let c = client();
    let json = tokens(&p, &c).await;
    assert_eq!(json["expires_in"], 0);
    let resp = c
        .get(p.userinfo_url())
        .bearer_auth(json["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}
