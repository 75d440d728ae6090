//! Reading `tests/data/preset_expectations.toml`: its cases, and the preset each one names.

use std::collections::BTreeMap;

use oauth_dance::__private::OptionValue;
use oauth_dance::OAuth2Builder;
use oauth_dance::contrib::PRESETS;
use oauth_dance::provider::ProviderSpec;
use oauth_dance::transport::ReqwestTransport;
use toml::{Table, Value};

/// Every `[[case]]` of the expectations file, in order.
pub fn cases() -> Vec<Table> {
    let text = include_str!("../data/preset_expectations.toml");
    let table: Table = text.parse().expect("preset_expectations.toml parses");
    table["case"]
        .as_array()
        .expect("[[case]] entries")
        .iter()
        .map(|c| c.as_table().unwrap().clone())
        .collect()
}

/// The preset named `name`.
pub fn spec(name: &str) -> &'static ProviderSpec {
    PRESETS
        .iter()
        .copied()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no preset named {name}"))
}

/// A table of strings (`{ a = "b" }`), empty when the key is missing.
pub fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The string `case[key]`.
pub fn text<'a>(case: &'a Table, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key}"))
}

/// The case's protocol (`oauth2` unless it says otherwise).
pub fn protocol(case: &Table) -> &str {
    case.get("protocol")
        .and_then(Value::as_str)
        .unwrap_or("oauth2")
}

/// The scope the case sets on the builder, if it sets one.
pub fn scope(case: &Table) -> Option<Vec<String>> {
    let list = case.get("scope")?.as_array()?;
    Some(
        list.iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
    )
}

/// The `redirect_uri` the case's app sends instead of its callback URL (eBay's RuName), if any.
pub fn redirect_uri_param(case: &Table) -> Option<&str> {
    case.get("redirect_uri_param").and_then(Value::as_str)
}

/// The case's options, as the builder takes them.
pub fn options(case: &Table, spec: &ProviderSpec, label: &str) -> Vec<(&'static str, OptionValue)> {
    let options = case["options"].as_table().unwrap();
    let value = |name: &String, value: &Value| {
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
        (option.name, value)
    };
    options.iter().map(|(name, v)| value(name, v)).collect()
}

/// The mismatches of one case, each described with the case's label.
pub struct Mismatches {
    pub label: String,
    pub problems: Vec<String>,
}

impl Mismatches {
    /// Mismatches of the case `case`, labelled `<provider>/<label>`.
    pub fn of(case: &Table) -> Self {
        Mismatches {
            label: format!("{}/{}", text(case, "provider"), text(case, "label")),
            problems: Vec::new(),
        }
    }

    /// Notes a mismatch when `actual` is not `expected`.
    pub fn expect(&mut self, what: &str, actual: impl Into<String>, expected: impl Into<String>) {
        let (actual, expected) = (actual.into(), expected.into());
        if actual != expected {
            let label = &self.label;
            self.problems.push(format!(
                "{label}: {what}: got {actual:?}, expected {expected:?}"
            ));
        }
    }
}

/// Fails with every problem, when there is one.
pub fn assert_none(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// One transport for every blueprint the checks build (its rustls clients are costly to make,
/// and a blueprint makes its own unless given one).
pub fn transport() -> ReqwestTransport {
    static TRANSPORT: std::sync::OnceLock<ReqwestTransport> = std::sync::OnceLock::new();
    TRANSPORT
        .get_or_init(|| ReqwestTransport::new().unwrap())
        .clone()
}

/// The team id and key id of a preset whose client signs its secret (Apple's).
pub const TEAM_ID: &str = "TEAM123456";
pub const KEY_ID: &str = "KEY1234567";

/// `builder` with the dev provider's signing key, for a preset whose client signs its secret.
pub fn signing(spec: &ProviderSpec, builder: OAuth2Builder) -> OAuth2Builder {
    match spec
        .protocol
        .oauth2()
        .is_some_and(|o| o.client_auth.signs_secret())
    {
        true => builder.signed_secret(TEAM_ID, KEY_ID, oauth_dance_dev::DEV_EC_PRIVATE_KEY),
        false => builder,
    }
}
