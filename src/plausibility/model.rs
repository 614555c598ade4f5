//! The plausibility model: the judge of every repair beyond ftfy.
//!
//! A repair beyond ftfy is taken only when its output is far more likely
//! to be real text than its input, by a margin that grows as the evidence
//! shrinks ([`repair_is_convincing`]). Each changed word of the input and
//! of the output gets a *cost*, a rough count of how surprising it would be
//! in clean text:
//!
//! * every character costs by how common it is in real use
//!   ([`TIER_COST`] of its tier in the generated
//!   [`TIERS`](crate::tables::commonness::TIERS) table: the national
//!   character-set standards for CJK ideographs and Hangul, CLDR's locale
//!   data for everything else). Rare ideographs (CJK Extension A and
//!   beyond, compatibility ideographs), Hangul syllables outside KS X 1001,
//!   private use and unassigned characters cost the most;
//! * a switch of script between two letters of one word (`늈R`, `Taεrabt`,
//!   `Thйвtre`) costs [`SWITCH`] (less between CJK and a capital or a digit,
//!   `T恤`, and nothing between kanji and kana); a run of CJK inside a Latin
//!   word, with Latin letters on both sides (`Param癡tre`), costs
//!   [`CJK_SMALL_LATIN`] beside each small letter, where Chinese written
//!   against an English word (`讀chem`) costs an ordinary switch;
//! * a symbol glued between two letters (`Coatl‡n`, [`SYMBOL_INSIDE`]), a
//!   capital that is not ASCII between two small letters (`donnŽes`,
//!   [`CAPITAL_INSIDE`]), and the word-shape evidence of the parent module
//!   ([`ANOMALY`] each);
//! * accented Latin letters that no one language's alphabet holds together
//!   ([`NO_ALPHABET`]; the alphabets come from the same sources);
//! * ftfy's own badness matches, in the whole text, cost [`BADNESS`] each.
//!
//! Kana, ideographs and Hangul are scored in the text of each national
//! standard (GB 2312, Big5, JIS X 0208, KS X 1001) and the words of a
//! repair counted in the one they fit best: real text is written in one
//! language, and the characters mojibake makes are common in one and rare
//! in another (`澶辫触` mixes Traditional and Simplified forms).
//!
//! The *evidence* is the number of non-ASCII characters in the changed
//! words of the input, plus [`UTF8_SEQUENCE`] for each non-ASCII character
//! of the output when the repair decodes UTF-8 (each one a multi-byte
//! sequence that the input happened to encode to). The repair is taken when the input costs at least
//! `MIN_MARGIN + SHARED_MARGIN / evidence` (rounded up) more than the output, and the
//! output holds no character of the last tier. So a two-character input
//! needs overwhelming evidence, and a line with twenty garbled characters
//! needs less; text made only of common characters of one script costs
//! nothing, and no repair can beat it.

use crate::chars::{is_alphabetic, is_alphanumeric};
use std::cell::{Cell, RefCell};

use crate::tables::commonness::{ALPHABETS, BIGRAMS, LATIN_LETTERS, TIERS};
use crate::tables::{CJK_TIERS, HAN_PAIRS, LETTER_TRIGRAMS, WORD_TRIGRAMS};

use super::{ascii_twin, looks_like_ascii};

/// The cost of a character of each tier (0 common, 1 in use, 2 rare, 3
/// never in clean text).
const TIER_COST: [u32; 4] = [0, 3, 5, 8];

/// The cost of a switch between two scripts that real words do not mix.
const SWITCH: u32 = 3;

/// The cost of a switch between Hangul and Han, or half-width katakana
/// and another script. (CJK next to a small Latin letter costs a whole
/// [`SWITCH`]; next to a capital or a digit nothing: `T恤`, `A股`.)
const SOFT_SWITCH: u32 = 2;

/// The cost of two letters side by side, one of them Latin and one not
/// ASCII, that no language of CLDR's data writes side by side
/// (`aå` in `Taårabt`, `sδ` in `Zusδtzlicher`).
const UNSEEN_PAIR: u32 = 2;

/// The same in the output of a repair, which claims to be real text: clean
/// text has typos and look-alike letters (`viсs` with a Cyrillic `с`), but
/// a repair that writes a pair no language writes is not believed.
const UNSEEN_PAIR_CLAIMED: u32 = 5;

/// The cost, in the output of a repair, of a letter that stands alone in
/// its script between letters of another (`naïveٵm`, `helloցlesund`,
/// `ũمرحبا`), on top of its switches: words of an alphabet do not take in
/// one letter of another. Chinese, Japanese and Korean glue words and
/// single ASCII letters of other scripts to theirs (`iPhone을`, `T恤`),
/// though not one accented Latin letter (`è日本語`), and science writes
/// Greek letters into Latin words (`IFNγ`): those pairs are exempt. The
/// digits of a script that writes its own count as its letters
/// (`niño٧señor`), and a vowel sign or point of
/// a script of its own after no letter of that script counts too
/// (`Češtinaٙ`, see [`orphan_mark_cost`]). Counted only in what a repair
/// writes: clean text has such typos and look-alikes (`Mоscow`).
const LONE_LETTER_CLAIMED: u32 = 5;

/// The cost, in the output of a repair, of a word of small Greek letters
/// (after a first letter that may be a capital) of two syllables or more
/// and no accent (`μηθμηκ`, `Μηθξηι`): modern Greek marks the
/// stressed vowel of every word of more than one syllable (`καλημέρα`),
/// and Greek read as Windows-1252 keeps those accents (`êáëçìÝñá`). Only
/// capitals (`ΚΑΛΗΜΕΡΑ`) and words of one syllable (`του`, `για`) go
/// without, and typists drop the accent of a capital vowel that starts a
/// word (`Ολα`). Counted only in what a repair writes: clean text may be
/// polytonic, ancient or a formula.
const UNACCENTED_GREEK_CLAIMED: u32 = 5;

/// The cost of CJK next to a small Latin letter inside a Latin word: a
/// run of CJK with Latin letters on both sides (`Param癡tre`, `粞y舓x`),
/// each of its two switches. No script writes that.
const CJK_SMALL_LATIN: u32 = 6;

/// The cost of CJK next to a small Latin letter at the edge of a run of
/// CJK that has no Latin letter on its other side (`讀chem`, `簽contract`,
/// `present咗`): Chinese, Cantonese above all, writes English words right
/// against its own, so this is an ordinary [`SWITCH`].
const CJK_EDGE_SMALL_LATIN: u32 = SWITCH;

/// The cost of a Cyrillic or Greek letter that looks like an ASCII letter
/// (`с`, `ο`, `ν`) next to a Latin letter: clean text has them, typed on
/// another keyboard layout, so they are no evidence either way (the
/// word-shape anomaly of the switch still counts).
const LOOK_ALIKE: u32 = 0;

/// The cost of a capital that is not ASCII right after a small letter of
/// the same word (`donnŽes`, `opciÛn`, `stdÇ`): what Mac Roman and
/// Windows-1252 read as each other make of small accented letters.
const CAPITAL_INSIDE: u32 = 4;

/// The cost, in the output of a single-byte repair, of each letter that
/// became a symbol (`^[yYaAáÁ]` read as Mac Roman: `^[yYaA·¡]`): a
/// repair brings letters back, it does not take them away.
const LETTER_LOST: u32 = 4;

/// The cost of a symbol glued between two letters of a word (`pi√π`,
/// `Coatl‡n`), beyond its tier: what UTF-8 read in a code page makes of an
/// accented letter.
const SYMBOL_INSIDE: u32 = 3;

/// The cost of accented Latin letters that no one language writes
/// together (`àîå` in `Nàdzîrnik visîkîgràdnjå`): real text is written in
/// one language.
const NO_ALPHABET: u32 = 4;

/// The cost of a letter that stands where no real word writes it
/// (`operaciуn`, `Waardespasiлring`; read with look-alike letters as their
/// ASCII twins), counted when a single-byte repair puts every letter it
/// changes into a context real words write (`operación`).
const UNSEEN_CONTEXT: u32 = 5;

/// The evidence each such letter adds: a swap of code pages that lands
/// every letter in a context real words write is rarely luck.
const CONTEXT_EVIDENCE: u32 = 3;

/// How many words of a line must hold look-alike letters, all of which a
/// single-byte repair turns into letters in contexts real words write,
/// before those letters count as evidence after all (at [`SWITCH`] each):
/// one such word is a typo (`viсs`), several are a misread code page
/// (`rιplications ... κtre utilisιs`).
const LOOK_ALIKE_QUORUM: u32 = 2;

/// The cost, in the input of a UTF-8 repair, of each pair of ideographs
/// that the repair writes where the input wrote none a dictionary knows
/// (`澶辫触` read back as `失败`): text made of ideographs that no word puts
/// side by side, read as a word.
const HAN_WORD: u32 = 3;

/// The cost of one match of ftfy's badness expression.
const BADNESS: u32 = 6;

/// The cost of each word-shape anomaly of the parent module.
const ANOMALY: u32 = 1;

/// How a repair reads its bytes in the end, which decides what counts as
/// evidence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Decoding {
    /// The repair decodes UTF-8: every non-ASCII character of its output
    /// is a multi-byte sequence that the input's characters happened to
    /// encode to, which clean text rarely does.
    Utf8,
    /// The repair swaps one single-byte code page for another: one
    /// character for one character, no such luck needed.
    SingleByte,
}

/// The evidence each non-ASCII character of a UTF-8 repair's output adds.
const UTF8_SEQUENCE: u32 = 3;

/// The part of the margin that is shared out among the non-ASCII
/// characters changed: `MIN_MARGIN + SHARED_MARGIN / evidence`.
const SHARED_MARGIN: u32 = 8;

/// The least margin, however much evidence.
const MIN_MARGIN: u32 = 4;

/// What a text of at most [`SHORT_TEXT`] letters and digits adds to the
/// margin: a two-character word or a four-letter label says little about
/// its language, and ruining it is as bad as ruining a paragraph.
const SHORT_MARGIN: u32 = 2;

/// See [`SHORT_MARGIN`].
const SHORT_TEXT: usize = 4;

/// The tier of a character: 0 common, 1 in use, 2 rare, 3 never in clean
/// text.
pub(crate) fn tier(c: char) -> u8 {
    let cp = u32::from(c);
    if cp < 0x1_0000 {
        // Every code point below U+10000 has its word: 4096 words of 16.
        let word = TIERS.get((cp >> 4) as usize).copied().unwrap_or(u32::MAX);
        return ((word >> ((cp & 15) * 2)) & 3) as u8;
    }
    match cp {
        // Emoji and pictographs: in common use.
        0x1_F000..=0x1_FAFF => 0,
        // CJK Extension B and beyond, tags, supplementary private use.
        0x2_0000..=0x3_FFFF | 0xE_0000..=0x10_FFFF => 3,
        _ => 2,
    }
}

/// Scripts, as far as the model tells them apart.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Han,
    Kana,
    HalfwidthKana,
    Hangul,
    /// Any other script, told apart by [`other_script`].
    Other(u32),
}

/// Whether a letter of script `s` is Chinese, Japanese or Korean (but
/// half-width katakana, whose switch to any script costs a
/// [`SOFT_SWITCH`]).
fn is_cjk(s: Script) -> bool {
    matches!(s, Script::Han | Script::Kana | Script::Hangul)
}

/// The script of a letter, `None` for anything else (combining marks
/// included).
fn script(c: char) -> Option<Script> {
    let cp = u32::from(c);
    let script = match cp {
        0x41..=0x5A | 0x61..=0x7A => Script::Latin,
        0..=0x7F | 0xD7 | 0xF7 => return None,
        0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x3005 | 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0x2_0000..=0x3_FFFF => Script::Han,
        0x3041..=0x309F | 0x30A1..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0xFF66..=0xFF9F => Script::HalfwidthKana,
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3131..=0x318E => Script::Hangul,
        _ if !is_alphabetic(c) || super::is_combining_mark(c) => return None,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        // The letters of African and phonetic alphabets (`ɛ`, `ŋ`, `ɖ`) and
        // the rest of Latin's blocks.
        0x250..=0x2AF
        | 0x1D00..=0x1DBF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFF21..=0xFF3A
        | 0xFF41..=0xFF5A => Script::Latin,
        // Modifier letters stand inside words of any script (`Hawaiʻi`).
        0x2B0..=0x2FF => return None,
        _ => Script::Other(other_script(cp)),
    };
    Some(script)
}

/// The cost of the combining mark `c` after the letter `previous` (`None`
/// after anything else): a [`SWITCH`] for a vowel sign or point of a script
/// of its own (Hebrew to Tai Tham) after no letter of that script (`v2ौnb`),
/// which no text writes; nothing for the marks of every script (accents
/// over Latin letters).
fn orphan_mark_cost(c: char, previous: Option<(Script, char)>) -> u32 {
    let cp = u32::from(c);
    if !(0x590..=0x1AAF).contains(&cp) {
        return 0;
    }
    match previous {
        Some((Script::Other(s), _)) if s == other_script(cp) => 0,
        _ => SWITCH,
    }
}

/// Which of the other scripts a letter is of, as a number: the first code
/// point of its script's main block (a few scripts have blocks elsewhere,
/// which count as theirs), or of its 128 code points for the rest. Letters
/// of two such numbers side by side are a switch of script (`ഠtկv2`).
fn other_script(cp: u32) -> u32 {
    match cp {
        0x530..=0x58F | 0xFB13..=0xFB17 => 0x530,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => 0x590,
        0x600..=0x6FF | 0x750..=0x77F | 0x870..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 0x600,
        0x700..=0x74F => 0x700,
        0x780..=0x7BF => 0x780,
        0x7C0..=0x7FF => 0x7C0,
        0x900..=0x97F | 0xA8E0..=0xA8FF => 0x900,
        0xF00..=0xFFF => 0xF00,
        0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => 0x1000,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => 0x10A0,
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => 0x1200,
        0x13A0..=0x13FF | 0xAB70..=0xABBF => 0x13A0,
        0x1400..=0x167F | 0x18B0..=0x18FF => 0x1400,
        0x1780..=0x17FF | 0x19E0..=0x19FF => 0x1780,
        0x1800..=0x18AF => 0x1800,
        _ => cp & !0x7F,
    }
}

/// The cost of two letters side by side in one word.
fn switch_cost(a: (Script, char), b: (Script, char)) -> u32 {
    use Script::{HalfwidthKana, Han, Hangul, Kana, Latin};
    let (sa, sb) = (a.0, b.0);
    if sa == sb {
        return 0;
    }
    match (sa, sb) {
        (Han, Kana) | (Kana, Han) => 0,
        (Han, Hangul) | (Hangul, Han) => SOFT_SWITCH,
        (HalfwidthKana, _) | (_, HalfwidthKana) => SOFT_SWITCH,
        (Latin, _) | (_, Latin) if is_cjk(sa) || is_cjk(sb) => {
            if cjk_beside_small_latin(a, b) {
                // What a run of CJK inside a Latin word costs more is
                // added by `word_costs`, which sees both its sides.
                CJK_EDGE_SMALL_LATIN
            } else {
                0
            }
        }
        _ => SWITCH,
    }
}

/// Whether real text writes the small forms of two letters side by side
/// (see [`BIGRAMS`]); `None` when the pair is not one the table covers.
fn seen_pair(a: (Script, char), b: (Script, char)) -> Option<bool> {
    use Script::{Cyrillic, Greek, Latin};
    let alphabetic = |s: Script| matches!(s, Latin | Greek | Cyrillic);
    let covered = alphabetic(a.0)
        && alphabetic(b.0)
        && (a.0 == Latin || b.0 == Latin)
        && !(a.1.is_ascii() && b.1.is_ascii());
    if !covered {
        return None;
    }
    let small = |c: char| {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => u32::from(l),
            _ => u32::from(c),
        }
    };
    let key = small(a.1) << 16 | small(b.1);
    Some(BIGRAMS.binary_search(&key).is_ok())
}

/// ASCII letters that a Cyrillic or Greek letter looks like: typed into a
/// Cyrillic word on a Latin layout (`пoмoш` with Latin `o`), they are no
/// evidence either.
fn has_twin(c: char) -> bool {
    matches!(
        c,
        'a' | 'c'
            | 'e'
            | 'i'
            | 'j'
            | 'o'
            | 'p'
            | 's'
            | 'x'
            | 'y'
            | 'A'
            | 'B'
            | 'C'
            | 'E'
            | 'H'
            | 'I'
            | 'J'
            | 'K'
            | 'M'
            | 'O'
            | 'P'
            | 'S'
            | 'T'
            | 'X'
            | 'Y'
    )
}

/// The cost of two letters side by side in one word: a pair real text
/// writes costs nothing, whatever its scripts.
fn pair_cost(a: (Script, char), b: (Script, char), claimed: bool) -> u32 {
    let unseen = if claimed {
        UNSEEN_PAIR_CLAIMED
    } else {
        UNSEEN_PAIR
    };
    let latin_and = |other: Script| {
        (a.0 == Script::Latin && b.0 == other) || (b.0 == Script::Latin && a.0 == other)
    };
    // Greek letters stand in for Latin ones only as [`greek_typed_in`]
    // says (see [`stand_in`]).
    let greek_typed = latin_and(Script::Greek) && {
        let (greek, other) = if a.0 == Script::Greek {
            (a.1, b.1)
        } else {
            (b.1, a.1)
        };
        greek_typed_in(greek, other.is_lowercase())
    };
    let look_alike = greek_typed
        || latin_and(Script::Cyrillic)
            && (looks_like_ascii(a.1) || looks_like_ascii(b.1) || has_twin(a.1) || has_twin(b.1));
    match seen_pair(a, b) {
        Some(true) => 0,
        _ if look_alike && !claimed => LOOK_ALIKE,
        Some(false) => unseen + switch_cost(a, b),
        None => switch_cost(a, b),
    }
}

/// A letter lower-cased, when that is one letter.
fn small_letter(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether `c` (small) is a Latin letter as [`LETTER_TRIGRAMS`] counts
/// them: ASCII, or accented in U+00C0–U+024F and U+1E00–U+1EFF.
fn is_trigram_latin(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(u32::from(c), 0xC0..=0x24F | 0x1E00..=0x1EFF) && is_alphabetic(c)
}

/// The index of a letter before or after another in the keys of
/// [`LETTER_TRIGRAMS`]: 0 the edge of a word (`None`, or not a letter), 1 a
/// letter of another script, 2–27 `a`–`z`, 28 + its index in
/// [`LATIN_LETTERS`] for an accented Latin letter; `None` for an accented
/// letter no alphabet has.
fn neighbour_index(c: Option<char>) -> Option<u32> {
    let Some(c) = c.filter(|&c| is_alphabetic(c)).map(small_letter) else {
        return Some(0);
    };
    match c {
        'a'..='z' => Some(u32::from(c) - u32::from('a') + 2),
        _ if !is_trigram_latin(c) => Some(1),
        _ => u16::try_from(u32::from(c))
            .ok()
            .and_then(|s| LATIN_LETTERS.binary_search(&s).ok())
            .and_then(|i| u32::try_from(i).ok())
            .map(|i| 28 + i),
    }
}

/// The index of the letter in the middle of a key of [`LETTER_TRIGRAMS`]:
/// as [`neighbour_index`] for a Latin letter, 1024 + its offset from
/// U+0250 for IPA, Greek and Cyrillic letters, 2048 + its offset from
/// U+1F00 for Greek Extended; `None` for anything else.
fn middle_index(c: char) -> Option<u32> {
    let c = small_letter(c);
    match u32::from(c) {
        _ if !is_alphabetic(c) => None,
        cp @ 0x250..=0x52F => Some(1024 + cp - 0x250),
        cp @ 0x1F00..=0x1FFF => Some(2048 + cp - 0x1F00),
        _ if is_trigram_latin(c) => neighbour_index(Some(c)),
        _ => None,
    }
}

/// The index that stands for any letter before or after.
const ANY_LETTER: u32 = 1023;

/// Whether a table of sorted little-endian `u32` keys holds `key`.
fn holds_key(table: &[u8], key: u32) -> bool {
    let key_at = |i: usize| -> Option<u32> {
        let bytes = table.get(4 * i..4 * i + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    };
    let (mut lo, mut hi) = (0, table.len() / 4);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match key_at(mid) {
            Some(k) if k < key => lo = mid + 1,
            Some(k) if k > key => hi = mid,
            Some(_) => return true,
            None => return false,
        }
    }
    false
}

/// Whether real words write the letter `c` between `before` and `after`
/// (`None` the edge of a word), in [`LETTER_TRIGRAMS`]. With `loosely`,
/// it is enough that they write `c` after `before` and, elsewhere, before
/// `after`: the data of rare letters is thin.
pub(crate) fn context_seen(
    before: Option<char>,
    c: char,
    after: Option<char>,
    loosely: bool,
) -> bool {
    context_listed(LETTER_TRIGRAMS, before, c, after, loosely)
}

/// [`context_seen`] for a letter that a repair writes: in the words of
/// CLDR's and Faker's data, or inside the words of running text
/// ([`WORD_TRIGRAMS`]), where the rarer accented letters of real words
/// show their contexts (`nøg` in `Nøglen`, `lië` in `Brazilië`). Only what
/// a repair writes is looked up there: what it replaces is unseen only when
/// CLDR's words lack it, and the corpora of running text hold mojibake of
/// their own.
fn written_context_seen(before: Option<char>, c: char, after: Option<char>, loosely: bool) -> bool {
    context_listed(LETTER_TRIGRAMS, before, c, after, loosely)
        || context_listed(WORD_TRIGRAMS, before, c, after, loosely)
}

/// Whether a table of trigram keys ([`LETTER_TRIGRAMS`], [`WORD_TRIGRAMS`])
/// lists `c` between `before` and `after` (see [`context_seen`]).
fn context_listed(
    table: &[u8],
    before: Option<char>,
    c: char,
    after: Option<char>,
    loosely: bool,
) -> bool {
    let (Some(a), Some(m), Some(b)) = (
        neighbour_index(before),
        middle_index(c),
        neighbour_index(after),
    ) else {
        return false;
    };
    let listed = |a: u32, b: u32| holds_key(table, a << 22 | m << 10 | b);
    listed(a, b) || loosely && listed(a, ANY_LETTER) && listed(ANY_LETTER, b)
}

/// The Latin letter that a Cyrillic or Greek letter stands in for in Latin
/// text: its ASCII look-alike ([`ascii_twin`]), or the letter of African
/// and Caucasian alphabets it is typed for (`ε` for `ɛ`, `η` for `ŋ`).
fn latin_twin(c: char) -> Option<char> {
    ascii_twin(c).or(match c {
        'ε' => Some('ɛ'),
        'η' => Some('ŋ'),
        'γ' => Some('ɣ'),
        'ә' => Some('ə'),
        _ => None,
    })
}

/// Whether the letter at `i` of `word` may stand in for a Latin letter
/// ([`latin_twin`]) rather than be evidence of a misread code page. A
/// Greek look-alike of an ASCII letter beside an ASCII letter may not (the
/// stand-ins of African alphabets, `ε` for `ɛ`, may), but as
/// [`greek_typed_in`] says: clean text seldom types Greek letters into
/// Latin words (not one word of the negative corpus does, against
/// thousands of Serbian and Belarusian words mixing Cyrillic look-alikes
/// in), while Windows-1252 read as Windows-1253 does it to every accented
/// letter (`rιplication`, `invαlida`).
fn stand_in(word: &[char], i: usize) -> Option<()> {
    let c = *word.get(i)?;
    let at = |j: Option<usize>| j.and_then(|j| word.get(j)).copied();
    let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
    let ascii_beside = [before, after]
        .iter()
        .any(|c| c.is_some_and(|c| c.is_ascii_alphabetic()));
    let small_beside = [before, after]
        .iter()
        .any(|c| c.is_some_and(char::is_lowercase));
    let greek_in_latin = script(c) == Some(Script::Greek)
        && looks_like_ascii(c)
        && ascii_beside
        && !greek_typed_in(c, small_beside);
    (!greek_in_latin).then_some(())
}

/// Whether the Greek look-alike `greek` of an ASCII letter, in a Latin word
/// (`small_beside`: beside a small letter), is as likely typed there as
/// read out of a misread code page: the omicron, which text spoofing a
/// name types for `o` (`Amazοn`, `Gοοgle`) and Windows-1252 read as 1253
/// makes only of the rare `ï` and `Ï`; and a capital among capitals, drawn
/// exactly as its Latin twin (`PΑYPΑL`, `ΙΝSΤAGRΑM`). The small letters
/// that come of common accented letters (`ι` of `é`, `α` of `á`, `ν` of
/// `í`) stay evidence.
fn greek_typed_in(greek: char, small_beside: bool) -> bool {
    matches!(greek, 'ο' | 'Ο') || greek.is_uppercase() && looks_like_ascii(greek) && !small_beside
}

/// What a single-byte repair of one word does to the contexts of its
/// letters (see [`context_moves`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ContextMoves {
    /// The letters moved from a context no word writes into one they do.
    moved: u32,
    /// The non-ASCII letters written, each in a context real words write.
    written: u32,
}

/// The letters a single-byte repair of `input` into `output` (one word
/// each) moves from a context no real word writes into one they do; `None`
/// unless every non-ASCII letter it writes lands in such a context, or when
/// the input reads as a Cyrillic or Greek word typed with ASCII look-alikes
/// (`бeшe`). The input is read with stand-in letters as their
/// Latin twins ([`latin_twin`]): `viсs`, with a Cyrillic `с`, reads as the
/// real `vics`, and `Akyerεko` as the Twi `Akyerɛko`. A capital between
/// two small letters starts a word (`getŠrilanka`, `setŽena`).
fn context_moves(input: &str, output: &str) -> Option<ContextMoves> {
    // Counted before anything is collected: most UTF-8 repairs change the
    // length.
    if input.chars().count() != output.chars().count() {
        return None;
    }
    let chars = crate::chars::char_vec(input);
    let a: Vec<char> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| stand_in(&chars, i).map_or(c, |_| latin_twin(c).unwrap_or(c)))
        .collect();
    let b = crate::chars::char_vec(output);
    if a.len() != b.len() || reads_as_cyrillic_or_greek(input) {
        return None;
    }
    let around = |w: &[char], i: usize| {
        let at = |j: usize| w.get(j).copied();
        // A capital after two small letters or more and before one starts a
        // word: `getŠrilanka`, not `rebasŽ` or `rŽsolution`.
        let starts_word = |j: usize| {
            small_run_before(w, j) >= 2
                && at(j).is_some_and(char::is_uppercase)
                && at(j + 1).is_some_and(char::is_lowercase)
        };
        let before = i.checked_sub(1).and_then(at).filter(|_| !starts_word(i));
        let after = at(i + 1).filter(|_| !starts_word(i + 1));
        (before, after)
    };
    let mut moves = ContextMoves {
        moved: 0,
        written: 0,
    };
    for (i, (&x, &y)) in a.iter().zip(&b).enumerate() {
        if x == y || y.is_ascii() || !is_alphabetic(y) {
            continue;
        }
        let (before, after) = around(&b, i);
        if !written_context_seen(before, y, after, foreign_inside_latin(&a, i)) {
            return None;
        }
        moves.written += 1;
        let (before, after) = around(&a, i);
        // A Cyrillic or Greek capital in a Latin word is no evidence of
        // where it stands: faux Cyrillic writes one there on purpose
        // (`KoЯn`).
        let faux = x.is_uppercase() && matches!(script(x), Some(Script::Cyrillic | Script::Greek));
        if capital_inside_small_word(&a, i)
            || !faux && !context_seen(before, x, after, !x.is_ascii())
        {
            moves.moved += 1;
        }
    }
    Some(moves)
}

/// Whether the letter at `i` is the one Cyrillic or Greek letter of a
/// Latin word, looks like no ASCII letter, and stands, a small letter,
/// between two small Latin letters (`tиcnics`, `jьmmers`): no keyboard
/// layout types it there, so a repair that writes a Latin letter in its
/// place needs only that real words write the new letter after the one
/// before it and, elsewhere, before the one after it (the data of
/// accented letters is thin: `tècnics`). Two such letters in one word
/// (`Nиzamettиn`) need the whole context, and so does a capital: faux
/// Cyrillic puts capitals that look like mirrored Latin letters into names
/// on purpose (`KoЯn`).
fn foreign_inside_latin(word: &[char], i: usize) -> bool {
    let foreign = |c: &char| matches!(script(*c), Some(Script::Cyrillic | Script::Greek));
    let latin = |j: Option<usize>| {
        j.and_then(|j| word.get(j))
            .is_some_and(|&c| script(c) == Some(Script::Latin) && c.is_lowercase())
    };
    word.get(i)
        .is_some_and(|c| foreign(c) && c.is_lowercase() && !looks_like_ascii(*c))
        && word.iter().filter(|c| foreign(c)).count() == 1
        && latin(i.checked_sub(1))
        && latin(Some(i + 1))
}

/// Whether the letter at `i` is a non-ASCII capital after a small letter
/// that does not start a word of its own (fewer than three small letters
/// follow, or one small letter alone before it): no word writes that
/// (`supportŽe`, `ignorŽ`, `rŽsolution`), while two words run together do
/// (`getŠrilanka`). A Cyrillic or Greek capital is no such evidence: faux
/// Cyrillic writes one into a name on purpose (`KoЯn`). The letter tables are of small
/// letters, so their contexts cannot tell.
fn capital_inside_small_word(word: &[char], i: usize) -> bool {
    let Some(&c) = word.get(i) else {
        return false;
    };
    let small_before = small_run_before(word, i);
    let small_after = word
        .iter()
        .skip(i + 1)
        .take_while(|c| c.is_lowercase())
        .count();
    let latin = script(c) == Some(Script::Latin);
    latin
        && !c.is_ascii()
        && c.is_uppercase()
        && (small_before == 1 || small_before > 0 && small_after < 3)
}

/// Whether a word reads as Cyrillic or Greek typed partly with ASCII
/// look-alikes: at least as many Cyrillic and Greek letters as ASCII ones,
/// each ASCII letter a twin of one of theirs ([`has_twin`]).
fn reads_as_cyrillic_or_greek(word: &str) -> bool {
    let (mut theirs, mut ascii) = (0, 0);
    for c in word.chars() {
        match script(c) {
            Some(Script::Cyrillic | Script::Greek) => theirs += 1,
            Some(Script::Latin) if c.is_ascii() => {
                if !has_twin(c) {
                    return false;
                }
                ascii += 1;
            }
            _ => {}
        }
    }
    theirs > 0 && theirs >= ascii
}

/// The pairs of side-by-side CJK unified ideographs in `word` that the
/// words of a Chinese dictionary write ([`HAN_PAIRS`]), and those they do
/// not.
pub(super) fn han_pairs(word: &str) -> (u32, u32) {
    let han = |c: char| matches!(u32::from(c), 0x4E00..=0x9FFF);
    let (mut known, mut unknown) = (0, 0);
    let mut previous: Option<char> = None;
    for c in word.chars() {
        if let Some(p) = previous.filter(|&p| han(p) && han(c)) {
            if holds_key(HAN_PAIRS, u32::from(p) << 16 | u32::from(c)) {
                known += 1;
            } else {
                unknown += 1;
            }
        }
        previous = Some(c);
    }
    (known, unknown)
}

/// The ranges of [`CJK_TIERS`], one after the other (as the generator
/// lays them out).
const CJK_RANGES: [(u32, u32); 4] = [
    (0x3040, 0x30FF),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
];

/// The [`CJK_TIERS`] entry of a kana, ideograph or Hangul syllable: its
/// tier in GB 2312, Big5, JIS X 0208 and KS X 1001 text, two bits each.
pub(super) fn cjk_tiers(c: char) -> Option<u8> {
    let cp = u32::from(c);
    let mut offset = 0;
    for (lo, hi) in CJK_RANGES {
        if (lo..=hi).contains(&cp) {
            return CJK_TIERS.get((offset + cp - lo) as usize).copied();
        }
        offset += hi - lo + 1;
    }
    None
}

/// The cost of some words: what does not depend on the language, and the
/// cost of their kana, ideographs and Hangul in each standard's text.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Cost {
    common: u32,
    cjk: [u32; 4],
}

impl Cost {
    fn add(&mut self, other: Cost) {
        self.common += other.common;
        for (a, b) in self.cjk.iter_mut().zip(other.cjk) {
            *a += b;
        }
    }

    /// The total in the language the words fit best: real text is
    /// written in one, mojibake mixes the characters of all of them.
    fn total(&self) -> u32 {
        self.common + self.cjk.iter().copied().min().unwrap_or(0)
    }
}

/// How many non-ASCII symbols of `word` stand between two letters (marks
/// aside), other than the punctuation that does (`l·l`, `don’t`, dashes).
fn symbols_inside(word: &str) -> u32 {
    let symbol = |c: char| {
        !c.is_ascii()
            && !is_alphanumeric(c)
            && !super::allowed_between_letters(c)
            && !super::is_apostrophe(c)
            && tier(c) != 0
    };
    let chars = word.chars().filter(|&c| !super::is_combining_mark(c));
    let n = triples(chars, |a, b, c| {
        is_alphabetic(a) && symbol(b) && is_alphabetic(c)
    });
    u32::try_from(n).unwrap_or(u32::MAX / 8)
}

/// How many runs of three characters in a row of `chars` pass `test`
/// (the `windows(3)` of the characters, without collecting them).
fn triples(chars: impl Iterator<Item = char>, test: impl Fn(char, char, char) -> bool) -> usize {
    let mut n = 0;
    let (mut first, mut second): (Option<char>, Option<char>) = (None, None);
    for c in chars {
        if let (Some(a), Some(b)) = (first, second) {
            n += usize::from(test(a, b, c));
        }
        (first, second) = (second, Some(c));
    }
    n
}

/// How many capitals that are not ASCII stand between two small letters
/// of `word` (`donnŽes`, `РњСѓРЅ`), other than the capital of the letter
/// before it (`šŠ` in a character class `[sSšŠ]`). A Cyrillic or Greek
/// capital between two small Latin letters costs its switches of script
/// alone: faux Cyrillic writes one into a name on purpose (`KoЯn`).
fn capitals_inside(word: &str) -> u32 {
    let n = triples(word.chars(), |a, b, c| {
        a.is_lowercase()
            && b.is_uppercase()
            && !b.is_ascii()
            && !(matches!(script(b), Some(Script::Cyrillic | Script::Greek))
                && script(a) == Some(Script::Latin)
                && script(c) == Some(Script::Latin))
            && c.is_lowercase()
            && !a.to_uppercase().eq(std::iter::once(b))
    });
    u32::try_from(n).unwrap_or(u32::MAX / 8)
}

/// Whether the non-ASCII letters of `word` (two at least) each come with
/// their other case: a list of letters such as a character class
/// `[ÄÅäå]`, not a word.
fn is_case_paired_list(word: &str) -> bool {
    let letters: Vec<char> = word
        .chars()
        .filter(|&c| !c.is_ascii() && is_alphabetic(c))
        .collect();
    // The other case of `c` when it is one character, not `c` itself.
    let other_case = |c: char| {
        let only = |flipped: &mut dyn Iterator<Item = char>| match (flipped.next(), flipped.next())
        {
            (Some(f), None) if f != c => Some(f),
            _ => None,
        };
        if c.is_uppercase() {
            only(&mut c.to_lowercase())
        } else {
            only(&mut c.to_uppercase())
        }
    };
    let mut sorted = letters.clone();
    sorted.sort_unstable();
    let paired = letters
        .iter()
        .filter(|&&c| other_case(c).is_some_and(|f| sorted.binary_search(&f).is_ok()))
        .count();
    paired >= 4 || (paired >= 2 && 2 * paired >= letters.len())
}

/// Whether the accented Latin letters of `words` are not all in the
/// alphabet of one language (false without such letters).
fn no_alphabet_fits<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let mut set = [0u64; 4];
    let mut any = false;
    for c in words.flat_map(str::chars) {
        let cp = u32::from(c);
        if !(matches!(cp, 0xC0..=0x24F | 0x1E00..=0x1EFF) && is_alphabetic(c)) {
            continue;
        }
        let small = c.to_lowercase().next().map_or(cp, u32::from);
        let Some(i) = u16::try_from(small)
            .ok()
            .and_then(|s| LATIN_LETTERS.binary_search(&s).ok())
        else {
            // A letter no language writes often.
            return true;
        };
        if let Some(word) = set.get_mut(i / 64) {
            *word |= 1 << (i % 64);
            any = true;
        }
    }
    any && !ALPHABETS.iter().any(|alphabet| {
        alphabet
            .iter()
            .zip(&set)
            .all(|(have, need)| need & !have == 0)
    })
}

/// The cost of one word (see the module docs); `claimed` for a word of a
/// repair's output.
#[cfg(test)]
fn word_cost(word: &str, claimed: bool) -> u32 {
    word_costs(word, claimed).total()
}

/// Whether two letters side by side are CJK and a small Latin letter.
fn cjk_beside_small_latin(a: (Script, char), b: (Script, char)) -> bool {
    let small_latin = |(s, c): (Script, char)| s == Script::Latin && c.is_lowercase();
    (is_cjk(a.0) && small_latin(b)) || (small_latin(a) && is_cjk(b.0))
}

/// The run of CJK letters [`word_costs`] is in: whether a Latin letter
/// stands right before it, and whether that letter is a small one.
#[derive(Clone, Copy)]
struct CjkRun {
    after_latin: bool,
    after_small_latin: bool,
}

/// What a run of CJK with Latin letters on both sides costs beyond its two
/// switches at an edge: [`CJK_SMALL_LATIN`] for each side where a small
/// Latin letter stands, in place of [`CJK_EDGE_SMALL_LATIN`].
fn cjk_inside_latin(run: Option<CjkRun>, previous: (Script, char), next: (Script, char)) -> u32 {
    let Some(run) = run else {
        return 0;
    };
    if !run.after_latin || next.0 != Script::Latin {
        return 0;
    }
    let extra = CJK_SMALL_LATIN - CJK_EDGE_SMALL_LATIN;
    extra * (u32::from(run.after_small_latin) + u32::from(cjk_beside_small_latin(previous, next)))
}

/// [`word_cost`] before the choice of a language.
fn word_costs(word: &str, claimed: bool) -> Cost {
    let mut cjk = [0u32; 4];
    let mut cost = 0;
    let mut previous: Option<(Script, char)> = None;
    // The run of CJK being read, if the previous letter is one.
    let mut run: Option<CjkRun> = None;
    let tier_cost = |t: u8| {
        TIER_COST
            .get(usize::from(t & 3))
            .copied()
            .unwrap_or(u32::MAX / 8)
    };
    for c in word.chars() {
        if is_no_break_space(c) {
            // A space that binds (French `erreur\u{A0}:`): no letter.
            previous = None;
            run = None;
            continue;
        }
        match cjk_tiers(c) {
            Some(tiers) => {
                for (k, sum) in cjk.iter_mut().enumerate() {
                    *sum += tier_cost(tiers >> (2 * k));
                }
            }
            None => cost += tier_cost(tier(c)),
        }
        if super::is_combining_mark(c) {
            let orphan = orphan_mark_cost(c, previous);
            cost += orphan;
            // A mark of a script of its own on a letter of another is as
            // alone as a letter would be (`Češtinaٙ`).
            if claimed && orphan > 0 {
                cost += LONE_LETTER_CLAIMED;
            }
            continue;
        }
        match script(c) {
            Some(s) => {
                if let Some(p) = previous {
                    cost += pair_cost(p, (s, c), claimed);
                }
                run = match (is_cjk(s), previous) {
                    (true, Some(p)) if is_cjk(p.0) => run,
                    (true, p) => Some(CjkRun {
                        after_latin: p.is_some_and(|p| p.0 == Script::Latin),
                        after_small_latin: p.is_some_and(|p| cjk_beside_small_latin(p, (s, c))),
                    }),
                    (false, Some(p)) => {
                        cost += cjk_inside_latin(run, p, (s, c));
                        None
                    }
                    (false, None) => None,
                };
                previous = Some((s, c));
            }
            None => {
                previous = None;
                run = None;
            }
        }
    }
    cost += SYMBOL_INSIDE * symbols_inside(word);
    cost += CAPITAL_INSIDE * capitals_inside(word);
    if !word.is_ascii() {
        cost += ANOMALY * u32::try_from(super::anomalies(word)).unwrap_or(u32::MAX / 8);
        if claimed {
            cost += LONE_LETTER_CLAIMED * (lone_letters(word) + letters_among_digits(word));
            cost += UNACCENTED_GREEK_CLAIMED * unaccented_greek_words(word);
        }
    }
    Cost { common: cost, cjk }
}

/// The letters of `word` that stand alone in their script, each letter
/// beside them (through combining marks) of another script that words of
/// theirs do not take in (see [`LONE_LETTER_CLAIMED`]). The digits of a
/// script count as its letters ([`script_digit`]).
fn lone_letters(word: &str) -> u32 {
    // Whether the letter `c` of `s` beside one of `other` is a switch that
    // no script writes inside its words. Chinese, Japanese and Korean glue
    // words and single ASCII letters of any script to theirs (`T恤`,
    // `A형`), not one accented Latin letter (`日本é`).
    let foreign = |(s, c): (Script, char), other: Script| {
        use Script::{Greek, HalfwidthKana, Latin};
        let east_asian = |x: Script| is_cjk(x) || x == HalfwidthKana;
        if s == other || matches!((s, other), (Latin, Greek) | (Greek, Latin)) {
            false
        } else if east_asian(s) || east_asian(other) {
            s == Latin && !c.is_ascii() && east_asian(other)
        } else {
            true
        }
    };
    // The letter is alone when neither neighbour is of its script and one
    // of them at least is foreign to it (`None` is no letter).
    let alone = |before: Option<Script>, letter: (Script, char), after: Option<Script>| {
        before != Some(letter.0)
            && after != Some(letter.0)
            && (before.is_some_and(|b| foreign(letter, b))
                || after.is_some_and(|a| foreign(letter, a)))
    };
    let mut count = 0;
    // The script of the letter before the previous one, and the previous
    // letter; `None` past anything else.
    let (mut before, mut previous): (Option<Script>, Option<(Script, char)>) = (None, None);
    for c in word.chars() {
        if super::is_combining_mark(c) {
            continue;
        }
        // The ordinal indicators and the micro sign stand beside Latin
        // letters (`Nº`, `2ª`, `µm`), and letter-like symbols beside
        // anything (`kℓ`): no letters of a script here.
        let symbol_like = matches!(c, 'ª' | 'º' | 'µ' | '\u{2100}'..='\u{214F}');
        let s = if is_no_break_space(c) || symbol_like {
            None
        } else {
            script(c).or_else(|| script_digit(c))
        };
        if let Some(p) = previous {
            count += u32::from(alone(before, p, s));
        }
        (before, previous) = (previous.map(|p| p.0), s.map(|s| (s, c)));
    }
    if let Some(p) = previous {
        count += u32::from(alone(before, p, None));
    }
    count
}

/// The accented Latin letters of `word` with no letter on either side and
/// a digit on one (`3.14ê`, `ô100`): a word of one accented letter stands
/// between spaces or punctuation (Portuguese `é`, French `à`), and a digit
/// glued to an accented letter is glued to a word (`3ème`). Counted, like
/// [`lone_letters`], only in what a repair writes.
fn letters_among_digits(word: &str) -> u32 {
    let accented = |c: char| {
        !c.is_ascii() && !matches!(c, 'ª' | 'º' | 'µ') && script(c) == Some(Script::Latin)
    };
    let mut count = 0;
    // The character before the previous one and the previous one, past
    // combining marks.
    let (mut before, mut previous): (Option<char>, Option<char>) = (None, None);
    let lone = |before: Option<char>, c: char, after: Option<char>| {
        let letter = |x: Option<char>| x.is_some_and(is_alphabetic);
        let digit = |x: Option<char>| x.is_some_and(char::is_numeric);
        accented(c) && !letter(before) && !letter(after) && (digit(before) || digit(after))
    };
    for c in word.chars().filter(|&c| !super::is_combining_mark(c)) {
        if let Some(p) = previous {
            count += u32::from(lone(before, p, Some(c)));
        }
        (before, previous) = (previous, Some(c));
    }
    if let Some(p) = previous {
        count += u32::from(lone(before, p, None));
    }
    count
}

/// The runs of Greek letters in `word` that [`UNACCENTED_GREEK_CLAIMED`]
/// prices: small letters after the first, no accent, and two syllables or
/// more (`για`, `ποιος`: one syllable, one run of vowels).
fn unaccented_greek_words(word: &str) -> u32 {
    let mut count = 0;
    let mut rest = word;
    while let Some(start) = rest.find(|c: char| is_greek_letter(c)) {
        let run = rest.get(start..).expect("a character boundary");
        let end = run.find(|c: char| !is_greek_letter(c)).unwrap_or(run.len());
        let letters = run.get(..end).expect("a character boundary");
        rest = run.get(end..).expect("a character boundary");
        // Typists drop the accent of a capital more often than any other
        // (`Ολα` for `Όλα`): a word that starts with a capital vowel may
        // have its stress there.
        let capital_vowel = letters
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() && is_greek_vowel(c));
        let small = letters.chars().skip(1).all(char::is_lowercase) && !capital_vowel;
        let accented = letters.chars().any(is_accented_greek);
        // The syllables, at least: one for each run of vowels, and two for
        // a run of four vowels or more (a diphthong and a glide make three
        // at most: `ποιος`).
        let (mut syllables, mut run) = (0, 0);
        for c in letters.chars() {
            run = if is_greek_vowel(c) { run + 1 } else { 0 };
            syllables += u32::from(run == 1 || run == 4);
        }
        count += u32::from(small && !accented && syllables >= 2);
    }
    count
}

/// A Greek letter with an accent: a vowel with a tonos (`ά`, `Ό`, `ΐ`), or
/// any letter of Greek Extended, with which polytonic Greek writes its
/// accents.
fn is_accented_greek(c: char) -> bool {
    matches!(
        u32::from(c),
        0x386 | 0x388..=0x390 | 0x3AC..=0x3B0 | 0x3CC..=0x3CE | 0x1F00..=0x1FFF
    )
}

/// A vowel of the Greek alphabet, without an accent, small or capital.
fn is_greek_vowel(c: char) -> bool {
    matches!(
        small_letter(c),
        'α' | 'ε' | 'η' | 'ι' | 'ο' | 'υ' | 'ω' | 'ϊ' | 'ϋ'
    )
}

/// A letter of the Greek alphabet (U+0386 to U+03CE) or of Greek Extended,
/// which [`unaccented_greek_words`] reads.
fn is_greek_letter(c: char) -> bool {
    matches!(u32::from(c), 0x386..=0x3CE | 0x1F00..=0x1FFF) && c.is_alphabetic()
}

/// The script of a digit of the scripts from Arabic to Myanmar, which
/// write their own (`٧`, `५`, `๕`); `None` for any other character. Such a
/// digit glued to letters of another script stands as alone as a letter
/// would (`niño٧señor`, see [`lone_letters`]).
fn script_digit(c: char) -> Option<Script> {
    let cp = u32::from(c);
    ((0x600..0x10A0).contains(&cp) && c.is_numeric()).then(|| Script::Other(other_script(cp)))
}

/// The changed words of a repair: pairs of (input word, output word), or
/// one pair of the whole changed stretches when the repair changed the
/// number of words.
#[cfg(test)]
fn changed_words<'a>(input: &'a str, output: &'a str) -> Vec<(&'a str, &'a str)> {
    changed_words_of(&words_of(input), output)
}

/// The words of a text as [`changed_words`] pairs them up: the one split
/// of both sides (the input's is computed once, in [`InputSide`]). A
/// no-break space binds (`erreur\u{A0}:`), and a repair may write one where
/// a letter stood (`erreurÊ:`): the words still pair up.
fn words_of(text: &str) -> Vec<&str> {
    let mut words = Vec::with_capacity(text.len() / 4 + 8);
    // Byte by byte: the ASCII separators are known by their byte, and only
    // a character that starts like a space is decoded (the same split as
    // `text.split(separates).filter(|w| !w.is_empty())`, at a few
    // instructions a byte).
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let (len, separator) = match b {
            0..=0x7F => (1, matches!(b, b'\t'..=b'\r' | b' ')),
            // Every other space starts with one of these bytes (U+0085,
            // U+1680, U+2000 to U+205F, U+3000).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.len_utf8(), separates(c)),
                None => (1, false),
            },
            // Any other byte of a character: not a space.
            _ => (1, false),
        };
        if separator {
            if let Some(word) = text.get(start..i).filter(|w| !w.is_empty()) {
                words.push(word);
            }
            start = i + len;
        }
        i += len;
    }
    if let Some(word) = text.get(start..).filter(|w| !w.is_empty()) {
        words.push(word);
    }
    words
}

/// Whether `c` separates the words of [`words_of`]: a space that does not
/// bind.
fn separates(c: char) -> bool {
    c.is_whitespace() && !is_no_break_space(c)
}

/// How many items `a` and `b` share at their start, and how many more at
/// their end (the two never overlap).
fn shared_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(a.len().min(b.len()) - prefix)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// The stretch of `fixed`, a repair of `text`, that differs from it,
/// widened to the whitespace-separated words it touches: where a repair
/// may have written an odd word (the others are the input's own).
pub(crate) fn changed_stretch<'f>(text: &str, fixed: &'f str) -> &'f str {
    let (prefix, suffix) = shared_ends(text.as_bytes(), fixed.as_bytes());
    let mut start = prefix;
    while !fixed.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = fixed.len() - suffix;
    while !fixed.is_char_boundary(end) {
        end += 1;
    }
    let head = fixed.get(..start).expect("a character boundary");
    let tail = fixed.get(end..).expect("a character boundary");
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = tail
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(fixed.len(), |(i, _)| end + i);
    fixed
        .get(from..to)
        .expect("both ends are character boundaries")
}

/// [`changed_words`] given the words of the input ([`words_of`]).
fn changed_words_of<'a>(a: &[&'a str], output: &'a str) -> Vec<(&'a str, &'a str)> {
    let b = words_of(output);
    if a.len() == b.len() {
        return a.iter().copied().zip(b).filter(|(x, y)| x != y).collect();
    }
    // Trim the words both sides share at each end.
    let (prefix, suffix) = shared_ends(a, &b);
    let stretch = |words: &[&'a str]| -> Vec<&'a str> {
        words
            .get(prefix..words.len() - suffix)
            .map(<[&str]>::to_vec)
            .unwrap_or_default()
    };
    let (sa, sb) = (stretch(a), stretch(&b));
    let n = sa.len().max(sb.len());
    (0..n)
        .map(|i| {
            (
                sa.get(i).copied().unwrap_or(""),
                sb.get(i).copied().unwrap_or(""),
            )
        })
        .collect()
}

fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// The letters a single-byte repair turns into the punctuation that real
/// text writes where they stood, in a text read one character for one:
/// a pair of quotes around a stretch (`Ç%sÈ` into `«%s»`, `ÒyamlÓ` into
/// `“yaml”`), an apostrophe of elision between two small letters where a
/// capital stood (`dÕinitialisation`), a no-break space before French
/// punctuation (`erreurÊ:`), an ellipsis after a word (`CompletandoÉ`), an
/// inverted mark opening a Spanish sentence (`їEstб ...?`).
/// A letter in such a place is itself odd: a
/// capital glued to the outside of a word that is not written in
/// capitals, or inside a small word. `None` when the texts differ in
/// length.
fn punctuation_written(input: &str, output: &str, decoding: Decoding) -> Option<u32> {
    // Counted before anything is collected: most UTF-8 repairs change the
    // length.
    if input.chars().count() != output.chars().count() {
        return None;
    }
    let a = crate::chars::char_vec(input);
    let b = crate::chars::char_vec(output);
    let at = |w: &[char], j: Option<usize>| j.and_then(|j| w.get(j)).copied();
    let letter = |c: Option<char>| c.is_some_and(is_alphabetic);
    let capital = |c: Option<char>| c.is_some_and(char::is_uppercase);
    let small = |c: Option<char>| c.is_some_and(char::is_lowercase);
    // French sets its guillemets off with no-break spaces (`«\u{A0}%s\u{A0}»`).
    let blank = |c: Option<char>| c.is_some_and(|c| c.is_whitespace() && !is_no_break_space(c));
    // A single-byte repair reads a capital for the punctuation; a UTF-8
    // repair, one character for one, any character (`竄 %s 罈`).
    let replaced = |x: char| match decoding {
        Decoding::SingleByte => x.is_uppercase(),
        Decoding::Utf8 => !x.is_ascii(),
    };
    let mut written = 0;
    // The closers the openers so far wait for, and whether a space sets
    // the opener off.
    let mut open: Vec<(char, bool)> = Vec::new();
    // Inside brackets letters are a list, not words (`[a-zÉá]`).
    let mut depth = 0usize;
    for (i, (&x, &y)) in a.iter().zip(&b).enumerate() {
        match x {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if x == y || is_alphanumeric(y) || depth > 0 {
            continue;
        }
        let (before, after) = (at(&b, i.checked_sub(1)), at(&b, Some(i + 1)));
        if opens_spanish_sentence(&b, i) && x.is_alphabetic() {
            // `їEstб ...?` for `¿Está ...?`: a letter of either case.
            written += 1;
            continue;
        }
        if !replaced(x) {
            continue;
        }
        // Guillemets may stand apart from what they quote (`« %s »`) and
        // open either way (`»%s«` in German).
        let guillemet = matches!(y, '«' | '»');
        // A closer set off by a space closes only an opener set off by
        // one (`« %s »`, not `Çava È`).
        let closes = matches!(y, '”' | '’' | '»' | '«')
            && !letter(after)
            && !capital(before)
            && open.contains(&(y, blank(before)));
        let closer = match y {
            '“' => Some('”'),
            '‘' => Some('’'),
            '«' => Some('»'),
            '»' => Some('«'),
            _ => None,
        };
        if closes {
            // A closer, counted with its opener.
            if let Some(k) = open.iter().rposition(|&c| c == (y, blank(before))) {
                open.truncate(k);
                written += 2;
            }
        } else if let Some(closer) = closer.filter(|_| {
            // An opener: not after a letter, before something, neither a
            // space (but after a guillemet) nor a capital (`ÒPERA` is a
            // word in capitals).
            !letter(before) && after.is_some() && (guillemet || !blank(after)) && !capital(after)
        }) {
            open.push((closer, blank(after)));
        } else if y == '’' && small(before) && small(after) {
            // Elision: `d’initialisation`.
            written += 1;
        } else if y == '…'
            && small_run_before(&a, i) >= 3
            && !letter(after)
            && !letter(at(&a, Some(i + 1)))
        {
            // `CompletandoÉ` for `Completando…`.
            written += 1;
        } else if is_no_break_space(y)
            && (matches!(after, Some(':' | ';' | '!' | '?' | '»')) || before == Some('«'))
        {
            written += 1;
        }
    }
    Some(written)
}

/// Whether `text[i]` is an inverted question or exclamation mark that
/// opens a Spanish sentence: at the start of a word, before a capital, and
/// closed later in the line by its mark (`¿Está ...?`).
fn opens_spanish_sentence(text: &[char], i: usize) -> bool {
    let closer = match text.get(i) {
        Some('¿') => '?',
        Some('¡') => '!',
        _ => return false,
    };
    let edge = i
        .checked_sub(1)
        .and_then(|j| text.get(j))
        .map_or(true, |c| {
            c.is_whitespace() || matches!(c, '"' | '(' | '«' | '“')
        });
    edge && text.get(i + 1).is_some_and(|c| c.is_uppercase())
        && text.iter().skip(i + 2).any(|&c| c == closer)
}

/// How many small letters stand right before position `i`.
fn small_run_before(chars: &[char], i: usize) -> usize {
    chars
        .get(..i)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|c| c.is_lowercase())
        .count()
}

/// What the model sees of a repair: the cost of the changed words before
/// and after, and the evidence (non-ASCII characters changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Judgement {
    pub(crate) input_cost: u32,
    pub(crate) output_cost: u32,
    pub(crate) evidence: u32,
    pub(crate) output_has_impossible: bool,
    /// Whether the whole input is a short text ([`SHORT_TEXT`]).
    pub(crate) short: bool,
}

impl Judgement {
    /// The margin this much evidence needs.
    pub(crate) fn margin(&self) -> u32 {
        let short = if self.short { SHORT_MARGIN } else { 0 };
        MIN_MARGIN + SHARED_MARGIN.div_ceil(self.evidence.max(1)) + short
    }

    /// Whether the repair is taken.
    pub(crate) fn convincing(&self) -> bool {
        self.evidence > 0
            && !self.output_has_impossible
            && self.input_cost >= self.output_cost.saturating_add(self.margin())
    }
}

/// What [`judge`] takes from the input alone: computed once, it serves
/// every repair of the same input (a cost saving, no verdict in it).
pub(crate) struct InputSide<'a> {
    input: &'a str,
    short: bool,
    /// [`badness_cost`] of the input, computed when first needed
    /// ([`InputSide::badness`]).
    badness: Cell<Option<u32>>,
    words: Vec<&'a str>,
}

impl<'a> InputSide<'a> {
    pub(crate) fn of(input: &'a str) -> InputSide<'a> {
        InputSide {
            input,
            // At most SHORT_TEXT: the count stops at the one after.
            short: input
                .chars()
                .filter(|&c| is_alphanumeric(c))
                .nth(SHORT_TEXT)
                .is_none(),
            // Looked up now, before judging a repair evicts it.
            badness: Cell::new(remembered_badness(input)),
            words: words_of(input),
        }
    }

    /// [`badness_cost`] of the input.
    fn badness(&self) -> u32 {
        if let Some(cost) = self.badness.get() {
            return cost;
        }
        let cost = badness_cost(self.input, false);
        self.badness.set(Some(cost));
        cost
    }
}

thread_local! {
    /// The last input and the last output [`badness_cost`] scored, with
    /// their costs.
    static LAST_SCORED: RefCell<[(String, u32); 2]> =
        const { RefCell::new([(String::new(), 0), (String::new(), 0)]) };
}

/// [`badness_cost`] of `text` if it is one of the last two texts scored.
fn remembered_badness(text: &str) -> Option<u32> {
    LAST_SCORED.with(|last| {
        let last = last.borrow();
        last.iter()
            .find(|(seen, _)| seen == text)
            .map(|&(_, cost)| cost)
    })
}

/// ftfy's badness of a whole text, as a cost.
///
/// Remembers the last input and the last output it scored (`output` says
/// which `text` is): the output of a repair that the judge takes is the
/// input of the encoding loop's next round, and a text the judge saw as
/// input may come back (a cost saving; the value is the same).
fn badness_cost(text: &str, output: bool) -> u32 {
    if let Some(cost) = remembered_badness(text) {
        return cost;
    }
    let n = crate::badness::badness(text);
    let cost = BADNESS.saturating_mul(u32::try_from(n).unwrap_or(u32::MAX));
    LAST_SCORED.with(|last| {
        if let Some((seen, seen_cost)) = last.borrow_mut().get_mut(usize::from(output)) {
            seen.clear();
            seen.push_str(text);
            *seen_cost = cost;
        }
    });
    cost
}

/// The model's view of the repair of `input` into `output`.
pub(crate) fn judge(input: &str, output: &str, decoding: Decoding) -> Judgement {
    judge_given(&InputSide::of(input), output, decoding)
}

/// [`judge`] with what it needs of the input computed already.
pub(crate) fn judge_given(side: &InputSide<'_>, output: &str, decoding: Decoding) -> Judgement {
    let mut judgement = judge_but_input_badness(side, output, decoding);
    judgement.input_cost = judgement.input_cost.saturating_add(side.badness());
    judgement
}

/// [`judge_given`] but for the input's badness, which its `input_cost`
/// leaves out.
fn judge_but_input_badness(side: &InputSide<'_>, output: &str, decoding: Decoding) -> Judgement {
    let mut judgement = Judgement {
        input_cost: 0,
        output_cost: 0,
        evidence: 0,
        output_has_impossible: false,
        short: side.short,
    };
    let (mut before, mut after) = (Cost::default(), Cost::default());
    let changed = changed_words_of(&side.words, output);
    if no_alphabet_fits(changed.iter().map(|(a, _)| *a)) {
        before.common += NO_ALPHABET;
    }
    if no_alphabet_fits(changed.iter().map(|(_, b)| *b)) {
        after.common += NO_ALPHABET;
    }
    // Look-alike letters in words whose every new letter lands in a real
    // context (see `LOOK_ALIKE_QUORUM`).
    let (mut look_alike_words, mut look_alikes_written) = (0, 0);
    let mut letters_lost = 0;
    // The characters beyond ASCII that a UTF-8 repair writes.
    let mut utf8_written = 0;
    for (a, b) in changed {
        if is_case_paired_list(a) {
            // `^[ÄÅäå]`: a list of letters, not a word; no evidence.
            continue;
        }
        before.add(word_costs(a, false));
        after.add(word_costs(b, true));
        let count = |w: &str| {
            let n = w.chars().filter(|c| !c.is_ascii()).count();
            u32::try_from(n).unwrap_or(u32::MAX / 8)
        };
        // A letter that looks like an ASCII letter, in a word with ASCII
        // letters, is no evidence (see `LOOK_ALIKE`).
        let look_alikes = if a.chars().any(|c| c.is_ascii_alphabetic()) {
            let chars = crate::chars::char_vec(a);
            let n = (0..chars.len())
                .filter(|&i| {
                    chars.get(i).is_some_and(|&c| looks_like_ascii(c))
                        && stand_in(&chars, i).is_some()
                })
                .count();
            u32::try_from(n).unwrap_or(u32::MAX / 8)
        } else {
            0
        };
        judgement.evidence += count(a) - look_alikes;
        match decoding {
            Decoding::Utf8 => {
                utf8_written += count(b);
                judgement.evidence += UTF8_SEQUENCE * count(b);
                // One character for one (`L챗er` into `Lêer`): the same
                // test of contexts as a single-byte repair's.
                let moved = if judgement.short {
                    0
                } else {
                    context_moves(a, b).map_or(0, |m| m.moved)
                };
                judgement.evidence += CONTEXT_EVIDENCE * moved;
                before.common += UNSEEN_CONTEXT * moved;
                // A repair that writes dictionary words out of ideographs
                // no word puts together (`澶辫触` into `失败`).
                let (known, unknown) = han_pairs(b);
                if known > 0 && unknown == 0 && han_pairs(a).0 == 0 {
                    before.common += HAN_WORD * known;
                }
            }
            Decoding::SingleByte => {
                // Not in a short text: one letter in a two-letter context
                // is no overwhelming evidence.
                let moves = if judgement.short {
                    None
                } else {
                    context_moves(a, b)
                };
                let moved = moves.map_or(0, |m| m.moved);
                judgement.evidence += CONTEXT_EVIDENCE * moved;
                before.common += UNSEEN_CONTEXT * moved;
                if moves.is_some_and(|m| m.written > 0) && look_alikes > moved {
                    look_alike_words += 1;
                    look_alikes_written += look_alikes - moved;
                }
                let lost = a
                    .chars()
                    .zip(b.chars())
                    .filter(|&(x, y)| is_alphabetic(x) && !is_alphabetic(y))
                    .count();
                letters_lost += u32::try_from(lost).unwrap_or(u32::MAX / 8);
            }
        }
        judgement.output_has_impossible |= b.chars().any(|c| tier(c) == 3);
    }
    if decoding == Decoding::Utf8 && side.short {
        short_utf8_repair(side.input, output, utf8_written, &mut judgement, &mut after);
    }
    // Characters turned into the punctuation real text writes there are
    // evidence (and, for a single-byte repair's letters, not losses).
    let punctuation = if judgement.short {
        0
    } else {
        punctuation_written(side.input, output, decoding).unwrap_or(0)
    };
    judgement.evidence += CONTEXT_EVIDENCE * punctuation;
    before.common += UNSEEN_CONTEXT * punctuation;
    if decoding == Decoding::SingleByte {
        after.common += LETTER_LOST * letters_lost.saturating_sub(punctuation);
    }
    if look_alike_words >= LOOK_ALIKE_QUORUM {
        judgement.evidence += look_alikes_written;
        before.common += SWITCH * look_alikes_written;
    }
    // ftfy's badness looks at characters in context (`Ã¥` alone is not
    // bad, `ikke Ã¥ åpne` is): the whole texts.
    // (The input's badness is added by `judge_given`.)
    judgement.input_cost = before.total();
    judgement.output_cost = after.total().saturating_add(badness_cost(output, true));
    judgement
}

/// What a UTF-8 repair of a short text must overcome on top of the rest
/// (the issue's "a 2–4 character input needs overwhelming evidence"):
/// - one character read back, `written`, is no evidence: a Chinese or
///   Japanese label has a common ideograph between two letters (`e茫o`,
///   `s眉v2`) as often as a word has one accented letter read as GBK
///   (`eão`, `süv2`);
/// - each letter read out of a character costs a [`SWITCH`]
///   ([`letters_read_out_of_characters`]).
fn short_utf8_repair(
    input: &str,
    output: &str,
    written: u32,
    judgement: &mut Judgement,
    after: &mut Cost,
) {
    if written < 2 {
        judgement.evidence = 0;
    }
    after.common += SWITCH * letters_read_out_of_characters(input, output);
}

/// How many more ASCII letters `output` has than `input`: letters a UTF-8
/// repair read out of the input's characters. Shift_JIS and GBK write a
/// letter as the second byte of a double-byte character, so re-encoding
/// two ideographs can give one and a letter: `諛厩a` read back as UTF-8 is
/// `應Xa`, where the new capital saves the switch from an ideograph to a
/// small letter (a Chinese label with a letter after it). In a short text
/// each such letter costs what that switch costs: the repair must win
/// without it.
fn letters_read_out_of_characters(input: &str, output: &str) -> u32 {
    let letters = |t: &str| t.bytes().filter(u8::is_ascii_alphabetic).count();
    u32::try_from(letters(output).saturating_sub(letters(input))).unwrap_or(u32::MAX / 8)
}

/// Whether the repair of `input` into `output`, beyond ftfy, is taken.
pub(crate) fn repair_is_convincing(input: &str, output: &str, decoding: Decoding) -> bool {
    input != output && repair_is_convincing_given(&InputSide::of(input), output, decoding)
}

/// [`repair_is_convincing`] with what it needs of the input computed
/// already.
pub(crate) fn repair_is_convincing_given(
    side: &InputSide<'_>,
    output: &str,
    decoding: Decoding,
) -> bool {
    if side.input == output {
        return false;
    }
    // The input's badness only adds to its cost, and a higher input cost
    // never makes a repair less convincing (the margin does not depend on
    // it): a repair convincing without it is convincing with it, and the
    // badness of the input, the dearest part of the judgement on a line
    // full of mojibake, is then not computed. The verdict is the same.
    let mut judgement = judge_but_input_badness(side, output, decoding);
    if judgement.convincing() {
        return true;
    }
    judgement.input_cost = judgement.input_cost.saturating_add(side.badness());
    judgement.convincing()
}

/// Whether the character `decoded`, which the characters `text[start..end]`
/// encode to as UTF-8 in some code page, fits where it stands, for the
/// repair of lone sequences (`ΓÇö` for `—`, `Ã…lesund` for `Ålesund`): it
/// has the shape of a character that belongs there
/// ([`shape_fits`](super::lone::shape_fits)), the characters of the input
/// do not read as a word (a non-letter among them, a switch of script, or
/// a letter where no real word writes it: `âžœ`), and a letter stands in a
/// context real words write ([`context_seen`]: `Ål` starting a word).
pub(crate) fn lone_sequence_fits(
    text: &str,
    start: usize,
    end: usize,
    decoded: char,
    in_brackets: bool,
) -> bool {
    if !super::lone::shape_fits(text, start, end, decoded, in_brackets) {
        return false;
    }
    let Some((head, span, tail)) = super::lone::split_around(text, start, end) else {
        return false;
    };
    let before = head.chars().next_back();
    let after = tail.chars().next();
    let span_chars = crate::chars::char_vec(span);
    let non_letter = span_chars.iter().any(|&c| !is_alphabetic(c));
    let switch = span_chars
        .windows(2)
        .any(|w| matches!(w, [a, b] if script(*a) != script(*b)));
    let unseen = (0..span_chars.len()).any(|k| {
        let at = |j: Option<usize>| j.and_then(|j| span_chars.get(j)).copied();
        let prev = at(k.checked_sub(1)).or(before);
        let next = at(Some(k + 1)).or(after);
        span_chars
            .get(k)
            .is_some_and(|&c| !context_seen(prev, c, next, false))
    });
    if !(non_letter || switch || unseen) {
        return false;
    }
    if is_alphabetic(decoded) {
        // A capital that starts its word (the shape test): real words
        // write it before the letter after it.
        return context_seen(None, decoded, after, true);
    }
    tier(decoded) <= 2
}

/// Whether the repair of `input` into `output`, which decodes the lone
/// sequences `input[start..end]` of `spans`, each fitting where it stands
/// ([`lone_sequence_fits`]), is convincing: the model's judgement of a
/// UTF-8 repair, with each sequence as evidence, and each letter of a
/// sequence that stands in a context no real word writes (`Γ` before `Ç`,
/// `â` at the start of a word before `š`) as such a letter, as for the
/// letters a single-byte repair moves, and each symbol of a sequence glued
/// to one of its letters (`š¡`) as a symbol inside a word.
pub(crate) fn lone_sequences_convincing(
    input: &str,
    output: &str,
    spans: &[(usize, usize)],
) -> bool {
    if input == output || spans.is_empty() {
        return false;
    }
    let mut judgement = judge(input, output, Decoding::Utf8);
    for &(start, end) in spans {
        let Some((head, span, tail)) = super::lone::split_around(input, start, end) else {
            return false;
        };
        let mut before = head.chars().next_back();
        let chars = crate::chars::char_vec(span);
        let mut unseen = 0u32;
        let mut glued = 0u32;
        for (k, &c) in chars.iter().enumerate() {
            let after = chars.get(k + 1).copied().or_else(|| tail.chars().next());
            if is_alphabetic(c) && !context_seen(before, c, after, false) {
                unseen += 1;
            }
            // A symbol glued to a letter of the sequence (`š¡`, `Ã…`).
            let beside = |i: Option<usize>| {
                i.and_then(|i| chars.get(i))
                    .is_some_and(|&c| is_alphabetic(c))
            };
            if !is_alphanumeric(c) && (beside(k.checked_sub(1)) || beside(Some(k + 1))) {
                glued += 1;
            }
            before = Some(c);
        }
        judgement.evidence += CONTEXT_EVIDENCE;
        judgement.input_cost = judgement
            .input_cost
            .saturating_add(UNSEEN_CONTEXT * unseen + SYMBOL_INSIDE * glued);
    }
    judgement.convincing()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_stretch_of_a_repair() {
        assert_eq!(changed_stretch("a MÃ¼ller b", "a Müller b"), "Müller");
        assert_eq!(changed_stretch("Ã© x Ã©", "é x é"), "é x é");
        assert_eq!(changed_stretch("xÃ©", "xé"), "xé");
        // A change inside a character widens to the character.
        assert_eq!(changed_stretch("ab é", "ab è"), "è");
    }

    #[test]
    fn triples_are_the_windows_of_three() {
        let test = |a: char, b: char, c: char| a < b && b >= c;
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "abca",
            "zyxabcabc",
            "éaÉbÖcß",
            "donnŽes",
        ] {
            let chars = crate::chars::char_vec(text);
            let windows = chars
                .windows(3)
                .filter(|w| matches!(w, [a, b, c] if test(*a, *b, *c)))
                .count();
            assert_eq!(triples(text.chars(), test), windows, "{text:?}");
        }
        assert_eq!(capitals_inside("donnŽes"), 1);
        assert!(is_case_paired_list("[ÄÅäå]"));
    }

    #[test]
    fn tiers_rank_characters_by_use() {
        for c in ['a', 'é', 'ж', 'λ', '的', '你', '好', '가', 'あ', 'ア'] {
            assert_eq!(tier(c), 0, "{c}");
        }
        // GB 2312 level 2, KS X 1001 hanja.
        assert_eq!(tier('浣'), 1);
        // Outside every standard's sets, Extension A and B, private use.
        assert_eq!(tier('늈'), 2);
        for c in ['㤗', '\u{20000}', '\u{E000}', '\u{80}', '\u{FFFD}'] {
            assert_eq!(tier(c), 3, "{c:?}");
        }
    }

    #[test]
    fn clean_words_of_common_characters_cost_nothing() {
        for word in [
            "電圧",
            "网友",
            "邊框闊度",
            "Привет",
            "Café",
            "T恤",
            "ひらがな漢字",
        ] {
            assert_eq!(word_cost(word, false), 0, "{word}");
        }
    }

    #[test]
    fn pairs_real_text_writes_cost_nothing() {
        // Kabyle writes ε in Latin words; no language writes `aå`.
        assert_eq!(
            seen_pair((Script::Latin, 'a'), (Script::Greek, 'ε')),
            Some(true)
        );
        assert_eq!(
            seen_pair((Script::Latin, 'a'), (Script::Latin, 'å')),
            Some(false)
        );
        assert_eq!(
            seen_pair((Script::Latin, 'Ä'), (Script::Latin, 't')),
            Some(true)
        );
        // Running text writes `uò` (Italian `può`), which names and word
        // lists leave out.
        assert_eq!(
            seen_pair((Script::Latin, 'u'), (Script::Latin, 'ò')),
            Some(true)
        );
        assert_eq!(seen_pair((Script::Latin, 'a'), (Script::Latin, 'b')), None);
        assert!(word_cost("Taårabt", false) >= word_cost("Taεrabt", false));
        assert!(!judge(
            "Ssaεudiyya Taεrabt",
            "Ssaåudiyya Taårabt",
            Decoding::SingleByte
        )
        .convincing());
    }

    #[test]
    fn a_switch_of_script_inside_a_word_costs() {
        assert!(word_cost("Zusδtzlicher", false) >= 2 * SWITCH);
        assert!(word_cost("粞y舓x", false) > word_cost("粞Y舓X", false));
    }

    #[test]
    fn the_margin_shrinks_with_the_evidence() {
        let short = judge("iншi", "iíøi", Decoding::SingleByte);
        assert!(!short.convincing(), "{short:?}");
        let long = judge(
            "Ïðèâåò, ìèð! Êàê äåëà?",
            "Привет, мир! Как дела?",
            Decoding::SingleByte,
        );
        assert!(long.margin() < short.margin());
        assert!(long.convincing(), "{long:?}");
    }

    #[test]
    fn lists_of_letters_are_not_words() {
        assert!(is_case_paired_list("^[ÍÐÓíðó]"));
        assert!(is_case_paired_list("[sSšŠ]"));
        assert!(is_case_paired_list("^[ÐÓÞðó]"));
        assert!(!is_case_paired_list("Ïðèâåò"));
        assert!(!is_case_paired_list("ÉTÉ"));
        assert!(!judge("^[ÄÅäå]", "^[ДЕде]", Decoding::SingleByte).convincing());
    }

    #[test]
    fn letters_read_out_of_ideographs_are_no_evidence() {
        // Two ideographs and a letter whose Shift_JIS bytes read as UTF-8
        // give an ideograph and two letters: the new capital would save the
        // switch to a small letter.
        for (input, output) in [("諛厩a", "應Xa"), ("逶参a", "盎Qa"), ("邀イa", "籃Ca")] {
            assert_eq!(letters_read_out_of_characters(input, output), 1);
            assert!(
                !repair_is_convincing(input, output, Decoding::Utf8),
                "{input}"
            );
            assert_eq!(crate::fix_encoding(input), input);
        }
        // Real mojibake that reads a letter out of a character still
        // repairs on evidence of its own.
        assert_eq!(
            crate::fix_encoding("險ｭ螳咤繧剃ｿ晏ｭ倥＠縺ｾ縺励◆"),
            "設定Bを保存しました"
        );
        assert_eq!(crate::fix_encoding("險ｭ螳咤"), "設定B");
    }

    #[test]
    fn short_cjk_labels_stay() {
        // Shapes of short labels, from `scripts/cjk-shapes-audit`: common
        // ideographs beside letters and digits, whose bytes in some CJK
        // code page read as UTF-8 into one letter (`e茫o` as `eão`), into
        // letters of scripts no word mixes (`啻爐寨v2` as `ഠtկv2`), or into a
        // vowel sign after a digit (`v2爭系b` as `v2ौnb`).
        for label in [
            "e茫o",
            "s眉v2",
            "b枚a",
            "x迦b",
            "-a铆b",
            "啻爐寨v2",
            "v2爭系b",
        ] {
            assert_eq!(crate::fix_encoding(label), label);
            assert_eq!(crate::fix_text(label), label);
        }
        // A longer word still repairs on its letters' contexts.
        assert_eq!(crate::fix_encoding("M眉ller"), "Müller");
    }

    #[test]
    fn chinese_written_against_english_words_stays() {
        // Cantonese and Mandarin write English words right against their
        // own (`讀chem`, `send咗`). A character there reads, in some CJK code
        // page, as the UTF-8 of one accented letter or a no-break space
        // (`Ūchem`): no evidence, as the switch at a word's edge is an
        // ordinary one.
        for (clean, garbled) in [
            ("簽contract", "ñcontract"),
            ("讀chem", "Ūchem"),
            ("讀survey同埋", "Ūsurvey同埋"),
            ("聽lecture", "\u{a0}lecture"),
        ] {
            assert!(
                !judge(clean, garbled, Decoding::Utf8).convincing(),
                "{clean}"
            );
            assert_eq!(crate::fix_encoding(clean), clean);
            assert_eq!(crate::fix_text(clean), clean);
        }
        // A run of CJK with Latin letters on both sides is inside a Latin
        // word, which no script writes: each side costs the full switch.
        let cost = |w: &str| word_costs(w, false).common;
        let (tiers, inside) = (cost("r") + cost("茅") + cost("gion"), cost("r茅gion"));
        assert_eq!(inside - tiers, 2 * CJK_SMALL_LATIN);
        assert_eq!(
            cost("讀chem") - cost("讀") - cost("chem"),
            CJK_EDGE_SMALL_LATIN
        );
        assert_eq!(cost("chem讀"), cost("讀chem"));
        assert_eq!(
            cost("ab讀書cd") - cost("ab") - cost("讀書") - cost("cd"),
            2 * CJK_SMALL_LATIN
        );
        // A capital is no small letter (`T恤` costs nothing), but it is a
        // Latin side of the run.
        assert_eq!(cost("T恤"), cost("T") + cost("恤"));
        assert_eq!(
            cost("aT恤b") - cost("aT") - cost("恤") - cost("b"),
            CJK_SMALL_LATIN
        );
        // Mojibake inside a word still repairs, and so does one at a word's
        // edge with evidence elsewhere in the line.
        assert_eq!(crate::fix_encoding("G枚teborg"), "Göteborg");
        assert_eq!(crate::fix_encoding("dans la r茅gion"), "dans la région");
        assert_eq!(crate::fix_encoding("caf茅 au lait"), "café au lait");
    }

    #[test]
    fn letters_of_other_scripts_side_by_side_are_a_switch() {
        let cost = |w: &str| word_costs(w, false).common;
        assert_eq!(cost("ഠtկ"), 2 * SWITCH + cost("ഠ") + cost("t") + cost("կ"));
        // One script, however many blocks (Armenian; Arabic and its
        // presentation forms; a Hindi word with its vowel signs).
        assert_eq!(other_script(0x561), other_script(0x580));
        assert_eq!(other_script(0x627), other_script(0xFEB3));
        assert_eq!(cost("नमस्ते"), 0);
        assert_eq!(orphan_mark_cost('\u{94C}', None), SWITCH);
        // Modifier letters belong to the word they stand in (`Hawaiʻi`).
        assert_eq!(script('ʻ'), None);
    }

    /// What a word costs more in a repair's output than in clean text.
    fn claimed_extra(word: &str) -> u32 {
        word_costs(word, true).common - word_costs(word, false).common
    }

    #[test]
    fn a_letter_alone_in_its_script_is_not_believed() {
        // One letter of an alphabet among letters of another, on either
        // side or both (`m` is alone after `ٵ`).
        assert_eq!(lone_letters("naïveٵm"), 2);
        assert_eq!(lone_letters("helloցlesund"), 1);
        assert_eq!(lone_letters("ũمرحبا"), 1);
        assert_eq!(lone_letters("přílišสวัสดีò"), 1);
        // So do the digits of a script that writes its own.
        assert_eq!(lone_letters("niño٧señor"), 1);
        assert_eq!(lone_letters("piso٠"), 1);
        assert_eq!(lone_letters("عام٢٠٢٠"), 0);
        // Chinese, Japanese and Korean glue words and single ASCII letters
        // of other scripts to theirs, not one accented Latin letter.
        assert_eq!(lone_letters("è日本語"), 1);
        assert_eq!(lone_letters("서울ũ"), 1);
        for word in ["A형", "T恤", "用Python", "ÉCOLE東京"] {
            assert_eq!(lone_letters(word), 0, "{word}");
        }
        // A mark of a script of its own on a letter of another costs as
        // much in what a repair writes; on a letter of its script nothing.
        assert_eq!(claimed_extra("Češtinaٙ"), LONE_LETTER_CLAIMED);
        assert_eq!(claimed_extra("नमस्ते"), 0);
        // Runs of one script, the pairs that words do mix, and the symbols
        // that are letters.
        for word in [
            "Привет",
            "naïve",
            "iPhone을",
            "Tokyo東京",
            "ｶﾀｶﾅa",
            "IFNγ",
            "βcatenin",
            "Nº",
            "2ª",
            "µm",
            "USB‑флешка",
            "नमस्ते",
        ] {
            assert_eq!(lone_letters(word), 0, "{word}");
        }
        // Only what a repair writes pays for them.
        assert_eq!(claimed_extra("helloցlesund"), LONE_LETTER_CLAIMED);
        // Glued symbols that ftfy's badness reads as Mac Roman, which a
        // UTF-8 repair would turn into one letter of another script.
        for (input, output) in [
            ("naïveΩµm", "naïveٵm"),
            ("SãoΩ½", "Sãoٽ"),
            ("≈©مرحبا", "ũمرحبا"),
            ("hello÷Ålesundمرحباｶﾀｶﾅ", "helloցlesundمرحباｶﾀｶﾅ"),
            ("niñoΩ§señor", "niño٧señor"),
            ("√®日本語", "è日本語"),
            ("※✗√©한국어", "※✗é한국어"),
        ] {
            assert!(
                !repair_is_convincing(input, output, Decoding::Utf8),
                "{input}"
            );
            assert_eq!(crate::fix_encoding(input), input);
        }
        // A letter glued to words of Chinese, Japanese or Korean is still
        // believed.
        assert!(repair_is_convincing(
            "iPhoneì\u{9d}„",
            "iPhone을",
            Decoding::Utf8
        ));
    }

    #[test]
    fn an_accented_letter_among_digits_is_not_believed() {
        assert_eq!(letters_among_digits("ô100שלום"), 1);
        assert_eq!(letters_among_digits("3.14ê"), 1);
        assert_eq!(letters_among_digits("1é2"), 1);
        // Glued to a word, beside punctuation, or a symbol that is a letter.
        for word in ["3ème", "1ère", "é,", "(à)", "nº5", "2ª", "5µm", "42"] {
            assert_eq!(letters_among_digits(word), 0, "{word}");
        }
        assert_eq!(claimed_extra("ô100"), LONE_LETTER_CLAIMED);
        let (input, output) = ("√¥100שלום🇯🇵", "ô100שלום🇯🇵");
        assert!(!repair_is_convincing(input, output, Decoding::Utf8));
        assert_eq!(crate::fix_text(input), input);
    }

    #[test]
    fn greek_words_of_two_syllables_carry_an_accent() {
        // Small letters, two runs of vowels or more, no accent.
        assert_eq!(unaccented_greek_words("μηθμηκ"), 1);
        assert_eq!(unaccented_greek_words("«Μηθξηι»"), 1);
        assert_eq!(unaccented_greek_words("καλημερα-κοσμε"), 2);
        assert_eq!(unaccented_greek_words("νηιοηλ"), 1);
        for c in "άέήίόύώΐΰΆΈΉΊΌΎΏἄ".chars() {
            assert!(is_accented_greek(c), "{c}");
        }
        for c in "αεηιουωϊϋΑΩ".chars() {
            assert!(!is_accented_greek(c), "{c}");
        }
        // An accent, capitals, one syllable, or Greek Extended.
        for word in [
            "καλημέρα",
            "ΚΑΛΗΜΕΡΑ",
            "Αθήνα",
            "του",
            "για",
            "ποιος",
            "IFNγ",
            "αβ",
            "ἄνθρωπος",
            "Ολα",
        ] {
            assert_eq!(unaccented_greek_words(word), 0, "{word}");
        }
        assert_eq!(claimed_extra("μηθμηκ"), UNACCENTED_GREEK_CLAIMED);
        // A name styled with accents read as Greek read as Windows-1252
        // (nor, as its Cyrillic is of letters Cyrillic text seldom writes,
        // as Cyrillic); real Greek so read keeps its accents.
        for styled in ["ìçèìçê", "«Ìçèîçé»", "ïçèïçê"] {
            assert_eq!(crate::fix_text(styled), styled);
        }
        assert_eq!(crate::fix_text("ÊáëçìÝñá êüóìå"), "Καλημέρα κόσμε");
    }

    #[test]
    fn look_alike_letters_are_little_evidence() {
        // Macedonian with Latin `o` and `e` typed in, and a Cyrillic `с` in
        // a Latin word.
        for (clean, garbled) in [
            ("пoмoш", "ïoìoø"),
            ("мoжeл", "ìoæeë"),
            ("viсs@eq.by", "viñs@eq.by"),
        ] {
            assert!(
                !judge(clean, garbled, Decoding::SingleByte).convincing(),
                "{clean}"
            );
        }
        // The Latin letters of a real mix-up have no twin there.
        assert!(judge(
            "Le Thйвtre de la ville et le Thйвtre du Chвtelet",
            "Le Théâtre de la ville et le Théâtre du Châtelet",
            Decoding::SingleByte
        )
        .convincing());
    }

    fn letters_put_in_context(input: &str, output: &str) -> u32 {
        context_moves(input, output).map_or(0, |m| m.moved)
    }

    #[test]
    fn dictionary_words_of_ideographs_are_evidence() {
        assert_eq!(han_pairs("失败"), (1, 0));
        assert_eq!(han_pairs("澶辫触"), (0, 2));
        assert_eq!(han_pairs("a失b败"), (0, 0));
        let d = Decoding::Utf8;
        assert!(repair_is_convincing(
            "prctl(KEEPCAPS) 澶辫触",
            "prctl(KEEPCAPS) 失败",
            d
        ));
        // Alone, two ideographs are still too little to go on.
        assert!(!repair_is_convincing("澶辫触", "失败", d));
    }

    #[test]
    fn contexts_are_those_real_words_write() {
        assert!(context_seen(Some('i'), 'ó', Some('n'), false));
        assert!(context_seen(None, 'ñ', Some('a'), false));
        assert!(!context_seen(Some('i'), 'у', Some('n'), true));
        assert!(!context_seen(Some('q'), 'x', Some('z'), false));
    }

    #[test]
    fn letters_put_in_context_count_only_real_moves() {
        // A Cyrillic letter in a Dutch word, read as Windows-1252.
        assert_eq!(
            letters_put_in_context("Waardespasiлring", "Waardespasiëring"),
            1
        );
        assert_eq!(letters_put_in_context("fenиstra", "fenèstra"), 1);
        // Stand-ins read as their Latin twins are real words already.
        assert_eq!(letters_put_in_context("viсs", "viñs"), 0);
        assert_eq!(letters_put_in_context("Akyerεko", "Akyeråko"), 0);
        // A capital between two small letters starts a word; at the end
        // of one it does not.
        assert_eq!(letters_put_in_context("getŠrilanka", "getärilanka"), 0);
        assert_eq!(letters_put_in_context("rebasŽ", "rebasé"), 1);
        // A Cyrillic word typed with a Latin `e`.
        assert_eq!(letters_put_in_context("бeшe", "áeøe"), 0);
        // One letter in a context no word writes, and the move is off.
        assert_eq!(letters_put_in_context("Nиzamettиn", "Nèzamettèn"), 0);
        // A capital inside a word of small letters is in no context; one
        // that starts a second word run into the first is.
        assert_eq!(letters_put_in_context("donnŽes", "données"), 1);
        assert_eq!(letters_put_in_context("ignorŽ", "ignoré"), 1);
        assert!(capital_inside_small_word(&['t', 'u', 'Ž'], 2));
        assert!(!capital_inside_small_word(
            &['g', 'e', 'Š', 'r', 'i', 'l'],
            2
        ));
        // One small letter alone before a capital is no word of its own.
        assert!(capital_inside_small_word(&['t', 'Š', 'r', 'i', 'l'], 1));
        assert!(!capital_inside_small_word(&['K', 'o', 'Я', 'n'], 2));
        assert_eq!(letters_put_in_context("KoЯn", "Koßn"), 0);
        assert_eq!(letters_put_in_context("rŽsolution", "résolution"), 1);
        // A Cyrillic letter that looks like no Latin one, between Latin
        // letters: the new letter needs only to follow the one before and,
        // elsewhere, precede the one after.
        assert!(foreign_inside_latin(&['t', 'и', 'c'], 1));
        assert!(!foreign_inside_latin(&['t', 'е', 'c'], 1));
        assert!(!foreign_inside_latin(&['и', 'и', 'c'], 1));
        assert!(!foreign_inside_latin(&['t', 'и', 'c', 'и', 'c'], 1));
        assert!(!foreign_inside_latin(&['K', 'o', 'Я', 'n'], 2));
        assert_eq!(letters_put_in_context("tиcnics", "tècnics"), 1);
        assert_eq!(letters_put_in_context("jьmmers", "jümmers"), 1);
    }

    #[test]
    fn a_move_into_real_contexts_is_evidence() {
        let d = Decoding::SingleByte;
        assert!(repair_is_convincing(
            "tekengeoriлnteerd apparaat",
            "tekengeoriënteerd apparaat",
            d
        ));
        assert!(!repair_is_convincing(
            "Imarat Tiεrabin",
            "Imarat Tiårabin",
            d
        ));
        assert!(!repair_is_convincing("nгo", "não", d));
        // Greek look-alikes in a Latin word are no typo (see `stand_in`);
        // Cyrillic ones count only in two words or more.
        assert!(repair_is_convincing(
            "forcer la crιation",
            "forcer la création",
            d
        ));
        // But an omicron is typed for `o` in spoofed names, and a capital
        // among capitals is its Latin twin (see `greek_typed_in`).
        assert!(!repair_is_convincing("Amazοn", "Amazïn", d));
        assert!(!repair_is_convincing(
            "your Gοοgle account",
            "your Gïïgle account",
            d
        ));
        assert!(!repair_is_convincing("PΑYPΑL LOGIN", "PÁYPÁL LOGIN", d));
        assert!(!repair_is_convincing("ΙΝSΤAGRΑM", "ÉÍSÔAGRÁM", d));
        assert!(!repair_is_convincing(
            "Tamaсu del estensor",
            "Tamañu del estensor",
            d
        ));
        assert!(repair_is_convincing(
            "les slots de rιplications ... utilisιs si",
            "les slots de réplications ... utilisés si",
            d
        ));
    }

    #[test]
    fn the_input_badness_left_out_changes_no_verdict() {
        let lines = [
            include_str!("../../benches/data/web_lines.txt"),
            include_str!("../../benches/data/short_lines.txt"),
            include_str!("../../benches/data/mojibake.txt"),
            include_str!("../../benches/data/mostly_clean.txt"),
        ]
        .concat();
        let ftfy = crate::Config::default().beyond_ftfy(false);
        let (mut pairs, mut taken) = (0, 0);
        for input in lines.lines() {
            let outputs = [
                crate::fix_text(input).into_owned(),
                crate::fix_text_with(input, &ftfy).into_owned(),
            ];
            for output in &outputs {
                for decoding in [Decoding::Utf8, Decoding::SingleByte] {
                    let whole = input != output && judge(input, output, decoding).convincing();
                    let given = InputSide::of(input);
                    assert_eq!(
                        repair_is_convincing_given(&given, output, decoding),
                        whole,
                        "{input:?} {output:?}"
                    );
                    pairs += 1;
                    taken += usize::from(whole);
                }
            }
        }
        assert!(taken > 100 && taken < pairs, "{taken} of {pairs}");
    }

    #[test]
    fn words_split_where_str_split_does() {
        let split = |t: &str| -> Vec<String> {
            t.split(separates)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let texts = [
            include_str!("../../benches/data/web_lines.txt"),
            include_str!("../../benches/data/short_lines.txt"),
            include_str!("../../benches/data/mostly_clean.txt"),
            include_str!("../../benches/data/mojibake.txt"),
            include_str!("../../benches/data/clean_multilingual.txt"),
            " a\u{85}b\u{a0}c\u{2007}d\u{2000}e\u{3000}f\u{1c}g\u{b}h\u{202f}i\u{205f}j\u{1680}k\u{2028}\u{2029}l\t\r\n\u{c}",
            "\u{3000}",
            "",
            "é",
        ];
        // Every space, and every character, between two letters.
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(words_of(&text), split(&text), "{c:?}");
        }
        for text in texts {
            assert_eq!(words_of(text), split(text), "{text:?}");
            for line in text.lines() {
                assert_eq!(words_of(line), split(line), "{line:?}");
            }
        }
    }

    #[test]
    fn changed_words_pair_up_or_fall_back_to_stretches() {
        assert_eq!(changed_words("a bÃ© c", "a bé c"), vec![("bÃ©", "bé")]);
        assert_eq!(
            changed_words("a b\u{3000}c d", "a bc d"),
            vec![("b", "bc"), ("c", "")]
        );
        // A no-break space binds: a letter read for it keeps the pairs.
        assert_eq!(
            changed_words("a bÊ: d", "a b\u{A0}: d"),
            vec![("bÊ:", "b\u{A0}:")]
        );
    }

    #[test]
    fn punctuation_where_real_text_writes_it_is_evidence() {
        assert_eq!(
            punctuation_written("le fichier Ç%sÈ", "le fichier «%s»", Decoding::SingleByte),
            Some(2)
        );
        assert_eq!(
            punctuation_written("dÕune", "d’une", Decoding::SingleByte),
            Some(1)
        );
        assert_eq!(
            punctuation_written("erreurÊ: %s", "erreur\u{A0}: %s", Decoding::SingleByte),
            Some(1)
        );
        assert_eq!(
            punctuation_written("CompletandoÉ", "Completando…", Decoding::SingleByte),
            Some(1)
        );
        // Letters in brackets are a list (`[a-zÉá]`).
        assert_eq!(
            punctuation_written("[a-zÉá]+", "[a-z…·]+", Decoding::SingleByte),
            Some(0)
        );
        assert_eq!(
            punctuation_written("a-zÉ", "a-z…", Decoding::SingleByte),
            Some(0)
        );
        // Words in capitals (`ÒPERA ... NACIÓ`), a lone opener and a
        // closer after a space are not quotes.
        assert_eq!(
            punctuation_written("ÒPERA NACIÓ", "“PERA NACI”", Decoding::SingleByte),
            Some(0)
        );
        assert_eq!(
            punctuation_written("Çava", "«ava", Decoding::SingleByte),
            Some(0)
        );
        // UTF-8 read as Big5: guillemets apart from what they quote, and
        // the German way round.
        let u = Decoding::Utf8;
        assert_eq!(
            punctuation_written("per 竄 %s 罈.", "per « %s ».", u),
            Some(2)
        );
        assert_eq!(
            punctuation_written("oder 罈}竄 erwartet", "oder »}« erwartet", u),
            Some(2)
        );
        assert_eq!(punctuation_written("per 竄 %s", "per « %s", u), Some(0));
        assert_eq!(
            punctuation_written("Çava È", "«ava »", Decoding::SingleByte),
            Some(0)
        );
        let d = Decoding::SingleByte;
        assert!(repair_is_convincing(
            "Directory root Ç%sÈ non valida",
            "Directory root «%s» non valida",
            d
        ));
        assert!(!repair_is_convincing("Ç%sÈ", "«%s»", d));
        // A Spanish sentence opened by an inverted mark and closed by its
        // mark (Windows-1252 read as Windows-1251).
        assert_eq!(
            punctuation_written("їQuisiste decir %s?", "¿Quisiste decir %s?", d),
            Some(1)
        );
        assert_eq!(
            punctuation_written("їQuisiste decir", "¿Quisiste decir", d),
            Some(0)
        );
        assert_eq!(
            punctuation_written("aїQuisiste?", "a¿Quisiste?", d),
            Some(0)
        );
        assert_eq!(
            punctuation_written("ї quisiste?", "¿ quisiste?", d),
            Some(0)
        );
    }
}
