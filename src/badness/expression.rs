//! ftfy's badness expression, the specification of the detector: the
//! character classes of `badness.py` ([`classes`]) and the alternatives of
//! its `BADNESS_RE`, built into one regular expression ([`BADNESS_RE`]).
//!
//! The scan derives its pre-filter from the same classes; the detector
//! (`badness.rs`, one level up) puts the two together.

use std::sync::LazyLock;

use regex::Regex;

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
pub(crate) const MAX_MATCH_CHARS: usize = 7;

/// ftfy's `BADNESS_RE`, compiled once.
pub(crate) static BADNESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&badness_pattern()).expect("ftfy's badness expression compiles (pattern_compiles)")
});

#[cfg(test)]
pub(super) mod tests {
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
    pub(crate) fn alphabet() -> Vec<char> {
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

    #[test]
    fn pattern_compiles() {
        assert!(
            Regex::new(&badness_pattern()).is_ok(),
            "{}",
            badness_pattern()
        );
    }
}
