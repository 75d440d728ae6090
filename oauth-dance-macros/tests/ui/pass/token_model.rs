//! A token model with a column of its own, on SQLite in memory: migrate, store, read back
//! through the storage and through `FromRow`; its `Debug` does not show the token.

use oauth_dance::storage::sql::{SqlPool, SqlStorage, TokenModel};
use oauth_dance::storage::{StorageContext, TokenStorage};
use oauth_dance::{Token, TokenModel};

#[derive(TokenModel)]
#[token(table = "linked_accounts")]
pub struct Linked {
    pub id: i64,
    #[token(provider)]
    pub service: String,
    pub user_id: Option<i64>,
    pub token: Token,
    pub created_at: i64,
    #[token(default = "'free'")]
    pub plan: String,
    pub note: Option<String>,
}

fn main() {
    oauth_dance::actix_web::rt::System::new().block_on(async {
        let pool = SqlPool::connect("sqlite::memory:").await.unwrap();
        let storage = SqlStorage::<Linked>::new(pool.clone());
        storage.migrate().await.unwrap();
        let bp = oauth_dance::OAuth2Builder::new("github")
            .client_id("i")
            .client_secret("s")
            .authorization_url("https://e.com/a")
            .token_url("https://e.com/t")
            .base_url("https://e.com/")
            .build()
            .unwrap();
        let ctx = StorageContext::for_user(&bp, "7");
        let json: oauth_dance::sqlx::types::JsonValue = r#"{"access_token":"s3cr3t"}"#.parse().unwrap();
        let token = Token::from_json(json).unwrap();
        storage.set(&ctx, &token).await.unwrap();
        assert_eq!(storage.get(&ctx).await.unwrap(), Some(token.clone()));
        let rows: Vec<Linked> = oauth_dance::sqlx::query_as(Linked::MODEL.sql.select)
            .fetch_all(pool.sqlite().unwrap())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!((row.service.as_str(), row.user_id, row.plan.as_str()), ("github", Some(7), "free"));
        assert_eq!(row.token, token);
        assert!(row.note.is_none());
        let shown = format!("{row:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    });
}
