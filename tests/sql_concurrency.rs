//! Many tasks at once on one SQL storage: 50 users × 4 providers, each pair set twice at the
//! same moment, read, replaced by two racing refreshes, replaced from a stale copy, and a
//! quarter of them deleted. It must end with exactly the rows expected, each holding the
//! refresh that won, and no read may ever return another user's or provider's token. On
//! PostgreSQL: many connections at once are its case (SQLite serializes writers).

#[macro_use]
#[path = "sql_support/mod.rs"]
mod sql_support;

use futures_util::future::join_all;
use oauth_dance::Token;
use oauth_dance::storage::TokenStorage;
use oauth_dance::storage::sql::SqlStorage;
use sql_support::*;

model!(Many, "c_many");

const USERS: usize = 50;
const PROVIDERS: [&str; 4] = ["github", "google", "gitlab", "slack"];

/// What one pair ended with: its refresh that won, or `None` when it was deleted.
async fn one_pair(
    storage: SqlStorage<Many>,
    user_n: usize,
    provider: &'static str,
) -> Option<String> {
    let name = format!("user{user_n}");
    let ctx = user(provider, &name);
    let mine = |step: &str| token(&format!("{name}:{provider}:{step}"));
    let check = |got: Option<Token>| {
        let got = got
            .map(|t| t.access_token().to_string())
            .unwrap_or_default();
        assert!(
            got.starts_with(&format!("{name}:{provider}:")),
            "{name}/{provider} read {got:?}"
        );
        got
    };
    // Two logins at the same moment: one row.
    let (login, a, b) = (mine("login"), mine("refresh-a"), mine("refresh-b"));
    let (first, second) = tokio::join!(storage.set(&ctx, &login), storage.set(&ctx, &login));
    first.unwrap();
    second.unwrap();
    check(storage.get(&ctx).await.unwrap());
    // Two refreshes of the same token race: exactly one wins.
    let (first, second) = tokio::join!(
        storage.replace(&ctx, &login, &a),
        storage.replace(&ctx, &login, &b),
    );
    let won = match (first.unwrap(), second.unwrap()) {
        (true, false) => "refresh-a",
        (false, true) => "refresh-b",
        both => panic!("{name}/{provider}: replace outcomes {both:?}"),
    };
    assert!(!storage.replace(&ctx, &login, &mine("stale")).await.unwrap());
    let now = check(storage.get(&ctx).await.unwrap());
    assert!(now.ends_with(won), "{now} after {won} won");
    if user_n.is_multiple_of(4) {
        storage.delete(&ctx).await.unwrap();
        assert!(storage.get(&ctx).await.unwrap().is_none());
        return None;
    }
    Some(now)
}

#[actix_web::test]
async fn fifty_users_on_four_providers_at_once_end_with_exactly_the_rows_expected() {
    // The library's own pool settings (10 connections for 200 tasks).
    if let Some(storage) = postgres::<Many>("concurrency").await {
        let db = "postgres";
        let tasks = (0..USERS)
            .flat_map(|u| PROVIDERS.map(|p| (u, p)))
            .map(|(u, p)| actix_web::rt::spawn(one_pair(storage.clone(), u, p)));
        let outcomes: Vec<(usize, &str, Option<String>)> = join_all(tasks)
            .await
            .into_iter()
            .zip((0..USERS).flat_map(|u| PROVIDERS.map(|p| (u, p))))
            .map(|(done, (u, p))| (u, p, done.unwrap()))
            .collect();
        let kept = outcomes.iter().filter(|(_, _, t)| t.is_some()).count();
        let deleted = (0..USERS).filter(|u| u.is_multiple_of(4)).count() * PROVIDERS.len();
        assert_eq!(kept, USERS * PROVIDERS.len() - deleted, "{db}");
        assert_eq!(count(storage.pool(), "c_many").await, kept as i64, "{db}");
        // Read back by a fresh look at every pair: the winner, or nothing.
        for (u, p, expected) in &outcomes {
            let got = storage.get(&user(p, &format!("user{u}"))).await.unwrap();
            assert_eq!(
                got.map(|t| t.access_token().to_string()),
                *expected,
                "{db}: user{u}/{p}"
            );
        }
    }
}
