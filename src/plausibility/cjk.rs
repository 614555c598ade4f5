//! The cheap first test of the CJK repair
//! ([`fix_cjk_mojibake`](crate::fixes::fix_cjk_mojibake)): can the start of
//! a text be UTF-8 read as GBK, Shift_JIS, Big5 or EUC-KR? The scan runs
//! [`cjk_may_apply`] once per line, and the repair itself starts from
//! [`first_cjk_lead`] and [`prefix_may_be_utf8`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use crate::codecs::{self, Codec};

/// The East Asian code pages UTF-8 is tried against, in order.
pub(crate) const CJK_CODECS: [Codec; 4] = [Codec::Gbk, Codec::ShiftJis, Codec::Big5, Codec::EucKr];

/// Whether [`cjk_mojibake`](crate::fixes::mixups::cjk_mojibake) may change `text`: the cheap first test of
/// [`prefix_may_be_utf8`] for some code page.
pub(crate) fn cjk_may_apply(text: &str) -> bool {
    let Some(first) = text.bytes().position(|b| b >= 0x80) else {
        return false;
    };
    let rest = text
        .get(first..)
        .expect("the first non-ASCII byte starts a character");
    let mask = rest.chars().next().map_or(0, cjk_first_mask);
    CJK_CODECS
        .into_iter()
        .enumerate()
        .any(|(k, codec)| mask & (1 << k) != 0 && prefix_bytes_may_be_utf8(rest, k, codec))
}

/// Where the first non-ASCII character is, if it can be what a UTF-8 lead
/// byte (C2–F4) and the byte after it decode to in one of the code pages:
/// a CJK ideograph, a Hangul syllable or a half-width katakana. Anything
/// else there means the text is not UTF-8 read as one of them.
pub(crate) fn first_cjk_lead(text: &str) -> Option<usize> {
    // All ASCII: no lead.
    let first = text.bytes().position(|b| b >= 0x80)?;
    let c = text
        .get(first..)
        .and_then(|rest| rest.chars().next())
        .expect("the first non-ASCII byte starts a character");
    (cjk_first_mask(c) != 0).then_some(first)
}

/// The code points [`first_cjk_lead`] accepts, as ranges.
const CJK_FIRST_RANGES: [(u32, u32); 5] = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFF61, 0xFF9F),
];

/// For each character of [`CJK_FIRST_RANGES`], what it encodes to in each
/// code page of [`CJK_CODECS`]: 16 bits per code page (bits `16k..16k+16`
/// for `CJK_CODECS[k]`), `lead << 8 | trail` for two bytes, the byte itself
/// for one (always 80 or more here, so below 0x100), 0 when it cannot be
/// encoded. Filled in as characters are met (encoding all 40,000 up front
/// costs over 100 ms, most of it in Big5); [`UNKNOWN`] marks a character
/// not met yet (FF FF is a valid pair in none of the code pages).
static CJK_BYTES: LazyLock<Vec<AtomicU64>> = LazyLock::new(|| {
    let len: u32 = CJK_FIRST_RANGES.iter().map(|(lo, hi)| hi - lo + 1).sum();
    (0..len).map(|_| AtomicU64::new(UNKNOWN)).collect()
});

const UNKNOWN: u64 = u64::MAX;

fn compute_cjk_bytes(c: char) -> u64 {
    let mut buf = [0u8; 4];
    let text: &str = c.encode_utf8(&mut buf);
    let mut all = 0u64;
    for (k, codec) in CJK_CODECS.into_iter().enumerate() {
        let code = match codecs::encode(text, codec).as_deref() {
            Ok([byte]) => u64::from(*byte),
            Ok([lead, trail]) => u64::from(*lead) << 8 | u64::from(*trail),
            _ => 0,
        };
        all |= code << (16 * k);
    }
    all
}

/// The [`CJK_BYTES`] entry of `c`; `None` outside the ranges.
fn cjk_bytes(c: char) -> Option<u64> {
    let cp = u32::from(c);
    let mut offset = 0usize;
    for (lo, hi) in CJK_FIRST_RANGES {
        if (lo..=hi).contains(&cp) {
            let slot = CJK_BYTES
                .get(offset + (cp - lo) as usize)
                .expect("the cache has one slot per character of the ranges");
            let known = slot.load(Ordering::Relaxed);
            if known != UNKNOWN {
                return Some(known);
            }
            let bytes = compute_cjk_bytes(c);
            slot.store(bytes, Ordering::Relaxed);
            return Some(bytes);
        }
        offset += (hi - lo + 1) as usize;
    }
    None
}

/// What `c` encodes to in `CJK_CODECS[k]`, for a character of the ranges:
/// one or two bytes, or `None`.
fn cjk_encoded(c: char, k: usize) -> Option<Option<([u8; 2], usize)>> {
    Some(encoded_in(cjk_bytes(c)?, k))
}

/// The bytes of code page `k` in a [`CJK_BYTES`] entry.
fn encoded_in(all: u64, k: usize) -> Option<([u8; 2], usize)> {
    let code = (all >> (16 * k)) & 0xFFFF;
    let [trail, lead] = u16::try_from(code)
        .expect("masked to 16 bits")
        .to_le_bytes();
    match (lead, trail) {
        (0, 0) => None,
        (0, byte) => Some(([byte, 0], 1)),
        (lead, trail) => Some(([lead, trail], 2)),
    }
}

/// The codecs (bit `k` for `CJK_CODECS[k]`) in which `c` encodes to what
/// can start UTF-8: a first byte C2–F4 and, for two bytes, a second byte
/// 80–BF. 0 outside the ranges.
fn cjk_first_mask(c: char) -> u8 {
    let Some(all) = cjk_bytes(c) else {
        return 0;
    };
    let mut mask = 0u8;
    for k in 0..CJK_CODECS.len() {
        let starts = match encoded_in(all, k) {
            Some(([lead, _], 1)) => (0xC2..=0xF4).contains(&lead),
            Some(([lead, trail], _)) => {
                (0xC2..=0xF4).contains(&lead) && (0x80..=0xBF).contains(&trail)
            }
            None => false,
        };
        if starts {
            mask |= 1 << k;
        }
    }
    mask
}

/// A cheap first test: the first three characters from the first non-ASCII
/// one, encoded with `codec`, could start valid UTF-8. Real East Asian text
/// almost always fails here, within a character or two.
pub(crate) fn prefix_may_be_utf8(text: &str, first: usize, codec: Codec) -> bool {
    let rest = text
        .get(first..)
        .expect("the first non-ASCII byte starts a character");
    let Some(k) = CJK_CODECS.iter().position(|&c| c == codec) else {
        return false;
    };
    if rest
        .chars()
        .next()
        .is_some_and(|c| cjk_first_mask(c) & (1 << k) == 0)
    {
        return false;
    }
    prefix_bytes_may_be_utf8(rest, k, codec)
}

/// [`prefix_may_be_utf8`] after the test of the first character: the
/// bytes of the first three characters of `rest` in `codec`
/// (`CJK_CODECS[k]`) could start valid UTF-8.
fn prefix_bytes_may_be_utf8(rest: &str, k: usize, codec: Codec) -> bool {
    // The three characters' bytes: from the cache for characters of the
    // ranges, ASCII as itself, anything else through the codec. On the
    // stack: this runs once per line that starts like CJK text.
    let mut bytes = [0u8; 12];
    let mut len = 0;
    let mut push = |more: &[u8]| {
        for &b in more {
            *bytes
                .get_mut(len)
                .expect("three characters take at most twelve bytes in any code page") = b;
            len += 1;
        }
    };
    for c in rest.chars().take(3) {
        match cjk_encoded(c, k) {
            Some(Some((pair, n))) => push(pair.get(..n).expect("one or two bytes")),
            Some(None) => return false,
            None if c.is_ascii() => push(&[c as u8]),
            None => match codecs::encode(c.encode_utf8(&mut [0u8; 4]), codec) {
                Ok(encoded) => push(&encoded),
                Err(_) => return false,
            },
        }
    }
    match std::str::from_utf8(bytes.get(..len).expect("`len` counts the bytes written")) {
        Ok(_) => true,
        // Cut in the middle of a sequence is fine; an invalid one is not.
        Err(e) => e.error_len().is_none(),
    }
}

/// The text that the bytes of `text` in `CJK_CODECS[k]` spell as UTF-8:
/// [`codecs::encode`] and then `String::from_utf8`, with the same answer,
/// but encoding each character of the ranges through the cache (the
/// codecs search their tables one entry after another, thousands of
/// instructions for an ideograph) and stopping at the first byte that
/// rules UTF-8 out. The code pages encode ASCII as itself and every other
/// character on its own, so the bytes are those of the whole text.
pub(crate) fn utf8_of_bytes_in(text: &str, k: usize) -> Option<String> {
    let codec = *CJK_CODECS
        .get(k)
        .expect("`k` is the index of a CJK code page");
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    // How much of `out` is known to be valid UTF-8 up to a character end.
    let mut valid = 0;
    for c in text.chars() {
        match cjk_encoded(c, k) {
            Some(Some((pair, n))) => {
                out.extend_from_slice(pair.get(..n).expect("one or two bytes"))
            }
            Some(None) => return None,
            None if c.is_ascii() => out.push(c as u8),
            None => out.extend(codecs::encode(c.encode_utf8(&mut [0u8; 4]), codec).ok()?),
        }
        match std::str::from_utf8(out.get(valid..).expect("`valid` is at most the length")) {
            Ok(_) => valid = out.len(),
            // Cut in the middle of a sequence is fine; an invalid one is not.
            Err(e) if e.error_len().is_none() => valid += e.valid_up_to(),
            Err(_) => return None,
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_of_bytes_through_the_cache_as_through_the_codec() {
        let lines = [
            include_str!("../../benches/data/web_lines.txt"),
            include_str!("../../benches/data/short_lines.txt"),
            include_str!("../../benches/data/mojibake.txt"),
            include_str!("../../benches/data/clean_multilingual.txt"),
            "浣犲ソ涓栫晫\n縺薙ｓ縺ｫ縺｡縺ｯ\n憭批振\ncaf챕\nfts_close 澶辫触\n¥ ‾ € ｱ 가 中\n",
        ];
        let mut repaired = 0;
        for line in lines.concat().lines() {
            for (k, codec) in CJK_CODECS.into_iter().enumerate() {
                let slow = codecs::encode(line, codec)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok());
                repaired += usize::from(slow.as_deref().is_some_and(|s| s != line));
                assert_eq!(utf8_of_bytes_in(line, k), slow, "{line:?} {codec}");
            }
        }
        assert!(repaired >= 5, "{repaired}");
    }
}
