//! The schema docs are generated from the key table that drives both readers: the derive's
//! `# Keys` section (`oauth-dance-macros/keys.md`, included by its rustdoc) and the key list in
//! the header of the workspace's `providers.toml` must be what the table says
//! (`UPDATE_EXPECT=1` rewrites them; review the diff).

use std::fs;
use std::path::Path;

use oauth_dance_codegen::__internals::{attribute_keys_markdown, toml_keys_comment};

use crate::assert_matches_file;

/// The first and last line of the generated block in `providers.toml`.
const BEGIN: &str =
    "# Keys (generated from the key table of oauth-dance-codegen, src/provider/keys.rs;";
const END: &str = "# (end of keys)";

#[test]
fn the_derive_docs_list_every_key() {
    assert_matches_file(&attribute_keys_markdown(), "../oauth-dance-macros/keys.md");
}

#[test]
fn the_providers_toml_header_lists_every_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers.toml");
    let text = fs::read_to_string(&path).unwrap();
    let (before, block, after) = split_block(&text)
        .unwrap_or_else(|| panic!("{}: no block from `{BEGIN}` to `{END}`", path.display()));
    let expected = toml_keys_comment();
    if std::env::var_os("UPDATE_EXPECT").is_some() && block != expected {
        fs::write(&path, format!("{before}{expected}{after}")).unwrap();
        panic!(
            "{} was stale and is now rewritten: review the diff and run again",
            path.display()
        );
    }
    assert!(
        block == expected,
        "the keys in the header of {} differ from the key table (run with UPDATE_EXPECT=1 to \
         update them, then review the diff)\n--- generated ---\n{expected}",
        path.display()
    );
}

/// The text up to and including the `BEGIN` block's first two lines, the generated lines, and
/// the rest from `END` on.
fn split_block(text: &str) -> Option<(&str, &str, &str)> {
    let begin = text.find(BEGIN)?;
    let header_end = begin + text[begin..].find('\n')? + 1;
    let second_line_end = header_end + text[header_end..].find('\n')? + 1;
    let end = second_line_end + text[second_line_end..].find(END)?;
    Some((
        &text[..second_line_end],
        &text[second_line_end..end],
        &text[end..],
    ))
}
