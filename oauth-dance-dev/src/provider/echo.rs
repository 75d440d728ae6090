//! `/api/echo`: answers with what the client sent, so tests can check it.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};

use super::bearer::{record_and_authorize, unauthorized};
use super::record::ReceivedRequest;
use super::state::Shared;

/// `{"method","path","query","headers":{lowercased name: value},"body"}`; a header sent
/// several times has its values joined with `", "`. Needs a valid token, like any API call.
pub(crate) async fn echo(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    if record_and_authorize(&req, &body, &shared).is_none() {
        return unauthorized();
    }
    let recorded = ReceivedRequest::capture(&req, &body);
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in recorded.headers {
        headers
            .entry(name)
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    HttpResponse::Ok().json(serde_json::json!({
        "method": recorded.method,
        "path": recorded.path,
        "query": recorded.query,
        "headers": headers,
        "body": recorded.body,
    }))
}
