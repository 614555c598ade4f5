//! Character properties that the repairs beyond ftfy ask about for every
//! character they judge, answered from a cache.
//!
//! The standard library answers [`char::is_alphabetic`] for a character
//! beyond ASCII with a search through its Unicode tables, about two
//! hundred instructions; the plausibility model, the legacy repair's judge
//! and the span repair ask it several times for each character of each
//! candidate. Here the answers for the Basic Multilingual Plane are kept
//! in a bitmap filled in block by block as characters are met (32 code
//! points a block, computed with the standard library's own functions, so
//! the answers are the same); characters beyond it go to the standard
//! library.

use std::sync::atomic::{AtomicU64, Ordering};

/// A block's entry once filled in: bit 32 set, bit `i` (0 to 15) whether
/// code point `i` of the block is alphabetic, bit `16 + i` whether it is
/// numeric. 0 means not filled in yet.
const KNOWN: u64 = 1 << 32;

/// One entry per block of 16 code points below U+10000.
static PROPERTIES: [AtomicU64; 0x1_0000 / 16] = [const { AtomicU64::new(0) }; 0x1_0000 / 16];

/// The entry of the block of `cp`, `None` beyond the Basic Multilingual
/// Plane.
#[inline]
fn entry(cp: u32) -> Option<u64> {
    let slot = PROPERTIES.get((cp >> 4) as usize)?;
    // Each entry is written whole, and the same by any thread: relaxed
    // ordering suffices.
    let mut entry = slot.load(Ordering::Relaxed);
    if entry == 0 {
        entry = block_entry(cp >> 4);
        slot.store(entry, Ordering::Relaxed);
    }
    Some(entry)
}

/// [`char::is_alphabetic`], from the cache for the Basic Multilingual
/// Plane.
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0x80 {
        return c.is_ascii_alphabetic();
    }
    match entry(cp) {
        Some(entry) => (entry >> (cp & 15)) & 1 != 0,
        None => c.is_alphabetic(),
    }
}

/// [`char::is_alphanumeric`], from the cache for the Basic Multilingual
/// Plane.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    match entry(cp) {
        Some(entry) => (entry >> (cp & 15)) & 0x1_0001 != 0,
        None => c.is_alphanumeric(),
    }
}

/// The entry of block `block` (code points `16 * block` to
/// `16 * block + 15`).
#[cold]
fn block_entry(block: u32) -> u64 {
    let mut entry = KNOWN;
    for i in 0..16 {
        if let Some(c) = char::from_u32(block * 16 + i) {
            entry |= u64::from(c.is_alphabetic()) << i;
            entry |= u64::from(c.is_numeric()) << (16 + i);
        }
    }
    entry
}

/// Whether `x` lies in one of `ranges`: inclusive ranges, sorted and
/// disjoint (a class of code points, as the generated tables write them).
pub(crate) fn in_sorted_ranges<T: Ord + Copy>(ranges: &[(T, T)], x: T) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < x {
                std::cmp::Ordering::Less
            } else if lo > x {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The characters of `text` in a vector allocated once: a character takes
/// a byte at least (`collect` would start from a quarter of that and grow).
pub(crate) fn char_vec(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    chars.extend(text.chars());
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_the_standard_library() {
        for cp in (0..0x1_0000)
            .chain(0x1_0000..0x1_1000)
            .chain([0x2_0000, 0x10_FFFF])
        {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{cp:X}");
                assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{cp:X}");
            }
        }
    }
}
