//! Every provider quirk's implementation, in one place. A quirk is a behaviour that is not
//! expressible as data; providers name theirs in `providers.toml` (or the derive) and the runtime
//! consults the names here, never a provider's name.

use crate::client::{ApiBody, ApiCall};
use crate::provider::Quirk;

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

#[cfg(test)]
mod tests {
    use super::*;

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
