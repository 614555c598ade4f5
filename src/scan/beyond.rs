//! The scan with the pre-tests of the repairs beyond ftfy, in the same
//! pass: ftfy's scan (badness pairs, the slow path), and the word-shape
//! evidence of [`crate::plausibility`] as more pair bits (the [`shape`]
//! bits, in the same masks), a count of Latin-1 letters in a row, and the
//! first test of the CJK repair once per line.
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
    char_entry, dirty_ascii, line_around, normalized_as_asked, past_ascii, scan_bits, shape,
    skip_plain, skip_run, slow_char, BeyondChecks, Prev, BEYOND_ID, BEYOND_ID_SHIFT, CARRY,
    CJK_LEAD, LATIN1_LETTER, RARE, RUN, SLOW,
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
    let mut scan = BeyondScan {
        text,
        config,
        // Without the encoding repair only the word-shape pairs matter.
        badness_pairs: if config.get_fix_encoding() {
            u64::MAX
        } else {
            0
        },
        at,
        // The ASCII byte before the first character: its word-shape pairs.
        prev: Prev {
            left: at
                .checked_sub(1)
                .and_then(|k| bytes.get(k))
                .map_or(0, |&b| ascii_shapes(b).0),
            mark: false,
        },
        latin1_run: 0,
        shapes: ShapeHits::new(checks.anomaly),
        cjk_lead,
        cjk_until: 0,
        rare: RARE | cjk_lead,
        nfc_checked_until: 0,
    };
    match scan.run::<SHORTCUTS>() {
        Break(at) => Some(at),
        Continue(()) => scan.shapes.settle(text, scan.at),
    }
}

/// The word-shape bits `(left, right)` of an ASCII byte.
#[inline(always)]
fn ascii_shapes(b: u8) -> (u64, u64) {
    *TABLES
        .ascii_shapes
        .get(usize::from(b & 0x7F))
        .expect("the table has an entry for every ASCII byte")
}

/// The pair masks with the word-shape pairs of a character's entry.
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
    /// The pair bits that mean "the badness expression may match": all
    /// but the word-shape ones when the encoding repair is on, none
    /// otherwise.
    badness_pairs: u64,
    /// The next byte to look at.
    at: usize,
    /// The character before it (`left` holds its word-shape pairs too).
    prev: Prev,
    /// Latin-1 letters in a row before `at` (through combining marks).
    latin1_run: u32,
    /// Word-shape evidence not yet settled.
    shapes: ShapeHits,
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

    /// A word-shape pair may start or end at `at`.
    #[inline(always)]
    fn may_show(&mut self) {
        self.shapes.hit(self.text, self.at);
    }

    /// The space at `at`, before a non-ASCII character.
    #[inline(always)]
    fn space_between_words(&mut self) {
        let space = ascii_shapes(b' ');
        if self.prev.left & space.1 & shape::ALL != 0 {
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
        if self.prev.left & ascii_shapes(b0).1 & shape::ALL != 0 {
            self.may_show();
        }
        self.latin1_run = 0;
        let (next, last) = past_ascii(bytes, self.at, b0);
        self.at = next;
        if let Some(at) = self.shapes.settle(self.text, next) {
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
    /// four Latin-1 letters in a row).
    #[inline(always)]
    fn pair_hit(&mut self, hit: u64) -> ControlFlow<usize> {
        if hit != 0 || self.latin1_run >= 4 {
            if hit & !shape::ALL & self.badness_pairs != 0 {
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

    /// A character with a [`SLOW`] bit: ftfy's slow path, then its
    /// word-shape pairs.
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
        // A combining mark has no shape bits of its own.
        self.prev = Prev {
            left: prev.left | (left & shape::ALL) | carried_shapes(before, entry),
            mark: prev.mark,
        };
        if before & right & shape::ALL != 0 || self.latin1_run >= 4 {
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

/// The word-shape shortcut said "look closer" at byte `i`: `None` when the
/// line around it shows evidence, otherwise the end of that line.
#[cold]
#[inline(never)]
fn cleared_line_end(text: &str, i: usize) -> Option<usize> {
    let (start, end) = line_around(text.as_bytes(), i);
    let line = text
        .get(start..end)
        .expect("lines start and end after a newline or at the ends");
    (!crate::plausibility::has_anomaly(line)).then_some(end)
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

/// The word-shape evidence the scan has seen and not yet settled. A pair
/// of adjacent characters (or a fourth Latin-1 letter in a row) that may
/// be evidence marks its line; the full analysis of that line
/// ([`has_anomaly`](crate::plausibility::has_anomaly)) waits for the end
/// of the line, and is not needed at all when something else in the line
/// stops the scan first (most mojibake shows a badness pair right after a
/// word-shape pair).
struct ShapeHits {
    /// Whether the word-shape pre-test is on.
    anomaly: bool,
    /// The end of the last line the full analysis has cleared.
    cleared_until: usize,
    /// The first unsettled hit, in the line that ends at `pending_end`.
    pending: usize,
    /// `usize::MAX` when no hit is pending.
    pending_end: usize,
}

impl ShapeHits {
    fn new(anomaly: bool) -> ShapeHits {
        ShapeHits {
            anomaly,
            cleared_until: 0,
            pending: 0,
            pending_end: usize::MAX,
        }
    }

    /// A possible piece of evidence at byte `i`: nothing on a line the full
    /// analysis has cleared or already waits for.
    #[inline(always)]
    fn hit(&mut self, text: &str, i: usize) {
        if !self.anomaly || i < self.cleared_until || self.pending_end != usize::MAX {
            return;
        }
        self.pending = i;
        self.pending_end = line_around(text.as_bytes(), i).1;
    }

    /// Once the scan is at byte `i`: when that is past the line of a
    /// pending hit, the full analysis of that line, which either finds
    /// evidence (the hit's position: the text is dirty there) or clears
    /// the line. (Inlined, with the analysis out of line, so that the
    /// state stays in the scan's registers.)
    #[inline(always)]
    fn settle(&mut self, text: &str, i: usize) -> Option<usize> {
        if i < self.pending_end {
            return None;
        }
        let end = std::mem::replace(&mut self.pending_end, usize::MAX);
        match cleared_line_end(text, self.pending) {
            Some(cleared) => {
                self.cleared_until = cleared.max(end);
                None
            }
            None => Some(self.pending),
        }
    }
}
