//! Straightening of curly quotation marks.
//!
//! This is a port of ftfy's `fixes.uncurl_quotes`: the double quotation marks
//! U+201C–U+201F (“ ” „ ‟) become `"`, and the single quotation marks
//! U+2018–U+201B (‘ ’ ‚ ‛) and U+02BC MODIFIER LETTER APOSTROPHE (ʼ) become
//! `'`. Other quotation marks, such as guillemets or primes, are kept. The
//! output matches ftfy 6.3.1 exactly.

use std::borrow::Cow;

use memchr::memchr2_iter;

/// Replaces curly quotation marks with the straight ASCII quotes `'` and `"`.
///
/// Returns [`Cow::Borrowed`] when the text contains none of them.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::uncurl_quotes;
///
/// assert_eq!(uncurl_quotes("\u{201c}here\u{2019}s a test\u{201d}"), "\"here's a test\"");
/// assert_eq!(uncurl_quotes("«non»"), "«non»");
/// ```
#[must_use]
pub fn uncurl_quotes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    // U+2018–U+201F are E2 80 98–9F in UTF-8 and U+02BC is CA BC. Both lead
    // bytes only ever start a character, so every hit is a character start.
    for pos in memchr2_iter(0xE2, 0xCA, bytes) {
        let (replacement, len) = match (bytes.get(pos), bytes.get(pos + 1), bytes.get(pos + 2)) {
            (Some(0xE2), Some(0x80), Some(0x98..=0x9B)) => ('\'', 3),
            (Some(0xE2), Some(0x80), Some(0x9C..=0x9F)) => ('"', 3),
            (Some(0xCA), Some(0xBC), _) => ('\'', 2),
            _ => continue,
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..pos)
                .expect("copied up to a character just looked at"),
        );
        buf.push(replacement);
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
    use super::uncurl_quotes;
    use std::borrow::Cow;

    #[test]
    fn ftfy_docstring_example() {
        assert_eq!(
            uncurl_quotes("\u{201c}here\u{2019}s a test\u{201d}"),
            "\"here's a test\""
        );
    }

    #[test]
    fn every_quote() {
        assert_eq!(
            uncurl_quotes(
                "\u{2018}\u{2019}\u{201a}\u{201b}\u{201c}\u{201d}\u{201e}\u{201f}\u{2bc}"
            ),
            "''''\"\"\"\"'"
        );
    }

    #[test]
    fn neighbours_are_kept() {
        // U+2017, U+2020, U+02BB, U+02BD, U+2039, U+00AB, U+2032 and
        // characters sharing a lead byte (U+2000, U+2122, U+02B0).
        let kept = "\u{2017}\u{2020}\u{2bb}\u{2bd}\u{2039}\u{ab}\u{2032}\u{2000}\u{2122}\u{2b0}";
        assert!(matches!(uncurl_quotes(kept), Cow::Borrowed(_)));
        assert!(matches!(
            uncurl_quotes("plain 'ascii' \"text\""),
            Cow::Borrowed(_)
        ));
        assert!(matches!(uncurl_quotes(""), Cow::Borrowed(_)));
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            uncurl_quotes("l\u{2019}humanit\u{e9} \u{201e}Zitat\u{201c} ok"),
            "l'humanit\u{e9} \"Zitat\" ok"
        );
    }
}
