//! Diagnostics, for every derive of this crate: where a value was written ([`Site`]: a token of an
//! attribute, or a key of `providers.toml`), the value with its place ([`Spanned`]), and one
//! problem with its fix ([`Diagnostic`]), shown by the compiler at the token
//! ([`to_syn_error`]) or by `build.rs` as `providers.toml:line:col: ...`.

use proc_macro2::Span;

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

/// One problem in a definition: where, and what is wrong (with the fix).
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

    /// Where it sorts in a file: TOML problems by position, token problems first.
    pub fn position(&self) -> (usize, usize) {
        match &self.site {
            Site::Toml(site) => (site.line, site.column),
            Site::Tokens(_) => (0, 0),
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
        .unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid definition"));
    for error in errors {
        combined.combine(error);
    }
    combined
}
