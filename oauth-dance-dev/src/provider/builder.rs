//! Configuring a development provider before starting it.

use std::fmt;
use std::io;
use std::time::Duration;

use super::client_auth::BasicCredentials;
use super::server::DevProvider;
use super::signed_secret::SignedSecretKey;
use super::state::Config;
use super::users::DevUser;

/// Settings for a [`DevProvider`], from [`DevProvider::builder`].
///
/// ```
/// use std::time::Duration;
/// use oauth_dance_dev::{DevProvider, DevUser};
///
/// let provider = DevProvider::builder()
///     .client_id("my-app")
///     .client_secret("my-secret")
///     .user(DevUser::new("alice", 10, "Alice", "alice@example.com"))
///     .token_lifetime(Duration::from_secs(60))
///     .require_pkce(true)
///     .start()?;
/// assert_eq!(provider.client_id(), "my-app");
/// # Ok::<(), std::io::Error>(())
/// ```
#[must_use = "a builder does nothing until .start() is called"]
#[derive(Clone)]
pub struct DevProviderBuilder {
    client_id: String,
    client_secret: String,
    users: Vec<DevUser>,
    port: u16,
    token_lifetime: Duration,
    require_pkce: bool,
    rotate_refresh_tokens: bool,
    basic_credentials: BasicCredentials,
    /// The team id, key id and public key (`x`, `y`) of a client that signs its secret.
    signed_secret: Option<[String; 4]>,
}

impl Default for DevProviderBuilder {
    fn default() -> Self {
        DevProviderBuilder {
            client_id: "dev-client-id".to_owned(),
            client_secret: "dev-client-secret".to_owned(),
            users: Vec::new(),
            port: 0,
            token_lifetime: Duration::from_secs(3600),
            require_pkce: false,
            rotate_refresh_tokens: true,
            basic_credentials: BasicCredentials::default(),
            signed_secret: None,
        }
    }
}

impl fmt::Debug for DevProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DevProviderBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("users", &self.users)
            .field("port", &self.port)
            .field("token_lifetime", &self.token_lifetime)
            .field("require_pkce", &self.require_pkce)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
            .field("basic_credentials", &self.basic_credentials)
            .field("signed_secret", &self.signed_secret)
            .finish()
    }
}

impl DevProviderBuilder {
    /// The only client id the provider accepts (default `"dev-client-id"`).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().client_id("abc").start()?;
    /// assert_eq!(provider.client_id(), "abc");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self
    }

    /// The client's secret (default `"dev-client-secret"`).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().client_secret("s3cret").start()?;
    /// assert_eq!(provider.client_secret(), "s3cret");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.client_secret = client_secret.into();
        self
    }

    /// Adds a user to the consent page's list; the first one added is preselected.
    ///
    /// Users given here replace the defaults ([`DevUser::octocat`], then [`DevUser::hubot`]),
    /// which are used only when none is given. Logins must be unique.
    ///
    /// ```
    /// use oauth_dance_dev::{DevProvider, DevUser};
    ///
    /// let provider = DevProvider::builder()
    ///     .user(DevUser::new("alice", 10, "Alice", "alice@example.com"))
    ///     .user(DevUser::octocat())
    ///     .start()?;
    /// assert_eq!(provider.users()[0].login, "alice");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn user(mut self, user: DevUser) -> Self {
        self.users.push(user);
        self
    }

    /// The port to listen on (default 0: any free port). The provider always binds
    /// `127.0.0.1` only.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().port(0).start()?;
    /// assert_ne!(provider.url().port(), Some(0));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long access tokens live, announced as `expires_in` (default one hour).
    /// `Duration::ZERO` issues tokens that are already expired.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let provider = oauth_dance_dev::DevProvider::builder()
    ///     .token_lifetime(Duration::from_secs(5))
    ///     .start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Whether `/authorize` refuses requests without a PKCE `code_challenge` (default
    /// `false`). Either way a challenge that was sent is always checked at `/token`, and only
    /// `S256` is accepted.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().require_pkce(true).start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn require_pkce(mut self, require: bool) -> Self {
        self.require_pkce = require;
        self
    }

    /// Whether a refresh answers with a new refresh token and retires the old one (default
    /// `true`). Without rotation the answer has no `refresh_token`, and the old one keeps
    /// working, as with the many providers that issue one long-lived refresh token.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder()
    ///     .rotate_refresh_tokens(false)
    ///     .start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn rotate_refresh_tokens(mut self, rotate: bool) -> Self {
        self.rotate_refresh_tokens = rotate;
        self
    }

    /// How the token endpoint reads HTTP Basic credentials: form-decoded as RFC 6749 says (the
    /// default), or as they are, like the many servers that never decode them.
    ///
    /// ```
    /// use oauth_dance_dev::{BasicCredentials, DevProvider};
    ///
    /// let provider = DevProvider::builder()
    ///     .client_secret("a~b+c")
    ///     .basic_credentials(BasicCredentials::Raw)
    ///     .start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn basic_credentials(mut self, encoding: BasicCredentials) -> Self {
        self.basic_credentials = encoding;
        self
    }

    /// Makes the client one that signs its secret, as Sign in with Apple's clients do: the token
    /// endpoint then takes `client_id` and `client_secret` in the body, the secret an ES256 JWT
    /// whose header names `key_id` (`kid`), signed by the private half of the P-256 public key
    /// `x`, `y` (a JWK's base64url coordinates), with `iss` = `team_id`, `sub` = the client id,
    /// `aud` = the provider's issuer, not expired and valid for at most six months. A refusal
    /// is `invalid_client` with what failed as its description. The plain client secret is
    /// still accepted (one provider serves every kind of client in a test).
    ///
    /// ```
    /// use oauth_dance_dev::{DEV_EC_PUBLIC_KEY, DevProvider};
    ///
    /// let (x, y) = DEV_EC_PUBLIC_KEY;
    /// let provider = DevProvider::builder()
    ///     .signed_secret_key("TEAM123456", "KEY1234567", x, y)
    ///     .start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn signed_secret_key(
        mut self,
        team_id: impl Into<String>,
        key_id: impl Into<String>,
        x: impl Into<String>,
        y: impl Into<String>,
    ) -> Self {
        self.signed_secret = Some([team_id.into(), key_id.into(), x.into(), y.into()]);
        self
    }

    /// [`signed_secret_key`](Self::signed_secret_key) with the public half of
    /// [`DEV_EC_PRIVATE_KEY`](crate::DEV_EC_PRIVATE_KEY).
    pub fn dev_signed_secret_key(
        self,
        team_id: impl Into<String>,
        key_id: impl Into<String>,
    ) -> Self {
        let (x, y) = crate::DEV_EC_PUBLIC_KEY;
        self.signed_secret_key(team_id, key_id, x, y)
    }

    /// Binds `127.0.0.1:<port>` and starts serving on a background thread.
    ///
    /// Works from synchronous code and from inside an async runtime. When it returns, the
    /// port is bound and accepting connections.
    ///
    /// # Errors
    ///
    /// The port cannot be bound, the server thread cannot start, the client id is empty, or
    /// two users share a login (`ErrorKind::InvalidInput`).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().start()?;
    /// assert!(provider.url().as_str().starts_with("http://127.0.0.1:"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start(self) -> io::Result<DevProvider> {
        if self.client_id.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the client id must not be empty",
            ));
        }
        let users = if self.users.is_empty() {
            DevUser::defaults()
        } else {
            self.users
        };
        for (i, user) in users.iter().enumerate() {
            if users[..i].iter().any(|u| u.login == user.login) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("two users have the login {:?}", user.login),
                ));
            }
        }
        let signed_secret = match &self.signed_secret {
            None => None,
            Some([team, kid, x, y]) => {
                Some(SignedSecretKey::new(team, kid, x, y).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "the signed-secret public key is not a P-256 point (JWK x, y)",
                    )
                })?)
            }
        };
        let config = Config {
            client_id: self.client_id,
            client_secret: self.client_secret,
            users,
            token_lifetime: self.token_lifetime,
            require_pkce: self.require_pkce,
            rotate_refresh_tokens: self.rotate_refresh_tokens,
            basic_credentials: self.basic_credentials,
            signed_secret,
        };
        DevProvider::spawn(self.port, config)
    }
}
