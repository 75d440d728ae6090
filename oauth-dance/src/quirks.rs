//! Every provider quirk's implementation, in one place. A quirk is a behaviour that is not
//! expressible as data; providers name theirs in `providers.toml` (or the derive) and the runtime
//! consults the names here, never a provider's name.

use serde_json::{Map, Value};

use crate::client::{ApiBody, ApiCall};
use crate::error::TokenEndpointError;
use crate::provider::Quirk;

/// The longest provider-sent text kept from a refusal.
const MAX_PROVIDER_TEXT: usize = 200;

/// The `scope` parameter, or `None` for no scope. [`Quirk::CommaSeparatedScopes`]: scopes given
/// as one comma-separated string are split first, so they are sent with the separator.
pub(crate) fn scope_param(scopes: &[String], separator: &str, quirks: &[Quirk]) -> Option<String> {
    let scopes: Vec<&str> = if quirks.contains(&Quirk::CommaSeparatedScopes) {
        scopes
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        scopes.iter().map(String::as_str).collect()
    };
    (!scopes.is_empty()).then(|| scopes.join(separator))
}

/// The name of the parameter that carries the client id: `client_id`, or `client_key` with
/// [`Quirk::ClientIdAsClientKey`] (TikTok, <https://developers.tiktok.com/doc/oauth-user-access-token-management>).
pub(crate) fn client_id_param(quirks: &[Quirk]) -> &'static str {
    if quirks.contains(&Quirk::ClientIdAsClientKey) {
        "client_key"
    } else {
        "client_id"
    }
}

/// [`Quirk::SlackTokenInBody`]: a form body also carries the token as a `token` field (as Slack's
/// Web API accepts it), unless the caller gave one. Never the query: Slack refuses tokens in
/// query strings from apps created since 2021
/// (<https://api.slack.com/changelog/2020-11-no-more-tokens-in-querystrings-for-newly-created-apps>),
/// and RFC 9700 §4.3.2 says clients must not put access tokens in URIs; every call carries the
/// `Authorization: Bearer` header as well.
pub(crate) fn slack_token_in_body(call: &mut ApiCall, token: &str) {
    let in_query = call.url.query_pairs().any(|(k, _)| k == "token")
        || call.query.iter().any(|(k, _)| k == "token");
    if let ApiBody::Form(pairs) = &mut call.body
        && !in_query
        && !pairs.iter().any(|(k, _)| k == "token")
    {
        pairs.push(("token".into(), token.into()));
    }
}

/// A token response's fields as the blueprint's quirks read them:
/// [`Quirk::StatusWrappedTokenResponse`] unwraps Withings' `{"status", "body"}`, then
/// [`Quirk::AccessTokenObject`] takes Yammer's token out of its object. Without either, the
/// fields as they are.
pub(crate) fn token_response_fields(
    mut fields: Map<String, Value>,
    quirks: &[Quirk],
) -> Result<Map<String, Value>, TokenEndpointError> {
    if quirks.contains(&Quirk::StatusWrappedTokenResponse) {
        fields = unwrap_status_body(fields)?;
    }
    if quirks.contains(&Quirk::AccessTokenObject) {
        fields = access_token_from_object(fields)?;
    }
    Ok(fields)
}

/// Withings (<https://developer.withings.com/api-reference/#tag/oauth2>): `{"status": 0,
/// "body": {...}}` is its `body`; a non-zero `status` is a refusal, described by the `error`
/// text sent beside it. An answer without `status` is read as it is (an OAuth error object).
fn unwrap_status_body(
    mut fields: Map<String, Value>,
) -> Result<Map<String, Value>, TokenEndpointError> {
    let Some(status) = fields.get("status") else {
        return Ok(fields);
    };
    let malformed = |what: &str| TokenEndpointError::Malformed(what.to_string());
    let status = status
        .as_i64()
        .ok_or_else(|| malformed("`status` is not a number"))?;
    if status != 0 {
        let error = fields.get("error").and_then(Value::as_str);
        return Err(TokenEndpointError::Refused {
            error: format!("status {status}"),
            description: error.map(|t| t.chars().take(MAX_PROVIDER_TEXT).collect()),
            uri: None,
        });
    }
    match fields.remove("body") {
        Some(Value::Object(body)) => Ok(body),
        _ => Err(malformed("`status` 0 without a `body` object")),
    }
}

/// Yammer (<https://learn.microsoft.com/en-us/rest/api/yammer/oauth-2>): `access_token` is an
/// object whose `token` is the access token; the object is kept as `access_token_details`. A
/// string `access_token` is read as it is.
fn access_token_from_object(
    mut fields: Map<String, Value>,
) -> Result<Map<String, Value>, TokenEndpointError> {
    let Some(Value::Object(object)) = fields.get("access_token") else {
        return Ok(fields);
    };
    let Some(Value::String(token)) = object.get("token") else {
        return Err(TokenEndpointError::Malformed(
            "`access_token` is an object without a `token` string".into(),
        ));
    };
    let token = Value::String(token.clone());
    if let Some(object) = fields.insert("access_token".into(), token) {
        fields.insert("access_token_details".into(), object);
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_status_wrapped_response_is_its_body_and_a_status_is_a_refusal() {
        let quirks = [Quirk::StatusWrappedTokenResponse];
        let wrapped = object(json!({"status": 0, "body": {"access_token": "a", "userid": 7}}));
        let fields = token_response_fields(wrapped.clone(), &quirks).unwrap();
        assert_eq!(
            Value::Object(fields),
            json!({"access_token": "a", "userid": 7})
        );
        assert_eq!(
            token_response_fields(wrapped.clone(), &[]).unwrap(),
            wrapped
        );
        let refused = object(json!({"status": 503, "body": {}, "error": "Invalid Params"}));
        assert_eq!(
            token_response_fields(refused, &quirks),
            Err(TokenEndpointError::Refused {
                error: "status 503".into(),
                description: Some("Invalid Params".into()),
                uri: None
            })
        );
        for broken in [
            json!({"status": 0}),
            json!({"status": 0, "body": "x"}),
            json!({"status": "0"}),
        ] {
            let err = token_response_fields(object(broken), &quirks).unwrap_err();
            assert!(matches!(err, TokenEndpointError::Malformed(_)), "{err:?}");
        }
        let oauth_error = object(json!({"error": "invalid_grant"}));
        assert_eq!(
            token_response_fields(oauth_error.clone(), &quirks).unwrap(),
            oauth_error
        );
    }

    #[test]
    fn an_access_token_object_gives_up_its_token() {
        let quirks = [Quirk::AccessTokenObject];
        let nested = object(json!({"access_token": {"token": "a", "user_id": 1}, "user": {}}));
        let fields = token_response_fields(nested, &quirks).unwrap();
        assert_eq!(fields["access_token"], "a");
        assert_eq!(fields["access_token_details"]["user_id"], 1);
        let flat = object(json!({"access_token": "a"}));
        assert_eq!(token_response_fields(flat.clone(), &quirks).unwrap(), flat);
        for broken in [
            json!({"access_token": {}}),
            json!({"access_token": {"token": 5}}),
        ] {
            let err = token_response_fields(object(broken), &quirks).unwrap_err();
            assert!(matches!(err, TokenEndpointError::Malformed(_)), "{err:?}");
        }
    }

    #[test]
    fn comma_separated_scopes_are_split_only_with_the_quirk() {
        let scopes = vec!["read,write".to_string(), " admin ".to_string()];
        assert_eq!(
            scope_param(&scopes, " ", &[Quirk::CommaSeparatedScopes]).as_deref(),
            Some("read write admin")
        );
        assert_eq!(
            scope_param(&scopes, " ", &[]).as_deref(),
            Some("read,write  admin ")
        );
        assert_eq!(scope_param(&[], " ", &[]), None);
    }

    #[test]
    fn the_client_id_is_named_client_key_only_with_the_quirk() {
        assert_eq!(client_id_param(&[Quirk::ClientIdAsClientKey]), "client_key");
        assert_eq!(client_id_param(&[Quirk::CommaSeparatedScopes]), "client_id");
    }
}
