//! Decoding of Python-style backslash escapes.
//!
//! This is a port of ftfy's `fixes.decode_escapes`. ftfy never applies it on
//! its own, because escaped text is not necessarily a mistake. It decodes the
//! escape sequences of Python string literals wherever they appear and
//! leaves all other text, including non-ASCII text, alone:
//!
//! * `\UXXXXXXXX`, `\uXXXX` and `\xXX` with exactly 8, 4 and 2 hexadecimal
//!   digits;
//! * octal escapes `\o`, `\oo` and `\ooo` (at most three digits 0–7, so at
//!   most U+01FF);
//! * the single-character escapes `\\ \' \" \a \b \f \n \r \t \v`.
//!
//! A backslash followed by anything else is kept, as is the text after it.
//!
//! Differences from ftfy 6.3.1, all in cases where Python cannot produce a
//! valid Rust string or does not return at all:
//!
//! * `\N{name}` escapes are left unchanged: this crate carries no table of
//!   Unicode character names. (ftfy decodes a valid name and raises an error
//!   for an unknown one.)
//! * Where ftfy raises `UnicodeDecodeError` (a `\U`, `\u` or `\x` escape whose
//!   characters are not all hexadecimal, such as `\x4g`, or a `\U` escape
//!   above U+10FFFF), the escape is left unchanged and decoding goes on after
//!   its backslash.
//! * ftfy turns `\ud83d\ude00` into two surrogate code points, which a Rust
//!   string cannot hold. Here an escaped high surrogate immediately followed
//!   by an escaped low surrogate becomes the character they encode (😀), and
//!   any other escaped surrogate becomes U+FFFD, which is what ftfy's
//!   `fix_surrogates` would make of ftfy's output.

use std::borrow::Cow;

use memchr::memchr;

/// Decodes Python string-literal escapes (`\n`, `\x41`, `\u00e9`,
/// `\U0001F600`, `\101`, ...) and leaves all other text alone.
///
/// Returns [`Cow::Borrowed`] when nothing was decoded.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::decode_escapes;
///
/// assert_eq!(
///     decode_escapes(r"\u20a1 is the currency symbol for the colón."),
///     "₡ is the currency symbol for the colón."
/// );
/// assert_eq!(decode_escapes(r"tab\there\x21"), "tab\there!");
/// ```
#[must_use]
pub fn decode_escapes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut search = 0;
    while let Some(offset) = bytes.get(search..).and_then(|rest| memchr(b'\\', rest)) {
        let pos = search + offset;
        let Some((end, decoded)) = decode_at(bytes, pos) else {
            // Not a decodable escape: keep the backslash, go on after it.
            search = pos + 1;
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..pos)
                .expect("copied up to a character just looked at"),
        );
        buf.push(decoded);
        copied = end;
        search = end;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(
                text.get(copied..)
                    .expect("copied up to the end of a character"),
            );
            Cow::Owned(buf)
        }
    }
}

/// Decodes the escape whose backslash is at `pos`, returning the end of the
/// escape (or of a surrogate pair of escapes) and the character.
fn decode_at(bytes: &[u8], pos: usize) -> Option<(usize, char)> {
    // A backslash at the end escapes nothing.
    let kind = *bytes.get(pos + 1)?;
    let simple = match kind {
        b'\\' => Some('\\'),
        b'\'' => Some('\''),
        b'"' => Some('"'),
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'v' => Some('\u{b}'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((pos + 2, c));
    }
    match kind {
        b'0'..=b'7' => {
            let digits = bytes
                .get(pos + 1..)
                .expect("the digit at `pos + 1` was just read")
                .iter()
                .take(3)
                .take_while(|b| matches!(b, b'0'..=b'7'))
                .fold((0u32, 0usize), |(value, n), b| {
                    (value * 8 + u32::from(b - b'0'), n + 1)
                });
            Some((pos + 1 + digits.1, char::from_u32(digits.0)?))
        }
        b'x' => {
            let value = hex_value(bytes, pos + 2, 2)?;
            Some((pos + 4, char::from_u32(value)?))
        }
        b'u' | b'U' => {
            let (end, value) = code_unit_escape(bytes, pos)?;
            match value {
                0xD800..=0xDBFF => match code_unit_escape(bytes, end) {
                    Some((pair_end, low @ 0xDC00..=0xDFFF)) => {
                        let c = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
                        Some((pair_end, char::from_u32(c)?))
                    }
                    _ => Some((end, char::REPLACEMENT_CHARACTER)),
                },
                0xDC00..=0xDFFF => Some((end, char::REPLACEMENT_CHARACTER)),
                _ => Some((end, char::from_u32(value)?)),
            }
        }
        _ => None,
    }
}

/// Parses a `\uXXXX` or `\UXXXXXXXX` escape at `pos`, returning its end and
/// its value, which may be a surrogate but never exceeds 0x10FFFF.
fn code_unit_escape(bytes: &[u8], pos: usize) -> Option<(usize, u32)> {
    if bytes.get(pos) != Some(&b'\\') {
        return None;
    }
    let width = match bytes.get(pos + 1)? {
        b'u' => 4,
        b'U' => 8,
        _ => return None,
    };
    let value = hex_value(bytes, pos + 2, width)?;
    (value <= 0x10_FFFF).then_some((pos + 2 + width, value))
}

/// Reads exactly `count` hexadecimal digits starting at `start`.
fn hex_value(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    bytes
        .get(start..start + count)?
        .iter()
        .try_fold(0u32, |value, &b| {
            let digit = char::from(b).to_digit(16)?;
            Some(value << 4 | digit)
        })
}

#[cfg(test)]
mod tests {
    use super::decode_escapes;
    use std::borrow::Cow;

    fn check(input: &str, expected: &str) {
        assert_eq!(decode_escapes(input), expected, "input {input:?}");
    }

    #[test]
    fn ftfy_docstring_example() {
        check(
            r"\u20a1 is the currency symbol for the colón.",
            "₡ is the currency symbol for the colón.",
        );
    }

    #[test]
    fn hex_escapes() {
        check(r"\x41\x4", r"A\x4");
        check(r"\xe9\xE9", "éé");
        check("é\\xe9", "éé");
        check(r"\u00e9\u00E9\u20AC", "éé€");
        check(r"\U0001F600\U0010ffff", "😀\u{10ffff}");
        check(r"\U0001F60", r"\U0001F60");
        check(r"\u12", r"\u12");
    }

    #[test]
    fn octal_escapes() {
        check(r"\0", "\u{0}");
        check(r"\08", "\u{0}8");
        check(r"\1234", "S4");
        check(r"\777", "\u{1ff}");
        check(r"\101\102", "AB");
        check(r"\8\9", r"\8\9");
    }

    #[test]
    fn single_character_escapes() {
        check(r#"\a\b\f\n\r\t\v\'\""#, "\u{7}\u{8}\u{c}\n\r\t\u{b}'\"");
        check(r"\q\\n", r"\q\n");
        check(r"\\\\", r"\\");
        check("\\", "\\");
        check("\\\n", "\\\n");
    }

    #[test]
    fn borrowed_when_unchanged() {
        for kept in ["", "plain", "é", r"\q", r"\N{}", r"\x4", "\\x4\n", r"\8"] {
            assert!(matches!(decode_escapes(kept), Cow::Borrowed(_)), "{kept:?}");
        }
    }

    #[test]
    fn documented_differences() {
        // ftfy decodes \N{...} names; no name table here.
        check(
            r"\N{LATIN SMALL LETTER E WITH ACUTE}",
            r"\N{LATIN SMALL LETTER E WITH ACUTE}",
        );
        // ftfy raises UnicodeDecodeError for these.
        check(r"\x4g\x41", r"\x4gA");
        check(r"\xé9", r"\xé9");
        check(r"\U00110000", r"\U00110000");
        // ftfy returns surrogate code points; here pairs are joined and
        // lone surrogates replaced, as ftfy's fix_surrogates would do.
        check(r"\ud83d\ude00", "😀");
        check(r"\U0000d83d\U0000de00", "😀");
        check(r"\ud83d\U0000DE00", "😀");
        check(r"\uD800x", "\u{fffd}x");
        check(r"\ude00\ud83d", "\u{fffd}\u{fffd}");
        check(r"\ud83d\ud83d\ude00", "\u{fffd}😀");
    }
}
