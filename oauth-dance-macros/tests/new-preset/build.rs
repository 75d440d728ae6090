//! Writes `$OUT_DIR/providers.rs`: what the generator makes of the real `providers.toml` followed
//! by `../fixtures/new_preset.toml` (one new table, `[acme]`), as the root crate's build.rs makes
//! `oauth_dance::contrib`, but for a crate that depends on `oauth-dance`
//! (`generate_presets_for_dependent_crate`: each builder is a struct of its own, since this crate
//! cannot add methods to `oauth_dance::contrib::PresetBlueprint`). The new table is validated
//! together with every real preset: a problem fails the build with the generator's messages.

use std::path::Path;
use std::{env, fs};

/// The real providers.toml, relative to this package.
const PROVIDERS: &str = "../../../providers.toml";

/// The new table, as a contributor would add it to providers.toml.
const NEW_TABLE: &str = "../fixtures/new_preset.toml";

fn main() {
    println!("cargo::rerun-if-changed={PROVIDERS}");
    println!("cargo::rerun-if-changed={NEW_TABLE}");
    println!("cargo::rerun-if-changed=build.rs");
    // Cargo shows each logged error as `error: oauth-dance-new-preset@…: <message>` and fails.
    if let Err(messages) = generate() {
        for message in messages {
            println!("cargo::error={message}");
        }
    }
}

/// Generates the module from providers.toml plus the new table, or says what is wrong.
fn generate() -> Result<(), Vec<String>> {
    let toml = format!("{}\n{}", read(PROVIDERS)?, read(NEW_TABLE)?);
    let source =
        oauth_dance_codegen::generate_presets_for_dependent_crate(&toml).map_err(|err| {
            let mut messages = vec![format!("{PROVIDERS} plus {NEW_TABLE} does not generate:")];
            messages.extend(err.messages().iter().cloned());
            messages
        })?;
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("providers.rs");
    fs::write(&out, source).map_err(|err| vec![format!("cannot write {}: {err}", out.display())])
}

/// The text of `path` (relative to this package), ending with a newline.
fn read(path: &str) -> Result<String, Vec<String>> {
    let dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let path = Path::new(&dir).join(path);
    let mut text = fs::read_to_string(&path)
        .map_err(|err| vec![format!("cannot read {}: {err}", path.display())])?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
