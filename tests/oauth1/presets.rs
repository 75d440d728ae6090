//! The Twitter and Jira presets (their endpoints, signature method, headers and configuration
//! variables), each dancing against the dev provider, and a custom OAuth 1 provider through
//! the derive.

use std::collections::BTreeSet;

use oauth_dance::contrib::{PRESETS, jira, twitter};
use oauth_dance::flow::oauth1::{SignatureMethod, SignaturePlacement};
use oauth_dance::provider::ProviderSpec;
use oauth_dance::{Dance, OAuth1Builder, OAuth2Builder, OAuthProvider};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, key, serve, serve_with};
use serde_json::Value;

const RSA_PEM: &str = include_str!("../../oauth-dance/src/flow/oauth1/testdata/rfc_test_key.pem");

/// The spec of the preset `name`, from the list of every preset.
fn preset(name: &str) -> &'static ProviderSpec {
    PRESETS.iter().copied().find(|s| s.name == name).unwrap()
}

#[test]
fn twitter_has_flask_dances_endpoints_and_variables() {
    let bp = twitter::blueprint()
        .client_id("k")
        .client_secret("s")
        .build()
        .unwrap();
    let flow = bp.oauth1().unwrap();
    assert_eq!(
        flow.request_token_url().as_str(),
        "https://api.twitter.com/oauth/request_token"
    );
    assert_eq!(
        flow.authorization_url().as_str(),
        "https://api.twitter.com/oauth/authorize"
    );
    assert_eq!(
        flow.access_token_url().as_str(),
        "https://api.twitter.com/oauth/access_token"
    );
    assert_eq!(flow.signature_method(), SignatureMethod::HmacSha1);
    assert_eq!(flow.signature_placement(), SignaturePlacement::Header);
    assert_eq!(bp.base_url().as_str(), "https://api.twitter.com/1.1/");
    assert!(bp.headers().is_empty());
    let spec = preset("twitter");
    assert_eq!(spec.client_id_var(), "TWITTER_OAUTH_CLIENT_KEY");
    assert_eq!(spec.client_secret_var(), "TWITTER_OAUTH_CLIENT_SECRET");
    if std::env::var_os("TWITTER_OAUTH_CLIENT_KEY").is_none() {
        let err = twitter::blueprint().build().unwrap_err().to_string();
        assert!(err.contains("TWITTER_OAUTH_CLIENT_KEY"), "{err}");
    }
}

#[test]
fn jira_signs_with_rsa_sends_json_and_reads_its_variables() {
    let bp = jira::blueprint()
        .host("jira.example.com/jira")
        .client_id("k")
        .rsa_key(RSA_PEM)
        .build()
        .unwrap();
    let flow = bp.oauth1().unwrap();
    let base = "https://jira.example.com/jira/plugins/servlet/oauth";
    assert_eq!(
        flow.request_token_url().as_str(),
        format!("{base}/request-token")
    );
    assert_eq!(
        flow.authorization_url().as_str(),
        format!("{base}/authorize")
    );
    assert_eq!(
        flow.access_token_url().as_str(),
        format!("{base}/access-token")
    );
    assert_eq!(flow.signature_method(), SignatureMethod::RsaSha1);
    assert_eq!(bp.base_url().as_str(), "https://jira.example.com/jira/");
    assert_eq!(bp.headers()["content-type"], "application/json");
    let spec = preset("jira");
    assert_eq!(spec.client_id_var(), "JIRA_OAUTH_CONSUMER_KEY");
    let oauth1 = spec.protocol.oauth1().expect("jira speaks OAuth 1");
    assert_eq!(oauth1.rsa_key_env, Some("JIRA_OAUTH_RSA_KEY"));
    if std::env::var_os("JIRA_OAUTH_RSA_KEY").is_none() {
        let err = jira::blueprint()
            .host("j.example")
            .client_id("k")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("JIRA_OAUTH_RSA_KEY"), "{err}");
    }
    let bad = jira::blueprint()
        .host("j.example")
        .client_id("k")
        .rsa_key("/no/such/key.pem");
    let err = bad.build().unwrap_err().to_string();
    assert!(
        err.contains("`rsa_key`") && err.contains("readable file"),
        "{err}"
    );
    assert!(
        !format!("{bp:?}").contains("MIIC"),
        "the key stays out of Debug"
    );
}

/// A preset read by the other protocol's builder is refused at `build()`, naming the builder
/// its protocol needs (the spec is one type for both protocols, so only `build()` can tell).
#[test]
fn a_preset_read_by_the_other_protocols_builder_names_the_right_one() {
    let twitter = OAuth2Builder::from_spec(preset("twitter"))
        .client_id("k")
        .client_secret("s")
        .build();
    let github = OAuth1Builder::from_spec(preset("github"))
        .client_id("k")
        .client_secret("s")
        .build();
    for (built, spoken, right, wrong) in [
        (twitter, "OAuth 1.0a", "OAuth1Builder", "OAuth2Builder"),
        (github, "OAuth 2.0", "OAuth2Builder", "OAuth1Builder"),
    ] {
        let err = built.unwrap_err().to_string();
        let names = format!("`{right}`, not `{wrong}`");
        assert!(
            err.contains(&format!("speaks {spoken}")) && err.contains(&names),
            "{err}"
        );
    }
}

async fn echo(browser: &Browser, url: &str) -> Value {
    let step = browser.get(url).await;
    serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{step:?}"))
}

/// Both presets dance against the dev provider (their endpoints pointed at it): Twitter with
/// HMAC-SHA1, Jira with RSA-SHA1 and `Content-Type: application/json` on its calls.
#[actix_web::test]
async fn both_presets_dance_against_the_dev_provider() {
    let dev = DevProvider::start().unwrap();
    let twitter = twitter::blueprint().endpoints(&dev).build().unwrap();
    let jira = jira::blueprint().endpoints(&dev).build().unwrap();
    let dance = Dance::new(key()).blueprint(&twitter).blueprint(&jira);
    let app = serve(dance, vec![twitter, jira]);
    let browser = Browser::new();
    for (name, method, content_type) in [
        ("twitter", "HMAC-SHA1", Value::Null),
        ("jira", "RSA-SHA1", Value::from("application/json")),
    ] {
        let done = browser
            .dance(&dev, &app.at(&format!("/login/{name}")), "allow", "octocat")
            .await;
        assert_eq!(done.location.as_deref(), Some("/"), "{name}: {done:?}");
        let echoed = echo(&browser, &app.at(&format!("/echo/{name}"))).await;
        assert_eq!(echoed["oauth"]["oauth_signature_method"], method, "{name}");
        let sent = echoed["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "content-type");
        assert_eq!(
            sent.map_or(Value::Null, |h| h[1].clone()),
            content_type,
            "{name}"
        );
    }
}

/// A provider of your own: `protocol = "oauth1"` in the derive.
#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    protocol = "oauth1",
    base_url = "https://api.oauth-example.com/1/",
    request_token_url = "https://oauth-example.com/oauth/request_token",
    authorization_url = "https://oauth-example.com/oauth/authorize",
    access_token_url = "https://oauth-example.com/oauth/access_token",
    signature_placement = "query"
)]
pub struct Example;

#[actix_web::test]
async fn a_custom_oauth1_provider_dances_and_its_extractor_signs() {
    use oauth_dance_spec::builder_methods::{COMMON, OAUTH1};
    let forwarded: BTreeSet<&str> = ExampleBlueprint::FORWARDED_METHODS
        .iter()
        .copied()
        .collect();
    assert_eq!(forwarded, COMMON.iter().chain(OAUTH1).copied().collect());

    let dev = DevProvider::start().unwrap();
    let bp = Example::blueprint().endpoints(&dev).build().unwrap();
    assert_eq!(
        bp.oauth1().unwrap().signature_placement(),
        SignaturePlacement::Query
    );
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], |cfg| {
        cfg.route(
            "/me",
            actix_web::web::get().to(|example: ExampleClient| async move {
                let user: Value = example.get("user").await?.json().await?;
                Ok::<_, oauth_dance::Error>(user["login"].as_str().unwrap_or("?").to_string())
            }),
        );
    });
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/example"), "allow", "hubot")
        .await;
    assert_eq!(browser.get(&app.at("/me")).await.body, "hubot");
}
