use oauth_dance::OAuthProvider;

#[derive(OAuthProvider)]
#[oauth(name = "example")]
pub enum Example {}

fn main() {}
