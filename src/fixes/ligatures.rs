//! Expansion of Latin ligature characters.
//!
//! This is a port of ftfy's `fixes.fix_latin_ligatures`. It expands the
//! single-character Latin ligatures and digraphs that usually come from
//! copy-and-paste accidents: the Dutch Ĳ/ĳ, the Afrikaans ŉ, the
//! Serbo-Croatian digraphs Ǆ–ǌ and Ǳ–ǳ, and the typographic ligatures
//! U+FB00–U+FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ). Ligatures of other scripts are kept. The
//! table is ftfy 6.3.1's, and the output matches ftfy exactly.

use std::borrow::Cow;

/// Replaces Latin ligature characters with the letters they contain.
///
/// Returns [`Cow::Borrowed`] when the text contains none of them.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::fix_latin_ligatures;
///
/// assert_eq!(fix_latin_ligatures("ﬂuﬃeﬆ"), "fluffiest");
/// assert_eq!(fix_latin_ligatures("ĲSSEL"), "IJSSEL");
/// ```
#[must_use]
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| is_candidate_lead(b)))
    {
        let start = pos + offset;
        pos = start + 1;
        let Some(c) = text.get(start..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let Some(expansion) = expand(c) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        buf.push_str(
            text.get(copied..start)
                .expect("copied up to a character just looked at"),
        );
        buf.push_str(expansion);
        copied = start + c.len_utf8();
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

/// UTF-8 lead bytes of the ligature characters: C4 (U+0132, U+0133),
/// C5 (U+0149), C7 (U+01C4–U+01CC, U+01F1–U+01F3) and EF (U+FB00–U+FB06).
fn is_candidate_lead(b: u8) -> bool {
    matches!(b, 0xC4 | 0xC5 | 0xC7 | 0xEF)
}

fn expand(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{132}' => "IJ",
        '\u{133}' => "ij",
        '\u{149}' => "\u{2bc}n",
        '\u{1c4}' => "D\u{17d}",
        '\u{1c5}' => "D\u{17e}",
        '\u{1c6}' => "d\u{17e}",
        '\u{1c7}' => "LJ",
        '\u{1c8}' => "Lj",
        '\u{1c9}' => "lj",
        '\u{1ca}' => "NJ",
        '\u{1cb}' => "Nj",
        '\u{1cc}' => "nj",
        '\u{1f1}' => "DZ",
        '\u{1f2}' => "Dz",
        '\u{1f3}' => "dz",
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' => "\u{17f}t",
        '\u{fb06}' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fix_latin_ligatures;
    use std::borrow::Cow;

    #[test]
    fn ftfy_docstring_example() {
        assert_eq!(fix_latin_ligatures("ﬂuﬃeﬆ"), "fluffiest");
    }

    #[test]
    fn whole_table() {
        assert_eq!(
            fix_latin_ligatures("ĲĳŉǱǲǳǄǅǆǇǈǉǊǋǌﬀﬁﬂﬃﬄﬅﬆ"),
            "IJijʼnDZDzdzDŽDždžLJLjljNJNjnjfffiflffifflſtst"
        );
    }

    #[test]
    fn others_are_kept() {
        // Same lead bytes, not in the table; and non-Latin ligatures.
        for kept in [
            "Ĵ",
            "ő",
            "ǂǍǰǴ",
            "\u{fb13}\u{fb1f}\u{fe0f}\u{fffd}",
            "æœß",
            "",
        ] {
            assert!(
                matches!(fix_latin_ligatures(kept), Cow::Borrowed(_)),
                "{kept:?}"
            );
        }
    }

    #[test]
    fn mixed_text() {
        assert_eq!(fix_latin_ligatures("é ﬁn ĳs ǅ"), "é fin ijs Dž");
    }
}
