//! User association: whose row a storage call reads or writes (Flask-Dance's `user`, `user_id`,
//! `user_required` and `anon_user`).
//!
//! The local user comes from the [`StorageContext`] (a request's resolver, or a background job's
//! [`StorageContext::for_user`]). A user is *required* when the context knows users at all,
//! unless the storage was told otherwise — as Flask-Dance requires one exactly when it was given
//! a `user` or `user_id`. Where Flask-Dance is unsafe or unhelpful, this does the safe thing:
//!
//! - storing without a required user is a [`StorageError::no_user`] (as in Flask-Dance);
//! - reading or deleting without a required user reads nothing and deletes nothing (Flask-Dance
//!   raises there too, which turns an anonymous visitor's `authorized` check into a failure:
//!   its issues #87, #88, #100, #106, #120 and #243);
//! - without a user, only the row *without* a user is touched: Flask-Dance's `set` with no user
//!   first deletes every row of the provider, everybody's tokens;
//! - a model without a `user_id` column shares one token per provider with the whole site, so
//!   it refuses contexts that know users, unless the storage says `user_required(false)`.

use std::fmt;
use std::sync::Arc;

use super::model::{ModelSpec, UserKey};
use crate::storage::{StorageContext, StorageError};

/// Recognises an anonymous user among the ids a resolver returns.
pub(crate) type Anonymous = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Whose row a call is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    /// The row without a user (a site-wide token).
    Nobody,
    /// The row of this local user (an integer key is known to parse).
    User(String),
}

/// What a call does, for the policy's answer when there is no user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Get,
    Set,
    Replace,
    Delete,
}

/// The answer: the row to use, or nothing to do (an anonymous visitor has no token).
pub(crate) enum Resolved {
    Row(Owner),
    Nothing,
}

/// `user_required` (`None`: decided by the context) and the anonymous-user test.
#[derive(Clone, Default)]
pub(crate) struct UserPolicy {
    pub required: Option<bool>,
    pub anonymous: Option<Anonymous>,
}

impl UserPolicy {
    /// Whose row `op` on `ctx` is about, for a table described by `spec`.
    pub fn resolve(
        &self,
        ctx: &StorageContext,
        spec: &ModelSpec,
        op: Op,
    ) -> Result<Resolved, StorageError> {
        let required = self.required.unwrap_or_else(|| ctx.knows_users());
        let user = ctx.user()?.filter(|user| !self.is_anonymous(user));
        match (user, spec.user_key) {
            (Some(user), Some(key)) => Ok(Resolved::Row(Owner::User(checked(user, key)?))),
            (Some(_), None) | (None, None) if required => Err(StorageError::new(format!(
                "the token table `{}` has no `user_id` column, so every user would share one \
                 `{}` token: add an `Option<String>` (or `Option<i64>`) `user_id` field to the \
                 model, or build the storage with `.user_required(false)` if one token for the \
                 whole site is what you want",
                spec.table,
                ctx.blueprint()
            ))),
            (None, Some(_)) if required => match op {
                Op::Get | Op::Delete => Ok(Resolved::Nothing),
                Op::Set | Op::Replace => Err(no_user(ctx)),
            },
            _ => Ok(Resolved::Row(Owner::Nobody)),
        }
    }

    fn is_anonymous(&self, user: &str) -> bool {
        user.trim().is_empty() || self.anonymous.as_ref().is_some_and(|test| test(user))
    }
}

impl fmt::Debug for UserPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPolicy")
            .field("required", &self.required)
            .field("anonymous", &self.anonymous.is_some())
            .finish()
    }
}

/// A user id the table's key type can hold.
fn checked(user: String, key: UserKey) -> Result<String, StorageError> {
    match key {
        UserKey::Integer if user.parse::<i64>().is_err() => Err(StorageError::new(format!(
            "the local user id `{user}` is not an integer, but the token table's `user_id` column \
             is (`Option<i64>` in the model): make the resolver return the numeric id, or make \
             the column `Option<String>`"
        ))),
        _ => Ok(user),
    }
}

fn no_user(ctx: &StorageContext) -> StorageError {
    StorageError::no_user(format!(
        "cannot store the `{}` token without a local user: this storage files tokens under the \
         logged-in local user, and nobody is logged in. Log the user in before the token is \
         stored (in an `authorized` hook, for a login that creates the local user), or build \
         the storage with `.user_required(false)` for one site-wide token",
        ctx.blueprint()
    ))
}
