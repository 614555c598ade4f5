//! The `utf-8-variants` decoder (ftfy's `bad_codecs/utf8_variants.py`).
//!
//! This is strict UTF-8 with two additions that show up in data produced by
//! Java and by systems that encode UTF-16 code units one at a time:
//!
//! * **CESU-8**: a supplementary character written as two three-byte
//!   sequences, one per UTF-16 surrogate,
//!   `ED [A0-AF] [80-BF] ED [B0-BF] [80-BF]`. The high surrogate
//!   `ED b1 b2` is `0xD800 + ((b1 & 0x0F) << 6) + (b2 & 0x3F)`, the low one
//!   `ED b4 b5` is `0xDC00 + ((b4 & 0x0F) << 6) + (b5 & 0x3F)`, and the
//!   character is `0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)`,
//!   which simplifies to
//!   `0x10000 + ((b1 & 0x0F) << 16) + ((b2 & 0x3F) << 10) + ((b4 & 0x0F) << 6) + (b5 & 0x3F)`.
//! * **Java's modified UTF-8**: the overlong `C0 80` stands for U+0000.
//!
//! Everything else that is not valid UTF-8, including a surrogate that is not
//! part of such a pair, is an error.
//!
//! The implementation lets the standard library validate as much as it can
//! and only looks at the bytes where it stops: every byte sequence handled
//! specially is invalid standard UTF-8, so the first validation error is
//! exactly where ftfy's decoder would reach its first special sequence (or
//! fail). Each byte is validated once, so decoding is linear.

use super::{Codec, DecodeError};

/// Decodes `utf-8-variants`: UTF-8, plus CESU-8 surrogate pairs and Java's
/// `C0 80` for U+0000.
///
/// # Errors
///
/// Returns a [`DecodeError`] whose `valid_up_to` is the offset of the first
/// byte sequence that is neither valid UTF-8 nor one of the two extensions,
/// for example a lone surrogate.
///
/// # Examples
///
/// ```
/// use unmojibake::codecs::decode_utf8_variants;
///
/// // U+1F600 as a CESU-8 surrogate pair, and a Java-style NUL.
/// let bytes = b"\xed\xa0\xbd\xed\xb8\x80 \xc0\x80";
/// assert_eq!(decode_utf8_variants(bytes).unwrap(), "\u{1F600} \u{0}");
///
/// // A lone high surrogate is still an error.
/// let err = decode_utf8_variants(b"ab\xed\xa0\xbd").unwrap_err();
/// assert_eq!(err.valid_up_to, 2);
/// ```
pub fn decode_utf8_variants(bytes: &[u8]) -> Result<String, DecodeError> {
    // Fast path: plain UTF-8 needs one validation and one copy.
    let first_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(s.to_owned()),
        Err(e) => e.valid_up_to(),
    };
    let error = |at: usize| DecodeError {
        codec: Codec::Utf8Variants,
        valid_up_to: at,
    };
    let mut out = String::with_capacity(bytes.len());
    let mut pos = 0;
    let mut next_error = Some(first_error);
    loop {
        // bytes[pos..stop] is valid UTF-8; `stop` is the end or an error.
        let stop = next_error.unwrap_or(bytes.len());
        let valid = bytes
            .get(pos..stop)
            .and_then(|run| std::str::from_utf8(run).ok())
            .ok_or_else(|| error(pos))?;
        out.push_str(valid);
        if next_error.is_none() {
            return Ok(out);
        }
        let rest = bytes
            .get(stop..)
            .expect("`stop` is an error position within the bytes");
        let (c, len) = special_sequence(rest).ok_or_else(|| error(stop))?;
        out.push(c);
        pos = stop + len;
        let after = bytes
            .get(pos..)
            .expect("`pos` is after a sequence found within the bytes");
        next_error = match std::str::from_utf8(after) {
            Ok(_) => None,
            Err(e) => Some(pos + e.valid_up_to()),
        };
    }
}

/// Recognises a CESU-8 surrogate pair or `C0 80` at the start of `bytes`,
/// returning the character and the number of bytes it takes.
fn special_sequence(bytes: &[u8]) -> Option<(char, usize)> {
    match *bytes {
        [0xC0, 0x80, ..] => Some(('\0', 2)),
        [0xED, b1 @ 0xA0..=0xAF, b2 @ 0x80..=0xBF, 0xED, b4 @ 0xB0..=0xBF, b5 @ 0x80..=0xBF, ..] => {
            let cp = 0x10000
                + (u32::from(b1 & 0x0F) << 16)
                + (u32::from(b2 & 0x3F) << 10)
                + (u32::from(b4 & 0x0F) << 6)
                + u32::from(b5 & 0x3F);
            char::from_u32(cp).map(|c| (c, 6))
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// Encodes a character above U+FFFF the CESU-8 way, from its UTF-16
    /// surrogates, independently of the decoder's formula.
    fn cesu8(c: char) -> Vec<u8> {
        let mut units = [0u16; 2];
        let mut out = Vec::new();
        for &unit in c.encode_utf16(&mut units).iter() {
            let u = u32::from(unit);
            out.push(0xE0 | (u >> 12) as u8);
            out.push(0x80 | ((u >> 6) & 0x3F) as u8);
            out.push(0x80 | (u & 0x3F) as u8);
        }
        out
    }

    #[test]
    fn surrogate_pair_for_u1f600() {
        let bytes = cesu8('\u{1F600}');
        assert_eq!(bytes, b"\xed\xa0\xbd\xed\xb8\x80");
        assert_eq!(decode_utf8_variants(&bytes).unwrap(), "\u{1F600}");
    }

    #[test]
    fn formula_agrees_with_surrogate_arithmetic() {
        for cp in (0x10000..=0x10FFFF).step_by(0x3FF) {
            let c = char::from_u32(cp).unwrap();
            let bytes = cesu8(c);
            assert_eq!(special_sequence(&bytes), Some((c, 6)), "{cp:#x}");
        }
        let last = cesu8('\u{10FFFF}');
        assert_eq!(special_sequence(&last), Some(('\u{10FFFF}', 6)));
    }

    #[test]
    fn java_nul() {
        assert_eq!(decode_utf8_variants(b"\xc0\x80").unwrap(), "\0");
        assert_eq!(decode_utf8_variants(b"a\xc0\x80b").unwrap(), "a\0b");
        assert_eq!(decode_utf8_variants(b"a\xc0").unwrap_err().valid_up_to, 1);
        assert_eq!(
            decode_utf8_variants(b"a\xc0\x81").unwrap_err().valid_up_to,
            1
        );
    }

    #[test]
    fn mixed_with_standard_utf8() {
        let mut bytes = "héllo 한국 ".as_bytes().to_vec();
        bytes.extend(cesu8('\u{1F4A9}'));
        bytes.extend(b"\xc0\x80");
        bytes.extend("😀 end".as_bytes());
        bytes.extend(cesu8('\u{10000}'));
        assert_eq!(
            decode_utf8_variants(&bytes).unwrap(),
            "héllo 한국 \u{1F4A9}\0😀 end\u{10000}"
        );
    }

    #[test]
    fn errors() {
        let cases: [(&[u8], usize); 10] = [
            (b"\xed\xa0\xbd", 0),                 // lone high surrogate at the end
            (b"x\xed\xa0\xbdx", 1),               // lone high surrogate
            (b"xy\xed\xb8\x80", 2),               // lone low surrogate
            (b"\xed\xb8\x80\xed\xa0\xbd", 0),     // pair in the wrong order
            (b"\xed\xa0\xbd\xed\xa0\xbd", 0),     // two high surrogates
            (b"\xed\xb0\x80\xed\xb0\x80", 0),     // two low surrogates
            (b"ok\xff", 2),                       // invalid byte
            (b"\xe2\x82", 0),                     // truncated
            (b"\xed\xa0\xbd\xed\xb8\x80\x80", 6), // stray continuation after a pair
            (b"\xc0\x80\xc1\xbf", 2),             // other overlong forms stay errors
        ];
        for (bytes, at) in cases {
            let err = decode_utf8_variants(bytes).unwrap_err();
            assert_eq!(err.valid_up_to, at, "{bytes:x?}");
            assert_eq!(err.codec, Codec::Utf8Variants);
        }
    }

    #[test]
    fn hangul_with_ed_lead_is_plain_utf8() {
        // U+D55C is ED 95 9C: an ED lead byte that is not a surrogate.
        assert_eq!(decode_utf8_variants("한".as_bytes()).unwrap(), "한");
    }
}
