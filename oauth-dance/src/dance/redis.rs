//! [`RedisSessions`]: the session kept in Redis (through actix-session's Redis store), the
//! cookie holding only the session's opaque id.

use std::time::Duration;

use actix_session::SessionMiddleware;
use actix_session::config::BrowserSession;
use actix_session::storage::RedisSessionStore;
use actix_web::cookie::Key;

use super::redis_store::BoundedStore;
use super::session::session_middleware;

/// The prefix of the Redis keys the sessions are kept under.
const KEY_PREFIX: &str = "oauth_dance_session:";

/// How long a session lives in Redis after its last change, unless [`RedisSessions::ttl`] says
/// otherwise: a day, actix-session's own default.
const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// How long one session operation waits for Redis (a pooled connection, a new one, an
/// answer) before the request is answered with the 503 page.
const DEADLINE: Duration = Duration::from_secs(2);

/// Server-side sessions in Redis, for [`Dance::with_redis_sessions`](crate::Dance::with_redis_sessions)
/// (feature `redis`).
///
/// The cookie holds only an encrypted, random session id; the login attempts, the tokens of
/// [`SessionStorage`](crate::storage::SessionStorage) and the last-error flash live in Redis
/// under `oauth_dance_session:<id>`. So there is no 4 KB cookie limit, and a replayed callback
/// that carries an older cookie finds the current state, in which its login attempt is already
/// gone. Every instance of the app points at the same Redis and uses the same session key.
///
/// A session lives [`ttl`](Self::ttl) after its last change (a day by default, and never less
/// than the longest login-attempt lifetime of the app's blueprints). While Redis cannot be
/// reached, requests get a 503 page that says to try again (never a 500) within 2 seconds, and
/// the pooled connections are replaced as soon as Redis is back; sessions Redis lost are gone
/// (their users log in again).
///
/// ```no_run
/// use actix_web::{App, HttpServer, web};
/// use oauth_dance::{Dance, RedisSessions, contrib::github};
///
/// # async fn demo() -> std::io::Result<()> {
/// let github = github::blueprint().client_id("id").client_secret("secret").build()?;
/// let key = oauth_dance::session_key_from_env()?.expect("set OAUTH_DANCE_SESSION_KEY");
/// let sessions = RedisSessions::connect("redis://127.0.0.1:6379").await?;
/// HttpServer::new(move || {
///     App::new()
///         .wrap(Dance::with_redis_sessions(key.clone(), sessions.clone()).blueprint(&github))
///         .service(web::scope("/login").service(github.clone()))
/// })
/// .bind(("127.0.0.1", 8080))?
/// .run()
/// .await
/// # }
/// ```
#[derive(Clone)]
pub struct RedisSessions {
    store: RedisSessionStore,
    ttl: Duration,
}

impl RedisSessions {
    /// Connects to the Redis at `url` (`redis://host:port/db`, with `user:password@` when
    /// Redis asks for them).
    ///
    /// # Errors
    ///
    /// An [`std::io::Error`] saying that Redis could not be reached (the URL is not repeated:
    /// it may hold a password).
    pub async fn connect(url: &str) -> std::io::Result<Self> {
        let unreachable = |err: &dyn std::fmt::Display| {
            std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                format!("oauth-dance: cannot connect to Redis for sessions: {err}"),
            )
        };
        let pool = pool(url).map_err(|e| unreachable(&e))?;
        drop(pool.get().await.map_err(|e| unreachable(&e))?);
        let store = RedisSessionStore::builder_pooled(pool)
            .cache_keygen(|id| format!("{KEY_PREFIX}{id}"))
            .build()
            .await
            .map_err(|e| unreachable(&e))?;
        Ok(RedisSessions {
            store,
            ttl: DEFAULT_TTL,
        })
    }

    /// How long a session lives after its last change (a day by default). The app's longest
    /// login-attempt lifetime is the floor: a shorter value is raised to it, so an attempt is
    /// never lost before its own expiry.
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The session middleware over this store, its sessions living at least `floor`.
    pub(crate) fn middleware(
        &self,
        key: &Key,
        cookie_name: &str,
        floor: Duration,
    ) -> SessionMiddleware<BoundedStore> {
        let ttl = self.ttl.max(floor);
        let seconds = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        let store = BoundedStore {
            store: self.store.clone(),
            deadline: DEADLINE,
        };
        session_middleware(store, key, cookie_name)
            .session_lifecycle(
                BrowserSession::default()
                    .state_ttl(actix_web::cookie::time::Duration::seconds(seconds)),
            )
            .build()
    }
}

/// A pool of connections to the Redis at `url`: a connection is checked (PING) when taken
/// from the pool, so one that a Redis restart broke is replaced at once; waiting for a
/// connection, making one and checking one are each bounded by [`DEADLINE`].
fn pool(url: &str) -> Result<deadpool_redis::Pool, deadpool_redis::CreatePoolError> {
    let mut config = deadpool_redis::Config::from_url(url);
    let mut pool = config.get_pool_config();
    pool.timeouts = deadpool_redis::Timeouts {
        wait: Some(DEADLINE),
        create: Some(DEADLINE),
        recycle: Some(DEADLINE),
    };
    config.pool = Some(pool);
    config.create_pool(Some(deadpool_redis::Runtime::Tokio1))
}

/// The TTL only: the URL may hold a password.
impl std::fmt::Debug for RedisSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSessions")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}
