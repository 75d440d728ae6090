//! What the requests of every protocol carry: the credentials' environment variables, the fixed
//! headers, and the quirks (named runtime behaviours); and the check of fixed name-value pairs.

use oauth_dance_spec::Quirk;
use oauth_dance_spec::naming::{self, Credential};

use super::urls::{Allowed, Fills};
use super::{Requests, Validator};
use crate::diag::Spanned;
use crate::provider::model::{Pair, ProviderInput};
use crate::suggest::{code_list, hint};

impl Validator {
    /// What every protocol's requests carry: the credentials' variables and fixed headers.
    pub(super) fn requests(&mut self, input: &ProviderInput, fills: &Fills) -> Option<Requests> {
        let client_id_env = self.env_var(input, Credential::ClientId);
        let client_secret_env = self.env_var(input, Credential::ClientSecret);
        self.check_headers(&input.headers, fills);
        Some(Requests {
            client_id_env,
            client_secret_env,
            headers: pairs(&input.headers),
        })
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

    pub(super) fn check_pairs(&mut self, pairs: &[Pair], what: &str, ignore_case: bool) {
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

/// Pairs as the model keeps them.
pub(super) fn pairs(pairs: &[Pair]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|p| (p.name.value.clone(), p.value.value.clone()))
        .collect()
}
