//! The safety rules of the ownership model, checked by the compiler: each program under
//! `tests/compile-fail/` must be rejected (with the recorded error), each under
//! `tests/compile-fail/pass/` must build and run.

#[test]
fn ownership_rules() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/compile-fail");
    let t = trybuild::TestCases::new();
    t.compile_fail(format!("{root}/*.rs"));
    t.pass(format!("{root}/pass/*.rs"));
}
