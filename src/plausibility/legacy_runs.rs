//! The runs of text the legacy repair
//! ([`decode_legacy_bytes`](crate::fixes::decode_legacy_bytes)) looks at,
//! and its cheap first test, which the scan runs once per line.
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

use crate::codecs::{self, Codec};

/// The byte a legacy code page wrote for `c`, if `c` is what Latin-1 or
/// Windows-1252 reads from a byte 80–FF.
pub(crate) fn high_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        cp @ 0x80..=0xFF => u8::try_from(cp).ok(),
        // Only the punctuation of Windows-1252 lies beyond: no need to ask
        // the codec about anything else.
        0..=0x7F | 0x100..=0x151 | 0x2DD..=0x2012 | 0x2123.. => None,
        _ => codecs::encode_char(c, Codec::SloppyWindows1252).filter(|&b| b >= 0x80),
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
        let gap = line.get(run.end..start).unwrap_or_default();
        run.bytes.extend_from_slice(gap.as_bytes());
        let ok = push_bytes(body.get(from..).unwrap_or_default(), &mut run);
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
/// line needs two high characters side by side (every double-byte
/// character of the legacy code pages has a high first byte and most a
/// high second byte; a Cyrillic word is all high), or a character of
/// UTF-8 read as cp866 or KOI8-R (box drawing) or as cp1258 (`Ă`, `ă`).
pub(crate) fn legacy_may_apply(line: &str) -> bool {
    let bytes = line.as_bytes();
    // Every high character but the Windows-1252 punctuation is U+0080 to
    // U+00FF, lead byte C2 or C3; a pair needs one of them (a run of
    // punctuation alone is no text).
    let latin1 = memchr::memchr2(0xC2, 0xC3, bytes).is_some();
    if !latin1 {
        return utf8_read_as_legacy_clue(bytes);
    }
    let mut previous_high = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII is neither high nor a clue: only the other characters are
        // decoded.
        if b < 0x80 {
            previous_high = false;
            i += 1;
            continue;
        }
        let Some(c) = line.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        let cp = u32::from(c);
        if matches!(cp, 0x2500..=0x259F | 0x102 | 0x103) {
            return true;
        }
        let high = high_byte(c).is_some();
        if high && previous_high {
            return true;
        }
        previous_high = high;
        i += c.len_utf8();
    }
    false
}

/// Whether the UTF-8 `bytes` hold a character of U+2500 to U+259F (box
/// drawing, bytes E2 94 80 to E2 96 9F) or `Ă`, `ă` (C4 82, C4 83): the
/// clues of [`legacy_may_apply`] to UTF-8 read as cp866, KOI8-R or cp1258,
/// found by their bytes without decoding the text.
fn utf8_read_as_legacy_clue(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(0xE2, 0xC4, rest))
    {
        let at = from + i;
        let clue = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(0xE2), Some(0x94 | 0x95)) => true,
            (Some(0xE2), Some(0x96)) => bytes.get(at + 2).is_some_and(|&b| b <= 0x9F),
            (Some(0xC4), Some(0x82 | 0x83)) => true,
            _ => false,
        };
        if clue {
            return true;
        }
        from = at + 1;
    }
    false
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
    fn high_bytes_are_those_of_the_codec() {
        // Beyond U+00FF, the Windows-1252 punctuation and nothing else.
        for c in (0x100..0x1_0000).filter_map(char::from_u32) {
            let codec = codecs::encode_char(c, Codec::SloppyWindows1252).filter(|&b| b >= 0x80);
            assert_eq!(high_byte(c), codec, "{c:?}");
        }
    }

    #[test]
    fn first_test() {
        assert!(legacy_may_apply("ÄãµÄ³ÐÅµ"));
        assert!(legacy_may_apply("//‰~‚Ì‘å‚«‚³"));
        assert!(legacy_may_apply("// ╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡"));
        assert!(!legacy_may_apply("café crème"));
        assert!(!legacy_may_apply("Привет, мир"));
        assert!(!legacy_may_apply("plain ASCII"));
        // The clues found by their bytes are those of the characters.
        let by_char = |line: &str| {
            line.chars()
                .any(|c| matches!(u32::from(c), 0x2500..=0x259F | 0x102 | 0x103))
        };
        for line in [
            "",
            "a",
            "─",
            "╨б",
            "▟",
            "■",
            "▀",
            "─■",
            "Ă",
            "ă",
            "Ą",
            "ā",
            "ĂĄ",
            "…—–",
            "中文",
            "→ ⇒",
            "Ѐ",
            "日本語 ▐",
            "⚀ ☃ ⌘",
        ] {
            assert_eq!(
                utf8_read_as_legacy_clue(line.as_bytes()),
                by_char(line),
                "{line:?}"
            );
        }
        for c in ('\u{2400}'..='\u{2700}').chain('\u{100}'..='\u{200}') {
            let line = format!("x{c}y");
            assert_eq!(
                utf8_read_as_legacy_clue(line.as_bytes()),
                by_char(&line),
                "{c:?}"
            );
        }
    }
}
