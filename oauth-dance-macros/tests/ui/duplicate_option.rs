use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
    option(name = "offline", kind = "bool", when_true = "offline", param = "access_type", doc = "Ask for a refresh token."),
    option(name = "offline", kind = "bool", when_true = "offline", param = "access_type", doc = "Ask for a refresh token."),
)]
pub struct Example;

fn main() {}
