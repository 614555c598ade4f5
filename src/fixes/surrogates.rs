//! Repair of UTF-16 surrogates.
//!
//! This is a port of ftfy's `fixes.fix_surrogates`, which joins each
//! high surrogate (U+D800–U+DBFF) that is directly followed by a low
//! surrogate (U+DC00–U+DFFF) into the supplementary character they encode,
//! and replaces every remaining surrogate with U+FFFD.
//!
//! A Python `str` can hold surrogate code points; a Rust `str` cannot, so
//! [`fix_surrogates`] has nothing to do and returns its input unchanged. It
//! exists so that the fixers line up with ftfy's. Text that still carries
//! surrogates can only arrive as UTF-16 code units; [`fix_surrogates_utf16`]
//! decodes such units with exactly ftfy's rules.

use std::borrow::Cow;

/// ftfy's `fix_surrogates` on a Rust string: the identity, because a `str`
/// never contains surrogate code points. Always returns [`Cow::Borrowed`].
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::fix_surrogates;
///
/// assert_eq!(fix_surrogates("\u{1f4a9}"), "\u{1f4a9}");
/// ```
#[must_use]
pub fn fix_surrogates(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Decodes UTF-16 code units that may contain unpaired surrogates, as ftfy's
/// `fix_surrogates` would fix them: a high surrogate followed by a low
/// surrogate becomes one character, and every other surrogate becomes
/// U+FFFD REPLACEMENT CHARACTER.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::fix_surrogates_utf16;
///
/// assert_eq!(fix_surrogates_utf16(&[0xD83D, 0xDCA9]), "\u{1f4a9}");
/// assert_eq!(fix_surrogates_utf16(&[0xDCA9, 0xD83D]), "\u{fffd}\u{fffd}");
/// assert_eq!(fix_surrogates_utf16(&[0x68, 0x69]), "hi");
/// ```
#[must_use]
pub fn fix_surrogates_utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        // A lone surrogate becomes U+FFFD, as documented.
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{fix_surrogates, fix_surrogates_utf16};
    use std::borrow::Cow;

    #[test]
    fn str_is_identity() {
        assert!(matches!(
            fix_surrogates("a\u{fffd}\u{10ffff}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn ftfy_docstring_examples() {
        assert_eq!(fix_surrogates_utf16(&[0xD83D, 0xDCA9]), "💩");
        assert_eq!(fix_surrogates_utf16(&[0xDCA9, 0xD83D]), "��");
    }

    #[test]
    fn pairing() {
        // High, high, low: the first high is alone, the second pairs.
        assert_eq!(
            fix_surrogates_utf16(&[0xD83D, 0xD83D, 0xDCA9]),
            "\u{fffd}💩"
        );
        // High followed by a non-surrogate.
        assert_eq!(
            fix_surrogates_utf16(&[0xD800, 0x41, 0xDFFF]),
            "\u{fffd}A\u{fffd}"
        );
        assert_eq!(fix_surrogates_utf16(&[0xDBFF, 0xDFFF]), "\u{10ffff}");
        assert_eq!(fix_surrogates_utf16(&[0xD800, 0xDC00]), "\u{10000}");
        assert_eq!(fix_surrogates_utf16(&[0xD800]), "\u{fffd}");
        assert_eq!(
            fix_surrogates_utf16(&[0xE9, 0xFFFF, 0xD7FF]),
            "é\u{ffff}\u{d7ff}"
        );
        assert_eq!(fix_surrogates_utf16(&[]), "");
    }
}
