//! Generates `oauth_dance::contrib` from `providers.toml`: one module per preset provider, each
//! holding the items `#[derive(OAuthProvider)]` would generate, with the runtime's generic
//! `PresetBlueprint` as the typed builder. The tables are checked by the same validator as the
//! derive; on bad data the build fails with one message per problem, naming the provider, the
//! key, what is wrong and how to fix it.

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=providers.toml");
    println!("cargo::rerun-if-changed=build.rs");
    // Cargo shows each logged error as `error: oauth-dance@…: <message>` and fails the build.
    if let Err(messages) = generate() {
        for message in messages {
            println!("cargo::error={message}");
        }
    }
}

/// Writes `$OUT_DIR/providers.rs`, or says what is wrong.
fn generate() -> Result<(), Vec<String>> {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let path = Path::new(&manifest_dir).join("providers.toml");
    let toml = fs::read_to_string(&path).map_err(|err| {
        vec![format!(
            "cannot read {}: {err}; this file lists the preset providers and belongs next to \
             build.rs (restore it, or create it empty for no presets)",
            path.display()
        )]
    })?;
    let source =
        oauth_dance_codegen::generate_presets(&toml).map_err(|err| err.messages().to_vec())?;
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join("providers.rs");
    fs::write(&out, source).map_err(|err| vec![format!("cannot write {}: {err}", out.display())])
}
