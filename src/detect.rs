//! Legacy-charset detection (feature `detect`).
//!
//! Three detectors, used by [`crate::bytes`]:
//!
//! - [`guess_legacy`]: `chardetng`, the detector Firefox uses for unlabeled
//!   pages, which covers the CJK charsets (Shift_JIS, EUC-JP, ISO-2022-JP,
//!   GBK/GB18030, Big5, EUC-KR), windows-1250 to 1258, windows-874, KOI8,
//!   IBM866 and the ISO-8859 family. It does not know Mac Roman, so for a
//!   single-byte guess the text is also read as Mac Roman, and Mac Roman wins
//!   when it reads as clearly more plausible text ([`implausibility`]).
//!   As in ftfy's `guess_bytes`, input with CR line breaks and no LF (old
//!   Mac files) leans towards Mac Roman.
//! - [`sniff_utf16`]: UTF-16 without a byte-order mark, which `chardetng`
//!   leaves to the BOM layer. The bytes must decode in one byte order into
//!   text of one writing system (Latin letters, digits and punctuation may
//!   mix in), with no control characters, lone surrogates or
//!   noncharacters, and without many code units whose low byte is zero
//!   (ASCII read in the wrong byte order gives U+4800, U+6500, ...).
//! - [`iso_2022_jp`]: 7-bit ISO-2022-JP, which is also valid UTF-8, when
//!   its escape sequences are present; [`iso_2022_kr`] likewise for
//!   ISO-2022-KR (its designation `ESC $ ) C` and a shift).
//! - [`outsider`]: the encodings `chardetng` does not know (x-mac-cyrillic,
//!   IBM855, Johab), taken over its guess only when they read the bytes as
//!   far more plausible text ([`cost`]).
//! - [`sniff_utf32`]: UTF-32 without a byte-order mark, by its zero bytes:
//!   every four-byte unit must be a character in exactly one byte order.

use encoding_rs::Encoding;

use crate::codecs::ExtraEncoding;

/// The most that is decoded twice to compare Mac Roman with a guess.
const COMPARE_LIMIT: usize = 64 * 1024;

/// The charset `chardetng` guesses for `bytes`, with the Mac Roman check.
pub(crate) fn guess_legacy(bytes: &[u8], complete: bool) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // A shorter input is compared whole.
    let sample = bytes.get(..COMPARE_LIMIT).unwrap_or(bytes);
    let cr_only =
        memchr::memchr(b'\r', sample).is_some() && memchr::memchr(b'\n', sample).is_none();
    let guessed = implausibility(&guess.decode_without_bom_handling(sample).0);
    let mac = implausibility(&encoding_rs::MACINTOSH.decode_without_bom_handling(sample).0);
    let mac_letters = guess != encoding_rs::WINDOWS_1252 && mac_letters_in_words(sample);
    if mac < guessed || ((cr_only || mac_letters) && mac <= guessed) {
        encoding_rs::MACINTOSH
    } else {
        guess
    }
}

/// Whether the high bytes inside words are nearly all in 80–9F, where Mac
/// Roman has its accented lower-case letters and the ISO-8859 and Windows
/// charsets have controls and punctuation. Byte 92 (’ in Windows-1252, í
/// in Mac Roman) is left out as ambiguous.
fn mac_letters_in_words(bytes: &[u8]) -> bool {
    let (mut high, mut low_range) = (0usize, 0usize);
    let mut prev = b' ';
    let mut iter = bytes.iter().copied().peekable();
    while let Some(b) = iter.next() {
        // The end counts as a space.
        let next = iter.peek().copied().unwrap_or(b' ');
        if b >= 0x80 && b != 0x92 && (prev.is_ascii_alphabetic() || next.is_ascii_alphabetic()) {
            high += 1;
            if b < 0xA0 {
                low_range += 1;
            }
        }
        prev = b;
    }
    low_range >= 1 && low_range * 10 >= high * 8
}

/// The cost of `text` as real text: [`implausibility`], plus each
/// U+FFFD (a malformed sequence) and each rare or never-used character by
/// the commonness tiers of the plausibility model. Text read in the right
/// charset costs near nothing.
pub(crate) fn cost(text: &str) -> f32 {
    let mut total = implausibility(text) as f32;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        total += match c {
            '\u{FFFD}' => 6.0,
            c => match crate::plausibility::model::tier(c) {
                0 => 0.0,
                1 => 0.5,
                2 => 2.0,
                _ => 4.0,
            },
        };
    }
    total
}

/// An encoding that `chardetng` does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outsider {
    Rs(&'static Encoding),
    Extra(ExtraEncoding),
}

/// Tries the encodings `chardetng` does not know (x-mac-cyrillic, IBM855,
/// Johab) against its guess, and returns the one that reads `bytes` as
/// far cheaper text ([`cost`]): at most a third of the guess's cost and
/// at least [`OUTSIDER_MARGIN`] less. A file the guess reads as real text
/// costs near nothing, so it is never taken from the guess.
pub(crate) fn outsider(bytes: &[u8], guess: &'static Encoding) -> Option<Outsider> {
    if guess == encoding_rs::ISO_2022_JP || crate::codecs::is_utf16(guess) {
        return None;
    }
    // A shorter input is compared whole.
    let sample = bytes.get(..COMPARE_LIMIT).unwrap_or(bytes);
    let guessed = cost(&guess.decode_without_bom_handling(sample).0);
    if guessed < OUTSIDER_MARGIN {
        return None;
    }
    [
        Outsider::Rs(encoding_rs::X_MAC_CYRILLIC),
        Outsider::Extra(ExtraEncoding::Ibm855),
        Outsider::Extra(ExtraEncoding::Johab),
    ]
    .into_iter()
    .filter(|o| *o != Outsider::Rs(guess))
    .map(|o| {
        let text = match o {
            Outsider::Rs(e) => e.decode_without_bom_handling(sample).0,
            Outsider::Extra(e) => std::borrow::Cow::Owned(e.decode_lossy(sample)),
        };
        (o, cost(&text))
    })
    .filter(|&(_, c)| c * 3.0 <= guessed && c + OUTSIDER_MARGIN <= guessed)
    .min_by(|a, b| a.1.total_cmp(&b.1))
    .map(|(o, _)| o)
}

/// See [`outsider`].
const OUTSIDER_MARGIN: f32 = 3.0;

/// ISO-2022-JP when `bytes` are 7-bit and hold its escape sequences.
pub(crate) fn iso_2022_jp(bytes: &[u8], complete: bool) -> Option<&'static Encoding> {
    if !bytes.is_ascii() || memchr::memmem::find(bytes, b"\x1b$").is_none() {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    (guess == encoding_rs::ISO_2022_JP).then_some(guess)
}

/// Writing systems, for telling real text from bytes read in the wrong
/// charset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Georgian,
    Hangul,
    Cjk,
    /// Digits, punctuation, spaces, symbols, combining marks: fit anywhere.
    Neutral,
    /// Assigned to nothing that text in a legacy charset would hold.
    Other,
}

/// The scripts whose letters detection counts, Latin first.
pub(crate) const SCRIPTS: [Script; 11] = [
    Script::Latin,
    Script::Greek,
    Script::Cyrillic,
    Script::Armenian,
    Script::Hebrew,
    Script::Arabic,
    Script::Indic,
    Script::Thai,
    Script::Georgian,
    Script::Hangul,
    Script::Cjk,
];

pub(crate) fn script(c: char) -> Script {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2AF | 0x1E00..=0x1EFF => {
            Script::Latin
        }
        0x20..=0x7E | 0x09 | 0x0A | 0x0C | 0x0D | 0xA0..=0xBF | 0xD7 | 0xF7 => Script::Neutral,
        0x2B0..=0x36F => Script::Neutral,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFE => Script::Arabic,
        0x900..=0xDFF => Script::Indic,
        0xE00..=0xE7F => Script::Thai,
        0x10A0..=0x10FF => Script::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7A3 => Script::Hangul,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Cjk,
        0x2000..=0x2BFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0xFE30..=0xFE4F => Script::Neutral,
        0x10000.. => Script::Neutral,
        _ => Script::Other,
    }
}

/// How a decoding of UTF-16 code units scores as text.
#[derive(Clone, Copy, Debug, Default)]
struct Utf16Score {
    units: usize,
    other: usize,
    low_zero: usize,
    letters: [usize; SCRIPTS.len()],
    /// Han ideographs, and those from U+8140 up.
    han: usize,
    han_high: usize,
    /// Kana, CJK punctuation and fullwidth forms (U+3000–30FF, U+FF00–FFEF).
    kana_punct: usize,
}

impl Utf16Score {
    /// Whether this reads as text of one writing system, possibly with Latin.
    ///
    /// Without NUL bytes (no ASCII at all, not even a space), only Chinese
    /// or Japanese is plausible: then kana or CJK punctuation must be
    /// present, which no legacy CJK charset read as UTF-16 produces, and
    /// the ideographs must not all lie from U+8140 up, as Shift_JIS read as
    /// UTF-16BE gives.
    fn is_text(&self, has_nul: bool) -> bool {
        let letters: usize = self.letters.iter().sum();
        let (top_index, top) = self
            .letters
            .iter()
            .copied()
            .enumerate()
            .skip(1)
            .max_by_key(|&(_, n)| n)
            .expect("one count per script, and there are several");
        let latin = *self
            .letters
            .first()
            .expect("one count per script, Latin first");
        let plausible = self.units >= 2
            && letters > 0
            && self.other * 50 <= self.units
            && self.low_zero * 10 <= self.units
            && (top + latin) * 20 >= letters * 19;
        if !plausible || has_nul {
            return plausible;
        }
        SCRIPTS.get(top_index) == Some(&Script::Cjk)
            && top * 20 >= letters * 19
            && self.kana_punct * 20 >= self.units
            && self.han_high * 10 < self.han * 9
    }

    fn penalty(&self) -> usize {
        self.other + self.low_zero
    }
}

/// Scores `bytes` as UTF-16 in one byte order; `None` when they cannot be
/// text (controls, lone surrogates, noncharacters).
fn score_utf16(bytes: &[u8], big_endian: bool, complete: bool) -> Option<Utf16Score> {
    let mut score = Utf16Score::default();
    let units = bytes.chunks_exact(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    });
    let mut pending_high: Option<u16> = None;
    for unit in units {
        score.units += 1;
        if let Some(high) = pending_high.take() {
            if !(0xDC00..=0xDFFF).contains(&unit) {
                return None;
            }
            let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
            if (c & 0xFFFE) == 0xFFFE {
                return None;
            }
            continue;
        }
        match unit {
            0xD800..=0xDBFF => {
                pending_high = Some(unit);
                continue;
            }
            0xDC00..=0xDFFF | 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF => return None,
            0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F..=0x9F => return None,
            _ => {}
        }
        if unit >= 0x100 && unit & 0xFF == 0 {
            score.low_zero += 1;
        }
        if (0x3000..=0x30FF).contains(&unit) || (0xFF00..=0xFFEF).contains(&unit) {
            score.kana_punct += 1;
        }
        if (0x4E00..=0x9FFF).contains(&unit) {
            score.han += 1;
            if unit >= 0x8140 {
                score.han_high += 1;
            }
        }
        let c = char::from_u32(u32::from(unit)).expect("surrogates were handled above");
        match script(c) {
            Script::Other => score.other += 1,
            Script::Neutral => {}
            s => {
                if let Some(i) = SCRIPTS.iter().position(|&t| t == s) {
                    *score
                        .letters
                        .get_mut(i)
                        .expect("one count per script of SCRIPTS") += 1;
                }
            }
        }
    }
    if pending_high.is_some() && complete {
        return None;
    }
    Some(score)
}

/// UTF-16LE or UTF-16BE when `bytes` read as text in exactly one of them.
pub(crate) fn sniff_utf16(bytes: &[u8], complete: bool) -> Option<&'static Encoding> {
    if complete && bytes.len() % 2 != 0 {
        return None;
    }
    let even = bytes
        .get(..bytes.len() & !1)
        .expect("rounding down keeps a length within the bytes");
    if even.len() < 4 {
        return None;
    }
    // Without NUL bytes, UTF-16 text is CJK, Hangul or the like, whose code
    // units have many bytes of 80 or more; Latin text read as UTF-16 has few.
    let has_nul = memchr::memchr(0, even).is_some();
    if !has_nul {
        let high = even.iter().filter(|&&b| b >= 0x80).count();
        if high * 10 < even.len() * 3 {
            return None;
        }
    }
    let le = score_utf16(even, false, complete).filter(|s| s.is_text(has_nul));
    let be = score_utf16(even, true, complete).filter(|s| s.is_text(has_nul));
    match (le, be) {
        (Some(_), None) => Some(encoding_rs::UTF_16LE),
        (None, Some(_)) => Some(encoding_rs::UTF_16BE),
        (Some(le), Some(be)) if le.penalty() < be.penalty() => Some(encoding_rs::UTF_16LE),
        (Some(le), Some(be)) if be.penalty() < le.penalty() => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// UTF-32LE or UTF-32BE without a byte-order mark: whole four-byte
/// units, at least two, that read in exactly one byte order as characters
/// other than controls (tab, line feed and carriage return aside) and
/// noncharacters. Real text in either order has two zero bytes in nearly
/// every unit, which no other encoding produces.
pub(crate) fn sniff_utf32(bytes: &[u8], complete: bool) -> Option<ExtraEncoding> {
    if complete && bytes.len() % 4 != 0 {
        return None;
    }
    let whole = bytes
        .get(..bytes.len() & !3)
        .expect("rounding down keeps a length within the bytes");
    if whole.len() < 8 {
        return None;
    }
    let reads = |big_endian: bool| {
        whole.chunks_exact(4).all(|unit| {
            let unit: [u8; 4] = unit.try_into().expect("chunks_exact gives four bytes");
            let value = if big_endian {
                u32::from_be_bytes(unit)
            } else {
                u32::from_le_bytes(unit)
            };
            char::from_u32(value).is_some_and(|c| {
                (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                    && (value & 0xFFFE) != 0xFFFE
                    && !(0xFDD0..=0xFDEF).contains(&value)
            })
        })
    };
    match (reads(false), reads(true)) {
        (true, false) => Some(ExtraEncoding::Utf32Le),
        (false, true) => Some(ExtraEncoding::Utf32Be),
        _ => None,
    }
}

/// ISO-2022-KR when `bytes` are 7-bit, hold its designation `ESC $ ) C`
/// and shift to KS X 1001 with SO at least once.
pub(crate) fn iso_2022_kr(bytes: &[u8]) -> Option<ExtraEncoding> {
    (bytes.is_ascii()
        && memchr::memchr(0x0E, bytes).is_some()
        && memchr::memmem::find(bytes, b"\x1b$)C").is_some())
    .then_some(ExtraEncoding::Iso2022Kr)
}

/// Symbols and punctuation that a legacy charset holds but that do not
/// belong between two letters of a word (apostrophes, hyphens and the
/// middle dot do).
fn is_symbol(c: char) -> bool {
    matches!(c,
        '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}' | '\u{2C6}'..='\u{2DD}'
        | '\u{2000}'..='\u{2BFF}' | '\u{F8FF}' | '\u{FB01}' | '\u{FB02}')
        && !matches!(
            c,
            '\u{AD}' | '\u{B7}' | '\u{2018}' | '\u{2019}' | '\u{2010}' | '\u{2011}'
        )
}

/// A coarse script for [`implausibility`].
fn letter_script(c: char) -> Script {
    match script(c) {
        Script::Neutral | Script::Other => Script::Other,
        s => s,
    }
}

/// How implausible `text` is as real text: C1 controls, a change of writing
/// system inside a word, an upper-case letter right after a lower-case one,
/// and a symbol between two letters, each counted where a non-ASCII
/// character is involved. Text read in the right charset scores near zero.
pub(crate) fn implausibility(text: &str) -> usize {
    let mut score = 0;
    let mut prev2: Option<char> = None;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if ('\u{80}'..='\u{9F}').contains(&c) {
            score += 2;
        }
        if let Some(p) = prev {
            let non_ascii = !p.is_ascii() || !c.is_ascii();
            if non_ascii && p.is_alphabetic() && c.is_alphabetic() {
                let script_change = letter_script(p) != letter_script(c);
                if script_change || p.is_lowercase() && c.is_uppercase() {
                    score += 1;
                }
            }
            if let Some(pp) = prev2 {
                if pp.is_alphabetic() && c.is_alphabetic() && is_symbol(p) {
                    score += 1;
                }
            }
        }
        prev2 = prev;
        prev = Some(c);
    }
    score
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom() {
        for text in [
            "Hello, world\n",
            "日本語のテキストです。\n",
            "中文文本的测试，这是一个句子。",
            "Привет, мир\n",
            "안녕하세요 세계\n",
        ] {
            assert_eq!(
                sniff_utf16(&utf16(text, false), true),
                Some(encoding_rs::UTF_16LE),
                "{text}"
            );
            assert_eq!(
                sniff_utf16(&utf16(text, true), true),
                Some(encoding_rs::UTF_16BE),
                "{text}"
            );
        }
    }

    #[test]
    fn not_utf16() {
        assert_eq!(sniff_utf16(b"plain ascii text", true), None);
        assert_eq!(
            sniff_utf16(b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e", true),
            None
        );
        let sjis = encoding_rs::SHIFT_JIS
            .encode("日本語の文章を読みます。これはテストです。")
            .0;
        assert_eq!(sniff_utf16(&sjis, true), None);
        let gbk = encoding_rs::GBK.encode("中文文本的测试，这是一个句子。").0;
        assert_eq!(sniff_utf16(&gbk, true), None);
        let euc_kr = encoding_rs::EUC_KR.encode("안녕하세요세계여러분").0;
        assert_eq!(sniff_utf16(&euc_kr, true), None);
    }

    #[test]
    fn utf32_without_bom() {
        for text in ["Hello, world\n", "Привет 😀", "日本語"] {
            let le: Vec<u8> = text
                .chars()
                .flat_map(|c| u32::from(c).to_le_bytes())
                .collect();
            let be: Vec<u8> = text
                .chars()
                .flat_map(|c| u32::from(c).to_be_bytes())
                .collect();
            assert_eq!(
                sniff_utf32(&le, true),
                Some(ExtraEncoding::Utf32Le),
                "{text}"
            );
            assert_eq!(
                sniff_utf32(&be, true),
                Some(ExtraEncoding::Utf32Be),
                "{text}"
            );
        }
        assert_eq!(sniff_utf32(b"h\x00i\x00!\x00?\x00", true), None);
        assert_eq!(sniff_utf32(b"plain ascii text", true), None);
        assert_eq!(sniff_utf32(b"\x00\x00\x00\x00\x00\x00\x00\x00", true), None);
    }

    #[test]
    fn outsiders_only_where_the_guess_reads_badly() {
        let russian = "Это проверка связи, и она работает как надо. Съешь же ещё этих \
                       мягких французских булок да выпей чаю.";
        let korean = "한국어 문장입니다. 대한민국의 수도는 서울입니다. 오늘 날씨가 좋습니다.";
        let johab: Vec<u8> = korean
            .chars()
            .flat_map(|c| {
                // Johab of these syllables, by the standard's bit fields.
                let n = u32::from(c);
                if (0xAC00..=0xD7A3).contains(&n) {
                    let s = n - 0xAC00;
                    let (i, m, f) = (s / 588, (s % 588) / 28, s % 28);
                    let m = [
                        3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 26, 27, 28,
                        29,
                    ][m as usize];
                    let f = if f == 0 {
                        1
                    } else if f <= 16 {
                        f + 1
                    } else {
                        f + 2
                    };
                    let code = 0x8000 | ((i + 2) << 10) | (m << 5) | f;
                    (code as u16).to_be_bytes().to_vec()
                } else {
                    vec![c as u8]
                }
            })
            .collect();
        assert_eq!(ExtraEncoding::Johab.decode(&johab).unwrap(), korean);
        let cases: [(Vec<u8>, Option<Outsider>); 6] = [
            (johab, Some(Outsider::Extra(ExtraEncoding::Johab))),
            (
                encoding_rs::X_MAC_CYRILLIC.encode(russian).0.into_owned(),
                Some(Outsider::Rs(encoding_rs::X_MAC_CYRILLIC)),
            ),
            (
                encoding_rs::WINDOWS_1251.encode(russian).0.into_owned(),
                None,
            ),
            (encoding_rs::KOI8_R.encode(russian).0.into_owned(), None),
            (encoding_rs::IBM866.encode(russian).0.into_owned(), None),
            (encoding_rs::EUC_KR.encode(korean).0.into_owned(), None),
        ];
        for (bytes, expected) in cases {
            let guess = guess_legacy(&bytes, true);
            assert_eq!(outsider(&bytes, guess), expected, "{}", guess.name());
        }
    }

    #[test]
    fn iso_2022_kr_by_its_designation() {
        let mail = b"\x1b$)C\x0e\x30\x21\x0f ok\n";
        assert_eq!(iso_2022_kr(mail), Some(ExtraEncoding::Iso2022Kr));
        assert_eq!(iso_2022_kr(b"no escapes"), None);
    }

    #[test]
    fn mac_roman_plausibility() {
        let french = "Le café où nous étions était fermé à Noël.";
        let mac = encoding_rs::MACINTOSH.encode(french).0;
        assert_eq!(guess_legacy(&mac, true), encoding_rs::MACINTOSH);
        let win = encoding_rs::WINDOWS_1252.encode(french).0;
        assert_ne!(guess_legacy(&win, true), encoding_rs::MACINTOSH);
        assert_eq!(implausibility(french), 0);
    }
}
