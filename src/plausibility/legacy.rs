//! The judge of the legacy repair
//! ([`decode_legacy_bytes`](crate::fixes::decode_legacy_bytes)): which
//! legacy code page, if any, a run of Latin-1 gibberish was written in.
//!
//! A run (see [`legacy_runs`](super::legacy_runs)) is read back into its
//! bytes and decoded, strictly, in each code page of [`LEGACY_CODECS`]. A
//! reading is taken only on strong evidence, all of it required:
//!
//! * the input reads as gibberish, not as words: it shows word-shape
//!   evidence ([`has_anomaly`](super::has_anomaly)) or two non-letters
//!   among its high characters, and most of its high
//!   characters are symbols (`³`, `µ`, `±`), letters where no real word
//!   writes them ([`context_seen`]), or capitals after small letters; and
//!   its high characters are not one or two symbols repeated (`¯¯¯¯¯¯`,
//!   `¿¿¿¿`), which decorations and separators write;
//! * the reading is wholly one script: every non-ASCII character of a CJK
//!   reading is a kana, ideograph or Hangul syllable of the common tier of
//!   that code page's national standard (GB 2312, Big5, JIS X 0208,
//!   KS X 1001), or CJK punctuation, with at least two of them and, unless
//!   there are four or more, none glued to an ASCII letter or digit; every non-ASCII character of a
//!   Cyrillic reading is a Cyrillic letter or common punctuation, with at
//!   least three letters, each in a context real words write, and no
//!   capital after a small letter;
//! * a Chinese reading (ideographs only) writes dictionary words
//!   ([`han_pairs`]): at least one known pair, and known pairs are a
//!   quarter of its pairs or more; a Japanese reading has kana, or such
//!   pairs (or, weaker, three ideographs or more); a Korean one is Hangul in bytes A1–FE (KS X 1001, not the
//!   extension of code page 949);
//! * the model ([`repair_is_convincing`]) takes the repaired line over the
//!   input.
//!
//! Of the readings that pass, dictionary words of ideographs or kana beat
//! Hangul and Cyrillic, which beat three common ideographs or more without
//! such words; then the fewest unknown pairs of ideographs win, or, by a
//! margin of 15 points, the Cyrillic reading with the most common letters. Two different
//! readings as good as each other are no evidence: the run is left alone.

use crate::chars::is_alphabetic;
use crate::codecs::{self, Codec};

use super::model::{cjk_tiers, context_seen, han_pairs, tier};
use crate::tables::commonness::BIGRAMS;

/// The code pages a run is tried in, in order.
pub(crate) const LEGACY_CODECS: [Codec; 9] = [
    Codec::Gbk,
    Codec::Big5,
    Codec::EucKr,
    Codec::ShiftJis,
    Codec::EucJp,
    Codec::SloppyWindows1251,
    Codec::Koi8R,
    Codec::Koi8U,
    Codec::Cp866,
];

/// The national standard whose tiers judge a CJK code page's reading (the
/// index in [`cjk_tiers`]), `None` for the Cyrillic ones.
fn standard(codec: Codec) -> Option<usize> {
    match codec {
        Codec::Gbk => Some(0),
        Codec::Big5 => Some(1),
        Codec::ShiftJis | Codec::EucJp => Some(2),
        Codec::EucKr => Some(3),
        _ => None,
    }
}

/// Whether `run`, as Latin-1 or Windows-1252 text, reads as gibberish
/// rather than words: over half of its high characters are symbols,
/// letters in contexts real words do not write, or capitals after small
/// letters.
pub(crate) fn reads_as_gibberish(run: &str) -> bool {
    // The cheap conditions first: most runs of clean text (`Größe`) fail
    // them, before any context is looked up.
    let (high, symbols) = run
        .chars()
        .filter(|c| !c.is_ascii())
        .fold((0usize, 0usize), |(h, s), c| {
            (h + 1, s + usize::from(!is_alphabetic(c)))
        });
    if high < 2 || symbols < 2 && !super::has_anomaly(run) || is_decoration(run) {
        return false;
    }
    let chars: Vec<char> = run.chars().collect();
    let mut odd = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let letter = |c: Option<char>| c.filter(|&c| is_alphabetic(c));
        let odd_here = !is_alphabetic(c)
            || c.is_uppercase() && before.is_some_and(char::is_lowercase)
            || !context_seen(letter(before), c, letter(after), true);
        odd += usize::from(odd_here);
    }
    2 * odd > high
}

/// Whether the high characters of `run` are symbols that repeat one or
/// two of them (`¯¯¯¯¯¯`, `¿¿¿¿`, `·°·°·°`, ASCII aside): decorations
/// and separators are written so, and no reading makes text of them. A
/// word of legacy bytes that reads so repeats one character (EUC-JP `いい`
/// read as Latin-1 is `¤¤¤¤`, cp866 `ооо` is `®®®`) and is as likely a
/// decoration; a repeated character whose bytes hold a letter
/// (`¹þ¹þ¹þ`, GBK `哈哈哈`) is not one. The ordinal indicators `ª` and
/// `º` and the micro sign `µ`, letters to Unicode, are symbols here.
fn is_decoration(run: &str) -> bool {
    let mut high = run.chars().filter(|c| !c.is_ascii());
    let (Some(first), Some(second)) = (high.next(), high.next()) else {
        return false;
    };
    let symbol = |c: char| !is_alphabetic(c) || matches!(c, 'ª' | 'º' | 'µ');
    if !(symbol(first) && symbol(second)) {
        return false;
    }
    // The period: one character, or two alternating, repeated at least
    // once (two different symbols alone, `¦C¥X`, are no pattern).
    let unit = [first, second];
    let mut repeated = first == second;
    for (i, c) in high.enumerate() {
        if unit.get(i % 2) != Some(&c) {
            return false;
        }
        repeated |= i >= 1;
    }
    repeated
}

/// Punctuation a Cyrillic reading may hold.
fn cyrillic_punctuation(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '—' | '–' | '…' | '№' | '“' | '”' | '„' | '’' | '\u{A0}'
    )
}

/// CJK punctuation and full-width forms a CJK reading may hold.
fn cjk_punctuation(c: char) -> bool {
    matches!(u32::from(c), 0x3000..=0x303F | 0x30FB | 0x30FC | 0xFF01..=0xFF5E)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

fn is_kana(c: char) -> bool {
    matches!(u32::from(c), 0x3041..=0x309F | 0x30A1..=0x30FA)
}

fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x4E00..=0x9FFF)
}

fn is_hangul(c: char) -> bool {
    matches!(u32::from(c), 0xAC00..=0xD7A3)
}

/// How strongly a reading is supported: a `level` (3 for dictionary
/// words of ideographs or for kana, 2 for Hangul or Cyrillic words, 1 for
/// ideographs without dictionary words) and its doubt (unknown pairs of
/// ideographs; the per cent of letters outside the ten most common of a
/// Cyrillic reading). A higher level
/// wins, then less doubt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Support {
    level: u32,
    doubt: u32,
}

/// The support of a CJK reading, or `None` when it fails a requirement
/// of the module docs.
fn cjk_support(reading: &str, standard: usize) -> Option<Support> {
    let chars: Vec<char> = reading.chars().collect();
    let (mut letters, mut kana, mut hangul, mut han) = (0usize, 0usize, 0usize, 0usize);
    let mut glued_letters = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() || cjk_punctuation(c) {
            continue;
        }
        let tiers = cjk_tiers(c)?;
        if (tiers >> (2 * standard)) & 3 != 0 {
            return None;
        }
        let glued = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|n| n.is_ascii_alphanumeric())
        };
        glued_letters += usize::from(glued(i.checked_sub(1)) || glued(Some(i + 1)));
        letters += 1;
        kana += usize::from(is_kana(c));
        hangul += usize::from(is_hangul(c));
        han += usize::from(is_han(c));
    }
    // A character glued to an ASCII letter or digit (`parents值`) only in
    // a reading of four or more: a short one is more likely a Latin word
    // with an accent (`Ãlesund`).
    if letters < 2 || glued_letters > 0 && letters < 4 {
        return None;
    }
    let (known, unknown) = reading
        .split(|c: char| !is_han(c))
        .map(han_pairs)
        .fold((0, 0), |(k, u), (a, b)| (k + a, u + b));
    // Real text writes dictionary words in a quarter of its pairs or
    // more; a random pair of common ideographs is one in some hundreds.
    let words = known > 0 && 4 * known >= known + unknown;
    let level = match standard {
        // Korean: Hangul, with at most a few hanja.
        3 if hangul >= 2 && hangul > han && kana == 0 => 2,
        // Japanese: kana, or dictionary words of kanji.
        2 if hangul == 0 && kana > 0 => 3,
        0..=2 if hangul == 0 && kana == 0 && words => 3,
        // Three ideographs or more, all common, without dictionary words
        // (`信望爱`, names): weaker than Hangul, which the same bytes
        // often are.
        0..=2 if hangul == 0 && kana == 0 && han >= 3 => 1,
        _ => return None,
    };
    Some(Support {
        level,
        doubt: unknown,
    })
}

/// Whether the reading of `bytes` in the single-byte code page `codec`
/// passes the tests of [`cyrillic_support`] that look at one character
/// and its neighbours: each byte decodes, and each high byte into
/// punctuation a Cyrillic reading may hold or into a common Cyrillic
/// letter with no ASCII letter or digit beside it. Answered on the bytes
/// (a byte is a character in these code pages), before a run that mixes
/// words of the Latin alphabet and mojibake (`Müller | ZaÅ¼Ã³`) is
/// decoded whole only for its first letter to fail.
fn cyrillic_letters_alone(bytes: &[u8], codec: Codec) -> bool {
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    (0..bytes.len()).all(|i| {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        if b.is_ascii() {
            return true;
        }
        match codecs::decode_byte(b, codec) {
            None => false,
            Some(c) if cyrillic_punctuation(c) => true,
            Some(c) => {
                matches!(u32::from(c), 0x400..=0x4FF)
                    && is_alphabetic(c)
                    && tier(c) == 0
                    && !alnum(i.checked_sub(1).and_then(|j| bytes.get(j)))
                    && !alnum(bytes.get(i + 1))
            }
        }
    })
}

/// The support of a Cyrillic reading, or `None` when it fails a
/// requirement of the module docs.
fn cyrillic_support(reading: &str) -> Option<Support> {
    let chars: Vec<char> = reading.chars().collect();
    let (mut letters, mut pairs, mut unseen, mut common) = (0usize, 0usize, 0usize, 0usize);
    // The longest word: text of one- and two-letter words only (`да#,##0`
    // from `¤\u{A0}#,##0`, a currency pattern) reads as no language.
    let (mut word, mut longest) = (0usize, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() || cyrillic_punctuation(c) {
            word = 0;
            continue;
        }
        word += 1;
        longest = longest.max(word);
        if !(matches!(u32::from(c), 0x400..=0x4FF) && is_alphabetic(c)) || tier(c) != 0 {
            return None;
        }
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        if before.is_some_and(|b| b.is_ascii_alphanumeric())
            || after.is_some_and(|a| a.is_ascii_alphanumeric())
        {
            return None;
        }
        if c.is_uppercase() && before.is_some_and(char::is_lowercase) {
            return None;
        }
        // A small letter after two capitals (`ЛПОЯЕъ`): no word is so
        // written.
        let two_before = i.checked_sub(2).and_then(|j| chars.get(j)).copied();
        if c.is_lowercase()
            && before.is_some_and(char::is_uppercase)
            && two_before.is_some_and(char::is_uppercase)
        {
            return None;
        }
        common += usize::from(COMMON_CYRILLIC.contains(&small_letter(c)));
        if let Some(b) = before.filter(|&b| is_alphabetic(b)) {
            pairs += 1;
            unseen += usize::from(!letter_pair_seen(b, c));
        }
        letters += 1;
    }
    // The table of pairs is thin for rare ones (`щь`): one in eight may
    // be missing.
    if 8 * unseen > pairs {
        return None;
    }
    // The ten most common letters of Russian make over half the letters
    // of Cyrillic text; a reading in the wrong code page shuffles them
    // (`оюпюлерп` for `ПАРАМЕТР`). The doubt is the share of the others,
    // in per cent.
    if letters < 3 || longest < 3 || 2 * common < letters {
        return None;
    }
    let rare_share = 100 * (letters - common) / letters;
    Some(Support {
        level: 2,
        doubt: u32::try_from(rare_share).unwrap_or(u32::MAX),
    })
}

/// Whether UTF-8 read as cp866 or KOI8-R (`input`) becomes, in `output`,
/// Cyrillic words only: every non-ASCII character of the output a
/// Cyrillic letter (or common punctuation) as a Cyrillic reading must be
/// (see the module docs), and two box-drawing characters or more in the
/// input, which real text does not glue to letters.
pub(crate) fn utf8_cyrillic_evidence(input: &str, output: &str) -> bool {
    let boxes = input
        .chars()
        .filter(|&c| matches!(u32::from(c), 0x2500..=0x259F))
        .count();
    boxes >= 2 && cyrillic_support(output).is_some()
}

/// The ten most common letters of Russian text.
const COMMON_CYRILLIC: [char; 10] = ['о', 'е', 'а', 'и', 'н', 'т', 'с', 'р', 'в', 'л'];

/// Whether half the Cyrillic letters of `text` at least are among the ten
/// most common letters of Russian, as in Cyrillic text (the test of
/// [`cyrillic_support`] alone): text in another code page read as
/// Windows-1251 shuffles them (Greek's `Αγνόηση` becomes `Бгньзуз`). True
/// for text without Cyrillic letters.
pub(crate) fn common_cyrillic_letters(text: &str) -> bool {
    let (letters, common) = text
        .chars()
        .filter(|&c| matches!(u32::from(c), 0x400..=0x4FF) && is_alphabetic(c))
        .fold((0usize, 0usize), |(l, m), c| {
            (
                l + 1,
                m + usize::from(COMMON_CYRILLIC.contains(&small_letter(c))),
            )
        });
    2 * common >= letters
}

/// The margin, in the per cent of [`cyrillic_support`]'s doubt, by which
/// the best Cyrillic reading must beat another one.
const CYRILLIC_MARGIN: u32 = 15;

/// The margin by which the best Cyrillic reading, in small letters, must
/// beat another one in capitals alone (see [`best_reading`]).
const CAPITALS_MARGIN: u32 = 5;

/// A letter lower-cased, when that is one letter.
fn small_letter(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// How many pairs of letters beyond ASCII side by side in `text` real
/// text does not write ([`BIGRAMS`]: pairs of Latin, Greek and Cyrillic
/// letters).
pub(crate) fn unseen_letter_pairs(text: &str) -> usize {
    let letter = |c: char| !c.is_ascii() && is_alphabetic(c);
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| matches!(w, [a, b] if letter(*a) && letter(*b) && !letter_pair_seen(*a, *b)))
        .count()
}

/// Whether real text writes the small forms of two letters side by side
/// ([`BIGRAMS`]).
fn letter_pair_seen(a: char, b: char) -> bool {
    let small = |c: char| u32::from(c.to_lowercase().next().unwrap_or(c));
    BIGRAMS.binary_search(&(small(a) << 16 | small(b))).is_ok()
}

/// Whether every byte of a double-byte character in `bytes` is A1–FE, as
/// EUC-KR proper (KS X 1001) writes them: the extension of code page 949
/// reads almost any pair of high bytes as a Hangul syllable.
fn ks_x_1001_bytes(bytes: &[u8]) -> bool {
    let mut pending = false;
    for &b in bytes {
        if b < 0x80 {
            if pending {
                return false;
            }
            continue;
        }
        if !(0xA1..=0xFE).contains(&b) {
            return false;
        }
        pending = !pending;
    }
    !pending
}

/// Whether `bytes` are UTF-8 that lost some of its continuation bytes
/// (80–BF): Windows-1252 has no character for 81, 8D, 8F, 90 and 9D, and
/// a text that went through it and then through a filter of control
/// characters lost them (`ÑÐ¿Ð°ÑÐ¸Ð±Ð¾` for `спасибо`, with two `с` cut
/// short). Such bytes hold no continuation byte outside a sequence, since
/// only continuation bytes go missing, and mostly whole sequences: at
/// least three, and twice as many as cut ones. Legacy text seldom has this
/// shape: its lead and trail bytes fall in 80–BF as often as not.
fn utf8_short_of_bytes(bytes: &[u8]) -> bool {
    let is_continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let (mut whole, mut cut) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let len = match b {
            0..=0x7F => {
                i += 1;
                continue;
            }
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            // A continuation byte outside a sequence, or a byte no UTF-8
            // has.
            _ => return false,
        };
        let rest = bytes.get(i + 1..).unwrap_or_default();
        let follow = rest
            .iter()
            .take(len - 1)
            .take_while(|b| is_continuation(b))
            .count();
        let sequence = bytes.get(i..i + 1 + follow).unwrap_or_default();
        if follow + 1 == len {
            if std::str::from_utf8(sequence).is_err() {
                return false;
            }
            whole += 1;
        } else {
            cut += 1;
        }
        i += 1 + follow;
    }
    whole >= 3 && whole >= 2 * cut
}

/// The best reading of a run's bytes (see the module docs): the code page
/// and the decoded text. `run` is the run as it stands in the line.
pub(crate) fn best_reading(run: &str, bytes: &[u8]) -> Option<(Codec, String)> {
    // UTF-8 is ftfy's business, and so is UTF-8 that lost bytes.
    if std::str::from_utf8(bytes).is_ok() || utf8_short_of_bytes(bytes) || !reads_as_gibberish(run)
    {
        return None;
    }
    let mut readings: Vec<(Support, Codec, String)> = Vec::new();
    let mut best: Option<(Support, Codec, String)> = None;
    // Whether another reading is as well supported as the best.
    let mut tied = false;
    for codec in LEGACY_CODECS {
        if codec == Codec::EucKr && !ks_x_1001_bytes(bytes) {
            continue;
        }
        if standard(codec).is_none() && !cyrillic_letters_alone(bytes, codec) {
            continue;
        }
        let Ok(reading) = codecs::decode(bytes, codec) else {
            continue;
        };
        if reading == run {
            continue;
        }
        // KOI8 capitals are Latin-1 small letters, as Windows-1251 small
        // letters are: text in capitals alone is left to the single-byte
        // repair (`óéòîòî` is `ситото`, not `СИРНРН`).
        let koi8 = matches!(codec, Codec::Koi8R | Codec::Koi8U);
        if koi8 && !reading.chars().any(char::is_lowercase) {
            continue;
        }
        let support = match standard(codec) {
            Some(k) => cjk_support(&reading, k),
            None => cyrillic_support(&reading),
        };
        let Some(support) = support else {
            continue;
        };
        readings.push((support, codec, reading));
    }
    let rank = |s: &Support| (s.level, u32::MAX - s.doubt);
    for (support, codec, reading) in readings.iter() {
        match best.as_ref().map(|(b, _, r)| (rank(b), r)) {
            Some((b, r)) if rank(support) == b => tied |= *r != *reading,
            Some((b, _)) if rank(support) < b => {}
            _ => {
                best = Some((*support, *codec, reading.clone()));
                tied = false;
            }
        }
    }
    // Cyrillic readings of one run differ by shuffled letters: the best
    // must beat every other by a margin. A reading in capitals alone
    // against one in small letters needs less ([`CAPITALS_MARGIN`]):
    // Latin-1 capitals are KOI8's small letters and Windows-1251's
    // capitals (`ÎÅËÏÒÒÅËÔÎÙÊ` is `некорректный`, not `ОЕЛПТТЕЛФОЩК`), as
    // Latin-1 small letters are Windows-1251's small letters and KOI8's
    // capitals (above), and running text is written in small letters.
    if let Some((b, codec, text)) = best.as_ref() {
        if standard(*codec).is_none() {
            let small = text.chars().any(char::is_lowercase);
            tied |= readings.iter().any(|(s, c, r)| {
                let margin = if small && !r.chars().any(char::is_lowercase) {
                    CAPITALS_MARGIN
                } else {
                    CYRILLIC_MARGIN
                };
                standard(*c).is_none()
                    && r != text
                    && s.level == b.level
                    && s.doubt < b.doubt + margin
            });
        }
    }
    // Two readings as good as each other: no evidence for either.
    best.filter(|_| !tied)
        .map(|(_, codec, reading)| (codec, reading))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_that_lost_bytes_is_no_legacy_text() {
        // `спасибо` with the 81 of both `с` lost.
        let lost = b"\xD1\xD0\xBF\xD0\xB0\xD1\xD0\xB8\xD0\xB1\xD0\xBE";
        assert!(utf8_short_of_bytes(lost));
        assert_eq!(read("ÑÐ¿Ð°ÑÐ¸Ð±Ð¾"), None);
        // GBK, Big5 and EUC-KR have continuation bytes outside sequences.
        for (text, codec) in [
            ("你的承诺", Codec::Gbk),
            ("納克瑞得", Codec::Big5),
            ("한글 두 번째", Codec::EucKr),
        ] {
            let bytes = codecs::encode(text, codec).unwrap();
            assert!(!utf8_short_of_bytes(&bytes), "{text}");
        }
        // Too few whole sequences to tell.
        assert!(!utf8_short_of_bytes(b"\xD0\xBF\xD1\xD0\xB0"));
    }

    fn read(run: &str) -> Option<(Codec, String)> {
        let bytes: Vec<u8> = run
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    super::super::legacy_runs::high_byte(c).unwrap()
                }
            })
            .collect();
        best_reading(run, &bytes)
    }

    #[test]
    fn readings() {
        for (run, codec, text) in [
            ("ÄãµÄ³ÐÅµ", Codec::Gbk, "你的承诺"),
            ("ÇÑ±Û µÎ ¹øÂ°", Codec::EucKr, "한글 두 번째"),
            ("‰~‚Ì‘å‚«‚³", Codec::ShiftJis, "円の大きさ"),
            ("ðÒÉ×ÅÔÓÔ×ÕÀ", Codec::Koi8R, "Приветствую"),
        ] {
            assert_eq!(read(run), Some((codec, text.to_string())), "{run}");
        }
    }

    #[test]
    fn capitals_alone_are_no_rival_to_small_letters() {
        // KOI8's small letters are Latin-1 capitals, and so are
        // Windows-1251's capitals: the reading in capitals, whose letters
        // are nearly as common (doubt 40 against 30), makes a tie only
        // within the smaller margin.
        let run = "ÎÅËÏÒÒÅËÔÎÙÊ ÏÐÅÒÁÎÄ ×";
        let capitals = codecs::decode(
            &codecs::encode(run, Codec::Latin1).unwrap(),
            Codec::SloppyWindows1251,
        )
        .unwrap();
        assert_eq!(capitals, "ОЕЛПТТЕЛФОЩК ПРЕТБОД Ч");
        assert!(cyrillic_support(&capitals).is_some());
        assert_eq!(
            read(run),
            Some((Codec::Koi8R, "некорректный операнд в".to_string()))
        );
        assert_eq!(
            crate::fix_text("ÎÅËÏÒÒÅËÔÎÙÊ ÏÐÅÒÁÎÄ × stm"),
            "некорректный операнд в stm"
        );
    }

    #[test]
    fn words_are_not_gibberish() {
        for run in ["café", "crème brûlée", "Ålesund", "Größe", "niño", "AÇÃO"] {
            assert!(!reads_as_gibberish(run), "{run}");
            assert_eq!(read(run), None, "{run}");
        }
    }

    #[test]
    fn decorations_are_not_gibberish() {
        // Separators and emphasis repeat a symbol, or two in turn; Big5,
        // EUC-JP and cp866 would read them as `秤秤秤`, `真真真`, `бвбв`.
        for run in [
            "¯¯¯¯¯¯",
            "¿¿¿¿¿¿¿¿¿¿",
            "¦¦¦¦¦¦",
            "¡¢¡¢",
            "¯·¯·¯·",
            "®®®",
            "ºººº",
        ] {
            assert!(is_decoration(run), "{run}");
            assert!(!reads_as_gibberish(run), "{run}");
            assert_eq!(crate::fix_text(run), run);
            let line = format!("{run} Hello {run}");
            assert_eq!(crate::fix_text(&line), line);
        }
        // Not decorations: symbols that do not repeat, and a repeated
        // character whose bytes hold a letter (GBK `哈哈哈`).
        for run in ["¤¤¢¢", "³¹¨", "¹þ¹þ¹þ", "¯", "¯¯·", "¦C¥X", "¡¢¡"] {
            assert!(!is_decoration(run), "{run}");
        }
        assert_eq!(crate::fix_text("¹þ¹þ¹þ"), "哈哈哈");
    }

    #[test]
    fn short_words_only_are_no_language() {
        // CLDR's currency pattern reads in cp866 as `да#,##0.00;да-#,##0.00`.
        assert_eq!(read("¤\u{A0}#,##0.00;¤\u{A0}-#,##0.00"), None);
    }

    proptest::proptest! {
        /// The test on bytes turns down only readings that
        /// [`cyrillic_support`] turns down whole: runs of Russian words,
        /// punctuation, Latin letters, digits and stray bytes in each
        /// Cyrillic code page.
        #[test]
        fn cyrillic_letters_alone_is_a_shortcut(
            picks in proptest::collection::vec(0usize..16, 0..10),
            stray in 0x80u8..=0xFF,
        ) {
            const TOKENS: [&str; 15] = [
                "привет", "как", "дела", "хорошо", "спасибо", " ", " ", "a", "9", "—", "«",
                "»", ",", "Ёж", "\u{A0}",
            ];
            for codec in LEGACY_CODECS.into_iter().filter(|&c| standard(c).is_none()) {
                let mut bytes = Vec::new();
                for &k in &picks {
                    match TOKENS.get(k) {
                        Some(token) => bytes.extend(codecs::encode(token, codec).unwrap_or_default()),
                        None => bytes.push(stray),
                    }
                }
                let support = codecs::decode(&bytes, codec).ok().and_then(|r| cyrillic_support(&r));
                if support.is_some() {
                    proptest::prop_assert!(cyrillic_letters_alone(&bytes, codec), "{:?} {:?}", codec, bytes);
                }
            }
        }
    }
}
