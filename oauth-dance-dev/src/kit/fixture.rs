//! The usual end-to-end set-up: a dev provider, an app with one blueprint pointed at it, and a
//! browser.

use actix_web::cookie::Key;
use oauth_dance::{Dance, OAuth2Builder};

use super::app::{TestApp, serve};
use super::browser::Browser;
use crate::DevProvider;

oauth_dance::named_blueprint!(
    /// The test app's `dev` blueprint (a plain builder's), for the extractors:
    /// `LoginRequired<Dev>`.
    pub Dev = "dev"
);

/// A blueprint builder named `name`, pointed at the dev provider.
pub fn dev_builder(dev: &DevProvider, name: &str) -> OAuth2Builder {
    OAuth2Builder::new(name).endpoints(dev).scope(["read"])
}

/// The usual test set-up: the dev provider, an app with one blueprint named `dev` (configured
/// further by `configure`) under `/login`, and a browser.
pub struct Fixture {
    /// The dev provider the blueprint is pointed at.
    pub dev: DevProvider,
    /// The app serving the blueprint under `/login`.
    pub app: TestApp,
    /// A browser with an empty cookie jar.
    pub browser: Browser,
}

impl Fixture {
    /// Starts the dev provider and the app; `configure` adjusts the blueprint before it is built.
    pub fn new(configure: impl FnOnce(OAuth2Builder) -> OAuth2Builder) -> Fixture {
        Fixture::with_dance(configure, |dance| dance)
    }

    /// [`Fixture::new`], with `dance` adjusting the app's [`Dance`] too.
    pub fn with_dance(
        configure: impl FnOnce(OAuth2Builder) -> OAuth2Builder,
        dance: impl FnOnce(Dance) -> Dance,
    ) -> Fixture {
        let dev = DevProvider::start().unwrap();
        let bp = configure(dev_builder(&dev, "dev")).build().unwrap();
        let app = serve(dance(Dance::new(key()).blueprint(&bp)), vec![bp]);
        Fixture {
            dev,
            app,
            browser: Browser::new(),
        }
    }
}

/// A fresh session key.
pub fn key() -> Key {
    Key::generate()
}
