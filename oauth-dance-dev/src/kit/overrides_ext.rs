//! [`OverridesExt`]: the kit's replacements, added to an app's
//! [`Overrides`](oauth_dance::Overrides) in one call each.

use oauth_dance::Overrides;
use oauth_dance::storage::MemoryStorage;

use super::cassette::Cassette;
use super::mock_api::MockApi;
use super::mock_login::{MockLogin, Outcome};

/// The kit's additions to [`Overrides`]: a mock login, a cassette.
///
/// ```
/// use oauth_dance::Overrides;
/// use oauth_dance_dev::kit::{MockLogin, OverridesExt};
///
/// let overrides = Overrides::new().mock_login("github", MockLogin::denied());
/// ```
pub trait OverridesExt {
    /// Blueprint `blueprint`'s login route completes (or fails) the dance at once, as `mock`
    /// says; for [`MockLogin::user`], its API answers with the user too.
    fn mock_login(self, blueprint: &str, mock: MockLogin) -> Overrides;

    /// Blueprint `blueprint` holds the cassette's [token](Cassette::token) (in a
    /// `MemoryStorage`) and sends its requests through the cassette. (For a test that dances
    /// first, give it only the transport: `.transport(name, cassette.transport())`.)
    fn cassette(self, blueprint: &str, cassette: &Cassette) -> Overrides;
}

impl OverridesExt for Overrides {
    fn mock_login(self, blueprint: &str, mock: MockLogin) -> Overrides {
        let api = match &mock.outcome {
            Outcome::User { path, user } => Some(MockApi::new().get(path, user.clone())),
            _ => None,
        };
        let overrides = self.login(blueprint, mock);
        match api {
            Some(api) => overrides.transport(blueprint, api),
            None => overrides,
        }
    }

    fn cassette(self, blueprint: &str, cassette: &Cassette) -> Overrides {
        self.storage(blueprint, MemoryStorage::with_token(cassette.token()))
            .transport(blueprint, cassette.transport())
    }
}
