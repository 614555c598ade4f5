//! The runs of text the legacy repair
//! ([`decode_legacy_bytes`](crate::fixes::decode_legacy_bytes)) looks at,
//! and its cheap first test, which the scan runs on the lines where a pair
//! of its characters shows.
//!
//! Legacy bytes that are not UTF-8 (GBK, Big5, EUC-KR, Shift_JIS, EUC-JP,
//! Windows-1251, KOI8, cp866), read as Latin-1 or Windows-1252, become
//! characters of U+0080–U+00FF and the Windows-1252 punctuation of bytes
//! 80–9F: the *high* characters. A run is a stretch of a line from its
//! first high character to the end of the space-separated word where the
//! last one is, words with high characters separated only by spaces
//! (`ÇÑ±Û µÎ ¹øÂ°`); an ASCII character after a high one may be the
//! second byte of a double-byte character (`¯Ç§J·ç` for Big5 `納克瑞得`).
//! A word with any other non-ASCII character is no run.

use crate::chars::is_alphabetic;
use crate::codecs::{self, Codec};

/// The byte a legacy code page wrote for `c`, if `c` is what Latin-1 or
/// Windows-1252 reads from a byte 80–FF.
pub(crate) fn high_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        cp @ 0x80..=0xFF => u8::try_from(cp).ok(),
        // The punctuation and letters Windows-1252 has at bytes 80–9F; the
        // table is looked up for them alone, not for the text of other
        // scripts (a test checks the list against the table).
        0x152
        | 0x153
        | 0x160
        | 0x161
        | 0x178
        | 0x17D
        | 0x17E
        | 0x192
        | 0x2C6
        | 0x2DC
        | 0x2013
        | 0x2014
        | 0x2018..=0x201A
        | 0x201C..=0x201E
        | 0x2020..=0x2022
        | 0x2026
        | 0x2030
        | 0x2039
        | 0x203A
        | 0x20AC
        | 0x2122 => codecs::encode_char(c, Codec::SloppyWindows1252).filter(|&b| b >= 0x80),
        _ => None,
    }
}

/// The longest ASCII word a run goes through.
const SHORT_ASCII_WORD: usize = 4;

/// One run: its byte range in the line and the bytes it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) bytes: Vec<u8>,
    /// How many high characters it has.
    pub(crate) high: usize,
}

/// The runs of `line`, in order (see the module docs).
pub(crate) fn legacy_runs(line: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut current: Option<Run> = None;
    // A buffer for the bytes of the next new run.
    let mut spare = Vec::new();
    let mut at = 0;
    for word in line.split_inclusive(|c: char| c.is_ascii_whitespace()) {
        let start = at;
        at += word.len();
        let body = word.trim_end_matches(|c: char| c.is_ascii_whitespace());
        let Some(first) = body.find(|c: char| !c.is_ascii()) else {
            // An ASCII word ends the run, unless it is short (`%s`, `-`,
            // `GPG`): such words stand between the words of a sentence,
            // which the run keeps together. Only spaces end nothing.
            if body.len() > SHORT_ASCII_WORD {
                runs.extend(current.take());
            }
            continue;
        };
        let from = if current.is_some() { 0 } else { first };
        // The word's bytes go to the end of the run it continues, or of a
        // new one (in a buffer kept from a word that was no run), and are
        // taken back if the word is no run.
        let mut run = current.take().unwrap_or_else(|| Run {
            start: start + from,
            end: start,
            bytes: std::mem::take(&mut spare),
            high: 0,
        });
        let (len, high) = (run.bytes.len(), run.high);
        // The spaces between the run and this word (none for a new run).
        let gap = line
            .get(run.end..start)
            .expect("a run ends on a character boundary at or before the next word");
        run.bytes.extend_from_slice(gap.as_bytes());
        let ok = push_bytes(
            body.get(from..)
                .expect("`from` is where `find` found a character"),
            &mut run,
        );
        if !ok {
            run.bytes.truncate(len);
            run.high = high;
            if run.bytes.is_empty() {
                spare = run.bytes;
            } else {
                runs.push(run);
            }
            continue;
        }
        run.end = start + body.len();
        current = Some(run);
    }
    runs.extend(current);
    runs
}

/// Appends the bytes `word` was read from to the run, counting its high
/// characters; false at a character that is neither ASCII nor high.
fn push_bytes(word: &str, run: &mut Run) -> bool {
    for c in word.chars() {
        if c.is_ascii() {
            run.bytes.push(c as u8);
        } else if let Some(b) = high_byte(c) {
            run.bytes.push(b);
            run.high += 1;
        } else {
            return false;
        }
    }
    true
}

/// Whether the legacy repair may change `line`: the cheap first test. A
/// line needs two high characters side by side, not both small letters
/// nor a no-break space beside punctuation ([`pair_may_be_legacy`])
/// (every double-byte character of the legacy code pages has a high first
/// byte and most a high second byte, and bytes A0–BF, which Latin-1 reads
/// as symbols, or C0–DF, which it reads as capitals, are in nearly every
/// pair of them; a KOI8-R word of small letters reads as capitals; three
/// high characters in a row pass, for a KOI8-R word in capitals), or a
/// character of UTF-8 read as cp866 or KOI8-R (box drawing) or as cp1258
/// (`Ă`, `ă`). Clean Western text writes small accented letters side by
/// side (`größer`, `açúcar`, `déçu`): those lines are not looked at.
///
/// The scan asks this of every line where it sees a pair of high
/// characters (or a character of UTF-8 misread), so the common answers are
/// found by byte search: the characters of UTF-8 misread are looked for by their
/// lead bytes; with no lead byte C2 or C3 no pair can form; and only a
/// character that leads a high character and is followed by such a lead
/// byte is read.
pub(crate) fn legacy_may_apply(line: &str) -> bool {
    let bytes = line.as_bytes();
    if has_misread_utf8_char(bytes) {
        return true;
    }
    // Every high character but the Windows-1252 punctuation is U+0080 to
    // U+00FF, lead byte C2 or C3; a pair needs one of them (a run of
    // punctuation alone is no text).
    if memchr::memchr2(0xC2, 0xC3, bytes).is_none() {
        return false;
    }
    // Every high character starts with one of the lead bytes that
    // `next_lead_of_interest` finds; a pair is two of them side by side, so
    // only a character followed by such a byte is read.
    let high_at = |at: usize| -> Option<(char, usize)> {
        let c = line.get(at..)?.chars().next()?;
        high_byte(c).map(|_| (c, at + c.len_utf8()))
    };
    let mut i = 0;
    while let Some(at) = next_lead_of_interest(bytes, i) {
        // Every byte this search stops at leads a character of two bytes
        // but E2, of three.
        let next = at + if bytes.get(at) == Some(&0xE2) { 3 } else { 2 };
        i = next;
        if !bytes.get(next).is_some_and(is_lead_of_interest) {
            continue;
        }
        let (Some((c, _)), Some((next_c, after))) = (high_at(at), high_at(next)) else {
            continue;
        };
        if pair_may_be_legacy(c, next_c)
            && (!(c.is_lowercase() && next_c.is_lowercase()) || high_at(after).is_some())
        {
            return true;
        }
    }
    false
}

/// Whether two high characters side by side may be a character of legacy
/// bytes (a pair of small letters may, when a third high character
/// follows: the caller's test). A no-break space beside punctuation may not:
/// text writes one between a dash and `©`, or inside guillemets (`— © 2024`,
/// `« oui »`), and the East Asian code pages never write byte A0 next to
/// another symbol's byte but in GBK's and Shift_JIS's rare rows.
fn pair_may_be_legacy(a: char, b: char) -> bool {
    let nbsp = a == '\u{A0}' || b == '\u{A0}';
    !nbsp || is_alphabetic(a) || is_alphabetic(b)
}

/// Whether `b` leads a high character or one of `is_misread_utf8_char`'s:
/// C2–C6, CB or E2 (lead bytes, so each starts a character).
fn is_lead_of_interest(b: &u8) -> bool {
    matches!(b, 0xC2..=0xC6 | 0xCB | 0xE2)
}

/// The first byte of `bytes`, at `from` or after, that
/// [`is_lead_of_interest`]. Runs of ASCII are passed over eight bytes at a
/// time.
fn next_lead_of_interest(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let b = bytes.get(i)?;
        if *b < 0x80 {
            i += codecs::ascii_run(
                bytes.get(i..).expect("the byte at `i` was just read"),
                false,
            );
        } else if is_lead_of_interest(b) {
            return Some(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
/// Box drawing (U+2500–U+259F, UTF-8 read as cp866 or KOI8-R) or `Ă`, `ă`
/// (UTF-8 read as cp1258): the test takes a line with one alone.
pub(crate) fn is_misread_utf8_char(c: char) -> bool {
    matches!(u32::from(c), 0x2500..=0x259F | 0x102 | 0x103)
}

/// Whether the UTF-8 `bytes` hold a character of [`is_misread_utf8_char`]:
/// `E2 94 xx`, `E2 95 xx` or `E2 96 80..9F` (U+2500–U+259F), `C4 82` or
/// `C4 83`. E2 and C4 are lead bytes, never inside a character, so each
/// one found starts a character.
fn has_misread_utf8_char(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xE2, 0xC4, bytes).any(|i| {
        let next = |k: usize| bytes.get(i + k).copied();
        match (bytes.get(i), next(1)) {
            (Some(0xE2), Some(0x94 | 0x95)) | (Some(0xC4), Some(0x82 | 0x83)) => true,
            (Some(0xE2), Some(0x96)) => matches!(next(2), Some(0x80..=0x9F)),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        legacy_runs(line)
            .iter()
            .map(|r| line.get(r.start..r.end).unwrap())
            .collect()
    }

    #[test]
    fn runs() {
        assert_eq!(texts("// ÇÑ±Û µÎ ¹øÂ°"), vec!["ÇÑ±Û µÎ ¹øÂ°"]);
        assert_eq!(
            texts("SetFont(\"³ª´®¹Ù¸¥°íµñ ¿¾ÇÑ±Û\")"),
            vec!["³ª´®¹Ù¸¥°íµñ ¿¾ÇÑ±Û\")"]
        );
        assert_eq!(texts("\"Ïðèâåò, Ñàøà\""), vec!["Ïðèâåò, Ñàøà\""]);
        assert_eq!(texts("a é b ü c"), vec!["é b ü"]);
        assert_eq!(
            texts("une élève maintenant à l’école"),
            vec!["élève", "à l’école"]
        );
        assert_eq!(texts("你好 ÄãºÃ"), vec!["ÄãºÃ"]);
        assert_eq!(texts("plain"), Vec::<&str>::new());
        let run = &legacy_runs("¯Ç§J·ç")[0];
        assert_eq!(run.bytes, b"\xaf\xc7\xa7J\xb7\xe7");
        assert_eq!(run.high, 5);
    }

    #[test]
    fn high_characters_are_those_of_windows_1252() {
        // U+0080 to U+00FF are the bytes themselves (Latin-1's reading).
        for cp in 0x100..=0xFFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let table = codecs::encode_char(c, Codec::SloppyWindows1252).filter(|&b| b >= 0x80);
            assert_eq!(high_byte(c), table, "U+{cp:04X}");
        }
    }

    #[test]
    fn first_test() {
        assert!(legacy_may_apply("ÄãµÄ³ÐÅµ"));
        assert!(legacy_may_apply("//‰~‚Ì‘å‚«‚³"));
        assert!(legacy_may_apply("// ╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡"));
        assert!(!legacy_may_apply("café crème"));
        assert!(!legacy_may_apply("größer, açúcar, déçu"));
        assert!(legacy_may_apply("--sep-string[=óôòïëá]"));
        assert!(legacy_may_apply("ðÒÉ×ÅÔÓÔ×ÕÀ"));
        assert!(!legacy_may_apply("Привет, мир"));
        assert!(!legacy_may_apply("plain ASCII"));
        assert!(legacy_may_apply("x ▟ y"));
        assert!(!legacy_may_apply("x ■ y"));
        assert!(legacy_may_apply("Ăn"));
        // A no-break space beside punctuation is typography, not bytes.
        assert!(!legacy_may_apply("All rights reserved —\u{a0}©\u{a0}2024"));
        assert!(!legacy_may_apply("«\u{a0}oui\u{a0}», dit-il, à 20\u{a0}°C"));
        assert!(legacy_may_apply("¯\u{a0}à"));
    }

    /// The first test as it reads, character by character: the twin of
    /// [`legacy_may_apply`]'s byte search.
    fn legacy_may_apply_naive(line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        if chars.iter().any(|&c| is_misread_utf8_char(c)) {
            return true;
        }
        if !chars.iter().any(|c| ('\u{80}'..='\u{FF}').contains(c)) {
            return false;
        }
        let high = |i: usize| chars.get(i).filter(|&&c| high_byte(c).is_some());
        (0..chars.len()).any(|i| match (high(i), high(i + 1)) {
            (Some(&a), Some(&b)) => {
                let nbsp = a == '\u{a0}' || b == '\u{a0}';
                (!nbsp || is_alphabetic(a) || is_alphabetic(b))
                    && (!(a.is_lowercase() && b.is_lowercase()) || high(i + 2).is_some())
            }
            _ => false,
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn first_test_agrees_with_its_twin(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', ' ', '\n', 'é', 'ß', 'ƒ', 'ˆ', '™', 'Œ', 'Ä', '\u{80}', '\u{FF}', 'Ā', 'ā', 'Ă', 'ă', 'Ą', '€', '‰', 'œ',
                '─', '╨', '▟', '▀', '■', '◿', '⁄', 'ⓐ', 'б', '你', '😀', 'K', 'Ê', 'b', 'ˇ', 'Ŋ',
                '\u{a0}', '©', '«', '°', '¡',
            ]), 0..40)
        ) {
            let line: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(
                legacy_may_apply(&line), legacy_may_apply_naive(&line), "{:?}", line
            );
        }

        #[test]
        fn lead_search_agrees_with_a_byte_loop(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                0x00u8, b'a', b'K', 0x80, 0xBF, 0xC1, 0xC2, 0xC4, 0xC6, 0xC7, 0xCA, 0xCB, 0xCC,
                0xD0, 0xE1, 0xE2, 0xE3, 0xFF,
            ]), 0..40),
            from in 0usize..44,
        ) {
            let expected = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|&(_, b)| matches!(b, 0xC2..=0xC6 | 0xCB | 0xE2))
                .map(|(i, _)| i);
            proptest::prop_assert_eq!(next_lead_of_interest(&bytes, from), expected, "{:02X?}", bytes);
        }
    }
}
