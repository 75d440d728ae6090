//! Every key of a provider definition, written once: its spelling in `#[oauth(...)]` and in
//! `providers.toml`, the shape of its value, its default and what it means.
//!
//! Both readers are driven by these tables ([`super::attr`] and [`super::toml`] look a key up
//! here and read the value its [`Slot`] asks for), the "unknown key" hints list their names, and
//! the schema documentation (the derive's rustdoc and the header of `providers.toml`) is
//! generated from them ([`super::key_docs`]).

use oauth_dance_spec::naming::Credential;
use oauth_dance_spec::{
    ClientAuth, OptionType, Protocol, Quirk, SignatureMethod, SignaturePlacement, defaults,
};

use super::model::{OptionInput, Pair, PairInput, ProviderInput, Scalar, StringList};
use crate::diag::Spanned;

/// One key at one place (a provider, an option, a pair).
pub struct Key<T: 'static> {
    /// The `#[oauth(...)]` spelling; `None` where only `providers.toml` has the key.
    pub attr: Option<&'static str>,
    /// The `providers.toml` spelling; `None` where the document's structure gives the value
    /// (a provider's name is its table's name, an option's name its table's key).
    pub toml: Option<&'static str>,
    /// Where the value goes in the input model, which also fixes its shape.
    pub slot: Slot<T>,
    /// What happens when the key is left out.
    pub if_absent: IfAbsent,
    /// The names the value must be one of, if it names something in the vocabulary.
    pub names: Names,
    /// The protocol the key belongs to (`None`: every protocol); a table of another protocol
    /// cannot have it.
    pub protocol: Option<Protocol>,
    /// What it means, for the docs.
    pub doc: &'static str,
}

/// The shape of a key's value and the field that holds it.
pub enum Slot<T: 'static> {
    /// `key = "..."`.
    Text(fn(&mut T) -> &mut Option<Spanned<String>>),
    /// `key = ["...", ...]`.
    List(fn(&mut T) -> &mut Option<StringList>),
    /// `key = true` or `key = "..."`.
    Scalar(fn(&mut T) -> &mut Option<Spanned<Scalar>>),
    /// `key = "..."` once per value in the attribute; one list in `providers.toml`.
    Each(fn(&mut T) -> &mut Vec<Spanned<String>>),
    /// `key(name = "...", value = "...")` once per pair in the attribute; one inline table
    /// `{ name = "value", ... }` in `providers.toml`.
    Pairs(fn(&mut T) -> &mut Vec<Pair>),
    /// `option(...)` once per option in the attribute; one table per option in
    /// `providers.toml` (`[<provider>.options.<option>]`).
    Options(fn(&mut T) -> &mut Vec<OptionInput>),
}

/// What a left-out key means.
#[derive(Clone, Copy)]
pub enum IfAbsent {
    /// It must be given.
    Required,
    /// It must be given in `providers.toml`; the derive takes it from the struct (the text says
    /// what).
    FromStruct(&'static str),
    /// Nothing: the feature is not used.
    Nothing,
    /// The empty list.
    Empty,
    /// This value.
    Value(&'static str),
    /// The provider's default environment variable for this credential.
    EnvVar(Credential),
    /// The provider's default environment variable for its RSA private key.
    RsaKeyVar,
}

/// The vocabulary a key's value names an entry of.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Any value.
    Any,
    /// A [`ClientAuth`] name.
    ClientAuth,
    /// A [`Quirk`] name.
    Quirk,
    /// An [`OptionType`] name.
    OptionType,
    /// A [`Protocol`] name.
    Protocol,
    /// A [`SignatureMethod`] name.
    SignatureMethod,
    /// A [`SignaturePlacement`] name.
    SignaturePlacement,
}

impl Names {
    /// The names allowed, in the vocabulary's order.
    pub fn all(self) -> Vec<&'static str> {
        match self {
            Names::Any => Vec::new(),
            Names::ClientAuth => ClientAuth::ALL.iter().map(|c| c.name()).collect(),
            Names::Quirk => Quirk::names().collect(),
            Names::OptionType => OptionType::ALL.iter().map(|t| t.name()).collect(),
            Names::Protocol => Protocol::ALL.iter().map(|p| p.name()).collect(),
            Names::SignatureMethod => SignatureMethod::ALL.iter().map(|m| m.name()).collect(),
            Names::SignaturePlacement => SignaturePlacement::ALL.iter().map(|p| p.name()).collect(),
        }
    }
}

/// Which front end reads a key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Syntax {
    /// `#[oauth(...)]`.
    Attr,
    /// `providers.toml`.
    Toml,
}

impl<T> Key<T> {
    /// The key's spelling in `syntax`, if that front end has it.
    pub fn spelling(&self, syntax: Syntax) -> Option<&'static str> {
        match syntax {
            Syntax::Attr => self.attr,
            Syntax::Toml => self.toml,
        }
    }
}

/// The key of `table` spelled `name` in `syntax`.
pub fn find<T>(table: &'static [Key<T>], syntax: Syntax, name: &str) -> Option<&'static Key<T>> {
    table.iter().find(|key| key.spelling(syntax) == Some(name))
}

/// Every key of `table` that `syntax` has, in table order.
pub fn names<T>(table: &'static [Key<T>], syntax: Syntax) -> Vec<&'static str> {
    table
        .iter()
        .filter_map(|key| key.spelling(syntax))
        .collect()
}

/// A key spelled `name` in both front ends.
const fn same<T>(
    name: &'static str,
    slot: Slot<T>,
    if_absent: IfAbsent,
    doc: &'static str,
) -> Key<T> {
    key(name, name, slot, if_absent, doc)
}

/// A key of the attribute only: `providers.toml` gives its value by its structure.
const fn attr_only<T>(
    name: &'static str,
    slot: Slot<T>,
    if_absent: IfAbsent,
    doc: &'static str,
) -> Key<T> {
    Key {
        toml: None,
        ..key(name, "", slot, if_absent, doc)
    }
}

/// A key spelled `attr` in the attribute and `toml` in `providers.toml`.
const fn key<T>(
    attr: &'static str,
    toml: &'static str,
    slot: Slot<T>,
    if_absent: IfAbsent,
    doc: &'static str,
) -> Key<T> {
    Key {
        attr: Some(attr),
        toml: Some(toml),
        slot,
        if_absent,
        names: Names::Any,
        protocol: None,
        doc,
    }
}

/// `key`, belonging to `protocol` only.
const fn only<T>(protocol: Protocol, key: Key<T>) -> Key<T> {
    Key {
        protocol: Some(protocol),
        ..key
    }
}

/// The keys of a provider: `#[oauth(...)]`, or a `providers.toml` table.
pub const PROVIDER: &[Key<ProviderInput>] = &[
    attr_only(
        "name",
        Slot::Text(|p| &mut p.name),
        IfAbsent::Required,
        NAME_DOC,
    ),
    same(
        "display_name",
        Slot::Text(|p| &mut p.display_name),
        IfAbsent::FromStruct("the struct's name"),
        "The human name. In `providers.toml` it also names the preset's struct, once its \
         characters other than ASCII letters and digits are left out and its first letter is \
         capitalised (`eBay`: `EBay`), so it must read as a CamelCase type name.",
    ),
    same(
        "about",
        Slot::Text(|p| &mut p.about),
        IfAbsent::FromStruct("the struct's doc comment"),
        "One to three sentences about the provider, for the docs.",
    ),
    same(
        "docs_url",
        Slot::Text(|p| &mut p.docs_url),
        IfAbsent::Nothing,
        "Where to register an OAuth app with the provider. Docs only.",
    ),
    same(
        "notes",
        Slot::Text(|p| &mut p.notes),
        IfAbsent::Nothing,
        "What users should know: deviations, outdated endpoints, quirks, with public sources. \
         Docs only.",
    ),
    Key {
        names: Names::Protocol,
        ..same(
            "protocol",
            Slot::Text(|p| &mut p.protocol),
            IfAbsent::Value(defaults::PROTOCOL.name()),
            "The protocol the provider speaks; each key below marked OAuth 2 or OAuth 1 \
             belongs to that protocol only, and a table of the other cannot have it.",
        )
    },
    same(
        "base_url",
        Slot::Text(|p| &mut p.base_url),
        IfAbsent::Required,
        "The URL that relative API URLs resolve against. An absolute http(s) URL; it may \
         contain `{placeholder}`s that options fill.",
    ),
    same(
        "authorization_url",
        Slot::Text(|p| &mut p.authorization_url),
        IfAbsent::Required,
        "The authorization endpoint. An absolute http(s) URL; it may contain \
         `{placeholder}`s that options fill.",
    ),
    only(
        Protocol::OAuth2,
        same(
            "token_url",
            Slot::Text(|p| &mut p.token_url),
            IfAbsent::Required,
            "The token endpoint. An absolute http(s) URL; it may contain `{placeholder}`s \
             that options fill.",
        ),
    ),
    only(
        Protocol::OAuth1,
        same(
            "request_token_url",
            Slot::Text(|p| &mut p.request_token_url),
            IfAbsent::Required,
            "The request-token endpoint (temporary credentials, RFC 5849 §2.1). An absolute \
             http(s) URL; it may contain `{placeholder}`s that options fill.",
        ),
    ),
    only(
        Protocol::OAuth1,
        same(
            "access_token_url",
            Slot::Text(|p| &mut p.access_token_url),
            IfAbsent::Required,
            "The access-token endpoint (token credentials, RFC 5849 §2.3). An absolute \
             http(s) URL; it may contain `{placeholder}`s that options fill.",
        ),
    ),
    only(
        Protocol::OAuth1,
        Key {
            names: Names::SignatureMethod,
            ..same(
                "signature_method",
                Slot::Text(|p| &mut p.signature_method),
                IfAbsent::Value(defaults::SIGNATURE_METHOD.name()),
                "How requests are signed; `RSA-SHA1` signs with the consumer's RSA private \
                 key instead of the client secret.",
            )
        },
    ),
    only(
        Protocol::OAuth1,
        Key {
            names: Names::SignaturePlacement,
            ..same(
                "signature_placement",
                Slot::Text(|p| &mut p.signature_placement),
                IfAbsent::Value(defaults::SIGNATURE_PLACEMENT.name()),
                "Where the protocol parameters go: the `Authorization` header, the query, or a \
                 form body.",
            )
        },
    ),
    only(
        Protocol::OAuth1,
        same(
            "rsa_key_env",
            Slot::Text(|p| &mut p.rsa_key_env),
            IfAbsent::RsaKeyVar,
            "The environment variable holding the RSA private key (PEM text or a path to a \
             PEM file), for `RSA-SHA1`.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "scope",
            Slot::List(|p| &mut p.scope),
            IfAbsent::Empty,
            "The default scope; an empty one sends no `scope` parameter.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "scope_separator",
            Slot::Text(|p| &mut p.scope_separator),
            IfAbsent::Value(defaults::SCOPE_SEPARATOR),
            "How scopes are joined in the `scope` parameter.",
        ),
    ),
    only(
        Protocol::OAuth2,
        Key {
            names: Names::ClientAuth,
            ..same(
                "client_auth",
                Slot::Text(|p| &mut p.client_auth),
                IfAbsent::Value(defaults::CLIENT_AUTH.name()),
                "How the client authenticates at the token endpoint.",
            )
        },
    ),
    same(
        "client_id_env",
        Slot::Text(|p| &mut p.client_id_env),
        IfAbsent::EnvVar(Credential::ClientId),
        "The environment variable holding the client id.",
    ),
    same(
        "client_secret_env",
        Slot::Text(|p| &mut p.client_secret_env),
        IfAbsent::EnvVar(Credential::ClientSecret),
        "The environment variable holding the client secret.",
    ),
    only(
        Protocol::OAuth2,
        same(
            "api_auth_scheme",
            Slot::Text(|p| &mut p.api_auth_scheme),
            IfAbsent::Value(defaults::API_AUTH_SCHEME),
            "The scheme word of `Authorization: <scheme> <token>` on API calls.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "api_token_header",
            Slot::Text(|p| &mut p.api_token_header),
            IfAbsent::Nothing,
            "The header that carries the bare access token on API calls instead of \
             `Authorization` (Shopify's `X-Shopify-Access-Token`); the token still goes only to \
             the base URL's origin. An HTTP header name other than `Authorization`, and then \
             `api_auth_scheme` is left out.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "refresh_url",
            Slot::Text(|p| &mut p.refresh_url),
            IfAbsent::Nothing,
            "Where expired tokens are refreshed (RFC 6749 §6), when not at `token_url`. Tokens \
             that carry a refresh token are refreshed at `token_url` without it. An absolute \
             http(s) URL; it may contain `{placeholder}`s that options fill.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "issuer",
            Slot::Text(|p| &mut p.issuer),
            IfAbsent::Nothing,
            "The OpenID Connect issuer, for a provider that speaks OpenID Connect: logins then \
             ask for `openid` with a nonce, and a token is kept only once its ID token verified \
             against the keys named by `{issuer}/.well-known/openid-configuration` (whose \
             `issuer` must be this one). An absolute https URL without query or fragment, \
             exactly as the provider writes it (a trailing `/` counts); it may contain \
             `{placeholder}`s that options fill.",
        ),
    ),
    only(
        Protocol::OAuth2,
        same(
            "revocation_url",
            Slot::Text(|p| &mut p.revocation_url),
            IfAbsent::Nothing,
            "The token revocation endpoint (RFC 7009), used by `Client::revoke_token` and \
             `Client::logout`. An absolute http(s) URL; it may contain `{placeholder}`s that \
             options fill.",
        ),
    ),
    only(
        Protocol::OAuth2,
        key(
            "authorization_param",
            "authorization_params",
            Slot::Pairs(|p| &mut p.authorization_params),
            IfAbsent::Nothing,
            "Fixed extra parameters of the authorization request.",
        ),
    ),
    only(
        Protocol::OAuth2,
        key(
            "token_param",
            "token_params",
            Slot::Pairs(|p| &mut p.token_params),
            IfAbsent::Nothing,
            "Fixed extra parameters of the token request.",
        ),
    ),
    key(
        "header",
        "headers",
        Slot::Pairs(|p| &mut p.headers),
        IfAbsent::Nothing,
        "Headers on every request to the provider (token requests and API calls). Values may \
         use `{client_id}` and the options' placeholders.",
    ),
    Key {
        names: Names::Quirk,
        ..key(
            "quirk",
            "quirks",
            Slot::Each(|p| &mut p.quirks),
            IfAbsent::Nothing,
            "Behaviours that are written in Rust, in the runtime, by name.",
        )
    },
    key(
        "option",
        "options",
        Slot::Options(|p| &mut p.options),
        IfAbsent::Nothing,
        "Typed options, each a method of the typed blueprint builder with at least one effect \
         (`param`, `placeholder` or `header`); in declaration order, which matters.",
    ),
];

/// The keys of one option: `option(...)`, or a `[<provider>.options.<option>]` table.
pub const OPTION: &[Key<OptionInput>] = &[
    attr_only(
        "name",
        Slot::Text(|o| &mut o.name),
        IfAbsent::Required,
        OPTION_NAME_DOC,
    ),
    Key {
        names: Names::OptionType,
        ..same(
            "kind",
            Slot::Text(|o| &mut o.kind),
            IfAbsent::Required,
            "The option's type: the builder method takes a `bool`, a string, or a generated \
             enum with one variant per value.",
        )
    },
    same(
        "values",
        Slot::List(|o| &mut o.values),
        IfAbsent::Nothing,
        "Choice options only: the allowed values.",
    ),
    same(
        "default",
        Slot::Scalar(|o| &mut o.default),
        IfAbsent::Nothing,
        "The value when the app sets none: `true` or `false` for a bool option (which \
         defaults to `false`), a string otherwise (one of `values` for a choice option). A text \
         or choice option has a value when the app sets one or there is a default; an option \
         without a value has no effect.",
    ),
    same(
        "when_true",
        Slot::Text(|o| &mut o.when_true),
        IfAbsent::Nothing,
        "Bool options only: the option's value when it is on (left out: no value).",
    ),
    same(
        "when_false",
        Slot::Text(|o| &mut o.when_false),
        IfAbsent::Nothing,
        "Bool options only: the option's value when it is off (left out: no value).",
    ),
    same(
        "doc",
        Slot::Text(|o| &mut o.doc),
        IfAbsent::Required,
        "What the option does, for the builder method's docs.",
    ),
    only(
        Protocol::OAuth2,
        same(
            "param",
            Slot::Text(|o| &mut o.param),
            IfAbsent::Nothing,
            "Effect: the authorization parameter `param=<value>`. Options sharing a param are \
             joined with a space, in declaration order.",
        ),
    ),
    same(
        "placeholder",
        Slot::Text(|o| &mut o.placeholder),
        IfAbsent::Nothing,
        "Effect: fills `{placeholder}` in the URLs and headers. The first option in \
         declaration order that has a value fills it; a placeholder no option fills becomes \
         empty.",
    ),
    same(
        "header",
        Slot::Text(|o| &mut o.header),
        IfAbsent::Nothing,
        "Effect: this header on every request to the provider.",
    ),
    only(
        Protocol::OAuth2,
        same(
            "claim",
            Slot::Text(|o| &mut o.claim),
            IfAbsent::Nothing,
            "Effect: the verified ID token's claim of this name must be the value, or the login \
             is refused (Google's `hd`). Only for a provider with an `issuer`.",
        ),
    ),
    same(
        "template",
        Slot::Text(|o| &mut o.template),
        IfAbsent::Value(defaults::OPTION_TEMPLATE),
        "How the value is written into each effect, `{value}` being the value.",
    ),
];

/// The keys of `authorization_param(...)`, `token_param(...)` and `header(...)` (attribute
/// only: `providers.toml` writes a pair as `name = "value"`).
pub const PAIR: &[Key<PairInput>] = &[
    attr_only(
        "name",
        Slot::Text(|p| &mut p.name),
        IfAbsent::Required,
        "The name.",
    ),
    attr_only(
        "value",
        Slot::Text(|p| &mut p.value),
        IfAbsent::Required,
        "The value.",
    ),
];

const NAME_DOC: &str = "The blueprint name: the routes `/{name}` and `/{name}/authorized`, \
                        session keys, environment variables. In `providers.toml` it is the \
                        table's name. See the name rule below.";

const OPTION_NAME_DOC: &str = "The builder method's name: a snake_case Rust identifier that no \
                               builder method already has. In `providers.toml` it is the \
                               option table's key.";
