//! Applying the option values a user chose to a provider's options: which `{placeholders}` they
//! fill, and which authorization parameters and headers they add.

use std::collections::BTreeMap;

use oauth_dance_spec::template::{self, Piece};

use super::{OptionEffect, OptionKind, OptionSpec, OptionValue};
use crate::error::ConfigError;

/// What a provider's options amount to, once the user's values (or the defaults) are applied.
#[derive(Debug, Default)]
pub(crate) struct ResolvedOptions {
    /// The placeholders the options fill, with their values (first filling option wins).
    placeholders: BTreeMap<&'static str, String>,
    /// Every placeholder some option could fill, with that option's name (placeholders without
    /// a value become empty).
    known: Vec<(&'static str, &'static str)>,
    /// Authorization parameters, in option order (same names joined with a space).
    pub authorization_params: Vec<(String, String)>,
    /// Headers, in option order.
    pub headers: Vec<(String, String)>,
    /// ID-token claims that must have these values, in option order.
    pub id_token_claims: Vec<(String, String)>,
}

impl ResolvedOptions {
    /// Applies `values` (by option name) to `options`; options not in `values` take their
    /// defaults. A value of the wrong kind is a [`ConfigError`].
    pub fn resolve(
        provider: &str,
        options: &'static [OptionSpec],
        values: &BTreeMap<&'static str, OptionValue>,
    ) -> Result<Self, ConfigError> {
        debug_assert!(
            values.keys().all(|n| options.iter().any(|o| o.name == *n)),
            "typed builders only set their own options"
        );
        let mut resolved = ResolvedOptions::default();
        for option in options {
            resolved
                .known
                .extend(option.effects.iter().filter_map(|e| match e {
                    OptionEffect::Placeholder { name, .. } => Some((*name, option.name)),
                    _ => None,
                }));
            if let Some(value) = value_of(option, values.get(option.name), provider)? {
                resolved.apply(provider, option, &value)?;
            }
        }
        Ok(resolved)
    }

    fn apply(
        &mut self,
        provider: &str,
        option: &OptionSpec,
        value: &str,
    ) -> Result<(), ConfigError> {
        for effect in option.effects {
            match *effect {
                OptionEffect::AuthorizationParam { name, template } => {
                    let text = with_value(provider, option, template, value)?;
                    join_param(&mut self.authorization_params, name, text);
                }
                OptionEffect::Placeholder { name, template } => {
                    if !self.placeholders.contains_key(name) {
                        let text = with_value(provider, option, template, value)?;
                        self.placeholders.insert(name, text);
                    }
                }
                OptionEffect::Header { name, template } => {
                    let text = with_value(provider, option, template, value)?;
                    self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                    self.headers.push((name.to_string(), text));
                }
                OptionEffect::IdTokenClaim { name, template } => {
                    let text = with_value(provider, option, template, value)?;
                    self.id_token_claims.push((name.to_string(), text));
                }
            }
        }
        Ok(())
    }

    /// Fills the options' placeholders in `text` (a URL or header of the provider); other
    /// placeholders, like `{client_id}`, are kept. A URL that an unset option would leave
    /// without a host or with an empty path segment is an error naming that option.
    pub fn fill(&self, provider: &str, what: &str, text: &str) -> Result<String, ConfigError> {
        let filled = template::fill(text, |name| {
            self.placeholders.get(name).cloned().or_else(|| {
                let known = self
                    .known
                    .iter()
                    .any(|(placeholder, _)| *placeholder == name);
                known.then(String::new)
            })
        })
        .map_err(|err| ConfigError::invalid(provider, what, err.to_string()))?;
        self.check_host_parts(provider, text)?;
        match self.unset_option_leaving_a_gap(text, &filled) {
            Some(option) => Err(ConfigError::invalid(
                provider,
                option,
                format!("required: set it on the builder (the {what} `{text}` needs it)"),
            )),
            None => Ok(filled),
        }
    }

    /// Every placeholder that a fixed domain follows in the host of the URL `text`
    /// (`https://{shop}.myshopify.com/...`) keeps the URL on that domain: its value is a part of
    /// a host name, so a typo cannot point the app, and its tokens, at another host.
    fn check_host_parts(&self, provider: &str, text: &str) -> Result<(), ConfigError> {
        let Some((_, rest)) = text.split_once("://") else {
            return Ok(());
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        // A malformed template was reported by `template::fill` already.
        let pieces = template::parse(host).unwrap_or_default();
        for pair in pieces.windows(2) {
            let [Piece::Placeholder(name), Piece::Text(domain)] = pair else {
                continue;
            };
            let Some(value) = self.placeholders.get(name) else {
                continue;
            };
            if let Some(problem) = host_part_problem(value, domain) {
                let option = self.known.iter().find(|(p, _)| p == name);
                let option = option.map_or(*name, |(_, option)| *option);
                let reason = format!("`{value}` {problem} (the URL is `{text}`)");
                return Err(ConfigError::invalid(provider, option, reason));
            }
        }
        Ok(())
    }

    /// The option whose placeholder in `text` has no value, when leaving it empty leaves the
    /// URL `filled` without a host, with an empty host label or with an empty path segment:
    /// `https:///realms//...` or `https://.myshopify.com/...` means the app did not set an
    /// option the provider needs, like its server's host.
    fn unset_option_leaving_a_gap(&self, text: &str, filled: &str) -> Option<&'static str> {
        let (_, rest) = filled.split_once("://")?;
        let before_query = rest.split(['?', '#']).next().unwrap_or("");
        let host = before_query.split('/').next().unwrap_or("");
        let gap = before_query.starts_with('/')
            || before_query.contains("//")
            || host.starts_with('.')
            || host.contains("..");
        if !gap {
            return None;
        }
        self.known
            .iter()
            .find(|(placeholder, _)| {
                !self.placeholders.contains_key(placeholder)
                    && text.contains(&format!("{{{placeholder}}}"))
            })
            .map(|(_, option)| *option)
    }
}

/// Why `value` cannot come before `domain` in a host name, if it cannot: it has characters a
/// host name has not (`evil.example/`, which would move the host), or it already ends with the
/// domain (`my-shop.myshopify.com` for `{shop}.myshopify.com`).
fn host_part_problem(value: &str, domain: &str) -> Option<String> {
    let host_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !host_chars || value.starts_with(['-', '.']) {
        return Some(
            "is not part of a host name: only letters, digits, `-` and `.` can come before \
             the provider's domain"
                .to_string(),
        );
    }
    let domain = domain.trim_start_matches(['.', '-']);
    let lower = value.to_ascii_lowercase();
    let repeated = !domain.is_empty() && lower.ends_with(&domain.to_ascii_lowercase());
    repeated.then(|| format!("already ends with `{domain}`: give only the part before it"))
}

/// Adds a parameter, or joins its value to an existing one of the same name with a space.
pub(crate) fn join_param(params: &mut Vec<(String, String)>, name: &str, value: String) {
    match params.iter_mut().find(|(k, _)| k == name) {
        Some((_, existing)) => {
            existing.push(' ');
            existing.push_str(&value);
        }
        None => params.push((name.to_string(), value)),
    }
}

fn with_value(
    provider: &str,
    option: &OptionSpec,
    template: &str,
    value: &str,
) -> Result<String, ConfigError> {
    template::fill(template, |name| {
        (name == "value").then(|| value.to_string())
    })
    .map_err(|err| ConfigError::invalid(provider, option.name, err.to_string()))
}

/// The option's value as text, or `None` when it has no effect.
fn value_of(
    option: &OptionSpec,
    chosen: Option<&OptionValue>,
    provider: &str,
) -> Result<Option<String>, ConfigError> {
    let wrong = || ConfigError::invalid(provider, option.name, "value of the wrong kind");
    Ok(match (option.kind, chosen) {
        (
            OptionKind::Bool {
                default,
                when_true,
                when_false,
            },
            chosen,
        ) => {
            let on = match chosen {
                None => default,
                Some(OptionValue::Bool(b)) => *b,
                Some(OptionValue::Text(_)) => return Err(wrong()),
            };
            if on { when_true } else { when_false }.map(str::to_string)
        }
        // An empty string means "not set" (Flask-Dance drops empty values too).
        (OptionKind::Text { default }, None) => default.map(str::to_string),
        (OptionKind::Text { default }, Some(OptionValue::Text(t))) if t.is_empty() => {
            default.map(str::to_string)
        }
        (OptionKind::Text { .. }, Some(OptionValue::Text(t))) => Some(t.clone()),
        (OptionKind::Choice { default, .. }, None) => default.map(str::to_string),
        (OptionKind::Choice { values, .. }, Some(OptionValue::Text(t))) => {
            if !values.contains(&t.as_str()) {
                return Err(ConfigError::invalid(
                    provider,
                    option.name,
                    "not one of the option's values",
                ));
            }
            Some(t.clone())
        }
        (_, Some(OptionValue::Bool(_))) => return Err(wrong()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: &[OptionSpec] = &[
        OptionSpec::new(
            "host",
            "",
            OptionKind::Text { default: None },
            &[OptionEffect::Placeholder {
                name: "host",
                template: "{value}",
            }],
        ),
        OptionSpec::new(
            "sandbox",
            "",
            OptionKind::Bool {
                default: false,
                when_true: Some("test.example.com"),
                when_false: Some("example.com"),
            },
            &[OptionEffect::Placeholder {
                name: "host",
                template: "{value}",
            }],
        ),
        OptionSpec::new(
            "sub",
            "",
            OptionKind::Text { default: None },
            &[OptionEffect::Placeholder {
                name: "sub",
                template: "{value}.",
            }],
        ),
        OptionSpec::new(
            "consent",
            "",
            OptionKind::Bool {
                default: false,
                when_true: Some("consent"),
                when_false: None,
            },
            &[OptionEffect::AuthorizationParam {
                name: "prompt",
                template: "{value}",
            }],
        ),
        OptionSpec::new(
            "select",
            "",
            OptionKind::Bool {
                default: false,
                when_true: Some("select_account"),
                when_false: None,
            },
            &[OptionEffect::AuthorizationParam {
                name: "prompt",
                template: "{value}",
            }],
        ),
    ];

    #[test]
    fn defaults_fill_placeholders_and_leave_client_id() {
        let r = ResolvedOptions::resolve("demo", OPTIONS, &BTreeMap::new()).unwrap();
        assert_eq!(
            r.fill("demo", "url", "https://{sub}{host}/authorize")
                .unwrap(),
            "https://example.com/authorize"
        );
        assert_eq!(
            r.fill("demo", "header", "{client_id}").unwrap(),
            "{client_id}"
        );
        assert!(r.authorization_params.is_empty());
    }

    #[test]
    fn an_unset_option_that_leaves_a_url_without_host_or_segment_is_named() {
        const REQUIRED: &[OptionSpec] = &[
            OptionSpec::new(
                "server",
                "",
                OptionKind::Text { default: None },
                &[OptionEffect::Placeholder {
                    name: "server",
                    template: "{value}",
                }],
            ),
            OptionSpec::new(
                "realm",
                "",
                OptionKind::Text { default: None },
                &[OptionEffect::Placeholder {
                    name: "realm",
                    template: "{value}",
                }],
            ),
        ];
        let url = "https://{server}/realms/{realm}/auth";
        let unset = ResolvedOptions::resolve("demo", REQUIRED, &BTreeMap::new()).unwrap();
        let err = unset.fill("demo", "authorization URL", url).unwrap_err();
        assert_eq!(
            err.to_string(),
            ConfigError::invalid(
                "demo",
                "server",
                format!("required: set it on the builder (the authorization URL `{url}` needs it)")
            )
            .to_string()
        );
        let host_only = BTreeMap::from([("server", OptionValue::Text("kc.test".into()))]);
        let host_only = ResolvedOptions::resolve("demo", REQUIRED, &host_only).unwrap();
        let err = host_only
            .fill("demo", "authorization URL", url)
            .unwrap_err();
        assert!(err.to_string().contains("`realm`"), "{err}");
        let err = unset
            .fill("demo", "url", "https://{server}.myshopify.com/a")
            .unwrap_err();
        assert!(err.to_string().contains("`server`"), "{err}");
        // A placeholder that is only part of the host may be empty (Slack's `{subdomain}`).
        assert_eq!(
            unset
                .fill("demo", "url", "https://{server}slack.com/a")
                .unwrap(),
            "https://slack.com/a"
        );
    }

    #[test]
    fn first_option_wins_and_params_join() {
        let values = BTreeMap::from([
            ("host", OptionValue::Text("own.host".into())),
            ("sandbox", OptionValue::Bool(true)),
            ("sub", OptionValue::Text("team".into())),
            ("consent", OptionValue::Bool(true)),
            ("select", OptionValue::Bool(true)),
        ]);
        let r = ResolvedOptions::resolve("demo", OPTIONS, &values).unwrap();
        assert_eq!(
            r.fill("demo", "url", "https://{sub}{host}/authorize")
                .unwrap(),
            "https://team.own.host/authorize"
        );
        assert_eq!(
            r.authorization_params,
            vec![("prompt".into(), "consent select_account".into())]
        );
    }

    #[test]
    fn a_placeholder_before_a_fixed_domain_keeps_the_host_on_it() {
        let url = "https://{host}.myshopify.com/admin/oauth/authorize";
        let with = |value: &str| {
            let values = BTreeMap::from([("host", OptionValue::Text(value.into()))]);
            ResolvedOptions::resolve("demo", OPTIONS, &values)
                .unwrap()
                .fill("demo", "authorization URL", url)
        };
        assert_eq!(
            with("my-shop").unwrap(),
            "https://my-shop.myshopify.com/admin/oauth/authorize"
        );
        for moved in [
            "evil.example/x?",
            "evil.example#",
            "a@evil.example",
            "-x",
            ".x",
        ] {
            let err = with(moved).unwrap_err().to_string();
            assert!(
                err.contains("`host`") && err.contains("not part of a host name"),
                "{err}"
            );
        }
        let err = with("my-shop.MyShopify.com").unwrap_err().to_string();
        assert!(err.contains("already ends with `myshopify.com`"), "{err}");
        // A placeholder that is the whole host may carry a path (Keycloak's context path).
        let values = BTreeMap::from([("host", OptionValue::Text("example.com/auth".into()))]);
        let r = ResolvedOptions::resolve("demo", OPTIONS, &values).unwrap();
        let filled = r.fill("demo", "url", "https://{host}/realms").unwrap();
        assert_eq!(filled, "https://example.com/auth/realms");
    }

    #[test]
    fn mistyped_values_are_errors() {
        let err = ResolvedOptions::resolve(
            "demo",
            OPTIONS,
            &BTreeMap::from([("sandbox", OptionValue::Text("x".into()))]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("sandbox"), "{err}");
    }
}
