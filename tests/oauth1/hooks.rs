//! Every hook outcome of an OAuth 1 dance, asserted (Flask-Dance's OAuth 1 hook tests check a
//! mistyped session key and `assert len(calls), 1`, so they pin nothing).

use actix_web::HttpResponse;
use oauth_dance::Dance;
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::storage::MemoryStorage;
use oauth_dance_dev::DevProvider;
use oauth_dance_dev::kit::{Browser, Calls, key, serve};

use crate::support::oauth1_builder;

#[actix_web::test]
async fn before_login_authorized_and_error_hooks_see_the_oauth1_dance() {
    let dev = DevProvider::start().unwrap();
    let (calls, storage) = (Calls::default(), MemoryStorage::new());
    let (c1, c2, c3) = (calls.clone(), calls.clone(), calls.clone());
    let bp = oauth1_builder(&dev, "dev")
        .storage(storage.clone())
        .on_before_login(move |e| {
            let token = e
                .url
                .query_pairs()
                .any(|(k, v)| k == "oauth_token" && !v.is_empty());
            c1.push(format!("before_login:{}:{token}", e.url.path()));
            async {}
        })
        .on_authorized(move |e| {
            c2.push(format!(
                "authorized:{}",
                e.token.get("screen_name").unwrap()
            ));
            async { AuthorizedOutcome::Continue }
        })
        .on_error(move |e| {
            c3.push(format!("error:{}", e.error.code()));
            async { None }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/dev"), "allow", "hubot")
        .await;
    assert_eq!(
        calls.all(),
        [
            "before_login:/oauth1/authorize:true",
            "authorized:\"hubot\""
        ]
    );
    assert!(storage.token().is_some());
    browser
        .dance(&dev, &app.at("/login/dev"), "deny", "hubot")
        .await;
    assert_eq!(calls.all().len(), 4, "{:?}", calls.all());
    assert_eq!(calls.all()[3], "error:access_denied");
}

#[actix_web::test]
async fn skip_storing_and_respond_store_nothing() {
    let dev = DevProvider::start().unwrap();
    let (skip, respond) = (MemoryStorage::new(), MemoryStorage::new());
    let calls = Calls::default();
    let (c1, c2) = (calls.clone(), calls.clone());
    let a = oauth1_builder(&dev, "skip")
        .storage(skip.clone())
        .on_authorized(move |_| {
            c1.push("skip");
            async { AuthorizedOutcome::SkipStoring }
        })
        .build()
        .unwrap();
    let b = oauth1_builder(&dev, "respond")
        .storage(respond.clone())
        .on_authorized(move |e| {
            c2.push("respond");
            let user = e
                .token
                .get("screen_name")
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            async move { AuthorizedOutcome::Respond(HttpResponse::Ok().body(format!("hi {user}"))) }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&a).blueprint(&b), vec![a, b]);
    let browser = Browser::new();
    let done = browser
        .dance(
            &dev,
            &app.at("/login/skip?next=/elsewhere"),
            "allow",
            "octocat",
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/elsewhere"));
    assert!(skip.token().is_none());
    let done = browser
        .dance(&dev, &app.at("/login/respond"), "allow", "octocat")
        .await;
    assert_eq!((done.status, done.body.as_str()), (200, "hi octocat"));
    assert!(respond.token().is_none());
    assert_eq!(calls.all(), ["skip", "respond"], "each hook ran once");
}
