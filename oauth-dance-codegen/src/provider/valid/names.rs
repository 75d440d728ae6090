//! Names: the provider's (blueprint name, struct, preset module) with its docs, option names,
//! environment variable names, and HTTP tokens (header names, auth schemes).

use oauth_dance_spec::builder_methods;
use oauth_dance_spec::naming::{self, NAME_RULE};
use proc_macro2::Span;
use quote::quote;
use syn::Ident;

use super::urls::Fills;
use super::{Identity, Validator};
use crate::diag::Spanned;
use crate::provider::model::ProviderInput;

const NAME_EXAMPLE: &str = "the blueprint name (routes, session keys, environment variables), \
                            lowercase, like `name = \"example\"`";
const DISPLAY_NAME_EXAMPLE: &str = "the human name, which also names the struct, like \
                                    `display_name = \"GitHub\"`";
const ABOUT_EXAMPLE: &str =
    "a sentence for the docs, like `about = \"GitHub accounts and the GitHub REST API.\"`";

impl Validator {
    /// The provider's names and docs. A derive's struct gives the type, its visibility and the
    /// defaults of `display_name` and `about`; a `providers.toml` table must give both, and its
    /// struct is named after `display_name`.
    pub(super) fn identity(&mut self, input: &ProviderInput) -> Option<Identity> {
        let name = self.required(&input.name, &input.site, "name", NAME_EXAMPLE);
        if let Some(name) = &input.name {
            self.check_name(name);
        }
        let display_name = match (&input.display_name, &input.item) {
            (Some(display_name), _) => {
                self.check_non_empty(display_name, "the provider's human name, like `\"GitHub\"`");
                Some(display_name.value.clone())
            }
            (None, Some(item)) => Some(item.ident.to_string()),
            (None, None) => self.missing(&input.site, "display_name", DISPLAY_NAME_EXAMPLE),
        };
        let (ident, vis) = match &input.item {
            Some(item) => (Some(item.ident.clone()), item.vis.clone()),
            None => (self.preset_struct(input), quote!(pub)),
        };
        let about = match (&input.about, &input.item) {
            (Some(about), _) => Some(about.value.clone()),
            (None, Some(item)) => item.doc.clone(),
            (None, None) => self.missing(&input.site, "about", ABOUT_EXAMPLE),
        };
        if let Some(docs_url) = &input.docs_url {
            self.check_url(docs_url, &Fills::default());
        }
        Some(Identity {
            ident: ident?,
            vis,
            name: name?,
            display_name: display_name?,
            about,
            docs_url: input.docs_url.as_ref().map(|d| d.value.clone()),
            notes: input.notes.as_ref().map(|n| n.value.clone()),
        })
    }

    fn check_name(&mut self, name: &Spanned<String>) {
        if !naming::is_valid_name(&name.value) {
            let message = format!("invalid provider name `{}`: use {NAME_RULE}", name.value);
            self.error(&name.site, message);
        }
    }

    /// A preset's struct, named after its display name; its module must be a Rust name too.
    fn preset_struct(&mut self, input: &ProviderInput) -> Option<Ident> {
        let ident = input
            .display_name
            .as_ref()
            .and_then(|d| self.preset_ident(d));
        if let Some(name) = &input.name {
            self.check_module_name(name);
        }
        ident
    }

    /// A preset's module is its name with `-` turned into `_`; it cannot be a keyword.
    fn check_module_name(&mut self, name: &Spanned<String>) {
        let module = naming::module_name(&name.value);
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

    /// A preset's struct is its display name without the characters an identifier cannot have,
    /// its first letter capitalised (`eBay` → `EBay`).
    fn preset_ident(&mut self, display_name: &Spanned<String>) -> Option<Ident> {
        let mut text: String = display_name
            .value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
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

    /// An option names a builder method: a snake_case identifier the builder does not have.
    pub(super) fn check_option_name(&mut self, name: &Spanned<String>) {
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
        } else if builder_methods::is_reserved(text) {
            self.error(
                &name.site,
                format!(
                    "the option name `{text}` is taken: every blueprint builder has a `{text}` \
                     method; rename the option"
                ),
            );
        }
    }

    pub(super) fn check_env_var(&mut self, env: &Spanned<String>) {
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
    pub(super) fn check_token(&mut self, value: &Spanned<String>, what: &str) {
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
}
