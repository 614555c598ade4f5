//! The scan for ftfy's pipeline alone: may any of its steps change the
//! text, and where first?
//!
//! ASCII goes by with [`skip_plain`]; each other character costs one table
//! lookup, then either the pair it forms with the character before (the
//! badness pairs) or, for a character with a [`SLOW`] bit, the slow path
//! shared with the scan beyond ftfy ([`slow_char`]). After a letter that
//! starts a run ([`RUN`]), the run goes by with [`skip_run`].

use std::ops::ControlFlow::{self, Break, Continue};

use crate::config::Config;

use super::tables::TABLES;
use super::{
    char_entry, dirty_ascii, normalized_as_asked, past_ascii, scan_bits, skip_plain, skip_run,
    slow_char, Prev, BAD_ID, NO_MASKS, RUN, SLOW,
};

/// The first character at which a step of ftfy's pipeline under `config`
/// may change `text` ([`first_dirty`](super::first_dirty)). With
/// `SHORTCUTS` false (the tests' per-character twin), no run of letters is
/// skipped.
#[inline(always)]
pub(super) fn first_dirty<const SHORTCUTS: bool>(text: &str, config: &Config) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = skip_plain(bytes, 0);
    if at == bytes.len() {
        return None;
    }
    if !normalized_as_asked(text, config) {
        return Some(0);
    }
    let mut scan = FtfyScan {
        text,
        config,
        // Without the encoding repair no pair matters.
        masks: if config.get_fix_encoding() {
            TABLES.masks
        } else {
            &NO_MASKS
        },
        at,
        prev: Prev::NONE,
        nfc_checked_until: 0,
    };
    match scan.run::<SHORTCUTS>() {
        Break(at) => Some(at),
        Continue(()) => None,
    }
}

/// The scan's state: a local of [`first_dirty`] whose methods are all
/// inlined, so that its fields stay in registers.
struct FtfyScan<'a> {
    text: &'a str,
    config: &'a Config,
    /// The badness masks in use.
    masks: &'static [(u64, u64); 256],
    /// The next byte to look at.
    at: usize,
    /// The character before it.
    prev: Prev,
    /// The end of the last span whose NFC form was checked.
    nfc_checked_until: usize,
}

impl FtfyScan<'_> {
    /// Character by character to the end; `Break` at the first one that
    /// may change.
    #[inline(always)]
    fn run<const SHORTCUTS: bool>(&mut self) -> ControlFlow<usize> {
        let bytes = self.text.as_bytes();
        while let Some(&b0) = bytes.get(self.at) {
            if b0 < 0x80 {
                self.ascii(b0)?;
            } else {
                self.non_ascii::<SHORTCUTS>(b0)?;
            }
        }
        Continue(())
    }

    /// The ASCII byte `b0` at `at`, and the plain ASCII after it. No ASCII
    /// character starts a badness pair.
    #[inline(always)]
    fn ascii(&mut self, b0: u8) -> ControlFlow<usize> {
        let bytes = self.text.as_bytes();
        if dirty_ascii(bytes, self.at, b0, self.config) {
            return Break(self.at);
        }
        self.at = past_ascii(bytes, self.at, b0).0;
        self.prev = Prev::NONE;
        Continue(())
    }

    /// The character that starts with `b0` at `at`.
    #[inline(always)]
    fn non_ascii<const SHORTCUTS: bool>(&mut self, b0: u8) -> ControlFlow<usize> {
        let bytes = self.text.as_bytes();
        let (cp, len, entry) = char_entry(bytes, self.at, b0, false);
        let e = scan_bits(entry);
        if e & SLOW != 0 {
            let Some((prev, nfc_checked_until)) = slow_char(
                self.text,
                self.config,
                (self.at, cp, e),
                self.prev,
                self.nfc_checked_until,
            ) else {
                return Break(self.at);
            };
            (self.prev, self.nfc_checked_until) = (prev, nfc_checked_until);
            self.at += len;
            return Continue(());
        }
        // A starter whose only question is the pair it forms with the
        // previous character.
        let (left, right) = *self
            .masks
            .get(usize::from(e & BAD_ID))
            .expect("BAD_ID is a byte: the mask table has 256 entries");
        if self.prev.left & right != 0 {
            return Break(self.at);
        }
        self.at += len;
        self.prev = Prev { left, mark: false };
        if SHORTCUTS && entry & RUN != 0 {
            if let Some((end, last)) = skip_run(bytes, self.at, cp, &TABLES, false) {
                self.at = end;
                let last = *TABLES
                    .entry
                    .get(last as usize)
                    .expect("a run's last letter is in the BMP, which the table covers");
                self.prev.left = TABLES.pair_masks(last, false).0;
            }
        }
        Continue(())
    }
}
