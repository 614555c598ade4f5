//! ftfy's badness expression, the specification of the detector: the
//! character classes of `badness.py` ([`classes`]) and the alternatives of
//! its `BADNESS_RE`, declared once as data ([`ALTERNATIVES`]). Three forms
//! are built from that declaration: the matcher (`badness/matcher.rs`),
//! the scan's pair table ([`PAIRS`]: for each alternative without a
//! trigger character, two adjacent positions every match holds) and the
//! pairs that are whole alternatives ([`WHOLE_PAIRS`]). The tests build a
//! fourth, ftfy's regular expression itself, as the oracle the matcher is
//! checked against.
//!
//! The detector (`badness.rs`, one level up) runs the scan's pre-filter,
//! built from these, before the matcher.

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

/// One position of an alternative of the badness expression, matching one
/// character: the union of some classes, some literal characters
/// (`extra`) and some ASCII ranges (`ascii`, which ftfy writes as regex
/// syntax inside the brackets: `[a-z.,?!]`). The scan's pair table takes
/// `classes` and `extra`; it never looks at ASCII.
#[derive(Clone, Copy)]
pub(crate) struct Side {
    pub(crate) classes: &'static [Class],
    pub(crate) extra: &'static str,
    pub(crate) ascii: Class,
}

impl Side {
    /// The characters of the side's classes and literals: those the scan's
    /// pair table lists (it never looks at ASCII).
    pub(crate) fn listed_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.classes
            .iter()
            .flat_map(|class| class.iter().flat_map(|&(lo, hi)| lo..=hi))
            .chain(self.extra.chars())
    }

    /// Every character the side matches: its classes, its literals and its
    /// ASCII ranges.
    pub(crate) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let ascii = self.ascii.iter().flat_map(|&(lo, hi)| lo..=hi);
        self.listed_chars().chain(ascii)
    }
}

/// A position made of classes.
pub(crate) const fn of(classes: &'static [Class]) -> Side {
    Side {
        classes,
        extra: "",
        ascii: &[],
    }
}

/// A position made of literal characters.
pub(crate) const fn lit(extra: &'static str) -> Side {
    Side {
        classes: &[],
        extra,
        ascii: &[],
    }
}

/// A position made of classes and literal characters.
pub(crate) const fn mix(classes: &'static [Class], extra: &'static str) -> Side {
    Side {
        classes,
        extra,
        ascii: &[],
    }
}

/// A piece of an alternative.
#[derive(Clone, Copy)]
pub(crate) enum Atom {
    /// One character of a [`Side`].
    One(Side),
    /// One of the few pieces of regex syntax ftfy writes outside its
    /// classes.
    Syntax(Syntax),
}

/// The regex syntax of ftfy's alternatives outside its classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `^`: the start of the text (not of a line), matching no character.
    Start,
    /// `[a-zA-Z]`.
    AsciiLetter,
    /// `[a-z]`.
    AsciiLower,
    /// `[A-Za-z ]`.
    AsciiLetterOrSpace,
    /// `[ ]`: a space.
    Space,
    /// `[^A-Za-z]`: any character but an ASCII letter, a newline too.
    NotAsciiLetter,
    /// `.`: any character but a newline.
    NotNewline,
    /// Python's `\s` on `str` (`str.isspace`: Unicode's white space and the
    /// information separators U+001C to U+001F, which the `regex` crate's
    /// `\s` leaves out).
    PySpace,
    /// [`Syntax::PySpace`], optional (`\s?`, greedy).
    PySpaceOptional,
    /// Python's `\w` on `str`: a letter (`str.isalpha`, categories L*), a
    /// character with a numeric value (`str.isnumeric`: Nd, Nl, No, so `²`
    /// and `½` too), or `_`. The `regex` crate's `\w` differs: it takes
    /// combining marks and connector punctuation, and leaves `²` out (`ä»²`,
    /// UTF-8 of `仲` read as Latin-1, is bad to ftfy).
    PyWord,
}

impl Syntax {
    /// The characters the piece matches, as ranges, for the pieces that
    /// match a small set (the ASCII classes and Python's `\\s`); the others
    /// take most of Unicode and are tested with [`Syntax::matches`].
    pub(crate) const fn char_set(self) -> Option<Class> {
        match self {
            Syntax::AsciiLetter => Some(&[('A', 'Z'), ('a', 'z')]),
            Syntax::AsciiLower => Some(&[('a', 'z')]),
            Syntax::AsciiLetterOrSpace => Some(&[(' ', ' '), ('A', 'Z'), ('a', 'z')]),
            Syntax::Space => Some(&[(' ', ' ')]),
            Syntax::PySpace | Syntax::PySpaceOptional => Some(PY_SPACE),
            _ => None,
        }
    }

    /// Whether the piece matches the character `c` (for `^`, which matches
    /// none, `false`).
    pub(crate) fn matches(self, c: char) -> bool {
        match self {
            Syntax::Start => false,
            Syntax::NotAsciiLetter => !c.is_ascii_alphabetic(),
            Syntax::NotNewline => c != '\n',
            Syntax::PyWord if c.is_ascii() => c.is_ascii_alphanumeric() || c == '_',
            Syntax::PyWord => crate::chars::in_sorted_ranges(PY_WORD, c),
            _ => self
                .char_set()
                .is_some_and(|set| set.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))),
        }
    }
}

/// Python's `\s` on `str`: Unicode's `White_Space` (which the `regex`
/// crate's `\s` and Rust's `char::is_whitespace` follow too) and the
/// information separators U+001C to U+001F (checked against
/// `char::is_whitespace` by a test).
const PY_SPACE: Class = &[
    ('\t', '\r'),
    ('\u{1c}', ' '),
    one('\u{85}'),
    one('\u{a0}'),
    one('\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    one('\u{202f}'),
    one('\u{205f}'),
    one('\u{3000}'),
];

/// One alternative of ftfy's `BADNESS_RE`: its pieces in order, and which
/// two adjacent pieces (`pair`, the first of them) every match contains
/// and the scan's pair table lists, the most selective such pair; `None`
/// for the alternatives that hold a trigger character instead (see
/// `scan.rs`).
pub(crate) struct Alternative {
    pub(crate) atoms: &'static [Atom],
    pub(crate) pair: Option<usize>,
}

const fn ch(side: Side) -> Atom {
    Atom::One(side)
}

const fn syntax(s: Syntax) -> Atom {
    Atom::Syntax(s)
}

const fn pair_at(k: usize, atoms: &'static [Atom]) -> Alternative {
    Alternative {
        atoms,
        pair: Some(k),
    }
}

const fn trigger(atoms: &'static [Atom]) -> Alternative {
    Alternative { atoms, pair: None }
}

/// Python's `\w` ([`Syntax::PyWord`]) as code point ranges, in a generated
/// table: the crate knows no general categories.
use crate::tables::python_word::PY_WORD;

const LA: Class = LOWER_ACCENTED;
const UA: Class = UPPER_ACCENTED;
const LC: Class = LOWER_COMMON;
const UC: Class = UPPER_COMMON;
const SP: Class = START_PUNCTUATION;
const EP: Class = END_PUNCTUATION;
const CUR: Class = CURRENCY;
const NUM: Class = NUMERIC;

/// The alternatives of ftfy's `BADNESS_RE` (`badness.py`), in its order:
/// the one declaration from which the matcher (`badness/matcher.rs`), the scan's
/// pair table and its whole-match bits are built.
pub(crate) const ALTERNATIVES: [Alternative; 37] = [
    trigger(&[ch(of(&[C1]))]),
    pair_at(
        0,
        &[
            ch(of(&[BAD, LA, UA, BOX, SP, EP, CUR, NUM, LAW])),
            ch(of(&[BAD])),
        ],
    ),
    pair_at(
        1,
        &[
            syntax(Syntax::AsciiLetter),
            ch(of(&[LC, UC])),
            ch(of(&[BAD])),
        ],
    ),
    pair_at(
        0,
        &[
            ch(of(&[BAD])),
            ch(of(&[LA, UA, BOX, SP, EP, CUR, NUM, LAW])),
        ],
    ),
    pair_at(0, &[ch(of(&[LA, LC, BOX, EP, CUR, NUM])), ch(of(&[UA]))]),
    pair_at(0, &[ch(of(&[BOX, EP, CUR, NUM])), ch(of(&[LA]))]),
    pair_at(0, &[ch(of(&[LA, BOX, EP])), ch(of(&[CUR]))]),
    pair_at(1, &[syntax(Syntax::PySpace), ch(of(&[UA])), ch(of(&[CUR]))]),
    pair_at(0, &[ch(of(&[UA, BOX])), ch(of(&[NUM, LAW]))]),
    pair_at(
        1,
        &[
            ch(of(&[LA, UA, BOX, CUR, EP])),
            ch(of(&[SP])),
            ch(of(&[NUM])),
        ],
    ),
    pair_at(
        1,
        &[
            ch(of(&[LA, UA, CUR, NUM, BOX, LAW])),
            ch(of(&[EP])),
            ch(of(&[SP])),
        ],
    ),
    pair_at(0, &[ch(of(&[CUR, NUM, BOX])), ch(of(&[SP]))]),
    pair_at(
        1,
        &[
            syntax(Syntax::AsciiLower),
            ch(of(&[UA])),
            ch(of(&[SP, CUR])),
        ],
    ),
    pair_at(0, &[ch(of(&[BOX])), ch(of(&[KAOMOJI]))]),
    pair_at(
        0,
        &[ch(of(&[LA, UA, CUR, NUM, SP, EP, LAW])), ch(of(&[BOX]))],
    ),
    pair_at(0, &[ch(of(&[BOX])), ch(of(&[EP]))]),
    pair_at(
        0,
        &[ch(of(&[LA, UA])), ch(of(&[SP, EP])), syntax(Syntax::PyWord)],
    ),
    trigger(&[ch(lit("Œœ")), syntax(Syntax::NotAsciiLetter)]),
    pair_at(0, &[ch(of(&[UA])), ch(lit("°"))]),
    pair_at(
        0,
        &[
            ch(lit("ÂÃÎÐ")),
            ch(mix(&[SP, EP], "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´")),
        ],
    ),
    pair_at(0, &[ch(lit("×")), ch(lit("²³"))]),
    pair_at(
        0,
        &[
            ch(lit("ØÙ")),
            ch(mix(&[COMMON, CUR, BAD, NUM, SP], "ŸŠ®°µ»")),
            ch(lit("ØÙ")),
            ch(mix(&[COMMON, CUR, BAD, NUM, SP], "ŸŠ®°µ»")),
        ],
    ),
    pair_at(0, &[ch(lit("à")), ch(lit("²µ¹¼½¾"))]),
    pair_at(0, &[ch(lit("√")), ch(lit("±∂†≠®™´≤≥¥µø"))]),
    pair_at(0, &[ch(lit("≈")), ch(lit("°¢"))]),
    pair_at(0, &[ch(lit("‚")), ch(lit("Ä")), ch(lit("ìîïòôúùû†°¢π"))]),
    pair_at(0, &[ch(lit("‚")), ch(lit("âó")), ch(lit("àä°ê"))]),
    pair_at(0, &[ch(lit("в")), ch(lit("Ђ"))]),
    pair_at(
        0,
        &[
            ch(lit("ВГРС")),
            ch(mix(&[C1, BAD, SP, EP, CUR], "°µ")),
            ch(lit("ВГРС")),
        ],
    ),
    pair_at(
        0,
        &[
            ch(lit("Г")),
            ch(lit("ў")),
            ch(lit("В")),
            ch(lit("Ђ")),
            ch(lit("В")),
            syntax(Syntax::NotNewline),
            syntax(Syntax::AsciiLetterOrSpace),
        ],
    ),
    pair_at(0, &[ch(lit("Ã")), ch(lit("\u{a0}¡"))]),
    trigger(&[
        syntax(Syntax::AsciiLower),
        syntax(Syntax::PySpaceOptional),
        ch(lit("ÃÂ")),
        syntax(Syntax::Space),
    ]),
    trigger(&[syntax(Syntax::Start), ch(lit("ÃÂ")), syntax(Syntax::Space)]),
    pair_at(
        1,
        &[
            ch(Side {
                classes: &[EP],
                extra: ".,?!",
                ascii: &[('a', 'z')],
            }),
            ch(lit("Â")),
            ch(Side {
                classes: &[SP, EP],
                extra: "",
                ascii: &[one(' ')],
            }),
        ],
    ),
    pair_at(
        0,
        &[ch(lit("β")), ch(lit("€")), ch(lit("™\u{a0}Ά\u{ad}®°"))],
    ),
    pair_at(
        0,
        &[
            ch(lit("ΒΓΞΟ")),
            ch(mix(&[C1, BAD, SP, EP, CUR], "°")),
            ch(lit("ΒΓΞΟ")),
        ],
    ),
    pair_at(0, &[ch(lit("ā")), ch(lit("€"))]),
];

/// The number of alternatives with a pair: the length of [`PAIRS`].
// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const PAIR_COUNT: usize = {
    let mut n = 0;
    let mut rest: &[Alternative] = &ALTERNATIVES;
    while let [alternative, more @ ..] = rest {
        if alternative.pair.is_some() {
            n += 1;
        }
        rest = more;
    }
    n
};

/// For each alternative of [`ALTERNATIVES`] with a pair, in order, the two
/// adjacent positions every match of it contains: the scan's pair table.
// Built at compile time: an index out of range or a pair that is not two
// characters fails the build, so the lints against panics do not apply.
// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
#[allow(clippy::indexing_slicing, clippy::panic)]
pub(crate) const PAIRS: [(Side, Side); PAIR_COUNT] = {
    let mut out = [(lit(""), lit("")); PAIR_COUNT];
    let mut k = 0;
    let mut a = 0;
    while a < ALTERNATIVES.len() {
        if let Some(p) = ALTERNATIVES[a].pair {
            let atoms = ALTERNATIVES[a].atoms;
            match (atoms[p], atoms[p + 1]) {
                (Atom::One(left), Atom::One(right)) => out[k] = (left, right),
                _ => panic!("a pair is two characters"),
            }
            k += 1;
        }
        a += 1;
    }
    out
};

/// The pairs of [`PAIRS`] that are a whole alternative (bit `k` for
/// `PAIRS[k]`): an alternative of exactly those two characters, with no
/// regex syntax in them. Two such characters side by side are a match,
/// whatever surrounds them.
pub(crate) const WHOLE_PAIRS: u64 = {
    let mut bits = 0u64;
    let mut k = 0;
    let mut rest: &[Alternative] = &ALTERNATIVES;
    while let [alternative, more @ ..] = rest {
        if let Some(p) = alternative.pair {
            let whole = p == 0
                && match alternative.atoms {
                    [Atom::One(left), Atom::One(right)] => {
                        left.ascii.is_empty() && right.ascii.is_empty()
                    }
                    _ => false,
                };
            if whole {
                bits |= 1 << k;
            }
            k += 1;
        }
        rest = more;
    }
    bits
};

/// The most characters a match of the badness expression spans
/// (`ГўВЂВ.[A-Za-z ]`).
pub(crate) const MAX_MATCH_CHARS: usize = 7;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use regex::Regex;
    use std::sync::LazyLock;

    // ftfy's expression as regex syntax, built from the declaration.

    /// A character as a regex escape.
    fn escape(c: char) -> String {
        format!("\\x{{{:x}}}", u32::from(c))
    }

    /// Inclusive ranges as the inside of a bracketed regex class.
    fn ranges(class: Class) -> String {
        class
            .iter()
            .map(|&(lo, hi)| match lo == hi {
                true => escape(lo),
                false => format!("{}-{}", escape(lo), escape(hi)),
            })
            .collect()
    }

    /// A bracketed class made of the union of a side's classes, literal
    /// characters and ASCII ranges.
    fn side_pattern(side: &Side) -> String {
        let mut out = String::from("[");
        out.push_str(&ranges(side.ascii));
        for class in side.classes {
            out.push_str(&ranges(class));
        }
        for c in side.extra.chars() {
            out.push_str(&escape(c));
        }
        out.push(']');
        out
    }

    /// A piece of syntax as ftfy writes it (with Python's `\s` and `\w`
    /// spelled out).
    fn syntax_pattern(syntax: Syntax) -> String {
        let space = format!("[{}]", ranges(PY_SPACE));
        match syntax {
            Syntax::Start => "^".to_string(),
            Syntax::AsciiLetter => "[a-zA-Z]".to_string(),
            Syntax::AsciiLower => "[a-z]".to_string(),
            Syntax::AsciiLetterOrSpace => "[A-Za-z ]".to_string(),
            Syntax::Space => "[ ]".to_string(),
            Syntax::NotAsciiLetter => "[^A-Za-z]".to_string(),
            Syntax::NotNewline => ".".to_string(),
            Syntax::PySpace => space,
            Syntax::PySpaceOptional => format!("{space}?"),
            Syntax::PyWord => format!("[{}]", ranges(PY_WORD)),
        }
    }

    /// The alternatives of ftfy's `BADNESS_RE` as regex syntax, in its
    /// order, from [`ALTERNATIVES`].
    fn alternatives() -> Vec<String> {
        ALTERNATIVES
            .iter()
            .map(|alternative| {
                alternative
                    .atoms
                    .iter()
                    .map(|atom| match atom {
                        Atom::One(side) => side_pattern(side),
                        Atom::Syntax(syntax) => syntax_pattern(*syntax),
                    })
                    .collect()
            })
            .collect()
    }

    /// The alternatives of ftfy's `BADNESS_RE`, in its order, joined.
    fn badness_pattern() -> String {
        alternatives().join("|")
    }

    /// ftfy's `BADNESS_RE`, compiled by the `regex` crate: the oracle the
    /// matcher is checked against.
    pub(crate) static BADNESS_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&badness_pattern())
            .expect("ftfy's badness expression compiles (pattern_compiles)")
    });

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
        // Python's `\s` and `\w` beyond ASCII, and what they leave out.
        set.extend("\u{3000}\u{2003}\u{1c}\u{1b}中_\u{301}‿".chars());
        set
    }

    /// `src/tables/python_word.rs`: `[\p{L}\p{N}_]` as code point ranges,
    /// read from the regex crate's general categories (a dev-dependency
    /// feature).
    #[test]
    fn python_word_class() {
        let category = Regex::new(r"^[\p{L}\p{N}_]$").expect("a class of general categories");
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            if !category.is_match(c.encode_utf8(&mut [0; 4])) {
                continue;
            }
            let cp = u32::from(c);
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == cp => *end = cp,
                _ => ranges.push((cp, cp)),
            }
        }
        let mut table = String::new();
        for (start, end) in ranges {
            table += &format!("    ('\\u{{{start:x}}}', '\\u{{{end:x}}}'),\n");
        }
        let source = format!(
            "//! Generated by `badness::expression::tests::python_word_class`; do not edit.\n\
             /// Python's `\\w` on `str`: letters (L*), numbers (N*) and `_`, as\n\
             /// inclusive ranges in order.\n\
             pub(crate) const PY_WORD: &[(char, char)] = &[\n{table}];\n"
        );
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tables/python_word.rs");
        if std::env::var_os("REGENERATE_TABLES").is_some_and(|v| v == "1") {
            std::fs::write(&path, &source).expect("src/tables is writable");
            return;
        }
        assert!(
            std::fs::read_to_string(&path).expect("the table is checked in") == source,
            "src/tables/python_word.rs is stale; regenerate it with \
             `REGENERATE_TABLES=1 cargo test --lib badness::expression::tests::python_word_class`"
        );
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let python = category.is_match(c.encode_utf8(&mut [0; 4]));
            assert_eq!(Syntax::PyWord.matches(c), python, "{c:?}");
        }
        let word = Regex::new(&format!("^{}$", syntax_pattern(Syntax::PyWord)))
            .expect("the class compiles");
        for (c, python) in [
            ('a', true),
            ('²', true),
            ('½', true),
            ('Ⅻ', true),
            ('_', true),
            ('\u{301}', false),
            ('‿', false),
            (' ', false),
        ] {
            assert_eq!(word.is_match(c.encode_utf8(&mut [0; 4])), python, "{c:?}");
        }
    }

    #[test]
    fn python_space_class() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let python = c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
            assert_eq!(Syntax::PySpace.matches(c), python, "{c:?}");
        }
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
