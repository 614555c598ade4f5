//! Word-shape evidence of mojibake, for the repairs that go beyond ftfy.
//!
//! ftfy's [`is_bad`](crate::is_bad) looks for character pairs that mojibake
//! of UTF-8 produces. Text in one single-byte code page read as another, or
//! an isolated mojibake word, often contains none of them, but its words
//! have shapes that real words do not have. A repair beyond ftfy is taken
//! only when the text shows *evidence* ([`has_anomaly`]) and the repaired
//! text shows neither evidence nor *doubt* ([`is_plausible`]).
//!
//! Evidence, counted per occurrence:
//!
//! 1. a non-ASCII symbol between two Latin, Greek or Cyrillic letters
//!    (`Coatl‡n`, `pi√π`, `mГ©dicament`), or a C1 control between two
//!    letters; dashes, middle dots, quotes and apostrophes are not evidence,
//!    and neither is `§` between ASCII letters, which styled names write
//!    for `S` (`Ma§ter`; a doubt);
//! 2. box-drawing or block characters glued to a letter (`┬┐que`);
//! 3. a run of two or more Latin, Greek or Cyrillic letters between two
//!    letters of another of those scripts (`Thιβtre`, `Thйвtre`), or one
//!    such letter between two small Latin letters (`aprθs`);
//! 4. a capital right after a small letter, one of them not ASCII
//!    (`ThÈ‚tre`, `КблзмЭсб`);
//! 5. a word of four or more letters, every one of them a Latin-1 letter
//!    U+00C0–U+00FF and at least three of them different (`Ïðèâåò`, what
//!    Cyrillic and Greek become in Windows-1252).
//!
//! Doubts: any other C1 control or ASCII control character; a character
//! outside the blocks real text uses (IPA and modifier letters, Mongolian,
//! private use, specials, `ſ`, ...); a mathematical or spacing-accent symbol
//! glued to one letter; quotes, and apostrophes that make no contraction or
//! elision (`tur’stico`, but not `don’t`, `l’eau`, `dell’arte`), between
//! letters; `§` between ASCII letters; letters of two of Latin, Greek and
//! Cyrillic side by side.
//!
//! Only words that contain a non-ASCII character are examined, so ASCII
//! text costs one pass of [`str::is_ascii`].

pub(crate) mod cjk;
pub(crate) mod legacy;
pub(crate) mod legacy_runs;
pub(crate) mod lone;
pub(crate) mod model;
pub(crate) mod verdict;

/// The scripts whose mixing inside a word is evidence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

/// The script of a letter, `None` for anything that is not a letter: one
/// lookup in [`CLASSES`] for the Basic Multilingual Plane.
fn script(c: char) -> Option<Script> {
    match class(c) & SCRIPT_MASK {
        1 => Some(Script::Latin),
        2 => Some(Script::Greek),
        3 => Some(Script::Cyrillic),
        4 => Some(Script::Other),
        _ => None,
    }
}

fn is_combining_mark(c: char) -> bool {
    class(c) & MARK != 0
}

fn is_numeric(c: char) -> bool {
    class(c) & NUMERIC != 0
}

fn common_block(c: char) -> bool {
    class(c) & COMMON != 0
}

const SCRIPT_MASK: u8 = 0b111;
const NUMERIC: u8 = 1 << 3;
const MARK: u8 = 1 << 4;
const COMMON: u8 = 1 << 5;
const LOWER: u8 = 1 << 6;
const UPPER: u8 = 1 << 7;

/// Per code point of the Basic Multilingual Plane: the script code (bits
/// 0–2) and the numeric, combining-mark and common-block flags, computed
/// from the standard library's and `unicode-normalization`'s tables (which
/// are slow to consult character by character) by [`classify`], and
/// checked in (`src/tables/plausibility_classes.bin`, kept fresh by the
/// test `generated_tables`).
static CLASSES: &[u8; 0x1_0000] = crate::tables::PLAUSIBILITY_CLASSES;

fn class(c: char) -> u8 {
    let cp = u32::from(c);
    match cp {
        0..=0xFFFF => *CLASSES
            .get(cp as usize)
            .expect("the table has an entry for every BMP code point"),
        // Emoji and pictographs: common symbols (as `classify` finds).
        0x1_F000..=0x1_FAFF => COMMON,
        _ => classify(c),
    }
}

fn classify(c: char) -> u8 {
    let script = match script_slow(c) {
        None => 0,
        Some(Script::Latin) => 1,
        Some(Script::Greek) => 2,
        Some(Script::Cyrillic) => 3,
        Some(Script::Other) => 4,
    };
    let mut class = script;
    // Digits; superscripts, fractions and number forms count as symbols.
    if c.is_numeric() && !matches!(u32::from(c), 0xB2..=0xBE | 0x2070..=0x218F) {
        class |= NUMERIC;
    }
    if unicode_normalization::char::is_combining_mark(c) {
        class |= MARK;
    }
    if common_block_slow(c) {
        class |= COMMON;
    }
    if c.is_lowercase() {
        class |= LOWER;
    }
    if c.is_uppercase() {
        class |= UPPER;
    }
    class
}

fn script_slow(c: char) -> Option<Script> {
    let cp = u32::from(c);
    let script = match cp {
        0x41..=0x5A | 0x61..=0x7A => Script::Latin,
        // ª and º are ordinal indicators here, and ƒ the florin sign, not
        // letters.
        0xAA | 0xBA | 0x192 => return None,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        // The letters of the Greek and Cyrillic blocks, spelled out: the
        // general `is_alphabetic` lookup is slow, and this runs per
        // character of every non-ASCII word.
        0x370..=0x373 | 0x376..=0x377 | 0x37B..=0x37D | 0x37F | 0x386 | 0x388..=0x3F5 => {
            Script::Greek
        }
        0x3F7..=0x3FF | 0x1F00..=0x1FBC | 0x1FC2..=0x1FCC | 0x1FD0..=0x1FDB => Script::Greek,
        0x1FE0..=0x1FEC | 0x1FF2..=0x1FFC => Script::Greek,
        0x400..=0x481 | 0x48A..=0x52F => Script::Cyrillic,
        // Common letters of other scripts, again without the slow lookup.
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Script::Other,
        0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0x5D0..=0x5EA | 0x620..=0x64A => Script::Other,
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x2BFF | 0x3000..=0x3040 => return None,
        _ if crate::chars::is_alphabetic(c) => Script::Other,
        _ => return None,
    };
    Some(script)
}

fn is_c1(c: char) -> bool {
    matches!(u32::from(c), 0x80..=0x9F)
}

/// Symbols that are at home between two letters.
fn allowed_between_letters(c: char) -> bool {
    matches!(
        c,
        '·' | '‧'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '\u{AD}'
            | '⁄'
            | '\u{200D}'
            | '\u{200C}'
            | 'ª'
            | 'º'
    )
}

/// The Catalan `l·l` (and `L·L`): the one word a middle dot belongs in.
pub(crate) fn catalan_ll(chars: &[char], i: usize) -> bool {
    let l = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|&c| matches!(c, 'l' | 'L'))
    };
    l(i.checked_sub(1)) && l(Some(i + 1))
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '‛')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '’' | 'ʼ' | '‘' | 'ʻ' | '′')
}

/// Symbols that mojibake glues to letters and real text rarely does.
fn suspicious_when_glued(c: char) -> bool {
    let cp = u32::from(c);
    matches!(cp, 0x2200..=0x22FF)
        || matches!(
            c,
            '×' | '÷'
                | '¸'
                | '¨'
                | '¯'
                | '´'
                | '¬'
                | '¦'
                | '¤'
                | '†'
                | '‡'
                | '‰'
                | 'ƒ'
                | 'ˆ'
                | '˜'
                | '˙'
                | '˚'
                | '˛'
                | '˝'
                | 'ˇ'
                | '˘'
                | '¶'
                | '§'
        )
}

/// Words that end in an elided vowel before an apostrophe (`dell’`,
/// `jusqu’`), beyond the one- and two-letter ones.
const ELISIONS: [&str; 24] = [
    "dell", "dall", "nell", "sull", "coll", "quell", "bell", "sant", "tutt", "quest", "nessun",
    "ciascun", "buon", "grand", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu",
    "aujourd", "entr", "prud", "mezz",
];

/// Whether an apostrophe between `before` and `after` (the letters on each
/// side within the word) reads as a contraction or an elision.
fn contraction(before: &[char], after: &[char]) -> bool {
    if before.len() <= 2 || after.len() <= 2 {
        return true;
    }
    let word: String = before.iter().flat_map(|c| c.to_lowercase()).collect();
    ELISIONS.contains(&word.as_str())
}

/// What the words of a text show: evidence of mojibake, and doubts that
/// rule a text out as the result of a repair.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Shapes {
    /// Shapes real words do not have (the module docs' list, 1 to 4).
    pub(crate) evidence: usize,
    /// Words of four or more Latin-1 letters (shape 5): what Cyrillic and
    /// Greek become in Windows-1252, but also the odd real word (`ÅÅÅÅ`).
    pub(crate) latin1_words: usize,
    /// Weaker signs: any C1 control; a character outside the blocks real
    /// text uses; a symbol glued to one letter; letters of two of Latin,
    /// Greek and Cyrillic side by side.
    pub(crate) doubts: usize,
}

impl Shapes {
    fn add(&mut self, other: Shapes) {
        self.evidence += other.evidence;
        self.latin1_words += other.latin1_words;
        self.doubts += other.doubts;
    }
}

/// The shapes of every word of `text` that contains a non-ASCII character.
pub(crate) fn shapes(text: &str) -> Shapes {
    let mut total = Shapes::default();
    let mut buf = Vec::new();
    for word in non_ascii_words(text) {
        total.add(word_shapes(word, &mut buf));
    }
    total
}

/// Counts the evidence of `text` (see the module docs).
pub(crate) fn anomalies(text: &str) -> usize {
    let shapes = shapes(text);
    shapes.evidence + shapes.latin1_words
}

/// Whether `text` shows evidence of mojibake: the word shapes of
/// [`has_word_anomaly`], or a lone UTF-8 sequence read as cp437 or
/// Windows-1252 whose character has the shape of one that belongs where it
/// stands ([`lone::may_hold_lone_sequence`]).
/// Never on a line that [`line_is_plain`] passes, which the scan's
/// pre-test relies on.
pub(crate) fn has_anomaly(text: &str) -> bool {
    if line_is_plain(text) {
        return false;
    }
    word_anomaly(text) || lone::may_hold_lone_sequence(text)
}

/// Whether `text` shows word-shape evidence of mojibake (the module docs);
/// stops at the first word that does. The gate of the mixed-line,
/// isolated-word and single-byte repairs.
pub(crate) fn has_word_anomaly(text: &str) -> bool {
    !line_is_plain(text) && word_anomaly(text)
}

/// [`has_word_anomaly`] without the shortcut.
fn word_anomaly(text: &str) -> bool {
    let mut buf = Vec::new();
    non_ascii_words(text).any(|word| {
        let shapes = word_shapes(word, &mut buf);
        shapes.evidence > 0 || shapes.latin1_words > 0
    })
}

/// The evidence of `text` for the single-byte repairs: how many of shapes
/// 1 to 4 it shows, and the share of Latin-1 letters (U+00C0–U+00FF) among
/// the letters of its non-ASCII words when it has words of shape 5.
pub(crate) fn single_byte_evidence(text: &str) -> (usize, f64) {
    let mut buf = Vec::new();
    let (mut shapes, mut latin1, mut letters) = (Shapes::default(), 0usize, 0usize);
    for word in non_ascii_words(text) {
        shapes.add(word_shapes(word, &mut buf));
        for c in word.chars().filter(|&c| script(c).is_some()) {
            letters += 1;
            latin1 +=
                usize::from(matches!(u32::from(c), 0xC0..=0xFF) && c != '\u{D7}' && c != '\u{F7}');
        }
    }
    let share = if shapes.latin1_words > 0 && letters > 0 {
        latin1 as f64 / letters as f64
    } else {
        0.0
    };
    (shapes.evidence, share)
}

/// Whether `text` is acceptable as the result of a repair beyond ftfy:
/// neither evidence nor doubts.
pub(crate) fn is_plausible(text: &str) -> bool {
    let mut buf = Vec::new();
    non_ascii_words(text).all(|word| word_shapes(word, &mut buf) == Shapes::default())
}

/// The whitespace-delimited words of `text` that contain a non-ASCII
/// character. ASCII stretches are skipped byte by byte, without decoding.
fn non_ascii_words(text: &str) -> NonAsciiWords<'_> {
    NonAsciiWords { text, pos: 0 }
}

struct NonAsciiWords<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for NonAsciiWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        loop {
            let rest = bytes
                .get(self.pos..)
                .expect("`pos` never passes the end of the text");
            // No non-ASCII byte left: no word left.
            let at = self.pos + rest.iter().position(|&b| b >= 0x80)?;
            let before = bytes.get(self.pos..at).expect("`at` was found after `pos`");
            let start = before
                .iter()
                .rposition(|&b| b.is_ascii_whitespace() || b == 0x0B)
                .map_or(self.pos, |k| self.pos + k + 1);
            let tail = self
                .text
                .get(at..)
                .expect("a non-ASCII byte after ASCII starts a character");
            let end = tail
                .char_indices()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(self.text.len(), |(k, _)| at + k);
            if end == at {
                // The non-ASCII character is itself a space (U+00A0, ...).
                let width = tail.chars().next().map_or(1, char::len_utf8);
                self.pos = at + width;
                continue;
            }
            self.pos = end;
            return Some(self.text.get(start..end).expect(
                "both ends are character boundaries: after ASCII whitespace, at `pos`, or at a space",
            ));
        }
    }
}

/// Characters outside these blocks cast doubt on a repair: they are what
/// wrong decodings produce (IPA and modifier letters, Mongolian, Khmer
/// symbols, phonetic extensions, private use, specials, ...).
fn common_block_slow(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00A0..=0x017E
            | 0x018F
            | 0x0192
            | 0x01A0..=0x01A1
            | 0x01AF..=0x01B0
            | 0x01C4..=0x01DC
            | 0x01E6..=0x01E7
            | 0x01EA..=0x01EB
            | 0x0218..=0x021B
            | 0x0259
            | 0x02BB..=0x02BC
            | 0x0300..=0x036F
            | 0x0370..=0x03FF
            | 0x0400..=0x04FF
            | 0x0530..=0x05FF
            | 0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x0900..=0x0DFF
            | 0x0E00..=0x0FFF
            | 0x1000..=0x109F
            | 0x10A0..=0x10FF
            | 0x1100..=0x11FF
            | 0x1200..=0x139F
            | 0x13A0..=0x13FF
            | 0x1400..=0x167F
            | 0x1780..=0x17FF
            | 0x1E00..=0x1FFF
            | 0x2000..=0x206F
            | 0x2070..=0x21FF
            | 0x2200..=0x27BF
            | 0x2E80..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFFEF
            | 0x1_F000..=0x1_FAFF
            | 0x2_0000..=0x3_FFFF
    )
}

/// Whether ftfy's reading of the C1 controls in `text` (each as its
/// Windows-1252 character) is wrong: a byte Windows-1252 leaves undefined
/// next to a letter, or a symbol between two letters that is neither a dash nor an apostrophe
/// of a contraction, or two dashes between letters (`contrase–a`, where a
/// Mac Roman `ñ` became byte 96). Characters that are letters in the
/// Windows-1252 reading count for it.
pub(crate) fn c1_reading_is_wrong(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let is_letter = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&c| script(c).is_some())
    };
    let (mut wrong, mut dashes) = (0usize, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        if !is_c1(c) {
            continue;
        }
        let Some(read) = u8::try_from(u32::from(c))
            .ok()
            .and_then(|b| crate::codecs::decode_byte(b, crate::codecs::Codec::Windows1252))
        else {
            if is_letter(i.checked_sub(1)) || is_letter(Some(i + 1)) {
                wrong += 1;
            }
            continue;
        };
        if script(read).is_some() || !(is_letter(i.checked_sub(1)) && is_letter(Some(i + 1))) {
            continue;
        }
        if matches!(read, '–' | '—') {
            dashes += 1;
        } else if !(is_apostrophe(read)
            && contraction(&letters_before(&chars, i), &letters_after(&chars, i)))
        {
            wrong += 1;
        }
    }
    wrong >= 1 || dashes >= 2
}

/// Punctuation that is never evidence wherever it stands (at most a doubt):
/// apostrophes, quotes, dashes, middle dots, ordinal indicators, the
/// replacement character, ellipsis and the no-break space.
fn never_evidence(c: char) -> bool {
    is_apostrophe(c)
        || is_quote(c)
        || matches!(
            c,
            '–' | '—' | '‐' | '‑' | '·' | 'ª' | 'º' | '\u{FFFD}' | '…' | '\u{A0}' | '\u{AD}'
        )
}

/// The letter flags of `c` (script code, small, capital), `None` for a
/// character that is not a letter.
fn letter_flags(c: char) -> Option<(u8, bool, bool)> {
    if c.is_ascii() {
        return c
            .is_ascii_alphabetic()
            .then(|| (1, c.is_ascii_lowercase(), c.is_ascii_uppercase()));
    }
    let class = class(c);
    let script = class & SCRIPT_MASK;
    (script != 0 && class & MARK == 0).then_some((script, class & LOWER != 0, class & UPPER != 0))
}

/// [`has_anomaly`]'s shortcut for whole lines, in one pass without splitting
/// into words: letters of one script per run, no small-to-capital step
/// involving a non-ASCII letter, no run of four Latin-1 letters, and any
/// other non-ASCII character either a digit, a combining mark, punctuation
/// that is never evidence, or a symbol not between two letters and not box
/// drawing next to one. `true` means no evidence; `false` only means "look
/// closer".
pub(crate) fn line_is_plain(text: &str) -> bool {
    let mut line = PlainLine::new();
    text.chars().all(|c| line.step(plain_code(c))) && line.finish()
}

/// The per-character input of [`PlainLine`]: one byte, from [`PLAIN`].
///
/// For a letter (not a combining mark): bits 0–2 the script code (1 to 4),
/// [`P_LOWER`], [`P_UPPER`], [`P_LATIN1`] (U+00C0–U+00FF) and [`P_ASCII`].
/// For anything else the script bits are 0 and bits 3–5 say what it is.
pub(crate) type PlainCode = u8;

const P_LOWER: u8 = 1 << 3;
const P_UPPER: u8 = 1 << 4;
const P_LATIN1: u8 = 1 << 5;
const P_ASCII: u8 = 1 << 6;
/// Non-letters: a character that only ends a run of letters (ASCII, digits,
/// punctuation that is never evidence).
const P_INERT: u8 = 0;
/// A symbol: evidence when it stands between two letters.
const P_SYMBOL: u8 = 1 << 3;
/// Box drawing: evidence next to any letter.
const P_BOX: u8 = 2 << 3;
/// A C1 control: always "look closer".
const P_C1: u8 = 3 << 3;
/// A combining mark: skipped.
const P_MARK: u8 = 4 << 3;
const P_KIND: u8 = 7 << 3;
/// Any character, letter or not: one of the ranges of
/// [`plain_cjk_lead`].
const P_CJK: u8 = 1 << 7;

/// [`PlainLine::pending`] values.
const PENDING_ALPHABET: u8 = 1;
const PENDING_ANY: u8 = 2;

// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
/// What a [`PlainCode`] says, spelled out.
pub(crate) struct PlainInfo {
    /// The script code (1 Latin, 2 Greek, 3 Cyrillic, 4 other) of a letter.
    pub(crate) script: Option<u8>,
    pub(crate) lower: bool,
    pub(crate) upper: bool,
    /// A letter of U+00C0–U+00FF.
    pub(crate) latin1: bool,
    /// A symbol that is evidence between two letters.
    pub(crate) symbol: bool,
    pub(crate) box_drawing: bool,
    /// A combining mark, which the shortcut looks through.
    pub(crate) mark: bool,
    pub(crate) cjk_lead: bool,
}

// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
/// [`PlainInfo`] of a code.
pub(crate) fn plain_code_info(code: PlainCode) -> PlainInfo {
    let script = code & SCRIPT_MASK;
    let kind = code & P_KIND;
    let letter = script != 0;
    PlainInfo {
        script: letter.then_some(script),
        lower: letter && code & P_LOWER != 0,
        upper: letter && code & P_UPPER != 0,
        latin1: letter && code & P_LATIN1 != 0,
        symbol: !letter && kind == P_SYMBOL,
        box_drawing: !letter && kind == P_BOX,
        mark: !letter && kind == P_MARK,
        cjk_lead: code & P_CJK != 0,
    }
}

/// [`PlainCode`]s of the Basic Multilingual Plane, computed by
/// [`plain_code_slow`] and checked in (`src/tables/plain_codes.bin`, kept
/// fresh by the test `generated_tables`).
static PLAIN: &[u8; 0x1_0000] = crate::tables::PLAIN_CODES;

/// The [`PlainCode`] of `c`.
#[inline]
pub(crate) fn plain_code(c: char) -> PlainCode {
    plain_code_of(u32::from(c))
}

/// The [`PlainCode`] of the code point `cp` (of a `char`).
#[inline(always)]
pub(crate) fn plain_code_of(cp: u32) -> PlainCode {
    match u16::try_from(cp) {
        Ok(cp) => *PLAIN
            .get(usize::from(cp))
            .expect("the table has an entry for every BMP code point"),
        Err(_) => char::from_u32(cp).map_or(P_INERT, plain_code_slow),
    }
}

fn plain_code_slow(c: char) -> PlainCode {
    let cjk = matches!(
        u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF61..=0xFF9F
    );
    plain_code_base(c) | if cjk { P_CJK } else { 0 }
}

fn plain_code_base(c: char) -> PlainCode {
    if !c.is_ascii() && class(c) & MARK != 0 {
        return P_MARK;
    }
    if let Some((script, lower, upper)) = letter_flags(c) {
        let mut code = script;
        for (flag, bit) in [
            (lower, P_LOWER),
            (upper, P_UPPER),
            (matches!(u32::from(c), 0xC0..=0xFF), P_LATIN1),
            (c.is_ascii(), P_ASCII),
        ] {
            if flag {
                code |= bit;
            }
        }
        return code;
    }
    if c.is_ascii() || never_evidence(c) || class(c) & NUMERIC != 0 {
        P_INERT
    } else if is_c1(c) {
        P_C1
    } else if is_box_drawing(c) {
        P_BOX
    } else {
        P_SYMBOL
    }
}

/// The state of the one pass of [`line_is_plain`] and [`plain_word`], fed
/// one [`PlainCode`] at a time. (The scan, `crate::scan`, runs a looser form of the same test
/// inside its own pass: adjacent pairs, see its `shape` bits.)
#[derive(Clone, Copy)]
pub(crate) struct PlainLine {
    /// The code of the letter before, 0 when the character before was not
    /// a letter (combining marks are skipped).
    prev: u8,
    /// Latin-1 letters in the current run, and whether it has only those.
    latin1_run: u8,
    all_latin1: bool,
    /// What the last character (a symbol) makes of a letter next:
    /// [`PENDING_ALPHABET`] after a symbol that follows a Latin, Greek or
    /// Cyrillic letter, where one of those letters next means evidence;
    /// [`PENDING_ANY`] after box drawing, where any letter next does.
    pending: u8,
}

impl PlainLine {
    pub(crate) const fn new() -> Self {
        PlainLine {
            prev: 0,
            latin1_run: 0,
            all_latin1: true,
            pending: 0,
        }
    }

    /// One more character; `false` means "look closer".
    #[inline(always)]
    pub(crate) fn step(&mut self, code: PlainCode) -> bool {
        if code & SCRIPT_MASK != 0 {
            self.letter(code)
        } else {
            self.non_letter(code)
        }
    }

    /// A letter: evidence when it follows a symbol that waits for one, a
    /// letter of another script, or (one of the two not ASCII) a small
    /// letter when it is a capital. Branch-free: most characters of most
    /// text are letters.
    #[inline(always)]
    fn letter(&mut self, code: PlainCode) -> bool {
        let prev = self.prev;
        let other_script = (prev ^ code) & SCRIPT_MASK != 0;
        let case_step =
            (prev & P_LOWER != 0) & (code & P_UPPER != 0) & (prev & code & P_ASCII == 0);
        let waited_for = self.pending >= PENDING_ALPHABET + u8::from(code & SCRIPT_MASK == 4);
        let latin1 = code & P_LATIN1 != 0;
        self.latin1_run = self.latin1_run.saturating_add(u8::from(latin1));
        self.all_latin1 &= latin1;
        self.prev = code;
        self.pending = 0;
        !(waited_for | ((prev != 0) & (other_script | case_step)))
    }

    /// Anything but a letter: ends the run of letters.
    #[inline(always)]
    fn non_letter(&mut self, code: PlainCode) -> bool {
        let kind = code & P_KIND;
        if kind == P_MARK {
            return true;
        }
        let before = self.prev != 0;
        self.pending = match kind {
            P_INERT => 0,
            // Only a symbol between two letters of the alphabets mojibake
            // mixes up is evidence; CJK text puts punctuation between its
            // letters.
            P_SYMBOL if self.prev & SCRIPT_MASK < 4 && before => PENDING_ALPHABET,
            P_SYMBOL => 0,
            P_BOX if !before => PENDING_ANY,
            _ => return false,
        };
        self.end_run()
    }

    /// The end of a run of letters: `false` when it was four or more
    /// Latin-1 letters.
    #[inline(always)]
    fn end_run(&mut self) -> bool {
        let fine = self.finish();
        self.prev = 0;
        self.latin1_run = 0;
        self.all_latin1 = true;
        fine
    }

    /// The end of the text: `false` when the last run was four or more
    /// Latin-1 letters.
    #[inline(always)]
    pub(crate) fn finish(&self) -> bool {
        !(self.all_latin1 && self.latin1_run >= 4)
    }
}

/// The common case in one pass, without decoding into a buffer: a word
/// whose non-ASCII characters are letters of common blocks, with ASCII
/// punctuation or digits between runs of letters of a single script, no
/// small-to-capital step involving a non-ASCII letter, and no run of four
/// Latin-1 letters. Such a word has neither evidence nor doubt; `false`
/// only means "look closer".
fn plain_word(word: &str) -> bool {
    let mut line = PlainLine::new();
    for c in word.chars() {
        if c.is_ascii_control() || (!c.is_ascii() && class(c) & (COMMON | MARK) != COMMON) {
            return false;
        }
        let code = plain_code(c);
        // Only ASCII punctuation and digits may stand between runs.
        if code & SCRIPT_MASK == 0 && !c.is_ascii() {
            return false;
        }
        if !line.step(code) {
            return false;
        }
    }
    line.finish()
}

/// The shapes of one whitespace-delimited word.
fn word_shapes(word: &str, chars: &mut Vec<char>) -> Shapes {
    if plain_word(word) {
        return Shapes::default();
    }
    chars.clear();
    // At most a character a byte: one allocation, not one per doubling.
    chars.reserve(word.len());
    chars.extend(word.chars());
    full_word_shapes(chars)
}

/// The shapes of one word, decoded into `chars`.
fn full_word_shapes(chars: &[char]) -> Shapes {
    let mut found = Shapes::default();
    // The letter on each side, skipping combining marks.
    let prev_letter = |i: usize| -> Option<Script> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            let c = *chars.get(j).expect("`j` is below `i`, an index of `chars`");
            if !is_combining_mark(c) {
                return script(c);
            }
        }
        None
    };
    let next_letter = |i: usize| -> Option<Script> {
        let mut j = i + 1;
        while let Some(&c) = chars.get(j) {
            if !is_combining_mark(c) {
                return script(c);
            }
            j += 1;
        }
        None
    };
    let small = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_lowercase())
    };
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            if c.is_ascii_control() {
                found.doubts += 1;
            }
            continue;
        }
        if !common_block(c) {
            found.doubts += 1;
        }
        let letter = script(c).is_some();
        if letter || is_numeric(c) || is_combining_mark(c) {
            continue;
        }
        let before = prev_letter(i);
        let after = next_letter(i);
        let between = before.is_some() && after.is_some();
        // Between letters of the alphabets mojibake mixes up; CJK text puts
        // its punctuation between letters.
        let between_alphabets = before.is_some_and(mixable) && after.is_some_and(mixable);
        if is_c1(c) {
            if between {
                found.evidence += 1;
            } else {
                found.doubts += 1;
            }
        } else if is_box_drawing(c) {
            if before.is_some() || after.is_some() {
                found.evidence += 1;
            }
        } else if c == '\u{FFFD}' {
            // The honest mark of a lost character, not a shape.
        } else if between_alphabets {
            if is_apostrophe(c) {
                // Apostrophes stand inside words of many languages
                // (`Sac’het`, `Nuku’alofa`): a doubt, never evidence.
                let latin = before == Some(Script::Latin) && after == Some(Script::Latin);
                if latin && !contraction(&letters_before(chars, i), &letters_after(chars, i)) {
                    found.doubts += 1;
                }
            } else if is_quote(c) {
                found.doubts += 1;
            } else if c == '§' && ascii_letters_around(chars, i) {
                // Styled names write `§` for `S` (`Ma§ter`, `Gho§t`): a
                // doubt, not evidence, though German `ß` in Mac Roman read
                // as Windows-1252 has the same shape (`Stra§e`).
                found.doubts += 1;
            } else if !allowed_between_letters(c) {
                found.evidence += 1;
            } else if c == '·' && !catalan_ll(chars, i) {
                // A middle dot between letters is Catalan's `l·l`, a visible
                // space (`Missing·argument`), or `á` read as Mac Roman
                // (`m·s`): a doubt, never evidence.
                found.doubts += 1;
            } else if matches!(c, '–' | '—') && small(i.checked_sub(1)) && small(Some(i + 1)) {
                // `hist—rico`: a dash inside a word of small letters.
                found.doubts += 1;
            }
        } else if (before.is_some() || after.is_some()) && suspicious_when_glued(c) {
            found.doubts += 1;
        }
    }
    found.add(letter_run_shapes(chars));
    found
}

/// Whether the characters on each side of `chars[i]` are ASCII letters.
fn ascii_letters_around(chars: &[char], i: usize) -> bool {
    let ascii_letter = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(char::is_ascii_alphabetic)
    };
    ascii_letter(i.checked_sub(1)) && ascii_letter(Some(i + 1))
}

fn is_box_drawing(c: char) -> bool {
    matches!(u32::from(c), 0x2500..=0x259F)
}

fn letters_before(chars: &[char], i: usize) -> Vec<char> {
    let mut out: Vec<char> = chars
        .get(..i)
        .expect("`i` is an index of `chars`")
        .iter()
        .rev()
        .take_while(|&&c| script(c).is_some())
        .copied()
        .collect();
    out.reverse();
    out
}

fn letters_after(chars: &[char], i: usize) -> Vec<char> {
    chars
        .get(i + 1..)
        .expect("`i` is an index of `chars`")
        .iter()
        .take_while(|&&c| script(c).is_some())
        .copied()
        .collect()
}

/// Shapes 4, 5 and 6 and the mixed-script doubt, over each maximal run of
/// letters (combining marks belong to the letter before them).
fn letter_run_shapes(chars: &[char]) -> Shapes {
    let mut found = Shapes::default();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).and_then(|&c| script(c)).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while let Some(&c) = chars.get(i) {
            if script(c).is_some() || (i > start && is_combining_mark(c)) {
                i += 1;
            } else {
                break;
            }
        }
        let run = chars.get(start..i).expect("`start` <= `i` <= the length");
        if run.iter().any(|&c| is_combining_mark(c)) {
            let letters: Vec<char> = run
                .iter()
                .copied()
                .filter(|&c| !is_combining_mark(c))
                .collect();
            found.add(run_shapes(&letters));
        } else {
            found.add(run_shapes(run));
        }
    }
    found
}

/// The lowercase prefixes Irish puts before a capital (`hÉireann`,
/// `tÚSÁIDEOIR`, `bhFrainc`, `gCorcaigh`).
fn irish_prefix(letters: &[char]) -> bool {
    matches!(
        letters,
        ['h' | 'n' | 't' | 'b' | 'm' | 'g' | 'd']
            | ['b', 'h']
            | ['d', 't']
            | ['g', 'c']
            | ['m', 'b']
            | ['n', 'g']
    )
}

fn distinct_at_least_3(run: &[char]) -> bool {
    let mut seen: [Option<char>; 3] = [None; 3];
    for &c in run {
        if seen.contains(&Some(c)) {
            continue;
        }
        match seen.iter().position(Option::is_none) {
            Some(slot) => {
                *seen.get_mut(slot).expect("a position in `seen`") = Some(c);
                if slot == 2 {
                    return true;
                }
            }
            None => return true,
        }
    }
    false
}

fn mixable(script: Script) -> bool {
    matches!(script, Script::Latin | Script::Greek | Script::Cyrillic)
}

/// The ASCII letter a Cyrillic or Greek letter looks like, if any.
fn ascii_twin(c: char) -> Option<char> {
    let twin = match c {
        // Small Cyrillic letters drawn like ASCII ones.
        'а' => 'a',
        'е' => 'e',
        'і' => 'i',
        'ј' => 'j',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' | 'ү' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'һ' => 'h',
        'ӏ' => 'l',
        // Capital Cyrillic letters.
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Small Greek letters.
        'α' => 'a',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'υ' => 'u',
        'χ' => 'x',
        // Capital Greek letters.
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    };
    Some(twin)
}

/// Cyrillic and Greek letters that look like ASCII letters.
fn looks_like_ascii(c: char) -> bool {
    ascii_twin(c).is_some()
}

/// Whether `run[k..end]` is one small Cyrillic letter that looks like no
/// ASCII letter, glued into a Latin word: first and before a small letter
/// (`дr`), after a capital that starts the word and before a small letter
/// (`Nшglen`, `Mтde`), or after three small letters or more at its end
/// (`Braziliл`; after two it is as often a unit beside a format code or a
/// number, `%liм`, `jaн00`). No keyboard layout types it there, while
/// Windows-1252 read as Windows-1251 makes it of every accented letter.
/// (Between two small letters it is shape 3 already; a look-alike, `viсs`,
/// is typed there.)
fn lone_cyrillic_in_latin(run: &[char], k: usize, end: usize) -> bool {
    let small_latin = |i: Option<usize>| {
        i.and_then(|i| run.get(i))
            .is_some_and(|&c| c.is_lowercase() && script(c) == Some(Script::Latin))
    };
    let latin = |i: Option<usize>| {
        i.and_then(|i| run.get(i))
            .is_some_and(|&c| script(c) == Some(Script::Latin))
    };
    let Some(&c) = run.get(k) else {
        return false;
    };
    if end != k + 1
        || script(c) != Some(Script::Cyrillic)
        || !c.is_lowercase()
        || looks_like_ascii(c)
    {
        return false;
    }
    let first = k == 0 && small_latin(Some(end));
    let capital_first = k == 1 && latin(Some(0)) && small_latin(Some(end));
    let at_end = end == run.len()
        && small_latin(k.checked_sub(1))
        && small_latin(k.checked_sub(2))
        && small_latin(k.checked_sub(3));
    first || capital_first || at_end
}

fn run_shapes(run: &[char]) -> Shapes {
    let mut found = Shapes::default();
    // 5: four or more letters, all Latin-1 letters, at least three of them
    // different (`ÅÅÅÅ` and `ÃÃÃÃ` are not words of any alphabet).
    if run.len() >= 4
        && run.iter().all(|&c| matches!(u32::from(c), 0xC0..=0xFF))
        && distinct_at_least_3(run)
    {
        found.latin1_words += 1;
    }
    // 4: a capital right after a small letter, one of them not ASCII.
    if run.iter().all(char::is_ascii) {
        return found;
    }
    for (k, pair) in run.windows(2).enumerate() {
        if let [a, b] = pair {
            let irish =
                k < 2 && irish_prefix(run.get(..=k).expect("`k` starts a window of the run"));
            if a.is_lowercase() && b.is_uppercase() && !(a.is_ascii() && b.is_ascii()) && !irish {
                found.evidence += 1;
            }
        }
    }
    // 3: two or more letters of one script between letters of another, or
    // one Greek or Cyrillic letter between two small Latin letters
    // (`aprθs`, `memтria`); any mixing of scripts is a doubt.
    let first = run.first().and_then(|&c| script(c));
    if run.iter().all(|&c| script(c) == first) {
        return found;
    }
    let scripts: Vec<Script> = run.iter().filter_map(|&c| script(c)).collect();
    let mut k = 0;
    while let Some(&s) = scripts.get(k) {
        let mut end = k;
        while scripts.get(end) == Some(&s) {
            end += 1;
        }
        if let Some(&next) = scripts.get(end) {
            if mixable(s) && mixable(next) {
                found.doubts += 1;
            }
        }
        if k > 0 {
            if let (Some(&before), Some(&after)) = (scripts.get(k - 1), scripts.get(end)) {
                let sandwiched = before == after && before != s && mixable(before) && mixable(s);
                let small_latin_sides = before == Script::Latin
                    && run.get(k - 1).is_some_and(|c| c.is_lowercase())
                    && run.get(end).is_some_and(|c| c.is_lowercase());
                // Counted twice: the strongest shape (`Thιβtre`, `aprθs`).
                if sandwiched && (end - k >= 2 || small_latin_sides) {
                    found.evidence += 2;
                    k = end;
                    continue;
                }
            }
        }
        if lone_cyrillic_in_latin(run, k, end) {
            found.evidence += 1;
        }
        k = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in tables of `src/tables/` that this module reads are
    /// what [`classify`] and [`plain_code_slow`] give; with
    /// `REGENERATE_TABLES=1` this test writes them. The plain codes read
    /// the classes through the checked-in table, so after a change to
    /// `classify` run it twice (the check then fails until the second run).
    #[test]
    fn generated_tables() {
        let classes = crate::bmp::build(|cp| char::from_u32(cp).map_or(0, classify));
        let plain = crate::bmp::build(|cp| char::from_u32(cp).map_or(P_INERT, plain_code_slow));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tables");
        if std::env::var_os("REGENERATE_TABLES").is_some_and(|v| v == "1") {
            std::fs::write(dir.join("plausibility_classes.bin"), &classes).unwrap();
            std::fs::write(dir.join("plain_codes.bin"), &plain).unwrap();
            return;
        }
        let stale = "is stale; regenerate it with \
            `REGENERATE_TABLES=1 cargo test --lib plausibility::tests::generated_tables`";
        assert!(
            classes == CLASSES[..],
            "src/tables/plausibility_classes.bin {stale}"
        );
        assert!(plain == PLAIN[..], "src/tables/plain_codes.bin {stale}");
    }

    #[test]
    fn clean_words_have_no_anomaly() {
        for text in [
            "plain ASCII",
            "Привет, мир! Καλημέρα κόσμε.",
            "café, naïve, Ærøskøbing, straße, ĳssel",
            "don’t, l’eau, dell’arte, aujourd’hui, O’Brien, rock’n’roll",
            "Hawai‘i, c’hoari, ʻokina",
            "SÃO PAULO, ÂNGELO, ÎNTÂLNIRE, JOÃO",
            "İSTANBUL, ŞİŞLİ, Ñandú, ¿Qué? ¡Sí!",
            "€ 12,50 · £5 · ¥300 · 25°C · m² · 1ª · Nº 5",
            "∑ ≤ ≥ ± × ÷ √ ∞ ∂ a × b",
            "┌──┐ │ ok │ └──┘ ├── src",
            "tur’stico is only doubtful",
            "ÃÃÃÃÃÃ ÅÅÅÅ-MM-DD",
            "Paris–Berlin, a—b, l·l, IFNγ, TNFα, μmol, Δx",
            "комп’ютер, м’ясо, сім’я",
            "你好，世界。こんにちは。안녕하세요.",
            "Người Việt, Þórður, Dvořák, Łódź",
            "😀👍🏽👨‍👩‍👧 🇫🇷",
            "Ma§ter, Gho§t, Ice§torm, Art.§5, §§ 12-14",
        ] {
            assert_eq!(anomalies(text), 0, "{text}");
        }
    }

    #[test]
    fn section_sign_for_s_is_a_doubt_not_evidence() {
        // Styled names write `§` for `S`; German `ß` in Mac Roman read as
        // Windows-1252 has the shape too, and needs other evidence.
        for name in [
            "Ma§ter",
            "Gho§t",
            "Ice§torm",
            "Stra§e",
            "Die Stra§e ist gro§",
        ] {
            assert!(!has_word_anomaly(name), "{name}");
            assert!(!is_plausible(name), "{name}");
            assert_eq!(crate::fix_text(name), name);
        }
        assert_eq!(
            crate::fix_text("Die Stra§e fŸr die Bšrse"),
            "Die Straße für die Börse"
        );
    }

    proptest::proptest! {
        /// The one-pass shortcut only ever answers for words the full
        /// analysis finds nothing in.
        #[test]
        fn plain_words_have_no_shapes(word in "[a-zA-Z.,'0-9\u{c0}-\u{ff}\u{80}-\u{9f}\u{391}-\u{3c9}\u{410}-\u{44f}\u{2018}-\u{201e}\u{2500}-\u{2503}\u{300}\u{4e00}-\u{4e09}\u{ff61}]{1,8}") {
            if plain_word(&word) {
                let mut buf = Vec::new();
                chars_shapes_agree(&word, &mut buf);
            }
        }
    }

    proptest::proptest! {
        /// The line shortcut only answers for lines without evidence.
        #[test]
        fn plain_lines_have_no_evidence(line in "[a-zA-Z .,'0-9\u{3001}\u{3002}\u{3041}-\u{3045}\u{30fb}\u{ac00}\u{5d0}\u{c0}-\u{ff}\u{80}-\u{9f}\u{391}-\u{3c9}\u{410}-\u{44f}\u{2018}-\u{201e}\u{2013}\u{2014}\u{2500}-\u{2503}\u{300}\u{4e00}-\u{4e09}\u{ff61}\u{a0}\u{b7}\u{aa}\u{b2}\u{1f600}\u{2020}\u{2021}]{1,12}") {
            if line_is_plain(&line) {
                proptest::prop_assert_eq!(anomalies(&line), 0, "{:?}", line);
            }
        }
    }

    fn chars_shapes_agree(word: &str, buf: &mut Vec<char>) {
        buf.clear();
        buf.extend(word.chars());
        assert_eq!(full_word_shapes(buf), Shapes::default(), "{word:?}");
    }

    #[test]
    fn tables_are_uniform_where_built_once() {
        crate::bmp::uniform_under(|cp| char::from_u32(cp).map(classify));
        crate::bmp::uniform_under(|cp| char::from_u32(cp).map(plain_code_slow));
    }

    #[test]
    fn mojibake_words_have_anomalies() {
        for text in [
            "Ïðèâåò",
            "Êáëçìİñá",
            "Thιβtre",
            "Thйвtre",
            "ThÈ‚tre",
            "tur\u{92}stico",
            "Coatl‡n",
            "pi√π",
            "mГ©dicament",
            "┬┐que",
            "÷åòûðå",
            "КблзмЭсб",
        ] {
            assert!(anomalies(text) > 0, "{text}");
            assert!(has_anomaly(text), "{text}");
        }
    }
}
