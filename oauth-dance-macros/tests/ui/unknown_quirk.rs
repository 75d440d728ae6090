use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
    quirk = "slack_token_in_query",
)]
pub struct Example;

fn main() {}
