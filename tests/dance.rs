//! Full OAuth 2 dances over real HTTP: the app on a loopback port, the embedded dev provider,
//! and a cookie-keeping browser. Every failure case also checks that nothing was stored.

use std::time::Duration;

use actix_web::HttpResponse;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth_dance::Dance;
use oauth_dance::hooks::{AuthorizedEvent, AuthorizedOutcome};
use oauth_dance::storage::{MemoryStorage, NullStorage};
use oauth_dance_dev::kit::*;
use oauth_dance_dev::{DevProvider, Misbehaviour};

fn token_requests(dev: &DevProvider) -> usize {
    dev.requests().iter().filter(|r| r.path == "/token").count()
}

#[actix_web::test]
async fn a_dance_logs_the_user_in_and_the_client_carries_the_token() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b);

    assert_eq!(browser.token(&app, "dev").await, None);
    let (authorize, _) = browser.start_login(&app.at("/login/dev")).await;
    assert!(
        authorize.starts_with(&dev.authorization_url()),
        "{authorize}"
    );
    assert_eq!(param(&authorize, "response_type").as_deref(), Some("code"));
    assert_eq!(
        param(&authorize, "client_id").as_deref(),
        Some(dev.client_id())
    );
    assert_eq!(param(&authorize, "scope").as_deref(), Some("read"));
    assert_eq!(
        param(&authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(
        param(&authorize, "redirect_uri").unwrap(),
        app.at("/login/dev/authorized")
    );
    // 256 bits of state: 32 random bytes, base64url without padding.
    let state = param(&authorize, "state").unwrap();
    let raw = URL_SAFE_NO_PAD
        .decode(&state)
        .expect("the state is base64url");
    assert_eq!(raw.len(), 32, "{state}");

    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(done.location.as_deref(), Some("/"));
    assert_eq!(done.headers["referrer-policy"], "no-referrer");
    assert!(browser.token(&app, "dev").await.is_some());
    let user = browser.get(&app.at("/user/dev")).await;
    assert!(user.body.contains("\"login\":\"octocat\""), "{user:?}");
    assert_eq!(
        browser.get(&app.at("/protected")).await.body,
        "protected for octocat"
    );
}

#[actix_web::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let Fixture { app, .. } = Fixture::new(|b| b);
    let login = Browser::new().get(&app.at("/login/dev")).await;
    let cookie = login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(cookie.starts_with("oauth_dance_session="), "{cookie}");
    assert!(cookie.contains("httponly"), "{cookie}");
    assert!(cookie.contains("samesite=lax"), "{cookie}");
    // Served over plain http: not Secure (the browser would drop it).
    assert!(!cookie.contains("secure"), "{cookie}");
}

#[actix_web::test]
async fn over_https_the_session_cookie_is_secure() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let dance = Dance::new(key())
        .blueprint(&bp)
        .public_url("https://app.example.com")
        .unwrap();
    let app = serve(dance, vec![bp]);
    let login = Browser::new().get(&app.at("/login/dev")).await;
    let cookie = login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(cookie.contains("; secure"), "{cookie}");
    let authorize = login.location.unwrap();
    assert_eq!(
        param(&authorize, "redirect_uri").as_deref(),
        Some("https://app.example.com/login/dev/authorized")
    );
}

#[actix_web::test]
async fn an_error_of_the_app_reaches_the_browser_as_the_app_made_it() {
    // The Dance tells the app's errors from a failure of its session store (a 503 page): they
    // come back out through the session layer unchanged. (A handler's error is a response by
    // then; a middleware's is still an error.)
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let app = serve_with(Dance::new(key()).blueprint(&bp), vec![bp], |routes| {
        routes.service(
            actix_web::web::resource("/teapot")
                .wrap_fn(|_: actix_web::dev::ServiceRequest, _: &_| {
                    let teapot = actix_web::error::ErrorImATeapot("short and stout");
                    std::future::ready(Err::<actix_web::dev::ServiceResponse, _>(teapot))
                })
                .get(|| async { "unreachable" }),
        );
    });
    let answer = Browser::new().get(&app.at("/teapot")).await;
    assert_eq!(answer.status, 418, "{answer:?}");
    assert_eq!(answer.body, "short and stout");
}

#[actix_web::test]
async fn deny_shows_a_clear_error_and_stores_nothing() {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::new();
    let errors = Calls::default();
    let seen = errors.clone();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .on_error(move |event| {
            let seen = seen.clone();
            async move {
                if let oauth_dance::DanceError::Provider {
                    error, description, ..
                } = &event.error
                {
                    seen.push(format!(
                        "{error}|{}",
                        description.clone().unwrap_or_default()
                    ));
                }
                None
            }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();

    let done = browser
        .dance(
            &dev,
            &app.at("/login/dev?next=/elsewhere"),
            "deny",
            "octocat",
        )
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(
        done.location.as_deref(),
        Some("/elsewhere"),
        "deny goes back to next"
    );
    assert_eq!(
        errors.all(),
        vec!["access_denied|The user denied the request"]
    );
    assert!(storage.token().is_none());
    assert_eq!(token_requests(&dev), 0, "no code exchange after a denial");
    // The app can show why, once.
    assert_eq!(
        browser.get(&app.at("/")).await.body,
        "failed: access_denied (dev)"
    );
    assert_eq!(browser.get(&app.at("/")).await.body, "home");
}

#[actix_web::test]
async fn a_provider_error_reaches_the_error_hook_which_may_answer() {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(Misbehaviour::AuthorizeError(
        "temporarily_unavailable".into(),
    ));
    let storage = MemoryStorage::new();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .on_error(|event| async move {
            Some(HttpResponse::ServiceUnavailable().body(format!("hook: {}", event.error.code())))
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let login = browser.get(&app.at("/login/dev")).await;
    let provider = browser.get(&login.location.unwrap()).await;
    assert_eq!(provider.status, 302, "{provider:?}");
    let done = browser.get(&provider.location.unwrap()).await;
    assert_eq!(done.status, 503);
    assert_eq!(done.body, "hook: temporarily_unavailable");
    assert!(storage.token().is_none());
}

/// Blueprint `name`, storing in `storage`, whose authorized hook records `name:<blueprint>` in
/// `calls` and answers `outcome(event)`.
fn hooked(
    dev: &DevProvider,
    name: &'static str,
    storage: &MemoryStorage,
    calls: &Calls,
    outcome: fn(&AuthorizedEvent) -> AuthorizedOutcome,
) -> oauth_dance::Blueprint {
    let calls = calls.clone();
    dev_builder(dev, name)
        .storage(storage.clone())
        .on_authorized(move |e| {
            calls.push(format!("{name}:{}", e.blueprint.name()));
            let answer = outcome(&e);
            async move { answer }
        })
        .build()
        .unwrap()
}

#[actix_web::test]
async fn authorized_hook_outcomes_continue_skip_and_respond() {
    let dev = DevProvider::start().unwrap();
    let (cont, skip, respond) = (
        MemoryStorage::new(),
        MemoryStorage::new(),
        MemoryStorage::new(),
    );
    let calls = Calls::default();
    let a = hooked(&dev, "cont", &cont, &calls, |_| AuthorizedOutcome::Continue);
    let b = hooked(&dev, "skip", &skip, &calls, |_| {
        AuthorizedOutcome::SkipStoring
    });
    let c = hooked(&dev, "respond", &respond, &calls, |e| {
        let login_token = e.token.access_token().len();
        AuthorizedOutcome::Respond(HttpResponse::Ok().body(format!("welcome {login_token}")))
    });
    let app = serve(
        Dance::new(key()).blueprint(&a).blueprint(&b).blueprint(&c),
        vec![a, b, c],
    );
    let browser = Browser::new();

    let done = browser
        .dance(&dev, &app.at("/login/cont"), "allow", "octocat")
        .await;
    assert_eq!((done.status, done.location.as_deref()), (302, Some("/")));
    assert!(cont.token().is_some());

    let skipping = app.at("/login/skip?next=/elsewhere");
    let done = browser.dance(&dev, &skipping, "allow", "octocat").await;
    let answer = (done.status, done.location.as_deref());
    assert_eq!(answer, (302, Some("/elsewhere")));
    assert!(skip.token().is_none());

    let done = browser
        .dance(&dev, &app.at("/login/respond"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 200);
    assert!(done.body.starts_with("welcome "), "{done:?}");
    assert!(respond.token().is_none());

    // Each blueprint's hook fired for its own callback only.
    assert_eq!(
        calls.all(),
        vec!["cont:cont", "skip:skip", "respond:respond"]
    );
}

#[actix_web::test]
async fn global_hooks_fire_for_every_blueprint_after_the_blueprints_own() {
    let dev = DevProvider::start().unwrap();
    let calls = Calls::default();
    let (own, global, before) = (calls.clone(), calls.clone(), calls.clone());
    let a = dev_builder(&dev, "a")
        .storage(MemoryStorage::new())
        .on_authorized(move |_| {
            own.push("own:a");
            async { AuthorizedOutcome::Continue }
        })
        .build()
        .unwrap();
    let b = dev_builder(&dev, "b")
        .storage(MemoryStorage::new())
        .build()
        .unwrap();
    let dance = Dance::new(key())
        .blueprint(&a)
        .blueprint(&b)
        .on_authorized(move |e| {
            global.push(format!("global:{}", e.blueprint.name()));
            async { AuthorizedOutcome::Continue }
        })
        .on_before_login(move |e| {
            before.push(format!(
                "before:{}:{}",
                e.blueprint.name(),
                e.url.host_str().unwrap_or("")
            ));
            async {}
        });
    let app = serve(dance, vec![a, b]);
    let browser = Browser::new();
    browser
        .dance(&dev, &app.at("/login/a"), "allow", "octocat")
        .await;
    browser
        .dance(&dev, &app.at("/login/b"), "allow", "octocat")
        .await;
    assert_eq!(
        calls.all(),
        vec![
            "before:a:127.0.0.1",
            "own:a",
            "global:a",
            "before:b:127.0.0.1",
            "global:b"
        ]
    );
}

#[actix_web::test]
async fn a_forged_state_gets_a_clear_400_and_nothing_is_stored() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(storage.clone()));
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let forged = with_param(&callback, "state", Some("forged-state-value"));
    let done = browser.get(&forged).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("state_mismatch"), "{}", done.body);
    assert!(done.body.contains("Try again"), "{}", done.body);
    assert!(storage.token().is_none());
    assert_eq!(token_requests(&dev), 0);
    // The genuine callback still works afterwards.
    let done = browser.get(&callback).await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(storage.token().is_some());
}

#[actix_web::test]
async fn a_callback_without_state_goes_back_to_login() {
    let storage = MemoryStorage::new();
    let Fixture { app, browser, .. } = Fixture::new(|b| b.storage(storage.clone()));
    let done = browser.get(&app.at("/login/dev/authorized?code=abc")).await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (302, Some("/login/dev"))
    );
    assert!(storage.token().is_none());
}

#[actix_web::test]
async fn a_callback_without_the_session_cookie_names_the_cookie() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, .. } =
        Fixture::with_dance(|b| b.storage(storage.clone()), |d| d.developer_hints(true));
    let (_, form) = Browser::new().start_login(&app.at("/login/dev")).await;
    let callback = Browser::new().decide(&dev, &form, "allow", "octocat").await;
    // Another browser (no cookie) follows the callback: the likely reason is named.
    let done = Browser::new().get(&callback).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("no_session_cookie"), "{}", done.body);
    assert!(
        done.body.contains("SameSite"),
        "the hint, when the app opts in: {}",
        done.body
    );
    assert!(storage.token().is_none());
    assert_eq!(token_requests(&dev), 0);
}

#[actix_web::test]
async fn developer_hints_stay_in_the_log_unless_the_app_opts_in() {
    let Fixture { dev, app, .. } = Fixture::new(|b| b);
    let (_, form) = Browser::new().start_login(&app.at("/login/dev")).await;
    let callback = Browser::new().decide(&dev, &form, "allow", "octocat").await;
    let done = Browser::new().get(&callback).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("Login with dev failed"), "{}", done.body);
    assert!(
        done.body.contains("cookie"),
        "one plain sentence: {}",
        done.body
    );
    assert!(
        !done.body.contains("SameSite"),
        "no developer hint: {}",
        done.body
    );
    assert!(done.body.contains("Try again"), "{}", done.body);
}

#[actix_web::test]
async fn a_replayed_callback_is_refused_and_changes_nothing() {
    // NullStorage: the user is not logged in after the dance, so the replay is just refused.
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(NullStorage));
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    assert_eq!(browser.get(&callback).await.status, 302);
    let replay = browser.get(&callback).await;
    assert_eq!(replay.status, 400, "{replay:?}");
    assert!(replay.body.contains("already_used"), "{}", replay.body);
    assert_eq!(
        token_requests(&dev),
        1,
        "the replay never reached the token endpoint"
    );
}

#[actix_web::test]
async fn a_replayed_callback_of_a_logged_in_user_goes_on_as_after_the_login() {
    // A reload of the callback, or the back button: the user is logged in, not "failed".
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } =
        Fixture::new(|b| b.storage(storage.clone()).redirect_to("elsewhere_route"));
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    assert_eq!(browser.get(&callback).await.status, 302);
    let first = storage.token().unwrap();
    let replay = browser.get(&callback).await;
    assert_eq!(replay.location.as_deref(), Some("/elsewhere"), "{replay:?}");
    assert_eq!(storage.token().unwrap(), first);
    assert_eq!(
        token_requests(&dev),
        1,
        "the replay never reached the token endpoint"
    );
}

#[actix_web::test]
async fn a_callback_without_code_is_a_clear_400() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(storage.clone()));
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let done = browser.get(&with_param(&callback, "code", None)).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("missing_code"), "{}", done.body);
    assert!(storage.token().is_none());
    assert_eq!(token_requests(&dev), 0);
}

#[actix_web::test]
async fn a_callback_for_another_provider_says_so() {
    let dev = DevProvider::start().unwrap();
    let a = dev_builder(&dev, "a")
        .storage(MemoryStorage::new())
        .build()
        .unwrap();
    let b_storage = MemoryStorage::new();
    let b = dev_builder(&dev, "b")
        .storage(b_storage.clone())
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&a).blueprint(&b), vec![a, b]);
    let browser = Browser::new();
    // Make sure `b` has an attempt too, so this is not "no state".
    browser.start_login(&app.at("/login/b")).await;
    let (_, form) = browser.start_login(&app.at("/login/a")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    let wrong = callback.replace("/login/a/authorized", "/login/b/authorized");
    let done = browser.get(&wrong).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("wrong_provider"), "{}", done.body);
    assert!(b_storage.token().is_none());
}

#[actix_web::test]
async fn an_expired_attempt_is_refused() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } = Fixture::new(|b| {
        b.storage(storage.clone())
            .login_lifetime(Duration::from_secs(0))
    });
    let (_, form) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &form, "allow", "octocat").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let done = browser.get(&callback).await;
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("expired"), "{}", done.body);
    assert!(storage.token().is_none());
}

/// A dance whose token request fails as `misbehaviour` says: the page has `status`, the error
/// hook sees a hint containing `hint`, nothing is stored, and the failure is not kept for the
/// next page (the user saw it on this one).
async fn token_endpoint_failure(
    misbehaviour: Misbehaviour,
    timeout: Duration,
    status: u16,
    hint: &str,
) {
    let dev = DevProvider::start().unwrap();
    dev.set_misbehaviour(misbehaviour);
    let storage = MemoryStorage::new();
    let errors = Calls::default();
    let seen = errors.clone();
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .timeout(timeout)
        .on_error(move |e| {
            seen.push(format!("{}: {}", e.error.code(), e.error.hint()));
            async { None }
        })
        .build()
        .unwrap();
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, status, "{done:?}");
    assert!(
        done.body.contains("data-error-code=\"token_endpoint\""),
        "{}",
        done.body
    );
    let seen = errors.all();
    assert!(
        seen.len() == 1 && seen[0].starts_with("token_endpoint: "),
        "{seen:?}"
    );
    assert!(seen[0].contains(hint), "expected {hint:?} in {seen:?}");
    assert!(storage.token().is_none());
    assert_eq!(browser.get(&app.at("/")).await.body, "home");
}

#[actix_web::test]
async fn token_endpoint_500_is_a_clear_502() {
    token_endpoint_failure(
        Misbehaviour::TokenEndpointStatus(500),
        Duration::from_secs(10),
        502,
        "server_error",
    )
    .await;
}

#[actix_web::test]
async fn token_endpoint_timeout_is_a_clear_504() {
    token_endpoint_failure(
        Misbehaviour::TokenEndpointSlow(Duration::from_secs(3)),
        Duration::from_millis(300),
        504,
        "no answer within 300 ms",
    )
    .await;
}

#[actix_web::test]
async fn token_endpoint_garbage_is_a_clear_502() {
    token_endpoint_failure(
        Misbehaviour::TokenEndpointGarbage,
        Duration::from_secs(10),
        502,
        "not JSON",
    )
    .await;
}

#[actix_web::test]
async fn a_code_the_provider_rejects_is_a_clear_400() {
    // invalid_grant: an unknown, used or foreign code, which anyone can send at will.
    token_endpoint_failure(
        Misbehaviour::TokenEndpointError("invalid_grant".into()),
        Duration::from_secs(10),
        400,
        "invalid_grant",
    )
    .await;
}

#[actix_web::test]
async fn the_provider_checks_the_pkce_verifier() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(storage.clone()));
    // Two attempts: consent to the first (its code_challenge), but come back with the
    // second's state, so the app sends the second attempt's verifier.
    let (_, first) = browser.start_login(&app.at("/login/dev")).await;
    let (_, second) = browser.start_login(&app.at("/login/dev")).await;
    let callback = browser.decide(&dev, &first, "allow", "octocat").await;
    let swapped = with_param(&callback, "state", Some(&second["state"]));
    let done = browser.get(&swapped).await;
    // The provider refuses the grant (invalid_grant): the browser's mistake, a 400.
    assert_eq!(done.status, 400, "{done:?}");
    assert!(done.body.contains("token_endpoint"), "{}", done.body);
    assert!(storage.token().is_none());
    let sent = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert!(sent.body.contains("code_verifier="), "the verifier is sent");
}

#[actix_web::test]
async fn pkce_can_be_turned_off() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b.use_pkce(false));
    let (authorize, _) = browser.start_login(&app.at("/login/dev")).await;
    assert_eq!(param(&authorize, "code_challenge"), None);
    let done = browser
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let sent = dev
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert!(!sent.body.contains("code_verifier"));
}

#[actix_web::test]
async fn two_tabs_can_dance_at_once() {
    let storage = MemoryStorage::new();
    let Fixture { dev, app, browser } = Fixture::new(|b| b.storage(storage.clone()));
    let (_, tab1) = browser.start_login(&app.at("/login/dev?next=/one")).await;
    let (_, tab2) = browser.start_login(&app.at("/login/dev?next=/two")).await;
    let cb1 = browser.decide(&dev, &tab1, "allow", "octocat").await;
    let cb2 = browser.decide(&dev, &tab2, "allow", "octocat").await;
    let done2 = browser.get(&cb2).await;
    let done1 = browser.get(&cb1).await;
    assert_eq!(done2.location.as_deref(), Some("/two"), "{done2:?}");
    assert_eq!(done1.location.as_deref(), Some("/one"), "{done1:?}");
}

#[actix_web::test]
async fn pending_attempts_are_bounded() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b.max_pending_logins(2));
    let (_, oldest) = browser.start_login(&app.at("/login/dev")).await;
    browser.start_login(&app.at("/login/dev")).await;
    let (_, newest) = browser.start_login(&app.at("/login/dev")).await;
    let cb = browser.decide(&dev, &oldest, "allow", "octocat").await;
    let done = browser.get(&cb).await;
    assert_eq!(done.status, 400, "the oldest attempt was dropped: {done:?}");
    let cb = browser.decide(&dev, &newest, "allow", "octocat").await;
    assert_eq!(browser.get(&cb).await.status, 302);
}

#[actix_web::test]
async fn next_must_be_a_path_on_this_site() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b.redirect_to("elsewhere_route"));
    for evil in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let url = format!(
            "/login/dev?next={}",
            url::form_urlencoded::byte_serialize(evil.as_bytes()).collect::<String>()
        );
        let done = browser.dance(&dev, &app.at(&url), "allow", "octocat").await;
        assert_eq!(done.status, 302);
        // Ignored: the blueprint's redirect_to route, never the attacker's URL.
        assert_eq!(done.location.as_deref(), Some("/elsewhere"), "{evil}");
    }
}

#[actix_web::test]
async fn redirect_url_is_used_verbatim() {
    let Fixture { dev, app, .. } =
        Fixture::new(|b| b.redirect_url("http://mysite.cool/whoa?query=basketball"));
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some("http://mysite.cool/whoa?query=basketball")
    );
}

#[actix_web::test]
async fn two_users_in_parallel_never_see_each_others_token() {
    let Fixture { dev, app, .. } = Fixture::new(|b| b);
    let (alice, bob) = (Browser::new(), Browser::new());
    let login = app.at("/login/dev");
    let (a, b) = tokio::join!(
        alice.dance(&dev, &login, "allow", "octocat"),
        bob.dance(&dev, &login, "allow", "hubot"),
    );
    assert_eq!((a.status, b.status), (302, 302));
    let ta = alice.token(&app, "dev").await.unwrap();
    let tb = bob.token(&app, "dev").await.unwrap();
    assert_ne!(ta, tb);
    let user = app.at("/user/dev");
    for _ in 0..20 {
        let (ua, ub) = tokio::join!(alice.get(&user), bob.get(&user));
        assert!(ua.body.contains("\"login\":\"octocat\""), "{ua:?}");
        assert!(ub.body.contains("\"login\":\"hubot\""), "{ub:?}");
    }
    // A third browser has no token at all.
    assert_eq!(Browser::new().token(&app, "dev").await, None);
}

#[actix_web::test]
async fn login_required_redirects_to_login_with_next() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b);
    let guarded = browser.get(&app.at("/protected")).await;
    assert_eq!(guarded.status, 302);
    let login = guarded.location.unwrap();
    assert_eq!(login, "/login/dev?next=%2Fprotected");
    let done = browser.dance(&dev, &app.at(&login), "allow", "hubot").await;
    assert_eq!(done.location.as_deref(), Some("/protected"));
    assert_eq!(
        browser.get(&app.at("/protected")).await.body,
        "protected for hubot"
    );
}

#[actix_web::test]
async fn several_apps_in_one_process_are_isolated() {
    let dev = DevProvider::start().unwrap();
    let one = MemoryStorage::new();
    let two = MemoryStorage::new();
    let bp1 = dev_builder(&dev, "dev")
        .storage(one.clone())
        .build()
        .unwrap();
    let bp2 = dev_builder(&dev, "dev")
        .storage(two.clone())
        .build()
        .unwrap();
    let app1 = serve(Dance::new(key()).blueprint(&bp1), vec![bp1]);
    let app2 = serve(Dance::new(key()).blueprint(&bp2), vec![bp2]);
    let browser = Browser::new();
    browser
        .dance(&dev, &app1.at("/login/dev"), "allow", "octocat")
        .await;
    assert!(one.token().is_some());
    assert!(two.token().is_none());
    assert_eq!(Browser::new().token(&app2, "dev").await, None);
}

async fn redirect_uri_with_forwarded_headers(
    dance: Dance,
    bp: oauth_dance::Blueprint,
) -> (String, String) {
    let app = serve(dance, vec![bp]);
    let res = Browser::new()
        .http
        .get(app.at("/login/dev"))
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "public.example")
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    (param(&location, "redirect_uri").unwrap(), cookie)
}

#[actix_web::test]
async fn forwarded_headers_are_ignored_unless_trusted() {
    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let (uri, cookie) =
        redirect_uri_with_forwarded_headers(Dance::new(key()).blueprint(&bp), bp.clone()).await;
    assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
    assert!(!cookie.contains("secure"), "{cookie}");

    let trusting = Dance::new(key())
        .blueprint(&bp)
        .trust_forwarded_headers(true);
    let (uri, cookie) = redirect_uri_with_forwarded_headers(trusting, bp).await;
    assert_eq!(uri, "https://public.example/login/dev/authorized");
    assert!(cookie.contains("; secure"), "{cookie}");
}

#[actix_web::test]
async fn login_and_authorized_urls_can_be_overridden() {
    let Fixture { dev, app, browser } = Fixture::new(|b| {
        b.login_url("/crazy/custom/{name}")
            .authorized_url("/{name}/back")
    });
    let (authorize, _) = browser
        .start_login(&app.at("/login/crazy/custom/dev"))
        .await;
    assert_eq!(
        param(&authorize, "redirect_uri").unwrap(),
        app.at("/login/dev/back")
    );
    let done = browser
        .dance(&dev, &app.at("/login/crazy/custom/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert!(browser.token(&app, "dev").await.is_some());
}

#[actix_web::test]
async fn an_app_can_bring_its_own_session_middleware() {
    use actix_session::{SessionMiddleware, storage::CookieSessionStore};
    use actix_web::{App, web};

    let dev = DevProvider::start().unwrap();
    let bp = dev_builder(&dev, "dev").build().unwrap();
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let key = key();
    let served = bp.clone();
    let server = actix_web::HttpServer::new(move || {
        App::new()
            .wrap(Dance::with_app_session("app_session").blueprint(&served))
            .wrap(
                SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
                    .cookie_name("app_session".into())
                    .cookie_secure(false)
                    .build(),
            )
            .service(web::scope("/login").service(served.clone()))
            .route(
                "/who",
                web::get().to(|| async {
                    let client = oauth_dance::Client::current("dev")?;
                    let user: serde_json::Value = client.get("user").await?.json().await?;
                    Ok::<_, oauth_dance::Error>(user["login"].as_str().unwrap_or("?").to_string())
                }),
            )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let browser = Browser::new();
    let done = browser
        .dance(&dev, &format!("{base}/login/dev"), "allow", "hubot")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    assert_eq!(browser.get(&format!("{base}/who")).await.body, "hubot");
    handle.stop(false).await;
}

#[actix_web::test]
async fn login_required_after_a_denial_explains_instead_of_looping() {
    let Fixture { dev, app, browser } = Fixture::new(|b| b);
    let login = browser.get(&app.at("/protected")).await.location.unwrap();
    let done = browser
        .dance(&dev, &app.at(&login), "deny", "octocat")
        .await;
    assert_eq!(done.location.as_deref(), Some("/protected"));
    let page = browser.get(&app.at("/protected")).await;
    assert_eq!(page.status, 400, "{page:?}");
    assert!(page.body.contains("access_denied") && page.body.contains("Try again"));
    // Shown once; the next visit starts a new login.
    let again = browser.get(&app.at("/protected")).await;
    assert_eq!(again.status, 302);
}

#[actix_web::test]
async fn a_redirecting_token_endpoint_is_not_followed() {
    use actix_web::{App, HttpServer, web};
    let dev = DevProvider::start().unwrap();
    // A token endpoint that redirects (307 keeps the method and body: code and credentials).
    let target = dev.token_url();
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let redirector = format!("http://{}/token", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let target = target.clone();
        App::new().route(
            "/token",
            web::post().to(move || {
                let target = target.clone();
                async move {
                    HttpResponse::TemporaryRedirect()
                        .insert_header(("Location", target))
                        .finish()
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let storage = MemoryStorage::new();
    let bp = dev_builder(&dev, "dev")
        .token_url(redirector)
        .storage(storage.clone())
        .build()
        .unwrap();
    let app = serve(
        Dance::new(key()).blueprint(&bp).developer_hints(true),
        vec![bp],
    );
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!(done.status, 502, "{done:?}");
    assert!(
        done.body.contains("answered with a redirect"),
        "{}",
        done.body
    );
    assert!(storage.token().is_none());
    assert_eq!(
        token_requests(&dev),
        0,
        "the code never reached the redirect target"
    );
    handle.stop(false).await;
}

#[actix_web::test]
async fn authorized_hooks_stop_at_the_first_answer_and_error_hooks_all_run() {
    let dev = DevProvider::start().unwrap();
    let storage = MemoryStorage::new();
    let calls = Calls::default();
    let (first, second) = (calls.clone(), calls.clone());
    let bp = dev_builder(&dev, "dev")
        .storage(storage.clone())
        .on_authorized(move |_| {
            first.push("refuse");
            async { AuthorizedOutcome::Respond(HttpResponse::Forbidden().body("refused")) }
        })
        .build()
        .unwrap();
    let dance = Dance::new(key()).blueprint(&bp).on_authorized(move |_| {
        // A later hook (say, one that logs the user in) never sees a refused login.
        second.push("log in");
        async { AuthorizedOutcome::Continue }
    });
    let app = serve(dance, vec![bp]);
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "allow", "octocat")
        .await;
    assert_eq!((done.status, done.body.as_str()), (403, "refused"));
    assert!(storage.token().is_none());
    assert_eq!(calls.all(), vec!["refuse"]);
}

#[actix_web::test]
async fn every_error_hook_runs_and_the_first_answer_wins() {
    let dev = DevProvider::start().unwrap();
    let calls = Calls::default();
    let (own, global) = (calls.clone(), calls.clone());
    let bp = dev_builder(&dev, "dev")
        .on_error(move |_| {
            own.push("own");
            async { Some(HttpResponse::ServiceUnavailable().body("own answer")) }
        })
        .build()
        .unwrap();
    let dance = Dance::new(key()).blueprint(&bp).on_error(move |_| {
        global.push("global");
        async { Some(HttpResponse::Gone().body("global answer")) }
    });
    let app = serve(dance, vec![bp]);
    let done = Browser::new()
        .dance(&dev, &app.at("/login/dev"), "deny", "octocat")
        .await;
    assert_eq!((done.status, done.body.as_str()), (503, "own answer"));
    assert_eq!(calls.all(), vec!["own", "global"]);
}
