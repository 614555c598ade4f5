//! UTF-8 validation for byte input: `simdutf8`'s vectorised check first
//! (several GB/s on non-ASCII text, against about 1 GB/s for the standard
//! library's), and the standard library only to build the error.
//!
//! The check is `simdutf8`'s `compat` flavour, which stops at the first
//! invalid sequence as the standard library does: callers validate the
//! rest of a 64 KB chunk line after line, and a check that always reads to
//! the end (the `basic` flavour) made mixed-encoding input quadratic.

use std::str::Utf8Error;

/// [`std::str::from_utf8`], faster on valid input; the same error
/// (with `valid_up_to` and `error_len`) on invalid input.
#[inline]
pub(crate) fn from_utf8(bytes: &[u8]) -> Result<&str, Utf8Error> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // The standard library's error type; it too stops at the first
        // invalid sequence.
        Err(_) => std::str::from_utf8(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::from_utf8;

    #[test]
    fn same_answers_as_std() {
        for bytes in [
            &b""[..],
            b"ascii",
            "caf\u{e9} \u{4f60}\u{597d} \u{1f600}".as_bytes(),
            b"bad \xff byte",
            b"cut \xe4\xbd",
            b"\xed\xa0\x80 surrogate",
            b"\xc0\xaf overlong",
        ] {
            let ours = from_utf8(bytes).map_err(|e| (e.valid_up_to(), e.error_len()));
            let std = std::str::from_utf8(bytes).map_err(|e| (e.valid_up_to(), e.error_len()));
            assert_eq!(ours, std, "{bytes:?}");
        }
    }
}
