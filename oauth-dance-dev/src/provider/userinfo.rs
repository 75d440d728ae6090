//! The profile endpoint: `GET /api/user`, also served as `/userinfo`.

use actix_web::{HttpRequest, HttpResponse, web};

use super::bearer::{record_and_authorize, unauthorized};
use super::state::Shared;

/// `/api/user` and `/userinfo`: `{"login","id","name","email"}` of the token's user.
pub(crate) async fn user(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let grant = record_and_authorize(&req, &body, &shared);
    match grant.as_ref().and_then(|g| shared.config.user(&g.user)) {
        Some(user) => HttpResponse::Ok().json(user),
        None => unauthorized(),
    }
}
