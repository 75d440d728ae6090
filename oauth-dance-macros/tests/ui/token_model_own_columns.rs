use oauth_dance::{Token, TokenModel};

#[derive(TokenModel)]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    pub token: Token,
    pub created_at: i64,
    // The storage inserts rows without this column: it needs a default, or to be an Option.
    pub plan: String,
    // No SQL type is known for this one.
    pub scopes: Vec<String>,
    // Roles have their types.
    #[token(sql_type = "TEXT")]
    pub provider_user_id: Option<String>,
}

fn main() {}
