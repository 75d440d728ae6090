use oauth_dance::TokenModel;

#[derive(TokenModel)]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    pub token: String,
    pub created_at: i64,
    pub user_id: Option<u64>,
}

fn main() {}
