//! The SQL of a validated [`Model`]: the statements the storage runs and the schema of each
//! database. Identifiers are quoted (a column may be named like a keyword: `user`); values are
//! always parameters (`$n`, which SQLite accepts too).

use super::model::{Column, ColumnType, Model, Role};

/// The statements, in the order of the runtime's `Statements` fields.
pub struct Statements {
    pub get_for_user: String,
    pub get_without_user: String,
    pub update_for_user: String,
    pub update_without_user: String,
    pub insert: String,
    pub replace_for_user: String,
    pub replace_without_user: String,
    pub delete_for_user: String,
    pub delete_without_user: String,
    pub account_owner: String,
    pub link_account: String,
    pub select: String,
}

/// `"name"`.
fn q(name: &str) -> String {
    format!("\"{name}\"")
}

/// The model's names, quoted, and its user filters.
struct Names {
    table: String,
    id: String,
    provider: String,
    token: String,
    created_at: String,
    user: Option<String>,
}

impl Names {
    fn of(model: &Model) -> Names {
        Names {
            table: q(&model.table),
            id: q(model.name(Role::Id)),
            provider: q(model.name(Role::Provider)),
            token: q(model.name(Role::Token)),
            created_at: q(model.name(Role::CreatedAt)),
            user: model.column(Role::UserId).map(|c| q(&c.name)),
        }
    }

    /// ` AND "user_id" = $n`, or empty when the model has no user column.
    fn for_user(&self, n: usize) -> Option<String> {
        self.user.as_ref().map(|user| format!(" AND {user} = ${n}"))
    }

    /// ` AND "user_id" IS NULL`, or nothing when the model has no user column.
    fn without_user(&self) -> String {
        self.user
            .as_ref()
            .map_or_else(String::new, |user| format!(" AND {user} IS NULL"))
    }
}

/// Every statement of `model`; those it cannot have are empty.
pub fn statements(model: &Model) -> Statements {
    let n = Names::of(model);
    let Names {
        table,
        id,
        provider,
        token,
        ..
    } = &n;
    let get = |filter: &str| format!("SELECT {token} FROM {table} WHERE {provider} = $1{filter}");
    let update = |filter: &str| {
        format!("UPDATE {table} SET {token} = $1 WHERE {provider} = $2{filter} RETURNING {id}")
    };
    let replace = |filter: &str| {
        format!(
            "UPDATE {table} SET {token} = $1 WHERE {provider} = $2 AND {token} = $3{filter} RETURNING {id}"
        )
    };
    let delete =
        |filter: &str| format!("DELETE FROM {table} WHERE {provider} = $1{filter} RETURNING {id}");
    let for_user = |k: usize, statement: &dyn Fn(&str) -> String| {
        n.for_user(k).map(|f| statement(&f)).unwrap_or_default()
    };
    Statements {
        get_for_user: for_user(2, &get),
        get_without_user: get(&n.without_user()),
        update_for_user: for_user(3, &update),
        update_without_user: update(&n.without_user()),
        insert: insert(&n),
        replace_for_user: for_user(4, &replace),
        replace_without_user: replace(&n.without_user()),
        delete_for_user: for_user(2, &delete),
        delete_without_user: delete(&n.without_user()),
        account_owner: accounts(model, &n, |user, account| {
            format!("SELECT {user} FROM {table} WHERE {provider} = $1 AND {account} = $2")
        }),
        link_account: accounts(model, &n, |user, account| {
            format!(
                "UPDATE {table} SET {account} = $1 WHERE {provider} = $2 AND {user} = $3 RETURNING {id}"
            )
        }),
        select: select(model, table),
    }
}

fn insert(n: &Names) -> String {
    let Names {
        table,
        id,
        provider,
        token,
        created_at,
        user,
    } = n;
    let (user_column, user_value) = match user {
        Some(user) => (format!(", {user}"), ", $4"),
        None => (String::new(), ""),
    };
    format!(
        "INSERT INTO {table} ({provider}, {token}, {created_at}{user_column}) VALUES ($1, $2, $3{user_value}) ON CONFLICT DO NOTHING RETURNING {id}"
    )
}

/// A statement on the user and provider-account columns, or empty without both.
fn accounts(model: &Model, n: &Names, statement: impl Fn(&str, &str) -> String) -> String {
    match (&n.user, model.column(Role::ProviderUserId)) {
        (Some(user), Some(account)) => statement(user, &q(&account.name)),
        _ => String::new(),
    }
}

fn select(model: &Model, table: &str) -> String {
    let columns: Vec<String> = model.columns.iter().map(|c| q(&c.name)).collect();
    format!("SELECT {} FROM {table}", columns.join(", "))
}

/// The databases, for the DDL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Db {
    Sqlite,
    Postgres,
}

/// The SQLite schema script.
pub fn schema_sqlite(model: &Model) -> String {
    schema(model, Db::Sqlite)
}

/// The PostgreSQL schema script: an advisory lock on the table's name first, so instances that
/// migrate at the same moment take turns.
pub fn schema_postgres(model: &Model) -> String {
    let lock = format!(
        "SELECT pg_advisory_xact_lock({});\n",
        lock_key(&model.table)
    );
    lock + &schema(model, Db::Postgres)
}

fn schema(model: &Model, db: Db) -> String {
    let columns: Vec<String> = model.columns.iter().map(|c| column(c, db)).collect();
    let mut script = format!(
        "CREATE TABLE IF NOT EXISTS {} (\n    {}\n);\n",
        q(&model.table),
        columns.join(",\n    ")
    );
    for index in indexes(model) {
        script += &index;
    }
    script
}

fn column(column: &Column, db: Db) -> String {
    let ty = match (&column.ty_sql, db) {
        (ColumnType::Key, Db::Sqlite) => "INTEGER PRIMARY KEY AUTOINCREMENT".to_string(),
        (ColumnType::Key, Db::Postgres) => {
            "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY".to_string()
        }
        (ColumnType::Text, _) => "TEXT NOT NULL".to_string(),
        (ColumnType::BigInt, _) => "BIGINT NOT NULL".to_string(),
        (ColumnType::Json, Db::Sqlite) => "TEXT NOT NULL".to_string(),
        (ColumnType::Json, Db::Postgres) => "JSONB NOT NULL".to_string(),
        (ColumnType::NullableText, _) => "TEXT".to_string(),
        (ColumnType::NullableBigInt, _) => "BIGINT".to_string(),
        (
            ColumnType::Own {
                sql_type,
                nullable,
                default,
            },
            _,
        ) => {
            let null = if *nullable { "" } else { " NOT NULL" };
            let default = default
                .as_ref()
                .map_or_else(String::new, |d| format!(" DEFAULT {d}"));
            format!("{sql_type}{null}{default}")
        }
    };
    format!("{} {ty}", q(&column.name))
}

/// One row per provider and user (and one without a user), one local user per provider
/// account: what keeps concurrent writers from duplicating rows.
fn indexes(model: &Model) -> Vec<String> {
    let table = &model.table;
    let provider = q(model.name(Role::Provider));
    let index = |suffix: &str, columns: &str, filter: &str| {
        format!(
            "CREATE UNIQUE INDEX IF NOT EXISTS {} ON {} ({columns}){filter};\n",
            q(&format!("{table}_{suffix}")),
            q(table)
        )
    };
    let Some(user) = model.column(Role::UserId).map(|c| q(&c.name)) else {
        return vec![index("provider", &provider, "")];
    };
    let mut indexes = vec![
        index("provider_user", &format!("{provider}, {user}"), ""),
        index(
            "provider_without_user",
            &provider,
            &format!(" WHERE {user} IS NULL"),
        ),
    ];
    if let Some(account) = model.column(Role::ProviderUserId).map(|c| q(&c.name)) {
        indexes.push(index(
            "provider_account",
            &format!("{provider}, {account}"),
            &format!(" WHERE {account} IS NOT NULL"),
        ));
    }
    indexes
}

/// A stable 63-bit key for the table's advisory lock (FNV-1a of its name).
fn lock_key(table: &str) -> i64 {
    let hash = table.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash >> 1) as i64
}
