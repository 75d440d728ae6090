//! The session a [`Dance`](super::Dance) provides: where it is kept (an encrypted cookie by
//! default, or Redis with the cookie holding only an opaque id) and the cookie that carries it.

use actix_session::SessionMiddleware;
use actix_session::config::CookieContentSecurity;
use actix_session::storage::SessionStore;
use actix_web::cookie::{Key, SameSite};

use super::cookie_store::CompactCookieStore;
#[cfg(feature = "redis")]
use super::redis::RedisSessions;

/// Who provides the session, and under which cookie.
#[derive(Clone)]
pub(crate) enum SessionMode {
    /// The middleware provides it, kept in `backend`, its cookie sealed with `key`.
    Provided {
        key: Key,
        cookie_name: String,
        backend: SessionBackend,
    },
    /// The app wraps its own `SessionMiddleware` (outside this one).
    External { cookie_name: String },
}

/// Where a session the middleware provides is kept.
#[derive(Clone)]
pub(crate) enum SessionBackend {
    /// In the cookie itself, encrypted (at most 4 KB, nothing kept on the server).
    Cookie,
    /// In Redis; the cookie holds the session's id, encrypted.
    #[cfg(feature = "redis")]
    Redis(RedisSessions),
}

impl SessionMode {
    pub fn cookie_name(&self) -> &str {
        match self {
            SessionMode::Provided { cookie_name, .. } | SessionMode::External { cookie_name } => {
                cookie_name
            }
        }
    }

    /// Whether the whole session travels in the cookie (and so has the cookie's size budget).
    pub fn in_cookie(&self) -> bool {
        matches!(
            self,
            SessionMode::Provided {
                backend: SessionBackend::Cookie,
                ..
            }
        )
    }

    /// Whether this middleware runs the session store (and so answers for its failures).
    pub fn provided(&self) -> bool {
        matches!(self, SessionMode::Provided { .. })
    }
}

/// The session middleware for `store`, with the cookie settings every backend shares: sealed
/// (encrypted and authenticated), HttpOnly, SameSite=Lax; `Secure` is added per response, when
/// the request came over https.
pub(crate) fn session_middleware<S: SessionStore>(
    store: S,
    key: &Key,
    cookie_name: &str,
) -> actix_session::config::SessionMiddlewareBuilder<S> {
    SessionMiddleware::builder(store, key.clone())
        .cookie_name(cookie_name.to_string())
        .cookie_content_security(CookieContentSecurity::Private)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(false)
}

/// The cookie session's middleware (its state written by [`CompactCookieStore`]).
pub(crate) fn cookie_middleware(
    key: &Key,
    cookie_name: &str,
) -> SessionMiddleware<CompactCookieStore> {
    session_middleware(CompactCookieStore, key, cookie_name).build()
}
