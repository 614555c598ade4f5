//! Removal of ANSI terminal escape sequences.
//!
//! This is a port of ftfy's `fixes.remove_terminal_escapes`, which deletes
//! every match of the Python regex `\x1b\[((?:\d|;)*)([a-zA-Z])`: ESC, `[`,
//! any number of digits and semicolons, and one ASCII letter. These are the
//! CSI sequences that set colours and move the cursor (`ESC[36;44m`).
//!
//! ftfy's `\d` is Python's Unicode-aware digit class, so it also accepts
//! decimal digits of other scripts (general category Nd), such as `٣` or
//! `３`. This module does the same, with the Nd ranges of Unicode 14.0 (the
//! version of Python 3.11's `unicodedata`, which ftfy's reference results
//! come from). The matcher is hand-written rather than a regex; its output
//! matches ftfy 6.3.1 exactly.

use std::borrow::Cow;

use memchr::memchr_iter;

/// Code point ranges of the non-ASCII characters of general category Nd in
/// Unicode 14.0, produced with Python 3.11's `unicodedata.category`.
const NON_ASCII_DECIMAL_DIGITS: [(u32, u32); 61] = [
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

/// Removes ANSI CSI escape sequences (`ESC [`, digits and `;`, one letter).
///
/// Returns [`Cow::Borrowed`] when the text contains no such sequence.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::remove_terminal_escapes;
///
/// assert_eq!(
///     remove_terminal_escapes("\u{1b}[36;44mI'm blue, da ba dee da ba doo...\u{1b}[0m"),
///     "I'm blue, da ba dee da ba doo..."
/// );
/// // Only digits and semicolons may come before the final letter.
/// assert_eq!(remove_terminal_escapes("\u{1b}[?25l"), "\u{1b}[?25l");
/// ```
#[must_use]
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for pos in memchr_iter(0x1B, bytes) {
        // A removed sequence contains no ESC, but stay safe.
        if pos < copied {
            continue;
        }
        let Some(end) = match_escape(text, pos) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..pos)
                .expect("copied up to a character just looked at"),
        );
        copied = end;
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

/// Matches `ESC [ (\d|;)* [A-Za-z]` at `pos` (the index of an ESC) and
/// returns the end of the sequence.
fn match_escape(text: &str, pos: usize) -> Option<usize> {
    let rest = text
        .get(pos + 1..)
        .expect("`pos` is an ESC byte of the text")
        .strip_prefix('[')?;
    let mut end = pos + 2;
    for c in rest.chars() {
        if c.is_ascii_alphabetic() {
            return Some(end + 1);
        }
        if c == ';' || is_decimal_digit(c) {
            end += c.len_utf8();
        } else {
            return None;
        }
    }
    None
}

/// Whether `c` is in general category Nd (Unicode 14.0), like Python's `\d`.
fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    crate::chars::in_sorted_ranges(&NON_ASCII_DECIMAL_DIGITS, u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::{is_decimal_digit, remove_terminal_escapes};
    use std::borrow::Cow;

    #[test]
    fn ftfy_docstring_example() {
        assert_eq!(
            remove_terminal_escapes("\u{1b}[36;44mI'm blue, da ba dee da ba doo...\u{1b}[0m"),
            "I'm blue, da ba dee da ba doo..."
        );
    }

    #[test]
    fn sequences() {
        assert_eq!(
            remove_terminal_escapes("\u{1b}[m\u{1b}[;;Z\u{1b}[1;2;3H!"),
            "!"
        );
        assert_eq!(remove_terminal_escapes("\u{1b}[\u{1b}[0m"), "\u{1b}[");
        assert_eq!(remove_terminal_escapes("\u{1b}\u{1b}[2J"), "\u{1b}");
        assert_eq!(remove_terminal_escapes("a\u{1b}[0mb\u{1b}[0mc"), "abc");
        // Unicode decimal digits count, as with Python's \d.
        assert_eq!(
            remove_terminal_escapes("\u{1b}[\u{663}\u{ff13}\u{1d7ce}m."),
            "."
        );
    }

    #[test]
    fn non_matches() {
        for kept in [
            "\u{1b}",
            "\u{1b}[",
            "\u{1b}[0",
            "\u{1b}[0;",
            "\u{1b}]0;title\u{7}",
            "\u{1b}[?25h",
            "\u{1b}[ 0m",
            "\u{1b}[0é",
            "\u{1b}[\u{b2}m",
            "\u{1b}[\u{2160}m",
            "[0m",
            "",
        ] {
            assert!(
                matches!(remove_terminal_escapes(kept), Cow::Borrowed(_)),
                "{kept:?}"
            );
        }
    }

    #[test]
    fn digit_table() {
        assert!(is_decimal_digit('0') && is_decimal_digit('9'));
        assert!(!is_decimal_digit('a') && !is_decimal_digit('\u{b9}'));
        assert!(is_decimal_digit('\u{660}') && is_decimal_digit('\u{669}'));
        assert!(!is_decimal_digit('\u{65f}') && !is_decimal_digit('\u{66a}'));
        assert!(is_decimal_digit('\u{1fbf9}') && !is_decimal_digit('\u{1fbfa}'));
        // Added after Unicode 14.0 (Kawi digits), so not a digit for Python 3.11.
        assert!(!is_decimal_digit('\u{11f50}'));
    }
}
