//! UTF-8 helpers: decoding one character of text known to be valid, and
//! validation for byte input: `simdutf8`'s vectorised check first
//! (several GB/s on non-ASCII text, against about 1 GB/s for the standard
//! library's), and the standard library only to build the error.
//!
//! The check is `simdutf8`'s `compat` flavour, which stops at the first
//! invalid sequence as the standard library does: callers validate the
//! rest of a 64 KB chunk line after line, and a check that always reads to
//! the end (the `basic` flavour) made mixed-encoding input quadratic.
//! And the line around a byte, which the scan and the legacy repair's line
//! test both look for.

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

/// `bytes` as text when they are valid UTF-8, for callers that have no
/// use for the error's position (no second pass to build it).
#[inline]
pub(crate) fn valid(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Decodes the character at `i` of valid UTF-8 whose lead byte `b0` is not
/// ASCII: `(code point, length)`. Four bytes are read at once where there
/// are four; the scan and the charmap encoder call this per character.
#[inline(always)]
pub(crate) fn decode_at(bytes: &[u8], i: usize, b0: u8) -> (u32, usize) {
    // Not `get(i..i + 4)`, which also checks that `i + 4` does not overflow.
    if let Some(w) = bytes.get(i..).and_then(<[u8]>::first_chunk::<4>) {
        let w = u32::from_le_bytes(*w);
        let c1 = (w >> 8) & 0x3F;
        let c2 = (w >> 16) & 0x3F;
        let c3 = (w >> 24) & 0x3F;
        return if b0 < 0xE0 {
            (((w & 0x1F) << 6) | c1, 2)
        } else if b0 < 0xF0 {
            (((w & 0x0F) << 12) | (c1 << 6) | c2, 3)
        } else {
            (((w & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
        };
    }
    let cont = |k: usize| {
        let b = bytes
            .get(i + k)
            .expect("valid UTF-8: a lead byte has its continuation bytes");
        u32::from(b & 0x3F)
    };
    if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// The index of the last `\n` in `bytes`: a plain loop over a few bytes
/// (the usual distance from a short line's start to its first dirty
/// character), `memrchr` over more.
#[inline]
pub(crate) fn last_line_feed(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 32 {
        bytes.iter().rposition(|&b| b == b'\n')
    } else {
        memchr::memrchr(b'\n', bytes)
    }
}

/// The line around byte `i`: from after the `\n` before it to after the
/// `\n` at or after it (or the text's ends).
pub(crate) fn line_around(bytes: &[u8], i: usize) -> (usize, usize) {
    let start = bytes
        .get(..i)
        .and_then(|b| memchr::memrchr(b'\n', b))
        .map_or(0, |k| k + 1);
    (start, line_end(bytes, i))
}

/// The end of the line around byte `i`: after the `\n` at or after it, or
/// the text's end.
#[inline]
pub(crate) fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|b| memchr::memchr(b'\n', b))
        .map_or(bytes.len(), |k| i + k + 1)
}

#[cfg(test)]
mod tests {
    use super::{from_utf8, valid};

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
            assert_eq!(valid(bytes), std.ok(), "{bytes:?}");
        }
    }
}
