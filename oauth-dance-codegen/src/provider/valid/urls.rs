//! URLs and `{placeholder}`s: the endpoints are absolute http(s) URLs once the options'
//! placeholders are filled, every placeholder is one an option fills (or `{client_id}` in a
//! header value), and every placeholder an option fills is used.
//!
//! The placeholder grammar itself is `oauth_dance_spec::template`, shared with the runtime.

use oauth_dance_spec::{defaults, template};

use super::{Endpoints, Validator};
use crate::diag::Spanned;
use crate::provider::model::{OptionInput, ProviderInput};

const BASE_URL_EXAMPLE: &str = "the URL that relative API URLs resolve against, like \
                                `base_url = \"https://api.example.com/\"`";
const AUTHORIZATION_URL_EXAMPLE: &str = "the authorization endpoint, like \
                                         `authorization_url = \"https://example.com/oauth/authorize\"`";

/// Which placeholders a string may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Allowed {
    /// A URL: the options' placeholders.
    Url,
    /// A header value: the options' placeholders and `{client_id}`.
    HeaderValue,
}

/// The placeholders the options fill, each with a stand-in value for checking URLs.
#[derive(Default)]
pub(super) struct Fills {
    /// `(placeholder, stand-in)`, first filling option first.
    fills: Vec<(String, String)>,
}

impl Fills {
    /// Read from the options as written, so that an option with another problem still counts.
    pub(super) fn new(options: &[OptionInput]) -> Self {
        let mut fills: Vec<(String, String)> = Vec::new();
        for option in options {
            if let Some(placeholder) = &option.placeholder
                && !fills.iter().any(|(p, _)| *p == placeholder.value)
            {
                let template = option
                    .template
                    .as_ref()
                    .map_or(defaults::OPTION_TEMPLATE, |t| &t.value);
                let stand_in =
                    template::fill(template, |name| (name == "value").then(|| "x".to_string()))
                        .unwrap_or_else(|_| template.to_string());
                fills.push((placeholder.value.clone(), stand_in));
            }
        }
        Fills { fills }
    }

    fn stand_in(&self, placeholder: &str) -> Option<&str> {
        self.fills
            .iter()
            .find(|(p, _)| p == placeholder)
            .map(|(_, s)| s.as_str())
    }
}

impl Validator {
    /// `base_url` and `authorization_url`: both required, both absolute URLs.
    pub(super) fn endpoints(&mut self, input: &ProviderInput, fills: &Fills) -> Option<Endpoints> {
        let site = &input.site;
        let base_url = self.required(&input.base_url, site, "base_url", BASE_URL_EXAMPLE);
        let authorization_url = self.required(
            &input.authorization_url,
            site,
            "authorization_url",
            AUTHORIZATION_URL_EXAMPLE,
        );
        for url in [&input.base_url, &input.authorization_url]
            .into_iter()
            .flatten()
        {
            self.check_url(url, fills);
        }
        Some(Endpoints {
            base_url: base_url?,
            authorization_url: authorization_url?,
        })
    }

    /// An absolute http(s) URL once the options' placeholders are filled with stand-ins.
    pub(super) fn check_url(&mut self, url: &Spanned<String>, fills: &Fills) {
        if !self.check_placeholders(url, fills, Allowed::Url) {
            return;
        }
        let filled = template::fill(&url.value, |name| fills.stand_in(name).map(str::to_string))
            .unwrap_or_else(|_| url.value.clone());
        let Some(problem) = url_problem(&filled) else {
            return;
        };
        let shown = if filled == url.value {
            String::new()
        } else {
            format!(" (with placeholders filled: `{filled}`)")
        };
        self.error(
            &url.site,
            format!(
                "`{}` is not an absolute http(s) URL{shown}: {problem}; write the full URL, \
                 like `\"https://example.com/oauth/authorize\"`",
                url.value
            ),
        );
    }

    /// Every `{placeholder}` is one `allowed` may use. Returns whether all were.
    pub(super) fn check_placeholders(
        &mut self,
        text: &Spanned<String>,
        fills: &Fills,
        allowed: Allowed,
    ) -> bool {
        let names = match template::placeholders(&text.value) {
            Ok(names) => names,
            Err(problem) => {
                self.error(&text.site, problem.to_string());
                return false;
            }
        };
        let mut ok = true;
        for name in names {
            let message = match name {
                _ if fills.stand_in(name).is_some() => continue,
                "client_id" if allowed == Allowed::HeaderValue => continue,
                "client_id" => "`{client_id}` can only be used in header values".to_string(),
                "value" => "`{value}` can only be used in an option's `template`".to_string(),
                _ => format!(
                    "no option fills the placeholder `{{{name}}}`; add an option with \
                     `placeholder = \"{name}\"`, or write the value itself"
                ),
            };
            self.error(&text.site, message);
            ok = false;
        }
        ok
    }

    /// An option's `placeholder`: a bare name that oauth-dance does not fill itself.
    pub(super) fn check_placeholder_name(&mut self, placeholder: &Spanned<String>) {
        let text = placeholder.value.as_str();
        let valid = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.error(
                &placeholder.site,
                format!(
                    "invalid placeholder name `{text}`: write the name without braces, using \
                     letters, digits and `_`, like `placeholder = \"tenant\"` for `{{tenant}}`"
                ),
            );
        } else if text == "client_id" || text == "value" {
            self.error(
                &placeholder.site,
                format!(
                    "`{{{text}}}` is filled by oauth-dance itself; choose another placeholder name"
                ),
            );
        }
    }

    /// An option's `template` uses `{value}` and nothing else.
    pub(super) fn check_template(&mut self, template: &Spanned<String>) {
        match template::placeholders(&template.value) {
            Err(problem) => self.error(&template.site, problem.to_string()),
            Ok(names) => {
                for name in names.into_iter().filter(|n| *n != "value") {
                    self.error(
                        &template.site,
                        format!(
                            "a template can only use `{{value}}` (the option's value), not \
                             `{{{name}}}`"
                        ),
                    );
                }
            }
        }
    }

    /// Every placeholder an option fills is used by a URL or a header.
    pub(super) fn check_placeholder_use(&mut self, input: &ProviderInput) {
        let mut texts: Vec<&str> = [
            &input.base_url,
            &input.authorization_url,
            &input.token_url,
            &input.request_token_url,
            &input.access_token_url,
        ]
        .into_iter()
        .flatten()
        .map(|s| s.value.as_str())
        .collect();
        texts.extend(input.headers.iter().map(|h| h.value.value.as_str()));
        for option in &input.options {
            let Some(placeholder) = &option.placeholder else {
                continue;
            };
            let key = format!("{{{}}}", placeholder.value);
            if !texts.iter().any(|t| t.contains(&key)) {
                self.error(
                    &placeholder.site,
                    format!(
                        "the placeholder `{key}` is not used by any URL or header; write `{key}` \
                         where the value goes, like `\"https://{key}.example.com/\"`"
                    ),
                );
            }
        }
    }
}

/// Why `url` is not an absolute http(s) URL, if it is not.
fn url_problem(url: &str) -> Option<String> {
    match url::Url::parse(url) {
        Err(err) => Some(err.to_string()),
        Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
            Some(format!("the scheme is `{}`", parsed.scheme()))
        }
        Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => {
            Some("it has no host".to_string())
        }
        Ok(_) => None,
    }
}
