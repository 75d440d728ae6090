//! Front end 2: a `providers.toml` document, read into one [`ProviderInput`] per table.
//!
//! This file knows the TOML shape only (strings, lists, tables); which keys exist and where
//! their values go is [`super::keys`]. Unknown keys are recorded for [`super::valid`], which
//! does every semantic check, exactly as for the derive.

use std::ops::Range;

use toml::Spanned as TomlSpanned;
use toml::de::{DeTable, DeValue};

use super::keys::{self, Key, Slot, Syntax};
use super::model::{OptionInput, Pair, ProviderInput, Scalar, StringList, UnknownKey};
use crate::diag::{Diagnostic, Site, Spanned, TomlSite, join_key};

/// What went wrong reading the document.
#[derive(Debug)]
pub enum ReadError {
    /// It is not TOML: `providers.toml:line:column: not valid TOML: ...`.
    Syntax(String),
    /// Values of the wrong shape.
    Shape(Vec<Diagnostic>),
}

/// Reads every table of a `providers.toml` document, in document order.
pub fn parse(text: &str) -> Result<Vec<ProviderInput>, ReadError> {
    let document = DeTable::parse(text).map_err(|err| {
        let (line, column) = position(text, err.span().map_or(0, |span| span.start));
        let source_line = text.lines().nth(line - 1).unwrap_or_default().trim();
        ReadError::Syntax(format!(
            "providers.toml:{line}:{column}: not valid TOML: {}, in `{source_line}`",
            err.message().trim_end()
        ))
    })?;
    let mut providers = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, value) in document.get_ref().iter() {
        let mut reader = Reader {
            text,
            provider: name.get_ref().to_string(),
            diagnostics: &mut diagnostics,
        };
        let site = reader.site("", name.span());
        match value.get_ref() {
            DeValue::Table(table) => providers.push(reader.provider(site, table)),
            other => reader.diagnostics.push(Diagnostic::new(
                &site,
                format!(
                    "every top-level entry of providers.toml is a provider table, found {}; \
                     write `[{name}]` followed by its keys",
                    a(other.type_str()),
                    name = name.get_ref(),
                ),
            )),
        }
    }
    if diagnostics.is_empty() {
        Ok(providers)
    } else {
        Err(ReadError::Shape(diagnostics))
    }
}

/// Reads one provider table, collecting shape errors.
struct Reader<'a> {
    text: &'a str,
    provider: String,
    diagnostics: &'a mut Vec<Diagnostic>,
}

type Entry<'i> = (
    &'i TomlSpanned<std::borrow::Cow<'i, str>>,
    &'i TomlSpanned<DeValue<'i>>,
);

impl Reader<'_> {
    fn provider(&mut self, site: Site, table: &DeTable) -> ProviderInput {
        let mut p = ProviderInput::new(site.clone(), None);
        p.name = Some(Spanned::new(self.provider.clone(), site));
        let mut unknown_keys = Vec::new();
        self.keys(&mut p, keys::PROVIDER, "", table, &mut unknown_keys);
        p.unknown_keys = unknown_keys;
        p
    }

    /// Every entry of `table` into `target`, by the key table of that place.
    fn keys<T>(
        &mut self,
        target: &mut T,
        keys: &'static [Key<T>],
        parent: &str,
        table: &DeTable,
        unknown_keys: &mut Vec<UnknownKey>,
    ) {
        for entry in table.iter() {
            match keys::find(keys, Syntax::Toml, entry.0.get_ref()) {
                Some(key) => self.value(target, &key.slot, parent, entry, unknown_keys),
                None => {
                    let known = keys::names(keys, Syntax::Toml);
                    unknown_keys.push(self.unknown(parent, entry, known));
                }
            }
        }
    }

    /// One value into its slot.
    fn value<T>(
        &mut self,
        target: &mut T,
        slot: &Slot<T>,
        parent: &str,
        entry: Entry,
        unknown_keys: &mut Vec<UnknownKey>,
    ) {
        match slot {
            Slot::Text(field) => *field(target) = self.string(parent, entry),
            Slot::List(field) => *field(target) = self.string_list(parent, entry),
            Slot::Scalar(field) => *field(target) = self.scalar(parent, entry),
            Slot::Each(field) => {
                *field(target) = self
                    .string_list(parent, entry)
                    .map_or(Vec::new(), |l| l.value);
            }
            Slot::Pairs(field) => *field(target) = self.pairs(entry),
            Slot::Options(field) => *field(target) = self.options(entry, unknown_keys),
        }
    }

    fn options(&mut self, entry: Entry, unknown_keys: &mut Vec<UnknownKey>) -> Vec<OptionInput> {
        let Some(table) = self.table("", entry, "`[<provider>.options.<option>]` tables") else {
            return Vec::new();
        };
        let parent = entry.0.get_ref().to_string();
        let mut options = Vec::new();
        for option_entry in table.iter() {
            let (name, _) = option_entry;
            let path = join_key(&parent, name.get_ref());
            let example = "a table, like `[<provider>.options.<option>]` with `kind`, `doc`, …";
            let Some(fields) = self.table(&parent, option_entry, example) else {
                continue;
            };
            let site = self.site(&path, name.span());
            let mut o = OptionInput::new(site.clone());
            o.name = Some(Spanned::new(name.get_ref().to_string(), site));
            self.keys(&mut o, keys::OPTION, &path, fields, unknown_keys);
            options.push(o);
        }
        options
    }

    /// `{ name = "value", ... }` (or a `[provider.key]` table) of strings.
    fn pairs(&mut self, entry: Entry) -> Vec<Pair> {
        let key = entry.0.get_ref().to_string();
        let Some(table) = self.table("", entry, "an inline table, like `{ audience = \"...\" }`")
        else {
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|item| {
                let path = join_key(&key, item.0.get_ref());
                let name = Spanned::new(
                    item.0.get_ref().to_string(),
                    self.site(&path, item.0.span()),
                );
                let value = self.string(&key, item)?;
                Some(Pair { name, value })
            })
            .collect()
    }

    fn string(&mut self, parent: &str, (key, value): Entry) -> Option<Spanned<String>> {
        let path = join_key(parent, key.get_ref());
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(s.to_string(), self.site(&path, value.span()))),
            other => {
                self.wrong_type(&path, value.span(), other, "a string, like `\"...\"`");
                None
            }
        }
    }

    fn string_list(&mut self, parent: &str, (key, value): Entry) -> Option<StringList> {
        let path = join_key(parent, key.get_ref());
        let expected = "a list of strings, like `[\"read\", \"write\"]`";
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(&path, value.span(), value.get_ref(), expected);
            return None;
        };
        let mut items = Vec::new();
        for item in array {
            match item.get_ref() {
                DeValue::String(s) => {
                    items.push(Spanned::new(s.to_string(), self.site(&path, item.span())));
                }
                other => self.wrong_type(&path, item.span(), other, expected),
            }
        }
        Some(Spanned::new(items, self.site(&path, value.span())))
    }

    fn scalar(&mut self, parent: &str, (key, value): Entry) -> Option<Spanned<Scalar>> {
        let path = join_key(parent, key.get_ref());
        let scalar = match value.get_ref() {
            DeValue::Boolean(b) => Scalar::Bool(*b),
            DeValue::String(s) => Scalar::Str(s.to_string()),
            other => {
                let expected = "`true`, `false` (bool option) or a string (text or choice option)";
                self.wrong_type(&path, value.span(), other, expected);
                return None;
            }
        };
        Some(Spanned::new(scalar, self.site(&path, value.span())))
    }

    fn table<'t>(
        &mut self,
        parent: &str,
        (key, value): Entry<'t>,
        expected: &str,
    ) -> Option<&'t DeTable<'t>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                let path = join_key(parent, key.get_ref());
                self.wrong_type(&path, value.span(), other, expected);
                None
            }
        }
    }

    fn unknown(&self, parent: &str, (key, _): Entry, known: Vec<&'static str>) -> UnknownKey {
        let path = join_key(parent, key.get_ref());
        UnknownKey {
            key: Spanned::new(key.get_ref().to_string(), self.site(&path, key.span())),
            known,
        }
    }

    fn wrong_type(&mut self, path: &str, span: Range<usize>, found: &DeValue, expected: &str) {
        let site = self.site(path, span);
        let message = format!("expected {expected}, found {}", a(found.type_str()));
        self.diagnostics.push(Diagnostic::new(&site, message));
    }

    fn site(&self, key: &str, span: Range<usize>) -> Site {
        let (line, column) = position(self.text, span.start);
        Site::Toml(TomlSite {
            provider: self.provider.clone(),
            key: key.to_string(),
            line,
            column,
        })
    }
}

/// "a string", "an integer", "a table".
fn a(type_str: &str) -> String {
    let article = if type_str.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_str}")
}

/// The 1-based line and column of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}
