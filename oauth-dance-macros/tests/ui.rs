//! Pins the compiler output of `#[derive(OAuthProvider)]`: every `tests/ui/*.rs` must fail with
//! its `.stderr` (regenerate with `TRYBUILD=overwrite` and review the diff), and every
//! `tests/ui/pass/*.rs` must compile against the runtime.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
