// One mistake in the attribute is one error: the derive still emits the items the rest of the
// code names (`Example::blueprint()`, `Example::client()`, `ExampleClient`), so their uses add
// nothing.
use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
    colour = "blue",
)]
pub struct Example;

fn api(client: ExampleClient) -> ExampleClient {
    client
}

fn main() {
    let _blueprint = Example::blueprint().client_id("x").build();
    let _client = Example::client();
    let _api = api;
}
