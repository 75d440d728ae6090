//! The rustdoc page of a preset module: what the provider is, what to know about it, a table
//! of its facts, its options and an example.

use oauth_dance_spec::{defaults, naming, template};

use crate::provider::expand::default_text;
use crate::provider::model::{
    OAuth2, OptionKind, ProtocolPart, Provider, ProviderOption, camel_case,
};

/// The module's rustdoc page: about, notes, the facts table, the options and an example.
pub(super) fn module_doc(p: &Provider) -> String {
    let mut doc = String::new();
    doc += p.about.as_deref().unwrap_or_default();
    if let Some(notes) = &p.notes {
        doc += &format!("\n\n**Note:** {notes}");
    }
    doc += "\n\n| | |\n| --- | --- |\n";
    for (label, value) in facts(p) {
        doc += &format!("| {label} | {value} |\n");
    }
    if !p.options.is_empty() {
        doc += &options_table(p);
    }
    doc += &example(p);
    doc
}

/// The rows of the facts table: the ones every provider has, then those that differ from the
/// defaults or are given.
fn facts(p: &Provider) -> Vec<(&'static str, String)> {
    let route = |route: &str| {
        template::fill(route, |name| (name == "name").then(|| p.name.clone()))
            .expect("the default routes are templates")
    };
    let mut rows = vec![(
        "Blueprint name",
        format!(
            "`{}` (routes `{}` and `{}`)",
            p.name,
            route(defaults::LOGIN_URL),
            route(defaults::AUTHORIZED_URL)
        ),
    )];
    rows.extend(protocol_facts(p));
    rows.extend(pair_facts(p));
    let oauth2 = oauth2_part(p);
    if let Some(o) = oauth2.filter(|o| o.api_auth_scheme != defaults::API_AUTH_SCHEME) {
        let scheme = format!("`{}`", o.api_auth_scheme);
        rows.push(("API `Authorization` scheme", scheme));
    }
    if let Some(o) = oauth2.filter(|o| !o.api_token_header.is_empty()) {
        let header = format!("`{}: <token>`", o.api_token_header);
        rows.push(("API token header", header));
    }
    if let Some(docs_url) = &p.docs_url {
        rows.push(("Register an OAuth app", format!("<{docs_url}>")));
    }
    if !p.quirks.is_empty() {
        let quirks: Vec<String> = p.quirks.iter().map(|q| format!("`{}`", q.name())).collect();
        rows.push(("Quirks", quirks.join(", ")));
    }
    rows
}

/// OAuth 2: the scope and the client authentication; OAuth 1: the protocol and the signature.
fn protocol_facts(p: &Provider) -> Vec<(&'static str, String)> {
    match &p.protocol {
        ProtocolPart::OAuth1(o) => vec![
            ("Protocol", "OAuth 1.0a".to_string()),
            ("Signature", o.signature_method.describe().to_string()),
            credentials_fact(p),
        ],
        ProtocolPart::OAuth2(o) => vec![
            ("Default scope", scope_text(&o.scope)),
            credentials_fact(p),
            (
                "Token endpoint authentication",
                o.client_auth.describe().to_string(),
            ),
        ],
    }
}

/// The OAuth 2 part, for an OAuth 2 provider.
fn oauth2_part(p: &Provider) -> Option<&OAuth2> {
    match &p.protocol {
        ProtocolPart::OAuth2(o) => Some(o),
        ProtocolPart::OAuth1(_) => None,
    }
}

/// The credentials' environment variables.
fn credentials_fact(p: &Provider) -> (&'static str, String) {
    let (id, secret) = credential_vars(p);
    match p.protocol.oauth1() {
        Some(o) if o.signature_method.uses_rsa_key() => {
            ("Consumer key / RSA key", format!("`{id}` / `{secret}`"))
        }
        Some(_) => ("Consumer key / secret", format!("`{id}` / `{secret}`")),
        None if signs_secret(p) => (
            "Client id / team id, key id, private key",
            format!("`{id}` / `{secret}`"),
        ),
        None => ("Client id / secret", format!("`{id}` / `{secret}`")),
    }
}

/// Whether the client signs its secret, from a team id, a key id and a private key.
fn signs_secret(p: &Provider) -> bool {
    oauth2_part(p).is_some_and(|o| o.client_auth.signs_secret())
}

/// The variables of the client id (consumer key) and of its secret (or RSA key; or the team
/// id, key id and private key it signs its secret with, joined by `` `, ` ``).
pub(super) fn credential_vars(p: &Provider) -> (String, String) {
    let secret = match p.protocol.oauth1() {
        Some(o) if o.signature_method.uses_rsa_key() => o.rsa_key_env.clone(),
        _ if signs_secret(p) => naming::SigningPart::ALL
            .iter()
            .map(|part| part.var(&p.name))
            .collect::<Vec<_>>()
            .join("`, `"),
        _ => p.client_secret_env.clone(),
    };
    (p.client_id_env.clone(), secret)
}

/// The fixed parameters and headers, one row per kind that has any.
fn pair_facts(p: &Provider) -> Vec<(&'static str, String)> {
    let none = Vec::new();
    let (authorization_params, token_params) = match oauth2_part(p) {
        Some(o) => (&o.authorization_params, &o.token_params),
        None => (&none, &none),
    };
    [
        ("Extra authorization parameters", authorization_params, "="),
        ("Extra token request parameters", token_params, "="),
        ("Headers on every request", &p.headers, ": "),
    ]
    .into_iter()
    .filter(|(_, pairs, _)| !pairs.is_empty())
    .map(|(label, pairs, separator)| {
        let items: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("`{name}{separator}{value}`"))
            .collect();
        (label, table_cell(&items.join(", ")))
    })
    .collect()
}

/// `# Options`: one row per option method.
fn options_table(p: &Provider) -> String {
    let blueprint = p.blueprint_ident();
    let mut doc = format!(
        "\n# Options\n\nMethods of [`{blueprint}`], besides the ones every blueprint has:\n\n\
         | Method | Type | Default | Meaning |\n| --- | --- | --- | --- |\n"
    );
    for option in &p.options {
        doc += &format!(
            "| [`{name}`]({blueprint}::{name}) | {ty} | {default} | {meaning} |\n",
            name = option.name,
            ty = option_type(p, option),
            default = default_text(&option.kind),
            meaning = table_cell(&option.doc),
        );
    }
    doc
}

/// `# Example`: building the blueprint, with the first option set.
fn example(p: &Provider) -> String {
    format!(
        "\n# Example\n\n```no_run\nlet blueprint = oauth_dance::contrib::{module}::blueprint()\n{call}    .build()?;\n\
         # Ok::<(), oauth_dance::ConfigError>(())\n```",
        module = naming::module_name(&p.name),
        call = p
            .options
            .first()
            .map_or(String::new(), |o| example_call(p, o)),
    )
}

/// A default scope as the docs show it.
pub(super) fn scope_text(scope: &[String]) -> String {
    if scope.is_empty() {
        "none (no `scope` parameter)".to_string()
    } else {
        let scopes: Vec<String> = scope.iter().map(|s| format!("`{s}`")).collect();
        scopes.join(", ")
    }
}

fn option_type(p: &Provider, option: &ProviderOption) -> String {
    match &option.kind {
        OptionKind::Bool { .. } => "`bool`".to_string(),
        OptionKind::Text { .. } => "text".to_string(),
        OptionKind::Choice { .. } => format!("[`{}`]", p.choice_ident(option)),
    }
}

/// `    .offline(true)\n`: a call of the option's method with a value worth showing.
fn example_call(p: &Provider, option: &ProviderOption) -> String {
    let argument = match &option.kind {
        OptionKind::Bool { default, .. } => (!default).to_string(),
        OptionKind::Text { default } => format!("{:?}", default.as_deref().unwrap_or("example")),
        OptionKind::Choice { values, default } => {
            let value = values
                .iter()
                .find(|v| Some(*v) != default.as_ref())
                .unwrap_or(&values[0]);
            format!(
                "oauth_dance::contrib::{}::{}::{}",
                naming::module_name(&p.name),
                p.choice_ident(option),
                camel_case(value)
            )
        }
    };
    format!("    .{}({argument})\n", option.name)
}

/// A markdown table cell: one line, `|` escaped.
pub(super) fn table_cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
