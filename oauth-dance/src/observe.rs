//! What the library tells `tracing`: a span per dance step (`oauth_dance.login`,
//! `oauth_dance.callback`, `oauth_dance.token_request`, `oauth_dance.api_call`) with the
//! blueprint, and when a step ends an event with its outcome and latency; never a secret, a
//! token, a code or a raw query string.
//!
//! Every dance ends with exactly one event of target `oauth_dance::dance` carrying `blueprint`
//! and `outcome` (`authorized`, `not_stored`, `answered_by_hook`, or the failure's
//! [`code`](crate::DanceError::code)): count dances by outcome by counting those events, with a
//! `tracing` layer of your own (see the crate docs).

use std::time::Instant;

use crate::Blueprint;

/// The target of the one event each dance ends with.
pub const DANCE_TARGET: &str = "oauth_dance::dance";

/// The event a dance ends with.
pub(crate) fn dance_ended(
    blueprint: &Blueprint,
    outcome: &str,
    started: Instant,
    hint: Option<String>,
) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match hint {
        // Request-derived text is logged escaped (`?`), so a CR/LF in it cannot forge a line.
        Some(hint) => tracing::info!(
            target: DANCE_TARGET,
            blueprint = blueprint.name(),
            outcome,
            elapsed_ms,
            hint = ?hint,
            "oauth-dance: a dance failed"
        ),
        None => tracing::info!(
            target: DANCE_TARGET,
            blueprint = blueprint.name(),
            outcome,
            elapsed_ms,
            "oauth-dance: a dance ended"
        ),
    }
}

/// The span of a dance step.
pub(crate) fn step(name: &'static str, blueprint: &Blueprint) -> tracing::Span {
    match name {
        "login" => tracing::info_span!("oauth_dance.login", blueprint = blueprint.name()),
        "callback" => tracing::info_span!("oauth_dance.callback", blueprint = blueprint.name()),
        "token_request" => {
            tracing::info_span!("oauth_dance.token_request", blueprint = blueprint.name())
        }
        _ => tracing::info_span!("oauth_dance.api_call", blueprint = blueprint.name()),
    }
}

/// The event a token request or an API call ends with.
pub(crate) fn request_ended(outcome: &str, started: Instant) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(outcome, elapsed_ms, "oauth-dance: request ended");
}
