use oauth_dance::{Token, TokenModel};

#[derive(TokenModel)]
#[token(tabel = "oauth")]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    #[token(colum = "data")]
    pub token: Token,
    pub created_at: i64,
}

fn main() {}
