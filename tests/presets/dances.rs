//! Every preset completes a full dance against the embedded dev provider, with its endpoints
//! pointed there, and the provider receives what the expectations say: the scope as the preset
//! joins it, the client authentication and token-request body, the API authorization scheme and
//! the preset's headers (OAuth 2); the signature method and headers (OAuth 1).

use oauth_dance::provider::{Protocol, ProviderSpec};
use oauth_dance::{Blueprint, Dance, OAuth1Builder, OAuth2Builder};
use oauth_dance_dev::kit::{Browser, TestApp, key, param, serve};
use oauth_dance_dev::{DevProvider, Dialect, ReceivedRequest, TokenShape};
use serde_json::Value;
use toml::Table;

use crate::cases::{
    KEY_ID, Mismatches, TEAM_ID, assert_none, cases, options, redirect_uri_param, scope, signing,
    spec, string_map, text, transport,
};

/// The first case of every preset (the one with its defaults, or the options it needs).
fn first_cases() -> Vec<Table> {
    let mut seen = std::collections::BTreeSet::new();
    cases()
        .into_iter()
        .filter(|c| seen.insert(text(c, "provider").to_string()))
        .collect()
}

/// The preset of `case`, with its options and scope, pointed at `dev`.
fn blueprint(case: &Table, spec: &'static ProviderSpec, dev: &DevProvider) -> Blueprint {
    let label = text(case, "label");
    let built = match spec.protocol.kind() {
        Protocol::OAuth1 => {
            let mut builder = OAuth1Builder::from_spec(spec)
                .transport(transport())
                .client_id(dev.client_id())
                .client_secret(dev.client_secret())
                .rsa_key(dev.rsa_private_key_pem())
                .request_token_url(dev.oauth1_request_token_url())
                .authorization_url(dev.oauth1_authorization_url())
                .access_token_url(dev.oauth1_access_token_url())
                .base_url(dev.oauth1_base_url());
            for (name, value) in options(case, spec, label) {
                builder = builder.provider_option(name, value);
            }
            builder.build()
        }
        _ => {
            let mut builder = OAuth2Builder::from_spec(spec)
                .transport(transport())
                .client_id(dev.client_id())
                .client_secret(dev.client_secret())
                .authorization_url(dev.authorization_url())
                .token_url(dev.token_url())
                .base_url(dev.base_url());
            for (name, value) in options(case, spec, label) {
                builder = builder.provider_option(name, value);
            }
            if let Some(scope) = scope(case) {
                builder = builder.scope(scope);
            }
            if let Some(name) = redirect_uri_param(case) {
                builder = builder.redirect_uri_param(name);
            }
            // An OpenID Connect preset verifies the dev provider's ID tokens instead.
            if spec.protocol.oauth2().is_some_and(|o| !o.issuer.is_empty()) {
                builder = builder.openid_connect(dev.issuer());
            }
            signing(spec, builder).build()
        }
    };
    built.unwrap_or_else(|e| panic!("{}/{label}: {e}", spec.name))
}

/// The last request the provider received at `path`.
fn last_request(dev: &DevProvider, path: &str) -> Option<ReceivedRequest> {
    dev.requests().into_iter().rev().find(|r| r.path == path)
}

/// A header of the dev provider's echo, which lists headers as an object (OAuth 2) or as
/// `[name, value]` pairs (OAuth 1).
fn echoed_header(echo: &Value, name: &str) -> String {
    let name = name.to_ascii_lowercase();
    let headers = &echo["headers"];
    let value = match headers.as_array() {
        Some(pairs) => pairs.iter().find(|h| h[0] == name.as_str()).map(|h| &h[1]),
        None => headers.get(&name),
    };
    value.and_then(Value::as_str).unwrap_or("").to_string()
}

/// Logs in through the preset in a fresh browser, checks the authorization request (its scope,
/// and for OAuth 2 the callback path the README lists), and returns the browser once the
/// callback has completed.
async fn dance(case: &Table, dev: &DevProvider, app: &TestApp, found: &mut Mismatches) -> Browser {
    let name = text(case, "provider");
    let browser = Browser::new();
    let (authorize, form) = browser
        .start_login(&app.at(&format!("/login/{name}")))
        .await;
    if let Some(expected) = string_map(case.get("authorize_params")).get("scope") {
        let sent = param(&authorize, "scope").unwrap_or_default();
        found.expect("scope at the provider", sent, expected.clone());
    }
    let redirect_uri = param(&authorize, "redirect_uri");
    if let (Some(name), Some(sent)) = (redirect_uri_param(case), &redirect_uri) {
        found.expect("redirect_uri (a registered name)", sent, name);
    } else if let Some(redirect_uri) = redirect_uri {
        let path = url::Url::parse(&redirect_uri).map(|u| u.path().to_string());
        let expected = format!("/login/{name}/authorized");
        found.expect(
            "callback path (as the README lists it)",
            path.unwrap_or_default(),
            expected,
        );
    }
    let done = match param(&authorize, "response_mode").as_deref() {
        Some("form_post") => browser.allow_form_post(dev, &form, "octocat").await,
        _ => {
            let callback = browser.decide(dev, &form, "allow", "octocat").await;
            browser.get(&callback).await
        }
    };
    found.expect("callback status", done.status.to_string(), "302");
    found.expect("callback target", done.location.unwrap_or_default(), "/");
    browser
}

/// OAuth 2: the token request's client authentication and body (`test-id` standing for the
/// client id), then an API call's authorization scheme and headers.
async fn check_oauth2(
    case: &Table,
    dev: &DevProvider,
    app: &TestApp,
    browser: &Browser,
    found: &mut Mismatches,
) {
    let name = text(case, "provider");
    let Some(token_request) = last_request(dev, "/token") else {
        return found
            .problems
            .push(format!("{}: no token request", found.label));
    };
    let basic = token_request
        .header("authorization")
        .is_some_and(|v| v.starts_with("Basic "));
    let secret = token_request.body_param("client_secret");
    let in_body = secret.as_deref() == Some(dev.client_secret());
    let signed = secret.is_some_and(|s| jsonwebtoken::decode_header(&s).is_ok());
    let sent = match (basic, in_body, signed) {
        (true, false, false) => "basic",
        (false, true, false) => "request_body",
        (false, false, true) => "signed_secret_post",
        _ => "neither or both",
    };
    let expected = text(case, "client_auth").trim_end_matches("_raw");
    found.expect("client authentication on the wire", sent, expected);
    for (param, value) in string_map(case.get("token_params")) {
        let sent = token_request.body_param(&param).unwrap_or_default();
        let expected = match value.as_str() {
            "(any)" if !sent.is_empty() => sent.clone(),
            _ => value.replace("test-id", dev.client_id()),
        };
        found.expect(&format!("token body {param}"), sent, expected);
    }
    let Some(token) = browser.token(app, name).await else {
        return found
            .problems
            .push(format!("{}: no token stored", found.label));
    };
    let echo = echo(browser, app, name).await;
    check_api_token(case, &echo, &token, found);
    check_headers(case, dev, &echo, found);
}

/// An API call carries the stored token: in `Authorization` with the case's scheme, or bare in
/// its `api_token_header` (and then no `Authorization` at all).
fn check_api_token(case: &Table, echo: &Value, token: &str, found: &mut Mismatches) {
    let sent = echoed_header(echo, "authorization");
    if let Some(header) = case.get("api_token_header").and_then(|v| v.as_str()) {
        let carried = echoed_header(echo, header);
        found.expect(&format!("API header {header}"), carried, token);
        return found.expect("API Authorization header", sent, "");
    }
    let expected = case
        .get("api_auth_scheme")
        .and_then(|v| v.as_str())
        .unwrap_or("Bearer");
    let scheme = match sent.split_once(' ') {
        Some((scheme, sent_token)) if sent_token == token => scheme.to_string(),
        _ => "(not the stored token)".to_string(),
    };
    found.expect("API authorization scheme", scheme, expected);
}

/// How the dev provider speaks for `case`: the token response shape its provider documents
/// (`token_shape`), the header its API takes the token in (`api_token_header`), and the
/// registered name that stands for the app's callback URL (`redirect_uri_param`).
fn dialect(case: &Table, app: &TestApp) -> Dialect {
    let shape = case.get("token_shape").and_then(|v| v.as_str());
    let token_shape = match shape.unwrap_or("standard") {
        "standard" => TokenShape::Standard,
        "without_token_type" => TokenShape::WithoutTokenType,
        "status_body" => TokenShape::StatusBody,
        "access_token_object" => TokenShape::AccessTokenObject,
        other => panic!("{}: unknown token_shape {other}", text(case, "provider")),
    };
    let header = case.get("api_token_header").and_then(|v| v.as_str());
    Dialect {
        token_shape,
        api_token_header: header.map(str::to_string),
        redirect_names: redirect_uri_param(case)
            .map(|name| {
                let callback = app.at(&format!("/login/{}/authorized", text(case, "provider")));
                vec![(name.to_string(), callback)]
            })
            .unwrap_or_default(),
    }
}

/// OAuth 1: an API call is signed with the preset's method and carries its headers.
async fn check_oauth1(
    case: &Table,
    dev: &DevProvider,
    app: &TestApp,
    browser: &Browser,
    found: &mut Mismatches,
) {
    let echo = echo(browser, app, text(case, "provider")).await;
    let method = echo["oauth"]["oauth_signature_method"]
        .as_str()
        .unwrap_or("");
    found.expect("signature method", method, text(case, "signature_method"));
    check_headers(case, dev, &echo, found);
}

/// The preset's headers reached the provider's API (`test-id` standing for the client id).
fn check_headers(case: &Table, dev: &DevProvider, echo: &Value, found: &mut Mismatches) {
    for (header, value) in string_map(case.get("headers")) {
        let expected = value.replace("test-id", dev.client_id());
        found.expect(
            &format!("API header {header}"),
            echoed_header(echo, &header),
            expected,
        );
    }
}

/// The dev provider's echo of an API call made with the user's token.
async fn echo(browser: &Browser, app: &TestApp, name: &str) -> Value {
    let step = browser.get(&app.at(&format!("/echo/{name}"))).await;
    serde_json::from_str(&step.body).unwrap_or(Value::Null)
}

#[actix_web::test]
async fn every_preset_completes_a_dance_against_the_dev_provider() {
    let dev = DevProvider::builder()
        .dev_signed_secret_key(TEAM_ID, KEY_ID)
        .start()
        .unwrap();
    let cases = first_cases();
    let blueprints: Vec<Blueprint> = cases
        .iter()
        .map(|c| blueprint(c, spec(text(c, "provider")), &dev))
        .collect();
    let dance_mw = blueprints
        .iter()
        .fold(Dance::new(key()), |d, bp| d.blueprint(bp));
    let app = serve(dance_mw, blueprints);
    let mut problems = Vec::new();
    for case in &cases {
        let mut found = Mismatches::of(case);
        dev.set_dialect(dialect(case, &app));
        let browser = dance(case, &dev, &app, &mut found).await;
        match spec(text(case, "provider")).protocol.kind() {
            Protocol::OAuth1 => check_oauth1(case, &dev, &app, &browser, &mut found).await,
            _ => check_oauth2(case, &dev, &app, &browser, &mut found).await,
        }
        problems.extend(found.problems);
    }
    assert_eq!(
        cases.len(),
        oauth_dance::contrib::PRESETS.len(),
        "one dance per preset"
    );
    assert_none(problems);
}
