//! Every semantic check of a provider definition, whichever front end read it.
//!
//! [`validate`] turns a [`ProviderInput`] into a [`Provider`] or into the list of everything
//! wrong with it, each [`Diagnostic`] at the offending token or key, saying how to fix it.

use std::collections::BTreeSet;

use proc_macro2::Span;
use quote::quote;
use syn::Ident;

use crate::model::{
    ClientAuth, DEFAULT_API_AUTH_SCHEME, DEFAULT_SCOPE_SEPARATOR, DEFAULT_TEMPLATE, Diagnostic,
    OptionInput, OptionKind, Pair, Provider, ProviderInput, ProviderOption, QUIRKS, Scalar, Site,
    Spanned, UnknownKey, camel_case, default_env,
};

/// Names an option cannot take: the typed builder already has these methods (the common builder
/// methods that `oauth_dance::__forward_builder_methods!` defines, in its order) or fields.
pub const RESERVED_OPTION_NAMES: &[&str] = &[
    "name",
    "client_id",
    "client_secret",
    "base_url",
    "authorization_url",
    "token_url",
    "authorization_param",
    "token_param",
    "header",
    "client_auth",
    "redirect_url",
    "redirect_to",
    "login_url",
    "authorized_url",
    "storage",
    "use_pkce",
    "http_client",
    "timeout",
    "max_pending_logins",
    "login_lifetime",
    "scope",
    "on_before_login",
    "on_authorized",
    "on_error",
    "build",
    "into_untyped",
    "inner",
    "spec",
];

/// Checks a provider definition and applies its defaults.
pub fn validate(input: &ProviderInput) -> Result<Provider, Vec<Diagnostic>> {
    let mut v = Validator::default();
    for unknown in &input.unknown_keys {
        v.unknown_key(unknown);
    }

    let name = v.required(&input.name, &input.site, "name", NAME_EXAMPLE);
    if let Some(name) = &input.name {
        v.check_name(name);
    }
    let display_name = match (&input.display_name, &input.item) {
        (Some(display_name), _) => {
            v.check_non_empty(display_name, "the provider's human name, like `\"GitHub\"`");
            Some(display_name.value.clone())
        }
        (None, Some(item)) => Some(item.ident.to_string()),
        (None, None) => v.missing(&input.site, "display_name", DISPLAY_NAME_EXAMPLE),
    };
    let (ident, vis) = match &input.item {
        Some(item) => (Some(item.ident.clone()), item.vis.clone()),
        None => {
            let ident = input.display_name.as_ref().and_then(|d| v.preset_ident(d));
            if let Some(name) = &input.name {
                v.check_module_name(name);
            }
            (ident, quote!(pub))
        }
    };
    let about = match (&input.about, &input.item) {
        (Some(about), _) => Some(about.value.clone()),
        (None, Some(item)) => item.doc.clone(),
        (None, None) => v.missing(&input.site, "about", ABOUT_EXAMPLE),
    };
    if let Some(docs_url) = &input.docs_url {
        v.check_url(docs_url, &Fills::default());
    }
    let notes = input.notes.as_ref().map(|n| n.value.clone());

    let checked: Vec<(&OptionInput, Option<ProviderOption>)> =
        input.options.iter().map(|o| (o, v.option(o))).collect();
    v.check_option_set(&checked);
    let options: Vec<ProviderOption> = checked.into_iter().filter_map(|(_, o)| o).collect();
    let fills = Fills::new(&input.options);

    let base_url = v.required(&input.base_url, &input.site, "base_url", BASE_URL_EXAMPLE);
    let authorization_url = v.required(
        &input.authorization_url,
        &input.site,
        "authorization_url",
        AUTHORIZATION_URL_EXAMPLE,
    );
    let token_url = v.required(
        &input.token_url,
        &input.site,
        "token_url",
        TOKEN_URL_EXAMPLE,
    );
    for url in [&input.base_url, &input.authorization_url, &input.token_url]
        .into_iter()
        .flatten()
    {
        v.check_url(url, &fills);
    }

    for scope in &input.scope {
        v.check_scope(scope);
    }
    let scope_separator = match &input.scope_separator {
        Some(sep) => {
            if sep.value.is_empty() {
                v.error(
                    &sep.site,
                    "the scope separator cannot be empty; use `\" \"` or `\",\"`",
                );
            }
            sep.value.clone()
        }
        None => DEFAULT_SCOPE_SEPARATOR.to_string(),
    };
    let client_auth = match &input.client_auth {
        Some(client_auth) => v.client_auth(client_auth),
        None => Some(ClientAuth::Basic),
    };
    let env = |slot: &Option<Spanned<String>>, what: &str| match (slot, &input.name) {
        (Some(env), _) => env.value.clone(),
        (None, Some(name)) => default_env(&name.value, what),
        (None, None) => String::new(),
    };
    let client_id_env = env(&input.client_id_env, "ID");
    let client_secret_env = env(&input.client_secret_env, "SECRET");
    for env in [&input.client_id_env, &input.client_secret_env]
        .into_iter()
        .flatten()
    {
        v.check_env_var(env);
    }
    let api_auth_scheme = match &input.api_auth_scheme {
        Some(scheme) => {
            v.check_token(scheme, "an `Authorization` scheme, like `\"Bearer\"`");
            scheme.value.clone()
        }
        None => DEFAULT_API_AUTH_SCHEME.to_string(),
    };
    v.check_pairs(
        &input.authorization_params,
        "authorization parameter",
        false,
    );
    v.check_pairs(&input.token_params, "token parameter", false);
    v.check_pairs(&input.headers, "header", true);
    for header in &input.headers {
        v.check_token(&header.name, "an HTTP header name, like `\"Accept\"`");
        v.check_placeholders(&header.value, &fills, Allowed::HeaderValue);
    }
    v.check_placeholder_use(input);
    let quirks = v.quirks(&input.quirks);

    match (
        name,
        display_name,
        ident,
        about,
        base_url,
        authorization_url,
        token_url,
        client_auth,
    ) {
        (
            Some(name),
            Some(display_name),
            Some(ident),
            about,
            Some(base_url),
            Some(authorization_url),
            Some(token_url),
            Some(client_auth),
        ) if v.diagnostics.is_empty() => Ok(Provider {
            ident,
            vis,
            name,
            display_name,
            about,
            docs_url: input.docs_url.as_ref().map(|d| d.value.clone()),
            notes,
            base_url,
            authorization_url,
            token_url,
            scope: input.scope.iter().map(|s| s.value.clone()).collect(),
            scope_separator,
            client_auth,
            client_id_env,
            client_secret_env,
            api_auth_scheme,
            authorization_params: pairs(&input.authorization_params),
            token_params: pairs(&input.token_params),
            headers: pairs(&input.headers),
            options,
            quirks,
        }),
        _ => Err(v.diagnostics),
    }
}

/// Checks that hold between the tables of one `providers.toml`: each provider's module and
/// environment variables must be its own.
pub fn validate_preset_set(inputs: &[ProviderInput]) -> Vec<Diagnostic> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut diagnostics = Vec::new();
    for input in inputs {
        let Some(name) = &input.name else { continue };
        let module = module_name(&name.value);
        match seen.iter().find(|(m, _)| *m == module) {
            Some((_, other)) => diagnostics.push(Diagnostic::new(
                &name.site,
                format!(
                    "`{}` and `{other}` both make the module `contrib::{module}` and the same \
                     environment variables; rename one of the tables",
                    name.value
                ),
            )),
            None => seen.push((module, &name.value)),
        }
    }
    diagnostics
}

/// The module of a preset: its name with `-` turned into `_`.
pub fn module_name(name: &str) -> String {
    name.replace('-', "_")
}

const NAME_EXAMPLE: &str = "the blueprint name (routes, session keys, environment variables), \
                            lowercase, like `name = \"example\"`";
const DISPLAY_NAME_EXAMPLE: &str = "the human name, which also names the struct, like \
                                    `display_name = \"GitHub\"`";
const ABOUT_EXAMPLE: &str =
    "a sentence for the docs, like `about = \"GitHub accounts and the GitHub REST API.\"`";
const BASE_URL_EXAMPLE: &str = "the URL that relative API URLs resolve against, like \
                                `base_url = \"https://api.example.com/\"`";
const AUTHORIZATION_URL_EXAMPLE: &str = "the authorization endpoint, like \
                                         `authorization_url = \"https://example.com/oauth/authorize\"`";
const TOKEN_URL_EXAMPLE: &str =
    "the token endpoint, like `token_url = \"https://example.com/oauth/token\"`";

fn pairs(pairs: &[Pair]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|p| (p.name.value.clone(), p.value.value.clone()))
        .collect()
}

/// Which placeholders a string may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// A URL: the options' placeholders.
    Url,
    /// A header value: the options' placeholders and `{client_id}`.
    HeaderValue,
}

/// The placeholders the options fill, each with a stand-in value for checking URLs.
#[derive(Default)]
struct Fills {
    /// `(placeholder, stand-in)`, first filling option first.
    fills: Vec<(String, String)>,
}

impl Fills {
    /// Read from the options as written, so that an option with another problem still counts.
    fn new(options: &[OptionInput]) -> Self {
        let mut fills: Vec<(String, String)> = Vec::new();
        for option in options {
            if let Some(placeholder) = &option.placeholder
                && !fills.iter().any(|(p, _)| *p == placeholder.value)
            {
                let template = option
                    .template
                    .as_ref()
                    .map_or(DEFAULT_TEMPLATE, |t| &t.value);
                let stand_in = template.replace("{value}", "x");
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

#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
}

impl Validator {
    fn error(&mut self, site: &Site, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(site, message));
    }

    fn unknown_key(&mut self, unknown: &UnknownKey) {
        let key = &unknown.key.value;
        let message = match did_you_mean(key, unknown.known) {
            Some(known) => format!("unknown key `{key}`; did you mean `{known}`?"),
            None => format!(
                "unknown key `{key}`; the keys here are {}",
                code_list(unknown.known)
            ),
        };
        self.error(&unknown.key.site, message);
    }

    /// The value of a required key, or `None` after reporting it missing at `site`.
    fn required<T: Clone>(
        &mut self,
        slot: &Option<Spanned<T>>,
        site: &Site,
        key: &str,
        example: &str,
    ) -> Option<T> {
        match slot {
            Some(value) => Some(value.value.clone()),
            None => self.missing(site, key, example),
        }
    }

    /// Reports a missing required key; always `None`.
    fn missing<T>(&mut self, site: &Site, key: &str, example: &str) -> Option<T> {
        self.error(site, format!("missing required key `{key}`: {example}"));
        None
    }

    fn check_non_empty(&mut self, value: &Spanned<String>, what: &str) {
        if value.value.trim().is_empty() {
            self.error(&value.site, format!("this cannot be empty: give {what}"));
        }
    }

    fn check_name(&mut self, name: &Spanned<String>) {
        let text = &name.value;
        let valid = text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            self.error(
                &name.site,
                format!(
                    "invalid provider name `{text}`: use lowercase ASCII letters, digits, `-` or \
                     `_`, starting with a letter, like `\"github\"` or `\"azure-ad\"`"
                ),
            );
        }
    }

    /// A preset's module is its name with `-` turned into `_`; it cannot be a keyword.
    fn check_module_name(&mut self, name: &Spanned<String>) {
        let module = module_name(&name.value);
        if !module.is_empty() && syn::parse_str::<Ident>(&module).is_err() {
            self.error(
                &name.site,
                format!(
                    "`{module}` is a Rust keyword, so it cannot name the module \
                     `oauth_dance::contrib::{module}`; rename the table, like `[{module}-oauth]`"
                ),
            );
        }
    }

    /// A preset's struct is its display name without the characters an identifier cannot have.
    fn preset_ident(&mut self, display_name: &Spanned<String>) -> Option<Ident> {
        let text: String = display_name
            .value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        match syn::parse_str::<Ident>(&text) {
            Ok(_) if text.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                Some(Ident::new(&text, Span::call_site()))
            }
            _ => {
                self.error(
                    &display_name.site,
                    format!(
                        "`{}` cannot name the provider's struct (its ASCII letters and digits \
                         must form a Rust type name starting with a letter); write it like \
                         `\"GitHub\"`",
                        display_name.value
                    ),
                );
                None
            }
        }
    }

    /// An absolute http(s) URL once the options' placeholders are filled with stand-ins.
    fn check_url(&mut self, url: &Spanned<String>, fills: &Fills) {
        if !self.check_placeholders(url, fills, Allowed::Url) {
            return;
        }
        let mut filled = url.value.clone();
        for (placeholder, stand_in) in &fills.fills {
            filled = filled.replace(&format!("{{{placeholder}}}"), stand_in);
        }
        let problem = match url::Url::parse(&filled) {
            Err(err) => Some(err.to_string()),
            Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
                Some(format!("the scheme is `{}`", parsed.scheme()))
            }
            Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => {
                Some("it has no host".to_string())
            }
            Ok(_) => None,
        };
        if let Some(problem) = problem {
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
    }

    /// Every `{placeholder}` is one `allowed` may use. Returns whether all were.
    fn check_placeholders(
        &mut self,
        text: &Spanned<String>,
        fills: &Fills,
        allowed: Allowed,
    ) -> bool {
        let names = match placeholders(&text.value) {
            Ok(names) => names,
            Err(problem) => {
                self.error(&text.site, problem);
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

    fn client_auth(&mut self, value: &Spanned<String>) -> Option<ClientAuth> {
        let found = ClientAuth::ALL
            .iter()
            .find(|(name, _)| *name == value.value);
        if found.is_none() {
            let names: Vec<&str> = ClientAuth::ALL.iter().map(|(name, _)| *name).collect();
            self.error(
                &value.site,
                format!(
                    "unknown client_auth `{}`; use {} (HTTP Basic, the default) or {} (client id \
                     and secret in the form body)",
                    value.value,
                    code(names[0]),
                    code(names[1])
                ),
            );
        }
        found.map(|(_, auth)| *auth)
    }

    fn check_env_var(&mut self, env: &Spanned<String>) {
        let valid = env
            .value
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && env
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.error(
                &env.site,
                format!(
                    "`{}` is not an environment variable name: use ASCII letters, digits and \
                     `_`, like `\"EXAMPLE_OAUTH_CLIENT_ID\"`",
                    env.value
                ),
            );
        }
    }

    /// An HTTP token (RFC 9110 §5.6.2): a header name or an auth scheme.
    fn check_token(&mut self, value: &Spanned<String>, what: &str) {
        let valid = !value.value.is_empty()
            && value
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        if !valid {
            self.error(
                &value.site,
                format!("`{}` is not {what}: no spaces or separators", value.value),
            );
        }
    }

    fn check_pairs(&mut self, pairs: &[Pair], what: &str, ignore_case: bool) {
        let mut seen: Vec<&str> = Vec::new();
        for pair in pairs {
            let name = pair.name.value.as_str();
            if name.is_empty() {
                self.error(
                    &pair.name.site,
                    format!("the {what}'s name cannot be empty"),
                );
            } else if seen.iter().any(|s| {
                if ignore_case {
                    s.eq_ignore_ascii_case(name)
                } else {
                    *s == name
                }
            }) {
                self.error(
                    &pair.name.site,
                    format!("the {what} `{name}` is given twice; keep one"),
                );
            }
            seen.push(name);
        }
    }

    fn quirks(&mut self, quirks: &[Spanned<String>]) -> Vec<&'static str> {
        let mut known = Vec::new();
        for quirk in quirks {
            match QUIRKS.iter().find(|q| **q == quirk.value) {
                Some(q) if known.contains(q) => {
                    self.error(
                        &quirk.site,
                        format!("the quirk `{q}` is listed twice; keep one"),
                    );
                }
                Some(q) => known.push(*q),
                None => {
                    let hint = match did_you_mean(&quirk.value, QUIRKS) {
                        Some(q) => format!("did you mean `{q}`? "),
                        None => String::new(),
                    };
                    self.error(
                        &quirk.site,
                        format!(
                            "unknown quirk `{}`; {hint}the known quirks are {} (a new quirk is \
                             implemented in the runtime first)",
                            quirk.value,
                            code_list(QUIRKS)
                        ),
                    );
                }
            }
        }
        known
    }

    /// One option on its own; `None` when it is too broken to take part in later checks.
    fn option(&mut self, o: &OptionInput) -> Option<ProviderOption> {
        let name = self.required(
            &o.name,
            &o.site,
            "name",
            "the builder method's name, like `name = \"offline\"`",
        );
        if let Some(name) = &o.name {
            self.check_option_name(name);
        }
        let doc = self.required(
            &o.doc,
            &o.site,
            "doc",
            "what the option does, for the docs, like `doc = \"Ask for a refresh token.\"`",
        );
        let kind_name = self.required(
            &o.kind,
            &o.site,
            "kind",
            "the option's type: `kind = \"bool\"`, `\"text\"` or `\"choice\"`",
        );
        let kind = match (kind_name.as_deref(), &o.kind) {
            (Some("bool"), _) => self.bool_kind(o),
            (Some("text"), _) => self.text_kind(o),
            (Some("choice"), _) => self.choice_kind(o),
            (Some(other), Some(kind)) => {
                let hint = match did_you_mean(other, OptionKind::NAMES) {
                    Some(k) => format!("did you mean `{k}`? "),
                    None => String::new(),
                };
                self.error(
                    &kind.site,
                    format!("unknown option kind `{other}`; {hint}use `bool`, `text` or `choice`"),
                );
                None
            }
            _ => None,
        };
        if let Some(kind_name) = kind_name.as_deref() {
            for (key, value) in [("when_true", &o.when_true), ("when_false", &o.when_false)] {
                if let Some(value) = value
                    && kind_name != "bool"
                {
                    self.error(
                        &value.site,
                        format!("`{key}` only applies to bool options, and this one is `{kind_name}`; remove it"),
                    );
                }
            }
            if let Some(values) = &o.values
                && kind_name != "choice"
            {
                self.error(
                    &values.site,
                    format!("`values` only applies to choice options, and this one is `{kind_name}`; remove it, or make it `kind = \"choice\"`"),
                );
            }
        }
        if o.param.is_none() && o.placeholder.is_none() && o.header.is_none() {
            self.error(
                &o.site,
                "this option has no effect: give it `param = \"...\"` (an authorization \
                 parameter), `placeholder = \"...\"` (fills `{...}` in the URLs) or \
                 `header = \"...\"` (a request header)",
            );
        }
        if let Some(param) = &o.param {
            self.check_non_empty(
                param,
                "the authorization parameter's name, like `\"prompt\"`",
            );
        }
        if let Some(placeholder) = &o.placeholder {
            self.check_placeholder_name(placeholder);
        }
        if let Some(header) = &o.header {
            self.check_token(header, "an HTTP header name, like `\"Accept\"`");
        }
        if let Some(template) = &o.template {
            match placeholders(&template.value) {
                Err(problem) => self.error(&template.site, problem),
                Ok(names) => {
                    for name in names.into_iter().filter(|n| *n != "value") {
                        self.error(
                            &template.site,
                            format!("a template can only use `{{value}}` (the option's value), not `{{{name}}}`"),
                        );
                    }
                }
            }
        }
        Some(ProviderOption {
            name: name?,
            doc: doc?,
            kind: kind?,
            param: o.param.as_ref().map(|p| p.value.clone()),
            placeholder: o.placeholder.as_ref().map(|p| p.value.clone()),
            header: o.header.as_ref().map(|h| h.value.clone()),
            template: o
                .template
                .as_ref()
                .map_or(DEFAULT_TEMPLATE.to_string(), |t| t.value.clone()),
        })
    }

    fn check_option_name(&mut self, name: &Spanned<String>) {
        let text = name.value.as_str();
        let snake = text.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake || syn::parse_str::<Ident>(text).is_err() {
            self.error(
                &name.site,
                format!(
                    "invalid option name `{text}`: it names the builder method, so it must be a \
                     snake_case Rust identifier that is not a keyword, like `\"offline\"` or \
                     `\"hosted_domain\"`"
                ),
            );
        } else if RESERVED_OPTION_NAMES.contains(&text) {
            self.error(
                &name.site,
                format!(
                    "the option name `{text}` is taken: every blueprint builder has a `{text}` \
                     method; rename the option"
                ),
            );
        }
    }

    fn check_placeholder_name(&mut self, placeholder: &Spanned<String>) {
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

    fn bool_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let default = match &o.default {
            None => false,
            Some(Spanned {
                value: Scalar::Bool(b),
                ..
            }) => *b,
            Some(Spanned {
                value: Scalar::Str(s),
                site,
            }) => {
                self.error(
                    site,
                    format!(
                        "a bool option's default is `true` or `false` (no quotes), not `\"{s}\"`"
                    ),
                );
                return None;
            }
        };
        if o.when_true.is_none() && o.when_false.is_none() {
            self.error(
                &o.site,
                "this bool option never has a value: give it `when_true = \"...\"` and/or \
                 `when_false = \"...\"`, the value its effects get when it is on / off",
            );
            return None;
        }
        Some(OptionKind::Bool {
            default,
            when_true: o.when_true.as_ref().map(|w| w.value.clone()),
            when_false: o.when_false.as_ref().map(|w| w.value.clone()),
        })
    }

    fn text_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let default = match &o.default {
            None => None,
            Some(Spanned {
                value: Scalar::Str(s),
                ..
            }) => Some(s.clone()),
            Some(Spanned {
                value: Scalar::Bool(b),
                site,
            }) => {
                self.error(
                    site,
                    format!("a text option's default is a string, like `\"common\"`, not `{b}`"),
                );
                return None;
            }
        };
        Some(OptionKind::Text { default })
    }

    fn choice_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let Some(values) = &o.values else {
            self.error(
                &o.site,
                "a choice option needs its `values`, like `values = [\"consent\", \"none\"]`",
            );
            return None;
        };
        if values.value.is_empty() {
            self.error(&values.site, "a choice option needs at least one value");
            return None;
        }
        let mut variants: Vec<String> = Vec::new();
        let mut ok = true;
        for value in &values.value {
            let variant = camel_case(&value.value);
            if value.value.is_empty()
                || !variant.starts_with(|c: char| c.is_ascii_alphabetic())
                || syn::parse_str::<Ident>(&variant).is_err()
            {
                self.error(
                    &value.site,
                    format!(
                        "the choice value `{}` cannot name an enum variant (it would be `{variant}`): \
                         a value must start with a letter",
                        value.value
                    ),
                );
                ok = false;
            } else if variants.contains(&variant) {
                self.error(
                    &value.site,
                    format!(
                        "the choice value `{}` is listed twice (or makes the same enum variant \
                         `{variant}` as another value); keep one",
                        value.value
                    ),
                );
                ok = false;
            }
            variants.push(variant);
        }
        let names: Vec<&str> = values.value.iter().map(|v| v.value.as_str()).collect();
        let default = match &o.default {
            None => None,
            Some(Spanned {
                value: Scalar::Str(s),
                site,
            }) => {
                if !names.contains(&s.as_str()) {
                    self.error(
                        site,
                        format!(
                            "the default `{s}` is not one of the option's values ({}); use one \
                             of them, or leave `default` out",
                            code_list(&names)
                        ),
                    );
                    ok = false;
                }
                Some(s.clone())
            }
            Some(Spanned {
                value: Scalar::Bool(b),
                site,
            }) => {
                self.error(
                    site,
                    format!(
                        "a choice option's default is one of its values, like `\"{}\"`, not `{b}`",
                        names[0]
                    ),
                );
                return None;
            }
        };
        ok.then(|| OptionKind::Choice {
            values: names.iter().map(|n| n.to_string()).collect(),
            default,
        })
    }

    /// Checks between options: unique names, and generated enum names that collide.
    fn check_option_set(&mut self, options: &[(&OptionInput, Option<ProviderOption>)]) {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        let mut enums: BTreeSet<String> = BTreeSet::new();
        for (input, checked) in options {
            if let Some(name) = &input.name
                && !names.insert(&name.value)
            {
                self.error(
                    &name.site,
                    format!("the option `{}` is declared twice; keep one", name.value),
                );
            }
            let Some(option) = checked else { continue };
            if !matches!(option.kind, OptionKind::Choice { .. }) {
                continue;
            }
            let suffix = camel_case(&option.name);
            if suffix == "Blueprint" || suffix == "Client" || !enums.insert(suffix.clone()) {
                self.error(
                    &input.site,
                    format!(
                        "the choice option `{}` would generate the enum `<Provider>{suffix}`, \
                         which another generated item already uses; rename the option",
                        option.name
                    ),
                );
            }
        }
    }

    /// Every placeholder an option fills is used by a URL or a header.
    fn check_placeholder_use(&mut self, input: &ProviderInput) {
        let mut texts: Vec<&str> = [&input.base_url, &input.authorization_url, &input.token_url]
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

/// The `{name}` placeholders of `text`, or what is malformed about them.
fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        if rest[at..].starts_with('}') {
            return Err(format!(
                "`{text}` has a `}}` without its `{{`; placeholders are written `{{name}}`"
            ));
        }
        let after = &rest[at + 1..];
        match after.find(['{', '}']) {
            Some(end) if after[end..].starts_with('}') && end > 0 => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => {
                return Err(format!(
                    "`{text}` has a malformed placeholder; placeholders are written `{{name}}`"
                ));
            }
        }
    }
    Ok(names)
}

/// The known name closest to `key`, if it is close enough to be a typo (a few edits away, or
/// one is the start of the other, like `boolean` and `bool`).
fn did_you_mean(key: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| {
            let typo = *d <= 2.max(k.len() / 4) && *d < k.len();
            let prefix = k.len().min(key.len()) >= 3 && (k.starts_with(key) || key.starts_with(k));
            typo || prefix
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

/// `` `a`, `b` and `c` ``.
fn code_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| code(i)).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_malformed_ones_reported() {
        assert_eq!(placeholders("https://{a}.x/{b}").unwrap(), ["a", "b"]);
        assert!(placeholders("https://{a.x").is_err());
        assert!(placeholders("https://a}.x").is_err());
        assert!(placeholders("https://{}.x").is_err());
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(did_you_mean("scopes", &["scope", "quirk"]), Some("scope"));
        assert_eq!(did_you_mean("quirks", &["scope", "quirk"]), Some("quirk"));
        assert_eq!(did_you_mean("xyz", &["scope", "quirk"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
