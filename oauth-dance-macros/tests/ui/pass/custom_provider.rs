//! A custom provider using every attribute key compiles against the runtime, and its spec and
//! typed builder are what the attribute says.

use oauth_dance::OAuthProvider;
use oauth_dance::provider::{ClientAuth, OptionKind, Provider, Quirk};

/// Example accounts.
#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    display_name = "Example",
    docs_url = "https://oauth-example.com/apps",
    base_url = "https://api.oauth-example.com/",
    authorization_url = "https://{tenant}.oauth-example.com/login/oauth/authorize",
    token_url = "https://{tenant}.oauth-example.com/login/oauth/access_token",
    scope = ["read", "write"],
    scope_separator = ",",
    client_auth = "request_body",
    client_id_env = "EXAMPLE_ID",
    api_auth_scheme = "token",
    authorization_param(name = "audience", value = "x"),
    token_param(name = "include", value = "1"),
    header(name = "Client-Id", value = "{client_id}"),
    quirk = "slack_token_in_body",
    option(name = "tenant", kind = "text", default = "common", placeholder = "tenant", doc = "The tenant."),
    option(name = "offline", kind = "bool", when_true = "offline", param = "access_type", doc = "Refresh token."),
    option(name = "prompt", kind = "choice", values = ["consent", "select_account"], param = "prompt", doc = "What to show."),
    option(name = "api_version", kind = "text", header = "Accept", template = "application/json; v={value}", doc = "API version."),
)]
pub struct Example;

/// Private providers work too, without dead-code warnings for what they do not use.
#[derive(OAuthProvider)]
#[oauth(
    name = "minimal",
    base_url = "https://api.minimal.example/",
    authorization_url = "https://minimal.example/authorize",
    token_url = "https://minimal.example/token",
)]
struct Minimal;

fn main() {
    let spec = Example::SPEC;
    assert_eq!(spec.name, "example");
    let oauth2 = spec.protocol.oauth2().expect("an OAuth 2 provider");
    assert_eq!(oauth2.scope, ["read", "write"]);
    assert_eq!(oauth2.client_auth, ClientAuth::RequestBody);
    assert_eq!(spec.client_id_var(), "EXAMPLE_ID");
    assert_eq!(spec.client_secret_var(), "EXAMPLE_OAUTH_CLIENT_SECRET");
    assert_eq!(spec.quirks, [Quirk::SlackTokenInBody]);
    assert_eq!(spec.options[0].kind, OptionKind::Text { default: Some("common") });
    assert_eq!(ExamplePrompt::SelectAccount.as_str(), "select_account");
    assert_eq!(ExamplePrompt::Consent.to_string(), "consent");

    let _builder: ExampleBlueprint = Example::blueprint()
        .tenant("organizations")
        .offline(true)
        .prompt(ExamplePrompt::Consent)
        .api_version(String::from("3"))
        .client_id("id")
        .client_secret("secret");
    let _ = Example::client;
    let _: Option<ExampleClient> = None;
    assert_eq!(Minimal::SPEC.display_name, "Minimal");
}
