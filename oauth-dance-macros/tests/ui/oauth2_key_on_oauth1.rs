use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    protocol = "oauth1",
    base_url = "https://api.example.com/1/",
    request_token_url = "https://example.com/oauth/request_token",
    authorization_url = "https://example.com/oauth/authorize",
    access_token_url = "https://example.com/oauth/access_token",
    token_url = "https://example.com/oauth/token",
)]
pub struct Example;

fn main() {}
