//! Helpers for the provider's tests: a client that does not follow redirects, and the steps
//! of the dance driven over real HTTP.

use std::collections::HashMap;

use url::Url;

use super::DevProvider;

/// A redirect URI with a query of its own, which must survive.
pub(crate) const REDIRECT: &str = "http://localhost:9999/callback?keep=1";
/// The RFC 7636 Appendix B pair.
pub(crate) const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub(crate) const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A client that shows redirects instead of following them.
pub(crate) fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `GET /authorize` with the usual parameters plus `extra`.
pub(crate) async fn authorize(
    p: &DevProvider,
    c: &reqwest::Client,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut url = Url::parse(&p.authorization_url()).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", p.client_id())
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("state", "st4te")
        .extend_pairs(extra);
    c.get(url).send().await.unwrap()
}

/// The hidden fields of a consent page, decoded.
pub(crate) fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').nth(1).unwrap();
            let value = rest
                .split("value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (
                name.to_owned(),
                html_escape::decode_html_entities(value).into_owned(),
            )
        })
        .collect()
}

/// Shows the consent page, submits it as `user` with `decision`, returns the redirect target.
pub(crate) async fn decide(
    p: &DevProvider,
    c: &reqwest::Client,
    extra: &[(&str, &str)],
    user: &str,
    decision: &str,
) -> Url {
    let page = authorize(p, c, extra).await;
    assert_eq!(page.status(), 200);
    let mut fields = hidden_fields(&page.text().await.unwrap());
    fields.push(("user".into(), user.into()));
    fields.push(("decision".into(), decision.into()));
    let resp = c
        .post(p.authorization_url())
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    location(&resp)
}

/// Runs the consent step as octocat and returns the code (checking the state came back).
pub(crate) async fn get_code(
    p: &DevProvider,
    c: &reqwest::Client,
    extra: &[(&str, &str)],
) -> String {
    let back = decide(p, c, extra, "octocat", "allow").await;
    let q = query(&back);
    assert_eq!(q.get("state").map(String::as_str), Some("st4te"));
    assert_eq!(q.get("keep").map(String::as_str), Some("1"));
    q["code"].clone()
}

/// `POST /token` for a code, authenticated with HTTP Basic, plus `extra` fields.
pub(crate) async fn exchange(
    p: &DevProvider,
    c: &reqwest::Client,
    code: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
    ];
    form.extend_from_slice(extra);
    c.post(p.token_url())
        .basic_auth(p.client_id(), Some(p.client_secret()))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The whole dance: returns the token response's JSON.
pub(crate) async fn tokens(p: &DevProvider, c: &reqwest::Client) -> serde_json::Value {
    let code = get_code(p, c, &[]).await;
    let resp = exchange(p, c, &code, &[]).await;
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// The `Location` of a redirect, parsed.
pub(crate) fn location(resp: &reqwest::Response) -> Url {
    let value = resp.headers()["location"].to_str().unwrap();
    Url::parse(value).unwrap()
}

/// A URL's query as a map.
pub(crate) fn query(url: &Url) -> HashMap<String, String> {
    url.query_pairs().into_owned().collect()
}

/// Asserts an OAuth error response and returns its `error_description`.
pub(crate) async fn expect_error(resp: reqwest::Response, status: u16, error: &str) -> String {
    assert_eq!(resp.status(), status);
    let json: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(json["error"], error, "{json}");
    json["error_description"].as_str().unwrap_or("").to_owned()
}
