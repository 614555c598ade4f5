//! The mojibake detector: ftfy's `badness.py`.
//!
//! ftfy 6 classifies about 400 characters that mojibake is made of (accented
//! capitals, C1 controls, box drawing, currency and so on) and describes, as
//! one regular expression, the pairs and triples of those classes that are
//! very unlikely in real text but common when UTF-8 was decoded as a
//! single-byte charset. [`is_bad`] asks whether the expression matches
//! anywhere; [`badness()`] counts its non-overlapping matches.
//!
//! The expression is built from the class tables below with the `regex`
//! crate. Python's `\s` and `\w` are Unicode-aware, and so are the `regex`
//! crate's; the two agree on every character the classes can meet next to.
//! Every alternative needs at least one non-ASCII character, so ASCII text is
//! answered without running the expression.

use std::sync::LazyLock;

use regex::Regex;

use crate::config::Config;

/// ftfy's `MOJIBAKE_CATEGORIES`: the classes of characters mojibake is
/// made of. `scan` uses them too, for its pre-filter.
pub(crate) mod classes {
    /// A character class as inclusive code point ranges.
    pub(crate) type Class = &'static [(char, char)];

    pub(crate) const fn one(c: char) -> (char, char) {
        (c, c)
    }

    pub(crate) const COMMON: Class = &[
        one('\u{a0}'),
        one('\u{ad}'),
        one('\u{b4}'),
        one('\u{b7}'),
        ('\u{2013}', '\u{2015}'),
        one('\u{2019}'),
        one('\u{2026}'),
    ];
    pub(crate) const C1: Class = &[('\u{80}', '\u{9f}')];
    pub(crate) const BAD: Class = &[
        one('¦'),
        one('¤'),
        one('¨'),
        one('¬'),
        one('¯'),
        one('¸'),
        one('ƒ'),
        one('ˆ'),
        one('ˇ'),
        one('˘'),
        one('˛'),
        one('˜'),
        one('†'),
        one('‡'),
        one('‰'),
        one('\u{2310}'),
        one('\u{25ca}'),
        one('\u{fffd}'),
        one('ª'),
        one('º'),
    ];
    pub(crate) const LAW: Class = &[one('¶'), one('§')];
    pub(crate) const CURRENCY: Class = &[one('¢'), one('£'), one('¥'), one('₧'), one('€')];
    pub(crate) const START_PUNCTUATION: Class = &[
        one('¡'),
        one('«'),
        one('¿'),
        one('©'),
        one('΄'),
        one('΅'),
        one('‘'),
        one('‚'),
        one('“'),
        one('„'),
        one('•'),
        one('‹'),
        one('\u{f8ff}'),
    ];
    pub(crate) const END_PUNCTUATION: Class =
        &[one('®'), one('»'), one('˝'), one('”'), one('›'), one('™')];
    pub(crate) const NUMERIC: Class = &[
        one('²'),
        one('³'),
        one('¹'),
        one('±'),
        one('¼'),
        one('½'),
        one('¾'),
        one('×'),
        one('µ'),
        one('÷'),
        one('⁄'),
        one('∂'),
        one('∆'),
        one('∏'),
        one('∑'),
        one('√'),
        one('∞'),
        one('∩'),
        one('∫'),
        one('≈'),
        one('≠'),
        one('≡'),
        one('≤'),
        one('≥'),
        one('№'),
    ];
    pub(crate) const KAOMOJI: Class = &[
        ('Ò', 'Ö'),
        ('Ù', 'Ü'),
        ('ò', 'ö'),
        ('ø', 'ü'),
        one('Ő'),
        one('Ō'),
        one('Ū'),
        one('Ų'),
        one('°'),
    ];
    pub(crate) const UPPER_ACCENTED: Class = &[
        ('À', 'Ñ'),
        one('Ø'),
        one('Ü'),
        one('Ý'),
        one('Ă'),
        one('Ā'),
        one('Ą'),
        one('Ć'),
        one('Č'),
        one('Ď'),
        one('Đ'),
        one('Ę'),
        one('Ě'),
        one('Ē'),
        one('Ė'),
        one('Ğ'),
        one('Ģ'),
        one('İ'),
        one('Ī'),
        one('Ķ'),
        one('Ĺ'),
        one('Ľ'),
        one('Ł'),
        one('Ļ'),
        one('Ń'),
        one('Ň'),
        one('Ņ'),
        one('Œ'),
        one('Ř'),
        one('Ś'),
        one('Ş'),
        one('Š'),
        one('Ţ'),
        one('Ť'),
        one('Ů'),
        one('Ű'),
        one('Ÿ'),
        one('Ź'),
        one('Ż'),
        one('Ž'),
        one('Ґ'),
    ];
    pub(crate) const LOWER_ACCENTED: Class = &[
        one('ß'),
        ('à', 'ñ'),
        one('ă'),
        one('ą'),
        one('ā'),
        one('ć'),
        one('č'),
        one('ď'),
        one('đ'),
        one('ę'),
        one('ě'),
        one('ē'),
        one('ė'),
        one('ğ'),
        one('ģ'),
        one('į'),
        one('ī'),
        one('ķ'),
        one('ĺ'),
        one('ľ'),
        one('ł'),
        one('ļ'),
        one('œ'),
        one('ŕ'),
        one('ś'),
        one('ş'),
        one('š'),
        one('ť'),
        one('ü'),
        one('ź'),
        one('ż'),
        one('ž'),
        one('ґ'),
        one('ﬁ'),
        one('ﬂ'),
    ];
    pub(crate) const UPPER_COMMON: Class = &[
        one('Þ'),
        ('\u{391}', '\u{3a9}'),
        one('Ά'),
        one('Έ'),
        one('Ή'),
        one('Ί'),
        one('Ό'),
        one('Ύ'),
        one('Ώ'),
        one('Ϊ'),
        one('Ϋ'),
        ('\u{401}', '\u{42f}'),
    ];
    pub(crate) const LOWER_COMMON: Class = &[('\u{3ac}', '\u{3c9}'), ('\u{430}', '\u{45f}')];
    pub(crate) const BOX: Class = &[
        one('│'),
        one('┌'),
        one('┐'),
        one('┘'),
        one('├'),
        one('┤'),
        one('┬'),
        one('┼'),
        ('\u{2550}', '\u{256c}'),
        one('▀'),
        one('▄'),
        one('█'),
        one('▌'),
        one('▐'),
        one('░'),
        one('▒'),
        one('▓'),
    ];
}

use classes::*;

/// A bracketed class made of the union of `classes`, the literal characters
/// in `extra`, and `raw`, which is copied into the brackets as regex syntax.
fn union_raw(classes: &[Class], extra: &str, raw: &str) -> String {
    let mut out = String::from("[");
    out.push_str(raw);
    for class in classes {
        for &(lo, hi) in class.iter() {
            if lo == hi {
                out.push_str(&format!("\\x{{{:x}}}", lo as u32));
            } else {
                out.push_str(&format!("\\x{{{:x}}}-\\x{{{:x}}}", lo as u32, hi as u32));
            }
        }
    }
    for c in extra.chars() {
        out.push_str(&format!("\\x{{{:x}}}", c as u32));
    }
    out.push(']');
    out
}

fn union(classes: &[Class], extra: &str) -> String {
    union_raw(classes, extra, "")
}

fn cls(classes: &[Class]) -> String {
    union(classes, "")
}

/// The alternatives of ftfy's `BADNESS_RE`, in its order, joined.
fn badness_pattern() -> String {
    alternatives().join("|")
}

/// The alternatives of ftfy's `BADNESS_RE`, in its order. None matches
/// more than [`MAX_MATCH_CHARS`] characters (checked by a test).
fn alternatives() -> Vec<String> {
    let (la, ua, lc, uc) = (LOWER_ACCENTED, UPPER_ACCENTED, LOWER_COMMON, UPPER_COMMON);
    let (sp, ep, cur, num) = (START_PUNCTUATION, END_PUNCTUATION, CURRENCY, NUMERIC);
    let alternatives = [
        cls(&[C1]),
        cls(&[BAD, la, ua, BOX, sp, ep, cur, num, LAW]) + &cls(&[BAD]),
        String::from("[a-zA-Z]") + &cls(&[lc, uc]) + &cls(&[BAD]),
        cls(&[BAD]) + &cls(&[la, ua, BOX, sp, ep, cur, num, LAW]),
        cls(&[la, lc, BOX, ep, cur, num]) + &cls(&[ua]),
        cls(&[BOX, ep, cur, num]) + &cls(&[la]),
        cls(&[la, BOX, ep]) + &cls(&[cur]),
        String::from(r"\s") + &cls(&[ua]) + &cls(&[cur]),
        cls(&[ua, BOX]) + &cls(&[num, LAW]),
        cls(&[la, ua, BOX, cur, ep]) + &cls(&[sp]) + &cls(&[num]),
        cls(&[la, ua, cur, num, BOX, LAW]) + &cls(&[ep]) + &cls(&[sp]),
        cls(&[cur, num, BOX]) + &cls(&[sp]),
        String::from("[a-z]") + &cls(&[ua]) + &cls(&[sp, cur]),
        cls(&[BOX]) + &cls(&[KAOMOJI]),
        cls(&[la, ua, cur, num, sp, ep, LAW]) + &cls(&[BOX]),
        cls(&[BOX]) + &cls(&[ep]),
        cls(&[la, ua]) + &cls(&[sp, ep]) + r"\w",
        String::from("[Œœ][^A-Za-z]"),
        cls(&[ua]) + "°",
        String::from("[ÂÃÎÐ]") + &union(&[sp, ep], "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´"),
        String::from("×[²³]"),
        {
            let pair = String::from("[ØÙ]") + &union(&[COMMON, cur, BAD, num, sp], "ŸŠ®°µ»");
            pair.clone() + &pair
        },
        String::from("à[²µ¹¼½¾]"),
        String::from("√[±∂†≠®™´≤≥¥µø]"),
        String::from("≈[°¢]"),
        String::from("‚Ä[ìîïòôúùû†°¢π]"),
        String::from("‚[âó][àä°ê]"),
        String::from("вЂ"),
        String::from("[ВГРС]") + &union(&[C1, BAD, sp, ep, cur], "°µ") + "[ВГРС]",
        String::from("ГўВЂВ.[A-Za-z ]"),
        String::from("Ã[\u{a0}¡]"),
        String::from(r"[a-z]\s?[ÃÂ][ ]"),
        String::from("^[ÃÂ][ ]"),
        union_raw(&[ep], ".,?!", "a-z") + "Â" + &union(&[sp, ep], " "),
        String::from("β€[™\u{a0}Ά\u{ad}®°]"),
        String::from("[ΒΓΞΟ]") + &union(&[C1, BAD, sp, ep, cur], "°") + "[ΒΓΞΟ]",
        String::from("ā€"),
    ];
    alternatives.to_vec()
}

/// The most characters a match of the badness expression spans
/// (`ГўВЂВ.[A-Za-z ]`).
const MAX_MATCH_CHARS: usize = 7;

/// The configuration under which [`scan::first_dirty`](crate::scan) asks
/// only "can the badness expression match?" (the one of
/// [`may_be_bad`](crate::scan::may_be_bad)).
static BADNESS_ONLY: LazyLock<Config> = LazyLock::new(|| Config {
    fix_c1_controls: false,
    ..Config::encoding_only()
});

/// Where the badness expression needs to start looking in `text`, given
/// `dirty`, the first character at which the scan's pre-filter says a
/// match may end: the whole text before it is clean,
/// so every match ends after it and starts at most
/// [`MAX_MATCH_CHARS`]` - 1` characters before it. Starting the search
/// there (with [`Regex::is_match_at`], which still sees the text before it
/// for `^`) skips the clean text before the mojibake.
fn search_start(text: &str, dirty: usize) -> usize {
    let before = text.get(..dirty).unwrap_or_default();
    before
        .char_indices()
        .rev()
        .take(MAX_MATCH_CHARS - 1)
        .last()
        .map_or(dirty, |(i, _)| i)
}

static BADNESS_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&badness_pattern()).ok());

/// Whether the text looks like it contains mojibake: ftfy's `is_bad`.
///
/// ```
/// use unmojibake::is_bad;
/// assert!(is_bad("CafÃ©"));
/// assert!(!is_bad("Café"));
/// assert!(!is_bad("plain ASCII"));
/// ```
pub fn is_bad(text: &str) -> bool {
    let Some(dirty) = crate::scan::first_dirty(text, &BADNESS_ONLY) else {
        return false;
    };
    // Most mojibake shows a pair that is a match by itself.
    if crate::scan::whole_bad_pair_at(text, dirty) {
        return true;
    }
    let start = search_start(text, dirty);
    BADNESS_RE
        .as_ref()
        .is_some_and(|re| re.is_match_at(text, start))
}

/// [`is_bad`], looking first around byte `hint`: where the pipeline's scan
/// stopped, most often right on mojibake. The pair of characters that meet
/// there is often a match by itself; otherwise the expression is run from
/// a few characters before it. Either finding a match settles it (the scan
/// of [`is_bad`] would go over the clean start of the line again to find
/// the same place); when neither does, [`is_bad`] decides. Any `hint`
/// gives the same answer.
pub(crate) fn is_bad_near(text: &str, hint: usize) -> bool {
    // Where the scan stopped at an ASCII byte (`&`, a control), or inside
    // a character, there is nothing to look at.
    let near = text.as_bytes().get(hint).is_some_and(|&b| b >= 0x80) && text.is_char_boundary(hint);
    if near {
        if crate::scan::whole_bad_pair_at(text, hint) {
            return true;
        }
        let start = search_start(text, hint);
        if BADNESS_RE
            .as_ref()
            .is_some_and(|re| re.is_match_at(text, start))
        {
            return true;
        }
    }
    is_bad(text)
}

/// How many non-overlapping mojibake patterns the text holds: ftfy's
/// `badness`.
///
/// ```
/// use unmojibake::badness;
/// assert_eq!(badness("Ã©Ã©Ã©"), 2);
/// assert_eq!(badness("résumé"), 0);
/// ```
pub fn badness(text: &str) -> usize {
    if !crate::scan::may_be_bad(text) {
        return 0;
    }
    BADNESS_RE
        .as_ref()
        .map_or(0, |re| re.find_iter(text).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most characters one alternative can match, counted on its
    /// syntax: a bracketed class, an escape or any other character is one
    /// character; `?` and `^` add none.
    fn max_chars(alternative: &str) -> usize {
        let mut chars = alternative.chars().peekable();
        let mut count = 0;
        while let Some(c) = chars.next() {
            match c {
                '[' => {
                    // To the closing bracket, skipping escapes.
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                chars.next();
                            }
                            ']' => break,
                            _ => {}
                        }
                    }
                    count += 1;
                }
                '\\' => {
                    if chars.next() == Some('x') && chars.peek() == Some(&'{') {
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                        }
                    }
                    count += 1;
                }
                '?' | '^' => {}
                '*' | '+' | '{' | '(' | '|' => panic!("unexpected syntax in {alternative}"),
                _ => count += 1,
            }
        }
        count
    }

    #[test]
    fn longest_match() {
        let longest = alternatives().iter().map(|a| max_chars(a)).max();
        assert_eq!(longest, Some(MAX_MATCH_CHARS));
        assert_eq!(max_chars(r"[a-z]\s?[\x{c3}\x{c2}][ ]"), 4);
        assert_eq!(max_chars("ГўВЂВ.[A-Za-z ]"), 7);
    }

    /// Characters of every class, and their ASCII neighbours.
    fn alphabet() -> Vec<char> {
        let mut set: Vec<char> = " \n\ta.,?!Z0".chars().collect();
        for class in [
            COMMON,
            C1,
            BAD,
            LAW,
            CURRENCY,
            START_PUNCTUATION,
            END_PUNCTUATION,
            NUMERIC,
            KAOMOJI,
            UPPER_ACCENTED,
            LOWER_ACCENTED,
            UPPER_COMMON,
            LOWER_COMMON,
            BOX,
        ] {
            for &(lo, hi) in class {
                set.push(lo);
                set.push(hi);
            }
        }
        set.extend("ÃÂÎÐØÙ×àβ€ВГРСЂЎЉЋвўĀā√≈‚Ä°ŒœΒΓΞΟ²³µ".chars());
        set
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn is_bad_agrees_with_the_expression(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            let re = BADNESS_RE.as_ref().unwrap();
            proptest::prop_assert_eq!(is_bad(&text), re.is_match(&text), "{:?}", text);
        }

        #[test]
        fn any_hint_gives_the_same_answer(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            let re = BADNESS_RE.as_ref().unwrap();
            let bad = re.is_match(&text);
            // Every byte offset, on a character boundary or not, and past
            // the end.
            for hint in 0..=text.len() + 1 {
                proptest::prop_assert_eq!(is_bad_near(&text, hint), bad, "{:?} {}", text, hint);
            }
        }
    }

    #[test]
    fn pattern_compiles() {
        assert!(BADNESS_RE.is_some(), "{}", badness_pattern());
    }

    #[test]
    fn ftfy_examples() {
        assert_eq!(badness("Ã©Ã©Ã©"), 2);
        assert!(is_bad("\u{80}"));
        assert!(is_bad("Ã "));
        assert!(is_bad("â€™"));
        assert!(is_bad("вЂ™"));
        assert!(is_bad("Ð¿Ñ€Ð¸Ð²ÐµÑ‚"));
        assert!(!is_bad("naïve café déjà vu"));
        assert!(!is_bad("Привет, мир"));
        assert!(!is_bad("Καλημέρα κόσμε"));
        assert!(!is_bad("日本語のテキスト"));
    }

    #[test]
    fn anchored_alternative_is_start_of_text_only() {
        assert!(is_bad("Ã la"));
        // `^` is the start of the text, not of a line ("\nÃ " matches no
        // other alternative).
        assert!(!is_bad("X.\nÃ x"));
    }

    #[test]
    fn ligature_rule() {
        assert!(is_bad("Œ1"));
        assert!(!is_bad("Œuvre"));
    }
}
