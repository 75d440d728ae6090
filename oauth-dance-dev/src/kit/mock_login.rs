//! [`MockLogin`]: a dance completed at once, with a chosen token, user or error, and no
//! provider at all (OmniAuth's `mock_auth`): the login route answers as the callback would.

use actix_web::{HttpRequest, HttpResponse};
use oauth_dance::{Blueprint, DanceError, LoginView, Token};
use serde_json::Value;

/// What a mock login ends with. Install it with
/// [`OverridesExt::mock_login`](super::OverridesExt::mock_login); the blueprint's login route
/// (`/login/github`, `?next=` included) then completes the dance at once — the `authorized`
/// hooks run, the token is stored, the user is redirected — or fails it, as the callback would.
///
/// ```
/// use actix_web::{App, cookie::Key, test, web};
/// use oauth_dance::contrib::github;
/// use oauth_dance::{Dance, Overrides};
/// use oauth_dance_dev::kit::{MockLogin, OverridesExt};
///
/// # actix_web::rt::System::new().block_on(async {
/// let github = github::blueprint().client_id("id").client_secret("secret").build().unwrap();
/// let app = App::new()
///     .wrap(Dance::new(Key::generate()).blueprint(&github))
///     .service(web::scope("/login").service(github.clone()));
/// let mock = MockLogin::user("user", serde_json::json!({"login": "octocat"}));
/// let app = test::init_service(app.app_data(Overrides::new().mock_login("github", mock))).await;
/// let login = test::TestRequest::get().uri("/login/github?next=/settings").to_request();
/// let response = test::call_service(&app, login).await;
/// assert_eq!(response.status(), 302);
/// assert_eq!(response.headers().get("location").unwrap(), "/settings");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct MockLogin {
    pub(super) outcome: Outcome,
}

#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Token(Token),
    User { path: String, user: Value },
    Error(DanceError),
}

/// The access token of [`MockLogin::user`].
pub(super) const MOCK_TOKEN: &str = "mock-login-token";

impl MockLogin {
    /// The dance ends with `token` stored.
    pub fn token(token: Token) -> MockLogin {
        MockLogin {
            outcome: Outcome::Token(token),
        }
    }

    /// The dance ends with a mock token, and the blueprint's API answers `GET {path}` (relative
    /// to its base URL, `user` for GitHub) with `user`; any other API call fails, saying so.
    pub fn user(path: &str, user: Value) -> MockLogin {
        MockLogin {
            outcome: Outcome::User {
                path: path.trim_start_matches('/').to_string(),
                user,
            },
        }
    }

    /// The dance fails with `error`, as the callback would fail with it: a provider's refusal
    /// ([`DanceError::Provider`]) redirects back with the error kept for `LastDanceError`, any
    /// other error shows the failure page.
    pub fn error(error: DanceError) -> MockLogin {
        MockLogin {
            outcome: Outcome::Error(error),
        }
    }

    /// The user pressed "Deny" at the provider (`access_denied`).
    pub fn denied() -> MockLogin {
        MockLogin::error(DanceError::Provider {
            error: "access_denied".into(),
            description: None,
            uri: None,
        })
    }
}

#[async_trait::async_trait(?Send)]
impl LoginView for MockLogin {
    async fn login(&self, blueprint: &Blueprint, request: &HttpRequest) -> HttpResponse {
        let query = url::form_urlencoded::parse(request.query_string().as_bytes());
        let next = query.into_iter().find(|(k, _)| k == "next").map(|(_, v)| v);
        let next = next.as_deref();
        match &self.outcome {
            Outcome::Token(token) => blueprint.complete_login(request, token.clone(), next).await,
            Outcome::User { .. } => {
                let token = super::token(MOCK_TOKEN);
                blueprint.complete_login(request, token, next).await
            }
            Outcome::Error(error) => blueprint.fail_login(request, error.clone(), next).await,
        }
    }
}
