//! Building tables with one entry per code point of the Basic Multilingual
//! Plane, for the generators of the checked-in tables (the scan's, the
//! plausibility module's), which run in the tests. Computing an entry
//! costs Unicode property lookups: the large blocks whose code points all
//! have the same properties are computed once per block.

/// Blocks where every code point has the same entry in every table built
/// with [`build`]: the syllabics of Canadian Aboriginal scripts (but the
/// punctuation at both ends), the CJK ideographs of the two main blocks,
/// the Yi syllables, the Hangul syllables, the surrogates (no characters)
/// and the private use area but its last code point (U+F8FF, the Apple
/// logo of Mac Roman, is in the badness classes). The tests of the modules
/// that build tables check this for their own tables.
pub(crate) const UNIFORM: [(u32, u32); 7] = [
    (0x1401, 0x166C),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA48C),
    (0xAC00, 0xD7A3),
    (0xD800, 0xDFFF),
    (0xE000, 0xF8FE),
];

/// The entries `f(cp)` for every code point below U+10000 (surrogates
/// included, as `f` wishes), calling `f` once for each block of
/// [`UNIFORM`].
pub(crate) fn build<T: Copy>(mut f: impl FnMut(u32) -> T) -> Vec<T> {
    let mut out = Vec::with_capacity(0x1_0000);
    let mut cp = 0u32;
    while cp < 0x1_0000 {
        let value = f(cp);
        let end = UNIFORM
            .iter()
            .find(|&&(lo, _)| lo == cp)
            .map_or(cp, |&(_, hi)| hi);
        out.extend(std::iter::repeat(value).take((end - cp + 1) as usize));
        cp = end + 1;
    }
    out
}

/// Whether `f` gives the same value for every code point of each block of
/// [`UNIFORM`] (for tests).
#[cfg(test)]
pub(crate) fn uniform_under<T: PartialEq + std::fmt::Debug>(mut f: impl FnMut(u32) -> T) {
    for (lo, hi) in UNIFORM {
        let first = f(lo);
        for cp in lo..=hi {
            assert_eq!(f(cp), first, "U+{cp:04X} differs from U+{lo:04X}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds_every_code_point() {
        let table = super::build(|cp| cp);
        assert_eq!(table.len(), 0x1_0000);
        for (lo, hi) in super::UNIFORM {
            assert_eq!(table.get(hi as usize), Some(&lo));
            assert_eq!(table.get(hi as usize + 1), Some(&(hi + 1)));
        }
        assert_eq!(table.get(0x41), Some(&0x41));
    }
}
