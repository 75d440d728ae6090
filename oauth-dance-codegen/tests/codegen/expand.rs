//! The expansion of `#[derive(OAuthProvider)]`.

use quote::quote;

use crate::{assert_matches_file, derive_ok};

/// Asserts that `out` contains every fragment, ignoring whitespace and trailing commas
/// (formatting is the snapshot's business).
#[track_caller]
fn assert_contains_all(out: &str, fragments: &[&str]) {
    let squash = |s: &str| {
        let s: String = s.split_whitespace().collect();
        [")", "]", "}", ">"]
            .iter()
            .fold(s, |s, close| s.replace(&format!(",{close}"), close))
    };
    let squashed = squash(out);
    for fragment in fragments {
        let fragment_squashed = squash(fragment);
        let fragment_squashed = fragment_squashed.trim_end_matches(',');
        assert!(
            squashed.contains(fragment_squashed),
            "missing {fragment:?} in:\n{out}"
        );
    }
}

/// A provider using every feature.
fn google() -> String {
    derive_ok(quote! {
        /// Google accounts.
        #[oauth(
            name = "google",
            docs_url = "https://console.cloud.google.com/apis/credentials",
            base_url = "https://www.googleapis.com/",
            authorization_url = "https://accounts.google.com/{tenant}/o/oauth2/auth",
            token_url = "https://accounts.google.com/o/oauth2/token",
            scope = ["openid", "email"],
            client_auth = "request_body",
            api_auth_scheme = "Token",
            authorization_param(name = "audience", value = "api"),
            token_param(name = "include", value = "yes"),
            header(name = "Client-Id", value = "{client_id}"),
            quirk = "comma_separated_scopes",
            option(name = "offline", kind = "bool", when_true = "offline", doc = "Ask for a refresh token.", param = "access_type"),
            option(name = "tenant", kind = "text", default = "common", doc = "The tenant.", placeholder = "tenant"),
            option(name = "prompt", kind = "choice", values = ["consent", "select_account"], doc = "What to show.", param = "prompt"),
            option(name = "api_version", kind = "text", doc = "API version.", header = "Accept", template = "application/json; version={value}"),
        )]
        pub struct Google;
    })
}

#[test]
fn the_expansion_matches_its_snapshot() {
    assert_matches_file(&google(), "tests/fixtures/expand/google.rs");
}

#[test]
fn the_spec_holds_every_value() {
    let out = google();
    let fragments = &[
        "#[automatically_derived]\nimpl ::oauth_dance::__private::Provider for Google {",
        "const SPEC: ::oauth_dance::__private::ProviderSpec = ::oauth_dance::__private::ProviderSpec::new(\"google\")",
        ".display_name(\"Google\")",
        ".authorization_url(\"https://accounts.google.com/{tenant}/o/oauth2/auth\")",
        ".scope(&[\"openid\", \"email\"])",
        ".scope_separator(\" \")",
        ".client_id_env(\"GOOGLE_OAUTH_CLIENT_ID\")",
        ".client_secret_env(\"GOOGLE_OAUTH_CLIENT_SECRET\")",
        ".client_auth(::oauth_dance::__private::ClientAuth::RequestBody)",
        ".authorization_params(&[(\"audience\", \"api\")])",
        ".token_params(&[(\"include\", \"yes\")])",
        ".headers(&[(\"Client-Id\", \"{client_id}\")])",
        ".api_auth_scheme(\"Token\")",
        ".quirks(&[::oauth_dance::__private::Quirk::CommaSeparatedScopes])",
        "when_true: ::core::option::Option::Some(\"offline\")",
        "when_false: ::core::option::Option::None",
        "::oauth_dance::__private::OptionKind::Text {default: ::core::option::Option::Some(\"common\")}",
        "::oauth_dance::__private::OptionEffect::Placeholder {name: \"tenant\", template: \"{value}\"}",
        "::oauth_dance::__private::OptionEffect::Header {name: \"Accept\", template: \"application/json; version={value}\"}",
    ];
    assert_contains_all(&out, fragments);
}

#[test]
fn the_blueprint_has_a_typed_method_per_option() {
    let out = google();
    let fragments = &[
        "pub struct GoogleBlueprint {\n    inner: ::oauth_dance::__private::OAuth2Builder,\n}",
        "impl GoogleBlueprint {\n    ::oauth_dance::__private::forward_builder_methods!(inner, oauth2);",
        "/// Ask for a refresh token.\n    ///\n    /// Default: `false`.\n    #[allow(clippy::wrong_self_convention)]\n    pub fn offline(self, on: bool) -> Self {",
        "inner: self.inner.provider_option(\"offline\", ::oauth_dance::__private::OptionValue::Bool(on)),",
        "/// Default: `common`.\n    #[allow(clippy::wrong_self_convention)]\n    pub fn tenant(self, value: impl ::core::convert::Into<::std::string::String>) -> Self {",
        "pub fn prompt(self, value: GooglePrompt) -> Self {",
        "#[non_exhaustive]\npub enum GooglePrompt {\n    /// `consent`\n    Consent,\n    /// `select_account`\n    SelectAccount,\n}",
        "Self::SelectAccount => \"select_account\",",
        "impl ::core::fmt::Display for GooglePrompt {",
        "/// Register an OAuth app at <https://console.cloud.google.com/apis/credentials>.",
        "/// Google accounts.",
    ];
    assert_contains_all(&out, fragments);
}

#[test]
fn blueprint_client_and_extractor() {
    let out = google();
    let fragments = &[
        "impl Google {\n    /// Starts the typed blueprint builder of Google (see [`GoogleBlueprint`]).\n    #[inline]",
        "pub fn blueprint() -> GoogleBlueprint {\n        GoogleBlueprint {\n            inner: ::oauth_dance::__private::OAuth2Builder::for_provider::<Self>(),",
        "pub fn client() -> ::core::result::Result<::oauth_dance::__private::Client, ::oauth_dance::__private::Error> {",
        "::oauth_dance::__private::Client::current_for::<Self>()",
        "pub type GoogleClient = ::oauth_dance::__private::ProviderClient<Google>;",
    ];
    assert_contains_all(&out, fragments);
}

#[test]
fn generated_items_share_the_struct_visibility() {
    let out = derive_ok(quote! {
        #[oauth(name = "example", base_url = "https://a.example/", authorization_url = "https://a.example/a", token_url = "https://a.example/t",
                option(name = "mode", kind = "choice", values = ["a"], doc = "d", param = "m"))]
        pub(crate) struct Example;
    });
    assert!(out.contains("pub(crate) struct ExampleBlueprint"), "{out}");
    assert!(out.contains("pub(crate) enum ExampleMode"), "{out}");
    assert!(out.contains("pub(crate) type ExampleClient"), "{out}");
    let out = derive_ok(quote! {
        #[oauth(name = "example", base_url = "https://a.example/", authorization_url = "https://a.example/a", token_url = "https://a.example/t")]
        struct Example;
    });
    assert!(out.contains("\nstruct ExampleBlueprint"), "{out}");
    assert!(out.contains("\ntype ExampleClient"), "{out}");
}

#[test]
fn display_name_defaults_to_the_struct_name_and_env_vars_to_the_name() {
    let out = derive_ok(quote! {
        #[oauth(name = "azure-ad", base_url = "https://a.example/", authorization_url = "https://a.example/a", token_url = "https://a.example/t")]
        pub struct AzureAd;
    });
    assert!(out.contains(".display_name(\"AzureAd\")"), "{out}");
    assert!(
        out.contains(".client_id_env(\"AZURE_AD_OAUTH_CLIENT_ID\")"),
        "{out}"
    );
}
