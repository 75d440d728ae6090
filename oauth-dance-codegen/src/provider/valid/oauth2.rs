//! What an OAuth 2 provider adds: the token endpoint, the scope and how it is joined, the
//! client authentication, the API `Authorization` scheme, the fixed authorization and token
//! parameters, the refresh and revocation endpoints, and the OpenID Connect issuer. A new OAuth 2
//! key is read and checked here, into [`OAuth2`].

use oauth_dance_spec::{ClientAuth, defaults};

use super::Validator;
use super::requests::pairs;
use super::urls::Fills;
use crate::diag::Spanned;
use crate::provider::model::{OAuth2, ProviderInput};
use crate::suggest::joined;

const TOKEN_URL_EXAMPLE: &str =
    "the token endpoint, like `token_url = \"https://example.com/oauth/token\"`";

impl Validator {
    /// An OAuth 2 provider's part; defaults where a key is left out.
    pub(super) fn oauth2(&mut self, input: &ProviderInput, fills: &Fills) -> Option<OAuth2> {
        let token_url = &input.token_url;
        let token_url = self.required(token_url, &input.site, "token_url", TOKEN_URL_EXAMPLE);
        if let Some(url) = &input.token_url {
            self.check_url(url, fills);
        }
        let scope = input.scope.as_ref().map_or(&[][..], |s| &s.value);
        for item in scope {
            self.check_scope(item);
        }
        let scope_separator = self.scope_separator(input.scope_separator.as_ref());
        let client_auth = match &input.client_auth {
            Some(client_auth) => self.client_auth(client_auth),
            None => Some(defaults::CLIENT_AUTH),
        };
        let api_auth_scheme = self.api_auth_scheme(input.api_auth_scheme.as_ref());
        let api_token_header = self.api_token_header(input);
        let authorization_params = &input.authorization_params;
        self.check_pairs(authorization_params, "authorization parameter", false);
        self.check_pairs(&input.token_params, "token parameter", false);
        let optional_url = |v: &mut Self, url: &Option<Spanned<String>>| match url {
            Some(url) => {
                v.check_url(url, fills);
                url.value.clone()
            }
            None => String::new(),
        };
        let refresh_url = optional_url(self, &input.refresh_url);
        let revocation_url = optional_url(self, &input.revocation_url);
        let issuer = optional_url(self, &input.issuer);
        if let Some(issuer) = &input.issuer {
            self.check_issuer(issuer);
        }
        self.check_claims_have_an_issuer(input);
        Some(OAuth2 {
            token_url: token_url?,
            scope: scope.iter().map(|s| s.value.clone()).collect(),
            scope_separator,
            client_auth: client_auth?,
            api_auth_scheme,
            api_token_header,
            authorization_params: pairs(authorization_params),
            token_params: pairs(&input.token_params),
            refresh_url,
            revocation_url,
            issuer,
        })
    }

    /// An option requiring an ID-token claim needs ID tokens: an `issuer`.
    fn check_claims_have_an_issuer(&mut self, input: &ProviderInput) {
        if input.issuer.is_some() {
            return;
        }
        for option in &input.options {
            if let Some(claim) = &option.claim {
                self.error(
                    &claim.site,
                    format!(
                        "`claim = \"{}\"` checks a claim of the ID token, and this provider has \
                         no `issuer` to verify ID tokens from; add `issuer = \"...\"` or remove \
                         the claim",
                        claim.value
                    ),
                );
            }
        }
    }

    /// OpenID Connect Discovery §3: the issuer is an https URL with no query or fragment.
    fn check_issuer(&mut self, issuer: &Spanned<String>) {
        let value = &issuer.value;
        let problem = if !value.starts_with("https://") {
            "an OpenID issuer is an https URL"
        } else if value.contains('?') || value.contains('#') {
            "an OpenID issuer has no query or fragment"
        } else {
            return;
        };
        self.error(
            &issuer.site,
            format!(
                "`{value}` is not a valid issuer: {problem} (OpenID Connect Discovery §3), like \
                 `\"https://accounts.example.com\"`"
            ),
        );
    }

    fn check_scope(&mut self, scope: &Spanned<String>) {
        if scope.value.is_empty() || scope.value.chars().any(char::is_whitespace) {
            self.error(
                &scope.site,
                format!(
                    "`{}` is not a scope: each scope is one non-empty word without spaces; list \
                     scopes separately, like `[\"openid\", \"profile\"]`",
                    scope.value
                ),
            );
        }
    }

    fn scope_separator(&mut self, separator: Option<&Spanned<String>>) -> String {
        let Some(separator) = separator else {
            return defaults::SCOPE_SEPARATOR.to_string();
        };
        if separator.value.is_empty() {
            self.error(
                &separator.site,
                "the scope separator cannot be empty; use `\" \"` or `\",\"`",
            );
        }
        separator.value.clone()
    }

    fn client_auth(&mut self, value: &Spanned<String>) -> Option<ClientAuth> {
        let found = ClientAuth::from_name(&value.value);
        if found.is_none() {
            let choices = ClientAuth::ALL.iter().map(|c| client_auth_choice(*c));
            self.error(
                &value.site,
                format!(
                    "unknown client_auth `{}`; use {}",
                    value.value,
                    joined(choices.collect(), "or")
                ),
            );
        }
        found
    }

    /// The scheme of API calls' `Authorization` header: one HTTP token, `Bearer` by default.
    fn api_auth_scheme(&mut self, scheme: Option<&Spanned<String>>) -> String {
        let Some(scheme) = scheme else {
            return defaults::API_AUTH_SCHEME.to_string();
        };
        self.check_token(scheme, "an `Authorization` scheme, like `\"Bearer\"`");
        scheme.value.clone()
    }
}

impl Validator {
    /// The header API calls carry the bare token in: an HTTP header name other than
    /// `Authorization`, and then no `api_auth_scheme` (it would have no effect).
    fn api_token_header(&mut self, input: &ProviderInput) -> String {
        let Some(header) = &input.api_token_header else {
            return String::new();
        };
        self.check_token(header, "a header name, like `\"X-Shopify-Access-Token\"`");
        if header.value.eq_ignore_ascii_case("authorization") {
            self.error(
                &header.site,
                "`api_token_header` names a header other than `Authorization`; for \
                 `Authorization: <scheme> <token>` set `api_auth_scheme` instead",
            );
        }
        if let Some(scheme) = &input.api_auth_scheme {
            self.error(
                &scheme.site,
                format!(
                    "`api_auth_scheme` has no effect with `api_token_header = \"{}\"`, which \
                     carries the bare token; remove one of them",
                    header.value
                ),
            );
        }
        header.value.clone()
    }
}

/// A `client_auth` value as the error message offers it: its name and what it means.
fn client_auth_choice(auth: ClientAuth) -> String {
    let what = match auth {
        default if default == defaults::CLIENT_AUTH => {
            format!("{}; the default", default.describe())
        }
        other => other.describe().to_string(),
    };
    format!("`{}` ({what})", auth.name())
}
