//! The seed's custom provider (`oauth-example.com`), as a derive and as a plain builder: both
//! give a working blueprint, shown by a full dance with the URLs pointed at the dev provider.

use oauth_dance::provider::Provider;
use oauth_dance::{Dance, OAuth2Builder, OAuthProvider};
use oauth_dance_dev::DevProvider;
use std::collections::BTreeSet;

use oauth_dance_dev::kit::*;

/// The custom provider of Flask-Dance's docs, as a derive.
#[derive(OAuthProvider)]
#[oauth(
    name = "example",
    base_url = "https://api.oauth-example.com/",
    authorization_url = "https://oauth-example.com/login/oauth/authorize",
    token_url = "https://oauth-example.com/login/oauth/access_token",
    scope = ["read"],
)]
pub struct Example;

/// The same provider, configured by hand.
fn plain_builder() -> OAuth2Builder {
    OAuth2Builder::new("example")
        .client_id("my-key-here")
        .client_secret("my-secret-here")
        .base_url("https://api.oauth-example.com/")
        .token_url("https://oauth-example.com/login/oauth/access_token")
        .authorization_url("https://oauth-example.com/login/oauth/authorize")
}

#[test]
fn derive_and_plain_builder_describe_the_same_provider() {
    let derived = Example::blueprint()
        .client_id("my-key-here")
        .client_secret("my-secret-here")
        .build()
        .unwrap();
    let plain = plain_builder().scope(["read"]).build().unwrap();
    assert_eq!(format!("{derived:?}"), format!("{plain:?}"));
    assert_eq!(Example::SPEC.client_id_var(), "EXAMPLE_OAUTH_CLIENT_ID");
}

async fn dances(bp: oauth_dance::Blueprint, dev: &DevProvider) {
    let app = serve(Dance::new(key()).blueprint(&bp), vec![bp]);
    let browser = Browser::new();
    let done = browser
        .dance(dev, &app.at("/login/example"), "allow", "hubot")
        .await;
    assert_eq!(done.status, 302, "{done:?}");
    let user = browser.get(&app.at("/user/example")).await;
    assert!(user.body.contains("\"login\":\"hubot\""), "{user:?}");
}

#[actix_web::test]
async fn the_derived_provider_dances() {
    let dev = DevProvider::start().unwrap();
    let bp = Example::blueprint()
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .build()
        .unwrap();
    dances(bp, &dev).await;
}

#[actix_web::test]
async fn the_plain_builder_dances() {
    let dev = DevProvider::start().unwrap();
    let bp = plain_builder()
        .client_id(dev.client_id())
        .client_secret(dev.client_secret())
        .authorization_url(dev.authorization_url())
        .token_url(dev.token_url())
        .base_url(dev.base_url())
        .build()
        .unwrap();
    dances(bp, &dev).await;
}

#[test]
fn the_typed_builder_forwards_exactly_the_reserved_method_names() {
    // An option named like a builder method would not compile in the generated builder, so the
    // generator refuses the names `oauth_dance_spec::builder_methods` lists; the typed builder's
    // forwarding macro must define exactly those.
    use oauth_dance_spec::builder_methods::{COMMON, OAUTH2};
    let forwarded: BTreeSet<&str> = ExampleBlueprint::FORWARDED_METHODS
        .iter()
        .copied()
        .collect();
    let reserved: BTreeSet<&str> = COMMON.iter().chain(OAUTH2).copied().collect();
    assert_eq!(forwarded, reserved);
}
