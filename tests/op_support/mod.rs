//! What the certified-OP suite shares: the OpenID Provider `.ci/services/oidc-provider.sh`
//! started (npm `oidc-provider`), a blueprint configured from its discovery document, the app
//! that serves it, and a browser that completes the provider's login and consent pages.
//!
//! A test skips with a message when `OAUTH_DANCE_TEST_OIDC_ISSUER` is missing, and fails under
//! `CI=true` (where the service script starts the provider).

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use oauth_dance::storage::MemoryStorage;
use oauth_dance::{Client, Dance, Error, LoginRequired, OAuth2Builder, named_blueprint};
use oauth_dance_dev::kit::{Browser, ErrorLog, Step, TestApp, hidden_inputs, key, serve_with};
use serde_json::{Value, json};
use url::Url;

/// The variable naming the provider's issuer.
pub const ISSUER: &str = "OAUTH_DANCE_TEST_OIDC_ISSUER";

/// The name of the blueprint (its callback, `/login/op/authorized`, is the test client's
/// registered redirect URI, accepted on any loopback port).
pub const NAME: &str = "op";

named_blueprint!(pub Op = "op");

/// The provider the service script started, and its discovery document.
pub struct CertifiedOp {
    /// This test's hold on the provider's keys (see [`KEYS`]).
    _keys: KeysHeld,
    /// Its issuer, `http://127.0.0.1:<port>`.
    pub issuer: String,
    /// The test client's id.
    pub client_id: String,
    client_secret: String,
    rotate_url: String,
    /// Its discovery document (`{issuer}/.well-known/openid-configuration`).
    pub discovery: Value,
    http: reqwest::Client,
}

/// The suite's tests share one provider, and the test server's key rotation (a new provider
/// instance over the same store) refuses refresh tokens issued before it: a refresh racing the
/// rotation test got `invalid_grant`. So the test that rotates holds this exclusively, and the
/// others share it.
static KEYS: LazyLock<Arc<tokio::sync::RwLock<()>>> = LazyLock::new(Default::default);

/// A test's hold on [`KEYS`].
enum KeysHeld {
    Shared(#[allow(dead_code)] tokio::sync::OwnedRwLockReadGuard<()>),
    Exclusive(#[allow(dead_code)] tokio::sync::OwnedRwLockWriteGuard<()>),
}

impl CertifiedOp {
    /// The provider, or `None` (with a message) when the service is not running; a failure
    /// under `CI=true`, or when the variables name a provider that does not answer.
    pub async fn find(test: &str) -> Option<CertifiedOp> {
        let keys = KeysHeld::Shared(KEYS.clone().read_owned().await);
        Self::find_holding(test, keys).await
    }

    /// [`find`](Self::find), for a test that rotates the provider's keys: it runs alone.
    pub async fn find_to_rotate(test: &str) -> Option<CertifiedOp> {
        let keys = KeysHeld::Exclusive(KEYS.clone().write_owned().await);
        Self::find_holding(test, keys).await
    }

    async fn find_holding(test: &str, keys: KeysHeld) -> Option<CertifiedOp> {
        let Some(issuer) = std::env::var(ISSUER).ok().filter(|v| !v.is_empty()) else {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!(
                    "{test}: {ISSUER} is not set under CI=true: .ci/services/oidc-provider.sh \
                     should have started the certified OpenID Provider"
                );
            }
            eprintln!(
                "{test}: skipped: no certified OpenID Provider ({ISSUER} is not set; \
                 `CLEANUP=(); source .ci/services/oidc-provider.sh` starts one)"
            );
            return None;
        };
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| panic!("{test}: {ISSUER} is set, {name} not"))
        };
        oauth_dance::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let discovery_url = format!("{issuer}/.well-known/openid-configuration");
        let discovery = fetch_json(&http, &discovery_url)
            .await
            .unwrap_or_else(|e| panic!("{test}: the provider at {issuer} does not answer: {e}"));
        Some(CertifiedOp {
            _keys: keys,
            client_id: var("OAUTH_DANCE_TEST_OIDC_CLIENT_ID"),
            client_secret: var("OAUTH_DANCE_TEST_OIDC_CLIENT_SECRET"),
            rotate_url: var("OAUTH_DANCE_TEST_OIDC_ROTATE_URL"),
            issuer,
            discovery,
            http,
        })
    }

    /// An endpoint the discovery document names.
    pub fn endpoint(&self, name: &str) -> String {
        self.discovery[name]
            .as_str()
            .unwrap_or_else(|| panic!("discovery names no {name}: {}", self.discovery))
            .to_string()
    }

    /// The generic OpenID Connect blueprint, named [`NAME`], for the test client: configured by
    /// the issuer alone, its endpoints from the provider's discovery document, its client
    /// authentication the generic provider's default (HTTP Basic encoded as RFC 6749 §2.3.1
    /// says, `client_secret_basic`, which this provider decodes). It asks for `offline_access`
    /// (a refresh token), which the provider grants only on an explicit consent
    /// (`prompt=consent`, OpenID Connect Core §11).
    pub fn builder(&self) -> OAuth2Builder {
        oauth_dance::oidc::blueprint()
            .name(NAME)
            .client_id(&self.client_id)
            .client_secret(&self.client_secret)
            .openid_connect(self.endpoint("issuer"))
            .scope(["openid", "email", "offline_access"])
            .authorization_param("prompt", "consent")
    }

    /// Rotates the provider's signing keys; returns the new key's id.
    pub async fn rotate_keys(&self) -> String {
        let res = self.http.post(&self.rotate_url).send().await.unwrap();
        assert_eq!(res.status(), 200, "key rotation");
        let body: Value = res.json().await.unwrap();
        body["kid"].as_str().unwrap().to_string()
    }

    /// The provider's introspection of `token` (RFC 7662), as the test client.
    pub async fn introspect(&self, token: &str) -> Value {
        let res = self
            .http
            .post(self.endpoint("introspection_endpoint"))
            .header("authorization", self.client_authorization())
            .form(&[("token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "introspection");
        res.json().await.unwrap()
    }

    /// The test client's `Authorization` header: HTTP Basic, its id and secret form-encoded
    /// first (RFC 6749 §2.3.1; reqwest's `basic_auth` would send them as they are).
    fn client_authorization(&self) -> String {
        use base64::Engine;
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pair = format!(
            "{}:{}",
            encode(&self.client_id),
            encode(&self.client_secret)
        );
        let pair = base64::engine::general_purpose::STANDARD.encode(pair);
        format!("Basic {pair}")
    }

    /// The status of the provider's userinfo endpoint for `access_token`.
    pub async fn userinfo_status(&self, access_token: &str) -> u16 {
        let res = self
            .http
            .get(self.endpoint("userinfo_endpoint"))
            .bearer_auth(access_token)
            .send()
            .await
            .unwrap();
        res.status().as_u16()
    }

    /// The provider's answer to a refresh with `refresh_token`, sent as the test client
    /// (status and body).
    pub async fn refresh_directly(&self, refresh_token: &str) -> (u16, Value) {
        let res = self
            .http
            .post(self.endpoint("token_endpoint"))
            .header("authorization", self.client_authorization())
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ])
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }

    /// The provider's key set.
    pub async fn key_set(&self) -> Value {
        fetch_json(&self.http, &self.endpoint("jwks_uri"))
            .await
            .unwrap()
    }
}

async fn fetch_json(http: &reqwest::Client, url: &str) -> Result<Value, String> {
    let res = http.get(url).send().await.map_err(|e| e.to_string())?;
    if !res.status().is_success() {
        return Err(format!("{url}: {}", res.status()));
    }
    res.json().await.map_err(|e| e.to_string())
}

/// The provider, and an app that is its relying party: a blueprint [`NAME`] (from
/// `configure(op.builder())`) keeping its token in `storage`, served with the routes
/// - `/claims` → the verified claims of the stored ID token (JSON, `null` when none);
/// - `/refresh` → `Client::refresh_if_due`, then `{"refreshed": true}`;
/// - `/logout` → `Client::logout`, then `{"revoked": …}`;
/// - `/userinfo` → the provider's userinfo, fetched with the user's token;
/// - `/protected_op` → `LoginRequired<Op>` (its error page after a failed login);
///
/// and what the `error` hook saw.
pub struct RelyingParty {
    /// The provider.
    pub op: CertifiedOp,
    /// The blueprint's storage (one token).
    pub storage: MemoryStorage,
    /// The app.
    pub app: TestApp,
    /// What the app's `error` hook saw.
    pub seen: ErrorLog,
}

impl RelyingParty {
    /// The provider and its relying party, or `None` when there is no provider (see
    /// [`CertifiedOp::find`]).
    pub async fn start(
        test: &str,
        configure: impl FnOnce(OAuth2Builder) -> OAuth2Builder,
    ) -> Option<RelyingParty> {
        Self::serve(CertifiedOp::find(test).await?, configure)
    }

    /// [`start`](Self::start), for a test that rotates the provider's keys (it runs alone).
    pub async fn start_to_rotate(test: &str) -> Option<RelyingParty> {
        Self::serve(CertifiedOp::find_to_rotate(test).await?, |b| b)
    }

    fn serve(
        op: CertifiedOp,
        configure: impl FnOnce(OAuth2Builder) -> OAuth2Builder,
    ) -> Option<RelyingParty> {
        let storage = MemoryStorage::new();
        let bp = configure(op.builder().storage(storage.clone()))
            .build()
            .unwrap();
        let seen = ErrorLog::default();
        let dance = seen.record(Dance::new(key()).blueprint(&bp));
        let app = serve_with(dance, vec![bp], routes(op.endpoint("userinfo_endpoint")));
        Some(RelyingParty {
            op,
            storage,
            app,
            seen,
        })
    }

    /// A login of `login`, who consents, in `browser`, that must succeed (the callback
    /// redirects into the app).
    pub async fn log_in(&self, browser: &Browser, login: &str) -> Login {
        let user = User {
            browser,
            login,
            consent: Consent::Allow,
        };
        let done = user.log_in(&self.app.at("/login/op")).await;
        let seen = self.seen.errors();
        assert_eq!(done.done.status, 302, "{done:?} {seen:?}");
        assert!(seen.is_empty(), "{seen:?}");
        done
    }

    /// The JSON body of `GET path` on the app, which must answer 200.
    pub async fn get_json(&self, browser: &Browser, path: &str) -> Value {
        let step = browser.get(&self.app.at(path)).await;
        assert_eq!(step.status, 200, "{path}: {step:?}");
        serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{path}: {step:?}"))
    }
}

/// The test app's own routes (see [`RelyingParty`]).
fn routes(userinfo: String) -> impl Fn(&mut web::ServiceConfig) + Clone + Send + 'static {
    move |cfg: &mut web::ServiceConfig| {
        let userinfo = userinfo.clone();
        cfg.route("/claims", web::get().to(claims))
            .route("/refresh", web::get().to(refresh))
            .route("/logout", web::get().to(logout))
            .route("/protected_op", web::get().to(protected))
            .route(
                "/userinfo",
                web::get().to(move || {
                    let userinfo = userinfo.clone();
                    async move {
                        let res = Client::current(NAME)?.get(&userinfo).await?;
                        let body: Value = res.json().await?;
                        Ok::<_, Error>(HttpResponse::Ok().json(body))
                    }
                }),
            );
    }
}

async fn claims() -> Result<HttpResponse, Error> {
    let claims = Client::current(NAME)?.id_token_claims().await?;
    let claims = claims.map(|c| Value::Object(c.as_json().clone()));
    Ok(HttpResponse::Ok().json(claims))
}

async fn refresh() -> Result<HttpResponse, Error> {
    Client::current(NAME)?.refresh_if_due().await?;
    Ok(HttpResponse::Ok().json(json!({"refreshed": true})))
}

async fn protected(_op: LoginRequired<Op>) -> &'static str {
    "protected"
}

async fn logout() -> Result<HttpResponse, Error> {
    let done = Client::current(NAME)?.logout().await?;
    Ok(HttpResponse::Ok().json(json!({
        "revoked": done.revoked,
        "revocation_error": done.revocation_error.map(|e| e.to_string()),
    })))
}

/// What the user does on the provider's consent page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Consent {
    /// Approves (the page's "Continue").
    Allow,
    /// Aborts the interaction (the provider answers `access_denied`).
    Abort,
}

/// A user at the provider: signs in as `login` and decides `consent` on its pages.
pub struct User<'a> {
    /// The browser (cookie jar shared by the app and the provider).
    pub browser: &'a Browser,
    /// The login typed on the provider's sign-in page (the ID token's `sub`).
    pub login: &'a str,
    /// What the user does on the consent page.
    pub consent: Consent,
}

/// Where a login through the provider ended.
#[derive(Debug)]
pub struct Login {
    /// The provider's authorization URL the app sent the browser to.
    pub authorize: Url,
    /// The provider's redirect to the app's callback.
    pub callback: Url,
    /// The app's answer to the callback.
    pub done: Step,
}

impl User<'_> {
    /// A whole login from the app's `login_url`: the app's redirect, the provider's sign-in and
    /// consent pages (each answered over HTTP, cookies kept), the app's callback.
    pub async fn log_in(&self, login_url: &str) -> Login {
        let start = self.browser.get(login_url).await;
        assert_eq!(start.status, 302, "the login redirects: {start:?}");
        let authorize = Url::parse(&start.location.unwrap()).unwrap();
        let callback = self.through_provider(authorize.clone()).await;
        let done = self.browser.get(callback.as_str()).await;
        Login {
            authorize,
            callback,
            done,
        }
    }

    /// Follows the provider from `url`, answering each of its pages, until it redirects off
    /// itself (to the app's callback).
    async fn through_provider(&self, mut url: Url) -> Url {
        let origin = url.origin();
        for _ in 0..20 {
            let step = self.browser.get(url.as_str()).await;
            url = match step.status {
                302 | 303 => url.join(step.location.as_deref().unwrap()).unwrap(),
                200 => self.answer(&url, &step.body).await,
                _ => panic!("the provider at {url} answered {step:?}"),
            };
            if url.origin() != origin {
                return url;
            }
        }
        panic!("no way out of the provider after 20 steps (at {url})")
    }

    /// Answers one of the provider's pages (sign-in or consent); returns where it redirects.
    async fn answer(&self, page: &Url, html: &str) -> Url {
        let mut form = hidden_inputs(html);
        match form.get("prompt").map(String::as_str) {
            Some("login") => {
                form.insert("login".into(), self.login.into());
                form.insert("password".into(), "any password".into());
            }
            Some("consent") if self.consent == Consent::Abort => {
                return page.join(&abort_link(html)).unwrap();
            }
            Some("consent") => {}
            _ => panic!("an unexpected page at {page}: {html}"),
        }
        self.submit(page, &form_action(html), &form).await
    }

    async fn submit(&self, page: &Url, action: &str, form: &HashMap<String, String>) -> Url {
        let action = page.join(action).unwrap();
        let res = self.browser.http.post(action).form(form).send().await;
        let res = res.unwrap();
        let status = res.status().as_u16();
        let location = res.headers().get("location").map(|l| l.to_str().unwrap());
        match (status, location) {
            (302 | 303, Some(next)) => page.join(next).unwrap(),
            _ => panic!("the provider's form at {page} answered {status}"),
        }
    }
}

/// The `action` of a page's form.
fn form_action(html: &str) -> String {
    attribute_after(html, "<form", "action").expect("a form with an action")
}

/// The provider's "abort" link (`href` ending in `/abort`).
fn abort_link(html: &str) -> String {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.ends_with("/abort"))
        .expect("an abort link on the consent page")
        .to_string()
}

/// The value of `attr` in the first tag that starts with `tag`.
fn attribute_after(html: &str, tag: &str, attr: &str) -> Option<String> {
    let tag = html.split(tag).nth(1)?;
    let tag = &tag[..tag.find('>')?];
    let value = tag.split(&format!("{attr}=\"")).nth(1)?;
    Some(html_escape::decode_html_entities(value.split('"').next()?).into_owned())
}

/// The query parameter `name` of `url`.
pub fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The JOSE header of a JWT (its first part), decoded.
pub fn jwt_header(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').next().unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
