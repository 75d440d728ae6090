//! Pins the compiler output of `#[derive(OAuthProvider)]`: every `tests/ui/*.rs` must fail with
//! its `.stderr` (regenerate with `UI_BLESS=1` and review the diff), and every
//! `tests/ui/pass/*.rs` must compile against the runtime without a diagnostic and run
//! successfully. The programs are compiled by `rustc` against the workspace's own build of
//! `oauth-dance` (see `support/ui_runner.rs`), so no dependency is rebuilt.

#[path = "support/ui_runner.rs"]
mod ui_runner;

#[test]
fn compile_fail() {
    ui_runner::compile_fail("tests/ui");
}

#[test]
fn pass() {
    ui_runner::pass("tests/ui/pass");
}
