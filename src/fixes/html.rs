//! Decoding of HTML entities and numeric character references.
//!
//! This is a port of ftfy's `fixes.unescape_html`. Unlike a general HTML
//! unescaper it only decodes references that are unambiguous in plain text:
//!
//! * a reference must have the shape `&#?[0-9A-Za-z]{1,24};`, so it always
//!   ends in a semicolon (`this&not that` stays as it is);
//! * a named reference is decoded if its name is one of the HTML5 entity
//!   names that end in `;` (Python's `html.entities.html5`), or one of
//!   ftfy's all-caps variants: an all-lowercase entity name written in upper
//!   case, such as `&EACUTE;` for "É" or `&SZLIG;` for "SS", provided that the
//!   upper-case name does not mean something else in HTML. Mixed-case
//!   spellings such as `&nTILDE;` are left alone;
//! * a numeric reference (`&#233;`, `&#xE9;`) is decoded exactly as Python's
//!   `html.unescape` decodes it: 0x80–0x9F go through the Windows-1252 table
//!   (`&#x80;` is "€"), 0, surrogates and values above 0x10FFFF become
//!   U+FFFD, and the noncharacters and most control characters that HTML
//!   forbids become the empty string. A reference whose digits do not cover
//!   the whole name (`&#12ab;`), or that decodes to `;` itself, is kept.
//!
//! The entity table lives in `src/tables/entities.rs` and is generated
//! from a pinned copy of Python 3.11's `html.entities.html5`. Names longer
//! than 24 characters can never match the pattern above, so the table leaves
//! them out, exactly as ftfy never decodes them. The output is identical to
//! ftfy 6.3.1's `unescape_html` for every input.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memchr;

use crate::tables::entities::ENTITIES;

/// For each ASCII byte, the entries of [`ENTITIES`] (sorted by name) whose
/// name starts with it: a name is looked up among its few dozen
/// neighbours, not among all 3,500.
static BY_FIRST_BYTE: LazyLock<[Range<usize>; 128]> = LazyLock::new(|| {
    let mut ranges = std::array::from_fn(|_| 0..0);
    let mut start = 0;
    while let Some(&(name, _)) = ENTITIES.get(start) {
        let first = *name.as_bytes().first().expect("entity names are not empty");
        let len = ENTITIES
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|(other, _)| other.as_bytes().first() == Some(&first))
            .count();
        if let Some(range) = ranges.get_mut(usize::from(first)) {
            *range = start..start + len;
        }
        start += len;
    }
    ranges
});

/// The replacement of the entity `name` (without `&` and `;`), if it is one.
fn entity(name: &str) -> Option<&'static str> {
    let first = usize::from(*name.as_bytes().first()?);
    let range = BY_FIRST_BYTE.get(first)?.clone();
    let near = ENTITIES.get(range)?;
    // Byte by byte, inline: the names are short, and a call to `memcmp`
    // a probe cost more than the comparison.
    let index = near
        .binary_search_by(|(key, _)| key.bytes().cmp(name.bytes()))
        .ok()?;
    near.get(index).map(|&(_, value)| value)
}

/// Longest run of letters and digits between `&` (or `&#`) and `;`.
const MAX_NAME_LEN: usize = 24;

// Windows-1252 characters for the numeric references `&#x80;`–`&#x9F;`
// (the first 32 entries, bytes 80–9F, of the generated sloppy
// Windows-1252 table): the five bytes Windows-1252 leaves undefined keep
// their C1 control.
use crate::tables::codepages::SLOPPY_WINDOWS_1252_DECODE as CP1252_HIGH;

/// What a matched reference turns into.
enum Replacement {
    Text(&'static str),
    Char(char),
    Nothing,
}

/// Decodes HTML entities and character references that end in `;`,
/// including ftfy's all-caps spellings of lowercase entities.
///
/// Returns [`Cow::Borrowed`] when the text contains no decodable reference.
///
/// # Examples
///
/// ```
/// use unmojibake::fixes::unescape_html;
///
/// assert_eq!(unescape_html("&lt;tag&gt;"), "<tag>");
/// assert_eq!(unescape_html("P&EACUTE;REZ"), "PÉREZ");
/// assert_eq!(unescape_html("BUNDESSTRA&SZLIG;E"), "BUNDESSTRASSE");
/// assert_eq!(unescape_html("&#x80;5 &#233;t&#xe9;"), "€5 été");
/// // No semicolon, no decoding.
/// assert_eq!(unescape_html("this&not that"), "this&not that");
/// ```
#[must_use]
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Everything before `copied` is already in `out` (or needs no change).
    let mut copied = 0;
    let mut search = 0;
    while let Some(amp) = next_amp(bytes, search) {
        search = amp + 1;
        let Some((end, replacement)) = match_reference(text, amp) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(
            text.get(copied..amp)
                .expect("copied up to a character just looked at"),
        );
        match replacement {
            Replacement::Text(s) => buf.push_str(s),
            Replacement::Char(c) => buf.push(c),
            Replacement::Nothing => {}
        }
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

/// The index of the first `&` of `bytes` at or after `from`. References
/// come close together (one every twelve bytes of `benches/data/html.txt`),
/// where memchr's set-up costs more than looking at a few bytes one by one:
/// the first sixteen are looked at so, the rest with memchr.
fn next_amp(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let (near, far) = rest.split_at(rest.len().min(16));
    match near.iter().position(|&b| b == b'&') {
        Some(i) => Some(from + i),
        None => memchr(b'&', far).map(|i| from + near.len() + i),
    }
}

/// Matches `&#?[0-9A-Za-z]{1,24};` at `amp` (the index of an `&`) and
/// decodes it. Returns the end of the reference and its replacement, or
/// `None` when the text there is not a reference ftfy would decode.
fn match_reference(text: &str, amp: usize) -> Option<(usize, Replacement)> {
    let bytes = text.as_bytes();
    let numeric = bytes.get(amp + 1) == Some(&b'#');
    let start = if numeric { amp + 2 } else { amp + 1 };
    let run = bytes
        .get(start..)
        .expect("`start` is after the `&`, or after the `#` that follows it")
        .iter()
        .take(MAX_NAME_LEN + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if run == 0 || run > MAX_NAME_LEN || bytes.get(start + run) != Some(&b';') {
        return None;
    }
    let name = text
        .get(start..start + run)
        .expect("a run of ASCII alphanumerics within the text");
    let end = start + run + 1;
    if numeric {
        let replacement = decode_numeric(name)?;
        // ftfy rejects a result that still contains a semicolon.
        if matches!(replacement, Replacement::Char(';')) {
            return None;
        }
        Some((end, replacement))
    } else {
        Some((end, Replacement::Text(entity(name)?)))
    }
}

/// Decodes the part of a numeric reference between `&#` and `;` the way
/// Python's `html.unescape` does, or returns `None` if it is not entirely a
/// decimal number or `x`/`X` followed by a hexadecimal number.
fn decode_numeric(name: &str) -> Option<Replacement> {
    let (digits, radix) = match name.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (name, 10),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for b in digits.bytes() {
        let digit = char::from(b).to_digit(radix)?;
        // Saturate: every value above 0x10FFFF is treated alike.
        value = value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x11_0000);
    }
    Some(numeric_replacement(value))
}

/// Python's `html.unescape` rules for a numeric character reference.
fn numeric_replacement(value: u32) -> Replacement {
    match value {
        0 => Replacement::Char('\u{fffd}'),
        0x0D => Replacement::Char('\r'),
        0x80..=0x9F => Replacement::Char(
            *CP1252_HIGH
                .get((value - 0x80) as usize)
                .expect("the table covers bytes 80-FF"),
        ),
        0xD800..=0xDFFF | 0x11_0000.. => Replacement::Char('\u{fffd}'),
        0x01..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0xFDD0..=0xFDEF => Replacement::Nothing,
        _ if value & 0xFFFE == 0xFFFE => Replacement::Nothing,
        _ => Replacement::Char(
            char::from_u32(value).expect("surrogates and values past U+10FFFF were handled above"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{entity, next_amp, unescape_html, ENTITIES};
    use std::borrow::Cow;

    #[test]
    fn next_amp_near_and_far() {
        // An `&` at every distance from every start, up to past the bytes
        // looked at one by one.
        for gap in 0..40 {
            let text = format!("{}&x{}&", "a".repeat(gap), "b".repeat(gap));
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() + 1 {
                let expected = bytes
                    .get(from..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'&'))
                    .map(|i| from + i);
                assert_eq!(next_amp(bytes, from), expected, "{text:?} from {from}");
            }
        }
        let far = format!("{}&amp;", "x".repeat(100));
        assert_eq!(unescape_html(&far), format!("{}&", "x".repeat(100)));
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(unescape_html(input), expected, "input {input:?}");
    }

    #[test]
    fn ftfy_docstring_examples() {
        check("&lt;tag&gt;", "<tag>");
        check("&Jscr;ohn &HilbertSpace;ancock", "𝒥ohn ℋancock");
        check("&checkmark;", "✓");
        check("P&eacute;rez", "Pérez");
        check("P&EACUTE;REZ", "PÉREZ");
        check("BUNDESSTRA&SZLIG;E", "BUNDESSTRASSE");
        check("&ntilde; &Ntilde; &NTILDE; &nTILDE;", "ñ Ñ Ñ &nTILDE;");
    }

    #[test]
    fn borrowed_when_unchanged() {
        for input in [
            "", "plain", "a & b", "&nTILDE;", "&#59;", "&amp", "&;", "&#;",
        ] {
            assert!(
                matches!(unescape_html(input), Cow::Borrowed(_)),
                "{input:?}"
            );
        }
        assert!(matches!(unescape_html("&amp;"), Cow::Owned(_)));
    }

    #[test]
    fn every_entity_is_found_among_its_neighbours() {
        for &(name, value) in ENTITIES.iter() {
            assert_eq!(entity(name), Some(value), "{name}");
        }
        for name in ["", "nosuchname", "AMPX", "zzz", "0"] {
            assert_eq!(entity(name), None, "{name}");
        }
    }

    #[test]
    fn named_entities() {
        check("&amp;amp;", "&amp;");
        check("&AMP;", "&");
        check("&semi;", ";");
        check("&NotEqualTilde;", "\u{2242}\u{338}");
        check("&not html", "&not html");
        check("this&not that", "this&not that");
        check("&notin;", "∉");
        check("&NOTIN;", "∉");
        check("&LTIMES;", "&LTIMES;");
        check("&ltimes;", "⋉");
        check("&GT;&gt;&Gt;", ">>≫");
        check("&frac12;&FRAC12;", "½½");
        check("&nonexistent;", "&nonexistent;");
        check("&&amp;;", "&&;");
        check("&am&amp;", "&am&");
        check("&eacute", "&eacute");
        check(
            "&CounterClockwiseContourIntegral;",
            "&CounterClockwiseContourIntegral;",
        );
        check("&NewLine;&Tab;", "\n\t");
        check("é&eacute;é", "ééé");
    }

    #[test]
    fn numeric_references() {
        check("&#65;&#x41;&#X41;&#0000065;", "AAAA");
        check("&#x80;", "€");
        check(
            "&#x81;&#x8d;&#x8f;&#x90;&#x9d;",
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}",
        );
        check("&#150;&#x9F;", "–Ÿ");
        check("&#0;&#x0;", "\u{fffd}\u{fffd}");
        check("&#13;&#9;&#10;&#12;", "\r\t\n\u{c}");
        check("a&#1;b&#8;c&#11;d&#14;e&#31;f&#127;g", "abcdefg");
        check("&#xd800;&#xDFFF;&#55296;", "\u{fffd}\u{fffd}\u{fffd}");
        check(
            "&#x110000;&#xffffffff;&#1114112;",
            "\u{fffd}\u{fffd}\u{fffd}",
        );
        check("&#x10ffff;&#xffff;&#65534;&#xfdd0;&#xFDEF;&#x1fffe;", "");
        check("&#xfdcf;&#xfdf0;", "\u{fdcf}\u{fdf0}");
        check("&#x10fffd;", "\u{10fffd}");
        check("&#99999999999999999999999;", "\u{fffd}");
        check("&#x00000000000000000000041;", "A");
        check(
            "&#x000000000000000000000041;",
            "&#x000000000000000000000041;",
        );
        check("&#59;&#x3b;", "&#59;&#x3b;");
        check(
            "&#12ab;&#x1g;&#x;&#xx41;&#amp;",
            "&#12ab;&#x1g;&#x;&#xx41;&#amp;",
        );
        check("&#65", "&#65");
        check("&#;", "&#;");
        check("&#&#65;", "&#A");
    }

    #[test]
    fn length_limit() {
        let ok = format!("&#{};", "0".repeat(23) + "9");
        check(&ok, "\t");
        let too_long = format!("&#{};", "0".repeat(24) + "9");
        check(&too_long, &too_long);
    }
}
