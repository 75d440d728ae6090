//! What goes wrong in an OAuth 1 dance, and how it surfaces: a clear page (4xx for what the
//! browser sent, 502 for the provider's refusal of the app), the `error` hook with the
//! provider's message, and nothing stored.

use oauth_dance::storage::MemoryStorage;
use oauth_dance::{Dance, DanceError, OAuth1Builder, TokenEndpointError};
use oauth_dance_dev::kit::{Browser, Calls, TestApp, key, serve, with_param};
use oauth_dance_dev::{DevProvider, Misbehaviour};

use crate::support::{Tamper, Tampering, oauth1_builder};

/// An app whose `dev` blueprint records each error's code and hint, and keeps tokens in memory.
struct Watched {
    app: TestApp,
    storage: MemoryStorage,
    errors: Calls,
    browser: Browser,
}

fn watched(dev: &DevProvider, configure: impl FnOnce(OAuth1Builder) -> OAuth1Builder) -> Watched {
    let storage = MemoryStorage::new();
    let errors = Calls::default();
    let seen = errors.clone();
    let bp = configure(oauth1_builder(dev, "dev"))
        .storage(storage.clone())
        .on_error(move |event| {
            seen.push(format!("{}|{}", event.error.code(), event.error.hint()));
            async { None }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    Watched {
        app,
        storage,
        errors,
        browser: Browser::new(),
    }
}

impl Watched {
    /// Asserts one error, whose code and hint contain `expected`, and nothing stored.
    fn failed_with(&self, expected: &[&str]) {
        let errors = self.errors.all();
        assert_eq!(errors.len(), 1, "{errors:?}");
        for part in expected {
            assert!(errors[0].contains(part), "{part} in {errors:?}");
        }
        assert!(self.storage.token().is_none(), "nothing is stored");
    }
}

#[actix_web::test]
async fn denial_redirects_with_the_reason_and_stores_nothing() {
    let dev = DevProvider::start().unwrap();
    let w = watched(&dev, |b| b);
    let done = w
        .browser
        .dance(
            &dev,
            &w.app.at("/login/dev?next=/elsewhere"),
            "deny",
            "octocat",
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/elsewhere"), "{done:?}");
    w.failed_with(&["access_denied"]);
}

#[actix_web::test]
async fn a_missing_or_wrong_verifier_is_a_4xx_page() {
    let dev = DevProvider::start().unwrap();
    let w = watched(&dev, |b| b);
    let (_, form) = w.browser.start_login(&w.app.at("/login/dev")).await;
    let callback = w.browser.decide(&dev, &form, "allow", "octocat").await;
    let missing = w
        .browser
        .get(&with_param(&callback, "oauth_verifier", None))
        .await;
    assert_eq!(missing.status, 400, "{missing:?}");
    assert!(missing.body.contains("incomplete"), "{}", missing.body);
    w.failed_with(&["missing_parameter", "oauth_verifier"]);

    let w = watched(&dev, |b| b);
    let (_, form) = w.browser.start_login(&w.app.at("/login/dev")).await;
    let callback = w.browser.decide(&dev, &form, "allow", "octocat").await;
    let wrong = w
        .browser
        .get(&with_param(&callback, "oauth_verifier", Some("guess")))
        .await;
    assert_eq!(wrong.status, 400, "{wrong:?}");
    w.failed_with(&["token_endpoint", "verifier_invalid"]);
}

#[actix_web::test]
async fn a_forged_or_missing_oauth_token_is_refused_before_the_provider() {
    let dev = DevProvider::start().unwrap();
    let w = watched(&dev, |b| b);
    let (_, form) = w.browser.start_login(&w.app.at("/login/dev")).await;
    let callback = w.browser.decide(&dev, &form, "allow", "octocat").await;
    dev.clear_requests();
    let forged = w
        .browser
        .get(&with_param(&callback, "oauth_token", Some("forged")))
        .await;
    assert_eq!(forged.status, 400, "{forged:?}");
    w.failed_with(&["state_mismatch"]);
    let missing = w
        .browser
        .get(&with_param(&callback, "oauth_token", None))
        .await;
    assert_eq!(missing.status, 400, "{missing:?}");
    assert!(
        w.errors.all()[1].contains("oauth_token"),
        "{:?}",
        w.errors.all()
    );
    assert!(dev.requests().is_empty(), "the provider was not asked");
    // The real callback still works afterwards: the forgeries consumed nothing.
    assert_eq!(
        w.browser.get(&callback).await.location.as_deref(),
        Some("/")
    );
}

#[actix_web::test]
async fn a_refused_request_token_is_a_502_page_naming_the_problem() {
    let dev = DevProvider::start().unwrap();
    let w = watched(&dev, |b| b.client_secret("not-the-secret"));
    let login = w.browser.get(&w.app.at("/login/dev")).await;
    assert_eq!(login.status, 502, "{login:?}");
    assert!(
        login.body.contains("could not be started"),
        "{}",
        login.body
    );
    assert!(!login.body.contains("not-the-secret"));
    w.failed_with(&["request_token", "signature_invalid"]);

    // Flask-Dance's own case: the provider refuses the nonce.
    let w = watched(&dev, |b| b);
    dev.set_misbehaviour(Misbehaviour::TokenEndpointError("nonce_used".into()));
    assert_eq!(w.browser.get(&w.app.at("/login/dev")).await.status, 502);
    w.failed_with(&["request_token", "HTTP 401", "nonce_used"]);
}

#[actix_web::test]
async fn tampered_replayed_and_stale_requests_are_refused_by_the_provider() {
    let dev = DevProvider::start().unwrap();
    for (how, problem) in [
        (Tampering::Signature, "signature_invalid"),
        (Tampering::StaleTimestamp, "timestamp_refused"),
    ] {
        let w = watched(&dev, |b| b.transport(Tamper::new(how)));
        assert_eq!(w.browser.get(&w.app.at("/login/dev")).await.status, 502);
        w.failed_with(&["request_token", problem]);
    }
    let w = watched(&dev, |b| b.transport(Tamper::new(Tampering::Replay)));
    assert_eq!(w.browser.get(&w.app.at("/login/dev")).await.status, 302);
    assert_eq!(w.browser.get(&w.app.at("/login/dev")).await.status, 502);
    w.failed_with(&["request_token", "nonce_used"]);
}

#[actix_web::test]
async fn access_token_failures_are_clear_pages() {
    let dev = DevProvider::start().unwrap();
    for (fault, status, expected) in [
        (Misbehaviour::TokenEndpointStatus(500), 502, "server_error"),
        (Misbehaviour::TokenEndpointGarbage, 502, "no `oauth_token`"),
    ] {
        let w = watched(&dev, |b| b);
        let (_, form) = w.browser.start_login(&w.app.at("/login/dev")).await;
        let callback = w.browser.decide(&dev, &form, "allow", "octocat").await;
        dev.set_misbehaviour(fault);
        let back = w.browser.get(&callback).await;
        dev.set_misbehaviour(Misbehaviour::None);
        assert_eq!(back.status, status, "{back:?}");
        w.failed_with(&["token_endpoint", expected]);
    }
}

#[test]
fn oauth1_errors_have_honest_statuses() {
    let rejected = |problem: Option<&str>, status| {
        DanceError::TokenEndpoint(TokenEndpointError::Rejected {
            status,
            problem: problem.map(str::to_string),
            message: String::new(),
        })
    };
    assert_eq!(rejected(Some("verifier_invalid"), 401).status(), 400);
    assert_eq!(rejected(None, 401).status(), 400);
    assert_eq!(rejected(Some("signature_invalid"), 401).status(), 502);
    assert_eq!(rejected(None, 500).status(), 502);
    let refused = DanceError::RequestToken(TokenEndpointError::Timeout(10));
    assert_eq!(refused.status(), 504);
}

/// A request-token answer without `oauth_callback_confirmed=true` (an OAuth 1.0 provider, before
/// the 1.0a fix of the session-fixation attack) is refused.
struct Unconfirmed;

#[async_trait::async_trait(?Send)]
impl oauth_dance::transport::Transport for Unconfirmed {
    async fn send(
        &self,
        _: reqwest::Request,
        _: oauth_dance::transport::RequestKind,
    ) -> Result<reqwest::Response, oauth_dance::transport::TransportError> {
        let answer = http::Response::builder()
            .header("content-type", "application/x-www-form-urlencoded")
            .body("oauth_token=t&oauth_token_secret=s")
            .unwrap();
        Ok(reqwest::Response::from(answer))
    }
}

#[actix_web::test]
async fn an_unconfirmed_callback_is_refused() {
    let dev = DevProvider::start().unwrap();
    let w = watched(&dev, |b| b.transport(Unconfirmed));
    assert_eq!(w.browser.get(&w.app.at("/login/dev")).await.status, 502);
    w.failed_with(&["request_token", "oauth_callback_confirmed"]);
}
