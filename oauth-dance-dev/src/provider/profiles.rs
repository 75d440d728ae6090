//! The token's user as each preset's own API shows it, so an example written against the real
//! API (Google's `oauth2/v2/userinfo`, Facebook's `me`, Slack's `auth.test`, LinkedIn's
//! `userinfo`, Heroku's `account`) runs unchanged against the dev provider. Paths are relative to
//! [`base_url`](super::DevProvider::base_url); `/api/user` (GitHub's shape) is `userinfo.rs`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::bearer::{record_and_authorize, unauthorized};
use super::state::Shared;
use super::users::DevUser;

/// How one provider shows a user.
type Shape = fn(&DevUser) -> Value;

/// Each profile path under the API root, and how that provider shapes the user.
pub(crate) const PROFILES: &[(&str, Shape)] = &[
    ("/api/oauth2/v2/userinfo", google),
    ("/api/me", facebook),
    ("/api/auth.test", slack),
    ("/api/userinfo", linkedin),
    ("/api/account", heroku),
];

/// Any of [`PROFILES`]: the token's user in that provider's shape.
pub(crate) async fn profile(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let grant = record_and_authorize(&req, &body, &shared);
    let user = grant.as_ref().and_then(|g| shared.config.user(&g.user));
    let shape = PROFILES.iter().find(|(path, _)| *path == req.path());
    match (user, shape) {
        (Some(user), Some((_, shape))) => HttpResponse::Ok().json(shape(user)),
        _ => unauthorized(),
    }
}

/// The first word of the name, and the rest.
fn split_name(user: &DevUser) -> (&str, &str) {
    user.name.split_once(' ').unwrap_or((&user.name, ""))
}

fn google(user: &DevUser) -> Value {
    let (given, family) = split_name(user);
    json!({
        "id": user.id.to_string(),
        "email": user.email,
        "verified_email": true,
        "name": user.name,
        "given_name": given,
        "family_name": family,
    })
}

fn facebook(user: &DevUser) -> Value {
    json!({"id": user.id.to_string(), "name": user.name})
}

fn slack(user: &DevUser) -> Value {
    json!({
        "ok": true,
        "url": "https://dev-team.slack.invalid/",
        "team": "Dev Team",
        "user": user.login,
        "team_id": "T0DEV",
        "user_id": format!("U{}", user.id),
    })
}

fn linkedin(user: &DevUser) -> Value {
    let (given, family) = split_name(user);
    json!({
        "sub": format!("dev-{}", user.id),
        "name": user.name,
        "given_name": given,
        "family_name": family,
        "email": user.email,
        "email_verified": true,
    })
}

fn heroku(user: &DevUser) -> Value {
    json!({
        "id": format!("00000000-0000-0000-0000-{:012}", user.id),
        "email": user.email,
        "name": user.name,
    })
}
