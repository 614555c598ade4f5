//! Arbitrary plans on arbitrary text: `apply_plan` must return a value or a
//! clean `PlanError`, never panic. The input layout and the checks live in
//! `tests/shared/plan_input.rs`, which `tests/integration/regressions.rs` also uses to
//! replay saved inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shared/plan_input.rs"]
mod plan_input;

fuzz_target!(|data: &[u8]| {
    plan_input::check_plan_input("fuzz input", data);
});
