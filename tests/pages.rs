//! The pages people see when something goes wrong: the provider named as users know it, an
//! app's own template, and a clear answer (not a silent redirect) for an app's set-up mistakes.

use actix_web::{App, HttpResponse, web};
use oauth_dance::contrib::github::{self, GitHub};
use oauth_dance::{Dance, LoginRequired};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;

#[actix_web::test]
async fn a_failure_page_names_the_provider_as_users_know_it() {
    let dev = DevProvider::start().unwrap();
    let bp = github::blueprint()
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    browser.start_login(&app.at("/login/github")).await;
    let page = browser
        .get(&app.at("/login/github/authorized?code=x&state=forged"))
        .await;
    assert_eq!(page.status, 400);
    assert!(
        page.body
            .contains("<title>Login with GitHub failed</title>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<a class=\"button\" href=\"/login/github\">Try again</a>")
    );
    assert!(
        !page.body.contains('`'),
        "no Markdown on a page: {}",
        page.body
    );
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    assert_eq!(page.headers["cache-control"], "no-store");
}

#[actix_web::test]
async fn an_app_renders_its_own_failure_page() {
    let Fixture {
        dev: _dev,
        app,
        browser,
    } = Fixture::with_dance(
        |b| b.display_name("Dev Accounts"),
        |d| {
            d.error_page(|page| {
                let text = format!(
                    "custom: {} with {} ({})",
                    page.error.code(),
                    page.blueprint.display_name(),
                    page.retry
                );
                HttpResponse::build(page.error.status()).body(text)
            })
        },
    );
    browser.start_login(&app.at("/login/dev")).await;
    let page = browser
        .get(&app.at("/login/dev/authorized?code=x&state=forged"))
        .await;
    assert_eq!(page.status, 400);
    assert_eq!(
        page.body,
        "custom: state_mismatch with Dev Accounts (/login/dev)"
    );
    assert_eq!(
        page.headers["referrer-policy"], "no-referrer",
        "still private"
    );
}

/// `/guarded` behind `LoginRequired<GitHub>`, in an app that registers `dance` and mounts
/// `mounted`.
async fn guarded(dance: Dance, mounted: Vec<oauth_dance::Blueprint>) -> Step {
    let app = actix_web::test::init_service(
        App::new()
            .wrap(dance)
            .service(
                mounted
                    .into_iter()
                    .fold(web::scope("/login"), |s, bp| s.service(bp)),
            )
            .route(
                "/guarded",
                web::get().to(|_: LoginRequired<GitHub>| async { "in" }),
            ),
    )
    .await;
    let req = actix_web::test::TestRequest::get()
        .uri("/guarded")
        .to_request();
    let res = actix_web::test::call_service(&app, req).await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let body = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    Step {
        status,
        location,
        body,
        headers: Default::default(),
    }
}

fn a_github_blueprint() -> oauth_dance::Blueprint {
    github::blueprint()
        .client_id("id")
        .client_secret("secret")
        .build()
        .unwrap()
}

#[actix_web::test]
async fn an_extractor_for_a_blueprint_the_app_did_not_register_is_a_clear_error() {
    let step = guarded(Dance::new(key()), vec![a_github_blueprint()]).await;
    assert_eq!(step.status, 500, "{step:?}");
    assert!(step.body.contains("misconfigured"), "{step:?}");
}

#[actix_web::test]
async fn a_registered_blueprint_that_is_not_mounted_is_a_clear_error_not_a_redirect() {
    let bp = a_github_blueprint();
    let step = guarded(Dance::new(key()).blueprint(&bp), vec![]).await;
    assert_eq!(step.status, 500, "no redirect to `/`: {step:?}");
    assert!(step.body.contains("misconfigured"), "{step:?}");
    let mounted = guarded(Dance::new(key()).blueprint(&bp), vec![bp]).await;
    assert_eq!(
        mounted.location.as_deref(),
        Some("/login/github?next=%2Fguarded")
    );
}
