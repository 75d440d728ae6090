//! The checks between the tables of one `providers.toml`: each preset's module and environment
//! variables must be its own.

use oauth_dance_spec::naming;

use crate::diag::Diagnostic;
use crate::provider::model::ProviderInput;

/// Every name clash between the tables of one `providers.toml`.
pub fn validate_preset_set(inputs: &[ProviderInput]) -> Vec<Diagnostic> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut diagnostics = Vec::new();
    for input in inputs {
        let Some(name) = &input.name else { continue };
        let module = naming::module_name(&name.value);
        match seen.iter().find(|(m, _)| *m == module) {
            Some((_, other)) => diagnostics.push(Diagnostic::new(
                &name.site,
                format!(
                    "`{}` and `{other}` both make the module `contrib::{module}` and the same \
                     environment variables; rename one of the tables",
                    name.value
                ),
            )),
            None => seen.push((module, &name.value)),
        }
    }
    diagnostics
}
