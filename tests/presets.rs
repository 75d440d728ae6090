//! Data-driven check of every preset against expectations transcribed independently from the
//! Flask-Dance reference (`tests/data/preset_expectations.toml`): for every preset and option,
//! the login redirect (scheme, host, path, query minus state/PKCE/redirect_uri/client_id/
//! response_type), token URL, base URL, config variable names, client auth and headers.

use std::collections::BTreeMap;

use actix_web::{App, cookie::Key, http::header::LOCATION, test as actix_test, web};
use oauth_dance::__private::OptionValue;
use oauth_dance::contrib::PRESETS;
use oauth_dance::provider::ProviderSpec;
use oauth_dance::{Dance, OAuth2Builder};
use toml::{Table, Value};

const STRIPPED: &[&str] = &[
    "state",
    "code_challenge",
    "code_challenge_method",
    "redirect_uri",
    "client_id",
    "response_type",
];

fn cases() -> Vec<Table> {
    let text = include_str!("data/preset_expectations.toml");
    let table: Table = text.parse().expect("preset_expectations.toml parses");
    table["case"]
        .as_array()
        .expect("[[case]] entries")
        .iter()
        .map(|c| c.as_table().unwrap().clone())
        .collect()
}

fn spec(name: &str) -> &'static ProviderSpec {
    PRESETS
        .iter()
        .copied()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no preset named {name}"))
}

fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn text<'a>(case: &'a Table, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key}"))
}

/// Runs one case; returns a description of every mismatch.
async fn check(case: &Table) -> Vec<String> {
    let provider = text(case, "provider");
    let label = format!("{provider}/{}", text(case, "label"));
    let spec = spec(provider);
    let mut builder = OAuth2Builder::from_spec(spec)
        .client_id("test-id")
        .client_secret("test-secret");
    for (name, value) in case["options"].as_table().unwrap() {
        let option = spec
            .options
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{label}: no option {name}"));
        let value = match value {
            Value::Boolean(b) => OptionValue::Bool(*b),
            Value::String(s) => OptionValue::Text(s.clone()),
            other => panic!("{label}: option {name} = {other:?}"),
        };
        builder = builder.provider_option(option.name, value);
    }
    if let Some(scope) = case.get("scope").and_then(Value::as_array) {
        builder = builder.scope(scope.iter().map(|s| s.as_str().unwrap().to_string()));
    }
    let bp = builder.build().unwrap_or_else(|e| panic!("{label}: {e}"));

    let app = actix_test::init_service(
        App::new()
            .wrap(Dance::new(Key::generate()).blueprint(&bp))
            .service(web::scope("/login").service(bp.clone())),
    )
    .await;
    let req = actix_test::TestRequest::get()
        .uri(&format!("/login/{provider}"))
        .to_request();
    let res = actix_test::call_service(&app, req).await;
    let location = res
        .headers()
        .get(LOCATION)
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string();
    let url = url::Url::parse(&location).unwrap();

    let mut problems = Vec::new();
    let mut expect = |what: &str, actual: String, expected: String| {
        if actual != expected {
            problems.push(format!(
                "{label}: {what}: got {actual:?}, expected {expected:?}"
            ));
        }
    };
    expect(
        "scheme",
        url.scheme().into(),
        text(case, "authorize_scheme").into(),
    );
    expect(
        "host",
        url.host_str().unwrap_or("").into(),
        text(case, "authorize_host").into(),
    );
    expect(
        "path",
        url.path().into(),
        text(case, "authorize_path").into(),
    );
    let params: BTreeMap<String, String> = url
        .query_pairs()
        .filter(|(k, _)| !STRIPPED.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    expect(
        "authorize params",
        format!("{params:?}"),
        format!("{:?}", string_map(case.get("authorize_params"))),
    );
    expect(
        "token_url",
        bp.oauth2().unwrap().token_url().to_string(),
        text(case, "token_url").into(),
    );
    expect(
        "base_url",
        bp.base_url().to_string(),
        normalized(text(case, "base_url")),
    );
    expect(
        "client_id_env",
        spec.client_id_var().into_owned(),
        text(case, "client_id_env").into(),
    );
    expect(
        "client_secret_env",
        spec.client_secret_var().into_owned(),
        text(case, "client_secret_env").into(),
    );
    let auth = bp.oauth2().unwrap().client_auth().name();
    expect("client_auth", auth.into(), text(case, "client_auth").into());
    for (name, value) in string_map(case.get("headers")) {
        let actual = bp
            .headers()
            .get(name.as_str())
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        expect(&format!("header {name}"), actual, value);
    }
    problems
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
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
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
    assert_eq!(
        PRESETS.len(),
        25,
        "the 25 OAuth 2 presets of Flask-Dance 7.1"
    );
}
