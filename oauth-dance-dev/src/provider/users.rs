//! The accounts the development provider lets anyone log in as.

use serde::Serialize;

/// An account on the development provider.
///
/// The consent page lists every user in a `<select>`; whoever clicks "Allow" becomes that
/// user. `/api/user` then answers with exactly these four fields, shaped like GitHub's
/// `/user` response.
///
/// ```
/// use oauth_dance_dev::DevUser;
///
/// let alice = DevUser::new("alice", 42, "Alice Example", "alice@example.com");
/// assert_eq!(alice.login, "alice");
/// assert_eq!(DevUser::octocat().id, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DevUser {
    /// The user's handle, unique among the provider's users (e.g. `"octocat"`).
    pub login: String,
    /// A numeric id, as GitHub-style APIs return it.
    pub id: u64,
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
}

impl DevUser {
    /// Builds a user from its four fields.
    ///
    /// ```
    /// use oauth_dance_dev::DevUser;
    ///
    /// let u = DevUser::new("bob", 7, "Bob", "bob@example.com");
    /// assert_eq!((u.id, u.name.as_str()), (7, "Bob"));
    /// ```
    pub fn new(
        login: impl Into<String>,
        id: u64,
        name: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        DevUser {
            login: login.into(),
            id,
            name: name.into(),
            email: email.into(),
        }
    }

    /// The first default user: `octocat`, id 1, "The Octocat", `octocat@example.com`.
    ///
    /// ```
    /// use oauth_dance_dev::DevUser;
    ///
    /// assert_eq!(DevUser::octocat().email, "octocat@example.com");
    /// ```
    pub fn octocat() -> Self {
        DevUser::new("octocat", 1, "The Octocat", "octocat@example.com")
    }

    /// The second default user: `hubot`, id 2, "Hubot", `hubot@example.com`.
    ///
    /// ```
    /// use oauth_dance_dev::DevUser;
    ///
    /// assert_eq!(DevUser::hubot().login, "hubot");
    /// ```
    pub fn hubot() -> Self {
        DevUser::new("hubot", 2, "Hubot", "hubot@example.com")
    }

    /// The users a provider has when the builder was given none.
    pub(crate) fn defaults() -> Vec<DevUser> {
        vec![DevUser::octocat(), DevUser::hubot()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_octocat_then_hubot() {
        let users = DevUser::defaults();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].login, "octocat");
        assert_eq!(users[0].name, "The Octocat");
        assert_eq!(users[1].id, 2);
    }

    #[test]
    fn serializes_like_github() {
        let json = serde_json::to_value(DevUser::octocat()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"login":"octocat","id":1,"name":"The Octocat","email":"octocat@example.com"})
        );
    }
}
