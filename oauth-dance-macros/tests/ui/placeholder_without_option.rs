use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/{tenant}/authorize",
    token_url = "https://example.com/{tenant}/token",
    option(name = "tenat", kind = "text", default = "common", placeholder = "tenat", doc = "The tenant."),
)]
pub struct Example;

fn main() {}
