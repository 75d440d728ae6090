//! [`TokenModel`]: what `#[derive(TokenModel)]` tells the SQL storage about a table of tokens
//! (Flask-Dance's `OAuthConsumerMixin`): its name, its user key, the statements the storage
//! runs and the DDL for each database.

/// A table of tokens, one row per provider and local user. Implemented by
/// [`#[derive(TokenModel)]`](crate::TokenModel), never by hand: the derive writes the SQL from
/// the struct's fields, so the statements always name the columns the struct has.
///
/// The derive also implements `sqlx::FromRow` (for your own queries on the table) and a `Debug`
/// that never shows the token.
pub trait TokenModel: Send + Sync + 'static {
    /// The table, its statements and its schema.
    const MODEL: ModelSpec;
}

/// Everything the storage knows about a token table. Generated; see [`TokenModel`].
#[derive(Debug, Clone, Copy)]
pub struct ModelSpec {
    /// The table's name.
    pub table: &'static str,
    /// The type of the `user_id` column, or `None` when the model has none (one token per
    /// provider, shared by the whole site).
    pub user_key: Option<UserKey>,
    /// Whether the table has a `provider_user_id` column (who the user is at the provider).
    pub provider_user_id: bool,
    /// The statements, with `$n` placeholders (SQLite accepts them too).
    pub sql: Statements,
    /// `CREATE TABLE` and `CREATE INDEX` statements, for each database.
    pub schema: Schema,
}

/// The type of the local user's id in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserKey {
    /// Text (`Option<String>` in the model): any id.
    Text,
    /// A 64-bit integer (`Option<i64>` in the model), so the column can reference your users
    /// table; a local user whose id is not an integer is refused.
    Integer,
}

/// The statements the storage runs. Each is written for one case: "for a user" statements
/// bind the user as their last parameter, "without a user" ones match the row whose user is
/// NULL (so an index is used either way). A statement the model cannot have (no `user_id`
/// column, no `provider_user_id` column) is empty.
#[derive(Debug, Clone, Copy)]
pub struct Statements {
    /// `SELECT token WHERE provider = $1 AND user_id = $2`.
    pub get_for_user: &'static str,
    /// `SELECT token WHERE provider = $1 AND user_id IS NULL`.
    pub get_without_user: &'static str,
    /// `UPDATE SET token = $1 WHERE provider = $2 AND user_id = $3 RETURNING id`.
    pub update_for_user: &'static str,
    /// `UPDATE SET token = $1 WHERE provider = $2 AND user_id IS NULL RETURNING id`.
    pub update_without_user: &'static str,
    /// `INSERT (provider, token, created_at[, user_id]) VALUES ($1, $2, $3[, $4]) ON CONFLICT
    /// DO NOTHING RETURNING id`.
    pub insert: &'static str,
    /// `UPDATE SET token = $1 WHERE provider = $2 AND token = $3 AND user_id = $4 RETURNING id`.
    pub replace_for_user: &'static str,
    /// `UPDATE SET token = $1 WHERE provider = $2 AND token = $3 AND user_id IS NULL RETURNING id`.
    pub replace_without_user: &'static str,
    /// `DELETE WHERE provider = $1 AND user_id = $2 RETURNING id`.
    pub delete_for_user: &'static str,
    /// `DELETE WHERE provider = $1 AND user_id IS NULL RETURNING id`.
    pub delete_without_user: &'static str,
    /// `SELECT user_id WHERE provider = $1 AND provider_user_id = $2`.
    pub account_owner: &'static str,
    /// `UPDATE SET provider_user_id = $1 WHERE provider = $2 AND user_id = $3 RETURNING id`.
    pub link_account: &'static str,
    /// `SELECT <every column> FROM <table>`, for your own queries (`sqlx::query_as`).
    pub select: &'static str,
}

/// The DDL of a token table, for each database: one script that creates the table and its
/// indexes, idempotent (`IF NOT EXISTS`), run by [`migrate`](super::SqlStorage::migrate). The
/// PostgreSQL script takes an advisory lock first, so instances that start together do not
/// race on it.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// For SQLite.
    pub sqlite: &'static str,
    /// For PostgreSQL.
    pub postgres: &'static str,
}

impl ModelSpec {
    /// What a model with errors is given while the compiler reports them (never run).
    #[doc(hidden)]
    pub const INVALID: ModelSpec = ModelSpec {
        table: "",
        user_key: None,
        provider_user_id: false,
        sql: Statements {
            get_for_user: "",
            get_without_user: "",
            update_for_user: "",
            update_without_user: "",
            insert: "",
            replace_for_user: "",
            replace_without_user: "",
            delete_for_user: "",
            delete_without_user: "",
            account_owner: "",
            link_account: "",
            select: "",
        },
        schema: Schema {
            sqlite: "",
            postgres: "",
        },
    };
}
