//! The scan with the pre-tests of the repairs beyond ftfy, in the same
//! pass: ftfy's scan (badness pairs, the slow path); the word-shape
//! evidence of [`crate::plausibility`] and the legacy repair's first test
//! as more pair bits (the [`shape`] and [`legacy_pairs`] bits, in the same
//! masks) and a count of Latin-1 letters in a row, settled once per line
//! by the full tests; and the first test of the CJK repair once per line.
//!
//! Most characters take the plain path ([`BeyondScan::plain_char`]): one
//! lookup, one pair test, no branch on the kind of letter. A character
//! with a [`RARE`] bit (or a CJK lead on a line not yet tested) takes the
//! long way: the CJK test, the slow path shared with ftfy's scan, or the
//! pair test through combining marks.

use std::ops::ControlFlow::{self, Break, Continue};

use crate::config::Config;

use super::tables::TABLES;
use super::{
    char_entry, dirty_ascii, legacy_pairs, line_around, normalized_as_asked, past_ascii, scan_bits,
    shape, skip_plain, skip_run, slow_char, BeyondChecks, Prev, BEYOND_ID, BEYOND_ID_SHIFT,
    BEYOND_PAIRS, CARRY, CJK_LEAD, LATIN1_LETTER, RARE, RUN, SLOW,
};

/// [`first_dirty_beyond`](super::first_dirty_beyond) with at least one of
/// `checks`. With `SHORTCUTS` false (the tests' per-character twin), every
/// character takes the long way.
#[inline(always)]
pub(super) fn first_dirty<const SHORTCUTS: bool>(
    text: &str,
    config: &Config,
    checks: BeyondChecks,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = skip_plain(bytes, 0);
    if at == bytes.len() {
        return None;
    }
    if !normalized_as_asked(text, config) {
        return Some(0);
    }
    let cjk_lead = if checks.cjk { CJK_LEAD } else { 0 };
    // The pairs that count: the badness pairs only with the encoding
    // repair, the pre-tests' only when asked for.
    let mut pairs = 0;
    if config.get_fix_encoding() {
        pairs |= !BEYOND_PAIRS;
    }
    if checks.anomaly {
        pairs |= shape::ALL;
    }
    if checks.legacy {
        pairs |= legacy_pairs::ALL;
    }
    let mut scan = BeyondScan {
        text,
        config,
        pairs,
        latin1_limit: if checks.legacy {
            3
        } else if checks.anomaly {
            4
        } else {
            u32::MAX
        },
        at,
        // The ASCII byte before the first character: its pairs (the
        // start of the text has those every character has).
        prev: Prev {
            left: at
                .checked_sub(1)
                .and_then(|k| bytes.get(k))
                .map_or(legacy_pairs::MISREAD, |&b| ascii_shapes(b).0),
            mark: false,
        },
        latin1_run: 0,
        lines: LineHits::new(checks),
        cjk_lead,
        cjk_until: 0,
        rare: RARE | cjk_lead,
        nfc_checked_until: 0,
    };
    match scan.run::<SHORTCUTS>() {
        Break(at) => Some(at),
        Continue(()) => scan.lines.settle(text, scan.at),
    }
}

/// The pair bits beyond ftfy `(left, right)` of an ASCII byte.
#[inline(always)]
fn ascii_shapes(b: u8) -> (u64, u64) {
    *TABLES
        .ascii_shapes
        .get(usize::from(b & 0x7F))
        .expect("the table has an entry for every ASCII byte")
}

/// The pair masks with the pairs beyond ftfy of a character's entry.
#[inline(always)]
fn beyond_masks(entry: u32) -> (u64, u64) {
    *TABLES
        .beyond_masks
        .get(((entry & BEYOND_ID) >> BEYOND_ID_SHIFT) as usize)
        .expect("the index has 12 bits: the table has BEYOND_SLOTS entries")
}

/// The scan's state: a local of [`first_dirty`] whose methods are all
/// inlined, so that its fields stay in registers.
struct BeyondScan<'a> {
    text: &'a str,
    config: &'a Config,
    /// The pair bits that count: the badness pairs when the encoding
    /// repair is on, and the bits of the pre-tests `checks` asks for.
    pairs: u64,
    /// The Latin-1 letters in a row that send a line to the full tests:
    /// three for the legacy repair's, four for the word-shape analysis.
    latin1_limit: u32,
    /// The next byte to look at.
    at: usize,
    /// The character before it (`left` holds its pairs beyond ftfy too).
    prev: Prev,
    /// Latin-1 letters in a row before `at` (through combining marks).
    latin1_run: u32,
    /// Pair hits not yet settled by their line's full tests.
    lines: LineHits,
    /// [`CJK_LEAD`] when the CJK test is on, otherwise 0.
    cjk_lead: u32,
    /// The end of the last line the CJK test has answered.
    cjk_until: usize,
    /// The entry bits that keep a character off the plain path: [`RARE`],
    /// and [`CJK_LEAD`] on a line the CJK test has not answered.
    rare: u32,
    /// The end of the last span whose NFC form was checked.
    nfc_checked_until: usize,
}

impl BeyondScan<'_> {
    /// Character by character to the end; `Break` at a position in the
    /// first line that needs work.
    #[inline(always)]
    fn run<const SHORTCUTS: bool>(&mut self) -> ControlFlow<usize> {
        let bytes = self.text.as_bytes();
        while let Some(&b0) = bytes.get(self.at) {
            if b0 < 0x80 {
                // One space between two non-ASCII characters, between the
                // words of most scripts: never a step's business, and not
                // the end of a line; only its word-shape pairs count.
                if SHORTCUTS && b0 == b' ' && bytes.get(self.at + 1).is_some_and(|&b| b >= 0x80) {
                    self.space_between_words();
                } else {
                    self.ascii(b0)?;
                }
                continue;
            }
            let (cp, len, entry) = char_entry(bytes, self.at, b0, true);
            if SHORTCUTS && entry & self.rare == 0 {
                self.plain_char(cp, len, entry)?;
                continue;
            }
            if entry & self.cjk_lead != 0 && self.at >= self.cjk_until {
                self.cjk_test()?;
            }
            if scan_bits(entry) & SLOW != 0 {
                self.slow_char(cp, len, entry)?;
            } else {
                self.pair_char(len, entry)?;
            }
        }
        Continue(())
    }

    /// A pair beyond ftfy may start or end at `at`.
    #[inline(always)]
    fn may_show(&mut self) {
        self.lines.hit(self.text, self.at);
    }

    /// The space at `at`, before a non-ASCII character.
    #[inline(always)]
    fn space_between_words(&mut self) {
        let space = ascii_shapes(b' ');
        if self.prev.left & space.1 & self.pairs != 0 {
            self.may_show();
        }
        self.latin1_run = 0;
        self.prev = Prev {
            left: space.0,
            mark: false,
        };
        self.at += 1;
    }

    /// The ASCII byte `b0` at `at`, and the plain ASCII after it: an ASCII
    /// letter after a non-ASCII character may be word-shape evidence; past
    /// the end of a line, its evidence is settled.
    #[inline(always)]
    fn ascii(&mut self, b0: u8) -> ControlFlow<usize> {
        let bytes = self.text.as_bytes();
        if dirty_ascii(bytes, self.at, b0, self.config) {
            return Break(self.at);
        }
        if self.prev.left & ascii_shapes(b0).1 & self.pairs != 0 {
            self.may_show();
        }
        self.latin1_run = 0;
        let (next, last) = past_ascii(bytes, self.at, b0);
        self.at = next;
        if let Some(at) = self.lines.settle(self.text, next) {
            return Break(at);
        }
        self.rare = if next >= self.cjk_until {
            RARE | self.cjk_lead
        } else {
            RARE
        };
        self.prev = Prev {
            left: ascii_shapes(last).0,
            mark: false,
        };
        Continue(())
    }

    /// The common case: a starter whose only questions are the pair it
    /// forms with the previous character and, for a Latin-1 letter, the
    /// length of the run; then, after a letter that starts one, a run of
    /// letters.
    #[inline(always)]
    fn plain_char(&mut self, cp: u32, len: usize, entry: u32) -> ControlFlow<usize> {
        let (left, right) = beyond_masks(entry);
        // Branch-free: a Latin-1 letter lengthens the run, anything else
        // on this path ends it.
        let latin1 = (entry >> LATIN1_LETTER.trailing_zeros()) & 1;
        self.latin1_run = (self.latin1_run + latin1) * latin1;
        self.pair_hit(self.prev.left & right)?;
        self.at += len;
        self.prev = Prev { left, mark: false };
        if entry & RUN != 0 {
            let cjk_pending = self.rare & CJK_LEAD != 0;
            if let Some((end, last)) =
                skip_run(self.text.as_bytes(), self.at, cp, &TABLES, cjk_pending)
            {
                self.at = end;
                let last = *TABLES
                    .entry
                    .get(last as usize)
                    .expect("a run's last letter is in the BMP, which the table covers");
                self.prev.left = TABLES.pair_masks(last, true).0;
                self.latin1_run = 0;
            }
        }
        Continue(())
    }

    /// The pair bits `hit` that the character at `at` ends: the badness
    /// expression may match there, or a line to look at closer (so may
    /// Latin-1 letters in a row).
    #[inline(always)]
    fn pair_hit(&mut self, hit: u64) -> ControlFlow<usize> {
        let hit = hit & self.pairs;
        if hit != 0 || self.latin1_run >= self.latin1_limit {
            if hit & !BEYOND_PAIRS != 0 {
                return Break(self.at);
            }
            self.may_show();
        }
        Continue(())
    }

    /// A CJK lead at `at`, the first on a line the CJK test has not
    /// answered: the test, once for the line.
    #[inline(always)]
    fn cjk_test(&mut self) -> ControlFlow<usize> {
        let (may_apply, end) = cjk_line(self.text, self.at);
        if may_apply {
            return Break(self.at);
        }
        self.cjk_until = end;
        self.rare = RARE;
        Continue(())
    }

    /// A character with a [`SLOW`] bit: ftfy's slow path, then its pairs
    /// beyond ftfy.
    #[inline(always)]
    fn slow_char(&mut self, cp: u32, len: usize, entry: u32) -> ControlFlow<usize> {
        let before = self.prev.left;
        let Some((prev, nfc_checked_until)) = slow_char(
            self.text,
            self.config,
            (self.at, cp, scan_bits(entry)),
            self.prev,
            self.nfc_checked_until,
        ) else {
            return Break(self.at);
        };
        self.nfc_checked_until = nfc_checked_until;
        let (left, right) = beyond_masks(entry);
        self.latin1_run = next_latin1_run(self.latin1_run, entry);
        self.prev = Prev {
            left: prev.left | (left & BEYOND_PAIRS) | carried_shapes(before, entry),
            mark: prev.mark,
        };
        if before & right & self.pairs & BEYOND_PAIRS != 0 || self.latin1_run >= self.latin1_limit {
            self.may_show();
        }
        self.at += len;
        Continue(())
    }

    /// A starter off the plain path whose only question is the pair it
    /// forms with the previous character (and a Latin-1 letter or a
    /// combining mark): the long way for a CJK lead, or every character
    /// without the shortcuts.
    #[inline(always)]
    fn pair_char(&mut self, len: usize, entry: u32) -> ControlFlow<usize> {
        let (left, right) = beyond_masks(entry);
        self.latin1_run = next_latin1_run(self.latin1_run, entry);
        self.pair_hit(self.prev.left & right)?;
        self.at += len;
        self.prev = Prev {
            left: left | carried_shapes(self.prev.left, entry),
            mark: false,
        };
        Continue(())
    }
}

/// The run of Latin-1 letters after the character of `entry`: one longer
/// after a Latin-1 letter, the same through a combining mark, none after
/// anything else. Branch-free.
#[inline(always)]
fn next_latin1_run(run: u32, entry: u32) -> u32 {
    let latin1 = (entry >> LATIN1_LETTER.trailing_zeros()) & 1;
    let carry = (entry >> CARRY.trailing_zeros()) & 1;
    (run + latin1) * (latin1 | carry)
}

/// The word-shape bits of the character before that the character of
/// `entry` passes on: all of them through a combining mark, none otherwise.
#[inline(always)]
fn carried_shapes(before: u64, entry: u32) -> u64 {
    let carry = (entry >> CARRY.trailing_zeros()) & 1;
    before & shape::ALL & 0u64.wrapping_sub(u64::from(carry))
}

/// A pair beyond ftfy said "look closer" at byte `i`: the full tests of
/// its line that `checks` asks for. `Ok` with the end of the line when
/// none passes; otherwise `Err` with where the line needs work: `i` for
/// word-shape evidence, the line's start for the legacy repair (whose
/// test is about the whole line).
#[cold]
#[inline(never)]
fn line_tests(text: &str, i: usize, checks: BeyondChecks) -> Result<usize, usize> {
    let (start, end) = line_around(text.as_bytes(), i);
    let line = text
        .get(start..end)
        .expect("lines start and end after a newline or at the ends");
    if checks.anomaly && crate::plausibility::has_anomaly(line) {
        return Err(i);
    }
    if checks.legacy && crate::plausibility::legacy_runs::legacy_may_apply(line) {
        return Err(start);
    }
    Ok(end)
}

/// The end of the line of a new pending hit at byte `i` (out of line, as
/// the full tests are: the scan's loop stays small).
#[cold]
#[inline(never)]
fn pending_line_end(text: &str, i: usize) -> usize {
    crate::utf8::line_end(text.as_bytes(), i)
}

/// The character at `i` may start a line of CJK mojibake: whether the CJK
/// test passes (when it is the line's first non-ASCII character), and the
/// end of the line.
#[cold]
#[inline(never)]
fn cjk_line(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let (start, end) = line_around(bytes, i);
    let may_apply = bytes.get(start..i).is_some_and(<[u8]>::is_ascii)
        && crate::plausibility::cjk::cjk_may_apply(
            text.get(start..end)
                .expect("lines start and end after a newline or at the ends"),
        );
    (may_apply, end)
}

/// The pairs beyond ftfy the scan has seen and not yet settled. A pair of
/// adjacent characters (or Latin-1 letters in a row) that may be word-shape
/// evidence or pass the legacy repair's first test marks its line; the
/// full tests of that line ([`line_tests`]) wait for the end of the line,
/// and are not needed at all when something else in the line stops the
/// scan first (most mojibake shows a badness pair right after a word-shape
/// pair).
struct LineHits {
    /// The full tests the hits call for.
    checks: BeyondChecks,
    /// The end of the last line the full tests have cleared.
    cleared_until: usize,
    /// The first unsettled hit, in the line that ends at `pending_end`.
    pending: usize,
    /// `usize::MAX` when no hit is pending.
    pending_end: usize,
}

impl LineHits {
    fn new(checks: BeyondChecks) -> LineHits {
        LineHits {
            checks,
            cleared_until: 0,
            pending: 0,
            pending_end: usize::MAX,
        }
    }

    /// A possible hit at byte `i` (the scan counts only the pairs of the
    /// tests `checks` asks for): nothing on a line the full tests have
    /// cleared or already wait for.
    #[inline(always)]
    fn hit(&mut self, text: &str, i: usize) {
        if i < self.cleared_until || self.pending_end != usize::MAX {
            return;
        }
        self.pending = i;
        self.pending_end = pending_line_end(text, i);
    }

    /// Once the scan is at byte `i`: when that is past the line of a
    /// pending hit, the full tests of that line, which either find work
    /// (where: the text is dirty there) or clear the line. (Inlined, with
    /// the tests out of line, so that the state stays in the scan's
    /// registers.)
    #[inline(always)]
    fn settle(&mut self, text: &str, i: usize) -> Option<usize> {
        if i < self.pending_end {
            return None;
        }
        let end = std::mem::replace(&mut self.pending_end, usize::MAX);
        match line_tests(text, self.pending, self.checks) {
            Ok(cleared) => {
                self.cleared_until = cleared.max(end);
                None
            }
            Err(at) => Some(at),
        }
    }
}
