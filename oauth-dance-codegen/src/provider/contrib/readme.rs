//! The README's providers table: one row per preset.

use super::page::{credential_vars, scope_text, table_cell};
use crate::provider::expand::default_text;
use crate::provider::model::{OptionKind, ProtocolPart, Provider, ProviderOption};
use crate::provider::{PresetError, read_presets};

/// The README's providers table, from `providers.toml`.
pub fn providers_table_markdown(toml: &str) -> Result<String, PresetError> {
    let mut table = String::from(
        "| Provider | Name | Default scope | Options | Environment variables |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for p in read_presets(toml)? {
        table += &row(&p);
    }
    Ok(table)
}

fn row(p: &Provider) -> String {
    let provider = match &p.docs_url {
        Some(url) => format!("[{}]({url})", table_cell(&p.display_name)),
        None => table_cell(&p.display_name),
    };
    let scope = match &p.protocol {
        ProtocolPart::OAuth2(o) if !o.scope.is_empty() => table_cell(&scope_text(&o.scope)),
        _ => "—".to_string(),
    };
    let options: Vec<String> = p.options.iter().map(option).collect();
    let options = if options.is_empty() {
        "—".to_string()
    } else {
        options.join("<br>")
    };
    let (id, secret) = credential_vars(p);
    format!(
        "| {provider} | `{}` | {scope} | {options} | `{id}`, `{secret}` |\n",
        p.name
    )
}

/// `` `prompt` (`consent` \| `none`, default `consent`) ``.
fn option(o: &ProviderOption) -> String {
    let mut detail = match &o.kind {
        OptionKind::Choice { values, .. } => format!("`{}`", values.join("` \\| `")),
        other => other.option_type().name().to_string(),
    };
    if o.kind.default_value().is_some() {
        detail += &format!(", default {}", default_text(&o.kind));
    }
    format!("`{}` ({detail})", o.name)
}
