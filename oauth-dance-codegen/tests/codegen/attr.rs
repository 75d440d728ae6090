//! Front end 1: `#[oauth(...)]` into a `ProviderInput` (syntax only).

use oauth_dance_codegen::__internals::{
    OPTION, PAIR, PROVIDER, ProviderInput, Scalar, Syntax, attribute, key_names, parse_attribute,
    read_presets,
};
use quote::quote;

use crate::texts;

fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<ProviderInput> {
    let input: syn::DeriveInput = syn::parse2(tokens).unwrap();
    parse_attribute(&input)
}

fn parse_error(tokens: proc_macro2::TokenStream) -> String {
    match parse(tokens) {
        Ok(input) => panic!("expected a syntax error, got {input:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn every_key_is_read_in_order() {
    let input = parse(quote! {
        /// Example accounts.
        ///
        /// Second paragraph.
        #[oauth(
            name = "example",
            display_name = "Example Inc.",
            docs_url = "https://example.com/apps",
            notes = "None.",
            base_url = "https://api.example.com/",
            authorization_url = "https://example.com/authorize",
            token_url = "https://example.com/token",
            scope = ["read", "write"],
            scope_separator = ",",
            client_auth = "request_body",
            client_id_env = "EX_ID",
            client_secret_env = "EX_SECRET",
            api_auth_scheme = "Token",
            authorization_param(name = "audience", value = "x"),
            authorization_param(name = "b", value = "y"),
            token_param(name = "t", value = "1"),
            header(name = "Accept", value = "application/json"),
            quirk = "slack_token_in_body",
            quirk = "comma_separated_scopes",
        )]
        #[oauth(option(
            name = "prompt",
            kind = "choice",
            values = ["consent", "none"],
            default = "none",
            doc = "Prompt.",
            param = "prompt",
            template = "{value}",
        ))]
        #[oauth(option(name = "offline", kind = "bool", default = true, when_true = "offline",
                       when_false = "online", doc = "Offline.", param = "access_type",
                       placeholder = "p", header = "X-Mode"))]
        pub(crate) struct Example;
    })
    .unwrap();

    let item = input.item.as_ref().unwrap();
    assert_eq!(item.ident, "Example");
    assert_eq!(item.vis.to_string(), "pub (crate)");
    assert_eq!(
        item.doc.as_deref(),
        Some("Example accounts.\n\nSecond paragraph.")
    );
    assert_eq!(input.name.unwrap().value, "example");
    assert_eq!(input.display_name.unwrap().value, "Example Inc.");
    assert_eq!(input.docs_url.unwrap().value, "https://example.com/apps");
    assert_eq!(input.notes.unwrap().value, "None.");
    assert_eq!(input.base_url.unwrap().value, "https://api.example.com/");
    assert_eq!(
        input.authorization_url.unwrap().value,
        "https://example.com/authorize"
    );
    assert_eq!(input.token_url.unwrap().value, "https://example.com/token");
    let scope = texts(&input.scope.as_ref().unwrap().value);
    assert_eq!(scope, ["read", "write"]);
    assert_eq!(input.scope_separator.unwrap().value, ",");
    assert_eq!(input.client_auth.unwrap().value, "request_body");
    assert_eq!(input.client_id_env.unwrap().value, "EX_ID");
    assert_eq!(input.client_secret_env.unwrap().value, "EX_SECRET");
    assert_eq!(input.api_auth_scheme.unwrap().value, "Token");
    let params: Vec<_> = input
        .authorization_params
        .iter()
        .map(|p| (p.name.value.as_str(), p.value.value.as_str()))
        .collect();
    assert_eq!(params, [("audience", "x"), ("b", "y")]);
    assert_eq!(input.token_params[0].name.value, "t");
    assert_eq!(input.headers[0].value.value, "application/json");
    let quirks: Vec<_> = input.quirks.iter().map(|q| q.value.as_str()).collect();
    assert_eq!(quirks, ["slack_token_in_body", "comma_separated_scopes"]);
    assert!(input.unknown_keys.is_empty());

    let names: Vec<_> = input
        .options
        .iter()
        .map(|o| o.name.as_ref().unwrap().value.as_str())
        .collect();
    assert_eq!(names, ["prompt", "offline"]);
    let prompt = &input.options[0];
    assert_eq!(prompt.kind.as_ref().unwrap().value, "choice");
    let values: Vec<_> = prompt
        .values
        .as_ref()
        .unwrap()
        .value
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["consent", "none"]);
    assert_eq!(
        prompt.default.as_ref().unwrap().value,
        Scalar::Str("none".into())
    );
    assert_eq!(prompt.template.as_ref().unwrap().value, "{value}");
    let offline = &input.options[1];
    assert_eq!(offline.default.as_ref().unwrap().value, Scalar::Bool(true));
    assert_eq!(offline.when_true.as_ref().unwrap().value, "offline");
    assert_eq!(offline.when_false.as_ref().unwrap().value, "online");
    assert_eq!(offline.doc.as_ref().unwrap().value, "Offline.");
    assert_eq!(offline.param.as_ref().unwrap().value, "access_type");
    assert_eq!(offline.placeholder.as_ref().unwrap().value, "p");
    assert_eq!(offline.header.as_ref().unwrap().value, "X-Mode");
}

#[test]
fn a_struct_without_attribute_reads_as_empty() {
    let input = parse(quote!(
        struct Bare;
    ))
    .unwrap();
    assert!(input.name.is_none());
    assert!(input.item.unwrap().doc.is_none());
}

#[test]
fn unknown_keys_are_recorded_with_the_keys_known_there() {
    let input = parse(quote! {
        #[oauth(scopes = ["a"], a::b = 1, nested(x = 1), flag,
                option(name = "o", dfault = "x"), header(name = "A", value = "b", extra = "c"))]
        struct Example;
    })
    .unwrap();
    let keys: Vec<_> = input
        .unknown_keys
        .iter()
        .map(|k| k.key.value.as_str())
        .collect();
    assert_eq!(
        keys,
        ["scopes", "a::b", "nested", "flag", "dfault", "extra"]
    );
    assert_eq!(
        input.unknown_keys[0].known,
        key_names(PROVIDER, Syntax::Attr)
    );
    assert_eq!(input.unknown_keys[4].known, key_names(OPTION, Syntax::Attr));
    assert_eq!(input.unknown_keys[5].known, key_names(PAIR, Syntax::Attr));
    assert_eq!(input.options.len(), 1);
    assert_eq!(input.headers.len(), 1);
}

#[test]
fn a_scope_that_is_not_a_list_is_a_syntax_error() {
    let message = parse_error(quote!(
        #[oauth(scope = "read")]
        struct Example;
    ));
    assert_eq!(
        message,
        "expected a list of strings, like `[\"read\", \"write\"]`"
    );
}

#[test]
fn a_value_that_is_not_a_string_is_a_syntax_error() {
    let message = parse_error(quote!(
        #[oauth(base_url = https)]
        struct Example;
    ));
    assert_eq!(message, "expected a string literal, like `\"...\"`");
}

#[test]
fn a_default_that_is_neither_bool_nor_string_is_a_syntax_error() {
    let message = parse_error(quote!(
        #[oauth(option(name = "n", default = 3))]
        struct Example;
    ));
    assert!(
        message.starts_with("expected `true`, `false` or a string"),
        "{message}"
    );
}

#[test]
fn a_key_given_twice_is_a_syntax_error() {
    let message = parse_error(quote!(
        #[oauth(name = "a", name = "b")]
        struct Example;
    ));
    assert_eq!(message, "`name` is given twice; keep one");
    let message = parse_error(quote!(
        #[oauth(option(doc = "a", doc = "b"))]
        struct Example;
    ));
    assert_eq!(message, "`doc` is given twice; keep one");
}

#[test]
fn a_pair_needs_name_and_value() {
    let message = parse_error(quote!(
        #[oauth(token_param(name = "a"))]
        struct Example;
    ));
    assert_eq!(
        message,
        "`token_param(...)` needs a name and a value: `token_param(name = \"...\", value = \"...\")`"
    );
}

#[test]
fn only_plain_structs_can_derive() {
    let message = parse_error(quote!(
        enum Example {}
    ));
    assert!(message.contains("goes on a struct"), "{message}");
    let message = parse_error(quote!(
        struct Example<T>(T);
    ));
    assert!(
        message.contains("cannot have generic parameters"),
        "{message}"
    );
}

#[test]
fn the_emitted_attribute_leaves_defaults_out() {
    let toml = r#"
        [plain]
        display_name = "Plain"
        about = "Plain."
        base_url = "https://api.plain.example/"
        authorization_url = "https://plain.example/authorize"
        token_url = "https://plain.example/token"
        client_id_env = "PLAIN_OAUTH_CLIENT_ID"
        scope_separator = " "
        client_auth = "basic_raw"
        api_auth_scheme = "Bearer"
    "#;
    let providers = read_presets(toml).unwrap();
    let attribute = attribute(&providers[0]).to_string();
    assert_eq!(
        attribute,
        quote! {
            #[oauth(
                name = "plain",
                display_name = "Plain",
                base_url = "https://api.plain.example/",
                authorization_url = "https://plain.example/authorize",
                token_url = "https://plain.example/token"
            )]
        }
        .to_string()
    );
}
