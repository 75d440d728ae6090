use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.example.com/",
    authorization_url = "https://example.com/login/oauth/authorize",
    token_url = "https://example.com/login/oauth/access_token",
    option(name = "prompt", kind = "choice", values = ["consent", "none"], default = "always", param = "prompt", doc = "What to show."),
    option(name = "offline", kind = "bool", default = "yes", when_true = "offline", param = "access_type", doc = "Refresh token."),
    option(name = "redirect_url", kind = "text", param = "r", doc = "Where to."),
    option(name = "hd", kind = "text", doc = "The domain."),
)]
pub struct Example;

fn main() {}
