//! Arbitrary bytes through `fix_bytes`, `fix_bytes_with` and `decode_bytes`;
//! the checks are in `tests/shared/bytes_check.rs`, which
//! `tests/integration/regressions.rs` also uses to replay saved inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shared/bytes_check.rs"]
mod bytes_check;

fuzz_target!(|data: &[u8]| {
    bytes_check::check_bytes("fuzz input", data);
});
