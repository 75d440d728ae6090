//! The provider client, the storages and the configuration rules, over real HTTP.

use std::sync::{Arc, Mutex};

use oauth_dance::storage::{
    MemoryStorage, NullStorage, SessionStorage, StorageContext, StorageError, TokenStorage,
};
use oauth_dance::{Client, ConfigError, Dance, Error, OAuth2Builder, Token};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use serde_json::Value;

#[test]
fn client_outside_a_request_is_an_error_not_a_panic() {
    let err = Client::current("dev").unwrap_err();
    assert!(matches!(err, Error::NoContext), "{err:?}");
    assert!(err.to_string().contains("Dance"), "{err}");
}

#[actix_web::test]
async fn relative_urls_resolve_against_base_url_and_carry_the_bearer_token() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b);
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let token = browser.token(&app, "dev").await.unwrap();
    let echo = browser.get(&app.at("/echo/dev")).await;
    let echo: Value = serde_json::from_str(&echo.body).unwrap_or_else(|_| panic!("{echo:?}"));
    assert_eq!(echo["path"], "/api/echo");
    assert_eq!(echo["query"], "x=1");
    assert_eq!(echo["headers"]["authorization"], format!("Bearer {token}"));
}

#[actix_web::test]
async fn an_unknown_blueprint_name_is_a_clear_error() {
    let Fixture { app, .. } = Fixture::new(|b| b);
    let res = Browser::new().get(&app.at("/token/nope")).await;
    assert_eq!(res.status, 500);
    assert!(
        !res.body.contains("nope"),
        "internal detail stays in the log: {}",
        res.body
    );
}

fn blueprint_for_url_tests(base: &str) -> oauth_dance::Blueprint {
    OAuth2Builder::new("t")
        .client_id("id")
        .client_secret("secret")
        .authorization_url("https://example.com/authorize")
        .token_url("https://example.com/token")
        .base_url(base)
        .build()
        .unwrap()
}

#[actix_web::test]
async fn url_resolution_follows_rfc_3986() {
    use actix_session::SessionExt;
    let session = actix_web::test::TestRequest::default()
        .to_http_request()
        .get_session();
    let with_slash = Client::for_session(
        blueprint_for_url_tests("https://api.example.com/v3/"),
        session.clone(),
    );
    assert_eq!(
        with_slash.url("user").unwrap().as_str(),
        "https://api.example.com/v3/user"
    );
    assert_eq!(
        with_slash.url("/user").unwrap().as_str(),
        "https://api.example.com/user"
    );
    assert_eq!(
        with_slash
            .url("https://other.example.com/x")
            .unwrap()
            .as_str(),
        "https://other.example.com/x"
    );
    // A base without a trailing slash (Strava's `https://www.strava.com/api/v3`) gets one, so
    // relative URLs resolve under it. Flask-Dance replaces the last segment instead
    // (`/api/athlete`), which is not Strava's API (https://developers.strava.com/docs/reference/).
    let without = Client::for_session(
        blueprint_for_url_tests("https://www.strava.com/api/v3"),
        session,
    );
    assert_eq!(
        without.blueprint().base_url().as_str(),
        "https://www.strava.com/api/v3/"
    );
    assert_eq!(
        without.url("athlete").unwrap().as_str(),
        "https://www.strava.com/api/v3/athlete"
    );
    // Plain http to a non-loopback host is refused.
    assert_default_transport_rule();
    assert!(matches!(
        with_slash.url("http://api.example.com/"),
        Err(Error::Url { .. })
    ));
}

#[actix_web::test]
async fn resolved_urls_are_remembered_per_blueprint_and_never_mixed() {
    // Each blueprint keeps the API URLs it resolved (a bounded cache): the same path written
    // for two blueprints, again and again, among many others, resolves against each one's base.
    use actix_session::SessionExt;
    assert_default_transport_rule();
    let session = actix_web::test::TestRequest::default()
        .to_http_request()
        .get_session();
    let a = blueprint_for_url_tests("https://a.example.com/v1/");
    let b = blueprint_for_url_tests("https://b.example.com/v2/");
    for round in 0..3 {
        for (bp, base) in [
            (&a, "https://a.example.com/v1/"),
            (&b, "https://b.example.com/v2/"),
        ] {
            let client = Client::for_session(bp.clone(), session.clone());
            assert_eq!(client.url("user").unwrap().as_str(), format!("{base}user"));
            for i in 0..40 {
                let path = format!("repos/{round}/{i}");
                assert_eq!(client.url(&path).unwrap().as_str(), format!("{base}{path}"));
            }
            // Refused every time: only what passed the transport rule is kept.
            assert!(client.url("http://api.example.com/").is_err());
        }
    }
}

/// These tests check the default transport rule: they refuse to run (rather than pass without
/// checking anything) when the environment relaxes it.
fn assert_default_transport_rule() {
    assert!(
        std::env::var_os(oauth_dance::INSECURE_TRANSPORT_VAR).is_none(),
        "unset {} to run this test: it checks that plain http is refused",
        oauth_dance::INSECURE_TRANSPORT_VAR
    );
}

#[actix_web::test]
async fn session_storage_keeps_each_users_token_in_their_own_session() {
    let Fixture { dev, app, .. } = Fixture::new(|b| b.storage(SessionStorage::new()));
    let (a, b) = (Browser::new(), Browser::new());
    a.dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert!(a.token(&app, "dev").await.is_some());
    assert_eq!(b.token(&app, "dev").await, None);
}

#[actix_web::test]
async fn memory_storage_shares_one_token() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, .. } = Fixture::new(|b| b.storage(storage.clone()));
    Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let held = storage.token().unwrap();
    assert_eq!(
        Browser::new().token(&app, "dev").await.as_deref(),
        Some(held.access_token())
    );
}

#[actix_web::test]
async fn null_storage_stores_nothing_but_the_dance_succeeds() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(NullStorage));
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302);
    assert_eq!(browser.token(&app, "dev").await, None);
}

/// A custom storage: a small impl of the trait, keyed by blueprint.
#[derive(Clone, Default)]
struct ByBlueprint(Arc<Mutex<Vec<(String, Token)>>>);

#[async_trait::async_trait(?Send)]
impl TokenStorage for ByBlueprint {
    async fn get(&self, ctx: &StorageContext) -> Result<Option<Token>, StorageError> {
        let all = self.0.lock().unwrap();
        Ok(all
            .iter()
            .find(|(k, _)| k == ctx.blueprint())
            .map(|(_, t)| t.clone()))
    }
    async fn set(&self, ctx: &StorageContext, token: &Token) -> Result<(), StorageError> {
        let mut all = self.0.lock().unwrap();
        all.retain(|(k, _)| k != ctx.blueprint());
        all.push((ctx.blueprint().to_string(), token.clone()));
        Ok(())
    }
    async fn delete(&self, ctx: &StorageContext) -> Result<(), StorageError> {
        self.0.lock().unwrap().retain(|(k, _)| k != ctx.blueprint());
        Ok(())
    }
}

/// A storage that always fails: the dance reports it and nothing is kept.
struct Broken;

#[async_trait::async_trait(?Send)]
impl TokenStorage for Broken {
    async fn get(&self, _: &StorageContext) -> Result<Option<Token>, StorageError> {
        Ok(None)
    }
    async fn set(&self, _: &StorageContext, _: &Token) -> Result<(), StorageError> {
        Err(StorageError::new("database is down"))
    }
    async fn delete(&self, _: &StorageContext) -> Result<(), StorageError> {
        Ok(())
    }
}

#[actix_web::test]
async fn a_custom_storage_is_a_small_impl() {
    let dev = DevProvider::start().unwrap();
    let storage = ByBlueprint::default();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let all = storage.0.lock().unwrap().clone();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0, "dev");
}

#[actix_web::test]
async fn a_failing_storage_gives_a_clear_error_page() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(Broken));
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    // 503: the storage is down, which is nobody's fault in the request.
    assert_eq!(done.status, 503, "{done:?}");
    assert!(done.body.contains("could not be saved"), "{}", done.body);
    assert!(
        !done.body.contains("database is down"),
        "the detail stays in the log"
    );
}

#[test]
fn a_missing_client_id_names_the_environment_variable() {
    let err = OAuth2Builder::new("nowhere-app")
        .authorization_url("https://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/")
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::Missing { .. }));
    assert!(
        err.to_string().contains("NOWHERE_APP_OAUTH_CLIENT_ID"),
        "{err}"
    );
    let err = OAuth2Builder::new("nowhere-app")
        .client_id("id")
        .authorization_url("https://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/")
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("NOWHERE_APP_OAUTH_CLIENT_SECRET"),
        "{err}"
    );
}

#[test]
fn plain_http_providers_are_refused_unless_loopback() {
    assert_default_transport_rule();
    let err = OAuth2Builder::new("t")
        .client_id("id")
        .client_secret("s")
        .authorization_url("http://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/")
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("OAUTHLIB_INSECURE_TRANSPORT"),
        "{err}"
    );
    assert!(err.to_string().contains("authorization URL"), "{err}");
}

#[test]
fn bad_builder_values_are_clear_errors() {
    let base = || {
        OAuth2Builder::new("t")
            .client_id("id")
            .client_secret("s")
            .authorization_url("https://example.com/a")
            .token_url("https://example.com/t")
            .base_url("https://example.com/")
    };
    let err = OAuth2Builder::new("t")
        .client_id("id")
        .client_secret("s")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("authorization_url"), "{err}");
    let err = base().login_url("no-slash").build().unwrap_err();
    assert!(err.to_string().contains("login_url"), "{err}");
    let err = base().name("has space").build().unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
    let err = base().header("Bad Header", "x").build().unwrap_err();
    assert!(err.to_string().contains("header"), "{err}");
    let err = base().token_url("not a url").build().unwrap_err();
    assert!(err.to_string().contains("token URL"), "{err}");
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let builder = OAuth2Builder::new("t")
        .client_id("visible-id")
        .client_secret("hidden-secret")
        .authorization_url("https://example.com/a")
        .token_url("https://example.com/t")
        .base_url("https://example.com/");
    assert!(!format!("{builder:?}").contains("hidden-secret"));
    let bp = builder.build().unwrap();
    let shown = format!("{bp:?}");
    assert!(
        shown.contains("visible-id") && !shown.contains("hidden-secret"),
        "{shown}"
    );
    let token = Token::from_json(
        serde_json::json!({"access_token": "tok-secret", "refresh_token": "ref-secret"}),
    )
    .unwrap();
    let shown = format!("{token:?}");
    assert!(
        !shown.contains("tok-secret") && !shown.contains("ref-secret"),
        "{shown}"
    );
}

#[actix_web::test]
async fn a_request_that_cannot_be_built_is_an_error_before_anything_is_sent() {
    use actix_session::SessionExt;
    let session = actix_web::test::TestRequest::default()
        .to_http_request()
        .get_session();
    let client = Client::for_session(blueprint_for_url_tests("https://api.example.com/"), session);
    let err = client.get("x").header("bad header", "v").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let err = client.post("x").form(&42).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

#[actix_web::test]
async fn one_session_storage_shared_by_two_blueprints_keeps_their_tokens_apart() {
    use actix_session::SessionExt;
    let session = actix_web::test::TestRequest::default()
        .to_http_request()
        .get_session();
    let storage = SessionStorage::with_key("{name}_token");
    let named = |name: &str| {
        OAuth2Builder::new(name)
            .client_id("id")
            .client_secret("secret")
            .authorization_url("https://example.com/authorize")
            .token_url("https://example.com/token")
            .base_url("https://api.example.com/")
            .storage(storage.clone())
            .build()
            .unwrap()
    };
    let (work, home) = (named("work"), named("home"));
    let work_ctx = StorageContext::for_session(&work, session.clone());
    let home_ctx = StorageContext::for_session(&home, session.clone());
    let token =
        |access: &str| Token::from_json(serde_json::json!({ "access_token": access })).unwrap();
    storage.set(&work_ctx, &token("work-token")).await.unwrap();
    assert_eq!(storage.get(&home_ctx).await.unwrap(), None);
    storage.set(&home_ctx, &token("home-token")).await.unwrap();
    for (ctx, key, access) in [
        (&work_ctx, "work_token", "work-token"),
        (&home_ctx, "home_token", "home-token"),
    ] {
        assert_eq!(
            storage.get(ctx).await.unwrap().unwrap().access_token(),
            access
        );
        assert!(
            session.get::<Value>(key).unwrap().is_some(),
            "no `{key}` in the session"
        );
    }
    storage.delete(&work_ctx).await.unwrap();
    assert_eq!(storage.get(&work_ctx).await.unwrap(), None);
    assert!(storage.get(&home_ctx).await.unwrap().is_some());
}
