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

/// [`Quirk::SlackTokenInBody`]: the token also goes into the form body, or the query when there
/// is no form body, unless the caller already gave one.
pub(crate) fn slack_token_in_body(call: &mut ApiCall, token: &str) {
    let in_query = call.url.query_pairs().any(|(k, _)| k == "token")
        || call.query.iter().any(|(k, _)| k == "token");
    if in_query {
        return;
    }
    match &mut call.body {
        ApiBody::Form(pairs) => {
            if !pairs.iter().any(|(k, _)| k == "token") {
                pairs.push(("token".into(), token.into()));
            }
        }
        _ => call.query.push(("token".into(), token.into())),
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
}
