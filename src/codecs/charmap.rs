//! All the codecs of [`CHARMAP_ENCODINGS`] at once, for the encoding
//! repair: which of them can encode a text (one pass over it, whatever the
//! number of codecs), and encoding into a reused buffer.
//!
//! Every character any of these codecs can encode lies in the Basic
//! Multilingual Plane, in a few 256-code-point pages (Latin-1, Latin
//! Extended, Greek, Cyrillic, general punctuation, arrows and mathematical
//! operators, box drawing, a private-use character, ligatures, U+FFFD). A
//! two-level table, built once from the codecs themselves, gives for each
//! code point a bit mask of the codecs that encode it and, per codec, its
//! byte: one or two array accesses per character instead of a binary search
//! per codec.

use std::sync::LazyLock;

use super::{decode_byte, Codec, CHARMAP_ENCODINGS};

/// Number of codecs in [`CHARMAP_ENCODINGS`].
const N: usize = CHARMAP_ENCODINGS.len();

/// A mask with a bit for every codec of [`CHARMAP_ENCODINGS`].
pub(crate) const ALL: u16 = (1 << N) - 1;

/// One page of 256 code points.
struct Block {
    /// Bit `k` set when `CHARMAP_ENCODINGS[k]` encodes the code point.
    mask: [u16; 256],
    /// Per codec, the byte of the code point (meaningful only where the
    /// mask says the codec encodes it).
    bytes: [[u8; 256]; N],
    /// What kind of UTF-8 byte each codec writes the code point as.
    roles: [Utf8Roles; 256],
}

const EMPTY: Block = Block {
    mask: [0; 256],
    bytes: [[0; 256]; N],
    roles: [Utf8Roles::NONE; 256],
};

/// Which codecs of [`CHARMAP_ENCODINGS`] write a character as each kind of
/// UTF-8 byte (bit `k` for `CHARMAP_ENCODINGS[k]`; no bit for a codec that
/// cannot encode it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Utf8Roles {
    /// A continuation byte, 80 to BF.
    pub(crate) cont: u16,
    /// The lead byte of a sequence of two, three and four bytes: C2 to DF,
    /// E0 to EF, F0 to F4.
    pub(crate) lead: [u16; 3],
    /// A lead byte after which ftfy's `restore_byte_a0` may read a space
    /// as byte A0 (C2, C3, C5, CE, D0, D9, E0 to E3, F0), in a codec where
    /// that fix runs (all but Mac Roman).
    pub(crate) a0_lead: u16,
}

impl Utf8Roles {
    /// No codec writes the character as a byte of a UTF-8 sequence.
    pub(crate) const NONE: Utf8Roles = Utf8Roles {
        cont: 0,
        lead: [0; 3],
        a0_lead: 0,
    };

    /// Adds codec `k`, which writes the character as `byte`.
    fn add(&mut self, k: usize, byte: u8, a0_fix: bool) {
        let bit = 1 << k;
        match byte {
            0x80..=0xBF => self.cont |= bit,
            0xC2..=0xDF => self.lead[0] |= bit,
            0xE0..=0xEF => self.lead[1] |= bit,
            0xF0..=0xF4 => self.lead[2] |= bit,
            _ => {}
        }
        if a0_fix
            && matches!(
                byte,
                0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9 | 0xE0..=0xE3 | 0xF0
            )
        {
            self.a0_lead |= bit;
        }
    }
}

struct Charmaps {
    /// Block index of each page of the BMP (`code point >> 8`); block 0
    /// is empty.
    page: [u8; 256],
    blocks: Vec<Block>,
    /// Per codec, the entries of the code points below U+0800 (the one-
    /// and two-byte UTF-8 sequences, most mojibake characters), by code
    /// point: the byte, the [`FLAGS`] bits that the byte does not have
    /// (so that the intersection of the entries met has a flag clear when
    /// some byte has it), and in the high half the code point's mask, the
    /// same as the blocks say. One load answers all.
    low_codes: Vec<[u32; LOW]>,
    /// Per codec, the same entries for U+2000–U+2FFF, the three-byte
    /// UTF-8 sequences that start with E2 (punctuation such as `€`, `‚`
    /// and `™`, mathematical operators, box drawing): by the low 12 bits
    /// of the code point.
    e2_codes: Vec<[u32; E2]>,
}

/// Code points below this have their entries in [`Charmaps::low_codes`]:
/// all those of two-byte UTF-8 sequences.
const LOW: usize = 0x800;

/// The number of code points of [`Charmaps::e2_codes`], from U+2000.
const E2: usize = 0x1000;

/// Where the mask starts in a [`Charmaps::low_codes`] entry.
const MASK_SHIFT: u32 = 16;

/// The bit of a [`Charmaps::low_codes`] entry for a byte ED or C0
/// ([`EncodedFlags::ed_or_c0`]).
const ED_OR_C0: u32 = 0x200;
/// The bit of a [`Charmaps::low_codes`] entry for a byte 1A
/// ([`EncodedFlags::sub`]).
const SUB: u32 = 0x400;
/// Both flag bits.
const FLAGS: u32 = ED_OR_C0 | SUB;

/// The flag bits of a low-table entry for the byte `b`.
fn byte_flags(b: u8) -> u32 {
    match b {
        0xED | 0xC0 => ED_OR_C0,
        0x1A => SUB,
        _ => 0,
    }
}

static CHARMAPS: LazyLock<Charmaps> = LazyLock::new(build);

fn build() -> Charmaps {
    let mut page = [0u8; 256];
    let mut blocks = vec![EMPTY];
    for (k, &codec) in CHARMAP_ENCODINGS.iter().enumerate() {
        for b in 0..=255u8 {
            let c = decode_byte(b, codec).expect("every byte decodes in these codecs");
            let cp = u32::from(c);
            let (hi, lo) = ((cp >> 8) as usize, (cp & 0xFF) as usize);
            let slot = page
                .get_mut(hi)
                .expect("these codecs decode to characters of the BMP");
            if *slot == 0 {
                *slot = u8::try_from(blocks.len()).expect("the codecs touch fewer than 256 pages");
                blocks.push(EMPTY);
            }
            let block = blocks
                .get_mut(usize::from(*slot))
                .expect("the page holds the index of a block made above");
            *block
                .mask
                .get_mut(lo)
                .expect("a byte: a block has 256 entries") |= 1 << k;
            *block
                .bytes
                .get_mut(k)
                .and_then(|row| row.get_mut(lo))
                .expect("a row per codec, of 256 bytes") = b;
            block
                .roles
                .get_mut(lo)
                .expect("a byte: a block has 256 entries")
                .add(k, b, codec != Codec::MacRoman);
        }
    }
    let mut charmaps = Charmaps {
        page,
        blocks,
        low_codes: Vec::new(),
        e2_codes: Vec::new(),
    };
    charmaps.low_codes = entries(&charmaps, 0);
    charmaps.e2_codes = entries(&charmaps, 0x2000);
    charmaps
}

/// Per codec, the entries (see [`Charmaps::low_codes`]) of the `M` code
/// points from `first`, from the blocks.
fn entries<const M: usize>(charmaps: &Charmaps, first: u32) -> Vec<[u32; M]> {
    let mut rows = vec![[0; M]; N];
    for (i, cp) in (first..).take(M).enumerate() {
        let Some(block) = charmaps.block(cp) else {
            continue;
        };
        let lo = usize::from(cp as u8);
        let mask = *block
            .mask
            .get(lo)
            .expect("`lo` is a byte: a block has 256 entries");
        for (k, row) in rows.iter_mut().enumerate() {
            let byte = *block
                .bytes
                .get(k)
                .and_then(|row| row.get(lo))
                .expect("a block has a row of 256 bytes per codec, as there are rows");
            let encodes = mask & (1 << k) != 0;
            let flags = if encodes { byte_flags(byte) } else { 0 };
            *row.get_mut(i)
                .expect("`i` counts the `M` code points of a row") =
                u32::from(byte) | u32::from(mask) << MASK_SHIFT | (FLAGS & !flags);
        }
    }
    rows
}

impl Charmaps {
    #[inline(always)]
    fn block(&self, cp: u32) -> Option<&Block> {
        let hi = usize::try_from(cp >> 8).ok()?;
        // Outside the BMP: no page, no codec encodes it.
        let index = *self.page.get(hi)?;
        Some(
            self.blocks
                .get(usize::from(index))
                .expect("the pages hold indices of blocks that `build` made"),
        )
    }
}

/// What the encoded bytes hold, noted while encoding, for the byte-level
/// fixes and the choice of decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct EncodedFlags {
    /// Some byte is ED or C0 (the decoder is then `utf-8-variants`).
    pub(crate) ed_or_c0: bool,
    /// Some byte is 1A.
    pub(crate) sub: bool,
    /// Some space directly follows a byte of 80 or more in a way one of
    /// the alternatives of ftfy's `ALTERED_UTF8_RE` may match, whatever
    /// follows the space: see [`space_may_be_a0`].
    pub(crate) space_may_be_a0: bool,
    /// Some `?` directly follows a byte of 80 or more.
    pub(crate) question_after_high: bool,
}

/// Which codecs of [`CHARMAP_ENCODINGS`] can encode `text` (bit `k` for
/// `CHARMAP_ENCODINGS[k]`: exactly those for which
/// [`possible_encoding`](super::possible_encoding) is true), and the text
/// encoded with the first of them: `buf` receives the bytes, and the index
/// of that codec is returned with what the bytes hold. `(0, None)` when no
/// codec can encode the text.
///
/// One pass, which intersects the masks of the characters while encoding
/// with the first codec of the mask so far; when a character rules that
/// codec out, the encoding starts over with the next codec left (as the
/// codecs are ordered, that happens early in most texts: `€` rules out
/// Latin-1, a Cyrillic letter all but Windows-1251).
pub(crate) fn encode_first(text: &str, buf: &mut Vec<u8>) -> (u16, Option<(usize, EncodedFlags)>) {
    let bytes = text.as_bytes();
    let tables = &*CHARMAPS;
    // Every codec encodes ASCII, except that the sloppy ones have no U+001A.
    let has_sub = memchr::memchr(0x1A, bytes).is_some();
    let mut mask = if has_sub { NOT_SLOPPY } else { ALL };
    let k = mask.trailing_zeros() as usize;
    let mut out = std::mem::take(buf);
    out.clear();
    out.resize(bytes.len(), 0);
    let mut flags = EncodedFlags {
        sub: has_sub,
        ..EncodedFlags::default()
    };
    let (done, written, k) =
        encode_with::<true>(bytes, 0, k, &mut mask, tables, &mut out, &mut flags);
    out.truncate(written);
    *buf = out;
    if done && mask != 0 {
        (mask, Some((k, flags)))
    } else {
        (0, None)
    }
}

/// The index into the low tables of the two-byte UTF-8 sequence `b0 b1`.
#[inline(always)]
fn low_index(b0: u8, b1: u8) -> usize {
    (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)
}

/// The index into the E2 tables of the three-byte UTF-8 sequence
/// `E2 b1 b2`.
#[inline(always)]
fn e2_index(b1: u8, b2: u8) -> usize {
    (usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F)
}

/// Whether a space right after the encoded `before` may take part in a
/// match of ftfy's `ALTERED_UTF8_RE` (whose every alternative has a space
/// right after a byte of 80 or more), not knowing what follows the space:
/// the conditions of the alternatives on the bytes before the space.
#[inline(always)]
fn space_may_be_a0(before: &[u8]) -> bool {
    // 0 where the text has fewer than `n` bytes.
    let back = |n: usize| {
        before
            .len()
            .checked_sub(n)
            .and_then(|i| before.get(i))
            .copied()
            .unwrap_or(0)
    };
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    let (p1, p2, p3) = (back(1), back(2), back(3));
    matches!(
        p1,
        0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9 | 0xE2 | 0xE3 | 0xF0
    ) || (cont(p1) && ((0xE0..=0xE3).contains(&p2) || p2 == 0xF0 || (p3 == 0xF0 && cont(p2))))
}

/// [`space_may_be_a0`] for a space after `dst[..j]`, whose last byte is
/// 80 or more: the three bytes before the space in one load.
#[inline(always)]
fn space_after_high_may_be_a0(dst: &[u8], j: usize) -> bool {
    let before = dst
        .get(..j)
        .expect("`j` is within `dst`: the byte before it was just written");
    let Some(&[p3, p2, p1]) = before.last_chunk::<3>() else {
        return space_may_be_a0(before);
    };
    if p1 >= 0xC0 {
        // C2, C3, C5, CE, D0, D9, E2, E3 and F0, by their low six bits.
        const LEADS: u64 = 1 << 0x02
            | 1 << 0x03
            | 1 << 0x05
            | 1 << 0x0E
            | 1 << 0x10
            | 1 << 0x19
            | 1 << 0x22
            | 1 << 0x23
            | 1 << 0x30;
        return LEADS >> (p1 & 0x3F) & 1 != 0;
    }
    // A continuation byte.
    p2 & 0xFC == 0xE0 || p2 == 0xF0 || (p3 == 0xF0 && p2 & 0xC0 == 0x80)
}

/// Copies the run of ASCII bytes at the start of `bytes` to `dst[j..]`
/// (ASCII encodes as itself), eight bytes at a time: the bytes after the
/// run, and the position after it in `dst`. The scan and the copy are one
/// pass, with no call to `memcpy` per run; a word copied whole may carry
/// bytes after the run into `dst`, which the encoding of what follows
/// overwrites (or the final truncation drops).
#[inline(always)]
fn copy_ascii_run<'a>(mut bytes: &'a [u8], dst: &mut [u8], mut j: usize) -> (&'a [u8], usize) {
    while let (Some((src, after)), Some(to)) = (
        bytes.split_first_chunk::<8>(),
        dst.get_mut(j..).and_then(<[u8]>::first_chunk_mut::<8>),
    ) {
        *to = *src;
        let high = u64::from_le_bytes(*src) & 0x8080_8080_8080_8080;
        if high != 0 {
            // The first byte with its high bit set.
            let n = (high.trailing_zeros() / 8) as usize;
            let rest = bytes
                .get(n..)
                .expect("`n` is below 8, and the word had 8 bytes");
            return (rest, j + n);
        }
        bytes = after;
        j += 8;
    }
    while let Some((&b, after)) = bytes.split_first().filter(|&(&b, _)| b < 0x80) {
        let Some(slot) = dst.get_mut(j) else {
            break;
        };
        *slot = b;
        bytes = after;
        j += 1;
    }
    (bytes, j)
}

/// The index of Latin-1 in [`CHARMAP_ENCODINGS`] (checked by a test).
const LATIN1: usize = 0;
/// The index of sloppy Windows-1252 in [`CHARMAP_ENCODINGS`] (checked by a
/// test).
const SLOPPY_1252: usize = 1;

/// The codecs that map byte 0x1A to U+001A, all but the sloppy ones:
/// `latin-1`, `iso-8859-2`, `macroman` and `cp437` (checked by a test).
const NOT_SLOPPY: u16 = 1 | 1 << 7 | 1 << 8 | 1 << 9;

/// Whether a mask of the codecs that can encode a text (as
/// [`encode_first`] gives it) says that the text has no U+001A: a sloppy
/// codec cannot encode that character.
pub(crate) fn rules_out_sub(mask: u16) -> bool {
    mask & !NOT_SLOPPY != 0
}

/// Which codecs of [`CHARMAP_ENCODINGS`] can encode `c` (bit `k` for
/// `CHARMAP_ENCODINGS[k]`), as [`encode_char`](super::encode_char) would.
pub(crate) fn charmap_mask(c: char) -> u16 {
    let cp = u32::from(c);
    if cp < 0x80 {
        // ASCII encodes as itself, except U+001A in the sloppy codecs.
        return if cp == 0x1A { NOT_SLOPPY } else { ALL };
    }
    // No block: outside the BMP, which no codec encodes.
    CHARMAPS.block(cp).map_or(0, |block| {
        *block
            .mask
            .get((cp & 0xFF) as usize)
            .expect("a byte: a block has 256 entries")
    })
}

/// What kind of UTF-8 byte each codec writes the code point `cp`, beyond
/// ASCII, as.
#[inline]
pub(crate) fn utf8_roles(cp: u32) -> Utf8Roles {
    // No block: outside the BMP, which no codec encodes.
    CHARMAPS.block(cp).map_or(Utf8Roles::NONE, |block| {
        *block
            .roles
            .get((cp & 0xFF) as usize)
            .expect("a byte: a block has 256 entries")
    })
}

/// The byte of `c` in `CHARMAP_ENCODINGS[k]`, meaningful only where
/// [`charmap_mask`] says that codec encodes it (ASCII is itself).
pub(crate) fn charmap_byte(c: char, k: usize) -> u8 {
    let cp = u32::from(c);
    if let Ok(b) = u8::try_from(cp) {
        if b < 0x80 {
            return b;
        }
    }
    // No block: outside the BMP, which no codec encodes.
    CHARMAPS.block(cp).map_or(0, |block| {
        *block
            .bytes
            .get(k)
            .and_then(|row| row.get((cp & 0xFF) as usize))
            .expect("`k` is the index of a codec, and a row has 256 bytes")
    })
}

/// Encodes `text` with `CHARMAP_ENCODINGS[k]` into `buf`. `None`, with
/// `buf` holding a prefix, when a character cannot be encoded; otherwise
/// the bytes are those of [`encode`](super::encode).
///
/// `buf` may already hold the first `kept` bytes of the text, all ASCII
/// (the same in every codec): the buffer of an encoding of the same text,
/// successful or not, when `kept` is at most the text's leading ASCII run.
/// They are kept instead of copied again. 0 when unknown.
///
/// `no_sub` says that the text has no U+001A, when the caller knows (see
/// [`rules_out_sub`]).
pub(crate) fn encode_charmap_into(
    text: &str,
    k: usize,
    buf: &mut Vec<u8>,
    kept: usize,
    no_sub: bool,
) -> Option<EncodedFlags> {
    let bytes = text.as_bytes();
    let has_sub = !no_sub && memchr::memchr(0x1A, bytes).is_some();
    if has_sub && NOT_SLOPPY & (1 << k) == 0 {
        // A sloppy codec has no U+001A.
        return None;
    }
    let mut out = std::mem::take(buf);
    let kept = if out.len() >= kept { kept } else { 0 };
    // No character takes fewer bytes encoded than in UTF-8: the encoding
    // is written into a slice of that length, then cut to what it took.
    out.truncate(kept);
    out.resize(bytes.len().max(kept), 0);
    let mut flags = EncodedFlags {
        sub: has_sub,
        ..EncodedFlags::default()
    };
    let (done, written, _) = encode_with::<false>(
        bytes,
        kept,
        k,
        &mut ALL.clone(),
        &CHARMAPS,
        &mut out,
        &mut flags,
    );
    out.truncate(written);
    *buf = out;
    done.then_some(flags)
}

/// Encodes the UTF-8 `bytes` with codec `k` into `dst`, at least as long
/// as `bytes`, whose first `kept` bytes are ASCII already copied there:
/// whether the whole text was encoded, the number of bytes written, and
/// the codec used.
///
/// With `TRACK`, `mask` (which must contain `k`) loses the codecs that
/// cannot encode some character, and when a character rules out the
/// codec in use, the encoding starts over with the first codec left, so
/// that it ends with the first codec of the final mask (or `mask` 0).
/// Starting over begins at the first non-ASCII character: the ASCII
/// before it is the same in every codec (byte 1A is the caller's affair).
///
/// One piece, over 120 lines: the encoder's inner loop, instantiated
/// twice (`TRACK`), with its position, mask and flags in locals across
/// the ASCII copy and the per-character cases.
#[inline(always)]
fn encode_with<const TRACK: bool>(
    bytes: &[u8],
    kept: usize,
    mut k: usize,
    mask: &mut u16,
    tables: &Charmaps,
    dst: &mut [u8],
    flags: &mut EncodedFlags,
) -> (bool, usize, usize) {
    // The ASCII before the first non-ASCII character.
    let kept = kept.min(bytes.len());
    let from_kept = bytes
        .get(kept..)
        .expect("`kept` was just capped at the length");
    let start = copy_ascii_run(from_kept, dst, kept);
    // Where to go on from instead of `start` after changing codecs, with
    // the state there.
    let mut resume = None;
    'restart: loop {
        let (Some(low), Some(e2)) = (tables.low_codes.get(k), tables.e2_codes.get(k)) else {
            return (false, 0, k);
        };
        let bit = 1u16 << k;
        // The bit of codec `k` in the mask half of an entry.
        let wide_bit = u32::from(bit) << MASK_SHIFT;
        // The bytes left, where the next byte goes, the intersection of
        // the entries met (in the high half, the mask of the codecs that
        // encode every character so far; the flag bits of the bytes written
        // so far are clear), and the flags, in locals (registers) until the
        // end.
        let (mut rest, mut j, mut all, mut f) =
            resume
                .take()
                .unwrap_or((start.0, start.1, u32::MAX, *flags));
        let done = 'text: loop {
            // The non-ASCII characters at the start of `rest`, one after
            // the other, up to an ASCII byte.
            let ascii = loop {
                let [b0, b1, after @ ..] = rest else {
                    // A non-ASCII character has at least two bytes.
                    match rest.first() {
                        None => break 'text true,
                        Some(&b) if b < 0x80 => break b,
                        Some(_) => {
                            all = 0;
                            break 'text false;
                        }
                    }
                };
                if *b0 < 0x80 {
                    break *b0;
                }
                let b = if *b0 < 0xE0 {
                    let code = *low
                        .get(low_index(*b0, *b1))
                        .expect("11 bits: the table has LOW entries");
                    all &= code;
                    if all & wide_bit == 0 {
                        break 'text false;
                    }
                    rest = after;
                    code as u8
                } else if let (0xE2, Some((b2, after))) = (*b0, after.split_first()) {
                    let code = *e2
                        .get(e2_index(*b1, *b2))
                        .expect("12 bits: the table has E2 entries");
                    all &= code;
                    if all & wide_bit == 0 {
                        break 'text false;
                    }
                    rest = after;
                    code as u8
                } else {
                    let (cp, len) = crate::utf8::decode_at(rest, 0, *b0);
                    let after = rest
                        .get(len..)
                        .expect("valid UTF-8: the character lies within the text");
                    // No block: outside the BMP, which no codec encodes.
                    let Some(block) = tables.block(cp) else {
                        all = 0;
                        break 'text false;
                    };
                    let lo = usize::from(cp as u8);
                    let m = *block.mask.get(lo).expect("a byte: a block has 256 entries");
                    let b = *block
                        .bytes
                        .get(k)
                        .and_then(|row| row.get(lo))
                        .expect("`k` has tables, so it is a codec; a row has 256 bytes");
                    all &= u32::from(m) << MASK_SHIFT | (0xFFFF & !byte_flags(b));
                    if all & wide_bit == 0 {
                        break 'text false;
                    }
                    rest = after;
                    b
                };
                let Some(slot) = dst.get_mut(j) else {
                    all = 0;
                    break 'text false;
                };
                *slot = b;
                j += 1;
            };
            // A space or `?` right after a non-ASCII character.
            if (ascii == b' ' || ascii == b'?')
                && dst.get(j.wrapping_sub(1)).is_some_and(|&b| b >= 0x80)
            {
                f.space_may_be_a0 |= ascii == b' ' && space_after_high_may_be_a0(dst, j);
                f.question_after_high |= ascii == b'?';
            }
            (rest, j) = copy_ascii_run(rest, dst, j);
        };
        let encodable = (all >> MASK_SHIFT) as u16;
        if TRACK {
            *mask &= encodable;
            if !done && *mask != 0 {
                // Codec `k` cannot encode the character at `rest`: the first
                // codec left starts over. From Latin-1 to sloppy
                // Windows-1252 (the most common case, `€` and the like),
                // it goes on from that character instead: every character
                // both encode has the same byte in both (checked by a
                // test), so the bytes written so far stand.
                let next = mask.trailing_zeros() as usize;
                if (k, next) == (LATIN1, SLOPPY_1252) {
                    resume = Some((rest, j, all, f));
                }
                k = next;
                continue 'restart;
            }
        }
        f.ed_or_c0 |= all & ED_OR_C0 == 0;
        f.sub |= all & SUB == 0;
        *flags = f;
        return (done, j, k);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::super::{encode, encode_char, possible_encoding};
    use super::*;

    /// What the flags should say about `bytes`, computed naively.
    fn naive_flags(bytes: &[u8]) -> EncodedFlags {
        let after_high = |c: u8| bytes.windows(2).any(|w| w[0] >= 0x80 && w[1] == c);
        EncodedFlags {
            ed_or_c0: bytes.iter().any(|&b| b == 0xED || b == 0xC0),
            sub: bytes.contains(&0x1A),
            space_may_be_a0: bytes
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b' ' && i > 0 && space_may_be_a0(&bytes[..i])),
            question_after_high: after_high(b'?'),
        }
    }

    fn check(s: &str) {
        let mut first_buf = vec![9, 9];
        let (mask, first) = encode_first(s, &mut first_buf);
        let mut seen_first = false;
        // The text's leading ASCII, kept from one encoding to the next in
        // one buffer, as the encoding repair does.
        let ascii_len = s.bytes().take_while(u8::is_ascii).count();
        let mut chained = first_buf.clone();
        for (k, &codec) in CHARMAP_ENCODINGS.iter().enumerate() {
            let mut fresh = vec![1, 2, 3];
            let fresh_flags = encode_charmap_into(s, k, &mut fresh, 0, false);
            let no_sub = rules_out_sub(mask);
            assert!(!no_sub || !s.contains('\u{1a}'), "{s:?}");
            let chained_flags = encode_charmap_into(s, k, &mut chained, ascii_len, no_sub);
            assert_eq!(chained_flags, fresh_flags, "{codec} {s:?}");
            if fresh_flags.is_some() {
                assert_eq!(chained, fresh, "{codec} {s:?}");
            }
            assert_eq!(
                mask & (1 << k) != 0,
                possible_encoding(s, codec),
                "{codec} {s:?}"
            );
            let mut out = vec![1, 2, 3];
            let flags = encode_charmap_into(s, k, &mut out, 0, false);
            match encode(s, codec) {
                Ok(bytes) => {
                    assert_eq!(out, bytes, "{codec} {s:?}");
                    assert_eq!(flags, Some(naive_flags(&bytes)), "{codec} {s:?}");
                    if !seen_first {
                        seen_first = true;
                        assert_eq!(first, Some((k, naive_flags(&bytes))), "{codec} {s:?}");
                        assert_eq!(first_buf, bytes, "{codec} {s:?}");
                    }
                }
                Err(_) => assert_eq!(flags, None, "{codec} {s:?}"),
            }
        }
        if !seen_first {
            assert_eq!((mask, first), (0, None), "{s:?}");
        }
    }

    #[test]
    fn latin1_and_sloppy_1252_agree_where_both_encode() {
        assert_eq!(CHARMAP_ENCODINGS[LATIN1], super::super::Codec::Latin1);
        assert_eq!(
            CHARMAP_ENCODINGS[SLOPPY_1252],
            super::super::Codec::SloppyWindows1252
        );
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let latin1 = encode_char(c, CHARMAP_ENCODINGS[LATIN1]);
            let sloppy = encode_char(c, CHARMAP_ENCODINGS[SLOPPY_1252]);
            if let (Some(a), Some(b)) = (latin1, sloppy) {
                assert_eq!(a, b, "{c:?}");
            }
        }
    }

    #[test]
    fn space_after_high_agrees() {
        let bytes = [
            0x00, 0x20, 0x7F, 0x80, 0xA0, 0xBF, 0xC0, 0xC2, 0xC3, 0xC5, 0xCE,
        ];
        let more = [
            0xD0, 0xD9, 0xDF, 0xE0, 0xE2, 0xE3, 0xE4, 0xEF, 0xF0, 0xF1, 0xFF,
        ];
        let all: Vec<u8> = bytes.iter().chain(&more).copied().collect();
        for p1 in 0x80..=0xFFu8 {
            for &p2 in &all {
                for &p3 in &all {
                    for &p4 in &all[..3] {
                        let dst = [p4, p3, p2, p1];
                        for start in 0..4 {
                            let before = &dst[start..];
                            assert_eq!(
                                space_after_high_may_be_a0(before, before.len()),
                                space_may_be_a0(before),
                                "{before:x?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn not_sloppy_mask() {
        for (k, codec) in CHARMAP_ENCODINGS.iter().enumerate() {
            let sloppy = codec.name().starts_with("sloppy");
            assert_eq!(NOT_SLOPPY & (1 << k) == 0, sloppy, "{codec}");
        }
    }

    #[test]
    fn every_code_point_agrees_with_the_codecs() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            let (mask, _) = encode_first(s, &mut Vec::new());
            for (k, &codec) in CHARMAP_ENCODINGS.iter().enumerate() {
                let expected = encode_char(c, codec);
                assert_eq!(mask & (1 << k) != 0, expected.is_some(), "{codec} {c:?}");
                let mut out = Vec::new();
                let ok = encode_charmap_into(s, k, &mut out, 0, false).is_some();
                assert_eq!(ok, expected.is_some(), "{codec} {c:?}");
                if let Some(b) = expected {
                    assert_eq!(out, [b], "{codec} {c:?}");
                }
            }
        }
    }

    #[test]
    fn utf8_roles_agree_with_the_codecs() {
        for c in (0x80..=0xFFFFu32).filter_map(char::from_u32) {
            let roles = utf8_roles(u32::from(c));
            for (k, &codec) in CHARMAP_ENCODINGS.iter().enumerate() {
                let bit = |mask: u16| mask & (1 << k) != 0;
                let byte = encode_char(c, codec);
                let is =
                    |range: std::ops::RangeInclusive<u8>| byte.is_some_and(|b| range.contains(&b));
                assert_eq!(bit(roles.cont), is(0x80..=0xBF), "{codec} {c:?}");
                assert_eq!(bit(roles.lead[0]), is(0xC2..=0xDF), "{codec} {c:?}");
                assert_eq!(bit(roles.lead[1]), is(0xE0..=0xEF), "{codec} {c:?}");
                assert_eq!(bit(roles.lead[2]), is(0xF0..=0xF4), "{codec} {c:?}");
                let a0 = codec != Codec::MacRoman
                    && byte.is_some_and(|b| {
                        [
                            0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, 0xE0, 0xE1, 0xE2, 0xE3, 0xF0,
                        ]
                        .contains(&b)
                    });
                assert_eq!(bit(roles.a0_lead), a0, "{codec} {c:?}");
            }
        }
    }

    #[test]
    fn texts_agree_with_encode() {
        for s in [
            "",
            "plain",
            "Ã©tÃ©",
            "â€™ and \u{1a}",
            "abcdefghijklmnop\u{1a}q",
            "\u{FFFD}x",
            "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ РџСЂРёРІРµС‚",
            "ΓöÇ √ÄÅ",
            "€\u{81}‚",
            "中文",
            "😀",
            "ĞğŞş ąčęėįšųūž αβγ",
            "Ã ?Ã? í ? Ã\u{ad}Ã€ \u{fffd}?",
        ] {
            check(s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]

        #[test]
        fn random_texts_agree_with_encode(
            chars in proptest::collection::vec(proptest::sample::select(
                "a ?\u{1a}Ã©í\u{ad}Ð€™ƒРС√ΓöÇ\u{fffd}ĞαŸ─中😀".chars().collect::<Vec<_>>()
            ), 0..16)
        ) {
            check(&chars.into_iter().collect::<String>());
        }
    }
}
