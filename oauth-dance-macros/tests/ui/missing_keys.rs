use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(base_url = "https://api.example.com/")]
pub struct Example;

fn main() {}
