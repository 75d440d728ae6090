//! The refresh grant (RFC 6749 §6): a refresh token for a new token, at the refresh endpoint
//! (the token endpoint unless the provider has another), authenticated like a token request.

use serde_json::{Map, Value};

use super::OAuth2Flow;
use super::endpoints::Endpoints;
use super::token_request::request_token;
use crate::error::TokenEndpointError;
use crate::oidc::{IdTokenClaims, IdTokenError};
use crate::{Blueprint, Token};

/// What a refresh response may leave out, and is then kept from the old token: a provider that
/// does not rotate refresh tokens sends none (§6: "the client MUST discard the old refresh token"
/// only when a new one is issued), and an OpenID Provider need not send a new ID token.
const CARRIED_OVER: &[&str] = &["refresh_token", "scope", "id_token"];

/// A new token for `old`'s refresh token.
pub(super) async fn refresh(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    old: &Token,
) -> Result<Token, TokenEndpointError> {
    let endpoints = Endpoints::of(flow, blueprint).await;
    let endpoints = endpoints.map_err(TokenEndpointError::IdToken)?;
    let (Some(url), Some(refresh_token)) = (endpoints.refresh(), old.refresh_token()) else {
        return Err(TokenEndpointError::Transport(
            "this token cannot be refreshed".into(),
        ));
    };
    let grant = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ];
    let new = request_token(&endpoints, blueprint, url, &grant).await?;
    check_new_id_token(flow, blueprint, &new, old).await?;
    Ok(carry_over(new, old))
}

/// A relying party checks the ID token a refresh returned, if any: verified as a login's, and
/// naming the same user for the same client as the login's (Core §12.2). Refused, the new token
/// is not saved.
async fn check_new_id_token(
    flow: &OAuth2Flow,
    blueprint: &Blueprint,
    new: &Token,
    old: &Token,
) -> Result<(), TokenEndpointError> {
    let (Some(openid), Some(id_token)) = (&flow.openid, new.get("id_token")) else {
        return Ok(());
    };
    let id_token = id_token.as_str().ok_or_else(|| {
        TokenEndpointError::IdToken(IdTokenError::Malformed("`id_token` is not a string".into()))
    })?;
    let original = IdTokenClaims::of(old);
    openid
        .verify_refreshed(
            blueprint,
            flow.client_id.as_str(),
            id_token,
            original.as_ref(),
        )
        .await
        .map(drop)
        .map_err(TokenEndpointError::IdToken)
}

/// `new`, with the fields it lacks and `old` has among [`CARRIED_OVER`].
fn carry_over(new: Token, old: &Token) -> Token {
    let mut fields: Map<String, Value> = new.into();
    for name in CARRIED_OVER {
        if !fields.contains_key(*name)
            && let Some(value) = old.get(name)
        {
            fields.insert((*name).to_string(), value.clone());
        }
    }
    Token::from(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_the_provider_did_not_send_again_is_kept() {
        let old = Token::from_json(json!({
            "access_token": "a1", "refresh_token": "r1", "scope": "read", "id_token": "x.y.z"
        }))
        .unwrap();
        let kept = carry_over(
            Token::from_json(json!({"access_token": "a2"})).unwrap(),
            &old,
        );
        assert_eq!(kept.access_token(), "a2");
        assert_eq!(kept.refresh_token(), Some("r1"));
        assert_eq!(kept.scopes(), vec!["read"]);
        assert_eq!(kept.get("id_token"), Some(&json!("x.y.z")));
        let rotated =
            Token::from_json(json!({"access_token": "a3", "refresh_token": "r2"})).unwrap();
        assert_eq!(carry_over(rotated, &old).refresh_token(), Some("r2"));
    }
}
