use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "api.example.com",
    authorization_url = "ftp://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
)]
pub struct Example;

fn main() {}
