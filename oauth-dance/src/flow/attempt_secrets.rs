//! [`AttemptSecrets`]: what a flow keeps with a login attempt until its callback.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Secret;

/// Secrets a flow keeps with one login attempt (an OAuth 2 PKCE verifier, an OAuth 1
/// request-token secret), by name. Kept in the user's session with the attempt; `Debug` shows
/// the names only.
///
/// ```
/// use oauth_dance::flow::AttemptSecrets;
/// let mut secrets = AttemptSecrets::default();
/// secrets.insert("code_verifier", "abc");
/// assert_eq!(secrets.get("code_verifier"), Some("abc"));
/// assert!(!format!("{secrets:?}").contains("abc"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptSecrets(BTreeMap<String, Secret>);

impl AttemptSecrets {
    /// Keeps a secret.
    pub fn insert(&mut self, name: impl Into<String>, secret: impl Into<String>) {
        self.0.insert(name.into(), Secret::new(secret));
    }

    /// A kept secret.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(Secret::expose)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
