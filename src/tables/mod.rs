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
