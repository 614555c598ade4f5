//! The scan's tables, as generated data: `src/tables/scan_tables.rs` and
//! `src/tables/scan_entries.bin`, written by the generator in
//! `src/scan/generate.rs` and checked by its staleness test, so that no
//! process builds a table at start-up. One set serves both scans: the one
//! for ftfy's pipeline alone reads the entries' low 16 bits and the badness
//! masks, and the runs their word-shape pairs allow (never more than its
//! own masks would).

use crate::plausibility::plain_code_of;
use crate::tables::scan_tables as generated;

use super::{scan_bits, RunRange, BAD_ID, BEYOND_ID, BEYOND_ID_SHIFT, BEYOND_SLOTS, RUN_SLOTS};

/// Everything the scan looks up.
pub(super) struct Tables {
    /// One entry per code point of the BMP: the scan's bits in the low 16
    /// bits; in bits 16–27 the index of the character's masks in
    /// `beyond_masks`; and the bits [`CJK_LEAD`](super::CJK_LEAD),
    /// [`LATIN1_LETTER`](super::LATIN1_LETTER), [`CARRY`](super::CARRY) and
    /// [`RUN`](super::RUN). One lookup per character serves both scans.
    pub(super) entry: &'static [u32; 0x1_0000],
    /// Badness masks `(can start pairs, can end pairs)` by index; index 0 is
    /// `(0, 0)`, unused indices are "pairs with everything".
    pub(super) masks: &'static [(u64, u64); 256],
    /// The same masks with the word-shape pairs added, by the index in bits
    /// 16–27 of the entry.
    pub(super) beyond_masks: &'static [(u64, u64); BEYOND_SLOTS],
    /// The word-shape bits `(left, right)` of each ASCII byte.
    pub(super) ascii_shapes: &'static [(u64, u64); 128],
    /// The entry bits beyond ftfy of a character outside the BMP, by its
    /// plain code (they depend on nothing else).
    astral_beyond: &'static [u32; 256],
    /// The entry bits beyond ftfy of U+1F000–U+1FAFF.
    pub(super) emoji_beyond: u32,
    /// By [`run_slot`](super::run_slot): the range of letters a character
    /// with `RUN` in that block may skip (`NO_RUN` where none holds).
    pub(super) run_ranges: [RunRange; RUN_SLOTS],
}

/// The tables.
pub(super) static TABLES: Tables = Tables {
    entry: &generated::ENTRIES,
    masks: &generated::MASKS,
    beyond_masks: &generated::BEYOND_MASKS,
    ascii_shapes: &generated::ASCII_SHAPES,
    astral_beyond: &generated::ASTRAL_BEYOND,
    emoji_beyond: generated::EMOJI_BEYOND,
    run_ranges: run_ranges(&generated::RUN_RANGES),
};

/// The run ranges of the generated data as the skip reads them.
// Indexing in a const fn: `k` stays below the length of both arrays.
#[allow(clippy::indexing_slicing)]
const fn run_ranges(raw: &[(u32, u32, bool); RUN_SLOTS]) -> [RunRange; RUN_SLOTS] {
    let mut out = [super::NO_RUN; RUN_SLOTS];
    let mut k = 0;
    while k < RUN_SLOTS {
        let (lo, hi, cjk) = raw[k];
        out[k] = RunRange { lo, hi, cjk };
        k += 1;
    }
    out
}

impl Tables {
    /// The pair masks `(left, right)` of a character's entry, as the scan
    /// with (`beyond`) or without the pre-tests beyond ftfy reads them.
    pub(super) fn pair_masks(&self, entry: u32, beyond: bool) -> (u64, u64) {
        let masks = if beyond {
            self.beyond_masks
                .get(((entry & BEYOND_ID) >> BEYOND_ID_SHIFT) as usize)
        } else {
            self.masks.get(usize::from(scan_bits(entry) & BAD_ID))
        };
        *masks.expect("indices of 8 and 12 bits: the tables have 256 and BEYOND_SLOTS entries")
    }
}

/// The entry bits beyond ftfy of a character outside the BMP (emoji and
/// the like: symbols, a few letters).
#[cold]
pub(super) fn astral_beyond(tables: &Tables, cp: u32) -> u32 {
    // Emoji and pictographs, all symbols: one entry, without the plain
    // code's lookup.
    if (0x1_F000..=0x1_FAFF).contains(&cp) {
        return tables.emoji_beyond;
    }
    let index = usize::from(plain_code_of(cp));
    *tables
        .astral_beyond
        .get(index)
        .expect("the table has an entry for every plain code, a byte")
}
