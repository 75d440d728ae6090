//! Front end 2: `providers.toml` tables into `ProviderInput`s (shape only).

use oauth_dance_codegen::__internals::{
    OPTION, PROVIDER, ReadError, Scalar, Site, Syntax, TomlSite, key_names, parse_toml,
};

use crate::texts;

fn toml_site(site: &Site) -> &TomlSite {
    match site {
        Site::Toml(site) => site,
        Site::Tokens(_) => panic!("expected a TOML site"),
    }
}

fn shape_errors(toml: &str) -> Vec<String> {
    match parse_toml(toml) {
        Err(ReadError::Shape(diagnostics)) => diagnostics.iter().map(|d| d.to_string()).collect(),
        other => panic!("expected shape errors, got {other:?}"),
    }
}

#[test]
fn tables_options_and_params_keep_document_order() {
    let inputs = parse_toml(
        r#"
[zeta]
display_name = "Zeta"
authorization_params = { z = "1", a = "2", m = "3" }
headers = { "X-B" = "b", "X-A" = "a" }
quirks = ["slack_token_in_body"]
scope = ["b", "a"]

[zeta.options.second]
kind = "bool"
default = true

[zeta.options.first]
kind = "choice"
values = ["y", "x"]
default = "x"

[alpha]
display_name = "Alpha"
"#,
    )
    .unwrap();
    let names: Vec<_> = inputs
        .iter()
        .map(|i| i.name.as_ref().unwrap().value.as_str())
        .collect();
    assert_eq!(names, ["zeta", "alpha"]);
    let zeta = &inputs[0];
    assert!(zeta.item.is_none());
    let params: Vec<_> = zeta
        .authorization_params
        .iter()
        .map(|p| p.name.value.as_str())
        .collect();
    assert_eq!(params, ["z", "a", "m"]);
    let headers: Vec<_> = zeta.headers.iter().map(|p| p.name.value.as_str()).collect();
    assert_eq!(headers, ["X-B", "X-A"]);
    let scope = texts(&zeta.scope.as_ref().unwrap().value);
    assert_eq!(scope, ["b", "a"]);
    let options: Vec<_> = zeta
        .options
        .iter()
        .map(|o| o.name.as_ref().unwrap().value.as_str())
        .collect();
    assert_eq!(options, ["second", "first"]);
    assert_eq!(
        zeta.options[0].default.as_ref().unwrap().value,
        Scalar::Bool(true)
    );
    assert_eq!(
        zeta.options[1].default.as_ref().unwrap().value,
        Scalar::Str("x".into())
    );
}

#[test]
fn sites_name_the_provider_the_key_and_the_line() {
    let inputs =
        parse_toml("[demo]\ndisplay_name = \"Demo\"\n\n[demo.options.tenant]\nkind = \"text\"\n")
            .unwrap();
    let demo = &inputs[0];
    let table = toml_site(&demo.site);
    assert_eq!(
        (table.provider.as_str(), table.key.as_str(), table.line),
        ("demo", "", 1)
    );
    let display_name = toml_site(&demo.display_name.as_ref().unwrap().site);
    assert_eq!(
        (
            display_name.key.as_str(),
            display_name.line,
            display_name.column
        ),
        ("display_name", 2, 16)
    );
    let kind = toml_site(&demo.options[0].kind.as_ref().unwrap().site);
    assert_eq!((kind.key.as_str(), kind.line), ("options.tenant.kind", 5));
}

#[test]
fn unknown_keys_are_recorded_with_the_keys_known_there() {
    let inputs =
        parse_toml("[demo]\nscopes = []\nname = \"x\"\n[demo.options.o]\ndefalt = 1\n").unwrap();
    let keys: Vec<_> = inputs[0]
        .unknown_keys
        .iter()
        .map(|k| k.key.value.as_str())
        .collect();
    assert_eq!(keys, ["scopes", "name", "defalt"]);
    assert_eq!(
        inputs[0].unknown_keys[0].known,
        key_names(PROVIDER, Syntax::Toml)
    );
    assert_eq!(
        inputs[0].unknown_keys[2].known,
        key_names(OPTION, Syntax::Toml)
    );
}

#[test]
fn values_of_the_wrong_type_are_shape_errors() {
    let errors = shape_errors(
        r#"
[demo]
base_url = 1
scope = "read"
quirks = ["a", 2]
headers = "Accept"
options = 3

[other]
authorization_params = { a = true }

[other.options.x]
default = 1.5
values = "a"
"#,
    );
    assert_eq!(
        errors,
        [
            "providers.toml:3:12: provider `demo`, key `base_url`: expected a string, like `\"...\"`, found an integer",
            "providers.toml:4:9: provider `demo`, key `scope`: expected a list of strings, like `[\"read\", \"write\"]`, found a string",
            "providers.toml:5:16: provider `demo`, key `quirks`: expected a list of strings, like `[\"read\", \"write\"]`, found an integer",
            "providers.toml:6:11: provider `demo`, key `headers`: expected an inline table, like `{ audience = \"...\" }`, found a string",
            "providers.toml:7:11: provider `demo`, key `options`: expected `[<provider>.options.<option>]` tables, found an integer",
            "providers.toml:10:30: provider `other`, key `authorization_params.a`: expected a string, like `\"...\"`, found a boolean",
            "providers.toml:13:11: provider `other`, key `options.x.default`: expected `true`, `false` (bool option) or a string (text or choice option), found a float",
            "providers.toml:14:10: provider `other`, key `options.x.values`: expected a list of strings, like `[\"read\", \"write\"]`, found a string",
        ]
    );
}

#[test]
fn a_top_level_value_is_not_a_provider() {
    let errors = shape_errors("version = 2\n");
    assert_eq!(
        errors,
        [
            "providers.toml:1:1: provider `version`: every top-level entry of providers.toml is a provider table, found an integer; write `[version]` followed by its keys"
        ]
    );
}

#[test]
fn invalid_toml_is_reported_with_its_position() {
    match parse_toml("[demo]\nbase_url = \"unterminated\n") {
        Err(ReadError::Syntax(message)) => {
            assert!(message.starts_with("providers.toml:2:"), "{message}");
            assert!(message.contains("not valid TOML"), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}
