//! A new table of `providers.toml` is validated together with every real preset, and its
//! problems are reported at their key.
//!
//! `tests/fixtures/new_preset.toml` holds one new table, `[acme]`, appended here to the real
//! `providers.toml` as in `build.rs`. That the table yields a working module is proven by the
//! workspace member `tests/new-preset` (its build script generates the module from the same
//! concatenation, and its test uses it).

use std::fs;
use std::path::Path;

use oauth_dance_codegen::generate_presets;

/// The new table, as a contributor would add it to `providers.toml`.
const NEW_TABLE: &str = include_str!("fixtures/new_preset.toml");

/// The real `providers.toml` followed by `table`, as if `table` were added at its end.
fn providers_with(table: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers.toml");
    let mut toml = fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    if !toml.ends_with('\n') {
        toml.push('\n');
    }
    toml.push('\n');
    toml.push_str(table);
    toml
}

#[test]
fn an_unknown_quirk_in_a_new_table_is_reported_at_its_key() {
    let table = NEW_TABLE.replacen(
        "[acme]\n",
        "[acme]\nquirks = [\"slack_token_in_query\"]\n",
        1,
    );
    assert_ne!(table, NEW_TABLE, "the fixture has an `[acme]` line");
    let toml = providers_with(&table);
    let err = generate_presets(&toml).expect_err("an unknown quirk is rejected");
    let line = toml[..toml.find("quirks = [\"slack_token_in_query\"]").unwrap()]
        .lines()
        .count()
        + 1;
    // Column 11 is the quirk's string, after `quirks = [`.
    let expected = format!(
        "providers.toml:{line}:11: provider `acme`, key `quirks`: unknown quirk \
         `slack_token_in_query`; did you mean `slack_token_in_body`?"
    );
    assert_eq!(err.messages().len(), 1, "one problem only:\n{err}");
    assert!(
        err.messages()[0].starts_with(&expected),
        "got:      {}\nexpected: {expected}…",
        err.messages()[0]
    );
}
