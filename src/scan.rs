//! The fast path: can any step of the pipeline change this text at all?
//!
//! [`is_clean`] answers at byte level, without running a fixer. It is
//! conservative: `true` means that, under the given [`Config`], no step of
//! the pipeline changes the text (so the fixer can return it borrowed);
//! `false` only means "maybe, run the pipeline".
//!
//! Which characters can each step touch:
//!
//! | Step | Characters |
//! |---|---|
//! | `unescape_html` | `&` starting `&#?[0-9A-Za-z]{1,24};` |
//! | `remove_terminal_escapes` | ESC |
//! | `remove_control_chars` | U+0000–0008, 000B, 000E–001F, 007F, 206A–206F, FEFF, FFF9–FFFC |
//! | `fix_line_breaks` | `\r`, U+0085, U+2028, U+2029 |
//! | `fix_c1_controls` | U+0080–009F |
//! | `fix_latin_ligatures` | U+0132, 0133, 0149, 01C4–01CC, 01F1–01F3, FB00–FB06 |
//! | `fix_character_width` | U+3000, U+FF01–FFEF |
//! | `uncurl_quotes` | U+02BC, U+2018–201F |
//! | `fix_surrogates` | nothing (a `str` holds no surrogates) |
//! | NFC | characters whose quick check is not "yes", and two combining marks in a row |
//! | the encoding repair | only when [`is_bad`](crate::is_bad) matches (see below) |
//!
//! The encoding repair does nothing unless ftfy's badness expression
//! matches. Every alternative of that expression either contains one of
//! a few trigger characters (a C1 control, `Œ`/`œ`, or `Ã`/`Â` followed by a
//! space) or two adjacent characters of the classified set that form a
//! pair the alternative requires (for example a lowercase Cyrillic letter
//! followed by `Ђ` for `вЂ`). [`PAIRS`](crate::badness::expression::PAIRS)
//! lists one such pair per alternative; each classified character carries
//! two bit masks (which pairs it can start, which it can end), so a text
//! with no trigger and no adjacent `left & right != 0` cannot match. Clean
//! accented Latin, Cyrillic and Greek text passes without running the
//! expression.
//!
//! The check is monotone: a substring of a clean text is clean, so a whole
//! text that passes needs no per-segment check.
//!
//! ASCII runs are skipped eight bytes at a time (32 at a time once a run is
//! long, with a branch-free fold that the compiler vectorises); a non-ASCII
//! run is decoded character by character and each character costs one
//! lookup in a 64 K table of the Basic Multilingual Plane, generated from
//! these rules and the `unicode-normalization` quick-check data and checked
//! in (`src/tables/scan_entries.bin`), so that a process builds nothing at
//! start-up.
//!
//! [`first_dirty_beyond`] also runs the pre-tests of the repairs beyond
//! ftfy in the same pass, from the same table entry: the word-shape
//! evidence of [`crate::plausibility`] and the first test of the legacy
//! repair as more pair bits, and the first test of the CJK repair once per
//! line.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{
    is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized, UnicodeNormalization,
};

use crate::config::EncodingOptions;
use crate::config::{Config, HtmlUnescape, NormalizationForm};
use crate::utf8::line_around;

#[cfg(test)]
mod generate;
/// The tables, generated (by `scan/generate.rs`, in the tests) from ftfy's
/// badness expression as data (`badness/expression.rs`: the pair table,
/// one pair of adjacent positions per alternative without a trigger
/// character), the steps' characters, the word-shape classes of
/// [`crate::plausibility`] and the NFC quick-check data.
mod tables;

/// The scan with the pre-tests beyond ftfy.
mod beyond;
/// The scan for ftfy's pipeline alone.
mod ftfy;
/// Which steps after the encoding repair may change a text.
mod later;

pub(crate) use later::{later_steps, LaterSteps};

use crate::badness::expression::WHOLE_PAIRS;
use tables::{astral_beyond, Tables, TABLES};

/// Table entry bits (the low 8 bits are the badness mask index).
const BAD_ID: u16 = 0x00FF;
/// NFC quick check "yes" but a combining mark (ccc != 0).
const NFC_MARK: u16 = 1 << 8;
/// NFC quick check "no" or "maybe".
const NFC_UNSAFE: u16 = 1 << 9;
/// Some optional step changes this character ([`step_touches`]).
const STEP: u16 = 1 << 10;
/// The badness expression matches whenever this character occurs.
const TRIGGER: u16 = 1 << 11;
/// The badness expression matches when this character precedes a space.
const TRIGGER_SPACE: u16 = 1 << 12;
/// The badness expression matches when this character precedes any
/// character but an ASCII letter.
const TRIGGER_NON_LETTER: u16 = 1 << 13;

/// The number of entries of `beyond_masks`: every 12-bit index.
const BEYOND_SLOTS: usize = 0x1000;

/// Entry bits for the pre-tests beyond ftfy (above the index of
/// `beyond_masks`).
const BEYOND_ID_SHIFT: u32 = 16;
const BEYOND_ID: u32 = 0xFFF << BEYOND_ID_SHIFT;
/// A character that may start CJK mojibake (an ideograph, a Hangul syllable
/// or a half-width katakana).
const CJK_LEAD: u32 = 1 << 28;
/// A Latin-1 letter (U+00C0–U+00FF): four in a row are word-shape evidence,
/// three may pass the legacy repair's first test.
const LATIN1_LETTER: u32 = 1 << 29;
/// A combining mark: the word-shape pairs look through it.
const CARRY: u32 = 1 << 30;
/// A character after which the scan may skip a run of the letters of its
/// block's range in [`RUN_RANGES`].
const RUN: u32 = 1 << 31;

// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
/// Letters that come in long runs: the small letters of Greek and
/// Cyrillic, the letters of Hebrew and Arabic, CJK ideographs and Hangul
/// syllables. Within a range, with single spaces between words, no
/// character pairs with the one before it and none needs more than the
/// plain path (but for the CJK test of its line, done before a run of
/// CJK leads is skipped), so that a run of them goes by with one
/// comparison per character and only the last letter's pairs count. The
/// tables keep a range only where that holds, and a test checks that every
/// one of them does.
const RUN_RANGES: [(u32, u32); 6] = [
    (0x3AC, 0x3CE),
    (0x430, 0x45F),
    (0x5D0, 0x5EA),
    (0x621, 0x64A),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
];

/// A range of [`RUN_RANGES`] as the skip reads it: its first and last
/// UTF-8 sequences read big-endian, and whether its letters are CJK leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RunRange {
    lo: u32,
    hi: u32,
    cjk: bool,
}

/// The empty range.
const NO_RUN: RunRange = RunRange {
    lo: 1,
    hi: 0,
    cjk: false,
};

/// The slots of [`Tables::run_ranges`]: blocks of 256 code points below
/// U+0800 (two-byte characters), of 4096 up to U+FFFF (three-byte ones).
const RUN_SLOTS: usize = 24;

/// The slot of the block of `cp` (in the BMP).
fn run_slot(cp: u32) -> usize {
    if cp < 0x800 {
        (cp >> 8) as usize
    } else {
        8 + (cp >> 12) as usize
    }
}

// Read by the scan's table generator, which runs in the tests only.
#[cfg_attr(not(test), allow(dead_code))]
/// The UTF-8 sequence of `cp` (U+0080–U+FFFF), read big-endian.
const fn utf8_be(cp: u32) -> u32 {
    if cp < 0x800 {
        0xC080 | ((cp << 2) & 0x1F00) | (cp & 0x3F)
    } else {
        0xE0_8080 | ((cp << 4) & 0x0F_0000) | ((cp << 2) & 0x3F00) | (cp & 0x3F)
    }
}

/// The code point of a UTF-8 sequence read big-endian ([`utf8_be`]).
const fn utf8_be_decode(seq: u32) -> u32 {
    if seq < 0x1_0000 {
        ((seq & 0x1F00) >> 2) | (seq & 0x3F)
    } else {
        ((seq & 0x0F_0000) >> 4) | ((seq & 0x3F00) >> 2) | (seq & 0x3F)
    }
}

/// The word-shape evidence of [`crate::plausibility`] as pairs of adjacent
/// characters, in bits above the badness pairs: every line whose one-pass
/// shortcut says "look closer" has one of these pairs, or four Latin-1
/// letters in a row (the converse does not hold: a pair only sends the line
/// to the full analysis). The letter bits of one script, on the left, meet
/// the other scripts' bits on the right.
mod shape {
    pub(super) const LATIN: u64 = 1 << 40;
    pub(super) const GREEK: u64 = 1 << 41;
    pub(super) const CYRILLIC: u64 = 1 << 42;
    pub(super) const OTHER: u64 = 1 << 43;
    pub(super) const SCRIPTS: u64 = LATIN | GREEK | CYRILLIC | OTHER;
    /// A small letter, then a capital.
    pub(super) const SMALL: u64 = 1 << 44;
    /// A Latin, Greek or Cyrillic letter, then a symbol.
    pub(super) const ALPHABET: u64 = 1 << 45;
    /// A letter, then box drawing.
    pub(super) const LETTER: u64 = 1 << 46;
    /// Box drawing, then a letter.
    pub(super) const BOX: u64 = 1 << 47;
    pub(super) const ALL: u64 = SCRIPTS | SMALL | ALPHABET | LETTER | BOX;
}

/// The first test of the legacy repair
/// ([`legacy_may_apply`](crate::plausibility::legacy_runs::legacy_may_apply))
/// as pairs of adjacent characters, in bits above the word-shape ones: every
/// line that test passes has one of these pairs, or three Latin-1 letters
/// in a row (the converse does not hold: a pair only sends the line to the
/// test). A *high* character is one that Latin-1 or Windows-1252 reads from
/// a byte 80–FF ([`high_byte`](crate::plausibility::legacy_runs::high_byte));
/// the test wants two side by side, not both small letters (unless a third
/// follows) and not a no-break space beside anything but a letter.
mod legacy_pairs {
    /// A high character but a small letter or a no-break space, then a
    /// high character but a no-break space.
    pub(super) const NOT_SMALL_FIRST: u64 = 1 << 48;
    /// A high character but a no-break space, then a high character but a
    /// small letter or a no-break space.
    pub(super) const NOT_SMALL_SECOND: u64 = 1 << 49;
    /// A no-break space, then a high letter.
    pub(super) const SPACE_LETTER: u64 = 1 << 50;
    /// A high letter, then a no-break space.
    pub(super) const LETTER_SPACE: u64 = 1 << 51;
    /// A high small letter, then one that is not a Latin-1 letter (`µ`,
    /// `ª`, `š`, `œ`, `ž`, `ƒ`): with these pairs, three high small letters
    /// in a row either show a pair or are three Latin-1 letters, which the
    /// scan counts.
    pub(super) const SMALL_THEN_ODD: u64 = 1 << 52;
    /// A high small letter that is not a Latin-1 letter, then a high small
    /// letter.
    pub(super) const ODD_THEN_SMALL: u64 = 1 << 53;
    /// Anything, then a character of UTF-8 read as cp866, KOI8-R or cp1258
    /// (box drawing, `Ă`, `ă`), which the test takes alone: every
    /// character has it on its left, and so has the start of the text.
    pub(super) const MISREAD: u64 = 1 << 54;
    pub(super) const ALL: u64 = NOT_SMALL_FIRST
        | NOT_SMALL_SECOND
        | SPACE_LETTER
        | LETTER_SPACE
        | SMALL_THEN_ODD
        | ODD_THEN_SMALL
        | MISREAD;
}

/// The pair bits of the pre-tests beyond ftfy: below them, ftfy's badness
/// pairs.
const BEYOND_PAIRS: u64 = shape::ALL | legacy_pairs::ALL;

// ftfy's badness pairs take one bit each, below the word-shape bits.
const _: () = assert!(
    crate::badness::expression::PAIR_COUNT <= shape::LATIN.trailing_zeros() as usize,
    "the badness pairs would overlap the word-shape bits"
);

/// The NFC bits of one character, from `unicode-normalization`.
fn nfc_bits(c: char) -> u16 {
    if c.is_ascii() {
        0
    } else if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        NFC_UNSAFE
    } else if canonical_combining_class(c) != 0 {
        NFC_MARK
    } else {
        0
    }
}

/// Whether a step that `config` enables changes the non-ASCII character
/// `cp` (a character with the [`STEP`] bit).
fn step_touches(cp: u32, config: &Config) -> bool {
    later::any_enabled(later::steps_of(cp), config)
}

/// After the character `cp` with [`RUN`], which ends at `i`: the end of the
/// letters of its block's range that follow it, single spaces between them
/// included, and the code point of the last letter, if any follow.
/// Skipping them leaves the scan's state as the per-character path would:
/// none pairs with the character before it, and only the last one's pairs
/// are left for what follows. Nothing is skipped over CJK leads while the
/// CJK test of the line is `cjk_pending`. (A guard: today that test only
/// answers "may apply" on a line whose first non-ASCII character is the
/// CJK lead, and a run always follows a non-ASCII character.)
#[inline(always)]
fn skip_run(
    bytes: &[u8],
    i: usize,
    cp: u32,
    tables: &Tables,
    cjk_pending: bool,
) -> Option<(usize, u32)> {
    let range = *tables
        .run_ranges
        .get(run_slot(cp))
        .expect("a character with RUN is in the BMP, whose run slots are below RUN_SLOTS");
    if range.cjk && cjk_pending {
        return None;
    }
    let end = if cp < 0x800 {
        run_end::<2>(bytes, i, range)
    } else {
        run_end::<3>(bytes, i, range)
    };
    if end == i {
        return None;
    }
    // The last letter is the sequence that ends the run.
    let len = if cp < 0x800 { 2 } else { 3 };
    let last = end
        .checked_sub(len)
        .and_then(|start| bytes.get(start..end))
        .expect("a run that moved ends with a whole letter of `len` bytes");
    Some((end, utf8_be_decode(big_endian(last))))
}

/// The bytes of `seq` as one big-endian number.
#[inline(always)]
fn big_endian(seq: &[u8]) -> u32 {
    seq.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

/// The end of the run of [`skip_run`], whose letters take `N` bytes each.
#[inline(always)]
fn run_end<const N: usize>(bytes: &[u8], i: usize, range: RunRange) -> usize {
    let span = range.hi.wrapping_sub(range.lo);
    let letter = |seq: &[u8; N]| big_endian(seq).wrapping_sub(range.lo) <= span;
    // On a shrinking slice: one length test per letter. The next position
    // depends on the bytes through branches only (a select made every
    // step wait for the load before it).
    let mut rest = bytes
        .get(i..)
        .expect("the run starts within the bytes, after the letter before it");
    loop {
        if let Some((seq, tail)) = rest.split_first_chunk::<N>() {
            if letter(seq) {
                rest = tail;
                continue;
            }
        }
        // A space, if a letter follows it.
        match rest.split_first() {
            Some((&b' ', after)) => match after.split_first_chunk::<N>() {
                Some((seq, tail)) if letter(seq) => rest = tail,
                _ => break,
            },
            _ => break,
        }
    }
    bytes.len() - rest.len()
}

/// Whether an ASCII byte may matter: a control other than `\t`, `\n` and
/// `\f`, DEL, `&`, or any byte of a non-ASCII character. Branch-free, so
/// that a fold over a block vectorises.
#[inline(always)]
const fn interesting(b: u8) -> bool {
    // Below 0x20 or from 0x7F on: one signed comparison once 1 is added
    // (0x7F..=0xFF and 0x00..=0x1F become -128..=0 and 1..=0x20).
    let outside = (b.wrapping_add(1) as i8) < 0x21;
    let spacing = (b == b'\t') | (b == b'\n') | (b == 0x0C);
    (outside & !spacing) | (b == b'&')
}

/// [`interesting`] for one byte at a time: a table lookup.
#[inline(always)]
fn interesting_byte(b: u8) -> bool {
    *INTERESTING
        .get(usize::from(b))
        .expect("the table has an entry for every byte")
}

// Indexing in a const block: `b` stays below 256.
#[allow(clippy::indexing_slicing)]
static INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = interesting(b as u8);
        b += 1;
    }
    table
};

/// Whether a block holds an interesting byte; branch-free, so that it
/// vectorises.
#[inline(always)]
fn any_interesting(block: &[u8]) -> bool {
    block.iter().fold(false, |acc, &b| acc | interesting(b))
}

/// Whether a block holds a byte below 0x20 other than `\n`, from 0x7F on,
/// or `&`: the [`interesting`] bytes, and `\t` and `\f`, with fewer
/// operations.
#[inline(always)]
fn any_outside_or_amp(block: &[u8]) -> bool {
    block.iter().fold(false, |acc, &b| {
        acc | (((b.wrapping_add(1) as i8) < 0x21) & (b != b'\n')) | (b == b'&')
    })
}

/// The index of the first interesting byte at or after `i`, or the length.
///
/// Eight bytes at a time with [`candidates`], which also stops at `\t`,
/// `\n` and `\f` (checked one by one when met); after 32 plain bytes
/// the stretch is probably long, and [`skip_long`] takes over.
#[inline(always)]
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    let mut clean_words = 0;
    while let Some(word) = word_at(bytes, i) {
        let found = candidates(word);
        if found != 0 {
            match first_candidate(bytes, i, found) {
                Ok(at) => return at,
                Err(next) => i = next,
            }
            continue;
        }
        i += 8;
        clean_words += 1;
        if clean_words == 4 {
            return skip_long(bytes, i);
        }
    }
    skip_tail(bytes, i)
}

/// [`skip_plain`] for a long stretch: 32-byte blocks go by with folds
/// that vectorise, the cheaper [`any_outside_or_amp`] first (64-byte
/// blocks cost more on text with `&` or non-ASCII every few words). Not
/// inlined, so that the scan's loop does not keep the folds' vector
/// constants.
#[inline(never)]
fn skip_long(bytes: &[u8], mut i: usize) -> usize {
    const LONG_BLOCK: usize = 32;
    loop {
        let rest = bytes.get(i..).unwrap_or_default();
        for block in rest.chunks_exact(LONG_BLOCK) {
            // Most blocks hold no control but line breaks and no `&`; a
            // block with a tab or a form feed is looked at again, exactly.
            if any_outside_or_amp(block) && any_interesting(block) {
                break;
            }
            i += LONG_BLOCK;
        }
        // Fewer than a block left, or something in the next block.
        let Some(word) = word_at(bytes, i) else {
            return skip_tail(bytes, i);
        };
        let found = candidates(word);
        if found == 0 {
            i += 8;
            continue;
        }
        match first_candidate(bytes, i, found) {
            Ok(at) => return at,
            Err(next) => i = next,
        }
    }
}

/// The first of the [`candidates`] `found` in the word at `i`: `Ok` with
/// its index when it is interesting, otherwise `Err` with the index to go
/// on from (a tab, newline or form feed).
#[inline(always)]
fn first_candidate(bytes: &[u8], i: usize, found: u64) -> Result<usize, usize> {
    let at = i + (found.trailing_zeros() / 8) as usize;
    if bytes.get(at).is_some_and(|&b| interesting_byte(b)) {
        Ok(at)
    } else {
        Err(at + 1)
    }
}

/// The last bytes, one at a time.
#[inline(always)]
fn skip_tail(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        if interesting_byte(b) {
            break;
        }
        i += 1;
    }
    i
}

/// The eight bytes at `i`, little-endian, if there are eight.
#[inline(always)]
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    // Not `get(i..i + 8)`, which also checks that `i + 8` does not overflow.
    let word = bytes.get(i..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*word))
}

/// The high bit of each byte of `word` that may be [`interesting`]: 7F or
/// more, below 20 (`\t`, `\n` and `\f` too, which the caller checks
/// again), or `&`. No carry crosses a byte.
#[inline(always)]
fn candidates(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    // low + 1 reaches 80 only from 7F; low + 60 stays below 80 only from
    // below 20; a byte of `amp` is zero only where the byte was `&`.
    let at_least_7f = word | (low + ONES);
    let below_20 = !(low + 0x60 * ONES);
    let amp = word ^ (b'&' as u64 * ONES);
    let is_amp = !(((amp & LOW7) + LOW7) | amp);
    (at_least_7f | below_20 | is_amp) & HIGH
}

/// Whether `&` at `amp` starts `&#?[0-9A-Za-z]{1,24};`.
fn starts_reference(bytes: &[u8], amp: usize) -> bool {
    let mut j = amp + 1;
    if bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    let start = j;
    while j - start < 24 && bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    j > start && bytes.get(j) == Some(&b';')
}

/// Whether a step that `config` enables changes the interesting ASCII byte
/// at `i`.
fn ascii_touched(bytes: &[u8], i: usize, config: &Config) -> bool {
    match bytes.get(i) {
        Some(b'&') => {
            config.get_unescape_html() != HtmlUnescape::Never && starts_reference(bytes, i)
        }
        Some(&b) => later::any_enabled(later::ascii_steps(b), config),
        None => false,
    }
}

/// Entry bits that need more than the pair check.
const SLOW: u16 = NFC_MARK | NFC_UNSAFE | STEP | TRIGGER | TRIGGER_SPACE | TRIGGER_NON_LETTER;

/// Entry bits that keep a character off the plain path of
/// [`first_dirty_beyond`] (besides [`CJK_LEAD`] on a line not yet tested):
/// the slow ones, and combining marks, which pass on the pairs of the
/// character before. (A Latin-1 letter takes the plain path: its run is
/// counted there without a branch, which mispredicts less in Latin text
/// than sending every accented letter the long way.)
const RARE: u32 = SLOW as u32 | CARRY;

/// Masks used when the encoding repair is off: no pair matters.
const NO_MASKS: [(u64, u64); 256] = [(0, 0); 256];

/// True only when no step of the pipeline under `config` can change `text`,
/// so that the pipeline can be skipped; `false` means "maybe".
///
/// Monotone: if a text is clean, so is every substring of it.
pub(crate) fn is_clean(text: &str, config: &Config) -> bool {
    first_dirty(text, config).is_none()
}

/// `None` when [`is_clean`]; otherwise the byte offset of the first
/// character that may need work. Everything before the start of that
/// character's line is clean (a line break ends every pattern the scan
/// looks for), so a caller can skip the lines before it.
pub(crate) fn first_dirty(text: &str, config: &Config) -> Option<usize> {
    ftfy::first_dirty::<true>(text, config)
}

/// Which pre-tests of the repairs beyond ftfy [`first_dirty_beyond`] runs
/// besides the scan, line by line (a line ends after `\n`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BeyondChecks {
    /// Word-shape evidence ([`has_anomaly`](crate::plausibility::has_anomaly)),
    /// for the mixed-line, isolated-word, single-byte and lone-sequence
    /// repairs.
    pub(crate) anomaly: bool,
    /// The first test of the CJK repair.
    pub(crate) cjk: bool,
    /// The first test of the legacy repair, line by line.
    pub(crate) legacy: bool,
}

impl BeyondChecks {
    pub(crate) const NONE: BeyondChecks = BeyondChecks {
        anomaly: false,
        cjk: false,
        legacy: false,
    };

    /// The checks that the repairs `options` turns on need ([`NONE`](Self::NONE)
    /// when none of them is on).
    pub(crate) fn of(options: &EncodingOptions) -> BeyondChecks {
        BeyondChecks {
            anomaly: options.fix_mixed_lines
                || options.fix_isolated_words
                || options.fix_single_byte_mixups
                || options.fix_lone_sequences,
            cjk: options.fix_cjk_mojibake,
            legacy: options.fix_legacy_bytes,
        }
    }
}

/// [`first_dirty`], and also the lines where the pre-tests that `checks`
/// names do not pass, in the same pass: the word-shape evidence and the
/// legacy repair's first test as pairs of adjacent characters (the
/// [`shape`] and [`legacy_pairs`] bits, next to the badness pairs in the
/// same masks) and a count of Latin-1 letters in a row; a line where one
/// of them shows goes to the full tests
/// ([`has_anomaly`](crate::plausibility::has_anomaly),
/// [`legacy_may_apply`](crate::plausibility::legacy_runs::legacy_may_apply))
/// at its end, unless something else in it stops the scan first. The
/// answer is a position in the first line that needs work (not always its
/// first dirty character; callers work on whole lines). The text's start
/// counts as a line start.
pub(crate) fn first_dirty_beyond(
    text: &str,
    config: &Config,
    checks: BeyondChecks,
) -> Option<usize> {
    if checks == BeyondChecks::NONE {
        first_dirty(text, config)
    } else {
        beyond::first_dirty::<true>(text, config, checks)
    }
}

/// The previous character, as the next one sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Prev {
    /// The pairs it can start.
    left: u64,
    /// Whether it is a combining mark (two in a row need NFC's look).
    mark: bool,
}

impl Prev {
    /// ASCII, or the start: no pair, no mark.
    const NONE: Prev = Prev {
        left: 0,
        mark: false,
    };
}

/// The code point, length and table entry of the non-ASCII character that
/// starts with `b0` at `at`; outside the BMP, with the bits beyond ftfy
/// when `beyond`.
#[inline(always)]
fn char_entry(bytes: &[u8], at: usize, b0: u8, beyond: bool) -> (u32, usize, u32) {
    let (cp, len) = crate::utf8::decode_at(bytes, at, b0);
    let entry = match u16::try_from(cp) {
        Ok(cp) => *TABLES
            .entry
            .get(usize::from(cp))
            .expect("the table has an entry for every BMP code point"),
        Err(_) => {
            u32::from(astral_bits(cp))
                | if beyond {
                    astral_beyond(&TABLES, cp)
                } else {
                    0
                }
        }
    };
    (cp, len, entry)
}

/// Whether a step that `config` enables changes the ASCII byte `b0` at
/// `at`.
#[inline(always)]
fn dirty_ascii(bytes: &[u8], at: usize, b0: u8, config: &Config) -> bool {
    interesting_byte(b0) && ascii_touched(bytes, at, config)
}

/// Past the ASCII byte `b0` at `at` and the plain ASCII after it: the
/// index of the next byte to look at, and the ASCII byte before it.
#[inline(always)]
fn past_ascii(bytes: &[u8], at: usize, b0: u8) -> (usize, u8) {
    let next = at + 1;
    match bytes.get(next) {
        Some(&b) if b < 0x80 => {
            let next = skip_plain(bytes, next);
            let before = bytes
                .get(next - 1)
                .expect("skip_plain moves forward from a byte within the bytes");
            (next, *before)
        }
        _ => (next, b0),
    }
}

/// Whether `text` passes the quick check of the normalization form other
/// than NFC that `config` asks for (NFC is checked character by
/// character). Those forms are rare in practice: a whole-text check, and
/// no position more precise than the start.
#[inline(always)]
fn normalized_as_asked(text: &str, config: &Config) -> bool {
    match config.get_normalization() {
        None | Some(NormalizationForm::Nfc) => true,
        Some(NormalizationForm::Nfd) => is_nfd_quick(text.chars()) == IsNormalized::Yes,
        Some(NormalizationForm::Nfkc) => is_nfkc_quick(text.chars()) == IsNormalized::Yes,
        Some(NormalizationForm::Nfkd) => is_nfkd_quick(text.chars()) == IsNormalized::Yes,
    }
}

/// The slow path of both scans: the character `cp` at byte `at` has some
/// [`SLOW`] bit `e`: a step may touch it, it may trigger the badness
/// expression, or NFC needs a closer look. Returns `None` when the text
/// may change, otherwise the character as the next one sees it (its
/// badness pairs) and the end of the span whose NFC form is checked.
#[inline(never)]
fn slow_char(
    text: &str,
    config: &Config,
    (at, cp, e): (usize, u32, u16),
    prev: Prev,
    nfc_checked_until: usize,
) -> Option<(Prev, usize)> {
    let bytes = text.as_bytes();
    if e & STEP != 0 && step_touches(cp, config) {
        return None;
    }
    let mut new_left = 0;
    if config.get_fix_encoding() {
        let (left, right) = *TABLES
            .masks
            .get(usize::from(e & BAD_ID))
            .expect("BAD_ID is a byte: the mask table has 256 entries");
        let next = at + char::from_u32(cp).map_or(1, char::len_utf8);
        if prev.left & right != 0
            || e & TRIGGER != 0
            || (e & TRIGGER_SPACE != 0 && bytes.get(next) == Some(&b' '))
            || (e & TRIGGER_NON_LETTER != 0
                && bytes.get(next).is_some_and(|b| !b.is_ascii_alphabetic()))
        {
            return None;
        }
        new_left = left;
    }
    let mark = e & NFC_MARK != 0;
    let mut nfc_checked_until = nfc_checked_until;
    if config.get_normalization() == Some(NormalizationForm::Nfc)
        && (e & NFC_UNSAFE != 0 || (mark & prev.mark))
        && at >= nfc_checked_until
    {
        // Undecided by the table: normalise the span between the safe
        // starters around this character and compare.
        nfc_checked_until = nfc_span_unchanged(text, &TABLES, at)?;
    }
    let prev = Prev {
        left: new_left,
        mark,
    };
    Some((prev, nfc_checked_until))
}

/// Whether the scan may have stopped at byte `at` of `text` for a step
/// after the encoding repair alone: at an ASCII byte a step changes (`&`,
/// `\r`, a control), at a character some step changes (a curly quote, a
/// full-width letter, a ligature) or at one NFC looks at. `false` means
/// the stop was the encoding repair's: a badness pair or a pre-test beyond
/// ftfy.
pub(crate) fn maybe_later_steps_only(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        Some(&b0) if b0 >= 0xC0 => {
            let (_, _, entry) = char_entry(bytes, at, b0, false);
            scan_bits(entry) & (STEP | NFC_UNSAFE | NFC_MARK) != 0
        }
        // The ASCII bytes a step may change; at any other, the scan stopped
        // for a pre-test of a line (at its start, or at a word).
        Some(&b0) if b0 < 0x80 => interesting_byte(b0),
        // Not the start of a character.
        _ => true,
    }
}

/// Only the encoding repair, with nothing around it: under this
/// configuration [`is_clean`] answers "can the badness expression match?".
static BADNESS_ONLY: Config = Config::encoding_only().fix_c1_controls(false);

/// A fast conservative pre-filter for [`is_bad`](crate::is_bad): `false`
/// means the badness expression cannot match anywhere in `text`.
pub(crate) fn may_be_bad(text: &str) -> bool {
    !is_clean(text, &BADNESS_ONLY)
}

/// Where the badness expression may first match in `text`: the first
/// character at which a match can end, or `None` when it cannot match
/// (see [`may_be_bad`]).
pub(crate) fn first_maybe_bad(text: &str) -> Option<usize> {
    first_dirty(text, &BADNESS_ONLY)
}

/// Whether the character that starts at byte `i` of `text` and the one
/// right before it are, alone, a match of the badness expression: then
/// [`is_bad`](crate::is_bad) needs no regex. `false` when unsure.
pub(crate) fn whole_bad_pair_at(text: &str, i: usize) -> bool {
    let (before, after) = text
        .split_at_checked(i)
        .expect("`i` is a character boundary: where the scan stopped, or checked by the caller");
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let tables = &TABLES;
    // `None` outside the BMP and for "pairs with everything".
    let masks_of = |c: char| -> Option<(u64, u64)> {
        let cp = u16::try_from(u32::from(c)).ok()?;
        let entry = tables
            .entry
            .get(usize::from(cp))
            .expect("the table has an entry for every BMP code point");
        let index = scan_bits(*entry) & BAD_ID;
        // The last index stands for "pairs with everything".
        if index == BAD_ID {
            return None;
        }
        let masks = tables
            .masks
            .get(usize::from(index))
            .expect("BAD_ID is a byte: the mask table has 256 entries");
        Some(*masks)
    };
    match (masks_of(a), masks_of(b)) {
        (Some((left, _)), Some((_, right))) => left & right & WHOLE_PAIRS != 0,
        _ => false,
    }
}

/// Whether `c` is a safe starter for NFC: quick check "yes" and combining
/// class 0. Normalization never reaches across such a character's start.
fn nfc_safe_starter(c: char, tables: &Tables) -> bool {
    let bits = match u16::try_from(u32::from(c)) {
        Ok(cp) => scan_bits(
            *tables
                .entry
                .get(usize::from(cp))
                .expect("the table has an entry for every BMP code point"),
        ),
        Err(_) => astral_bits(u32::from(c)),
    };
    bits & (NFC_MARK | NFC_UNSAFE) == 0
}

/// For the character at byte `at`, which the table cannot decide: the span
/// from the last safe starter at or before it to the next safe starter
/// after it is normalised to NFC and compared. `Some(end of span)` when it
/// is unchanged.
#[cold]
fn nfc_span_unchanged(text: &str, tables: &Tables, at: usize) -> Option<usize> {
    let (before, after) = text
        .split_at_checked(at)
        .expect("`at` is where a character starts");
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| nfc_safe_starter(c, tables))
        .map_or(0, |(k, _)| k);
    let end = after
        .char_indices()
        .skip(1)
        .find(|&(_, c)| nfc_safe_starter(c, tables))
        .map_or(text.len(), |(k, _)| at + k);
    let span = text
        .get(start..end)
        .expect("both ends are where characters start, or the ends of the text");
    span.chars().nfc().eq(span.chars()).then_some(end)
}

/// Entry bits for a character outside the BMP: only NFC matters there (no
/// step and no badness class touches one).
/// Emoji and pictographs (U+1F000–1FBFF) and tag characters
/// (U+E0000–E007F) are all safe starters (checked by a test), so they skip
/// the lookup.
#[inline]
fn astral_bits(cp: u32) -> u16 {
    if (0x1_F000..=0x1_FBFF).contains(&cp) || (0xE_0000..=0xE_007F).contains(&cp) {
        0
    } else {
        astral_lookup(cp)
    }
}

/// The scan's bits of a table entry.
#[inline(always)]
fn scan_bits(entry: u32) -> u16 {
    entry as u16
}

#[cold]
fn astral_lookup(cp: u32) -> u16 {
    char::from_u32(cp).map_or(NFC_UNSAFE, nfc_bits)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::*;
    use crate::badness::expression::classes::{
        BAD, BOX, C1, COMMON, CURRENCY as CUR, END_PUNCTUATION as EP, KAOMOJI, LAW,
        LOWER_ACCENTED as LA, LOWER_COMMON as LC, NUMERIC as NUM, START_PUNCTUATION as SP,
        UPPER_ACCENTED as UA, UPPER_COMMON as UC,
    };
    use crate::badness::expression::PAIRS;
    use crate::fixes;
    use crate::plausibility::legacy_runs::legacy_may_apply;

    /// The obviously correct twin: character by character, each step's own
    /// definition, and the real badness expression and normalizer.
    fn is_clean_naive(text: &str, config: &Config) -> bool {
        let chars: Vec<char> = text.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            let touched = match c {
                '&' => {
                    config.get_unescape_html() != HtmlUnescape::Never && {
                        let rest: String = chars[k + 1..].iter().take(27).collect();
                        let rest = rest.strip_prefix('#').unwrap_or(&rest);
                        let name: String = rest
                            .chars()
                            .take_while(char::is_ascii_alphanumeric)
                            .collect();
                        (1..=24).contains(&name.len()) && rest[name.len()..].starts_with(';')
                    }
                }
                '\u{1b}' => {
                    config.get_remove_terminal_escapes() || config.get_remove_control_chars()
                }
                '\r' | '\u{2028}' | '\u{2029}' => config.get_fix_line_breaks(),
                '\u{85}' => config.get_fix_line_breaks() || config.get_fix_c1_controls(),
                '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}' => {
                    config.get_remove_control_chars()
                }
                '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffc}' => {
                    config.get_remove_control_chars()
                }
                '\u{80}'..='\u{9f}' => config.get_fix_c1_controls(),
                'Ĳ' | 'ĳ' | 'ŉ' | 'Ǆ'..='ǌ' | 'Ǳ'..='ǳ' | 'ﬀ'..='ﬆ' => {
                    config.get_fix_latin_ligatures()
                }
                '\u{3000}' | '\u{ff01}'..='\u{ffef}' => config.get_fix_character_width(),
                '\u{2018}'..='\u{201f}' | '\u{2bc}' => config.get_uncurl_quotes(),
                _ => false,
            };
            if touched {
                return false;
            }
        }
        if config.get_fix_encoding() && crate::badness::is_bad(text) {
            return false;
        }
        match config.get_normalization() {
            Some(form) => matches!(crate::normalize::normalize(text, form), Cow::Borrowed(_)),
            None => true,
        }
    }

    /// Runs one pass of every enabled step and tells whether none changed
    /// the text: exactly "the pipeline returns the text unchanged".
    fn one_pass_unchanged(text: &str, config: &Config) -> bool {
        type Fix = for<'a> fn(&'a str) -> Cow<'a, str>;
        let steps: [(bool, Fix); 8] = [
            (
                config.get_unescape_html() != HtmlUnescape::Never,
                fixes::unescape_html,
            ),
            (config.get_fix_c1_controls(), fixes::fix_c1_controls),
            (config.get_fix_latin_ligatures(), fixes::fix_latin_ligatures),
            (config.get_fix_character_width(), fixes::fix_character_width),
            (config.get_uncurl_quotes(), fixes::uncurl_quotes),
            (config.get_fix_line_breaks(), fixes::fix_line_breaks),
            (
                config.get_remove_terminal_escapes(),
                fixes::remove_terminal_escapes,
            ),
            (
                config.get_remove_control_chars(),
                fixes::remove_control_chars,
            ),
        ];
        let unchanged = |r: Cow<'_, str>| matches!(r, Cow::Borrowed(_));
        steps.iter().all(|&(on, fix)| !on || unchanged(fix(text)))
            && (!config.get_fix_encoding()
                || !crate::badness::is_bad(text)
                || unchanged(crate::fix_encoding(text)))
            && config.get_normalization().map_or(true, |form| {
                unchanged(crate::normalize::normalize(text, form))
            })
    }

    fn configs() -> Vec<Config> {
        let d = Config::default();
        vec![
            d.clone(),
            Config::encoding_only(),
            d.clone().unescape_html(HtmlUnescape::Never),
            d.clone().fix_encoding(false),
            d.clone().uncurl_quotes(false).fix_c1_controls(false),
            d.clone().remove_control_chars(false).fix_line_breaks(false),
            d.clone()
                .fix_latin_ligatures(false)
                .fix_character_width(false),
            d.clone().normalization(None),
            d.clone().normalization(Some(NormalizationForm::Nfkc)),
            d.clone().normalization(Some(NormalizationForm::Nfd)),
            d.normalization(Some(NormalizationForm::Nfkd)),
        ]
    }

    /// The long-stretch pre-test lets through only blocks whose every byte
    /// the exact test passes too (it may stop at more: tabs, form feeds).
    #[test]
    fn outside_or_amp_covers_interesting() {
        for b in 0..=255u8 {
            let block = [b; 32];
            assert_eq!(any_interesting(&block), interesting(b), "{b:#04x}");
            // Every interesting byte, and tabs and form feeds.
            let stops = interesting(b) || b == b'\t' || b == 0x0C;
            assert_eq!(any_outside_or_amp(&block), stops, "{b:#04x}");
        }
    }

    /// Every pair of characters that [`whole_bad_pair_at`] calls a match by
    /// itself is one for the badness expression; and the shortcut answers
    /// for at least one pair of each alternative it names.
    #[test]
    fn whole_alternatives_match_alone() {
        for (k, (left, right)) in PAIRS.iter().enumerate() {
            if WHOLE_PAIRS & 1 << k == 0 {
                continue;
            }
            let mut answered = false;
            for a in left.listed_chars() {
                for b in right.listed_chars() {
                    let text = format!("{a}{b}");
                    if whole_bad_pair_at(&text, a.len_utf8()) {
                        answered = true;
                        assert!(crate::badness::badness(&text) > 0, "pair {k}: {text:?}");
                    }
                }
            }
            assert!(answered, "pair {k}");
        }
    }

    /// Characters the random texts are made of: every class the scan
    /// distinguishes, and their neighbours.
    fn alphabet() -> Vec<char> {
        let mut set: Vec<char> = "aAzZ09 .,?!;#&<>[m\t\n\r\u{c}\u{b}\u{0}\u{1b}\u{7f}xXtamp"
            .chars()
            .collect();
        for (left, right) in PAIRS.iter() {
            set.extend(left.listed_chars());
            set.extend(right.listed_chars());
        }
        set.extend('\u{80}'..='\u{a0}');
        set.extend(
            "ŒœĲĳŉǄǅǌǱǳﬀﬁﬆʼʻ‘’“”„‟‛‚\u{2028}\u{2029}\u{206a}\u{206f}\u{feff}\u{fffc}\u{fff8}"
                .chars(),
        );
        set.extend(
            "\u{3000}\u{3001}！Ａｶﾞ￥\u{ffef}\u{ff00}\u{300}\u{301}\u{327}\u{345}\u{340}\u{374}"
                .chars(),
        );
        set.extend("é\u{1161}\u{11a8}가각ガカ\u{3099}日本語Привет Καλημέρα مرحبا \u{64b}\u{650}\u{94d}\u{93c}".chars());
        set.extend("😀👍🏽\u{1f3f4}\u{e0067}\u{1d15e}\u{2f800}\u{110ba}".chars());
        set.sort_unstable();
        set.dedup();
        set
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(alphabet()), 0..12)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn fast_path_implies_naive_and_pipeline(text in text_strategy(), k in 0usize..11) {
            let config = &configs()[k % configs().len()];
            if is_clean(&text, config) {
                prop_assert!(is_clean_naive(&text, config), "{:?} {:?}", text, config);
                prop_assert!(one_pass_unchanged(&text, config), "{:?} {:?}", text, config);
                // The scan is ftfy's fast path; the repairs beyond ftfy have
                // their own pre-tests in `Fixer`.
                let ftfy = config.clone().beyond_ftfy(false);
                prop_assert!(matches!(crate::fix_text_with(&text, &ftfy), Cow::Borrowed(_)));
            }
        }

        #[test]
        fn naive_twin_implies_pipeline(text in text_strategy(), k in 0usize..11) {
            let config = &configs()[k % configs().len()];
            if is_clean_naive(&text, config) {
                prop_assert!(one_pass_unchanged(&text, config), "{:?} {:?}", text, config);
            }
        }

        #[test]
        fn substrings_of_clean_text_are_clean(text in text_strategy(), a in 0usize..12, b in 0usize..12) {
            let config = Config::default();
            if is_clean(&text, &config) {
                let idx: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let (a, b) = (idx[a % idx.len()], idx[b % idx.len()]);
                let (a, b) = (a.min(b), a.max(b));
                prop_assert!(is_clean(&text[a..b], &config));
            }
        }

        #[test]
        fn arbitrary_strings(text in "\\PC{0,40}", k in 0usize..11) {
            let config = &configs()[k % configs().len()];
            if is_clean(&text, config) {
                prop_assert!(one_pass_unchanged(&text, config), "{:?}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn pre_filter_agrees_with_is_bad(text in text_strategy()) {
            if crate::badness::is_bad(&text) {
                prop_assert!(may_be_bad(&text), "{:?}", text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// The word-at-a-time skip finds the same byte as a byte-by-byte one.
        #[test]
        fn skip_plain_finds_the_first_interesting_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b' ', b'Z', b'\t', b'\n', 0x0C, b'&', 0x7F, 0x1B, 0x00, b'\r', 0x80, 0xC3, 0xFF,
                ]),
                0..200,
            ),
            weights in proptest::collection::vec(0u8..32, 0..200),
            from in 0usize..200,
        ) {
            // Mostly plain bytes, so that long stretches occur.
            let bytes: Vec<u8> = bytes
                .iter()
                .zip(weights.iter().chain(std::iter::repeat(&0)))
                .map(|(&b, &w)| if w < 30 { b'x' } else { b })
                .collect();
            let from = from.min(bytes.len());
            let naive = (from..bytes.len())
                .find(|&k| bytes.get(k).is_some_and(|&b| interesting(b)))
                .unwrap_or(bytes.len());
            prop_assert_eq!(skip_plain(&bytes, from), naive, "{:?} from {}", bytes, from);
        }
    }

    /// Characters for the word-shape pre-test: letters of every script and
    /// case, Latin-1 letters, symbols, box drawing, marks, CJK leads.
    fn shape_alphabet() -> Vec<char> {
        "aAzZ .,'-\n0éÉÏðèâåÀ×÷ßÿαβΑΒάбвБВёЁ日本語가각ｶ─┐│·–—’‘“«€√∂†‡‰ˆ˜¸¨\u{300}\u{301}\u{94d}\u{93f}\u{e34}\u{a0}\u{ad}²µºª°😀\u{2020}Ăšœƒ▟¯Ä©"
            .chars()
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The scan with the pre-tests beyond ftfy stops in the first line
        /// that it stops in on its own (lines are independent; where in
        /// that line it stops may differ).
        #[test]
        fn beyond_scan_stops_in_the_first_dirty_line(
            chars in proptest::collection::vec(proptest::sample::select(shape_alphabet()), 0..30),
            legacy: bool,
        ) {
            let text: String = chars.into_iter().collect();
            let checks = BeyondChecks { anomaly: true, cjk: true, legacy };
            let config = Config::default();
            let mut expected = None;
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                if first_dirty_beyond(line, &config, checks).is_some() {
                    expected = Some((start, start + line.len()));
                    break;
                }
                start += line.len();
            }
            let found = first_dirty_beyond(&text, &config, checks);
            match (found, expected) {
                (None, None) => {}
                (Some(at), Some((start, end))) => {
                    prop_assert!(start <= at && at < end, "{:?} {} {:?}", text, at, expected);
                }
                _ => prop_assert!(false, "{:?} {:?} {:?}", text, found, expected),
            }
        }

        /// The scan with the pre-tests beyond ftfy lets no line through
        /// that the full word-shape analysis, the CJK test or the legacy
        /// repair's first test would stop.
        #[test]
        fn beyond_scan_lets_no_anomaly_through(
            chars in proptest::collection::vec(proptest::sample::select(shape_alphabet()), 0..14),
        ) {
            let text: String = chars.into_iter().collect();
            let checks = BeyondChecks { anomaly: true, cjk: true, legacy: true };
            if first_dirty_beyond(&text, &Config::default(), checks).is_none() {
                for line in text.split_inclusive('\n') {
                    prop_assert!(!crate::plausibility::has_anomaly(line), "{:?}", text);
                    prop_assert!(!crate::plausibility::cjk::cjk_may_apply(line), "{:?}", text);
                    prop_assert!(!legacy_may_apply(line), "{:?}", text);
                }
            }
        }

        /// With nothing else to look for, the scan stops at the start of
        /// the first line that the legacy repair's first test passes, and
        /// nowhere else: its pairs let no such line through.
        #[test]
        fn beyond_scan_finds_the_first_legacy_line(
            chars in proptest::collection::vec(proptest::sample::select(legacy_alphabet()), 0..32),
        ) {
            let text: String = chars.into_iter().collect();
            let mut start = 0;
            let mut expected = None;
            for line in text.split_inclusive('\n') {
                if legacy_may_apply(line) {
                    expected = Some(start);
                    break;
                }
                start += line.len();
            }
            prop_assert_eq!(legacy_scan(&text), expected, "{:?}", text);
        }
    }

    /// The scan with only the legacy repair's first test to run: a
    /// configuration under which nothing else changes the test's
    /// characters.
    fn legacy_scan(text: &str) -> Option<usize> {
        let quiet = Config::encoding_only()
            .fix_encoding(false)
            .fix_c1_controls(false);
        let checks = BeyondChecks {
            legacy: true,
            ..BeyondChecks::NONE
        };
        first_dirty_beyond(text, &quiet, checks)
    }

    /// The characters of the legacy repair's first test in each class its
    /// pairs tell apart, and their neighbours.
    fn legacy_alphabet() -> Vec<char> {
        "a \néÄ€ĂăĄ─╨▟■б你ßŒšœƒµªˆ˜ł’”\u{a0}©«°¯×\u{80}\u{301}😀"
            .chars()
            .collect()
    }

    /// Every pair of high characters, and every three in a row that start
    /// with two small letters: the scan stops exactly where the legacy
    /// repair's first test passes.
    #[test]
    fn legacy_pairs_find_every_pair_the_first_test_takes() {
        use crate::plausibility::legacy_runs::high_byte;
        let high: Vec<char> = ('\u{80}'..='\u{2122}')
            .filter(|&c| high_byte(c).is_some())
            .collect();
        let small: Vec<char> = high.iter().copied().filter(|c| c.is_lowercase()).collect();
        assert_eq!(high.len(), 128 + 27);
        let mut texts = Vec::new();
        for &a in &high {
            for &b in &high {
                texts.push(format!("{a}{b}"));
                texts.push(format!("x {a}{b} y"));
            }
        }
        for &a in &small {
            for &b in &small {
                for &c in &high {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for text in texts {
            let expected = legacy_may_apply(&text).then_some(0);
            assert_eq!(legacy_scan(&text), expected, "{text:?}");
        }
    }

    /// Letters of the scripts that come in long runs, in both cases, with
    /// their marks and neighbours: what the plain path and the skip over
    /// runs of letters see.
    fn run_alphabet() -> Vec<char> {
        let mut set: Vec<char> = "aZ .,\n\t&1éÉàÿçñöÀ\u{301}\u{300}\u{483}—«»€Ă─\u{a0}šµ¯"
            .chars()
            .collect();
        for (lo, hi) in [
            ('\u{370}', '\u{3ff}'),
            ('\u{400}', '\u{47f}'),
            ('\u{5b0}', '\u{5f4}'),
            ('\u{610}', '\u{660}'),
            ('\u{900}', '\u{97f}'),
            ('\u{3040}', '\u{30ff}'),
        ] {
            set.extend(lo..=hi);
        }
        set.extend("ЂЃЄЅІЇЈЉЊЋЌЍЎЏАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ".chars());
        set.extend("日本語中文가각힣\u{3000}、。ｶ😀\u{1d41a}ꀀꀁ".chars());
        set.extend(('\u{4e00}'..='\u{4e1f}').chain('\u{ac00}'..='\u{ac1f}'));
        set
    }

    /// Mostly letters of one script and case, so that long runs occur.
    fn run_text_strategy() -> impl Strategy<Value = String> {
        let alphabet = run_alphabet();
        (
            proptest::collection::vec((0usize..alphabet.len(), 0u8..16), 0..40),
            0usize..alphabet.len(),
        )
            .prop_map(move |(picks, base)| {
                picks
                    .iter()
                    .map(|&(k, w)| {
                        // Three picks in four stay near the base letter.
                        let k = if w < 12 { base + k % 24 } else { k };
                        alphabet.get(k % alphabet.len()).copied().unwrap_or('a')
                    })
                    .collect()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The shortcuts of the scan (the plain path, the skip over runs of
        /// letters) find exactly what the per-character path finds.
        #[test]
        fn shortcuts_agree_with_the_per_character_path(
            text in run_text_strategy(),
            k in 0usize..11,
            checks in 0u8..8,
        ) {
            let config = &configs()[k % configs().len()];
            let checks = BeyondChecks {
                anomaly: checks & 1 != 0,
                cjk: checks & 2 != 0,
                legacy: checks & 4 != 0,
            };
            prop_assert_eq!(
                beyond::first_dirty::<true>(&text, config, checks),
                beyond::first_dirty::<false>(&text, config, checks),
                "{:?} {:?}", text, config
            );
            prop_assert_eq!(
                ftfy::first_dirty::<true>(&text, config),
                ftfy::first_dirty::<false>(&text, config),
                "{:?} {:?}", text, config
            );
        }
    }

    #[test]
    fn every_run_range_holds() {
        // The tables the scans read, and those the scan without the
        // pre-tests beyond ftfy would have on its own.
        let base = generate::build_tables(false);
        for (run_ranges, entry, beyond) in [
            (&TABLES.run_ranges, TABLES.entry, true),
            (&base.run_ranges, &*base.entry, false),
        ] {
            for &(lo, hi) in &RUN_RANGES {
                let expected = RunRange {
                    lo: utf8_be(lo),
                    hi: utf8_be(hi),
                    // The CJK leads are there only beyond ftfy.
                    cjk: beyond && lo >= 0x4E00,
                };
                for range in &run_ranges[run_slot(lo)..=run_slot(hi)] {
                    assert_eq!(*range, expected, "U+{lo:04X}");
                }
            }
            // A capital starts a run of small letters, and so do the
            // letters of the range.
            let run = |c: char| entry[c as usize] & RUN != 0;
            for c in "ДдΩωשب中가".chars() {
                assert!(run(c), "{c}");
            }
        }
        // The sequences read big-endian are in code point order, and
        // decode back.
        for c in ['ά', 'џ', 'ء', '\u{4e00}', '\u{9fff}', '가', '힣'] {
            let mut buf = [0; 4];
            let seq = c
                .encode_utf8(&mut buf)
                .bytes()
                .fold(0u32, |acc, b| acc << 8 | u32::from(b));
            assert_eq!(utf8_be(c as u32), seq);
            assert_eq!(utf8_be_decode(seq), c as u32);
        }
    }

    #[test]
    fn every_adjacent_pair_against_the_badness_expression() {
        let config = Config::encoding_only()
            .fix_c1_controls(false)
            .normalization(None);
        let set = alphabet();
        for &a in &set {
            for &b in &set {
                for text in [format!("{a}{b}"), format!("a{a}{b}a"), format!(" {a}{b} ")] {
                    if is_clean(&text, &config) {
                        assert!(!crate::badness::is_bad(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn triples_against_the_badness_expression() {
        // The letters of the three-character alternatives, one member of
        // every class, and ASCII neighbours.
        let config = Config::encoding_only()
            .fix_c1_controls(false)
            .normalization(None);
        let mut set: Vec<char> = "ВГРСΒΓΞΟ‚ÄâóàäêìπГўЂβ€™°µ Aa.1Ã".chars().collect();
        for class in [
            COMMON, C1, BAD, LAW, CUR, SP, EP, NUM, KAOMOJI, UA, LA, UC, LC, BOX,
        ] {
            set.extend(class.first().map(|r| r.0));
            set.extend(class.last().map(|r| r.1));
        }
        set.sort_unstable();
        set.dedup();
        for &a in &set {
            for &b in &set {
                for &c in &set {
                    let text = format!("{a}{b}{c}");
                    if is_clean(&text, &config) {
                        assert!(!crate::badness::is_bad(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn nfc_table_agrees_with_unicode_normalization() {
        let tables = &TABLES;
        for cp in 0x80u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let e = scan_bits(tables.entry[cp as usize]);
            let quick = is_nfc_quick(std::iter::once(c));
            let ccc = canonical_combining_class(c);
            assert_eq!(e & NFC_UNSAFE != 0, quick != IsNormalized::Yes, "{cp:x}");
            assert_eq!(
                e & NFC_MARK != 0,
                quick == IsNormalized::Yes && ccc != 0,
                "{cp:x}"
            );
        }
    }

    #[test]
    fn astral_fast_ranges_are_safe_starters() {
        for cp in (0x1_F000..=0x1_FBFF).chain(0xE_0000..=0xE_007F) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(nfc_bits(c), 0, "{cp:x}");
        }
    }

    #[test]
    fn clean_text_is_recognised() {
        let config = Config::default();
        for text in [
            "",
            "plain ASCII text, with tabs\tand a newline\n",
            "AT&T & friends; &c. &amp no semicolon",
            "naïve café déjà vu, Übergröße, ¿qué?, «guillemets», cœur, Œuvre",
            "Привет, мир! Съешь же ещё этих мягких французских булок.",
            "Καλημέρα κόσμε, ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
            "日本語のテキスト、中文文本。한국어 텍스트",
            "مرحبا بالعالم",
            "emoji 😀👍🏽 and – dashes … ellipses",
        ] {
            assert!(is_clean(text, &config), "{text:?}");
            assert!(is_clean_naive(text, &config), "{text:?}");
        }
    }

    #[test]
    fn dirty_text_is_caught() {
        let config = Config::default();
        for text in [
            "CafÃ©",
            "Ã la",
            "â€™",
            "вЂ™",
            "a &amp; b",
            "&#233;",
            "crlf\r\n",
            "\u{1b}[36mblue",
            "bell\u{7}",
            "\u{85}",
            "‘quoted’",
            "ﬁne",
            "ＬＯＵＤ",
            "cafe\u{301}",
            "\u{feff}bom",
            "Œ1",
        ] {
            assert!(!is_clean(text, &config), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn lines_before_the_first_dirty_one_are_clean(
            lines in proptest::collection::vec(text_strategy(), 1..6),
            k in 0usize..11,
        ) {
            let config = &configs()[k % configs().len()];
            let text = lines.join("\n");
            if let Some(at) = first_dirty(&text, config) {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                prop_assert!(text.is_char_boundary(at));
                prop_assert!(is_clean(&text[..line_start], config), "{:?}", text);
                for segment in text[..line_start].split_inclusive('\n') {
                    prop_assert!(one_pass_unchanged(segment, config), "{:?}", segment);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Whatever shortcuts `Fixer::fix` takes with the scan, it must give
        /// exactly what feeding every segment to a `LineFixer` gives.
        #[test]
        fn fixer_shortcuts_change_nothing(
            lines in proptest::collection::vec(text_strategy(), 1..6),
            k in 0usize..11,
            max_len in 2usize..40,
        ) {
            let config = configs()[k % configs().len()].clone().max_decode_length(max_len);
            let text = lines.join("\n");
            let fixer = crate::Fixer::new(config.clone());
            let mut feed = fixer.line_fixer();
            let reference: String = crate::fixer::segments(&text, config.get_max_decode_length())
                .map(|(a, b)| feed.fix_segment(&text[a..b]).into_owned())
                .collect();
            let fixed = fixer.fix(&text);
            prop_assert_eq!(&*fixed, reference.as_str());
            prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), reference == text);
        }
    }

    #[test]
    fn switches_are_respected() {
        let off = Config::default()
            .uncurl_quotes(false)
            .unescape_html(HtmlUnescape::Never)
            .fix_line_breaks(false);
        assert!(is_clean("‘quoted’ &amp; crlf\r\n", &off));
        assert!(!is_clean("‘quoted’", &Config::default()));
        assert!(is_clean(
            "cafe\u{301}",
            &Config::default().normalization(None)
        ));
    }
}
