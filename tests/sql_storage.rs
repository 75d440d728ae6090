//! The SQL storage on real databases: SQLite in memory, and PostgreSQL when
//! `OAUTH_DANCE_TEST_POSTGRES_URL` names one (the same suite on both). Per user and provider
//! get/set/replace/delete, one row per overwrite, user association (required users, anonymous
//! users, typed ids, site-wide tokens), provider accounts, the cache (and across instances), the
//! URL, own columns kept by an overwrite, and the model's `Debug`.

#[macro_use]
#[path = "sql_support/mod.rs"]
mod sql_support;

use std::time::Duration;

use oauth_dance::storage::TokenStorage;
use oauth_dance::storage::sql::{Backend, OAuthToken, SqlPool, SqlStorage, TokenCache, TokenModel};
use oauth_dance::{Token, TokenModel};
use sql_support::*;

async fn access(
    storage: &impl TokenStorage,
    ctx: &oauth_dance::storage::StorageContext,
) -> Option<String> {
    let token = storage.get(ctx).await.unwrap();
    token.map(|t| t.access_token().to_string())
}

model!(PerUser, "t_per_user");

#[actix_web::test]
async fn get_set_replace_and_delete_per_user_and_provider() {
    for (db, s) in databases::<PerUser>("per_user").await {
        let (alice_gh, bob_gh, alice_gl) = (
            user("github", "alice"),
            user("github", "bob"),
            user("gitlab", "alice"),
        );
        s.set(&alice_gh, &token("a-gh")).await.unwrap();
        s.set(&bob_gh, &token("b-gh")).await.unwrap();
        s.set(&alice_gl, &token("a-gl")).await.unwrap();
        assert_eq!(access(&s, &alice_gh).await.as_deref(), Some("a-gh"), "{db}");
        assert_eq!(access(&s, &bob_gh).await.as_deref(), Some("b-gh"), "{db}");
        assert_eq!(access(&s, &alice_gl).await.as_deref(), Some("a-gl"), "{db}");
        assert_eq!(access(&s, &user("github", "carol")).await, None, "{db}");
        // replace: only if the stored token is still the old one.
        assert!(
            s.replace(&alice_gh, &token("a-gh"), &token("a-gh-2"))
                .await
                .unwrap(),
            "{db}"
        );
        assert!(
            !s.replace(&alice_gh, &token("a-gh"), &token("stale"))
                .await
                .unwrap(),
            "{db}"
        );
        assert!(
            !s.replace(&bob_gh, &token("a-gh-2"), &token("stolen"))
                .await
                .unwrap(),
            "{db}"
        );
        assert_eq!(
            access(&s, &alice_gh).await.as_deref(),
            Some("a-gh-2"),
            "{db}"
        );
        assert_eq!(access(&s, &bob_gh).await.as_deref(), Some("b-gh"), "{db}");
        // delete: that user's token of that provider only.
        s.delete(&alice_gh).await.unwrap();
        s.delete(&alice_gh).await.unwrap(); // nothing left: not an error
        assert_eq!(access(&s, &alice_gh).await, None, "{db}");
        assert_eq!(access(&s, &bob_gh).await.as_deref(), Some("b-gh"), "{db}");
        assert_eq!(access(&s, &alice_gl).await.as_deref(), Some("a-gl"), "{db}");
        assert_eq!(count(s.pool(), "t_per_user").await, 2, "{db}");
    }
}

model!(Overwrite, "t_overwrite");

#[actix_web::test]
async fn set_overwrites_and_keeps_one_row() {
    for (db, s) in databases::<Overwrite>("overwrite").await {
        let alice = user("github", "alice");
        for n in 0..3 {
            s.set(&alice, &token(&format!("t{n}"))).await.unwrap();
        }
        assert_eq!(access(&s, &alice).await.as_deref(), Some("t2"), "{db}");
        assert_eq!(count(s.pool(), "t_overwrite").await, 1, "{db}");
    }
}

model!(Required, "t_required");

#[actix_web::test]
async fn a_required_user_is_a_clear_error_when_storing_and_no_token_when_reading() {
    for (db, s) in databases::<Required>("required").await {
        s.set(&user("github", "alice"), &token("alice's"))
            .await
            .unwrap();
        // A context that knows users but has none (an anonymous visitor).
        let anonymous = user("github", "");
        let err = s.set(&anonymous, &token("whose?")).await.unwrap_err();
        assert!(err.needs_user(), "{db}: {err}");
        assert!(
            err.to_string().contains("without a local user"),
            "{db}: {err}"
        );
        assert!(
            err.to_string().contains("user_required(false)"),
            "{db}: {err}"
        );
        assert!(
            s.replace(&anonymous, &token("alice's"), &token("x"))
                .await
                .unwrap_err()
                .needs_user()
        );
        assert_eq!(
            access(&s, &anonymous).await,
            None,
            "{db}: never someone else's token"
        );
        s.delete(&anonymous).await.unwrap();
        assert_eq!(
            access(&s, &user("github", "alice")).await.as_deref(),
            Some("alice's"),
            "{db}"
        );
        // Required although the context knows no users: every call without a user is refused.
        let strict = s.clone().user_required(true);
        assert!(
            strict
                .set(&no_users("github"), &token("x"))
                .await
                .unwrap_err()
                .needs_user()
        );
        assert_eq!(count(s.pool(), "t_required").await, 1, "{db}");
    }
}

model!(SiteWide, "t_site_wide");

#[actix_web::test]
async fn without_users_one_site_wide_row_and_nobody_elses_is_touched() {
    for (db, s) in databases::<SiteWide>("site_wide").await {
        s.set(&user("github", "alice"), &token("alice's"))
            .await
            .unwrap();
        s.set(&user("github", "bob"), &token("bob's"))
            .await
            .unwrap();
        // An app without users (no resolver): not required, the row without a user.
        let site = no_users("github");
        s.set(&site, &token("site-1")).await.unwrap();
        s.set(&site, &token("site-2")).await.unwrap();
        assert_eq!(access(&s, &site).await.as_deref(), Some("site-2"), "{db}");
        // Flask-Dance's set without a user deletes the provider's every row first: not here.
        assert_eq!(
            access(&s, &user("github", "alice")).await.as_deref(),
            Some("alice's"),
            "{db}"
        );
        assert_eq!(count(s.pool(), "t_site_wide").await, 3, "{db}");
        s.delete(&site).await.unwrap();
        assert_eq!(access(&s, &site).await, None, "{db}");
        assert_eq!(count(s.pool(), "t_site_wide").await, 2, "{db}");
        // user_required(false) lets a context that knows users use the site-wide row too.
        let lenient = s.clone().user_required(false);
        lenient
            .set(&user("github", ""), &token("bot"))
            .await
            .unwrap();
        assert_eq!(
            access(&s, &no_users("github")).await.as_deref(),
            Some("bot"),
            "{db}"
        );
    }
}

model!(Anonymous, "t_anonymous");

#[actix_web::test]
async fn anonymous_users_are_recognised() {
    for (db, s) in databases::<Anonymous>("anonymous").await {
        let s = s.anonymous_user(|user| user == "guest");
        let guest = user("github", "guest");
        assert!(
            s.set(&guest, &token("x")).await.unwrap_err().needs_user(),
            "{db}"
        );
        assert_eq!(access(&s, &guest).await, None, "{db}");
        s.set(&user("github", "alice"), &token("alice's"))
            .await
            .unwrap();
        assert_eq!(count(s.pool(), "t_anonymous").await, 1, "{db}");
    }
}

#[derive(TokenModel)]
#[token(table = "t_integer_users")]
#[allow(dead_code)]
struct IntegerUsers {
    id: i64,
    provider: String,
    user_id: Option<i64>,
    token: Token,
    created_at: i64,
}

#[actix_web::test]
async fn an_integer_user_id_column_takes_numeric_ids_only() {
    for (db, s) in databases::<IntegerUsers>("integer_users").await {
        s.set(&user("github", "42"), &token("forty-two"))
            .await
            .unwrap();
        assert_eq!(
            access(&s, &user("github", "42")).await.as_deref(),
            Some("forty-two"),
            "{db}"
        );
        let err = s
            .set(&user("github", "alice"), &token("x"))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("is not an integer"), "{db}: {err}");
    }
}

#[derive(TokenModel)]
#[token(table = "t_no_user_column")]
#[allow(dead_code)]
struct NoUserColumn {
    id: i64,
    provider: String,
    token: Token,
    created_at: i64,
}

#[actix_web::test]
async fn a_model_without_a_user_column_refuses_users_unless_told() {
    for (db, s) in databases::<NoUserColumn>("no_user_column").await {
        let err = s
            .set(&user("github", "alice"), &token("x"))
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("user_required(false)"),
            "{db}: {err}"
        );
        assert!(s.get(&user("github", "alice")).await.is_err(), "{db}");
        let shared = s.user_required(false);
        shared
            .set(&user("github", "alice"), &token("shared"))
            .await
            .unwrap();
        assert_eq!(
            access(&shared, &user("github", "bob")).await.as_deref(),
            Some("shared"),
            "{db}"
        );
        assert_eq!(count(shared.pool(), "t_no_user_column").await, 1, "{db}");
    }
}

model!(Accounts, "t_accounts");

#[actix_web::test]
async fn a_provider_account_belongs_to_one_local_user() {
    for (db, s) in databases::<Accounts>("accounts").await {
        assert_eq!(
            s.account_owner("github", "gh-1").await.unwrap(),
            None,
            "{db}"
        );
        s.set_account(&user("github", "alice"), &token("a"), "gh-1")
            .await
            .unwrap();
        assert_eq!(
            s.account_owner("github", "gh-1").await.unwrap().as_deref(),
            Some("alice"),
            "{db}"
        );
        assert_eq!(
            s.account_owner("gitlab", "gh-1").await.unwrap(),
            None,
            "{db}"
        );
        // Another local user cannot take the account.
        let err = s
            .set_account(&user("github", "bob"), &token("b"), "gh-1")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("already linked"), "{db}: {err}");
        assert_eq!(
            access(&s, &user("github", "bob")).await,
            None,
            "{db}: nothing stored"
        );
        assert_eq!(
            s.account_owner("github", "gh-1").await.unwrap().as_deref(),
            Some("alice"),
            "{db}"
        );
        // A later plain set keeps the link.
        s.set(&user("github", "alice"), &token("a2")).await.unwrap();
        assert_eq!(
            s.account_owner("github", "gh-1").await.unwrap().as_deref(),
            Some("alice"),
            "{db}"
        );
    }
}

model!(Cached, "t_cached");

#[actix_web::test]
async fn a_cache_hit_sends_no_statement_and_writes_invalidate_it() {
    for (db, s) in databases::<Cached>("cached").await {
        let s = s.cache(TokenCache::new(Duration::from_secs(60), 100));
        let alice = user("github", "alice");
        s.set(&alice, &token("one")).await.unwrap();
        let sent = || s.pool().statements_run();
        let before = sent();
        assert_eq!(access(&s, &alice).await.as_deref(), Some("one"), "{db}");
        assert_eq!(sent(), before + 1, "{db}: a miss asks the database");
        assert_eq!(access(&s, &alice).await.as_deref(), Some("one"), "{db}");
        assert_eq!(sent(), before + 1, "{db}: a hit does not");
        s.set(&alice, &token("two")).await.unwrap();
        let before = sent();
        assert_eq!(
            access(&s, &alice).await.as_deref(),
            Some("two"),
            "{db}: set invalidates"
        );
        assert_eq!(sent(), before + 1, "{db}");
        assert!(
            s.replace(&alice, &token("two"), &token("three"))
                .await
                .unwrap()
        );
        assert_eq!(
            access(&s, &alice).await.as_deref(),
            Some("three"),
            "{db}: replace invalidates"
        );
        s.delete(&alice).await.unwrap();
        assert_eq!(access(&s, &alice).await, None, "{db}: delete invalidates");
        let before = sent();
        assert_eq!(
            access(&s, &alice).await,
            None,
            "{db}: \"no token\" is cached too"
        );
        assert_eq!(sent(), before, "{db}");
        // Proof from the database's side: with the table gone, only the cache can answer.
        s.set(&alice, &token("four")).await.unwrap();
        assert_eq!(access(&s, &alice).await.as_deref(), Some("four"), "{db}");
        drop_table(s.pool(), "t_cached").await;
        assert_eq!(
            access(&s, &alice).await.as_deref(),
            Some("four"),
            "{db}: served by the cache"
        );
        assert!(
            s.get(&user("github", "bob")).await.is_err(),
            "{db}: a miss reaches the database"
        );
    }
}

model!(Instances, "t_instances");

/// What the README's "Across instances" says: another instance's write is not seen through this
/// instance's cache until the entry's time to live runs out, and a refresh from the stale copy
/// is refused by `replace`, after which this instance reads the winner.
#[actix_web::test]
async fn another_instance_s_writes_show_through_the_cache_after_its_time_to_live() {
    const TTL: Duration = Duration::from_secs(2);
    for (db, s) in databases::<Instances>("instances").await {
        let here = s.clone().cache(TokenCache::new(TTL, 100));
        let elsewhere = SqlStorage::<Instances>::new(s.pool().clone()); // the same database
        let alice = user("github", "alice");
        here.set(&alice, &token("one")).await.unwrap();
        assert_eq!(access(&here, &alice).await.as_deref(), Some("one"), "{db}");
        elsewhere.set(&alice, &token("two")).await.unwrap();
        assert_eq!(
            access(&here, &alice).await.as_deref(),
            Some("one"),
            "{db}: this instance was not told"
        );
        assert!(
            !here
                .replace(&alice, &token("one"), &token("stale"))
                .await
                .unwrap(),
            "{db}: a refresh from the stale copy is refused"
        );
        assert_eq!(
            access(&here, &alice).await.as_deref(),
            Some("two"),
            "{db}: and the caller then reads the winner"
        );
        elsewhere.delete(&alice).await.unwrap();
        assert_eq!(
            access(&here, &alice).await.as_deref(),
            Some("two"),
            "{db}: a logout elsewhere is not seen yet"
        );
        actix_web::rt::time::sleep(TTL + Duration::from_millis(100)).await;
        assert_eq!(access(&here, &alice).await, None, "{db}: the entry expired");
    }
}

/// The URL picks the database; any other URL is a clear error that shows no credentials.
#[actix_web::test]
async fn the_url_picks_the_database_and_any_other_is_a_clear_error() {
    let lite = SqlPool::connect("sqlite::memory:").await.unwrap();
    assert_eq!(lite.backend(), Backend::Sqlite);
    if let Some(url) = postgres_url("url") {
        let pg = SqlPool::connect(&url).await.unwrap();
        assert_eq!(pg.backend(), Backend::Postgres);
    }
    let err = SqlPool::connect("mysql://bot:hunter2@db.example/app?ssl=true")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a database URL"), "{err}");
    assert!(
        err.contains("sqlite:") && err.contains("postgres://"),
        "{err}"
    );
    assert!(!err.contains("hunter2") && !err.contains("bot:"), "{err}");
}

#[actix_web::test]
async fn a_missing_table_says_to_run_migrate() {
    let storage = SqlStorage::connect("sqlite::memory:").await.unwrap();
    let err = storage.get(&user("github", "alice")).await.unwrap_err();
    assert!(err.to_string().contains("SqlStorage::migrate()"), "{err}");
    storage.migrate().await.unwrap();
    storage.migrate().await.unwrap(); // idempotent
    assert!(
        storage
            .get(&user("github", "alice"))
            .await
            .unwrap()
            .is_none()
    );
}

/// A model with a column of its own (a default in the DDL).
#[derive(TokenModel)]
#[token(table = "t_own_columns")]
#[allow(dead_code)]
struct OwnColumns {
    id: i64,
    provider: String,
    user_id: Option<String>,
    token: Token,
    created_at: i64,
    #[token(default = "'free'")]
    plan: String,
}

async fn own_rows(s: &SqlStorage<OwnColumns>) -> Vec<OwnColumns> {
    let select = OwnColumns::MODEL.sql.select;
    match (s.pool().sqlite(), s.pool().postgres()) {
        (Some(lite), _) => oauth_dance::sqlx::query_as(select).fetch_all(lite).await,
        (_, Some(pg)) => oauth_dance::sqlx::query_as(select).fetch_all(pg).await,
        _ => unreachable!(),
    }
    .unwrap()
}

/// What the README says of `set` on an existing row: the token changes, and its id,
/// `created_at` and the app's own columns stay.
#[actix_web::test]
async fn set_on_an_existing_row_keeps_its_id_created_at_and_own_columns() {
    for (db, s) in databases::<OwnColumns>("own_columns").await {
        let alice = user("github", "alice");
        s.set(&alice, &token("one")).await.unwrap();
        let [first] = own_rows(&s)
            .await
            .try_into()
            .unwrap_or_else(|_| panic!("{db}"));
        assert_eq!(first.plan, "free", "{db}: the column's default");
        run(
            s.pool(),
            "UPDATE \"t_own_columns\" SET plan = 'pro', created_at = 1",
        )
        .await
        .unwrap();
        s.set(&alice, &token("two")).await.unwrap();
        let [row] = own_rows(&s)
            .await
            .try_into()
            .unwrap_or_else(|_| panic!("{db}"));
        assert_eq!(row.token.access_token(), "two", "{db}");
        assert_eq!(
            (row.id, row.created_at, row.plan.as_str()),
            (first.id, 1, "pro"),
            "{db}"
        );
    }
}

#[actix_web::test]
async fn rows_read_through_from_row_and_their_debug_never_shows_the_token() {
    for (db, s) in databases::<OAuthToken>("from_row").await {
        let secret = Token::from_json(serde_json::json!({
            "access_token": "s3cr3t-access", "refresh_token": "s3cr3t-refresh"
        }))
        .unwrap();
        s.set_account(&user("github", "alice"), &secret, "gh-7")
            .await
            .unwrap();
        let rows: Vec<OAuthToken> = match (s.pool().sqlite(), s.pool().postgres()) {
            (Some(lite), _) => oauth_dance::sqlx::query_as(OAuthToken::MODEL.sql.select)
                .fetch_all(lite)
                .await
                .unwrap(),
            (_, Some(pg)) => oauth_dance::sqlx::query_as(OAuthToken::MODEL.sql.select)
                .fetch_all(pg)
                .await
                .unwrap(),
            _ => unreachable!(),
        };
        let [row] = rows.as_slice() else {
            panic!("{db}: {rows:?}")
        };
        assert_eq!(row.token, secret, "{db}");
        assert_eq!(
            (row.user_id.as_deref(), row.provider_user_id.as_deref()),
            (Some("alice"), Some("gh-7"))
        );
        let shown = format!("{row:?}");
        assert!(!shown.contains("s3cr3t"), "{db}: {shown}");
        // Not even the token's redacted Debug: the field is left out.
        assert!(!shown.contains("token"), "{db}: {shown}");
        assert!(
            shown.starts_with("OAuthToken { id: ") && shown.contains("provider: \"github\""),
            "{shown}"
        );
    }
}

#[test]
fn the_shipped_migrations_are_the_derives_schema() {
    let without_comments = |sql: &str| -> String {
        sql.lines()
            .filter(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    };
    let schema = OAuthToken::MODEL.schema;
    let sqlite = include_str!("../migrations/sqlite/0001_oauth_dance_token.sql");
    let postgres = include_str!("../migrations/postgres/0001_oauth_dance_token.sql");
    assert_eq!(
        without_comments(sqlite),
        schema.sqlite.trim(),
        "regenerate migrations/sqlite from OAuthToken::MODEL.schema"
    );
    assert_eq!(
        without_comments(postgres),
        schema.postgres.trim(),
        "regenerate migrations/postgres from OAuthToken::MODEL.schema"
    );
}
