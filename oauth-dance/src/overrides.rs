//! [`Overrides`]: replacements for parts of an app's blueprints — the token storage, the
//! transport, the login view — found by blueprint name, so that a test swaps them without
//! touching the app (Flask-Dance's `monkeypatch.setattr(blueprint, "storage", ...)`).
//!
//! They are app data: `app.app_data(overrides)`. The [`Dance`](crate::Dance) middleware applies
//! them to every blueprint a request sees: its registry (clients, extractors, `client()`), the
//! login and callback views, and [`Blueprint::complete_login`] / [`Blueprint::fail_login`].

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};

use crate::Blueprint;
use crate::context::RequestContext;
use crate::dance::DanceInner;
use crate::storage::TokenStorage;
use crate::transport::Transport;

/// Answers requests to a blueprint's login route instead of its login view: a mock login in a
/// test (`oauth_dance_dev::kit::MockLogin` is one) completes or fails the dance at once with
/// [`Blueprint::complete_login`] or [`Blueprint::fail_login`].
///
/// ```
/// use actix_web::{HttpRequest, HttpResponse};
/// use oauth_dance::{Blueprint, LoginView, Token};
///
/// /// Logs every user in with the same token, without asking any provider.
/// struct Everybody(Token);
///
/// #[async_trait::async_trait(?Send)]
/// impl LoginView for Everybody {
///     async fn login(&self, blueprint: &Blueprint, request: &HttpRequest) -> HttpResponse {
///         blueprint.complete_login(request, self.0.clone(), None).await
///     }
/// }
/// ```
#[async_trait::async_trait(?Send)]
pub trait LoginView: Send + Sync + 'static {
    /// Answers a request to `blueprint`'s login route.
    async fn login(&self, blueprint: &Blueprint, request: &HttpRequest) -> HttpResponse;
}

/// Replacements for parts of an app's blueprints, by blueprint name, installed as app data.
///
/// A test builds the app as the app builds it, then swaps what it needs:
///
/// ```
/// use actix_web::{App, HttpResponse, cookie::Key, test, web};
/// use oauth_dance::contrib::github::{self, GitHubClient};
/// use oauth_dance::storage::MemoryStorage;
/// use oauth_dance::{Dance, Overrides, Token};
///
/// async fn index(github: GitHubClient) -> oauth_dance::Result<HttpResponse> {
///     Ok(match github.authorized().await? {
///         true => HttpResponse::Ok().body("You are authorized"),
///         false => HttpResponse::Found().insert_header(("Location", "/login/github")).finish(),
///     })
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let github = github::blueprint().client_id("id").client_secret("secret").build().unwrap();
/// let app = App::new()
///     .wrap(Dance::new(Key::generate()).blueprint(&github))
///     .service(web::scope("/login").service(github.clone()))
///     .route("/", web::get().to(index));
///
/// let token = Token::from_json(serde_json::json!({"access_token": "fake-token"})).unwrap();
/// let swapped = Overrides::new().storage("github", MemoryStorage::with_token(token));
/// let app = test::init_service(app.app_data(swapped)).await;
/// let response = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
/// assert_eq!(response.status(), 200);
/// # });
/// ```
#[derive(Clone, Default)]
pub struct Overrides {
    by_name: Arc<BTreeMap<String, Parts>>,
}

/// What replaces one blueprint's parts.
#[derive(Clone, Default)]
struct Parts {
    storage: Option<Arc<dyn TokenStorage>>,
    transport: Option<Arc<dyn Transport>>,
    login: Option<Arc<dyn LoginView>>,
}

impl Overrides {
    /// No replacements yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Blueprint `blueprint` keeps its tokens in `storage` (a `MemoryStorage` holding a test
    /// token, a `NullStorage`).
    pub fn storage(self, blueprint: &str, storage: impl TokenStorage) -> Self {
        self.edit(blueprint, |parts| parts.storage = Some(Arc::new(storage)))
    }

    /// Blueprint `blueprint` sends its requests (token requests and API calls) through
    /// `transport` (a recording or replaying one).
    pub fn transport(self, blueprint: &str, transport: impl Transport) -> Self {
        self.edit(blueprint, |parts| {
            parts.transport = Some(Arc::new(transport))
        })
    }

    /// Requests to blueprint `blueprint`'s login route are answered by `view` (a mock login).
    pub fn login(self, blueprint: &str, view: impl LoginView) -> Self {
        self.edit(blueprint, |parts| parts.login = Some(Arc::new(view)))
    }

    fn edit(mut self, blueprint: &str, f: impl FnOnce(&mut Parts)) -> Self {
        let by_name = Arc::make_mut(&mut self.by_name);
        f(by_name.entry(blueprint.to_string()).or_default());
        self
    }

    /// `blueprint` with its replaced parts, or itself when nothing of it is replaced.
    pub(crate) fn apply(&self, blueprint: &Blueprint) -> Blueprint {
        let Some(parts) = self.by_name.get(blueprint.name()) else {
            return blueprint.clone();
        };
        let mut core = blueprint.core().clone();
        if let Some(storage) = &parts.storage {
            core.storage = Arc::clone(storage);
        }
        if let Some(transport) = &parts.transport {
            core.transport = Arc::clone(transport);
        }
        blueprint.with_core(core)
    }

    /// The app's registry with every replaced blueprint swapped.
    pub(crate) fn apply_to_registry(&self, dance: &Arc<DanceInner>) -> Arc<DanceInner> {
        let mut swapped = DanceInner::clone(dance);
        for blueprint in swapped.blueprints.values_mut() {
            *blueprint = self.apply(blueprint);
        }
        Arc::new(swapped)
    }

    /// The view answering blueprint `name`'s login route instead of its own, if any.
    fn login_view(&self, name: &str) -> Option<Arc<dyn LoginView>> {
        self.by_name.get(name)?.login.clone()
    }
}

impl std::fmt::Debug for Overrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_map();
        for (name, parts) in self.by_name.iter() {
            let replaced: Vec<&str> = [
                parts.storage.as_ref().map(|_| "storage"),
                parts.transport.as_ref().map(|_| "transport"),
                parts.login.as_ref().map(|_| "login"),
            ]
            .into_iter()
            .flatten()
            .collect();
            list.entry(name, &replaced);
        }
        list.finish()
    }
}

/// The blueprint a request's views work with: `blueprint` with the app's overrides applied.
pub(crate) fn for_request(blueprint: Blueprint, req: &HttpRequest) -> Blueprint {
    match RequestContext::of(req) {
        Ok(ctx) => ctx.effective(&blueprint),
        Err(_) => blueprint,
    }
}

/// The login route: the overriding login view when the app has one for this blueprint, else
/// the blueprint's own.
pub(crate) async fn login_route(blueprint: Blueprint, req: HttpRequest) -> HttpResponse {
    let blueprint = for_request(blueprint, &req);
    let view = RequestContext::of(&req)
        .ok()
        .and_then(|ctx| ctx.overrides()?.login_view(blueprint.name()));
    match view {
        Some(view) => view.login(&blueprint, &req).await,
        None => crate::blueprint::login_view(blueprint, req).await,
    }
}
