//! Generated lookup tables. Never edit the generated files by hand: each one
//! names the test that regenerates it (`REGENERATE_TABLES=1 cargo test --test <name>`).
pub(crate) mod codepages;
#[rustfmt::skip]
pub(crate) mod commonness;
pub(crate) mod entities;
pub(crate) mod extra_codepages;
/// The scan's tables (see `src/scan/tables.rs`), with their entries in
/// `scan_entries.bin`, generated so that no process builds them at
/// start-up; regenerate with
/// `REGENERATE_TABLES=1 cargo test --lib scan::generate::tests::generated_tables`.
#[rustfmt::skip]
pub(crate) mod scan_tables;
pub(crate) mod legacy_pages;
/// Python's `\w` as code point ranges, generated so that the crate needs no
/// table of general categories; regenerate with
/// `REGENERATE_TABLES=1 cargo test --lib badness::expression::tests::python_word_class`.
#[rustfmt::skip]
pub(crate) mod python_word;

/// The tier of each kana, CJK ideograph and Hangul syllable in the text of
/// each national standard, generated with `commonness.rs` (see
/// `tests/gen_commonness_table.rs` for the layout).
pub(crate) static CJK_TIERS: &[u8] = include_bytes!("cjk_tiers.bin");

/// The contexts real words write each Latin letter in: sorted little-endian
/// `u32` keys `before << 22 | letter << 10 | after` (see
/// `tests/gen_commonness_table.rs` for the letter indices).
pub(crate) static LETTER_TRIGRAMS: &[u8] = include_bytes!("letter_trigrams.bin");
/// Accented Latin letters with the letters around them inside the words of
/// running text (see `tests/gen_commonness_table.rs`).
pub(crate) static WORD_TRIGRAMS: &[u8] = include_bytes!("word_trigrams.bin");

/// The pairs of CJK unified ideographs that the words of a Chinese
/// dictionary write side by side: sorted little-endian `u32` keys
/// `first << 16 | second` (see `tests/gen_commonness_table.rs`).
pub(crate) static HAN_PAIRS: &[u8] = include_bytes!("han_pairs.bin");

/// The word-shape classes of the plausibility module (script code and
/// flags, see `classify` in `src/plausibility.rs`) of every code point of
/// the Basic Multilingual Plane, one byte each. Generated, so that no
/// process computes it at start-up; regenerate with
/// `REGENERATE_TABLES=1 cargo test --lib plausibility::tests::generated_tables`.
pub(crate) static PLAUSIBILITY_CLASSES: &[u8; 0x1_0000] =
    include_bytes!("plausibility_classes.bin");

/// The plain codes of the plausibility module (see `plain_code_slow` in
/// `src/plausibility.rs`) of every code point of the Basic Multilingual
/// Plane, one byte each; generated as [`PLAUSIBILITY_CLASSES`] is.
pub(crate) static PLAIN_CODES: &[u8; 0x1_0000] = include_bytes!("plain_codes.bin");

/// The little-endian `u32`s of `bytes`, at compile time (for a generated
/// table of one `u32` per code point of the Basic Multilingual Plane).
// Indexing in a const fn: `4 * k + 3` stays below the length of `bytes`.
#[allow(clippy::indexing_slicing)]
pub(crate) const fn le_u32s(bytes: &[u8; 0x4_0000]) -> [u32; 0x1_0000] {
    let mut out = [0; 0x1_0000];
    let mut k = 0;
    while k < 0x1_0000 {
        let at = 4 * k;
        out[k] = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        k += 1;
    }
    out
}

/// Pair masks `used`, then "pairs with everything" up to `N`, at compile
/// time (for the generated mask tables, which list the indices in use).
// Indexing in a const fn: `k` stays below `used.len()` and `N`.
#[allow(clippy::indexing_slicing)]
pub(crate) const fn padded_masks<const N: usize>(used: &[(u64, u64)]) -> [(u64, u64); N] {
    let mut out = [(u64::MAX, u64::MAX); N];
    let mut k = 0;
    while k < used.len() && k < N {
        out[k] = used[k];
        k += 1;
    }
    out
}
