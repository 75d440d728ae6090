//! [`SqlStorage`]: tokens in a table of a real database, one row per provider and local user.

use std::marker::PhantomData;

use super::cache::TokenCache;
use super::default_model::OAuthToken;
use super::model::{ModelSpec, TokenModel, UserKey};
use super::pool::{Arg, Cell, Out, SqlPool};
use super::user::{Op, Owner, Resolved, UserPolicy};
use crate::Token;
use crate::clock::unix_now;
use crate::storage::{StorageContext, StorageError, TokenStorage};

/// How often `set` tries again when another writer inserted the same row at the same moment.
const WRITE_ATTEMPTS: usize = 3;

/// Keeps tokens in a SQL table (Flask-Dance's `SQLAlchemyStorage`): one row per provider and
/// local user, overwritten by `set`, replaced only if unchanged by `replace`, removed by
/// `delete`. The table is described by a [`TokenModel`] (the built-in [`OAuthToken`] unless you
/// derive your own).
///
/// ```no_run
/// use oauth_dance::storage::sql::SqlStorage;
///
/// # async fn demo() -> Result<(), oauth_dance::storage::StorageError> {
/// let storage = SqlStorage::connect("sqlite:tokens.db").await?;
/// storage.migrate().await?; // once, at start-up
/// let github = oauth_dance::contrib::github::blueprint()
///     .client_id("id").client_secret("secret")
///     .storage(storage.clone())
///     .build().unwrap();
/// # Ok(()) }
/// ```
///
/// Clones share the pool and the cache.
pub struct SqlStorage<M: TokenModel = OAuthToken> {
    pool: SqlPool,
    users: UserPolicy,
    cache: Option<TokenCache>,
    model: PhantomData<fn() -> M>,
}

impl<M: TokenModel> Clone for SqlStorage<M> {
    fn clone(&self) -> Self {
        SqlStorage {
            pool: self.pool.clone(),
            users: self.users.clone(),
            cache: self.cache.clone(),
            model: PhantomData,
        }
    }
}

impl SqlStorage {
    /// Connects to `url` ([`SqlPool::connect`]) and keeps tokens in the built-in
    /// [`OAuthToken`] table. For your own model: `SqlStorage::<MyToken>::new(pool)`.
    pub async fn connect(url: &str) -> Result<SqlStorage, StorageError> {
        Ok(SqlStorage::new(SqlPool::connect(url).await?))
    }
}

impl<M: TokenModel> SqlStorage<M> {
    /// A storage on `pool` (anything that converts: a [`SqlPool`], or sqlx's own pool).
    pub fn new(pool: impl Into<SqlPool>) -> Self {
        SqlStorage {
            pool: pool.into(),
            users: UserPolicy::default(),
            cache: None,
            model: PhantomData,
        }
    }

    /// Whether a token must belong to a local user. By default it must exactly when the
    /// context knows users (the app set [`Dance::local_user`](crate::Dance::local_user), or the
    /// context is [`StorageContext::for_user`]). `false` allows the row without a user: one
    /// token for the whole site (a bot acting as one remote account).
    pub fn user_required(mut self, required: bool) -> Self {
        self.users.required = Some(required);
        self
    }

    /// Which ids the resolver returns for an anonymous visitor (a guest id, say): such a user
    /// counts as no user. An empty id always does.
    pub fn anonymous_user<F>(mut self, is_anonymous: F) -> Self
    where
        F: Fn(&str) -> bool + Send + Sync + 'static,
    {
        self.users.anonymous = Some(std::sync::Arc::new(is_anonymous));
        self
    }

    /// Puts an in-process cache in front of the database (see [`TokenCache`]).
    pub fn cache(mut self, cache: TokenCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The pool (for your own queries, and [`SqlPool::statements_run`]).
    pub fn pool(&self) -> &SqlPool {
        &self.pool
    }

    /// The local user linked to account `provider_user_id` of blueprint `provider`, if any:
    /// the lookup of a login that creates local users (Flask-Dance's `github_logged_in`).
    /// Needs a `provider_user_id` column.
    pub async fn account_owner(
        &self,
        provider: &str,
        provider_user_id: &str,
    ) -> Result<Option<String>, StorageError> {
        let spec = self.spec_with_accounts()?;
        let out = Out::User(spec.user_key.unwrap_or(UserKey::Text));
        let args = [Arg::Text(provider), Arg::Text(provider_user_id)];
        let rows = self.pool.rows(spec.sql.account_owner, &args, out).await?;
        Ok(rows.into_iter().find_map(|cell| match cell {
            Cell::User(user) => user,
            _ => None,
        }))
    }

    /// Stores `token` for the context's user, as [`set`](TokenStorage::set) does, and records
    /// that it is account `provider_user_id` at the provider (so [`account_owner`] finds the
    /// user next time). An account already linked to another local user is refused.
    ///
    /// [`account_owner`]: Self::account_owner
    pub async fn set_account(
        &self,
        ctx: &StorageContext,
        token: &Token,
        provider_user_id: &str,
    ) -> Result<(), StorageError> {
        let spec = self.spec_with_accounts()?;
        let Resolved::Row(Owner::User(user)) = self.users.resolve(ctx, &spec, Op::Set)? else {
            return Err(StorageError::no_user(format!(
                "cannot link a `{}` account without a local user",
                ctx.blueprint()
            )));
        };
        let owner = self
            .account_owner(ctx.blueprint(), provider_user_id)
            .await?;
        if owner.is_some_and(|owner| owner != user) {
            return Err(StorageError::new(format!(
                "this `{}` account is already linked to another local user",
                ctx.blueprint()
            )));
        }
        self.set(ctx, token).await?;
        let args = [
            Arg::Text(provider_user_id),
            Arg::Text(ctx.blueprint()),
            user_arg(&spec, &user),
        ];
        self.pool
            .rows(spec.sql.link_account, &args, Out::Rows)
            .await?;
        Ok(())
    }

    fn spec_with_accounts(&self) -> Result<ModelSpec, StorageError> {
        let spec = M::MODEL;
        if spec.provider_user_id {
            Ok(spec)
        } else {
            Err(StorageError::new(format!(
                "the token table `{}` has no `provider_user_id` column: add an \
                 `Option<String>` field of that name to the model",
                spec.table
            )))
        }
    }

    async fn fetch(&self, provider: &str, owner: &Owner) -> Result<Option<Token>, StorageError> {
        let spec = M::MODEL;
        let rows = match owner {
            Owner::User(user) => {
                let args = [Arg::Text(provider), user_arg(&spec, user)];
                self.pool
                    .rows(spec.sql.get_for_user, &args, Out::Token)
                    .await?
            }
            Owner::Nobody => {
                let args = [Arg::Text(provider)];
                self.pool
                    .rows(spec.sql.get_without_user, &args, Out::Token)
                    .await?
            }
        };
        Ok(rows.into_iter().find_map(|cell| match cell {
            Cell::Token(token) => Some(token),
            _ => None,
        }))
    }

    /// Overwrites the row, or inserts it: an `UPDATE`, then an `INSERT … ON CONFLICT DO
    /// NOTHING`; when another writer inserted the row in between, the `UPDATE` again. The
    /// table's unique indexes keep it to one row per provider and user.
    async fn write(
        &self,
        provider: &str,
        owner: &Owner,
        token: &Token,
    ) -> Result<(), StorageError> {
        let spec = M::MODEL;
        let created_at = i64::try_from(unix_now()).unwrap_or(i64::MAX);
        for _ in 0..WRITE_ATTEMPTS {
            let (update, user) = match owner {
                Owner::User(user) => (spec.sql.update_for_user, Some(user_arg(&spec, user))),
                Owner::Nobody => (spec.sql.update_without_user, None),
            };
            let mut args = vec![Arg::Token(token), Arg::Text(provider)];
            args.extend(user);
            if !self.pool.rows(update, &args, Out::Rows).await?.is_empty() {
                return Ok(());
            }
            let mut args = vec![Arg::Text(provider), Arg::Token(token), Arg::Int(created_at)];
            if let Some(key) = spec.user_key {
                args.push(user.unwrap_or(Arg::Null(key)));
            }
            if !self
                .pool
                .rows(spec.sql.insert, &args, Out::Rows)
                .await?
                .is_empty()
            {
                return Ok(());
            }
        }
        Err(StorageError::new(format!(
            "the `{provider}` token could not be stored: its row kept changing under concurrent \
             writers"
        )))
    }

    async fn remove(&self, provider: &str, owner: &Owner) -> Result<(), StorageError> {
        let spec = M::MODEL;
        match owner {
            Owner::User(user) => {
                let args = [Arg::Text(provider), user_arg(&spec, user)];
                self.pool
                    .rows(spec.sql.delete_for_user, &args, Out::Rows)
                    .await?
            }
            Owner::Nobody => {
                let args = [Arg::Text(provider)];
                self.pool
                    .rows(spec.sql.delete_without_user, &args, Out::Rows)
                    .await?
            }
        };
        Ok(())
    }

    async fn swap(
        &self,
        provider: &str,
        owner: &Owner,
        old: &Token,
        new: &Token,
    ) -> Result<bool, StorageError> {
        let spec = M::MODEL;
        let rows = match owner {
            Owner::User(user) => {
                let args = [
                    Arg::Token(new),
                    Arg::Text(provider),
                    Arg::Token(old),
                    user_arg(&spec, user),
                ];
                self.pool
                    .rows(spec.sql.replace_for_user, &args, Out::Rows)
                    .await?
            }
            Owner::Nobody => {
                let args = [Arg::Token(new), Arg::Text(provider), Arg::Token(old)];
                self.pool
                    .rows(spec.sql.replace_without_user, &args, Out::Rows)
                    .await?
            }
        };
        Ok(!rows.is_empty())
    }

    /// Drops the cache entry, whatever the write's outcome (a failed write may have landed).
    fn forget(&self, provider: &str, owner: &Owner) {
        if let Some(cache) = &self.cache {
            cache.invalidate(provider, owner);
        }
    }
}

/// The user as the statement's parameter: text, or the integer it is known to parse as.
fn user_arg<'a>(spec: &ModelSpec, user: &'a str) -> Arg<'a> {
    match spec.user_key {
        Some(UserKey::Integer) => Arg::Int(user.parse().unwrap_or_default()),
        _ => Arg::Text(user),
    }
}

#[async_trait::async_trait(?Send)]
impl<M: TokenModel> TokenStorage for SqlStorage<M> {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        let Resolved::Row(owner) = self.users.resolve(ctx, &M::MODEL, Op::Get)? else {
            return Ok(None);
        };
        let provider = ctx.blueprint();
        let Some(cache) = &self.cache else {
            return self.fetch(provider, &owner).await;
        };
        match cache.get(provider, &owner) {
            Ok(hit) => Ok(hit),
            Err(miss) => {
                let token = self.fetch(provider, &owner).await?;
                cache.fill(miss, provider, &owner, &token);
                Ok(token)
            }
        }
    }

    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        let Resolved::Row(owner) = self.users.resolve(ctx, &M::MODEL, Op::Set)? else {
            return Err(StorageError::no_user(
                "this call has no local user to store for",
            ));
        };
        let written = self.write(ctx.blueprint(), &owner, token).await;
        self.forget(ctx.blueprint(), &owner);
        written
    }

    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        let Resolved::Row(owner) = self.users.resolve(ctx, &M::MODEL, Op::Delete)? else {
            return Ok(());
        };
        let removed = self.remove(ctx.blueprint(), &owner).await;
        self.forget(ctx.blueprint(), &owner);
        removed
    }

    /// One conditional `UPDATE … WHERE token = old`: across processes, a token refreshed from
    /// a stale copy never overwrites the one that replaced it.
    async fn replace(
        &self,
        ctx: &StorageContext,
        old: &Token,
        new: &Token,
    ) -> Result<bool, StorageError> {
        let Resolved::Row(owner) = self.users.resolve(ctx, &M::MODEL, Op::Replace)? else {
            return Ok(false);
        };
        let swapped = self.swap(ctx.blueprint(), &owner, old, new).await;
        self.forget(ctx.blueprint(), &owner);
        swapped
    }
}

impl<M: TokenModel> std::fmt::Debug for SqlStorage<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStorage")
            .field("table", &M::MODEL.table)
            .field("pool", &self.pool)
            .field("users", &self.users)
            .field("cache", &self.cache)
            .finish()
    }
}
