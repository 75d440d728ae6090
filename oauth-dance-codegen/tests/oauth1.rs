//! OAuth 1 providers in the generator: the `protocol` key, the keys that belong to one protocol
//! only (rejected on the other's tables, naming the key, in both front ends), the OAuth 1 keys'
//! checks, and what an OAuth 1 provider expands and prints to.

use oauth_dance_codegen::__internals::{attribute, read_presets};
use proc_macro2::TokenStream;
use quote::quote;

fn derive(tokens: TokenStream) -> Result<String, Vec<String>> {
    let input: syn::DeriveInput = syn::parse2(tokens).unwrap();
    match oauth_dance_codegen::__internals::try_derive(&input) {
        Ok(items) => Ok(items.to_string()),
        Err(err) => Err(err.into_iter().map(|e| e.to_string()).collect()),
    }
}

fn oauth1(extra: TokenStream) -> TokenStream {
    quote! {
        #[oauth(
            name = "example",
            protocol = "oauth1",
            base_url = "https://api.example.com/1/",
            request_token_url = "https://example.com/oauth/request_token",
            authorization_url = "https://example.com/oauth/authorize",
            access_token_url = "https://example.com/oauth/access_token",
            #extra
        )]
        pub struct Example;
    }
}

const TABLE: &str = r#"
[example]
display_name = "Example"
about = "An example."
protocol = "oauth1"
base_url = "https://api.example.com/1/"
request_token_url = "https://example.com/oauth/request_token"
authorization_url = "https://example.com/oauth/authorize"
access_token_url = "https://example.com/oauth/access_token"
signature_method = "RSA-SHA1"
"#;

#[test]
fn an_oauth1_provider_expands_to_an_oauth1_typed_builder() {
    let items = derive(oauth1(quote!(signature_method = "RSA-SHA1"))).unwrap();
    for fragment in [
        ". protocol (:: oauth_dance :: __private :: ProtocolSpec :: OAuth1 (:: oauth_dance :: __private :: OAuth1Spec :: new ()",
        ". request_token_url (\"https://example.com/oauth/request_token\")",
        "SignatureMethod :: RsaSha1",
        ". rsa_key_env (\"EXAMPLE_OAUTH_RSA_KEY\")",
        "inner : :: oauth_dance :: __private :: OAuth1Builder",
        "forward_builder_methods ! (inner , oauth1)",
        "OAuth1Builder :: for_provider :: < Self > ()",
    ] {
        assert!(items.contains(fragment), "{fragment}\nin {items}");
    }
    for oauth2 in ["token_url", "scope", "client_auth", "api_auth_scheme"] {
        assert!(
            !items.contains(&format!(". {oauth2} (")),
            "{oauth2} in {items}"
        );
    }
}

#[test]
fn oauth2_keys_on_an_oauth1_provider_are_errors_naming_the_key() {
    let errors = derive(oauth1(quote!(
        token_url = "https://example.com/token",
        scope = ["read"],
        client_auth = "basic",
        option(name = "o", kind = "text", doc = "d", param = "p"),
    )))
    .unwrap_err();
    for key in ["token_url", "scope", "client_auth", "param"] {
        let message = format!(
            "`{key}` is a key of OAuth 2 providers (`protocol = \"oauth2\"`), and this one is \
             `protocol = \"oauth1\"`; remove it"
        );
        assert!(errors.contains(&message), "{message}\nin {errors:?}");
    }
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[test]
fn oauth1_keys_on_an_oauth2_provider_are_errors_naming_the_key() {
    let errors = derive(quote! {
        #[oauth(
            name = "example",
            base_url = "https://api.example.com/",
            authorization_url = "https://example.com/authorize",
            token_url = "https://example.com/token",
            request_token_url = "https://example.com/request_token",
            signature_method = "HMAC-SHA1",
        )]
        pub struct Example;
    })
    .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("`request_token_url` is a key of OAuth 1 providers"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("`signature_method` is a key of OAuth 1 providers"),
        "{errors:?}"
    );
}

#[test]
fn oauth1_values_are_checked() {
    let errors = derive(quote! {
        #[oauth(
            name = "example",
            protocol = "oauth3",
            base_url = "https://api.example.com/",
            authorization_url = "https://example.com/authorize",
            token_url = "https://example.com/token",
        )]
        pub struct Example;
    })
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "unknown protocol `oauth3`; use `oauth2` (OAuth 2.0, the default) or `oauth1` (OAuth 1.0a, signed requests)"
        ]
    );
    let errors = derive(oauth1(quote!(
        signature_method = "rsa-sha1",
        rsa_key_env = "NOT A VAR"
    )))
    .unwrap_err();
    assert!(
        errors[0].starts_with("unknown value `rsa-sha1`; use `\"HMAC-SHA1\"`"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("is not an environment variable name"),
        "{errors:?}"
    );
    let missing = derive(quote! {
        #[oauth(name = "example", protocol = "oauth1", base_url = "https://a.example/",
                authorization_url = "https://a.example/authorize")]
        pub struct Example;
    })
    .unwrap_err();
    assert!(
        missing[0].starts_with("missing required key `request_token_url`"),
        "{missing:?}"
    );
    assert!(
        missing[1].starts_with("missing required key `access_token_url`"),
        "{missing:?}"
    );
}

#[test]
fn an_oauth1_table_reads_and_prints_back_as_the_same_attribute() {
    let providers = read_presets(TABLE).unwrap();
    let printed = attribute(&providers[0]).to_string();
    for fragment in [
        "protocol = \"oauth1\"",
        "request_token_url = \"https://example.com/oauth/request_token\"",
        "access_token_url = \"https://example.com/oauth/access_token\"",
        "signature_method = \"RSA-SHA1\"",
    ] {
        assert!(printed.contains(fragment), "{fragment} in {printed}");
    }
    for left_out in [", token_url", "signature_placement", "rsa_key_env", "scope"] {
        assert!(!printed.contains(left_out), "{left_out} in {printed}");
    }
    let bad = TABLE.replace(
        "signature_method = \"RSA-SHA1\"",
        "token_params = { a = \"b\" }",
    );
    let errors = read_presets(&bad).unwrap_err().to_string();
    assert!(
        errors.contains("`token_params` is a key of OAuth 2 providers"),
        "{errors}"
    );
    assert!(
        errors.contains("example"),
        "the message names the provider: {errors}"
    );
}
