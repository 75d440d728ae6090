//! The guide (`oauth_dance::guide`) stays whole: every chapter file beside `guide/mod.rs` is
//! included there as a module and listed in its table of contents, and every chapter the
//! contents list has a file. (Its code blocks are doctests: `cargo test --doc`.)

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn guide_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/oauth-dance/src/guide"
    ))
}

/// The chapter files: `*.md` beside `mod.rs`, by module name.
fn chapter_files() -> BTreeSet<String> {
    fs::read_dir(guide_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// The names between `open` and `close` in `text`, wherever they appear.
fn names_between(text: &str, open: &str, close: &str) -> BTreeSet<String> {
    text.split(open)
        .skip(1)
        .filter_map(|rest| rest.split_once(close).map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn every_chapter_is_included_and_listed_and_every_listed_chapter_exists() {
    let module = fs::read_to_string(guide_dir().join("mod.rs")).unwrap();
    let files = chapter_files();
    assert!(files.len() >= 11, "{files:?}");
    let included = names_between(&module, "#[doc = include_str!(\"", ".md\")]");
    assert_eq!(
        included, files,
        "guide/mod.rs includes exactly the chapter files"
    );
    for name in &files {
        let module_line = format!(".md\")]\npub mod {name} {{}}");
        assert!(
            module.contains(&module_line),
            "`pub mod {name} {{}}` after its include"
        );
    }
    let contents: String = module
        .lines()
        .filter(|line| line.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let listed = names_between(&contents, "](", ")");
    assert_eq!(
        listed, files,
        "the contents of guide/mod.rs list exactly the chapters"
    );
}

/// Links between chapters (`](crate::guide::name)`) name chapters that exist.
#[test]
fn links_between_chapters_name_existing_chapters() {
    let files = chapter_files();
    for name in &files {
        let text = fs::read_to_string(guide_dir().join(format!("{name}.md"))).unwrap();
        for target in names_between(&text, "](crate::guide::", ")") {
            assert!(
                files.contains(&target),
                "{name}.md links to a missing chapter `{target}`"
            );
        }
    }
}
