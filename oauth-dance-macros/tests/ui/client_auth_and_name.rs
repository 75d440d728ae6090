use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "Example App",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
    client_auth = "post",
)]
pub struct Example;

fn main() {}
