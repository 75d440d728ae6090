//! What the provider's requests carry: the scope and how it is joined, the client
//! authentication, the credentials' environment variables, the API `Authorization` scheme, the
//! fixed parameters and headers, and the quirks (named runtime behaviours).

use oauth_dance_spec::naming::{self, Credential};
use oauth_dance_spec::{ClientAuth, Quirk, defaults};

use super::urls::{Allowed, Fills};
use super::{Requests, Validator};
use crate::diag::Spanned;
use crate::provider::model::{Pair, ProviderInput};
use crate::suggest::{code_list, hint, joined};

impl Validator {
    /// Everything a request carries; defaults where a key is left out.
    pub(super) fn requests(&mut self, input: &ProviderInput, fills: &Fills) -> Option<Requests> {
        let scope = input.scope.as_ref().map_or(&[][..], |s| &s.value);
        for item in scope {
            self.check_scope(item);
        }
        let scope_separator = self.scope_separator(input.scope_separator.as_ref());
        let client_auth = match &input.client_auth {
            Some(client_auth) => self.client_auth(client_auth),
            None => Some(defaults::CLIENT_AUTH),
        };
        let client_id_env = self.env_var(input, Credential::ClientId);
        let client_secret_env = self.env_var(input, Credential::ClientSecret);
        let api_auth_scheme = match &input.api_auth_scheme {
            Some(scheme) => {
                self.check_token(scheme, "an `Authorization` scheme, like `\"Bearer\"`");
                scheme.value.clone()
            }
            None => defaults::API_AUTH_SCHEME.to_string(),
        };
        self.check_pairs(
            &input.authorization_params,
            "authorization parameter",
            false,
        );
        self.check_pairs(&input.token_params, "token parameter", false);
        self.check_headers(&input.headers, fills);
        Some(Requests {
            scope: scope.iter().map(|s| s.value.clone()).collect(),
            scope_separator,
            client_auth: client_auth?,
            client_id_env,
            client_secret_env,
            api_auth_scheme,
            authorization_params: pairs(&input.authorization_params),
            token_params: pairs(&input.token_params),
            headers: pairs(&input.headers),
        })
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

    /// The variable a credential is read from: as given (and checked), or the name's default.
    fn env_var(&mut self, input: &ProviderInput, credential: Credential) -> String {
        let given = match credential {
            Credential::ClientId => &input.client_id_env,
            Credential::ClientSecret => &input.client_secret_env,
        };
        match (given, &input.name) {
            (Some(env), _) => {
                self.check_env_var(env);
                env.value.clone()
            }
            (None, Some(name)) => naming::env_var(&name.value, credential),
            (None, None) => String::new(),
        }
    }

    fn check_pairs(&mut self, pairs: &[Pair], what: &str, ignore_case: bool) {
        let mut seen: Vec<&str> = Vec::new();
        for pair in pairs {
            let name = pair.name.value.as_str();
            let same = |s: &&str| {
                if ignore_case {
                    s.eq_ignore_ascii_case(name)
                } else {
                    *s == name
                }
            };
            if name.is_empty() {
                self.error(
                    &pair.name.site,
                    format!("the {what}'s name cannot be empty"),
                );
            } else if seen.iter().any(same) {
                self.error(
                    &pair.name.site,
                    format!("the {what} `{name}` is given twice; keep one"),
                );
            }
            seen.push(name);
        }
    }

    /// Header names (once each, whatever the case) and values (which may use `{client_id}`).
    fn check_headers(&mut self, headers: &[Pair], fills: &Fills) {
        self.check_pairs(headers, "header", true);
        for header in headers {
            self.check_token(&header.name, "an HTTP header name, like `\"Accept\"`");
            self.check_placeholders(&header.value, fills, Allowed::HeaderValue);
        }
    }

    /// Known quirks, each once.
    pub(super) fn quirks(&mut self, quirks: &[Spanned<String>]) -> Vec<Quirk> {
        let names: Vec<&'static str> = Quirk::names().collect();
        let mut known = Vec::new();
        for quirk in quirks {
            match Quirk::from_name(&quirk.value) {
                Some(q) if known.contains(&q) => {
                    let message = format!("the quirk `{}` is listed twice; keep one", q.name());
                    self.error(&quirk.site, message);
                }
                Some(q) => known.push(q),
                None => self.error(
                    &quirk.site,
                    format!(
                        "unknown quirk `{}`; {}the known quirks are {} (a new quirk is \
                         implemented in the runtime first)",
                        quirk.value,
                        hint(&quirk.value, &names),
                        code_list(&names)
                    ),
                ),
            }
        }
        known
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

fn pairs(pairs: &[Pair]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|p| (p.name.value.clone(), p.value.value.clone()))
        .collect()
}
