//! Applying the option values a user chose to a provider's options: which `{placeholders}` they
//! fill, and which authorization parameters and headers they add.

use std::collections::BTreeMap;

use oauth_dance_spec::template;

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
        match self.unset_option_leaving_a_gap(text, &filled) {
            Some(option) => Err(ConfigError::invalid(
                provider,
                option,
                format!("required: set it on the builder (the {what} `{text}` needs it)"),
            )),
            None => Ok(filled),
        }
    }

    /// The option whose placeholder in `text` has no value, when leaving it empty leaves the
    /// URL `filled` without a host or with an empty path segment: `https:///realms//...` means
    /// the app did not set an option the provider needs, like its server's host.
    fn unset_option_leaving_a_gap(&self, text: &str, filled: &str) -> Option<&'static str> {
        let (_, rest) = filled.split_once("://")?;
        let before_query = rest.split(['?', '#']).next().unwrap_or("");
        if !(before_query.starts_with('/') || before_query.contains("//")) {
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
