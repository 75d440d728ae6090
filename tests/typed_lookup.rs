//! Extractors find their blueprint by provider type, not by the preset's default name: a renamed
//! blueprint is still `LoginRequired<GitHub>`'s, two GitHub blueprints are both addressable, and
//! an ambiguous set is a clear error.

use actix_web::{HttpResponse, web};
use oauth_dance::contrib::github::{self, GitHub};
use oauth_dance::{Dance, Error, LoginRequired, RequestContext, named_blueprint};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;
use serde_json::Value;

named_blueprint!(GitHubWork = "github-work");

/// A GitHub blueprint named `name`, pointed at the dev provider.
fn github_at(dev: &DevProvider, name: &str) -> oauth_dance::Blueprint {
    github::blueprint()
        .name(name)
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .build()
        .unwrap()
}

async fn login_of(client: &oauth_dance::Client) -> Result<String, Error> {
    let user: Value = client.get("user").await?.json().await?;
    Ok(format!(
        "{}@{}",
        user["login"].as_str().unwrap_or("?"),
        client.blueprint().name()
    ))
}

/// `/personal` → `LoginRequired<GitHub>`, `/work` → `LoginRequired<GitHubWork>`.
fn routes(config: &mut web::ServiceConfig) {
    config
        .route(
            "/personal",
            web::get().to(|gh: LoginRequired<GitHub>| async move { login_of(&gh).await }),
        )
        .route(
            "/work",
            web::get().to(|gh: LoginRequired<GitHubWork>| async move { login_of(&gh).await }),
        );
}

#[actix_web::test]
async fn a_renamed_blueprint_is_still_the_providers() {
    let dev = DevProvider::start().unwrap();
    let bp = github_at(&dev, "github-work");
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], routes);
    let browser = Browser::new();
    let guarded = browser.get(&app.at("/personal")).await;
    assert_eq!(
        guarded.location.as_deref(),
        Some("/login/github-work?next=%2Fpersonal")
    );
    browser
        .dance(&dev, &app.at("/login/github-work"), "allow", "octocat")
        .await;
    assert_eq!(
        browser.get(&app.at("/personal")).await.body,
        "octocat@github-work"
    );
}

#[actix_web::test]
async fn two_blueprints_of_one_provider_are_both_addressable() {
    let dev = DevProvider::start().unwrap();
    let (personal, work) = (github_at(&dev, "github"), github_at(&dev, "github-work"));
    let dance = Dance::new(key()).blueprint(&personal).blueprint(&work);
    let app = serve_with(dance, vec![personal, work], routes);
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/github-work"), "allow", "hubot")
        .await;
    assert_eq!(
        browser.get(&app.at("/work")).await.body,
        "hubot@github-work"
    );
    let personal = browser.get(&app.at("/personal")).await;
    assert_eq!(
        personal.location.as_deref(),
        Some("/login/github?next=%2Fpersonal")
    );
    browser
        .dance(&dev, &app.at("/login/github"), "allow", "octocat")
        .await;
    assert_eq!(
        browser.get(&app.at("/personal")).await.body,
        "octocat@github"
    );
    assert_eq!(
        browser.get(&app.at("/work")).await.body,
        "hubot@github-work"
    );
}

#[actix_web::test]
async fn several_renamed_blueprints_of_one_provider_are_a_clear_error() {
    let dev = DevProvider::start().unwrap();
    let (a, b) = (github_at(&dev, "gh-a"), github_at(&dev, "gh-b"));
    let dance = Dance::new(key()).blueprint(&a).blueprint(&b);
    let app = serve_with(dance, vec![a, b], |config| {
        routes(config);
        config.route(
            "/which",
            web::get().to(|| async {
                let err = RequestContext::current()?
                    .blueprint_of::<GitHub>()
                    .unwrap_err();
                Ok::<_, Error>(HttpResponse::Ok().body(err.to_string()))
            }),
        );
    });
    let which = Browser::new().get(&app.at("/which")).await;
    assert!(which.body.contains("gh-a, gh-b"), "{which:?}");
    assert!(which.body.contains("named_blueprint!"), "{which:?}");
    let guarded = Browser::new().get(&app.at("/personal")).await;
    assert_eq!(
        guarded.status, 500,
        "an app mistake, not the user's: {guarded:?}"
    );
}
