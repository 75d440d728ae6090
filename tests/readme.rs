//! The README stays true: its providers table is generated from providers.toml, and its
//! quickstart is the quickstart example. `UPDATE_README=1 cargo test --test readme` rewrites
//! the table.

use std::fs;
use std::path::Path;

const START: &str = "<!-- providers:start -->\n";
const END: &str = "<!-- providers:end -->";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_providers_table_is_generated_from_providers_toml() {
    let toml = fs::read_to_string(root().join("providers.toml")).unwrap();
    let table = oauth_dance_codegen::providers_table_markdown(&toml).unwrap();
    let readme_path = root().join("README.md");
    let readme = fs::read_to_string(&readme_path).unwrap();
    let start = readme
        .find(START)
        .expect("README has the providers:start marker")
        + START.len();
    let end = readme
        .find(END)
        .expect("README has the providers:end marker");
    if std::env::var_os("UPDATE_README").is_some() && readme[start..end] != table {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        fs::write(&readme_path, updated).unwrap();
        panic!(
            "README.md's providers table was stale and is now rewritten: review the diff and run again"
        );
    }
    assert!(
        readme[start..end] == table,
        "README.md's providers table is stale: run `UPDATE_README=1 cargo test --test readme`"
    );
}

/// The README's count of presets, per protocol, and its list of the OAuth 1 ones, are
/// `contrib::PRESETS`'s (compared with the README's line breaks read as spaces).
#[test]
fn the_readme_counts_every_preset_of_both_protocols() {
    use oauth_dance::contrib::PRESETS;
    use oauth_dance::provider::Protocol;
    let named = |protocol| -> Vec<&str> {
        PRESETS
            .iter()
            .filter(|s| s.protocol.kind() == protocol)
            .map(|s| s.display_name)
            .collect()
    };
    let oauth1 = named(Protocol::OAuth1);
    let (last, others) = oauth1.split_last().expect("OAuth 1 presets");
    let claim = format!(
        "any of the {} preset providers: {} over OAuth 2, {} and {last} over OAuth 1.0a)",
        PRESETS.len(),
        named(Protocol::OAuth2).len(),
        others.join(", "),
    );
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(readme.contains(&claim), "README.md should say: {claim}");
}

#[test]
fn the_readme_quickstart_is_the_example() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let example = fs::read_to_string(root().join("examples/quickstart.rs")).unwrap();
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README.md's quickstart differs from examples/quickstart.rs: copy the example into the README"
    );
}

/// The section `## {title}` of the README, up to the next `## ` heading.
fn readme_section(title: &str) -> String {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let heading = format!("\n## {title}\n");
    let start = readme
        .find(&heading)
        .unwrap_or_else(|| panic!("README has `## {title}`"));
    let rest = &readme[start + heading.len()..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// The first fenced block of `language` in `text`.
fn fenced<'a>(text: &'a str, language: &str) -> &'a str {
    let open = format!("```{language}\n");
    let start = text.find(&open).expect("a fenced block") + open.len();
    &text[start..start + text[start..].find("```").unwrap()]
}

#[test]
fn the_own_app_section_names_this_version_and_keeps_the_kit_dev_only() {
    let section = readme_section("Use it in your own app");
    let manifest: toml::Table = toml::from_str(fenced(&section, "toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let dependencies = manifest["dependencies"].as_table().unwrap();
    assert_eq!(dependencies["oauth-dance"].as_str(), Some(version));
    assert!(
        !dependencies.contains_key("oauth-dance-dev"),
        "the kit is dev-only"
    );
    let dev = manifest["dev-dependencies"].as_table().unwrap();
    assert_eq!(dev["oauth-dance-dev"].as_str(), Some(version));
    let ours: toml::Table =
        toml::from_str(&fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let rust = ours["package"]["rust-version"].as_str().unwrap();
    assert!(
        section.contains(&format!("needs Rust {rust} or newer")),
        "{rust}"
    );
    // The features it names are the ones a user may choose (`sql` is internal), the first
    // being the default.
    let features = ours["features"].as_table().unwrap();
    let from = section.find("\nFeatures: ").expect("the features sentence");
    let sentence = &section[from..from + section[from..].find("; ").unwrap()];
    let named: Vec<&str> = sentence.split('`').skip(1).step_by(2).collect();
    let mut choosable: Vec<&str> = features
        .keys()
        .map(String::as_str)
        .filter(|f| !["default", "sql"].contains(f))
        .collect();
    choosable.sort();
    let mut sorted = named.clone();
    sorted.sort();
    assert_eq!(sorted, choosable, "README: the features it lists");
    let default = features["default"].as_array().unwrap();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0].as_str(), Some(named[0]));
    assert!(sentence.contains(&format!("`{}` (on by default", named[0])));
}

mod snippet {
    include!("snippets/session_key.rs");

    #[test]
    fn the_readme_s_session_key_function_refuses_to_run_without_a_key() {
        if std::env::var_os(oauth_dance::SESSION_KEY_VAR).is_none() {
            let err = session_key().err().expect("no key, no session").to_string();
            assert!(err.starts_with("set OAUTH_DANCE_SESSION_KEY"), "{err}");
        }
    }
}

#[test]
fn the_readme_s_session_key_function_is_the_compiled_one() {
    let section = readme_section("Use it in your own app");
    let snippet = fs::read_to_string(root().join("tests/snippets/session_key.rs")).unwrap();
    assert_eq!(fenced(&section, "rust"), snippet);
}

/// One row of the README's examples table.
struct ExampleRow {
    name: String,
    provider: String,
    storage: String,
    command: String,
    credentials: Vec<String>,
}

/// The rows of the table under `### Examples`.
fn example_rows() -> Vec<ExampleRow> {
    let section = readme_section("Use it in your own app");
    let table = &section[section.find("\n### Examples\n").expect("### Examples")..];
    let unquote = |cell: &str| cell.trim().trim_matches('`').to_string();
    table
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 5, "five columns: {line}");
            ExampleRow {
                name: unquote(cells[0]),
                provider: cells[1].to_string(),
                storage: cells[2].to_string(),
                command: unquote(cells[3]),
                credentials: cells[4].split(", ").map(unquote).collect(),
            }
        })
        .collect()
}

/// The examples: the `.rs` files directly in `examples/` (its folders are what they share).
fn example_files() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_examples_table_lists_every_example_and_nothing_else() {
    let rows = example_rows();
    let mut listed: Vec<String> = rows.iter().map(|row| row.name.clone()).collect();
    listed.sort();
    assert_eq!(
        listed,
        example_files(),
        "README's examples table vs examples/*.rs"
    );
    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let mut declared: Vec<String> = manifest["example"]
        .as_array()
        .unwrap()
        .iter()
        .map(|example| example["name"].as_str().unwrap().to_string())
        .collect();
    declared.sort();
    assert_eq!(
        declared,
        example_files(),
        "Cargo.toml's [[example]]s vs examples/*.rs"
    );
}

/// Each row says what its example does: the command runs it, the storage is SQL exactly when
/// it uses the SQL scaffolding, every provider named is a preset it builds a blueprint of, the
/// variables are those presets' credential variables, and the example mentions each client ID
/// variable (the one that decides whether it runs offline).
#[test]
fn each_examples_row_is_true_of_its_example() {
    use oauth_dance::contrib::PRESETS;
    for row in example_rows() {
        let name = &row.name;
        let source = fs::read_to_string(root().join(format!("examples/{name}.rs"))).unwrap();
        assert_eq!(row.command, format!("cargo run --example {name}"));
        let sql = source.contains("mod sql_common;");
        assert_eq!(
            row.storage.starts_with("SQL"),
            sql,
            "{name}: {}",
            row.storage
        );
        assert_eq!(row.storage.starts_with("session"), !sql, "{name}");
        let words: Vec<&str> = row.provider.split(|c: char| !c.is_alphanumeric()).collect();
        let named: Vec<_> = PRESETS
            .iter()
            .filter(|spec| words.contains(&spec.display_name))
            .collect();
        assert!(!named.is_empty(), "{name}: no preset in {}", row.provider);
        let mut variables = Vec::new();
        for spec in named {
            let built = format!("{}::blueprint()", spec.name);
            assert!(source.contains(&built), "{name} does not call {built}");
            let id = spec.client_id_var().into_owned();
            assert!(source.contains(&id), "{name} does not mention {id}");
            variables.push(id);
            variables.push(spec.client_secret_var().into_owned());
        }
        assert_eq!(
            row.credentials, variables,
            "{name}: the credential variables"
        );
    }
}

/// "The examples below take the key from the variable when it is set and generate one
/// otherwise": each example other than the quickstart reads `OAUTH_DANCE_SESSION_KEY` itself or
/// through the module it serves with (`support`, `sql_common`).
#[test]
fn every_example_but_the_quickstart_takes_its_session_key_from_the_variable() {
    let read = |path: &str| fs::read_to_string(root().join(path)).unwrap();
    let reads_the_variable = |source: &str| source.contains("session_key_from_env()");
    let shared = [
        ("support::serve", "examples/support/mod.rs"),
        ("accounts::run", "examples/sql_common/accounts.rs"),
    ];
    for name in example_files().into_iter().filter(|n| n != "quickstart") {
        let source = read(&format!("examples/{name}.rs"));
        let through = shared
            .iter()
            .find(|(call, _)| source.contains(call))
            .map(|(_, module)| read(module));
        assert!(
            reads_the_variable(&source) || through.as_deref().is_some_and(reads_the_variable),
            "examples/{name}.rs generates its session key without reading OAUTH_DANCE_SESSION_KEY"
        );
    }
}

/// The README's OpenID Connect table lists exactly the presets with an issuer (whose logins
/// verify an ID token), and the OAuth 2 table the other OAuth 2 presets.
#[test]
fn the_openid_connect_table_lists_the_presets_with_an_issuer() {
    use oauth_dance::contrib::PRESETS;
    use oauth_dance::provider::ProtocolSpec;
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let names_under = |heading: &str| -> Vec<String> {
        let start = readme.find(heading).unwrap_or_else(|| panic!("{heading}"));
        let table = &readme[start + heading.len()..];
        let table = &table[..table.find("\n### ").unwrap_or(table.len())];
        let mut names: Vec<String> = table
            .lines()
            .filter_map(|line| {
                line.split(" | `")
                    .nth(1)?
                    .split('`')
                    .next()
                    .map(String::from)
            })
            .collect();
        names.sort();
        names
    };
    let with_issuer = |wanted: bool| -> Vec<String> {
        let mut names: Vec<String> = PRESETS
            .iter()
            .filter(
                |s| matches!(&s.protocol, ProtocolSpec::OAuth2(o) if o.issuer.is_empty() != wanted),
            )
            .map(|s| s.name.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names_under("### OpenID Connect (OAuth 2, ID tokens verified) ("),
        with_issuer(true)
    );
    assert_eq!(names_under("### OAuth 2 ("), with_issuer(false));
}
