//! [`SessionStorage`]: tokens in the user's session (the default storage).

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use oauth_dance_spec::{defaults, template};

use super::{StorageContext, StorageError, TokenStorage};
use crate::Token;
use crate::session_state::{self, KeepError};

/// Keeps the token in the user's session under `{name}_oauth_token` (the default storage).
///
/// With the default cookie session the token travels in an encrypted cookie: browsers drop
/// cookies over about 4 KB, so providers with large tokens (an `id_token`) want a server-side
/// session store or another storage.
///
/// ```
/// use oauth_dance::storage::SessionStorage;
/// let storage = SessionStorage::with_key("{name}_token");
/// ```
#[derive(Clone)]
pub struct SessionStorage {
    key: String,
    /// The key filled in for the first blueprint that used this storage (nearly always the only
    /// one), so the template is not parsed and filled again on every request.
    first: Arc<OnceLock<FilledKey>>,
}

struct FilledKey {
    blueprint: String,
    key: String,
}

impl fmt::Debug for SessionStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionStorage")
            .field("key", &self.key)
            .finish()
    }
}

impl Default for SessionStorage {
    fn default() -> Self {
        SessionStorage::with_key(defaults::SESSION_TOKEN_KEY)
    }
}

impl SessionStorage {
    /// The default: key `{name}_oauth_token`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A custom key template; `{name}` is replaced by the blueprint name.
    pub fn with_key(template: impl Into<String>) -> Self {
        SessionStorage {
            key: template.into(),
            first: Arc::default(),
        }
    }

    fn key(&self, ctx: &StorageContext) -> Result<Cow<'_, str>, StorageError> {
        if let Some(first) = self.first.get()
            && first.blueprint == ctx.blueprint()
        {
            return Ok(Cow::Borrowed(&first.key));
        }
        let key = template::fill(&self.key, |p| {
            (p == "name").then(|| ctx.blueprint().to_string())
        })
        .map_err(StorageError::new)?;
        let _ = self.first.set(FilledKey {
            blueprint: ctx.blueprint().to_string(),
            key: key.clone(),
        });
        Ok(Cow::Owned(key))
    }

    fn session<'c>(
        &self,
        ctx: &'c StorageContext,
    ) -> Result<&'c actix_session::Session, StorageError> {
        ctx.session().ok_or_else(|| {
            StorageError::new("SessionStorage needs a request's session; this context has none")
        })
    }
}

#[async_trait::async_trait(?Send)]
impl TokenStorage for SessionStorage {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        // A value that no longer parses (an older format, a tampered-with server-side store)
        // reads as "no token" rather than failing every request.
        Ok(self
            .session(ctx)?
            .get::<Token>(&self.key(ctx)?)
            .unwrap_or_else(|err| {
                tracing::warn!("oauth-dance: ignoring an unreadable token in the session: {err}");
                None
            }))
    }

    /// With the library's cookie session, a token that would push the cookie past what browsers
    /// keep (an `id_token` can) is refused with [`StorageError::too_large_for`]: the dance then
    /// answers with a page that names the fix instead of a 500 after a successful exchange.
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        let (session, key) = (self.session(ctx)?, self.key(ctx)?);
        session_state::keep(ctx.cookie_budget(), session, &key, token).map_err(|e| match e {
            KeepError::TooLarge(bytes) => StorageError::too_large_for(bytes),
            KeepError::Session(err) => StorageError::new(err),
        })
    }

    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        self.session(ctx)?.remove(&self.key(ctx)?);
        Ok(())
    }
}
