//! What the library tells `tracing`: a span per dance step (`oauth_dance.login`,
//! `oauth_dance.callback`, `oauth_dance.token_request`, `oauth_dance.refresh`,
//! `oauth_dance.api_call`) with the
//! blueprint, and when a step ends an event with its outcome and latency; never a secret, a
//! token, a code or a raw query string.
//!
//! Every dance ends with exactly one event of target `oauth_dance::dance` carrying `blueprint`
//! and `outcome` (`authorized`, `not_stored`, `answered_by_hook`, or the failure's
//! [`code`](crate::DanceError::code)): count dances by outcome by counting those events, with a
//! `tracing` layer of your own:
//!
//! ```
//! use std::collections::BTreeMap;
//! use std::sync::{Arc, Mutex};
//! use tracing::field::{Field, Visit};
//! use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
//!
//! /// Dances by outcome (`authorized`, `access_denied`, `state_mismatch`…).
//! #[derive(Clone, Default)]
//! struct DanceCounter(Arc<Mutex<BTreeMap<String, u64>>>);
//!
//! impl<S: tracing::Subscriber> Layer<S> for DanceCounter {
//!     fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
//!         if event.metadata().target() != oauth_dance::observe::DANCE_TARGET {
//!             return;
//!         }
//!         let mut outcome = Outcome(None);
//!         event.record(&mut outcome);
//!         if let Some(outcome) = outcome.0 {
//!             *self.0.lock().unwrap().entry(outcome).or_default() += 1;
//!         }
//!     }
//! }
//!
//! struct Outcome(Option<String>);
//!
//! impl Visit for Outcome {
//!     fn record_str(&mut self, field: &Field, value: &str) {
//!         if field.name() == "outcome" {
//!             self.0 = Some(value.to_string());
//!         }
//!     }
//!     fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
//! }
//!
//! let counter = DanceCounter::default();
//! let subscriber = tracing_subscriber::registry().with(counter.clone());
//! tracing::subscriber::set_global_default(subscriber).unwrap();
//! // … serve the app; `counter.0` holds the counts.
//! ```

use std::time::Instant;

use futures_util::future::Either;
use tracing::Instrument;
use tracing::instrument::Instrumented;

use crate::Blueprint;
use crate::error::TokenEndpointError;

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

/// `work` in the span of step `name`, or bare when no subscriber wants the span: an
/// `Instrumented` future enters and leaves its span on every poll, even a disabled one (1,500
/// instructions of a callback in the dance bench, whose token request is a step inside a step).
/// (Not an `async fn`: one would hold `work` twice over, and copy it when first polled.)
pub(crate) fn in_step<F: Future>(
    name: &'static str,
    blueprint: &Blueprint,
    work: F,
) -> Either<F, Instrumented<F>> {
    let span = step(name, blueprint);
    if span.is_disabled() {
        Either::Left(work)
    } else {
        Either::Right(work.instrument(span))
    }
}

/// The span of a dance step; `Span::none()` when no subscriber wants it. (With tracing's `log`
/// feature and no subscriber, a span that nobody records still reports every enter and exit to
/// the `log` facade, on each poll of the step's future: 480 instructions per callback in the
/// dance bench. The step's events still reach `log`.)
pub(crate) fn step(name: &'static str, blueprint: &Blueprint) -> tracing::Span {
    let span = new_step(name, blueprint);
    if span.is_disabled() {
        tracing::Span::none()
    } else {
        span
    }
}

fn new_step(name: &'static str, blueprint: &Blueprint) -> tracing::Span {
    match name {
        "login" => tracing::info_span!("oauth_dance.login", blueprint = blueprint.name()),
        "callback" => tracing::info_span!("oauth_dance.callback", blueprint = blueprint.name()),
        "token_request" => {
            tracing::info_span!("oauth_dance.token_request", blueprint = blueprint.name())
        }
        "refresh" => tracing::info_span!("oauth_dance.refresh", blueprint = blueprint.name()),
        _ => tracing::info_span!("oauth_dance.api_call", blueprint = blueprint.name()),
    }
}

/// Runs a request to a token endpoint (OAuth 2's token request, OAuth 1's credentials
/// requests) in its span, then reports how it ended: `token`, `timeout`, the provider's
/// refusal code, or `failed`.
pub(crate) async fn token_request<T>(
    blueprint: &Blueprint,
    request: impl Future<Output = Result<T, TokenEndpointError>>,
) -> Result<T, TokenEndpointError> {
    let started = Instant::now();
    let result = in_step("token_request", blueprint, request).await;
    let outcome = match &result {
        Ok(_) => "token",
        Err(TokenEndpointError::Timeout(_)) => "timeout",
        Err(e) => e.refusal().unwrap_or("failed"),
    };
    request_ended(outcome, started);
    result
}

/// The event a token request or an API call ends with.
pub(crate) fn request_ended(outcome: &str, started: Instant) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(outcome, elapsed_ms, "oauth-dance: request ended");
}
