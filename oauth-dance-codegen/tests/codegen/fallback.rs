//! A bad definition still expands to the items its users name, beside its errors, so that the
//! compiler reports the mistake once and not again at every use of the struct.

use proc_macro2::TokenStream;
use quote::quote;

use crate::pretty;

/// What the public derive entry point emits, formatted, and how many errors it holds.
fn derive_with_fallback(tokens: TokenStream) -> (String, usize) {
    let out = pretty(oauth_dance_codegen::derive_provider(tokens));
    let errors = out.matches("compile_error!").count();
    (out, errors)
}

/// The items code that uses `Example` names.
const USED_ITEMS: &[&str] = &[
    "impl ::oauth_dance::__private::Provider for Example {",
    "const SPEC: ::oauth_dance::__private::ProviderSpec = ::oauth_dance::__private::ProviderSpec::new(\"\")",
    "pub struct ExampleBlueprint {\n    inner: ::oauth_dance::__private::OAuth2Builder,\n}",
    "::oauth_dance::__private::forward_builder_methods!(inner, oauth2);",
    "pub fn blueprint() -> ExampleBlueprint {",
    "pub fn client() -> ::core::result::Result<",
    "pub type ExampleClient = ::oauth_dance::__private::ProviderClient<Example>;",
];

/// Whether `out` contains `fragment`, whitespace and trailing commas aside (layout is
/// prettyplease's business).
fn contains(out: &str, fragment: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>().replace(",)", ")");
    squash(out).contains(&squash(fragment))
}

#[track_caller]
fn assert_has_used_items(out: &str) {
    for item in USED_ITEMS {
        assert!(contains(out, item), "missing {item:?} in:\n{out}");
    }
}

#[test]
fn a_semantic_error_comes_with_the_items_users_name() {
    let (out, errors) = derive_with_fallback(quote! {
        #[oauth(name = "example", base_url = "https://a.example/", authorization_url = "https://a.example/a",
                token_url = "https://a.example/t", colour = "blue")]
        pub struct Example;
    });
    assert_eq!(errors, 1, "{out}");
    assert!(out.contains("unknown key `colour`"), "{out}");
    assert_has_used_items(&out);
}

#[test]
fn a_syntax_error_comes_with_them_too() {
    let (out, errors) = derive_with_fallback(quote! {
        #[oauth(name = "example", scope = "read")]
        pub(crate) struct Example;
    });
    assert_eq!(errors, 1, "{out}");
    assert_has_used_items(&out.replace("pub(crate) ", "pub "));
}

#[test]
fn a_generic_type_gets_only_its_error() {
    let (out, errors) = derive_with_fallback(quote! {
        #[oauth(name = "example")]
        pub struct Example<T>(T);
    });
    assert_eq!(errors, 1, "{out}");
    assert!(!out.contains("ExampleBlueprint"), "{out}");
}

#[test]
fn a_valid_definition_has_no_error_and_no_stand_in() {
    let (out, errors) = derive_with_fallback(quote! {
        #[oauth(name = "example", base_url = "https://a.example/", authorization_url = "https://a.example/a",
                token_url = "https://a.example/t")]
        pub struct Example;
    });
    assert_eq!(errors, 0, "{out}");
    assert!(contains(&out, "ProviderSpec::new(\"example\")"), "{out}");
}
