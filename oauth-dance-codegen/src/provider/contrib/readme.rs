//! The README's providers tables: OAuth 2, OpenID Connect and OAuth 1, one row per preset.

use super::page::{credential_vars, scope_text, table_cell};
use crate::provider::expand::default_text;
use crate::provider::model::{OptionKind, ProtocolPart, Provider, ProviderOption};
use crate::provider::{PresetError, read_presets};

/// The header of each protocol's table.
const HEADER: &str = "| Provider | Name | Callback path | Default scope | Options | Environment variables |\n\
                      | --- | --- | --- | --- | --- | --- |\n";

/// The groups of the README's tables, each a heading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    /// OAuth 2 without an OpenID Connect issuer.
    OAuth2,
    /// OAuth 2 with an issuer: logins also verify an ID token.
    OpenIdConnect,
    /// OAuth 1.0a.
    OAuth1,
}

impl Group {
    const ALL: [Group; 3] = [Group::OAuth2, Group::OpenIdConnect, Group::OAuth1];

    fn of(p: &Provider) -> Group {
        match &p.protocol {
            ProtocolPart::OAuth2(o) if o.issuer.is_empty() => Group::OAuth2,
            ProtocolPart::OAuth2(_) => Group::OpenIdConnect,
            ProtocolPart::OAuth1(_) => Group::OAuth1,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Group::OAuth2 => "OAuth 2",
            Group::OpenIdConnect => "OpenID Connect (OAuth 2, ID tokens verified)",
            Group::OAuth1 => "OAuth 1.0a",
        }
    }
}

/// The README's providers tables, from `providers.toml`: the OAuth 2 presets, the OpenID
/// Connect ones (an `issuer`), then the OAuth 1 ones, each under a heading with its count. The
/// provider's name links to the page where an app is registered; the callback path is the one
/// to register there.
pub fn providers_table_markdown(toml: &str) -> Result<String, PresetError> {
    let presets = read_presets(toml)?;
    let mut out = String::from(
        "The callback to register is the app's URL followed by the callback path, with the \
         blueprints mounted under `/login` as in the quickstart.\n",
    );
    for group in Group::ALL {
        let title = group.title();
        let rows: Vec<String> = presets
            .iter()
            .filter(|p| Group::of(p) == group)
            .map(row)
            .collect();
        if !rows.is_empty() {
            out += &format!("\n### {title} ({} presets)\n\n{HEADER}", rows.len());
            out += &rows.concat();
        }
    }
    Ok(out)
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
        "| {provider} | `{}` | `/login/{}/authorized` | {scope} | {options} | `{id}`, `{secret}` |\n",
        p.name, p.name
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
