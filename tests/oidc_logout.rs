//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) against the dev provider: the
//! local logout, then the browser sent to the provider's end-session endpoint with the login's
//! ID token as hint, and back to the app with its `state`.

use actix_web::{HttpRequest, HttpResponse, web};
use oauth_dance::storage::MemoryStorage;
use oauth_dance::{Client, Dance, Error, OAuth2Builder};
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::*;

/// An app serving `bp` with `/logout` (RP-initiated, back to `/bye` with state `s1`), and the
/// blueprint's storage.
fn app(bp: OAuth2Builder) -> (TestApp, MemoryStorage) {
    let storage = MemoryStorage::new();
    let bp = bp.storage(storage.clone()).build().unwrap();
    let routes = |cfg: &mut web::ServiceConfig| {
        cfg.route(
            "/logout",
            web::get().to(|req: HttpRequest| async move {
                let info = req.connection_info().clone();
                let back = format!("{}://{}/bye", info.scheme(), info.host());
                let client = Client::current("dev")?;
                let done = client.logout_at_provider(&back, Some("s1")).await?;
                assert!(!format!("{done:?}").contains("id_token_hint"), "{done:?}");
                Ok::<HttpResponse, Error>(done.redirect("/bye"))
            }),
        );
    };
    (
        serve_with(Dance::new(key()).blueprint(&bp), vec![bp], routes),
        storage,
    )
}

#[actix_web::test]
async fn logout_ends_the_session_at_the_provider_and_comes_back_with_the_state() {
    let dev = DevProvider::start().unwrap();
    let (app, storage) = app(dev_builder(&dev, "dev").openid_connect(dev.issuer()));
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let id_token = storage.token().unwrap().get("id_token").cloned().unwrap();

    let out = browser.get(&app.at("/logout")).await;
    assert_eq!(out.status, 302, "{out:?}");
    let end_session = out.location.unwrap();
    assert!(
        end_session.starts_with(&format!("{}/logout?", dev.issuer())),
        "{end_session}"
    );
    assert_eq!(
        param(&end_session, "id_token_hint").unwrap(),
        id_token.as_str().unwrap()
    );
    assert_eq!(param(&end_session, "client_id").unwrap(), dev.client_id());
    assert_eq!(storage.token(), None, "forgotten here first");
    let revoked = dev
        .requests()
        .iter()
        .filter(|r| r.path == "/revoke")
        .count();
    assert_eq!(
        revoked, 2,
        "and revoked: the refresh token, then the access token"
    );

    let back = browser.get(&end_session).await;
    assert_eq!(back.status, 302, "the provider accepts the hint: {back:?}");
    assert_eq!(
        back.location.unwrap(),
        format!("{}?state=s1", app.at("/bye"))
    );
}

#[actix_web::test]
async fn without_an_end_session_endpoint_logout_goes_to_the_apps_page() {
    let dev = DevProvider::start().unwrap();
    let (app, storage) = app(dev_builder(&dev, "dev"));
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    let out = browser.get(&app.at("/logout")).await;
    assert_eq!(out.location.as_deref(), Some("/bye"), "{out:?}");
    assert_eq!(storage.token(), None);
}

#[actix_web::test]
async fn the_dev_provider_refuses_a_hint_it_did_not_sign() {
    let dev = DevProvider::start().unwrap();
    let forged = format!(
        "{}/logout?id_token_hint=e30.e30.AAAA&post_logout_redirect_uri=http://127.0.0.1/bye",
        dev.issuer()
    );
    let page = Browser::new().get(&forged).await;
    assert_eq!(page.status, 400, "{page:?}");
    assert!(
        page.body.contains("not an ID token this provider signed"),
        "{page:?}"
    );
}
