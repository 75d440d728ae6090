//! A kit for end-to-end tests of dances: an app served on a loopback port, a cookie-keeping
//! "browser" that follows the dance step by step, and a fixture tying them to a
//! [`DevProvider`](crate::DevProvider).
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
mod fixture;
mod mock_api;
mod mock_login;
mod offline;
mod overrides_ext;
mod token;
mod url_params;

pub use app::{TestApp, serve, serve_with};
pub use browser::{Browser, Step, hidden_inputs};
pub use calls::Calls;
pub use fixture::{Dev, Fixture, dev_builder, key};
pub use mock_api::MockApi;
pub use mock_login::MockLogin;
pub use offline::dev_provider_unless;
pub use overrides_ext::OverridesExt;
pub use token::token;
pub use url_params::{param, with_param};
