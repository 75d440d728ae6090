//! The lease a refresh takes on the stored token, through the storage's compare-and-swap
//! ([`TokenStorage::replace`](crate::storage::TokenStorage::replace)), so that processes sharing
//! a storage (SQL) spend a refresh token once: the one whose `replace` marks the token first
//! refreshes it; the others wait for the refreshed token to appear in the storage.
//!
//! The mark is a field of the stored token, `oauth_dance_refresh_lease`: when it ends (Unix
//! seconds) and who holds it. A lease that outlives its end (its process died mid-refresh) is
//! taken over.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::Token;
use crate::clock::unix_now;

/// The token field holding a lease.
pub(crate) const FIELD: &str = "oauth_dance_refresh_lease";

/// `token`, marked as being refreshed by `holder` for `length`.
pub(crate) fn mark(token: &Token, holder: &str, length: Duration) -> Token {
    let mut fields: Map<String, Value> = token.clone().into();
    let until = unix_now().saturating_add(length.as_secs().max(1));
    fields.insert(FIELD.into(), json!({ "until": until, "by": holder }));
    Token::from(fields)
}

/// `token` without a lease mark.
pub(crate) fn unmarked(token: &Token) -> Token {
    let mut fields: Map<String, Value> = token.clone().into();
    fields.remove(FIELD);
    Token::from(fields)
}

/// Whether someone is refreshing `token` right now (a lease that has not ended).
pub(crate) fn is_live(token: &Token) -> bool {
    token
        .get(FIELD)
        .and_then(|lease| lease["until"].as_u64())
        .is_some_and(|until| until > unix_now())
}

/// A fresh holder name for a lease.
pub(crate) fn holder() -> String {
    crate::flow::random::token::<12>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_live_until_it_ends_and_comes_off() {
        let token = Token::from_json(json!({"access_token": "a", "refresh_token": "r"})).unwrap();
        let marked = mark(&token, "me", Duration::from_secs(30));
        assert!(is_live(&marked) && !is_live(&token));
        assert_ne!(marked, token);
        assert_eq!(unmarked(&marked), token);
        let mut ended: Map<String, Value> = token.clone().into();
        ended.insert(FIELD.into(), json!({"until": 1, "by": "someone"}));
        assert!(!is_live(&Token::from(ended)));
    }
}
