//! The running provider: its thread, its routes, and the handle that controls it.

use std::fmt;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use url::Url;

use super::behaviour::Misbehaviour;
use super::builder::DevProviderBuilder;
use super::dialect::Dialect;
use super::oauth1_consumer::RSA_PRIVATE_KEY_PEM;
use super::record::ReceivedRequest;
use super::state::{Config, Shared};
use super::users::DevUser;
use super::{
    authorize, echo, end_session, oauth1_api, oauth1_authorize, oauth1_credentials, oidc, profiles,
    revoke, token, userinfo,
};

/// How long [`DevProvider::stop`] waits for the server thread before leaving it behind.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// A development OAuth 2 provider running on `127.0.0.1`; it stops when dropped.
///
/// It implements the authorization-code grant with PKCE and refresh tokens for exactly one
/// client, and lets whoever opens its consent page log in as any of its users: use it for
/// examples and tests, never in production.
///
/// ```
/// use oauth_dance_dev::DevProvider;
///
/// let provider = DevProvider::start()?;
/// println!("authorize at {}", provider.authorization_url());
/// println!("tokens at {}", provider.token_url());
/// println!("client id {}", provider.client_id());
/// provider.stop();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct DevProvider {
    addr: SocketAddr,
    shared: Arc<Shared>,
    handle: Option<ServerHandle>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for DevProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DevProvider")
            .field("addr", &self.addr)
            .field("config", &self.shared.config)
            .field("running", &self.handle.is_some())
            .finish()
    }
}

/// Registers the provider's endpoints.
fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/authorize")
            .route(web::get().to(authorize::show))
            .route(web::post().to(oauth1_authorize::decide)),
    )
    .route("/oauth1/authorize", web::get().to(oauth1_authorize::show))
    .route(
        "/oauth1/request_token",
        web::route().to(oauth1_credentials::request_token),
    )
    .route(
        "/oauth1/access_token",
        web::route().to(oauth1_credentials::access_token),
    )
    .route("/oauth1/api/user", web::route().to(oauth1_api::user))
    .route("/oauth1/api/echo", web::route().to(oauth1_api::echo))
    .route(
        "/oauth1/api/account/verify_credentials.json",
        web::route().to(oauth1_api::verify_credentials),
    )
    .route("/token", web::route().to(token::token))
    .route("/revoke", web::route().to(revoke::revoke))
    .route(
        "/.well-known/openid-configuration",
        web::get().to(oidc::discovery),
    )
    .route("/jwks", web::get().to(oidc::jwks))
    .route("/logout", web::get().to(end_session::end_session))
    .route("/userinfo", web::route().to(userinfo::user))
    .route("/api/user", web::route().to(userinfo::user))
    .route("/api/echo", web::route().to(echo::echo));
    for (path, _) in profiles::PROFILES {
        cfg.route(path, web::route().to(profiles::profile));
    }
    cfg.route("/api/{tail:.*}", web::route().to(api_not_found));
}

/// Any other `/api/...` path: recorded, then 404.
async fn api_not_found(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    shared.lock().record(ReceivedRequest::capture(&req, &body));
    HttpResponse::NotFound().json(serde_json::json!({"message": "Not Found"}))
}

impl DevProvider {
    /// A builder to configure the provider before starting it.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::builder().client_id("app").start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn builder() -> DevProviderBuilder {
        DevProviderBuilder::default()
    }

    /// Starts a provider with the default settings on a free port.
    ///
    /// # Errors
    ///
    /// No port could be bound or the server thread could not start.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.client_id(), "dev-client-id");
    /// assert_eq!(provider.client_secret(), "dev-client-secret");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start() -> io::Result<DevProvider> {
        DevProvider::builder().start()
    }

    /// Binds the listener, then serves it from a thread running its own actix system.
    pub(crate) fn spawn(port: u16, config: Config) -> io::Result<DevProvider> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config));
        let data = web::Data::from(Arc::clone(&shared));
        let (handle_tx, handle_rx) = mpsc::channel::<io::Result<ServerHandle>>();
        let thread = thread::Builder::new()
            .name(format!("oauth-dance-dev-provider-{}", addr.port()))
            .spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let server = HttpServer::new(move || {
                        App::new().app_data(data.clone()).configure(routes)
                    })
                    .workers(1)
                    .keep_alive(IDLE_CONNECTIONS_KEPT)
                    .disable_signals()
                    .shutdown_timeout(1)
                    .listen(listener);
                    match server {
                        Ok(server) => {
                            let server = server.run();
                            let _ = handle_tx.send(Ok(server.handle()));
                            if let Err(e) = server.await {
                                log::warn!("dev provider: server error: {e}");
                            }
                        }
                        Err(e) => {
                            let _ = handle_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let handle = handle_rx
            .recv()
            .map_err(|_| io::Error::other("the dev provider thread exited before starting"))??;
        log::warn!(
            "dev provider: listening on http://{addr}/ (development only: anyone can log in as anyone)"
        );
        Ok(DevProvider {
            addr,
            shared,
            handle: Some(handle),
            thread: Some(thread),
        })
    }

    /// The root URL, `http://127.0.0.1:<port>/`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.url().host_str(), Some("127.0.0.1"));
    /// assert_eq!(provider.url().path(), "/");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}/", self.addr)).expect("a socket address makes a valid URL")
    }

    /// The authorization endpoint, `{url}authorize`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.authorization_url(), format!("{}authorize", provider.url()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn authorization_url(&self) -> String {
        format!("{}authorize", self.url())
    }

    /// The token endpoint, `{url}token`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.token_url(), format!("{}token", provider.url()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn token_url(&self) -> String {
        format!("{}token", self.url())
    }

    /// The revocation endpoint (RFC 7009), `{url}revoke`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.revocation_url(), format!("{}revoke", provider.url()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn revocation_url(&self) -> String {
        format!("{}revoke", self.url())
    }

    /// The OpenID Connect issuer, `{url}` without its trailing slash: its discovery document is
    /// at `{issuer}/.well-known/openid-configuration`, and the ID tokens of a login whose scope
    /// has `openid` name it in `iss`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(format!("{}/", provider.issuer()), provider.url().as_str());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn issuer(&self) -> String {
        self.url().as_str().trim_end_matches('/').to_string()
    }

    /// Signs ID tokens with a new key from now on. With `keep_old`, the old key stays in the key
    /// set (a rotation done right); without, it is dropped at once (a client that cached the key
    /// set must fetch it again).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// provider.rotate_signing_key(false);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn rotate_signing_key(&self, keep_old: bool) {
        self.shared.lock().signing_keys.rotate(keep_old);
    }

    /// The API root, `{url}api/`: API calls are relative to it (`user`, `echo`).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert!(provider.base_url().ends_with("/api/"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn base_url(&self) -> String {
        format!("{}api/", self.url())
    }

    /// The profile endpoint, `{url}api/user` (also served at `{url}userinfo`).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.userinfo_url(), format!("{}user", provider.base_url()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn userinfo_url(&self) -> String {
        format!("{}api/user", self.url())
    }

    /// OAuth 1: the request-token endpoint, `{url}oauth1/request_token`.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert!(provider.oauth1_request_token_url().ends_with("/oauth1/request_token"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn oauth1_request_token_url(&self) -> String {
        format!("{}oauth1/request_token", self.url())
    }

    /// OAuth 1: where users authorize a request token, `{url}oauth1/authorize`.
    pub fn oauth1_authorization_url(&self) -> String {
        format!("{}oauth1/authorize", self.url())
    }

    /// OAuth 1: the access-token endpoint, `{url}oauth1/access_token`.
    pub fn oauth1_access_token_url(&self) -> String {
        format!("{}oauth1/access_token", self.url())
    }

    /// OAuth 1: the API root, `{url}oauth1/api/` (`user`, `echo`), for signed calls.
    pub fn oauth1_base_url(&self) -> String {
        format!("{}oauth1/api/", self.url())
    }

    /// OAuth 1: the consumer's RSA private key (PKCS#8 PEM), for RSA-SHA1. The provider
    /// verifies with its public half. It is published with this crate: development only.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert!(provider.rsa_private_key_pem().starts_with("-----BEGIN PRIVATE KEY-----"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn rsa_private_key_pem(&self) -> &'static str {
        RSA_PRIVATE_KEY_PEM
    }

    /// The client id the provider accepts (the OAuth 1 consumer key too).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.client_id(), "dev-client-id");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn client_id(&self) -> &str {
        &self.shared.config.client_id
    }

    /// The client secret the provider accepts (the OAuth 1 consumer secret too).
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.client_secret(), "dev-client-secret");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn client_secret(&self) -> &str {
        &self.shared.config.client_secret
    }

    /// Issues tokens for user `login` directly, as if a dance had just ended (for tests that
    /// need a logged-in user without dancing): the token endpoint's JSON answer.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// let token = provider.issue_token("octocat");
    /// assert!(token["access_token"].as_str().unwrap().starts_with("dev_at_"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn issue_token(&self, login: &str) -> serde_json::Value {
        let config = &self.shared.config;
        let issued =
            self.shared
                .lock()
                .issue_tokens(&config.client_id, login, "", config.token_lifetime);
        super::token::response_body(&issued, "", &self.shared)
    }

    /// The users listed on the consent page, the preselected one first.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert_eq!(provider.users()[0].login, "octocat");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn users(&self) -> &[DevUser] {
        &self.shared.config.users
    }

    /// Injects a fault (or, with [`Misbehaviour::None`], stops injecting one).
    ///
    /// ```
    /// use oauth_dance_dev::{DevProvider, Misbehaviour};
    ///
    /// let provider = DevProvider::start()?;
    /// provider.set_misbehaviour(Misbehaviour::TokenEndpointGarbage);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_misbehaviour(&self, misbehaviour: Misbehaviour) {
        self.shared.lock().misbehaviour = misbehaviour;
    }

    /// Speaks `dialect` from now on (with [`Dialect::default`], RFC 6749 again): the shape of
    /// token responses, and a header the API takes the token in.
    ///
    /// ```
    /// use oauth_dance_dev::{DevProvider, Dialect, TokenShape};
    ///
    /// let provider = DevProvider::start()?;
    /// let mut dialect = Dialect::default();
    /// dialect.token_shape = TokenShape::StatusBody;
    /// provider.set_dialect(dialect);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_dialect(&self, dialect: Dialect) {
        self.shared.lock().dialect = dialect;
    }

    /// Every request received at `/token`, `/revoke`, `/userinfo` and `/api/...`, oldest first (the
    /// last 1000 are kept), bodies included.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// assert!(provider.requests().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().requests()
    }

    /// Empties the request log.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// provider.clear_requests();
    /// assert!(provider.requests().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clear_requests(&self) {
        self.shared.lock().clear_requests();
    }

    /// Stops the server and waits (a few seconds at most) for its thread to end; dropping
    /// the provider does the same.
    ///
    /// ```
    /// let provider = oauth_dance_dev::DevProvider::start()?;
    /// let addr = format!("127.0.0.1:{}", provider.url().port().unwrap());
    /// provider.stop();
    /// assert!(std::net::TcpStream::connect(addr).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(handle) = self.handle.take() else {
            return;
        };
        // The command is sent when `stop` is called; the returned future only waits for it,
        // and polling it would need a runtime, so the thread is watched instead.
        drop(handle.stop(false));
        let Some(thread) = self.thread.take() else {
            return;
        };
        let deadline = Instant::now() + STOP_TIMEOUT;
        while !thread.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        } else {
            log::warn!("dev provider: the server thread did not stop in time; leaving it");
        }
    }
}

impl Drop for DevProvider {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// How long the dev provider keeps an idle keep-alive connection: longer than reqwest's pool
/// keeps one (90 s), so a client always drops an idle connection before the provider closes
/// it. With actix's default (5 s), a client that reuses a connection at the moment the
/// provider closes it loses that request (reqwest does not resend a POST): the likely cause of
/// a token request that failed once in the balancer suite, just after its Redis restart had
/// left the instances' connections idle.
const IDLE_CONNECTIONS_KEPT: std::time::Duration = std::time::Duration::from_secs(120);
