//! The provider model, in two stages.
//!
//! 1. [`ProviderInput`]: what one front end read, as written, with the place of every value
//!    ([`Site`]): a `#[oauth(...)]` attribute ([`crate::attr`]) or a `providers.toml` table
//!    ([`crate::preset`]). Nothing in it has been checked beyond its shape.
//! 2. [`Provider`]: the same provider after [`crate::valid::validate`], with defaults applied and
//!    every value known to be good. [`crate::expand`] and [`crate::presets`] read only this.

use proc_macro2::{Span, TokenStream};
use syn::Ident;

/// Where a value was written, so that an error can point at it.
#[derive(Clone, Debug)]
pub enum Site {
    /// A token of a `#[oauth(...)]` attribute, or the struct the derive is on.
    Tokens(Span),
    /// A key of a `providers.toml` table.
    Toml(TomlSite),
}

/// A place in `providers.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlSite {
    /// The table name (the provider's name).
    pub provider: String,
    /// The key inside the table, dotted (`options.offline.default`); empty for the table itself.
    pub key: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// `parent.key`, or `key` at the top.
pub(crate) fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// A value with the place it was written.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub site: Site,
}

impl<T> Spanned<T> {
    /// Pairs a value with its place.
    pub fn new(value: T, site: Site) -> Self {
        Spanned { value, site }
    }
}

/// One problem in a provider definition: where, and what is wrong (with the fix).
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The offending token or key.
    pub site: Site,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// A problem at `site`.
    pub fn new(site: &Site, message: impl Into<String>) -> Self {
        Diagnostic {
            site: site.clone(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    /// `providers.toml:12:5: provider `google`, key `scope`: <message>` for a TOML site; the
    /// message alone for a token (the compiler shows where).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.site {
            Site::Tokens(_) => f.write_str(&self.message),
            Site::Toml(site) => {
                write!(
                    f,
                    "providers.toml:{}:{}: provider `{}`",
                    site.line, site.column, site.provider
                )?;
                if !site.key.is_empty() {
                    write!(f, ", key `{}`", site.key)?;
                }
                write!(f, ": {}", self.message)
            }
        }
    }
}

/// All diagnostics as one `syn::Error` (each at its token), for `compile_error!`.
pub fn to_syn_error(diagnostics: &[Diagnostic]) -> syn::Error {
    let mut errors = diagnostics.iter().map(|d| {
        let span = match d.site {
            Site::Tokens(span) => span,
            Site::Toml(_) => Span::call_site(),
        };
        syn::Error::new(span, d)
    });
    let mut combined = errors
        .next()
        .unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid provider definition"));
    for error in errors {
        combined.combine(error);
    }
    combined
}

/// A scalar written where either a bool or a string is allowed (an option's `default`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// `"text"`.
    Str(String),
}

/// A `name = value` pair (fixed parameter or header).
#[derive(Clone, Debug)]
pub struct Pair {
    /// The parameter or header name.
    pub name: Spanned<String>,
    /// Its value.
    pub value: Spanned<String>,
}

/// A key the front end does not know, with the keys it accepts at that place.
#[derive(Clone, Debug)]
pub struct UnknownKey {
    /// The key as written.
    pub key: Spanned<String>,
    /// The keys accepted there, for the "did you mean" hint.
    pub known: &'static [&'static str],
}

/// The struct a derive is on.
#[derive(Clone, Debug)]
pub struct DeriveItem {
    /// Its name.
    pub ident: Ident,
    /// Its visibility (`pub`, `pub(crate)`…), shared by the generated items.
    pub vis: TokenStream,
    /// Its doc comment, the default of `about`.
    pub doc: Option<String>,
}

/// A provider as a front end read it. Absent optional keys are `None` or empty.
#[derive(Clone, Debug)]
pub struct ProviderInput {
    /// The whole definition: the struct's name, or the table's header.
    pub site: Site,
    /// The struct the derive is on; `None` for a `providers.toml` table, whose struct is named
    /// after `display_name`.
    pub item: Option<DeriveItem>,
    /// `name`: the attribute key, or the table name.
    pub name: Option<Spanned<String>>,
    /// `display_name`.
    pub display_name: Option<Spanned<String>>,
    /// `about`.
    pub about: Option<Spanned<String>>,
    /// `docs_url`.
    pub docs_url: Option<Spanned<String>>,
    /// `notes`.
    pub notes: Option<Spanned<String>>,
    /// `base_url`.
    pub base_url: Option<Spanned<String>>,
    /// `authorization_url`.
    pub authorization_url: Option<Spanned<String>>,
    /// `token_url`.
    pub token_url: Option<Spanned<String>>,
    /// `scope`.
    pub scope: Vec<Spanned<String>>,
    /// `scope_separator`.
    pub scope_separator: Option<Spanned<String>>,
    /// `client_auth`.
    pub client_auth: Option<Spanned<String>>,
    /// `client_id_env`.
    pub client_id_env: Option<Spanned<String>>,
    /// `client_secret_env`.
    pub client_secret_env: Option<Spanned<String>>,
    /// `api_auth_scheme`.
    pub api_auth_scheme: Option<Spanned<String>>,
    /// `authorization_params` / `authorization_param(...)`, in order.
    pub authorization_params: Vec<Pair>,
    /// `token_params` / `token_param(...)`, in order.
    pub token_params: Vec<Pair>,
    /// `headers` / `header(...)`, in order.
    pub headers: Vec<Pair>,
    /// `quirks` / `quirk = ...`.
    pub quirks: Vec<Spanned<String>>,
    /// `options` / `option(...)`, in declaration order.
    pub options: Vec<OptionInput>,
    /// Keys the front end did not recognise (at any level, options included).
    pub unknown_keys: Vec<UnknownKey>,
}

impl ProviderInput {
    /// An empty definition at `site`.
    pub fn new(site: Site, item: Option<DeriveItem>) -> Self {
        ProviderInput {
            site,
            item,
            name: None,
            display_name: None,
            about: None,
            docs_url: None,
            notes: None,
            base_url: None,
            authorization_url: None,
            token_url: None,
            scope: Vec::new(),
            scope_separator: None,
            client_auth: None,
            client_id_env: None,
            client_secret_env: None,
            api_auth_scheme: None,
            authorization_params: Vec::new(),
            token_params: Vec::new(),
            headers: Vec::new(),
            quirks: Vec::new(),
            options: Vec::new(),
            unknown_keys: Vec::new(),
        }
    }
}

/// One option as a front end read it.
#[derive(Clone, Debug)]
pub struct OptionInput {
    /// The option as a whole: its `name` value, or its table's key.
    pub site: Site,
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// `kind`.
    pub kind: Option<Spanned<String>>,
    /// `default`.
    pub default: Option<Spanned<Scalar>>,
    /// `values`.
    pub values: Option<Spanned<Vec<Spanned<String>>>>,
    /// `when_true`.
    pub when_true: Option<Spanned<String>>,
    /// `when_false`.
    pub when_false: Option<Spanned<String>>,
    /// `doc`.
    pub doc: Option<Spanned<String>>,
    /// `param`.
    pub param: Option<Spanned<String>>,
    /// `placeholder`.
    pub placeholder: Option<Spanned<String>>,
    /// `header`.
    pub header: Option<Spanned<String>>,
    /// `template`.
    pub template: Option<Spanned<String>>,
}

impl OptionInput {
    /// An empty option at `site`.
    pub fn new(site: Site) -> Self {
        OptionInput {
            site,
            name: None,
            kind: None,
            default: None,
            values: None,
            when_true: None,
            when_false: None,
            doc: None,
            param: None,
            placeholder: None,
            header: None,
            template: None,
        }
    }
}

/// The default `template` of an option: the value itself.
pub const DEFAULT_TEMPLATE: &str = "{value}";
/// The default `scope_separator`.
pub const DEFAULT_SCOPE_SEPARATOR: &str = " ";
/// The default `api_auth_scheme`.
pub const DEFAULT_API_AUTH_SCHEME: &str = "Bearer";

/// A validated provider: everything the expansion and the preset docs need.
#[derive(Clone, Debug)]
pub struct Provider {
    /// The provider type's name (`GitHub`).
    pub ident: Ident,
    /// Its visibility (`pub`, `pub(crate)`…), shared by the generated items.
    pub vis: TokenStream,
    /// The blueprint name (`github`).
    pub name: String,
    /// The human name (`GitHub`).
    pub display_name: String,
    /// A paragraph about the provider.
    pub about: Option<String>,
    /// Where to register an OAuth app.
    pub docs_url: Option<String>,
    /// Deviations from Flask-Dance.
    pub notes: Option<String>,
    /// See `ProviderSpec::base_url`.
    pub base_url: String,
    /// See `ProviderSpec::authorization_url`.
    pub authorization_url: String,
    /// See `ProviderSpec::token_url`.
    pub token_url: String,
    /// The default scope.
    pub scope: Vec<String>,
    /// How scopes are joined.
    pub scope_separator: String,
    /// Token endpoint client authentication.
    pub client_auth: ClientAuth,
    /// The client id's environment variable.
    pub client_id_env: String,
    /// The client secret's environment variable.
    pub client_secret_env: String,
    /// The `Authorization` scheme of API calls.
    pub api_auth_scheme: String,
    /// Fixed authorization request parameters.
    pub authorization_params: Vec<(String, String)>,
    /// Fixed token request parameters.
    pub token_params: Vec<(String, String)>,
    /// Fixed headers.
    pub headers: Vec<(String, String)>,
    /// Typed options, in declaration order.
    pub options: Vec<ProviderOption>,
    /// Known quirk names (entries of [`crate::QUIRKS`]).
    pub quirks: Vec<&'static str>,
}

impl Provider {
    /// The typed builder's name (`GitHubBlueprint`).
    pub fn blueprint_ident(&self) -> Ident {
        suffixed(&self.ident, "Blueprint")
    }

    /// The extractor alias's name (`GitHubClient`).
    pub fn client_ident(&self) -> Ident {
        suffixed(&self.ident, "Client")
    }

    /// The enum of a choice option (`GooglePrompt`).
    pub fn choice_ident(&self, option: &ProviderOption) -> Ident {
        suffixed(&self.ident, &camel_case(&option.name))
    }
}

fn suffixed(ident: &Ident, suffix: &str) -> Ident {
    Ident::new(&format!("{ident}{suffix}"), ident.span())
}

/// How the client authenticates at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic (`"basic"`, the default).
    Basic,
    /// Credentials in the form body (`"request_body"`).
    RequestBody,
}

impl ClientAuth {
    /// Every value with its name in `client_auth = "..."`.
    pub const ALL: &'static [(&'static str, ClientAuth)] = &[
        ("basic", ClientAuth::Basic),
        ("request_body", ClientAuth::RequestBody),
    ];

    /// The name used in `client_auth = "..."`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuth::Basic => "basic",
            ClientAuth::RequestBody => "request_body",
        }
    }
}

/// A validated option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderOption {
    /// The name, also the builder method's name.
    pub name: String,
    /// What it means.
    pub doc: String,
    /// Its type and default.
    pub kind: OptionKind,
    /// The authorization parameter it sets.
    pub param: Option<String>,
    /// The URL placeholder it fills.
    pub placeholder: Option<String>,
    /// The header it sets.
    pub header: Option<String>,
    /// How its value is written into its effects (`{value}` is the value).
    pub template: String,
}

/// An option's type and default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// `kind = "bool"`.
    Bool {
        /// The default.
        default: bool,
        /// The value when on.
        when_true: Option<String>,
        /// The value when off.
        when_false: Option<String>,
    },
    /// `kind = "text"`.
    Text {
        /// The default, if any.
        default: Option<String>,
    },
    /// `kind = "choice"`.
    Choice {
        /// The allowed values.
        values: Vec<String>,
        /// The default, one of `values`, if any.
        default: Option<String>,
    },
}

impl OptionKind {
    /// The names used in `kind = "..."`.
    pub const NAMES: &'static [&'static str] = &["bool", "text", "choice"];

    /// The name used in `kind = "..."`.
    pub fn as_str(&self) -> &'static str {
        match self {
            OptionKind::Bool { .. } => "bool",
            OptionKind::Text { .. } => "text",
            OptionKind::Choice { .. } => "choice",
        }
    }
}

/// The default environment variable of a provider's credential: `{NAME}_OAUTH_CLIENT_ID` and
/// `{NAME}_OAUTH_CLIENT_SECRET` (`what` is `ID` or `SECRET`), NAME being the upper-cased provider
/// name with `-` turned into `_`.
pub fn default_env(name: &str, what: &str) -> String {
    let name = name.to_ascii_uppercase().replace('-', "_");
    format!("{name}_OAUTH_CLIENT_{what}")
}

/// `select_account` → `SelectAccount`: every run of ASCII letters and digits, first letter
/// upper-cased.
pub fn camel_case(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// The known quirk names, in the runtime's `Quirk::ALL` order. The runtime variant of each is
/// its [`camel_case`] (`slack_token_in_body` → `Quirk::SlackTokenInBody`).
pub const QUIRKS: &[&str] = &["slack_token_in_body", "comma_separated_scopes"];
