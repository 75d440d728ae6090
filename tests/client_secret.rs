//! Client secrets with special characters: both HTTP Basic encodings (RFC 6749's form-encoded
//! one, and the raw one Flask-Dance sends) and credentials in the body each complete a dance
//! against a provider that reads them that way, byte for byte; a provider that reads the other
//! encoding answers `invalid_client`, which names the setting to try.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oauth_dance::provider::ClientAuth;
use oauth_dance::{Dance, DanceError, TokenEndpointError};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{BasicCredentials, DevProvider};

/// Every character the two encodings write differently, and a colon.
const SECRET: &str = "a~b+c/d=e:f%g h";

/// A dance with `client_auth` against a provider reading Basic credentials as `server` does;
/// returns the callback's answer, the provider and the error hook's record.
async fn dance(client_auth: ClientAuth, server: BasicCredentials) -> (Step, DevProvider, Calls) {
    let dev = DevProvider::builder()
        .client_secret(SECRET)
        .basic_credentials(server)
        .start()
        .unwrap();
    let errors = Calls::default();
    let seen = errors.clone();
    let bp = dev_builder(&dev, "dev")
        .client_auth(client_auth)
        .on_error(move |event| {
            if let DanceError::TokenEndpoint(TokenEndpointError::CredentialEncoding {
                tried,
                other,
            }) = &event.error
            {
                seen.push(format!("{tried} -> {other}"));
            }
            async { None }
        })
        .build()
        .unwrap();
    // The hint that names the setting is for developers: shown on the page when opted in.
    let app = serve(
        Dance::new(key()).blueprint(&bp).developer_hints(true),
        vec![bp],
    );
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    (done, dev, errors)
}

fn token_request_authorization(dev: &DevProvider) -> Option<String> {
    let request = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    request.header("authorization").map(str::to_string)
}

#[actix_web::test]
async fn each_basic_encoding_dances_against_a_provider_that_reads_it() {
    let cases = [
        (
            ClientAuth::Basic,
            BasicCredentials::FormEncoded,
            "dev-client-id:a%7Eb%2Bc%2Fd%3De%3Af%25g+h",
        ),
        (
            ClientAuth::BasicRaw,
            BasicCredentials::Raw,
            "dev-client-id:a~b+c/d=e:f%g h",
        ),
    ];
    for (client_auth, server, pair) in cases {
        let (done, dev, errors) = dance(client_auth, server).await;
        assert_eq!(done.status, 302, "{client_auth:?}: {done:?}");
        let expected = format!("Basic {}", STANDARD.encode(pair));
        assert_eq!(
            token_request_authorization(&dev),
            Some(expected),
            "{client_auth:?}"
        );
        assert!(errors.all().is_empty());
    }
}

#[actix_web::test]
async fn credentials_in_the_body_dance_whatever_the_secret() {
    let (done, dev, _) = dance(ClientAuth::RequestBody, BasicCredentials::FormEncoded).await;
    assert_eq!(done.status, 302, "{done:?}");
    let request = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.body_param("client_secret").as_deref(), Some(SECRET));
}

#[actix_web::test]
async fn the_other_encoding_gets_a_refusal_that_names_the_setting_to_try() {
    let cases = [
        (
            ClientAuth::Basic,
            BasicCredentials::Raw,
            "basic -> basic_raw",
        ),
        (
            ClientAuth::BasicRaw,
            BasicCredentials::FormEncoded,
            "basic_raw -> basic",
        ),
    ];
    for (client_auth, server, hint) in cases {
        let (done, _, errors) = dance(client_auth, server).await;
        assert_eq!(done.status, 502, "{client_auth:?}: {done:?}");
        assert_eq!(errors.all(), vec![hint]);
        let other = hint.rsplit(' ').next().unwrap();
        let variant = format!("{:?}", ClientAuth::from_name(other).unwrap());
        assert!(
            done.body.contains(&format!("client_auth = \"{other}\"")),
            "{}",
            done.body
        );
        assert!(
            done.body.contains(&format!("ClientAuth::{variant}")),
            "{}",
            done.body
        );
    }
}

#[actix_web::test]
async fn a_plain_secret_is_refused_plainly() {
    // Without characters the encodings treat differently, a refusal is just a refusal.
    let dev = DevProvider::builder()
        .client_secret("right")
        .start()
        .unwrap();
    let refusals = Calls::default();
    let seen = refusals.clone();
    let bp = dev_builder(&dev, "dev")
        .client_secret("wrong")
        .on_error(move |event| {
            seen.push(format!("{:?}", event.error));
            async { None }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 502, "{done:?}");
    let seen = refusals.all();
    assert!(
        seen[0].contains("Refused") && seen[0].contains("invalid_client"),
        "{seen:?}"
    );
}
