//! Full dances through SQL storage, against the embedded dev provider, on SQLite and (when
//! `OAUTH_DANCE_TEST_POSTGRES_URL` names one) PostgreSQL: two users never read each other's
//! token (and a background job calls for one of them), a large `id_token` is stored and read
//! back, a login without the required local user fails clearly, an anonymous visitor simply
//! has no token, and a user logged in with actix-identity gets the token filed under them.

#[macro_use]
#[path = "sql_support/mod.rs"]
mod sql_support;

use actix_session::SessionExt;
use oauth_dance::hooks::AuthorizedOutcome;
use oauth_dance::storage::sql::{SqlStorage, TokenModel};
use oauth_dance::storage::{StorageContext, TokenStorage, actix_identity_user, session_user};
use oauth_dance::{Blueprint, Client, Dance, Token};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour};
use serde_json::Value;
use sql_support::*;

/// An app whose `authorized` hook logs the provider's user in locally (when `log_in`), with
/// tokens in `storage` under the session's `user_id`.
fn app<M: TokenModel>(
    dev: &DevProvider,
    storage: &SqlStorage<M>,
    log_in: bool,
    calls: &Calls,
) -> (TestApp, Blueprint) {
    let errors = calls.clone();
    let bp = dev_builder(dev, "dev")
        .storage(storage.clone())
        .on_authorized(move |event| async move {
            if log_in {
                let user: Value = event
                    .client
                    .get("user")
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let session = event.request.get_session();
                session
                    .insert("user_id", user["login"].as_str().unwrap())
                    .unwrap();
            }
            AuthorizedOutcome::Continue
        })
        .on_error(move |event| {
            errors.push(format!("error: {}", event.error.code()));
            async { None }
        })
        .build()
        .unwrap();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .local_user(session_user("user_id"));
    (serve(dance, vec![bp.clone()]), bp)
}

async fn stored(storage: &impl TokenStorage, bp: &Blueprint, user: &str) -> Option<Token> {
    storage
        .get(&StorageContext::for_user(bp, user))
        .await
        .unwrap()
}

model!(TwoUsers, "d_two_users");

#[actix_web::test]
async fn two_users_dance_and_each_reads_only_their_own_token() {
    for (db, storage) in databases::<TwoUsers>("two_users").await {
        let dev = DevProvider::start().unwrap();
        let (app, bp) = app(&dev, &storage, true, &Calls::default());
        let (alice, bob) = (Browser::new(), Browser::new());
        for (browser, login) in [(&alice, "octocat"), (&bob, "hubot")] {
            let done = browser
                .dance(&dev, &app.at("/login/dev"), "allow", login)
                .await;
            assert_eq!(done.status, 302, "{db}: {done:?}");
        }
        let octocat = stored(&storage, &bp, "octocat").await.unwrap();
        let hubot = stored(&storage, &bp, "hubot").await.unwrap();
        assert_ne!(octocat.access_token(), hubot.access_token(), "{db}");
        // Each browser reads its own user's token, and the provider agrees whose it is.
        assert_eq!(
            alice.token(&app, "dev").await.as_deref(),
            Some(octocat.access_token()),
            "{db}"
        );
        assert_eq!(
            bob.token(&app, "dev").await.as_deref(),
            Some(hubot.access_token()),
            "{db}"
        );
        assert!(
            alice
                .get(&app.at("/user/dev"))
                .await
                .body
                .contains("\"login\":\"octocat\""),
            "{db}"
        );
        assert!(
            bob.get(&app.at("/user/dev"))
                .await
                .body
                .contains("\"login\":\"hubot\""),
            "{db}"
        );
        // A background job calls the provider for a user, outside any request.
        let job = Client::new(bp.clone(), StorageContext::for_user(&bp, "hubot"));
        let user: Value = job.get("user").await.unwrap().json().await.unwrap();
        assert_eq!(user["login"], "hubot", "{db}");
        assert_eq!(count(storage.pool(), "d_two_users").await, 2, "{db}");
        // Alice dancing again overwrites her row only.
        alice
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert_eq!(count(storage.pool(), "d_two_users").await, 2, "{db}");
        assert_eq!(stored(&storage, &bp, "hubot").await.unwrap(), hubot, "{db}");
    }
}

model!(Large, "d_large");

#[actix_web::test]
async fn a_large_id_token_is_stored_and_read_back_through_a_dance() {
    for (db, storage) in databases::<Large>("large").await {
        let dev = DevProvider::start().unwrap();
        dev.set_misbehaviour(Misbehaviour::TokenEndpointLargeToken(12 * 1024));
        let (app, bp) = app(&dev, &storage, true, &Calls::default());
        let browser = Browser::new();
        let done = browser
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert_eq!(done.status, 302, "{db}: {done:?}");
        let token = stored(&storage, &bp, "octocat").await.unwrap();
        let id_token = token.get("id_token").and_then(Value::as_str).unwrap();
        assert!(id_token.len() >= 12 * 1024, "{db}: {}", id_token.len());
        // The browser's next request reads it back and uses it.
        assert_eq!(
            browser.token(&app, "dev").await.as_deref(),
            Some(token.access_token()),
            "{db}"
        );
        assert!(
            browser
                .get(&app.at("/user/dev"))
                .await
                .body
                .contains("octocat"),
            "{db}"
        );
        // The session cookie stays small: the token is not in it.
        let cookie = done
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|c| c.len())
            .max()
            .unwrap_or(0);
        assert!(cookie < 2048, "{db}: {cookie} bytes of cookie");
    }
}

model!(NoUser, "d_no_user");

#[actix_web::test]
async fn a_login_without_the_required_local_user_fails_clearly_and_stores_nothing() {
    for (db, storage) in databases::<NoUser>("no_user").await {
        let dev = DevProvider::start().unwrap();
        let calls = Calls::default();
        // The app requires users, but its hook forgets to log the user in.
        let (app, _) = app(&dev, &storage, false, &calls);
        let done = Browser::new()
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert_eq!(done.status, 403, "{db}: {done:?}");
        assert!(
            done.body.contains("log in to this site first"),
            "{db}: {}",
            done.body
        );
        assert!(
            !done.body.contains("user_required") && !done.body.contains("sql"),
            "{db}: {}",
            done.body
        );
        assert_eq!(
            calls.all(),
            vec!["error: no_local_user"],
            "{db}: the error hook heard of it"
        );
        assert_eq!(count(storage.pool(), "d_no_user").await, 0, "{db}");
    }
}

model!(Visitor, "d_visitor");

#[actix_web::test]
async fn an_anonymous_visitor_has_no_token_and_logging_out_deletes_the_row() {
    for (db, storage) in databases::<Visitor>("visitor").await {
        let dev = DevProvider::start().unwrap();
        let (app, bp) = app(&dev, &storage, true, &Calls::default());
        let visitor = Browser::new();
        let page = visitor.get(&app.at("/token/dev")).await;
        assert_eq!(page.status, 200, "{db}: {page:?}");
        assert!(
            page.body.contains("\"authorized\":false"),
            "{db}: {}",
            page.body
        );
        assert_eq!(
            visitor.get(&app.at("/protected")).await.status,
            302,
            "{db}: sent to log in"
        );
        visitor
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert!(
            visitor
                .get(&app.at("/protected"))
                .await
                .body
                .contains("protected for octocat")
        );
        // Log out of the provider: the token leaves the database.
        let client = oauth_dance::Client::new(bp.clone(), StorageContext::for_user(&bp, "octocat"));
        client.delete_token().await.unwrap();
        assert_eq!(count(storage.pool(), "d_visitor").await, 0, "{db}");
        assert_eq!(visitor.get(&app.at("/protected")).await.status, 302, "{db}");
    }
}

model!(Identity, "d_identity");

/// actix-identity's own login, then a dance: the token is filed under the identity's user (not
/// the provider's login), through `actix_identity_user`.
#[actix_web::test]
async fn a_user_logged_in_with_actix_identity_owns_the_token_of_their_dance() {
    use actix_identity::{Identity as LocalLogin, IdentityMiddleware};
    use actix_web::{HttpMessage, HttpRequest, web};
    for (db, storage) in databases::<Identity>("identity").await {
        let dev = DevProvider::start().unwrap();
        let bp = dev_builder(&dev, "dev")
            .storage(storage.clone())
            .build()
            .unwrap();
        let dance = Dance::new(key())
            .blueprint(&bp)
            .local_user(actix_identity_user());
        let app = serve_with(dance, vec![bp.clone()], |cfg| {
            let log_in = |req: HttpRequest, name: web::Path<String>| async move {
                LocalLogin::login(&req.extensions(), name.into_inner()).unwrap();
                "logged in"
            };
            let local = web::scope("/local").wrap(IdentityMiddleware::default());
            cfg.service(local.route("/login/{name}", web::get().to(log_in)));
        });
        let browser = Browser::new();
        let local = browser.get(&app.at("/local/login/alice")).await;
        assert_eq!(local.status, 200, "{db}: {local:?}");
        let done = browser
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert_eq!(done.status, 302, "{db}: {done:?}");
        let alice = stored(&storage, &bp, "alice").await.unwrap();
        assert!(stored(&storage, &bp, "octocat").await.is_none(), "{db}");
        assert_eq!(
            browser.token(&app, "dev").await.as_deref(),
            Some(alice.access_token()),
            "{db}"
        );
        assert_eq!(count(storage.pool(), "d_identity").await, 1, "{db}");
    }
}

model!(OAuth1Rows, "d_oauth1");

/// An OAuth 1 token (`oauth_token` + `oauth_token_secret`, no `access_token`) round-trips
/// through SQL storage: stored under the local user its `authorized` hook logged in, read back
/// on the next request, and used to sign the API call.
#[actix_web::test]
async fn an_oauth1_token_round_trips_through_sql_storage() {
    for (db, storage) in databases::<OAuth1Rows>("oauth1").await {
        let dev = DevProvider::start().unwrap();
        let bp = oauth_dance::OAuth1Builder::new("dev")
            .client_id(dev.client_id())
            .client_secret(dev.client_secret())
            .request_token_url(dev.oauth1_request_token_url())
            .authorization_url(dev.oauth1_authorization_url())
            .access_token_url(dev.oauth1_access_token_url())
            .base_url(dev.oauth1_base_url())
            .storage(storage.clone())
            .on_authorized(|event| async move {
                let user: Value = event
                    .client
                    .get("user")
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let login = user["login"].as_str().unwrap().to_string();
                event
                    .request
                    .get_session()
                    .insert("user_id", login)
                    .unwrap();
                AuthorizedOutcome::Continue
            })
            .build()
            .unwrap();
        let dance = Dance::new(key())
            .blueprint(&bp)
            .local_user(session_user("user_id"));
        let app = serve(dance, vec![bp.clone()]);
        let browser = Browser::new();
        let done = browser
            .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
            .await;
        assert_eq!(done.status, 302, "{db}: {done:?}");
        let token = stored(&storage, &bp, "octocat").await.unwrap();
        for field in ["oauth_token", "oauth_token_secret"] {
            assert!(
                token.get(field).and_then(Value::as_str).is_some(),
                "{db}: no {field}"
            );
        }
        assert_eq!(token.get("access_token"), None, "{db}");
        let user = browser.get(&app.at("/user/dev")).await;
        assert!(user.body.contains("octocat"), "{db}: {user:?}");
    }
}
