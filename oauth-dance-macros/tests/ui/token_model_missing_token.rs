use oauth_dance::TokenModel;

#[derive(TokenModel)]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    pub created_at: i64,
}

fn main() {}
