//! Adding a table to `providers.toml`, and nothing else, yields a working module.
//!
//! `tests/fixtures/new_preset.toml` holds one new table, `[acme]`. It is appended to the real
//! `providers.toml`, and the concatenation goes through `generate_presets`, as in `build.rs`, so
//! the new table is validated together with every real preset. The generated source is then
//! included as `mod contrib` (as `oauth_dance::contrib` includes it) in a program whose `main`
//! (`tests/fixtures/new_preset_main.rs`) uses only the new module. trybuild compiles that program
//! against the runtime and runs it: a failed assertion in it fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use oauth_dance_codegen::generate_presets;

/// The new table, as a contributor would add it to `providers.toml`.
const NEW_TABLE: &str = include_str!("fixtures/new_preset.toml");

/// The `main` of the program, using only what the new table generates.
const MAIN: &str = include_str!("fixtures/new_preset_main.rs");

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

/// Writes the program (`new_preset.rs` and the generated `providers.rs` it includes) and returns
/// the program's path.
fn write_program(generated: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("new_preset");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("providers.rs"), generated).unwrap();
    let program = format!(
        "//! Written by oauth-dance-macros/tests/new_preset.rs: `oauth_dance::contrib` as \
         generated from\n//! providers.toml plus tests/fixtures/new_preset.toml, and a `main` \
         using the new module.\n\n\
         // The real presets are generated too, and this program does not use them.\n\
         #[allow(dead_code)]\n\
         mod contrib {{\n    include!(\"providers.rs\");\n}}\n\n{MAIN}"
    );
    let path = dir.join("new_preset.rs");
    fs::write(&path, program).unwrap();
    path
}

#[test]
fn a_new_table_yields_a_working_module() {
    let generated = generate_presets(&providers_with(NEW_TABLE)).unwrap_or_else(|err| {
        panic!("providers.toml plus tests/fixtures/new_preset.toml does not generate:\n{err}")
    });
    let program = write_program(&generated);
    trybuild::TestCases::new().pass(program);
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
