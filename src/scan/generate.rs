//! The generator of the scan's tables (`src/tables/scan_tables.rs` and
//! `src/tables/scan_entries.bin`, read by [`super::tables`]), and its
//! staleness test: `REGENERATE_TABLES=1 cargo test --lib
//! scan::generate::tests::generated_tables` writes them.
//!
//! The tables are built from the rules of the scan (which characters each
//! step touches, the trigger characters), ftfy's badness expression as data
//! (`badness/expression.rs`), the word-shape classes of
//! [`crate::plausibility`] and the quick-check data of
//! `unicode-normalization`.

use std::fmt::Write as _;

use crate::badness::expression::classes::C1;
use crate::badness::expression::{of, PAIRS};
use crate::plausibility::{plain_code_of, PlainCode};

use super::{
    legacy_pairs, nfc_bits, run_slot, scan_bits, shape, utf8_be, RunRange, BAD_ID, BEYOND_ID,
    BEYOND_ID_SHIFT, BEYOND_PAIRS, BEYOND_SLOTS, CARRY, CJK_LEAD, LATIN1_LETTER, NO_RUN, RARE, RUN,
    RUN_RANGES, RUN_SLOTS, STEP, TRIGGER, TRIGGER_NON_LETTER, TRIGGER_SPACE,
};

// Trigger characters, enough for the badness expression to match with
// what follows them: [C1] alone; [Œœ][^A-Za-z] (Œ or œ followed by anything
// but an ASCII letter); and [a-z]\s?[ÃÂ][ ], ^[ÃÂ][ ], ...Â[ ] (Ã or Â
// followed by a space).
pub(super) const TRIGGERS_BEFORE_NON_LETTER: &str = "Œœ";
pub(super) const TRIGGERS_BEFORE_SPACE: &str = "ÃÂ";

/// The scan's tables as the generator builds them.
pub(super) struct Built {
    /// One entry per code point of the BMP: the bits above in the low 16
    /// bits; in bits 16–27 the index of the character's masks in
    /// `beyond_masks`; and the bits [`CJK_LEAD`], [`LATIN1_LETTER`] and
    /// [`CARRY`] for the pre-tests beyond ftfy. One lookup per character
    /// serves both.
    pub(super) entry: Box<[u32; 0x1_0000]>,
    /// Badness masks `(can start pairs, can end pairs)` by index; index 0 is
    /// `(0, 0)`, unused indices are "pairs with everything".
    pub(super) masks: [(u64, u64); 256],
    /// The same masks with the word-shape pairs of [`beyond_bits`] added,
    /// by the index in bits 16–27 of the entry.
    pub(super) beyond_masks: Box<[(u64, u64); BEYOND_SLOTS]>,
    /// The index of each mask pair of `beyond_masks`, for characters
    /// outside the BMP.
    pub(super) beyond_index: std::collections::BTreeMap<(u64, u64), usize>,
    /// The word-shape bits `(left, right)` of each ASCII byte.
    pub(super) ascii_shapes: [(u64, u64); 128],
    /// The entry bits beyond ftfy of U+1F000–U+1FAFF.
    pub(super) emoji_beyond: u32,
    /// By [`run_slot`]: the range of letters a character with [`RUN`] in
    /// that block may skip ([`NO_RUN`] where none holds).
    pub(super) run_ranges: [RunRange; RUN_SLOTS],
}

/// The pair bits `(left, right)` beyond ftfy and the entry bits of a
/// character: the word-shape ones, from its
/// [`PlainCode`](crate::plausibility::PlainCode), and those of the legacy
/// repair's first test.
pub(super) fn beyond_bits(cp: u32) -> ((u64, u64), u32) {
    let ((left, right), bits) = code_beyond_bits(plain_code_of(cp));
    let (legacy_left, legacy_right) = legacy_pair_bits(cp, bits & LATIN1_LETTER != 0);
    ((left | legacy_left, right | legacy_right), bits)
}

/// The [`legacy_pairs`] bits `(left, right)` of a character, besides
/// [`legacy_pairs::MISREAD`] on the left, which every character has
/// ([`code_beyond_bits`]); `latin1_letter` when it is one of the Latin-1
/// letters the scan counts.
fn legacy_pair_bits(cp: u32, latin1_letter: bool) -> (u64, u64) {
    use crate::plausibility::legacy_runs::{high_byte, is_misread_utf8_char};
    use legacy_pairs::*;
    let Some(c) = char::from_u32(cp) else {
        return (0, 0);
    };
    if is_misread_utf8_char(c) {
        return (0, MISREAD);
    }
    if high_byte(c).is_none() {
        return (0, 0);
    }
    if c == '\u{A0}' {
        return (SPACE_LETTER, LETTER_SPACE);
    }
    let (mut left, mut right) = (NOT_SMALL_SECOND, NOT_SMALL_FIRST);
    if c.is_lowercase() {
        left |= SMALL_THEN_ODD;
        right |= ODD_THEN_SMALL;
        if !latin1_letter {
            left |= ODD_THEN_SMALL;
            right |= SMALL_THEN_ODD;
        }
    } else {
        left |= NOT_SMALL_FIRST;
        right |= NOT_SMALL_SECOND;
    }
    if crate::chars::is_alphabetic(c) {
        left |= LETTER_SPACE;
        right |= SPACE_LETTER;
    }
    (left, right)
}

/// [`beyond_bits`] of the characters of one plain code but the legacy
/// repair's pairs (which depend on the character itself).
fn code_beyond_bits(code: PlainCode) -> ((u64, u64), u32) {
    let info = crate::plausibility::plain_code_info(code);
    // Any character may come before one the legacy repair takes alone.
    let mut left = legacy_pairs::MISREAD;
    let mut right = 0;
    let mut bits = 0;
    if info.cjk_lead {
        bits |= CJK_LEAD;
    }
    if let Some(script) = info.script {
        let own = match script {
            1 => shape::LATIN,
            2 => shape::GREEK,
            3 => shape::CYRILLIC,
            _ => shape::OTHER,
        };
        left |= own | shape::LETTER;
        right |= (shape::SCRIPTS & !own) | shape::BOX;
        if script <= 3 {
            left |= shape::ALPHABET;
        }
        if info.lower {
            left |= shape::SMALL;
        }
        if info.upper {
            right |= shape::SMALL;
        }
        if info.latin1 {
            bits |= LATIN1_LETTER;
        }
    } else if info.symbol {
        right |= shape::ALPHABET;
    } else if info.box_drawing {
        left |= shape::BOX;
        right |= shape::LETTER;
    } else if info.mark {
        bits |= CARRY;
    }
    ((left, right), bits)
}

fn has_step(cp: u32) -> bool {
    matches!(cp,
        0x80..=0x9F
        | 0x132 | 0x133 | 0x149 | 0x1C4..=0x1CC | 0x1F1..=0x1F3 | 0xFB00..=0xFB06
        | 0x2BC | 0x2018..=0x201F
        | 0x2028 | 0x2029
        | 0x206A..=0x206F | 0xFEFF | 0xFFF9..=0xFFFC
        | 0x3000 | 0xFF01..=0xFFEF)
}

/// The entry bits of a code point that depend only on it: NFC and steps.
pub(super) fn base_bits(cp: u32) -> u16 {
    char::from_u32(cp).map_or(0, |c| nfc_bits(c) | if has_step(cp) { STEP } else { 0 })
}

/// The entries of every BMP code point as a fixed-size table (the vector
/// has exactly 0x10000 entries; anything else would give entries that
/// send every character the slow way).
fn bmp_table(entries: Vec<u32>) -> Box<[u32; 0x1_0000]> {
    entries
        .into_boxed_slice()
        .try_into()
        .expect("one entry per BMP code point: 0x10000 entries")
}

/// The scan's tables; with `beyond` false, without the parts only the
/// pre-tests beyond ftfy read (their entry bits are then 0, their masks
/// empty).
pub(super) fn build_tables(beyond: bool) -> Built {
    let mut entry = crate::bmp::build(base_bits);
    let mut set = |chars: &mut dyn Iterator<Item = char>, bit: u16| {
        for c in chars {
            if let Some(slot) = entry.get_mut(c as usize) {
                *slot |= bit;
            }
        }
    };
    set(&mut of(&[C1]).listed_chars(), TRIGGER);
    set(&mut TRIGGERS_BEFORE_NON_LETTER.chars(), TRIGGER_NON_LETTER);
    set(&mut TRIGGERS_BEFORE_SPACE.chars(), TRIGGER_SPACE);

    // Pair masks per character, then one index per distinct mask pair.
    let mut per_char: std::collections::BTreeMap<char, (u64, u64)> = Default::default();
    for (k, (left, right)) in PAIRS.iter().enumerate() {
        for c in left.listed_chars() {
            per_char.entry(c).or_default().0 |= 1 << k;
        }
        for c in right.listed_chars() {
            per_char.entry(c).or_default().1 |= 1 << k;
        }
    }
    let mut masks: Vec<(u64, u64)> = vec![(0, 0)];
    for (c, pair) in per_char {
        let index = match masks.iter().position(|&m| m == pair) {
            Some(i) => i,
            None => {
                masks.push(pair);
                masks.len() - 1
            }
        };
        // More than 255 distinct mask pairs would not fit the entry: index
        // 255 means "pairs with everything", which is always safe.
        let index = index.min(usize::from(BAD_ID));
        if let (Some(slot), Ok(index)) = (entry.get_mut(c as usize), u16::try_from(index)) {
            *slot |= index;
        }
    }
    let mut fixed_masks = [(u64::MAX, u64::MAX); 256];
    for (slot, &m) in fixed_masks.iter_mut().zip(masks.iter()) {
        *slot = m;
    }
    if !beyond {
        let wide: Vec<u32> = entry.iter().map(|&bits| u32::from(bits)).collect();
        return Built {
            entry: bmp_table(wide),
            masks: fixed_masks,
            beyond_masks: Box::new([(0, 0); BEYOND_SLOTS]),
            beyond_index: Default::default(),
            ascii_shapes: [(0, 0); 128],
            emoji_beyond: 0,
            run_ranges: [NO_RUN; RUN_SLOTS],
        }
        .with_runs(false);
    }
    // The masks with the word-shape pairs, one index per distinct pair.
    let mut beyond_masks: Vec<(u64, u64)> = vec![(0, 0)];
    let mut beyond_index: std::collections::BTreeMap<(u64, u64), usize> =
        [((0, 0), 0)].into_iter().collect();
    let entry: Vec<u32> = crate::bmp::build(|cp| {
        let bits = *entry
            .get(cp as usize)
            .expect("bmp::build has an entry for every BMP code point");
        let (left, right) = *fixed_masks
            .get(usize::from(bits & BAD_ID))
            .expect("BAD_ID is a byte: the mask table has 256 entries");
        let ((shape_left, shape_right), beyond) = beyond_bits(cp);
        let pair = (left | shape_left, right | shape_right);
        let next = beyond_masks.len();
        let index = *beyond_index.entry(pair).or_insert(next);
        if index == next {
            beyond_masks.push(pair);
        }
        // More than 4096 would not fit: pairs with everything.
        let index = u32::try_from(index)
            .expect("at most one index per BMP code point")
            .min(BEYOND_ID >> BEYOND_ID_SHIFT);
        u32::from(bits) | index << BEYOND_ID_SHIFT | beyond
    });
    let entry = bmp_table(entry);
    // The pairs of characters outside the BMP (no badness classes there):
    // symbols, and letters of each script and case.
    for cp in [
        0x1_F600, 0x1_D400, 0x1_D41A, 0x1_0400, 0x1_0428, 0x2_0000, 0x1_D15E,
    ] {
        let pair = beyond_bits(cp).0;
        let next = beyond_masks.len();
        if *beyond_index.entry(pair).or_insert(next) == next {
            beyond_masks.push(pair);
        }
    }
    let mut fixed_beyond = Box::new([(u64::MAX, u64::MAX); BEYOND_SLOTS]);
    for (slot, &m) in fixed_beyond.iter_mut().zip(beyond_masks.iter()) {
        *slot = m;
    }
    let mut ascii_shapes = [(0, 0); 128];
    for (cp, slot) in (0u32..).zip(ascii_shapes.iter_mut()) {
        let (left, right) = beyond_bits(cp).0;
        *slot = (left & BEYOND_PAIRS, right & BEYOND_PAIRS);
    }
    let mut tables = Built {
        entry,
        masks: fixed_masks,
        beyond_masks: fixed_beyond,
        beyond_index,
        ascii_shapes,
        emoji_beyond: 0,
        run_ranges: [NO_RUN; RUN_SLOTS],
    };
    tables.emoji_beyond = tables.astral_beyond(0x1_F600);
    tables.with_runs(true)
}

impl Built {
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

    /// Keeps the ranges of [`RUN_RANGES`] that hold, and sets [`RUN`] on
    /// the characters of their blocks that may start a run: plain ones
    /// whose pairs with a space and with every letter of the range are
    /// clear.
    fn with_runs(mut self, beyond: bool) -> Built {
        // A CJK lead is plain once its line's CJK test is done.
        let plain = |entry: u32| entry & (RARE | LATIN1_LETTER) == 0;
        // A space pairs by its word-shape bits only.
        let space = if beyond {
            *self
                .ascii_shapes
                .get(usize::from(b' '))
                .expect("the table has an entry for every ASCII byte")
        } else {
            (0, 0)
        };
        for &(lo, hi) in &RUN_RANGES {
            let members = self
                .entry
                .get(lo as usize..=hi as usize)
                .expect("RUN_RANGES are ranges of BMP code points");
            let (lefts, rights) = members.iter().fold((space.0, space.1), |(l, r), &e| {
                let (left, right) = self.pair_masks(e, beyond);
                (l | left, r | right)
            });
            let holds = !members.is_empty()
                && members.iter().all(|&e| plain(e))
                && lefts & rights == 0
                // Letters of one length.
                && (lo >= 0x800) == (hi >= 0x800);
            if !holds {
                continue;
            }
            let range = RunRange {
                lo: utf8_be(lo),
                hi: utf8_be(hi),
                cjk: members.iter().any(|&e| e & CJK_LEAD != 0),
            };
            for slot in run_slot(lo)..=run_slot(hi) {
                if let Some(at) = self.run_ranges.get_mut(slot) {
                    *at = range;
                }
            }
            // The characters of the blocks the range touches.
            let block = |slot: usize| {
                if slot < 8 {
                    slot << 8..(slot + 1) << 8
                } else {
                    (slot - 8) << 12..(slot - 7) << 12
                }
            };
            for cp in block(run_slot(lo)).start..block(run_slot(hi)).end {
                let entry = *self
                    .entry
                    .get(cp)
                    .expect("run slots are blocks of the BMP, which the table covers");
                if plain(entry) && self.pair_masks(entry, beyond).0 & rights == 0 {
                    if let Some(slot) = self.entry.get_mut(cp) {
                        *slot |= RUN;
                    }
                }
            }
        }
        self
    }

    /// The entry bits beyond ftfy of a character outside the BMP, by its
    /// word-shape pairs' index in `beyond_masks`.
    pub(super) fn astral_beyond(&self, cp: u32) -> u32 {
        self.code_astral_beyond(plain_code_of(cp))
    }

    /// [`Built::astral_beyond`] of the characters of one plain code.
    fn code_astral_beyond(&self, code: PlainCode) -> u32 {
        let (pair, bits) = code_beyond_bits(code);
        // A pair not in the table: "pairs with everything", which is safe.
        let index = self
            .beyond_index
            .get(&pair)
            .and_then(|&k| u32::try_from(k).ok())
            .unwrap_or(BEYOND_ID >> BEYOND_ID_SHIFT)
            .min(BEYOND_ID >> BEYOND_ID_SHIFT);
        index << BEYOND_ID_SHIFT | bits
    }
}

/// The source of `src/tables/scan_tables.rs` for the tables `built`, and the
/// bytes of `src/tables/scan_entries.bin` (the entries, little-endian).
pub(super) fn generated(built: &Built) -> (String, Vec<u8>) {
    let entries: Vec<u8> = built.entry.iter().flat_map(|e| e.to_le_bytes()).collect();
    let mut s = String::new();
    let masks = |s: &mut String, masks: &[(u64, u64)]| {
        for (left, right) in masks {
            let _ = writeln!(s, "    (0x{left:016X}, 0x{right:016X}),");
        }
    };
    // The masks past the last index in use "pair with everything".
    let used = |all: &[(u64, u64)]| {
        let n = all
            .iter()
            .rposition(|&m| m != (u64::MAX, u64::MAX))
            .map_or(0, |k| k + 1);
        all.get(..n)
            .expect("`n` is at most the length of the table")
            .to_vec()
    };
    s.push_str(
        "//! The tables of the scan (see `src/scan/tables.rs`). Generated by\n\
         //! `src/scan/generate.rs`: do not edit; regenerate with\n\
         //! `REGENERATE_TABLES=1 cargo test --lib scan::generate::tests::generated_tables`.\n\n\
         /// The entry of every code point of the Basic Multilingual Plane.\n\
         pub(crate) static ENTRIES: [u32; 0x1_0000] =\n    \
         super::le_u32s(include_bytes!(\"scan_entries.bin\"));\n\n\
         /// The badness masks `(can start pairs, can end pairs)` by index.\n\
         pub(crate) static MASKS: [(u64, u64); 256] = super::padded_masks(&[\n",
    );
    masks(&mut s, &used(&built.masks));
    s.push_str(
        "]);\n\n\
         /// The same with the word-shape pairs, by the index in bits 16-27.\n\
         pub(crate) static BEYOND_MASKS: [(u64, u64); 0x1000] = super::padded_masks(&[\n",
    );
    masks(&mut s, &used(&built.beyond_masks[..]));
    s.push_str(
        "]);\n\n\
         /// The word-shape bits `(left, right)` of each ASCII byte.\n\
         pub(crate) static ASCII_SHAPES: [(u64, u64); 128] = [\n",
    );
    masks(&mut s, &built.ascii_shapes);
    s.push_str(
        "];\n\n\
         /// The entry bits beyond ftfy of a character outside the BMP, by its\n\
         /// plain code.\n\
         pub(crate) static ASTRAL_BEYOND: [u32; 256] = [\n",
    );
    for code in 0..=PlainCode::MAX {
        let _ = writeln!(s, "    0x{:08X},", built.code_astral_beyond(code));
    }
    let _ = write!(
        s,
        "];\n\n\
         /// The entry bits beyond ftfy of U+1F000-U+1FAFF.\n\
         pub(crate) const EMOJI_BEYOND: u32 = 0x{:08X};\n\n\
         /// The run ranges `(first, last, CJK leads)` by block.\n\
         pub(crate) static RUN_RANGES: [(u32, u32, bool); {}] = [\n",
        built.emoji_beyond, RUN_SLOTS
    );
    for range in &built.run_ranges {
        let _ = writeln!(
            s,
            "    (0x{:06X}, 0x{:06X}, {}),",
            range.lo, range.hi, range.cjk
        );
    }
    s.push_str("];\n");
    (s, entries)
}

#[cfg(test)]
mod tests {
    use super::super::tables::TABLES;
    use super::*;

    /// The checked-in tables are what the generator builds from today's
    /// rules; with `REGENERATE_TABLES=1` this test writes them. And the
    /// tables the scan reads are those files, decoded.
    #[test]
    fn generated_tables() {
        let built = build_tables(true);
        let (source, entries) = generated(&built);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tables");
        if std::env::var_os("REGENERATE_TABLES").is_some_and(|v| v == "1") {
            std::fs::write(dir.join("scan_tables.rs"), &source).unwrap();
            std::fs::write(dir.join("scan_entries.bin"), &entries).unwrap();
            return;
        }
        let stale = "is stale; regenerate it with \
            `REGENERATE_TABLES=1 cargo test --lib scan::generate::tests::generated_tables`";
        let checked_in = std::fs::read_to_string(dir.join("scan_tables.rs")).unwrap();
        assert!(source == checked_in, "src/tables/scan_tables.rs {stale}");
        assert!(
            entries == std::fs::read(dir.join("scan_entries.bin")).unwrap(),
            "src/tables/scan_entries.bin {stale}"
        );
        assert!(TABLES.entry[..] == built.entry[..]);
        assert_eq!(TABLES.masks, &built.masks);
        assert!(TABLES.beyond_masks[..] == built.beyond_masks[..]);
        assert_eq!(TABLES.ascii_shapes, &built.ascii_shapes);
        assert_eq!(TABLES.emoji_beyond, built.emoji_beyond);
        assert_eq!(TABLES.run_ranges, built.run_ranges);
    }

    /// Outside the BMP, the table by plain code answers as the lookup of
    /// each character's own pairs does.
    #[test]
    fn astral_entries_by_plain_code() {
        let built = build_tables(true);
        for cp in (0x1_0000..0x3_0000).step_by(7).chain(0x1_F000..=0x1_FAFF) {
            assert_eq!(
                super::super::tables::astral_beyond(&TABLES, cp),
                built.astral_beyond(cp),
                "U+{cp:X}"
            );
        }
    }

    #[test]
    fn tables_are_uniform_where_built_once() {
        // What the entry of a code point is made of, computed afresh:
        // its own bits, its badness pairs, its word-shape pairs.
        let mut in_pairs = std::collections::BTreeSet::new();
        for (left, right) in PAIRS.iter() {
            in_pairs.extend(left.listed_chars().chain(right.listed_chars()));
        }
        in_pairs.extend(of(&[C1]).listed_chars());
        in_pairs.extend(
            TRIGGERS_BEFORE_NON_LETTER
                .chars()
                .chain(TRIGGERS_BEFORE_SPACE.chars()),
        );
        crate::bmp::uniform_under(|cp| {
            let listed = char::from_u32(cp).is_some_and(|c| in_pairs.contains(&c));
            (base_bits(cp), listed, beyond_bits(cp))
        });
    }

    /// The tables for ftfy's pipeline alone would answer as the full ones
    /// do without the pre-tests beyond ftfy: the scan without them reads
    /// the full ones.
    #[test]
    fn base_tables_are_the_full_ones_without_the_beyond_parts() {
        let (base, full) = (build_tables(false), build_tables(true));
        assert_eq!(base.masks, full.masks);
        for (cp, (b, f)) in base.entry.iter().zip(full.entry.iter()).enumerate() {
            // (Which characters start runs depends on the masks.)
            assert_eq!(*b & !RUN, u32::from(scan_bits(*f)), "U+{cp:04X}");
            // The full masks hold the base ones: a character that starts
            // a run there does so without the word-shape pairs too.
            assert!(*f & RUN == 0 || *b & RUN != 0, "U+{cp:04X}");
        }
        for (b, f) in base.run_ranges.iter().zip(full.run_ranges.iter()) {
            assert_eq!((b.lo, b.hi), (f.lo, f.hi));
        }
    }
}
