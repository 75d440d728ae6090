//! The test kit: what an oauth-dance app's own tests need.
//!
//! - **Swap a blueprint's parts** without touching the app: the app's
//!   [`Overrides`](oauth_dance::Overrides) (app data, by blueprint name) replace its storage
//!   (`MemoryStorage::with_token(kit::token("fake-token"))`, `NullStorage`), its transport, or
//!   its login view. The seed's two testing examples, in Rust:
//!
//!   ```
//!   use actix_web::{App, HttpResponse, cookie::Key, test, web};
//!   use oauth_dance::contrib::github::{self, GitHubClient};
//!   use oauth_dance::storage::MemoryStorage;
//!   use oauth_dance::{Dance, Overrides};
//!   use oauth_dance_dev::kit;
//!
//!   // The app under test, as its own code builds it.
//!   async fn index(github: GitHubClient) -> oauth_dance::Result<HttpResponse> {
//!       if !github.authorized().await? {
//!           return Ok(HttpResponse::Found().insert_header(("Location", "/login/github")).finish());
//!       }
//!       Ok(HttpResponse::Ok().body("You are authorized"))
//!   }
//!   let github = github::blueprint().client_id("id").client_secret("secret").build().unwrap();
//!   let app = move || {
//!       App::new()
//!           .wrap(Dance::new(Key::generate()).blueprint(&github))
//!           .service(web::scope("/login").service(github.clone()))
//!           .route("/", web::get().to(index))
//!   };
//!
//!   # actix_web::rt::System::new().block_on(async {
//!   let unauthorized = Overrides::new().storage("github", MemoryStorage::new());
//!   let service = test::init_service(app().app_data(unauthorized)).await;
//!   let response = test::call_service(&service, test::TestRequest::get().uri("/").to_request()).await;
//!   assert_eq!(response.status(), 302);
//!   assert_eq!(response.headers().get("location").unwrap(), "/login/github");
//!
//!   let authorized = MemoryStorage::with_token(kit::token("fake-token"));
//!   let service = test::init_service(app().app_data(Overrides::new().storage("github", authorized))).await;
//!   let body = test::call_and_read_body(&service, test::TestRequest::get().uri("/").to_request()).await;
//!   assert_eq!(body, "You are authorized");
//!   # });
//!   ```
//!
//! - **Record and replay** the provider traffic: a [`Cassette`] per test (see [`cassette`]).
//! - **Mock login**: a dance completed at once with a chosen token, user or error, no provider:
//!   [`MockLogin`], installed with [`OverridesExt::mock_login`]; [`MockApi`] answers API calls.
//! - **The embedded dev provider** ([`DevProvider`](crate::DevProvider)): start it, give it
//!   users, and point any blueprint builder at it with one call, `.endpoints(&dev)`.
//! - **End-to-end tests**: an app served on a loopback port ([`serve`], [`Fixture`]), a
//!   cookie-keeping [`Browser`] that follows a dance step by step, and [`Site`] for running an
//!   example or any app binary as a real process.
//! - **Examples and development**: [`dev_provider_unless`] runs an app against the dev provider
//!   when its real credentials are not set.
//!
//! ```no_run
//! use oauth_dance_dev::kit::Fixture;
//!
//! # async fn demo() {
//! let Fixture { dev, app, browser } = Fixture::new(|builder| builder);
//! let done = browser.dance(&dev, &app.at("/login/dev"), "allow", "octocat").await;
//! assert_eq!(done.status, 302);
//! # }
//! ```

mod app;
mod browser;
mod calls;
pub mod cassette;
mod error_log;
mod fixture;
mod mock_api;
mod mock_login;
mod offline;
mod overrides_ext;
mod site;
mod token;
mod url_params;

pub use app::{TestApp, serve, serve_with};
pub use browser::{Browser, Step, form_action, hidden_inputs};
pub use calls::Calls;
pub use cassette::{Cassette, CassetteError};
pub use error_log::ErrorLog;
pub use fixture::{Dev, Fixture, dev_builder, key};
pub use mock_api::MockApi;
pub use mock_login::MockLogin;
pub use offline::dev_provider_unless;
pub use overrides_ext::OverridesExt;
pub use site::Site;
pub use token::token;
pub use url_params::{param, with_param};
