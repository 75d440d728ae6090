//! Every preset, of either protocol, against its expectations, offline: for every preset and
//! option, the base URL, config variable names and headers, and for OAuth 2 the
//! login redirect (scheme, host, path, query minus state/PKCE/redirect_uri/client_id/
//! response_type), token URL and client auth; for OAuth 1 the request-token, authorization and
//! access-token URLs and the signature method.

use std::collections::BTreeMap;

use actix_web::{App, cookie::Key, http::header::LOCATION, test as actix_test, web};
use oauth_dance::contrib::PRESETS;
use oauth_dance::flow::oauth1::OAuth1Builder;
use oauth_dance::provider::{Protocol, ProviderSpec, SigningPart};
use oauth_dance::{Blueprint, Dance, OAuth2Builder};
use toml::Table;

use crate::cases::{
    Mismatches, assert_none, cases, options, protocol, redirect_uri_param, scope, signing, spec,
    string_map, text, transport,
};

const STRIPPED: &[&str] = &[
    "state",
    "code_challenge",
    "code_challenge_method",
    "redirect_uri",
    "client_id",
    "response_type",
    "nonce",
];

/// The RSA key Jira's blueprint signs with (any valid key: the case checks no signature).
const RSA_PEM: &str = include_str!("../../oauth-dance/src/flow/oauth1/testdata/rfc_test_key.pem");

/// Runs one case, of either protocol; returns a description of every mismatch.
async fn check(case: &Table) -> Vec<String> {
    let spec = spec(text(case, "provider"));
    let mut found = Mismatches::of(case);
    found.expect("protocol", spec.protocol.kind().name(), protocol(case));
    let bp = match spec.protocol.kind() {
        Protocol::OAuth1 => check_oauth1(case, spec, &mut found),
        _ => check_oauth2(case, spec, &mut found).await,
    };
    check_common(case, spec, &bp, &mut found);
    found.problems
}

/// What every protocol has: the base URL, the credentials' variables, the headers.
fn check_common(case: &Table, spec: &ProviderSpec, bp: &Blueprint, found: &mut Mismatches) {
    found.expect(
        "base_url",
        bp.base_url().to_string(),
        normalized(text(case, "base_url")),
    );
    found.expect(
        "client_id_env",
        spec.client_id_var(),
        text(case, "client_id_env"),
    );
    for (name, value) in string_map(case.get("headers")) {
        let actual = bp
            .headers()
            .get(name.as_str())
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        found.expect(&format!("header {name}"), actual, value);
    }
}

/// OAuth 2: the login redirect, the token URL, the client authentication.
async fn check_oauth2(
    case: &Table,
    spec: &'static ProviderSpec,
    found: &mut Mismatches,
) -> Blueprint {
    let mut builder = OAuth2Builder::from_spec(spec)
        .transport(transport())
        .client_id("test-id")
        .client_secret("test-secret");
    for (name, value) in options(case, spec, &found.label) {
        builder = builder.provider_option(name, value);
    }
    if let Some(scope) = scope(case) {
        builder = builder.scope(scope);
    }
    if let Some(name) = redirect_uri_param(case) {
        builder = builder.redirect_uri_param(name);
    }
    let bp = signing(spec, builder)
        .build()
        .unwrap_or_else(|e| panic!("{}: {e}", found.label));
    let url = login_redirect(&bp).await;
    found.expect("scheme", url.scheme(), text(case, "authorize_scheme"));
    found.expect(
        "host",
        url.host_str().unwrap_or(""),
        text(case, "authorize_host"),
    );
    found.expect("path", url.path(), text(case, "authorize_path"));
    let params: BTreeMap<String, String> = url
        .query_pairs()
        .filter(|(k, _)| !STRIPPED.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    found.expect(
        "authorize params",
        format!("{params:?}"),
        format!("{:?}", string_map(case.get("authorize_params"))),
    );
    let flow = bp.oauth2().unwrap();
    found.expect(
        "token_url",
        flow.token_url().map_or("", |url| url.as_str()),
        text(case, "token_url"),
    );
    found.expect(
        "client_secret_env",
        spec.client_secret_var(),
        text(case, "client_secret_env"),
    );
    let auth = flow.client_auth().name();
    found.expect("client_auth", auth, text(case, "client_auth"));
    check_redirect_uri_and_token_header(case, &bp, &url, found);
    if let Some(expected) = case.get("signing_env").and_then(toml::Value::as_array) {
        let vars: Vec<String> = SigningPart::ALL.iter().map(|p| p.var(spec.name)).collect();
        let expected: Vec<&str> = expected.iter().filter_map(toml::Value::as_str).collect();
        found.expect("signing_env", vars.join(" "), expected.join(" "));
    }
    bp
}

/// The `redirect_uri` a case's app sends instead of its callback URL, and the header its API
/// calls carry the bare token in.
fn check_redirect_uri_and_token_header(
    case: &Table,
    bp: &Blueprint,
    login: &url::Url,
    found: &mut Mismatches,
) {
    if let Some(name) = redirect_uri_param(case) {
        let sent = login.query_pairs().find(|(k, _)| k == "redirect_uri");
        let sent = sent.map(|(_, v)| v.into_owned()).unwrap_or_default();
        found.expect("redirect_uri", sent, name);
    }
    let flow = bp.oauth2().unwrap();
    let header = flow.api_token_header().map_or("", |h| h.as_str());
    let expected = case.get("api_token_header").and_then(|v| v.as_str());
    let expected = expected.unwrap_or("").to_ascii_lowercase();
    found.expect("api_token_header", header, expected);
}

/// Where the login view of `bp` sends the browser.
async fn login_redirect(bp: &Blueprint) -> url::Url {
    let app = actix_test::init_service(
        App::new()
            .wrap(Dance::new(Key::generate()).blueprint(bp))
            .service(web::scope("/login").service(bp.clone())),
    )
    .await;
    let req = actix_test::TestRequest::get()
        .uri(&format!("/login/{}", bp.name()))
        .to_request();
    let res = actix_test::call_service(&app, req).await;
    let location = res.headers().get(LOCATION).expect("a redirect");
    url::Url::parse(location.to_str().unwrap()).unwrap()
}

/// OAuth 1: the three endpoints, the signature method, the secret's (or RSA key's) variable.
fn check_oauth1(case: &Table, spec: &'static ProviderSpec, found: &mut Mismatches) -> Blueprint {
    let mut builder = OAuth1Builder::from_spec(spec)
        .transport(transport())
        .client_id("test-id")
        .client_secret("test-secret")
        .rsa_key(RSA_PEM);
    for (name, value) in options(case, spec, &found.label) {
        builder = builder.provider_option(name, value);
    }
    let bp = builder
        .build()
        .unwrap_or_else(|e| panic!("{}: {e}", found.label));
    let flow = bp.oauth1().unwrap();
    for (what, url) in [
        ("request_token_url", flow.request_token_url()),
        ("authorization_url", flow.authorization_url()),
        ("access_token_url", flow.access_token_url()),
    ] {
        found.expect(what, url.as_str(), text(case, what));
    }
    let method = flow.signature_method();
    found.expect(
        "signature_method",
        method.name(),
        text(case, "signature_method"),
    );
    let oauth1 = spec.protocol.oauth1().unwrap();
    let secret_env = match oauth1.rsa_key_env {
        Some(var) if method.uses_rsa_key() => var.into(),
        _ => spec.client_secret_var(),
    };
    found.expect("secret_env", secret_env, text(case, "secret_env"));
    bp
}

/// `url::Url` writes an empty path as `/` (`https://api.spotify.com` → `https://api.spotify.com/`).
fn normalized(url: &str) -> String {
    url::Url::parse(url).unwrap().to_string()
}

#[actix_web::test]
async fn every_preset_matches_the_reference() {
    let mut problems = Vec::new();
    for case in cases() {
        problems.extend(check(&case).await);
    }
    assert_none(problems);
}

#[test]
fn every_preset_and_every_option_has_a_case() {
    let cases = cases();
    for spec in PRESETS {
        let mine: Vec<&Table> = cases
            .iter()
            .filter(|c| text(c, "provider") == spec.name)
            .collect();
        assert!(!mine.is_empty(), "no expectation for preset {}", spec.name);
        for option in spec.options {
            assert!(
                mine.iter()
                    .any(|c| c["options"].as_table().unwrap().contains_key(option.name)),
                "no expectation exercises {}.{}",
                spec.name,
                option.name
            );
        }
    }
    let count = |protocol| {
        PRESETS
            .iter()
            .filter(|s| s.protocol.kind() == protocol)
            .count()
    };
    assert_eq!(
        count(Protocol::OAuth2),
        140,
        "the 25 OAuth 2 presets of Flask-Dance 7.1 and 115 from Auth.js, goth, golang.org/x/oauth2 \
         and the providers' own documentation"
    );
    assert_eq!(
        count(Protocol::OAuth1),
        3,
        "Twitter, Jira and Tumblr, OAuth 1.0a"
    );
    assert_eq!(PRESETS.len(), 143);
}

/// A preset whose host (or tenant, realm...) is an option without a default refuses to build
/// until the app sets it, naming the option: left empty, `https://{host}/realms/{realm}/...`
/// would become `https:///realms//...`, which URL parsing reads as the host `realms`.
#[test]
fn a_required_option_left_unset_is_a_build_error_naming_it() {
    for (name, option) in [
        ("auth0", "domain"),
        ("keycloak", "host"),
        ("mattermost", "host"),
        ("azure-ad-b2c", "tenant"),
        ("okta", "domain"),
        ("shopify", "shop"),
    ] {
        let built = OAuth2Builder::from_spec(spec(name))
            .transport(transport())
            .client_id("test-id")
            .client_secret("test-secret")
            .build();
        let err = built.expect_err(name).to_string();
        assert!(
            err.contains(&format!("`{option}`")) && err.contains("required: set it on the builder"),
            "{name}: {err}"
        );
    }
    let keycloak = OAuth2Builder::from_spec(spec("keycloak"))
        .transport(transport())
        .client_id("test-id")
        .client_secret("test-secret")
        .provider_option(
            "host",
            oauth_dance::__private::OptionValue::Text("kc.test".into()),
        )
        .build();
    let err = keycloak.expect_err("keycloak without realm").to_string();
    assert!(err.contains("`realm`"), "{err}");
}
