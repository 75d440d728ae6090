//! Record and replay through the transport seam: a cassette recorded against the dev provider
//! (scrubbed: no token, secret or code in the file) and replayed with the provider stopped; a
//! committed cassette replayed offline; the message of a request the cassette cannot answer.

use std::path::PathBuf;

use actix_web::test as http;
use actix_web::{HttpResponse, web};
use oauth_dance::{Client, Dance, Overrides};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{
    self, Browser, Cassette, CassetteError, OverridesExt, dev_builder, serve_with,
};

use super::support::{github_app, github_blueprint};

/// A fresh directory for this test's cassettes.
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cassettes")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The committed cassettes.
fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cassettes")
}

/// The app of the kit (`/user/dev` fetches the provider's `user`), with `overrides`.
fn dev_app(dev_urls: &DevProvider, overrides: Overrides) -> kit::TestApp {
    let bp = dev_builder(dev_urls, "dev").build().unwrap();
    let dance = Dance::new(kit::key()).blueprint(&bp);
    serve_with(dance, vec![bp], move |cfg| {
        cfg.app_data(overrides.clone());
    })
}

#[actix_web::test]
async fn recorded_against_the_dev_provider_then_replayed_with_it_stopped() {
    let dir = scratch("recorded_then_replayed");
    let dev = DevProvider::start().unwrap();
    let recording = Cassette::record(&dir, "dance").unwrap();
    let app = dev_app(
        &dev,
        Overrides::new().transport("dev", recording.transport()),
    );
    let browser = Browser::new();
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let code = kit::param(&callback, "code").unwrap();
    assert_eq!(browser.get(&callback).await.status, 302);
    let token = browser.token(&app, "dev").await.unwrap();
    let user = browser.get(&app.at("/user/dev")).await;
    assert!(user.body.contains("\"login\":\"octocat\""), "{user:?}");
    // The echo answers with the request's headers: the token appears in a body, under no
    // secret name.
    let echo = browser.get(&app.at("/echo/dev")).await;
    assert!(echo.body.contains(&token), "{echo:?}");

    // The file, freshly written: the exchanges are there, no secret is.
    let file = std::fs::read_to_string(recording.path()).unwrap();
    assert!(
        file.contains("authorization_code") && file.contains("octocat"),
        "{file}"
    );
    for secret in [token.as_str(), code.as_str(), dev.client_secret()] {
        assert!(
            !file.contains(secret),
            "{secret} is in the cassette:\n{file}"
        );
    }
    assert!(file.contains("[scrubbed]"), "{file}");
    drop(recording);
    drop(app);

    // Replayed with the provider gone: the cassette alone answers.
    let replay = Cassette::replay(&dir, "dance").unwrap();
    let app = dev_app(&dev, Overrides::new().cassette("dev", &replay));
    dev.stop();
    let user = Browser::new().get(&app.at("/user/dev")).await;
    assert!(user.body.contains("\"login\":\"octocat\""), "{user:?}");
}

/// The seed's Betamax test: the app's `/user` page from a committed cassette, offline (with
/// `GITHUB_OAUTH_ACCESS_TOKEN` set, it records against GitHub instead). The committed cassette
/// was recorded by the kit with the dev provider standing in for GitHub (its origin then
/// written as `https://api.github.com`), so it holds no real account's data.
#[actix_web::test]
async fn a_committed_cassette_replays_the_user_page() {
    let cassette = Cassette::new(committed(), "github_user", "GITHUB_OAUTH_ACCESS_TOKEN").unwrap();
    let overrides = Overrides::new().cassette("github", &cassette);
    let app = http::init_service(github_app(github_blueprint()).app_data(overrides)).await;
    let page =
        http::call_and_read_body(&app, http::TestRequest::get().uri("/user").to_request()).await;
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(page.starts_with("You are @"), "{page}");
    if cassette.mode() == kit::cassette::Mode::Replay {
        assert_eq!(page, "You are @octocat");
    }
}

/// A request the cassette has no answer for fails, saying which recorded request comes closest
/// and what differs; dropping the cassette fails the test with the same message.
#[actix_web::test]
async fn an_unmatched_request_shows_the_closest_recorded_one_and_what_differs() {
    let cassette = Cassette::replay(committed(), "github_user").unwrap();
    let overrides = Overrides::new().cassette("github", &cassette);
    let repos = web::get().to(|| async {
        let github = Client::current("github")?;
        let answer = github.get("user/repos?per_page=5").await;
        Ok::<_, oauth_dance::Error>(HttpResponse::Ok().body(format!("{:?}", answer.err())))
    });
    let app = http::init_service(
        github_app(github_blueprint())
            .app_data(overrides)
            .route("/repos", repos),
    )
    .await;
    let page =
        http::call_and_read_body(&app, http::TestRequest::get().uri("/repos").to_request()).await;
    assert!(
        String::from_utf8_lossy(&page).contains("Transport"),
        "{page:?}"
    );

    let message = cassette.mismatches().join("\n");
    let expected = [
        "has no recorded answer for\n  GET https://api.github.com/user/repos?per_page=5",
        "the closest recorded request (#1) is\n  GET https://api.github.com/user\n",
        "path: recorded \"/user\", requested \"/user/repos\"",
        "query parameter `per_page`: recorded None, requested Some(\"5\")",
    ];
    for line in expected {
        assert!(message.contains(line), "{line:?} not in:\n{message}");
    }
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(cassette)));
    let panic = dropped.expect_err("dropping a cassette with a mismatch fails the test");
    let said = panic.downcast_ref::<String>().unwrap();
    assert!(said.contains("path: recorded \"/user\""), "{said}");
}

#[test]
fn replaying_a_cassette_never_recorded_says_how_to_record_it() {
    let dir = scratch("never_recorded");
    let err = Cassette::new(&dir, "nothing", "NO_SUCH_TOKEN_VAR_FOR_THIS_TEST").unwrap_err();
    assert!(matches!(err, CassetteError::Missing { .. }), "{err:?}");
    assert!(
        err.to_string().ends_with(
            "record it by running the test with a real token in NO_SUCH_TOKEN_VAR_FOR_THIS_TEST"
        ),
        "{err}"
    );
}

#[test]
fn a_cassette_name_is_a_plain_file_name() {
    let err = Cassette::record(scratch("bad_name"), "../escape").unwrap_err();
    assert!(matches!(err, CassetteError::BadName(_)), "{err:?}");
}
