//! Removal of unwanted control characters and byte-order marks, and C1
//! controls read as Windows-1252.
//!
//! This is a port of ftfy's `fixes.remove_control_chars`,
//! `fixes.remove_bom` and `fixes.fix_c1_controls`.
//!
//! [`remove_control_chars`] deletes the control characters that are almost
//! never intended in text: the ASCII controls U+0000–U+0008, U+000B,
//! U+000E–U+001F and U+007F, the deprecated Arabic format controls
//! U+206A–U+206F, the byte-order mark U+FEFF (anywhere in the text), and the
//! interlinear annotation characters and object replacement character
//! U+FFF9–U+FFFC. It keeps tab, line feed, form feed and carriage return, the
//! C1 controls (they are clues to mojibake, handled by [`fix_c1_controls`]),
//! joiners and bidirectional controls, and the tag characters used in emoji
//! flag sequences.
//!
//! [`remove_bom`] only strips byte-order marks at the start of the text. ftfy
//! never applies it automatically. Both match ftfy 6.3.1 exactly.

use std::borrow::Cow;

use crate::codecs::{self, Codec};

/// Deletes the control characters listed in the module documentation.
///
/// Returns [`Cow::Borrowed`] when the text contains none of them.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::remove_control_chars;
///
/// assert_eq!(remove_control_chars("a\u{0}b\u{7f}c\u{feff}d"), "abcd");
/// assert_eq!(remove_control_chars("tab\tand\r\nnewline"), "tab\tand\r\nnewline");
/// ```
#[must_use]
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| is_candidate(b)))
    {
        let start = pos + offset;
        let len = match (bytes.get(start), bytes.get(start + 1), bytes.get(start + 2)) {
            (Some(0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F), _, _) => 1,
            // U+206A–U+206F
            (Some(0xE2), Some(0x81), Some(0xAA..=0xAF)) => 3,
            // U+FEFF
            (Some(0xEF), Some(0xBB), Some(0xBF)) => 3,
            // U+FFF9–U+FFFC
            (Some(0xEF), Some(0xBF), Some(0xB9..=0xBC)) => 3,
            _ => 0,
        };
        if len == 0 {
            pos = start + 1;
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..start)
                .expect("copied up to a character just looked at"),
        );
        copied = start + len;
        pos = copied;
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

/// Bytes that may start a removable character: the ASCII controls other
/// than `\t`, `\n`, `\x0c` and `\r`, and the lead bytes E2 and EF.
fn is_candidate(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0xE2 | 0xEF)
}

/// Removes byte-order marks (U+FEFF) from the start of the text, like
/// Python's `text.lstrip("\ufeff")`.
///
/// Returns [`Cow::Borrowed`] when the text does not start with U+FEFF; when
/// it does, the stripped text is returned as [`Cow::Owned`], so that a
/// borrowed result always means "unchanged".
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::remove_bom;
///
/// assert_eq!(remove_bom("\u{feff}Where do you want to go today?"), "Where do you want to go today?");
/// assert_eq!(remove_bom("a\u{feff}"), "a\u{feff}");
/// ```
#[must_use]
pub fn remove_bom(text: &str) -> Cow<'_, str> {
    let stripped = text.trim_start_matches('\u{feff}');
    if stripped.len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(stripped.to_owned())
    }
}

/// Replaces each C1 control character (U+0080 to U+009F) with the character
/// Windows-1252 has for that byte, as HTML5 does (ftfy's `fix_c1_controls`).
/// The five bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) stay.
///
/// ```
/// use unmojibake::fixes::fix_c1_controls;
/// assert_eq!(fix_c1_controls("\u{93}quoted\u{94}"), "“quoted”");
/// assert_eq!(fix_c1_controls("\u{81}"), "\u{81}");
/// ```
pub fn fix_c1_controls(text: &str) -> Cow<'_, str> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(is_c1) {
        return Cow::Borrowed(text);
    }
    let fixed: String = text
        .chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) if is_c1(c) => codecs::decode_byte(b, Codec::SloppyWindows1252).unwrap_or(c),
            _ => c,
        })
        .collect();
    if fixed == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(fixed)
    }
}

#[cfg(test)]
mod tests {
    use super::{remove_bom, remove_control_chars};
    use std::borrow::Cow;

    #[test]
    fn removes_every_listed_character() {
        let mut all = String::new();
        for cp in (0x00..=0x08).chain([0x0B]).chain(0x0E..=0x1F).chain([0x7F]) {
            all.extend(char::from_u32(cp));
        }
        all.push_str("\u{206a}\u{206b}\u{206c}\u{206d}\u{206e}\u{206f}\u{feff}");
        all.push_str("\u{fff9}\u{fffa}\u{fffb}\u{fffc}");
        assert_eq!(remove_control_chars(&format!("x{all}y{all}")), "xy");
    }

    #[test]
    fn keeps_the_rest() {
        for kept in [
            "\t\n\u{c}\r",
            "\u{80}\u{85}\u{9f}\u{a0}",
            "\u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{202a}\u{202e}\u{2066}\u{2069}",
            "\u{2060}\u{2064}\u{2070}\u{fefe}\u{fff8}\u{fffd}\u{fffe}",
            "\u{1d173}\u{1d17a}",
            // Flag of Wales: black flag + tag characters.
            "\u{1f3f4}\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}",
            "",
            "plain",
        ] {
            assert!(
                matches!(remove_control_chars(kept), Cow::Borrowed(_)),
                "{kept:?}"
            );
        }
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            remove_control_chars("\u{1b}[36mblue\u{feff} é\u{fffc}\u{7}"),
            "[36mblue é"
        );
    }

    #[test]
    fn bom() {
        assert_eq!(
            remove_bom("\u{feff}Where do you want to go today?"),
            "Where do you want to go today?"
        );
        assert_eq!(remove_bom("\u{feff}\u{feff}x\u{feff}"), "x\u{feff}");
        assert_eq!(remove_bom("\u{feff}"), "");
        assert!(matches!(remove_bom("x\u{feff}"), Cow::Borrowed(_)));
        assert!(matches!(remove_bom(""), Cow::Borrowed(_)));
        assert!(matches!(remove_bom("\u{feff}x"), Cow::Owned(_)));
    }
}
