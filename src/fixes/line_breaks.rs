//! Normalisation of line breaks to `\n`.
//!
//! This is a port of ftfy's `fixes.fix_line_breaks`. It converts CRLF, a lone
//! CR, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE
//! to `\n`. ftfy does this with five successive replacements (`\r\n` first);
//! a single left-to-right pass gives the same result, because each
//! replacement only produces `\n`, which cannot start a new match. The
//! output matches ftfy 6.3.1 exactly.

use std::borrow::Cow;

use memchr::memchr3_iter;

/// Converts every line break (CRLF, CR, U+2028, U+2029, U+0085) to `\n`.
///
/// Returns [`Cow::Borrowed`] when the text has no such line break.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::fix_line_breaks;
///
/// assert_eq!(fix_line_breaks("Content-type: text/plain\r\n\r\nHi."), "Content-type: text/plain\n\nHi.");
/// assert_eq!(fix_line_breaks("one\u{2028}two\rthree\u{85}"), "one\ntwo\nthree\n");
/// ```
#[must_use]
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    // CR; U+2028/U+2029 are E2 80 A8/A9; U+0085 is C2 85.
    for pos in memchr3_iter(b'\r', 0xE2, 0xC2, bytes) {
        if pos < copied {
            continue;
        }
        let len = match (bytes.get(pos), bytes.get(pos + 1), bytes.get(pos + 2)) {
            (Some(b'\r'), Some(b'\n'), _) => 2,
            (Some(b'\r'), _, _) => 1,
            (Some(0xE2), Some(0x80), Some(0xA8 | 0xA9)) => 3,
            (Some(0xC2), Some(0x85), _) => 2,
            _ => continue,
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..pos)
                .expect("copied up to a character just looked at"),
        );
        buf.push('\n');
        copied = pos + len;
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

#[cfg(test)]
mod tests {
    use super::fix_line_breaks;
    use std::borrow::Cow;

    #[test]
    fn ftfy_docstring_examples() {
        assert_eq!(
            fix_line_breaks("This string is made of two things:\u{2029}1. Unicode\u{2028}2. Spite"),
            "This string is made of two things:\n1. Unicode\n2. Spite"
        );
        assert_eq!(
            fix_line_breaks("Content-type: text/plain\r\n\r\nHi."),
            "Content-type: text/plain\n\nHi."
        );
        assert_eq!(
            fix_line_breaks("This is how Microsoft \r trolls Mac users"),
            "This is how Microsoft \n trolls Mac users"
        );
        assert_eq!(
            fix_line_breaks("What is this \u{85} I don't even"),
            "What is this \n I don't even"
        );
    }

    #[test]
    fn sequences() {
        assert_eq!(fix_line_breaks("\r\r\n\n\r"), "\n\n\n\n");
        assert_eq!(fix_line_breaks("\n\r"), "\n\n");
        assert_eq!(fix_line_breaks("\r\u{85}\r\n\u{2029}"), "\n\n\n\n");
        assert_eq!(fix_line_breaks("a\u{2028}\u{2028}b"), "a\n\nb");
    }

    #[test]
    fn kept() {
        for kept in [
            "\n\t\u{b}\u{c}",
            "\u{2027}\u{202a}\u{2026}",
            "\u{84}\u{86}\u{a0}é",
            "",
            "x",
        ] {
            assert!(
                matches!(fix_line_breaks(kept), Cow::Borrowed(_)),
                "{kept:?}"
            );
        }
    }
}
