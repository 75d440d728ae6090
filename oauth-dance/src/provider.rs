//! What a provider *is*, as data: the trait `#[derive(OAuthProvider)]` implements, and the
//! static [`ProviderSpec`] it fills in.
//!
//! Presets in `providers.toml` and custom providers written with the derive both end up here:
//! `build.rs` turns each TOML table into a derive invocation, so there is exactly one generator
//! and one runtime path. The runtime reads a spec only through [`ProviderSpec::resolve`], which
//! turns the spec plus the option values a user chose into concrete URLs, parameters and headers.

use std::collections::BTreeMap;

use crate::error::ConfigError;

/// A provider known at compile time: implemented by `#[derive(OAuthProvider)]`.
///
/// ```
/// use oauth_dance::{OAuthProvider, Provider};
///
/// #[derive(OAuthProvider)]
/// #[oauth(
///     name = "example",
///     base_url = "https://api.oauth-example.com/",
///     authorization_url = "https://oauth-example.com/login/oauth/authorize",
///     token_url = "https://oauth-example.com/login/oauth/access_token",
/// )]
/// pub struct Example;
///
/// assert_eq!(Example::SPEC.name, "example");
/// ```
pub trait Provider: 'static {
    /// The provider's static description.
    const SPEC: ProviderSpec;
}

/// How the client authenticates itself at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic `client_id:client_secret` (RFC 6749 §2.3.1, the default).
    Basic,
    /// `client_id` and `client_secret` in the form body.
    RequestBody,
}

/// A named provider behaviour that is not expressible as data. Each quirk is implemented once in
/// the runtime; `providers.toml` and the derive reject names that are not listed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quirk {
    /// Slack: API calls also carry the access token as a `token` form field (or query parameter
    /// when the request has no form body), unless the caller already set one.
    SlackTokenInBody,
    /// DigitalOcean: scopes given as one comma-separated string are sent space-separated.
    CommaSeparatedScopes,
}

impl Quirk {
    /// Every quirk, with the name used in `providers.toml` and `#[oauth(quirk = "...")]`.
    pub const ALL: &'static [(&'static str, Quirk)] = &[
        ("slack_token_in_body", Quirk::SlackTokenInBody),
        ("comma_separated_scopes", Quirk::CommaSeparatedScopes),
    ];
}

/// A provider option's type and default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A switch. Its value is `when_true` or `when_false` (either may be absent: no effect).
    Bool {
        /// The default.
        default: bool,
        /// The option's value when on.
        when_true: Option<&'static str>,
        /// The option's value when off.
        when_false: Option<&'static str>,
    },
    /// Free text; no value (no effect) unless set or defaulted.
    Text {
        /// The default.
        default: Option<&'static str>,
    },
    /// One of a fixed set of values.
    Choice {
        /// The allowed values.
        values: &'static [&'static str],
        /// The default, one of `values`; `None` means "no value".
        default: Option<&'static str>,
    },
}

/// What an option's value does. `template` is a string in which `{value}` is replaced by the
/// option's value (it is `"{value}"` unless the provider says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionEffect {
    /// Adds a parameter to the authorization request. Several options naming the same parameter
    /// are joined with a space, in declaration order (Google's `prompt=consent select_account`).
    AuthorizationParam {
        /// The parameter's name.
        name: &'static str,
        /// The parameter's value.
        template: &'static str,
    },
    /// Fills `{name}` in the provider's URLs. The first option (in declaration order) that has a
    /// value wins; a placeholder no option fills becomes the empty string.
    Placeholder {
        /// The placeholder's name.
        name: &'static str,
        /// The replacement.
        template: &'static str,
    },
    /// Sets a header on every request to the provider (token and API requests).
    Header {
        /// The header's name.
        name: &'static str,
        /// The header's value.
        template: &'static str,
    },
}

/// One typed provider option (Google's `offline`, Azure's `tenant`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The option's name, also the typed builder method's name.
    pub name: &'static str,
    /// What the option means, for the docs.
    pub doc: &'static str,
    /// Its type and default.
    pub kind: OptionKind,
    /// What its value does.
    pub effects: &'static [OptionEffect],
}

/// The static description of one provider: everything `providers.toml` or the derive says.
///
/// Strings may contain `{placeholders}` filled by options, and header values may also use
/// `{client_id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderSpec {
    /// The blueprint name: routes `/{name}` and `/{name}/authorized`, session keys, env vars.
    pub name: &'static str,
    /// A human name ("GitHub").
    pub display_name: &'static str,
    /// Base URL that relative API URLs resolve against.
    pub base_url: &'static str,
    /// The authorization endpoint.
    pub authorization_url: &'static str,
    /// The token endpoint.
    pub token_url: &'static str,
    /// The scope requested when the app sets none (empty: no `scope` parameter).
    pub scope: &'static [&'static str],
    /// How scopes are joined in the `scope` parameter.
    pub scope_separator: &'static str,
    /// The environment variable holding the client id.
    pub client_id_env: &'static str,
    /// The environment variable holding the client secret.
    pub client_secret_env: &'static str,
    /// How the client authenticates at the token endpoint.
    pub client_auth: ClientAuth,
    /// Fixed extra parameters of the authorization request.
    pub authorization_params: &'static [(&'static str, &'static str)],
    /// Fixed extra parameters of the token request.
    pub token_params: &'static [(&'static str, &'static str)],
    /// Fixed headers on every request to the provider.
    pub headers: &'static [(&'static str, &'static str)],
    /// The scheme of the `Authorization` header on API calls (`Bearer` unless the provider differs).
    pub api_auth_scheme: &'static str,
    /// Typed options.
    pub options: &'static [OptionSpec],
    /// Named behaviours implemented in the runtime.
    pub quirks: &'static [Quirk],
}

/// A value chosen for one option by the user of a typed builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// For [`OptionKind::Bool`].
    Bool(bool),
    /// For [`OptionKind::Text`] and [`OptionKind::Choice`].
    Text(String),
}

/// A spec with its options applied: concrete URLs, parameters and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedProvider {
    /// See [`ProviderSpec::base_url`].
    pub base_url: String,
    /// See [`ProviderSpec::authorization_url`].
    pub authorization_url: String,
    /// See [`ProviderSpec::token_url`].
    pub token_url: String,
    /// Fixed and option-derived authorization parameters, in order.
    pub authorization_params: Vec<(String, String)>,
    /// Fixed token request parameters.
    pub token_params: Vec<(String, String)>,
    /// Fixed and option-derived headers; values may still contain `{client_id}`.
    pub headers: Vec<(String, String)>,
}

impl ProviderSpec {
    /// Applies option values (by option name) to the spec. Options not in `values` take their
    /// defaults. An unknown option name or a value of the wrong kind is a [`ConfigError`].
    pub fn resolve(
        &self,
        values: &BTreeMap<&'static str, OptionValue>,
    ) -> Result<ResolvedProvider, ConfigError> {
        for name in values.keys() {
            if !self.options.iter().any(|o| o.name == *name) {
                return Err(ConfigError::invalid(
                    self.name,
                    *name,
                    "this provider has no such option",
                ));
            }
        }
        let mut placeholders: BTreeMap<&str, String> = BTreeMap::new();
        let mut params: Vec<(String, String)> = self
            .authorization_params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for option in self.options {
            let Some(value) = option.value(values.get(option.name), self.name)? else {
                continue;
            };
            for effect in option.effects {
                match *effect {
                    OptionEffect::AuthorizationParam { name, template } => {
                        let text = template.replace("{value}", &value);
                        match params.iter_mut().find(|(k, _)| k == name) {
                            Some((_, existing)) => {
                                existing.push(' ');
                                existing.push_str(&text);
                            }
                            None => params.push((name.to_string(), text)),
                        }
                    }
                    OptionEffect::Placeholder { name, template } => {
                        placeholders
                            .entry(name)
                            .or_insert_with(|| template.replace("{value}", &value));
                    }
                    OptionEffect::Header { name, template } => {
                        let text = template.replace("{value}", &value);
                        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                        headers.push((name.to_string(), text));
                    }
                }
            }
        }
        let fill = |template: &str| fill_placeholders(template, &placeholders, self);
        Ok(ResolvedProvider {
            base_url: fill(self.base_url),
            authorization_url: fill(self.authorization_url),
            token_url: fill(self.token_url),
            authorization_params: params,
            token_params: self
                .token_params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            headers: headers.into_iter().map(|(k, v)| (k, fill(&v))).collect(),
        })
    }

    /// The quirks this provider has.
    pub fn has_quirk(&self, quirk: Quirk) -> bool {
        self.quirks.contains(&quirk)
    }
}

impl OptionSpec {
    /// The option's value as text, or `None` when it has no effect.
    fn value(
        &self,
        chosen: Option<&OptionValue>,
        provider: &'static str,
    ) -> Result<Option<String>, ConfigError> {
        let wrong = || ConfigError::invalid(provider, self.name, "value of the wrong kind");
        Ok(match (self.kind, chosen) {
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
            (OptionKind::Text { default }, None) => default.map(str::to_string),
            // An empty string means "not set" (Flask-Dance drops empty values too).
            (OptionKind::Text { default }, Some(OptionValue::Text(t))) if t.is_empty() => {
                default.map(str::to_string)
            }
            (OptionKind::Text { .. }, Some(OptionValue::Text(t))) => Some(t.clone()),
            (OptionKind::Choice { default, .. }, None) => default.map(str::to_string),
            (OptionKind::Choice { values, .. }, Some(OptionValue::Text(t))) => {
                if !values.contains(&t.as_str()) {
                    return Err(ConfigError::invalid(
                        provider,
                        self.name,
                        "not one of the option's values",
                    ));
                }
                Some(t.clone())
            }
            (_, Some(OptionValue::Bool(_))) => return Err(wrong()),
        })
    }
}

/// Replaces every `{name}` whose name is a placeholder of the spec's options. `{client_id}` and
/// any other unknown braces are left alone.
fn fill_placeholders(
    template: &str,
    values: &BTreeMap<&str, String>,
    spec: &ProviderSpec,
) -> String {
    let mut out = template.to_string();
    for option in spec.options {
        for effect in option.effects {
            if let OptionEffect::Placeholder { name, .. } = effect {
                let key = format!("{{{name}}}");
                if out.contains(&key) {
                    let value = values.get(name).map(String::as_str).unwrap_or("");
                    out = out.replace(&key, value);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: ProviderSpec = ProviderSpec {
        name: "demo",
        display_name: "Demo",
        base_url: "https://{host}/api/",
        authorization_url: "https://{sub}{host}/authorize",
        token_url: "https://{host}/token",
        scope: &[],
        scope_separator: " ",
        client_id_env: "DEMO_OAUTH_CLIENT_ID",
        client_secret_env: "DEMO_OAUTH_CLIENT_SECRET",
        client_auth: ClientAuth::Basic,
        authorization_params: &[("audience", "x")],
        token_params: &[],
        headers: &[("Client-Id", "{client_id}")],
        api_auth_scheme: "Bearer",
        options: &[
            OptionSpec {
                name: "host",
                doc: "",
                kind: OptionKind::Text { default: None },
                effects: &[OptionEffect::Placeholder {
                    name: "host",
                    template: "{value}",
                }],
            },
            OptionSpec {
                name: "sandbox",
                doc: "",
                kind: OptionKind::Bool {
                    default: false,
                    when_true: Some("test.example.com"),
                    when_false: Some("example.com"),
                },
                effects: &[OptionEffect::Placeholder {
                    name: "host",
                    template: "{value}",
                }],
            },
            OptionSpec {
                name: "sub",
                doc: "",
                kind: OptionKind::Text { default: None },
                effects: &[OptionEffect::Placeholder {
                    name: "sub",
                    template: "{value}.",
                }],
            },
            OptionSpec {
                name: "consent",
                doc: "",
                kind: OptionKind::Bool {
                    default: false,
                    when_true: Some("consent"),
                    when_false: None,
                },
                effects: &[OptionEffect::AuthorizationParam {
                    name: "prompt",
                    template: "{value}",
                }],
            },
            OptionSpec {
                name: "select",
                doc: "",
                kind: OptionKind::Bool {
                    default: false,
                    when_true: Some("select_account"),
                    when_false: None,
                },
                effects: &[OptionEffect::AuthorizationParam {
                    name: "prompt",
                    template: "{value}",
                }],
            },
        ],
        quirks: &[],
    };

    #[test]
    fn defaults_fill_placeholders_and_leave_client_id() {
        let r = SPEC.resolve(&BTreeMap::new()).unwrap();
        assert_eq!(r.authorization_url, "https://example.com/authorize");
        assert_eq!(r.base_url, "https://example.com/api/");
        assert_eq!(r.headers, vec![("Client-Id".into(), "{client_id}".into())]);
        assert_eq!(
            r.authorization_params,
            vec![("audience".into(), "x".into())]
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
        let r = SPEC.resolve(&values).unwrap();
        assert_eq!(r.authorization_url, "https://team.own.host/authorize");
        assert_eq!(
            r.authorization_params[1],
            ("prompt".into(), "consent select_account".into())
        );
    }

    #[test]
    fn unknown_or_mistyped_options_are_errors() {
        let err = SPEC
            .resolve(&BTreeMap::from([("nope", OptionValue::Bool(true))]))
            .unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        let err = SPEC
            .resolve(&BTreeMap::from([(
                "sandbox",
                OptionValue::Text("x".into()),
            )]))
            .unwrap_err();
        assert!(err.to_string().contains("sandbox"), "{err}");
    }
}
