//! Credentials from the environment (`{NAME}_OAUTH_CLIENT_ID` / `_SECRET`, as in Flask-Dance).
//!
//! The variables are set in `main`, before any thread exists: `std::env::set_var` is unsound
//! while another thread may read the environment, and the test harness runs tests on threads.
//! So this test binary has its own `main` (`harness = false` in Cargo.toml); each check panics
//! (and fails the binary) on a wrong result.

use oauth_dance::contrib::{apple, jira, twitch};
use oauth_dance::flow::oauth1::SignatureMethod;
use oauth_dance::{ConfigError, Dance, OAuth2Builder};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;

const RSA_PEM: &str = include_str!("../oauth-dance/src/flow/oauth1/testdata/rfc_test_key.pem");

fn main() {
    let jira_key =
        std::env::temp_dir().join(format!("oauth-dance-jira-{}.pem", std::process::id()));
    std::fs::write(&jira_key, RSA_PEM).unwrap();
    let apple_key =
        std::env::temp_dir().join(format!("oauth-dance-AuthKey-{}.p8", std::process::id()));
    std::fs::write(&apple_key, oauth_dance_dev::DEV_EC_PRIVATE_KEY).unwrap();
    // SAFETY: no other thread exists yet; nothing reads the environment concurrently.
    unsafe {
        std::env::set_var("JIRA_OAUTH_CONSUMER_KEY", "env-key");
        std::env::set_var("JIRA_OAUTH_RSA_KEY", &jira_key);
        std::env::set_var("FROMENV_OAUTH_CLIENT_ID", "env-id");
        std::env::set_var("FROMENV_OAUTH_CLIENT_SECRET", "env-secret");
        std::env::set_var("TWITCH_OAUTH_CLIENT_ID", "id-from-env");
        std::env::set_var("TWITCH_OAUTH_CLIENT_SECRET", "secret-from-env");
        std::env::set_var("OIDC_OAUTH_CLIENT_ID", "oidc-id");
        std::env::set_var("OIDC_OAUTH_CLIENT_SECRET", "oidc-secret");
        std::env::set_var("OIDC_OAUTH_ISSUER", "https://sso.example.com/");
        std::env::set_var("NOSSO_OAUTH_CLIENT_ID", "id");
        std::env::set_var("NOSSO_OAUTH_CLIENT_SECRET", "secret");
        std::env::set_var("APPLE_OAUTH_CLIENT_ID", "com.example.web");
        std::env::set_var("APPLE_OAUTH_TEAM_ID", "TEAM123456");
        std::env::set_var("APPLE_OAUTH_KEY_ID", "KEY1234567");
        std::env::set_var("APPLE_OAUTH_PRIVATE_KEY", &apple_key);
        std::env::set_var("BADAPPLE_OAUTH_CLIENT_ID", "com.example.web");
        std::env::set_var("BADAPPLE_OAUTH_TEAM_ID", "TEAM123456");
        std::env::set_var("BADAPPLE_OAUTH_KEY_ID", "KEY1234567");
        std::env::set_var("BADAPPLE_OAUTH_PRIVATE_KEY", BROKEN_P8);
        std::env::set_var("NOTEAM_OAUTH_CLIENT_ID", "com.example.web");
    }
    credentials_come_from_the_environment();
    an_explicit_value_wins_over_the_environment();
    actix_web::rt::System::new().block_on(twitch_client_id_header_also_from_the_environment());
    jira_reads_the_consumer_key_and_a_key_file_from_the_environment();
    the_generic_openid_provider_reads_its_issuer_from_the_environment();
    apple_signs_its_secret_with_the_key_file_from_the_environment();
    a_bad_or_missing_signing_key_is_a_start_up_error_naming_the_variable();
    std::fs::remove_file(&jira_key).unwrap();
    std::fs::remove_file(&apple_key).unwrap();
    println!("from_env: 7 checks passed");
}

/// Jira (OAuth 1, RSA-SHA1): the consumer key from `JIRA_OAUTH_CONSUMER_KEY`, the private key
/// read from the file `JIRA_OAUTH_RSA_KEY` names.
fn jira_reads_the_consumer_key_and_a_key_file_from_the_environment() {
    let bp = jira::blueprint().host("j.example").build().unwrap();
    assert_eq!(bp.client_id(), "env-key");
    assert_eq!(
        bp.oauth1().unwrap().signature_method(),
        SignatureMethod::RsaSha1
    );
}

/// The generic OpenID Connect provider: `OIDC_OAUTH_ISSUER` with the credentials, named after
/// the blueprint (`NOSSO_OAUTH_ISSUER` once renamed); the builder's issuer wins.
fn the_generic_openid_provider_reads_its_issuer_from_the_environment() {
    let bp = oauth_dance::oidc::blueprint().build().unwrap();
    assert_eq!(bp.client_id(), "oidc-id");
    assert_eq!(bp.base_url().as_str(), "https://sso.example.com/");
    let err = oauth_dance::oidc::blueprint()
        .name("nosso")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, ConfigError::Missing { variable, .. } if variable == "NOSSO_OAUTH_ISSUER"),
        "{err}"
    );
    let bp = oauth_dance::oidc::blueprint()
        .openid_connect("https://other.example.com")
        .build()
        .unwrap();
    assert_eq!(
        bp.base_url().as_str(),
        "https://other.example.com/",
        "the builder wins"
    );
}

/// A `.p8` whose base64 is damaged (its first line of key material).
const BROKEN_P8: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET\n-----END PRIVATE KEY-----";

/// Apple: the client id, team id, key id and the path of the `.p8` from `APPLE_OAUTH_*`; no
/// client secret is needed.
fn apple_signs_its_secret_with_the_key_file_from_the_environment() {
    let bp = apple::blueprint().build().unwrap();
    assert_eq!(bp.client_id(), "com.example.web");
    let shown = format!("{bp:?}");
    assert!(shown.contains("TEAM123456"), "{shown}");
    assert!(
        !shown.contains("BEGIN") && !shown.contains("eyJ"),
        "no key, no JWT: {shown}"
    );
}

/// A key that is not one is a `ConfigError` naming its variable and never showing the key; a
/// missing team id names `{NAME}_OAUTH_TEAM_ID`.
fn a_bad_or_missing_signing_key_is_a_start_up_error_naming_the_variable() {
    let err = apple::blueprint().name("badapple").build().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("BADAPPLE_OAUTH_PRIVATE_KEY"), "{text}");
    assert!(!text.contains("SECRETSECRET"), "{text}");
    let err = apple::blueprint().name("noteam").build().unwrap_err();
    assert!(
        matches!(&err, ConfigError::Missing { variable, .. } if variable == "NOTEAM_OAUTH_TEAM_ID"),
        "{err}"
    );
}

fn plain_builder() -> OAuth2Builder {
    OAuth2Builder::new("fromenv")
        .authorization_url("https://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/")
}

fn credentials_come_from_the_environment() {
    let bp = plain_builder().build().unwrap();
    assert_eq!(bp.client_id(), "env-id");
}

/// Flask-Dance #281 made explicit: a builder value wins over the environment.
fn an_explicit_value_wins_over_the_environment() {
    let bp = plain_builder().client_id("explicit").build().unwrap();
    assert_eq!(bp.client_id(), "explicit");
}

/// Twitch's `Client-Id` header is filled from the client id, also when that comes from the
/// environment, on the token request and on API calls.
async fn twitch_client_id_header_also_from_the_environment() {
    let dev = DevProvider::builder()
        .client_id("id-from-env")
        .client_secret("secret-from-env")
        .start()
        .unwrap();
    let bp = twitch::blueprint()
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &app.at("/login/twitch"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let token_request = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert_eq!(token_request.header("client-id"), Some("id-from-env"));
    let echo = browser.get(&app.at("/echo/twitch")).await;
    let echo: serde_json::Value = serde_json::from_str(&echo.body).unwrap();
    assert_eq!(echo["headers"]["client-id"], "id-from-env");
}
