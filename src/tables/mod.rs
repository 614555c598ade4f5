//! Generated lookup tables. Never edit the generated files by hand: each one
//! names the test that regenerates it (`REGENERATE_TABLES=1 cargo test --test <name>`).
pub(crate) mod codepages;
#[rustfmt::skip]
pub(crate) mod commonness;
pub(crate) mod entities;
pub(crate) mod extra_codepages;

/// The tier of each kana, CJK ideograph and Hangul syllable in the text of
/// each national standard, generated with `commonness.rs` (see
/// `tests/gen_commonness_table.rs` for the layout).
pub(crate) static CJK_TIERS: &[u8] = include_bytes!("cjk_tiers.bin");

/// The contexts real words write each Latin letter in: sorted little-endian
/// `u32` keys `before << 20 | letter << 10 | after` (see
/// `tests/gen_commonness_table.rs` for the letter indices).
pub(crate) static LETTER_TRIGRAMS: &[u8] = include_bytes!("letter_trigrams.bin");

/// The pairs of CJK unified ideographs that the words of a Chinese
/// dictionary write side by side: sorted little-endian `u32` keys
/// `first << 16 | second` (see `tests/gen_commonness_table.rs`).
pub(crate) static HAN_PAIRS: &[u8] = include_bytes!("han_pairs.bin");
