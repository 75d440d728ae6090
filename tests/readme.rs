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

/// The README's count of presets, per protocol, is `contrib::PRESETS`'s.
#[test]
fn the_readme_counts_every_preset_of_both_protocols() {
    use oauth_dance::contrib::PRESETS;
    use oauth_dance::provider::Protocol;
    let count = |protocol| {
        PRESETS
            .iter()
            .filter(|s| s.protocol.kind() == protocol)
            .count()
    };
    let claim = format!(
        "any of the {} preset providers: {} over OAuth 2, Twitter and Jira over\nOAuth 1.0a)",
        PRESETS.len(),
        count(Protocol::OAuth2)
    );
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&claim), "README.md should say: {claim}");
    let oauth1: Vec<&str> = PRESETS
        .iter()
        .filter(|s| s.protocol.kind() == Protocol::OAuth1)
        .map(|s| s.display_name)
        .collect();
    assert_eq!(
        oauth1,
        ["Jira", "Twitter"],
        "the OAuth 1 presets the README names"
    );
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
