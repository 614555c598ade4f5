//! Conversion of fullwidth and halfwidth forms to their usual width.
//!
//! This is a port of ftfy's `fixes.fix_character_width`. The ideographic
//! space U+3000 becomes an ASCII space, and every character of the
//! Halfwidth and Fullwidth Forms block (U+FF01–U+FFEF) whose NFKC form
//! differs from itself is replaced by that NFKC form: fullwidth ASCII
//! becomes ASCII, halfwidth katakana and Hangul become their usual forms,
//! and fullwidth symbols such as ￥ become ¥. Each character is converted on
//! its own, so a halfwidth voiced sound mark stays a separate combining mark
//! (`ｶﾞ` becomes `カ` + U+3099, not `ガ`), as in ftfy.
//!
//! The NFKC forms come from the `unicode-normalization` crate. The mappings
//! in this block have been stable for many Unicode versions, and the result
//! was checked against ftfy 6.3.1 on Python 3.11 (Unicode 14.0) for every
//! character of the block.

use std::borrow::Cow;
use std::iter;

use memchr::memchr2_iter;
use unicode_normalization::UnicodeNormalization;

/// Replaces fullwidth and halfwidth characters (and U+3000 IDEOGRAPHIC
/// SPACE) with their standard-width equivalents.
///
/// Returns [`Cow::Borrowed`] when the text contains none of them.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::fix_character_width;
///
/// assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
/// assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
/// ```
#[must_use]
pub fn fix_character_width(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    // U+3000 is E3 80 80 and U+FF01–U+FFEF are EF BC 81–EF BF AF. Lead bytes
    // never occur inside a character, so every hit is a character start.
    for pos in memchr2_iter(0xE3, 0xEF, bytes) {
        let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let narrow = match c {
            '\u{3000}' => Narrow::Char(' '),
            '\u{ff01}'..='\u{ff5e}' => Narrow::Char(fullwidth_ascii(c)),
            '\u{ff5f}'..='\u{ffef}' if nfkc_differs(c) => Narrow::Nfkc(c),
            _ => continue,
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..pos)
                .expect("copied up to a character just looked at"),
        );
        match narrow {
            Narrow::Char(n) => buf.push(n),
            Narrow::Nfkc(c) => buf.extend(iter::once(c).nfkc()),
        }
        copied = pos + c.len_utf8();
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

/// What a character of the block becomes.
enum Narrow {
    /// One character, found without normalising.
    Char(char),
    /// Its NFKC form.
    Nfkc(char),
}

/// The ASCII character of a fullwidth one (U+FF01–U+FF5E): its NFKC form,
/// 0xFEE0 below it.
fn fullwidth_ascii(c: char) -> char {
    char::from_u32(u32::from(c) - 0xFEE0).expect("U+FF01–U+FF5E lie 0xFEE0 above U+0021–U+007E")
}

fn nfkc_differs(c: char) -> bool {
    let mut normalized = iter::once(c).nfkc();
    !(normalized.next() == Some(c) && normalized.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::fix_character_width;
    use std::borrow::Cow;

    #[test]
    fn ftfy_docstring_examples() {
        assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
        assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
    }

    #[test]
    fn block_edges_and_symbols() {
        assert_eq!(fix_character_width("！～｟｠｡･"), "!~⦅⦆。・");
        assert_eq!(fix_character_width("￠￡￢￣￤￥￦"), "¢£¬ \u{304}¦¥₩");
        assert_eq!(fix_character_width("￨￩￪￫￬￭￮"), "│←↑→↓■○");
        // Halfwidth Hangul goes through the compatibility jamo to the
        // conjoining jamo, and the halfwidth filler to U+1160.
        assert_eq!(fix_character_width("ﾡﾠ"), "\u{1100}\u{1160}");
        // A halfwidth voiced mark becomes a combining mark on its own.
        assert_eq!(fix_character_width("ｶﾞ"), "カ\u{3099}");
    }

    #[test]
    fn fullwidth_ascii_is_its_nfkc_form() {
        use unicode_normalization::UnicodeNormalization;
        for c in '\u{ff01}'..='\u{ff5e}' {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(super::fullwidth_ascii(c).to_string(), nfkc, "{c}");
        }
    }

    #[test]
    fn kept() {
        // Unassigned code points of the block, U+FFEF itself, and
        // neighbours with the same lead bytes.
        for kept in [
            "\u{ffbf}\u{ffc0}\u{ffc1}\u{ffe7}\u{ffef}",
            "\u{ff00}\u{fff0}\u{fffd}\u{fe10}",
            "\u{3001}\u{30a2}\u{e000}",
            "plain text",
            "",
        ] {
            assert!(
                matches!(fix_character_width(kept), Cow::Borrowed(_)),
                "{kept:?}"
            );
        }
    }
}
