//! The provider model, in two stages.
//!
//! 1. [`ProviderInput`]: what one front end read, as written, with the place of every value
//!    ([`Site`]): a `#[oauth(...)]` attribute ([`super::attr`]) or a `providers.toml` table
//!    ([`super::toml`]). Nothing in it has been checked beyond its shape.
//! 2. [`Provider`]: the same provider after [`super::valid::validate`], with defaults applied
//!    and every value known to be good. [`super::expand`], [`super::print`] and
//!    [`super::contrib`] read only this.

use oauth_dance_spec::{
    ClientAuth, OptionType, Protocol, Quirk, SignatureMethod, SignaturePlacement, defaults,
};
use proc_macro2::TokenStream;
use syn::Ident;

use crate::diag::{Site, Spanned};

/// A scalar written where either a bool or a string is allowed (an option's `default`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// `"text"`.
    Str(String),
}

/// A list of strings with the place of each and of the list (`scope`, an option's `values`).
pub type StringList = Spanned<Vec<Spanned<String>>>;

/// A `name = value` pair (fixed parameter or header).
#[derive(Clone, Debug)]
pub struct Pair {
    /// The parameter or header name.
    pub name: Spanned<String>,
    /// Its value.
    pub value: Spanned<String>,
}

/// A `name = value` pair while it is read: `header(name = "...", value = "...")` may lack
/// either.
#[derive(Clone, Debug, Default)]
pub struct PairInput {
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// `value`.
    pub value: Option<Spanned<String>>,
}

/// A key the front end does not know, with the keys it accepts at that place.
#[derive(Clone, Debug)]
pub struct UnknownKey {
    /// The key as written.
    pub key: Spanned<String>,
    /// The keys accepted there (in that front end's spelling), for the "did you mean" hint.
    pub known: Vec<&'static str>,
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
    /// `protocol`.
    pub protocol: Option<Spanned<String>>,
    /// `base_url`.
    pub base_url: Option<Spanned<String>>,
    /// `authorization_url`.
    pub authorization_url: Option<Spanned<String>>,
    /// `token_url`.
    pub token_url: Option<Spanned<String>>,
    /// `request_token_url`.
    pub request_token_url: Option<Spanned<String>>,
    /// `access_token_url`.
    pub access_token_url: Option<Spanned<String>>,
    /// `signature_method`.
    pub signature_method: Option<Spanned<String>>,
    /// `signature_placement`.
    pub signature_placement: Option<Spanned<String>>,
    /// `rsa_key_env`.
    pub rsa_key_env: Option<Spanned<String>>,
    /// `scope`, with the place of the list.
    pub scope: Option<StringList>,
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
    /// `api_token_header`.
    pub api_token_header: Option<Spanned<String>>,
    /// `refresh_url`.
    pub refresh_url: Option<Spanned<String>>,
    /// `revocation_url`.
    pub revocation_url: Option<Spanned<String>>,
    /// `issuer`.
    pub issuer: Option<Spanned<String>>,
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
            protocol: None,
            base_url: None,
            authorization_url: None,
            token_url: None,
            request_token_url: None,
            access_token_url: None,
            signature_method: None,
            signature_placement: None,
            rsa_key_env: None,
            scope: None,
            scope_separator: None,
            client_auth: None,
            client_id_env: None,
            client_secret_env: None,
            api_auth_scheme: None,
            api_token_header: None,
            refresh_url: None,
            revocation_url: None,
            issuer: None,
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
    pub values: Option<StringList>,
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
    /// `claim`.
    pub claim: Option<Spanned<String>>,
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
            claim: None,
            template: None,
        }
    }
}

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
    /// What users should know about the provider.
    pub notes: Option<String>,
    /// See `ProviderSpec::base_url`.
    pub base_url: String,
    /// See `ProviderSpec::authorization_url`.
    pub authorization_url: String,
    /// The client id's environment variable.
    pub client_id_env: String,
    /// The client secret's environment variable.
    pub client_secret_env: String,
    /// Fixed headers.
    pub headers: Vec<(String, String)>,
    /// Typed options, in declaration order.
    pub options: Vec<ProviderOption>,
    /// Named runtime behaviours.
    pub quirks: Vec<Quirk>,
    /// The protocol, with what only it has (see `ProviderSpec::protocol`).
    pub protocol: ProtocolPart,
}

/// The part of a provider that belongs to its protocol (see `ProtocolSpec`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolPart {
    /// An OAuth 2 provider's part.
    OAuth2(OAuth2),
    /// An OAuth 1 provider's part.
    OAuth1(OAuth1),
}

impl ProtocolPart {
    /// The protocol.
    pub fn kind(&self) -> Protocol {
        match self {
            ProtocolPart::OAuth2(_) => Protocol::OAuth2,
            ProtocolPart::OAuth1(_) => Protocol::OAuth1,
        }
    }

    /// The OAuth 1 part, for an OAuth 1 provider.
    pub fn oauth1(&self) -> Option<&OAuth1> {
        match self {
            ProtocolPart::OAuth1(o) => Some(o),
            ProtocolPart::OAuth2(_) => None,
        }
    }
}

/// What an OAuth 2 provider adds (see `OAuth2Spec`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuth2 {
    /// The token endpoint.
    pub token_url: String,
    /// The default scope.
    pub scope: Vec<String>,
    /// How scopes are joined.
    pub scope_separator: String,
    /// Token endpoint client authentication.
    pub client_auth: ClientAuth,
    /// The `Authorization` scheme of API calls.
    pub api_auth_scheme: String,
    /// The header carrying the bare token on API calls (empty: `Authorization`).
    pub api_token_header: String,
    /// Fixed authorization request parameters.
    pub authorization_params: Vec<(String, String)>,
    /// Fixed token request parameters.
    pub token_params: Vec<(String, String)>,
    /// Where tokens are refreshed, when not at the token endpoint (empty: the token endpoint).
    pub refresh_url: String,
    /// The revocation endpoint, RFC 7009 (empty: none).
    pub revocation_url: String,
    /// The OpenID Connect issuer (empty: the provider is not used as an OpenID Provider).
    pub issuer: String,
}

impl Default for OAuth2 {
    /// No token URL, no scope, every other key at its default (as `OAuth2Spec::new`).
    fn default() -> Self {
        OAuth2 {
            token_url: String::new(),
            scope: Vec::new(),
            scope_separator: defaults::SCOPE_SEPARATOR.to_string(),
            client_auth: defaults::CLIENT_AUTH,
            api_auth_scheme: defaults::API_AUTH_SCHEME.to_string(),
            api_token_header: String::new(),
            authorization_params: Vec::new(),
            token_params: Vec::new(),
            refresh_url: String::new(),
            revocation_url: String::new(),
            issuer: String::new(),
        }
    }
}

/// What an OAuth 1 provider adds (see `OAuth1Spec`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuth1 {
    /// The request-token endpoint.
    pub request_token_url: String,
    /// The access-token endpoint.
    pub access_token_url: String,
    /// How requests are signed.
    pub signature_method: SignatureMethod,
    /// Where the protocol parameters go.
    pub signature_placement: SignaturePlacement,
    /// The RSA private key's environment variable.
    pub rsa_key_env: String,
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
    /// The ID-token claim that must have its value.
    pub claim: Option<String>,
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
    /// Its type, as `kind = "..."` names it.
    pub fn option_type(&self) -> OptionType {
        match self {
            OptionKind::Bool { .. } => OptionType::Bool,
            OptionKind::Text { .. } => OptionType::Text,
            OptionKind::Choice { .. } => OptionType::Choice,
        }
    }

    /// The default, if it has one (a bool option always has one).
    pub fn default_value(&self) -> Option<String> {
        match self {
            OptionKind::Bool { default, .. } => Some(default.to_string()),
            OptionKind::Text { default } | OptionKind::Choice { default, .. } => default.clone(),
        }
    }
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
