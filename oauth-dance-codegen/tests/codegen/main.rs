//! Tests of the provider generator on its own (no runtime needed): each front end, the
//! validator (one test per error kind), the expansion, and the presets generator.

mod attr;
mod docs;
mod expand;
mod fallback;
mod preset;
mod presets;
mod valid;

use oauth_dance_codegen::__internals::Spanned;
use proc_macro2::TokenStream;

/// Runs the derive pipeline on `struct_tokens` (attributes + struct), without its fallback.
pub fn derive(struct_tokens: TokenStream) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(struct_tokens)?;
    oauth_dance_codegen::__internals::try_derive(&input)
}

/// The derive's error messages, one per problem.
pub fn derive_errors(struct_tokens: TokenStream) -> Vec<String> {
    match derive(struct_tokens) {
        Ok(tokens) => panic!("expected errors, got an expansion:\n{}", pretty(tokens)),
        Err(err) => err.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// The derive's output, formatted.
pub fn derive_ok(struct_tokens: TokenStream) -> String {
    match derive(struct_tokens) {
        Ok(tokens) => pretty(tokens),
        Err(err) => {
            let messages: Vec<String> = err.into_iter().map(|e| e.to_string()).collect();
            panic!(
                "expected an expansion, got errors:\n{}",
                messages.join("\n")
            )
        }
    }
}

/// The values of a list as written.
pub fn texts(list: &[Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

/// Formats items with prettyplease.
pub fn pretty(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as items");
    prettyplease::unparse(&file)
}

/// The messages of `generate_presets` on `toml`, which must fail.
pub fn preset_errors(toml: &str) -> Vec<String> {
    match oauth_dance_codegen::generate_presets(toml) {
        Ok(source) => panic!("expected errors, got:\n{source}"),
        Err(err) => err.messages().to_vec(),
    }
}

/// Asserts that exactly one message contains every fragment.
#[track_caller]
pub fn assert_one_error(messages: &[String], fragments: &[&str]) {
    let matching: Vec<&String> = messages
        .iter()
        .filter(|m| fragments.iter().all(|f| m.contains(f)))
        .collect();
    assert!(
        matching.len() == 1,
        "expected one message containing {fragments:?}, got:\n{}",
        messages.join("\n")
    );
}

/// Compares `actual` with the file at `path` (relative to the crate); with `UPDATE_EXPECT=1`,
/// writes it when it differs, and fails so the run does not pass without having checked anything.
#[track_caller]
pub fn assert_matches_file(actual: &str, path: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_EXPECT").is_some()
        && std::fs::read_to_string(&path).ok().as_deref() != Some(actual)
    {
        std::fs::write(&path, actual).unwrap();
        panic!(
            "{} was stale and is now rewritten: review the diff and run again",
            path.display()
        );
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err} (run with UPDATE_EXPECT=1 to create it)",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{} differs (run with UPDATE_EXPECT=1 to update it, then review the diff)\n--- actual ---\n{actual}",
        path.display()
    );
}
