//! The safety rules of the ownership model, checked by the compiler: each program under
//! `tests/compile-fail/` must be rejected (with the recorded error), each under
//! `tests/compile-fail/pass/` must build and run.

#[test]
fn ownership_rules() {
    // trybuild colours its report unless NO_COLOR is set, terminal or not: keep escape codes
    // out of logs (this test binary has this one test, so nothing else reads the variable).
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        std::env::set_var("NO_COLOR", "1");
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/compile-fail");
    let t = trybuild::TestCases::new();
    t.compile_fail(format!("{root}/*.rs"));
    t.pass(format!("{root}/pass/*.rs"));
}
