//! The schema documentation, generated from [`super::keys`]: the key tables of the derive's
//! rustdoc (markdown, in the attribute's spelling) and the key list in the header of
//! `providers.toml` (a comment, in the TOML spelling). A test keeps the committed copies equal to
//! what this generates, so the docs cannot drift from the readers.

use oauth_dance_spec::naming::{self, NAME_RULE};
use oauth_dance_spec::{ClientAuth, Protocol};

use super::keys::{self, IfAbsent, Key, Names, Slot, Syntax};

/// The `# Keys` section of `#[derive(OAuthProvider)]`'s docs.
pub fn attribute_keys_markdown() -> String {
    let mut doc = String::from("# Keys\n\n");
    doc += &markdown_table(keys::PROVIDER);
    doc += &format!("\nA blueprint name is made of {NAME_RULE}.\n");
    doc += "\n## `option(...)`\n\n";
    doc += &markdown_table(keys::OPTION);
    doc
}

/// The key list of the `providers.toml` header, as `#` comment lines.
pub fn toml_keys_comment() -> String {
    let mut text = String::from(
        "Keys of a provider table `[<name>]`. The table name is the preset's name (login route \
         `/<name>`, environment variables `<NAME>_OAUTH_*`), made of ",
    );
    text += NAME_RULE;
    text += ".\n";
    let mut lines = comment(&text);
    lines += &toml_keys(keys::PROVIDER);
    lines += "#\n";
    lines += &comment(
        "Keys of an option table `[<name>.options.<option>]`. The table key is the option's \
         name, and the order of the tables is the order of the options.\n",
    );
    lines += &toml_keys(keys::OPTION);
    lines
}

fn markdown_table<T>(table: &'static [Key<T>]) -> String {
    let mut doc = String::from("| Key | Default | Meaning |\n| --- | --- | --- |\n");
    for key in table {
        let Some(syntax) = syntax(key, Syntax::Attr) else {
            continue;
        };
        let default = match key.if_absent {
            IfAbsent::Required => "required".to_string(),
            IfAbsent::FromStruct(from) => from.to_string(),
            IfAbsent::Nothing => "—".to_string(),
            other => absent_value(other),
        };
        let meaning = meaning(key).replace('|', "\\|");
        doc += &format!(
            "| {} | {default} | {meaning} |\n",
            syntax.replace('|', "\\|")
        );
    }
    doc
}

fn toml_keys<T>(table: &'static [Key<T>]) -> String {
    let mut lines = String::new();
    for key in table {
        let Some(syntax) = syntax(key, Syntax::Toml) else {
            continue;
        };
        let absent = match key.if_absent {
            IfAbsent::Required | IfAbsent::FromStruct(_) => "Required.".to_string(),
            IfAbsent::Nothing => "Optional.".to_string(),
            other => format!("Default {}.", absent_value(other).replace('`', "")),
        };
        lines += &format!("#   {}\n", syntax.replace('`', ""));
        lines += &wrap(&format!("{absent} {}", meaning(key)), "#       ");
    }
    lines
}

/// How the key is written, with placeholders for its value.
fn syntax<T>(key: &Key<T>, syntax: Syntax) -> Option<String> {
    let name = key.spelling(syntax)?;
    let repeatable = ", repeatable";
    Some(match (&key.slot, syntax) {
        (Slot::Text(_), _) => format!("`{name} = \"...\"`"),
        (Slot::List(_), _) => format!("`{name} = [\"...\", ...]`"),
        (Slot::Scalar(_), _) => format!("`{name} = true` or `{name} = \"...\"`"),
        (Slot::Each(_), Syntax::Attr) => format!("`{name} = \"...\"`{repeatable}"),
        (Slot::Each(_), Syntax::Toml) => format!("`{name} = [\"...\", ...]`"),
        (Slot::Pairs(_), Syntax::Attr) => {
            format!("`{name}(name = \"...\", value = \"...\")`{repeatable}")
        }
        (Slot::Pairs(_), Syntax::Toml) => format!("`{name} = {{ <name> = \"...\", ... }}`"),
        (Slot::Options(_), Syntax::Attr) => format!("`{name}(...)`{repeatable}"),
        (Slot::Options(_), Syntax::Toml) => format!("`[<name>.{name}.<option>]` tables"),
    })
}

/// The key's meaning, with the protocol it belongs to and the names its value may take.
fn meaning<T>(key: &Key<T>) -> String {
    let doc = match key.protocol {
        Some(Protocol::OAuth1) => format!("OAuth 1 only. {}", key.doc),
        Some(_) => format!("OAuth 2 only. {}", key.doc),
        None => key.doc.to_string(),
    };
    let names: Vec<String> = match key.names {
        Names::Any => return doc,
        Names::ClientAuth => ClientAuth::ALL
            .iter()
            .map(|c| format!("`\"{}\"` ({})", c.name(), c.describe()))
            .collect(),
        other => other.all().iter().map(|n| format!("`\"{n}\"`")).collect(),
    };
    let each = if matches!(key.slot, Slot::Each(_)) {
        "Each is one of"
    } else {
        "One of"
    };
    format!("{doc} {each} {}.", names.join(", "))
}

/// A default that is a value: `` `" "` ``, `` `[]` ``, `` `<NAME>_OAUTH_CLIENT_ID` ``.
fn absent_value(absent: IfAbsent) -> String {
    match absent {
        IfAbsent::Value(value) => format!("`{value:?}`"),
        IfAbsent::Empty => "`[]`".to_string(),
        IfAbsent::EnvVar(credential) => format!("`{}`", naming::env_var("<name>", credential)),
        IfAbsent::RsaKeyVar => format!("`{}`", naming::rsa_key_var("<name>")),
        IfAbsent::Required | IfAbsent::FromStruct(_) | IfAbsent::Nothing => String::new(),
    }
}

/// Paragraphs as `# ` comment lines.
fn comment(text: &str) -> String {
    wrap(text, "# ")
}

/// `text` in lines of at most 100 characters, each starting with `prefix`.
fn wrap(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(prefix);
    for word in text.split_whitespace() {
        if line.len() > prefix.len() && line.len() + 1 + word.len() > 100 {
            out += line.trim_end();
            out += "\n";
            line = String::from(prefix);
        }
        if line.len() > prefix.len() {
            line.push(' ');
        }
        line += word;
    }
    out += line.trim_end();
    out += "\n";
    out
}
