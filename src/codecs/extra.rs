//! Decoders for encodings that neither ftfy's codecs nor `encoding_rs`
//! read: UTF-32 (little- and big-endian, with or without a byte-order
//! mark), IBM code page 855, Johab and ISO-2022-KR. Decoding only; these
//! are for byte input of named or detected encoding, not for mojibake
//! repair.
//!
//! Each decoder follows Python 3's codec of the same name (`utf-32`,
//! `utf-32-le`, `utf-32-be`, `cp855`, `johab`, `iso2022_kr`), and
//! `tests/integration/python_codecs.rs` checks them against Python on every byte
//! sequence of their tables. Where they deviate it is on malformed input
//! only, and towards strictness (see [`ExtraEncoding::Iso2022Kr`]).
//!
//! * UTF-32: one code unit per four bytes; a surrogate or a value above
//!   U+10FFFF is malformed, as is a final incomplete unit. `UTF-32` reads
//!   a byte-order mark (`FF FE 00 00` or `00 00 FE FF`) and drops it, and
//!   without one reads little-endian, as Python does on every common
//!   machine; `UTF-32LE` and `UTF-32BE` keep a mark as U+FEFF.
//! * IBM855 (DOS Cyrillic): a table of the upper half, generated into
//!   `src/tables/extra_codepages.rs` by `tests/gen_extra_codec_tables.rs`.
//! * Johab (KS X 1001:1992 annex 3): Hangul syllables and compatibility
//!   jamo are computed from the three 5-bit fields of the code, as the
//!   standard defines them; symbols and hanja (leads D9–DE and E0–F9) map
//!   arithmetically onto KS X 1001 rows, which are read from
//!   `encoding_rs`'s EUC-KR table, so no second copy of KS X 1001 is kept.
//!   The arithmetic is Python's (`Modules/cjkcodecs/_codecs_kr.c`).
//! * ISO-2022-KR (RFC 1557): `ESC $ ) C` designates KS X 1001 as G1, SO
//!   shifts to it and SI back; a line break also shifts back. Shifted
//!   byte pairs 21–7E read as KS X 1001 through `encoding_rs`'s EUC-KR.
//!
//! Decoding is incremental ([`ExtraDecoder`]), with the same result types
//! as `encoding_rs`'s decoders so that the streaming code drives both
//! alike. A malformed sequence is an error when decoding strictly and one
//! U+FFFD when decoding with replacement; after a malformed lead byte the
//! next byte is read afresh, so an ASCII byte after it is never lost.

use std::fmt;

use encoding_rs::{CoderResult, DecoderResult};

use crate::tables::extra_codepages;

/// An encoding this crate decodes itself, beyond `encoding_rs`.
///
/// # Examples
///
/// ```
/// use unmojibake::codecs::ExtraEncoding;
///
/// let johab = ExtraEncoding::for_label("JOHAB").unwrap();
/// assert_eq!(johab, ExtraEncoding::Johab);
/// assert_eq!(johab.name(), "Johab");
/// assert_eq!(johab.decode_lossy(b"\x88\x61 ok"), "가 ok");
/// assert_eq!(ExtraEncoding::Utf32.decode_lossy(b"\xFF\xFE\x00\x00h\x00\x00\x00"), "h");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExtraEncoding {
    /// `UTF-32`: a byte-order mark says the order (and is dropped);
    /// little-endian without one.
    Utf32,
    /// `UTF-32LE`, a mark kept as U+FEFF.
    Utf32Le,
    /// `UTF-32BE`, a mark kept as U+FEFF.
    Utf32Be,
    /// `IBM855`: DOS Cyrillic (code page 855).
    Ibm855,
    /// `Johab`: Korean, KS X 1001 annex 3 (code page 1361).
    Johab,
    /// `ISO-2022-KR`: 7-bit Korean mail (RFC 1557). Stricter than Python
    /// in one place: SO before the `ESC $ ) C` designation is malformed,
    /// where Python ignores it.
    Iso2022Kr,
}

/// Labels per encoding, compared after lower-casing and reading `_` and
/// spaces as `-`.
const LABELS: [(ExtraEncoding, &[&str]); 6] = [
    (
        ExtraEncoding::Utf32,
        &["utf-32", "utf32", "u32", "ucs-4", "ucs4"],
    ),
    (
        ExtraEncoding::Utf32Le,
        &["utf-32le", "utf-32-le", "utf32le", "utf32-le", "ucs-4le"],
    ),
    (
        ExtraEncoding::Utf32Be,
        &["utf-32be", "utf-32-be", "utf32be", "utf32-be", "ucs-4be"],
    ),
    (
        ExtraEncoding::Ibm855,
        &["ibm855", "cp855", "855", "csibm855", "ibm-855"],
    ),
    (
        ExtraEncoding::Johab,
        &["johab", "cp1361", "ms1361", "windows-1361", "x-johab"],
    ),
    (
        ExtraEncoding::Iso2022Kr,
        &["iso-2022-kr", "iso2022-kr", "iso2022kr", "csiso2022kr"],
    ),
];

impl ExtraEncoding {
    /// Every encoding, in the order `--list-encodings` prints them.
    pub const ALL: [ExtraEncoding; 6] = [
        ExtraEncoding::Utf32,
        ExtraEncoding::Utf32Le,
        ExtraEncoding::Utf32Be,
        ExtraEncoding::Ibm855,
        ExtraEncoding::Johab,
        ExtraEncoding::Iso2022Kr,
    ];

    /// The encoding's name.
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// assert_eq!(ExtraEncoding::Iso2022Kr.name(), "ISO-2022-KR");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            ExtraEncoding::Utf32 => "UTF-32",
            ExtraEncoding::Utf32Le => "UTF-32LE",
            ExtraEncoding::Utf32Be => "UTF-32BE",
            ExtraEncoding::Ibm855 => "IBM855",
            ExtraEncoding::Johab => "Johab",
            ExtraEncoding::Iso2022Kr => "ISO-2022-KR",
        }
    }

    /// The labels [`for_label`](Self::for_label) accepts for this
    /// encoding (besides its name).
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// assert!(ExtraEncoding::Ibm855.labels().contains(&"cp855"));
    /// ```
    pub fn labels(self) -> &'static [&'static str] {
        LABELS
            .iter()
            .find(|(e, _)| *e == self)
            .map_or(&[], |(_, labels)| labels)
    }

    /// Looks an encoding up by label, ignoring ASCII case, surrounding
    /// whitespace and the difference between `-`, `_` and a space:
    /// `utf-32`, `utf-32le`, `utf-32be` (also `utf_32_le`, `ucs-4`, ...),
    /// `ibm855`, `cp855`, `johab`, `cp1361`, `iso-2022-kr`, `csiso2022kr`.
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// assert_eq!(ExtraEncoding::for_label("utf_32_be"), Some(ExtraEncoding::Utf32Be));
    /// assert_eq!(ExtraEncoding::for_label("CP855"), Some(ExtraEncoding::Ibm855));
    /// assert_eq!(ExtraEncoding::for_label("utf-16"), None);
    /// ```
    pub fn for_label(label: &str) -> Option<ExtraEncoding> {
        let label: String = label
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        LABELS.iter().find_map(|(encoding, labels)| {
            (labels.contains(&label.as_str()) || encoding.name().eq_ignore_ascii_case(&label))
                .then_some(*encoding)
        })
    }

    /// Decodes `bytes` strictly.
    ///
    /// # Errors
    /// The offset of the first malformed byte sequence.
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// assert_eq!(ExtraEncoding::Ibm855.decode(b"\xE1\xA0\xB5").unwrap(), "рах");
    /// assert_eq!(ExtraEncoding::Utf32Le.decode(b"a\x00\x00\x00\x00\xD8\x00\x00"), Err(4));
    /// ```
    pub fn decode(self, bytes: &[u8]) -> Result<String, usize> {
        let mut decoder = self.new_decoder();
        let mut out = String::with_capacity(bytes.len());
        match decoder.decode_to_string_without_replacement(bytes, &mut out, true) {
            (DecoderResult::Malformed(bad, after), read) => Err(read
                .saturating_sub(usize::from(bad))
                .saturating_sub(usize::from(after))),
            _ => Ok(out),
        }
    }

    /// Decodes `bytes`, each malformed sequence becoming one U+FFFD.
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// let bytes = b"\x1b$)C\x0e\x30\x21\x0f ok \x80";
    /// assert_eq!(ExtraEncoding::Iso2022Kr.decode_lossy(bytes), "가 ok \u{FFFD}");
    /// ```
    pub fn decode_lossy(self, bytes: &[u8]) -> String {
        let mut decoder = self.new_decoder();
        let mut out = String::with_capacity(bytes.len());
        let _ = decoder.decode_to_string(bytes, &mut out, true);
        out
    }

    /// Whether bytes 00–7F decode as ASCII (every encoding here but the
    /// UTF-32 ones).
    ///
    /// ```
    /// use unmojibake::codecs::ExtraEncoding;
    /// assert!(ExtraEncoding::Johab.is_ascii_compatible());
    /// assert!(!ExtraEncoding::Utf32.is_ascii_compatible());
    /// ```
    pub const fn is_ascii_compatible(self) -> bool {
        !matches!(
            self,
            ExtraEncoding::Utf32 | ExtraEncoding::Utf32Le | ExtraEncoding::Utf32Be
        )
    }

    /// A fresh incremental decoder.
    pub(crate) fn new_decoder(self) -> ExtraDecoder {
        ExtraDecoder {
            encoding: self,
            big_endian: self == ExtraEncoding::Utf32Be,
            bom_seen: self != ExtraEncoding::Utf32,
            designated: false,
            shifted: false,
            pending: [0; 4],
            pending_len: 0,
        }
    }
}

impl fmt::Display for ExtraEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one step of decoding found at the start of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// A character, from this many bytes.
    Char(char, usize),
    /// Bytes that stand for no character (a byte-order mark, an escape
    /// sequence, a shift).
    Skip(usize),
    /// A malformed sequence of this many bytes.
    Bad(usize),
    /// The sequence may continue past the end of the input.
    NeedMore,
}

/// An incremental decoder with `encoding_rs`'s calling conventions: it
/// always writes all it decodes (the string grows as needed), so it never
/// reports `OutputFull`.
#[derive(Clone, Debug)]
pub(crate) struct ExtraDecoder {
    encoding: ExtraEncoding,
    big_endian: bool,
    /// UTF-32: whether the place of a byte-order mark was looked at.
    bom_seen: bool,
    /// ISO-2022-KR: `ESC $ ) C` seen; shifted to KS X 1001.
    designated: bool,
    shifted: bool,
    /// The start of a sequence left incomplete at the end of the last
    /// input.
    pending: [u8; 4],
    pending_len: usize,
}

impl ExtraDecoder {
    /// The encoding this decoder reads.
    pub(crate) fn encoding(&self) -> ExtraEncoding {
        self.encoding
    }

    /// The most UTF-8 bytes `len` more input bytes can become (a U+FFFD
    /// or a three-byte character per input byte at worst).
    pub(crate) fn max_utf8_buffer_length(&self, len: usize) -> Option<usize> {
        len.checked_add(self.pending_len)?.checked_mul(3)
    }

    /// Decodes, stopping at the first malformed sequence: the result's
    /// `Malformed(bad, after)` counts its bytes and those read after them,
    /// so that it starts `bad + after` bytes before `read` (which may be
    /// before `src`, in the previous input).
    pub(crate) fn decode_to_string_without_replacement(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
    ) -> (DecoderResult, usize) {
        match self.run(src, dst, last, false) {
            (Some((bad, after)), read) => {
                let narrow = |n: usize| {
                    u8::try_from(n).expect(
                        "a malformed sequence and the bytes after it are at most four bytes",
                    )
                };
                (DecoderResult::Malformed(narrow(bad), narrow(after)), read)
            }
            (None, read) => (DecoderResult::InputEmpty, read),
        }
    }

    /// Decodes, writing U+FFFD for each malformed sequence; the result
    /// says whether any was replaced.
    pub(crate) fn decode_to_string(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
    ) -> (CoderResult, usize, bool) {
        let (bad, read) = self.run(src, dst, last, true);
        (CoderResult::InputEmpty, read, bad.is_some())
    }

    /// The decoding loop. With `lossy`, a malformed sequence becomes
    /// U+FFFD and decoding goes on (the first one is still reported, to
    /// say that one was met); without, decoding stops after it.
    fn run(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
        lossy: bool,
    ) -> (Option<(usize, usize)>, usize) {
        let mut read = 0;
        let mut first_bad = None;
        loop {
            let from_pending = self.pending_len > 0;
            let step = if from_pending {
                let copy = self.pending;
                let end = last && read == src.len();
                let pending = copy
                    .get(..self.pending_len)
                    .expect("`pending_len` counts bytes of the pending buffer");
                self.step(pending, end)
            } else {
                match src.get(read..) {
                    Some(rest) if !rest.is_empty() => self.step(rest, last),
                    _ => return (first_bad, read),
                }
            };
            let used = match step {
                Step::NeedMore if from_pending => {
                    match src.get(read) {
                        Some(&b) if self.pending_len < self.pending.len() => {
                            *self
                                .pending
                                .get_mut(self.pending_len)
                                .expect("`pending_len` was just checked") = b;
                            self.pending_len += 1;
                            read += 1;
                        }
                        _ => return (first_bad, read),
                    }
                    continue;
                }
                Step::NeedMore => {
                    let rest = src
                        .get(read..)
                        .expect("`read` is within `src`: the step just read from there");
                    let keep = rest.len().min(self.pending.len());
                    if let (Some(slots), Some(bytes)) =
                        (self.pending.get_mut(..keep), rest.get(..keep))
                    {
                        slots.copy_from_slice(bytes);
                    }
                    self.pending_len = keep;
                    return (first_bad, read + keep);
                }
                Step::Char(c, n) => {
                    dst.push(c);
                    n
                }
                Step::Skip(n) => n,
                Step::Bad(n) => {
                    // Bytes after the malformed ones that were already
                    // read into the pending buffer.
                    let after = if from_pending {
                        self.pending_len.saturating_sub(n)
                    } else {
                        0
                    };
                    first_bad.get_or_insert((n, after));
                    if !lossy {
                        if from_pending {
                            self.drop_pending(n);
                        } else {
                            read += n;
                        }
                        return (Some((n, after)), read);
                    }
                    dst.push('\u{FFFD}');
                    n
                }
            };
            if from_pending {
                self.drop_pending(used);
            } else {
                read += used;
            }
        }
    }

    /// Drops the first `n` pending bytes.
    fn drop_pending(&mut self, n: usize) {
        let n = n.min(self.pending_len);
        self.pending.copy_within(n.., 0);
        self.pending_len -= n;
    }

    /// Decodes the sequence at the start of `input` (not empty).
    fn step(&mut self, input: &[u8], last: bool) -> Step {
        match self.encoding {
            ExtraEncoding::Utf32 | ExtraEncoding::Utf32Le | ExtraEncoding::Utf32Be => {
                self.step_utf32(input, last)
            }
            ExtraEncoding::Ibm855 => match input.first() {
                Some(&b) if b < 0x80 => Step::Char(char::from(b), 1),
                Some(&b) => extra_codepages::IBM855_UPPER
                    .get(usize::from(b - 0x80))
                    .map_or(Step::Bad(1), |&c| Step::Char(c, 1)),
                None => Step::NeedMore,
            },
            ExtraEncoding::Johab => step_johab(input, last),
            ExtraEncoding::Iso2022Kr => self.step_iso_2022_kr(input, last),
        }
    }

    fn step_utf32(&mut self, input: &[u8], last: bool) -> Step {
        let unit = match input.get(..4) {
            Some(&[a, b, c, d]) => [a, b, c, d],
            _ if last => return Step::Bad(input.len()),
            _ => return Step::NeedMore,
        };
        if !self.bom_seen {
            self.bom_seen = true;
            match unit {
                [0xFF, 0xFE, 0, 0] => return Step::Skip(4),
                [0, 0, 0xFE, 0xFF] => {
                    self.big_endian = true;
                    return Step::Skip(4);
                }
                _ => {}
            }
        }
        let value = if self.big_endian {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        char::from_u32(value).map_or(Step::Bad(4), |c| Step::Char(c, 4))
    }

    fn step_iso_2022_kr(&mut self, input: &[u8], last: bool) -> Step {
        const DESIGNATE_G1: &[u8] = b"\x1b$)C";
        const ASCII_G0: &[u8] = b"\x1b(B";
        let Some(&b) = input.first() else {
            return Step::NeedMore;
        };
        match b {
            0x1B => {
                for escape in [DESIGNATE_G1, ASCII_G0] {
                    if input.starts_with(escape) {
                        if escape == DESIGNATE_G1 {
                            self.designated = true;
                        }
                        return Step::Skip(escape.len());
                    }
                    if !last && input.len() < escape.len() && escape.starts_with(input) {
                        return Step::NeedMore;
                    }
                }
                Step::Bad(1)
            }
            0x0E if self.designated => {
                self.shifted = true;
                Step::Skip(1)
            }
            0x0E | 0x80..=0xFF => Step::Bad(1),
            0x0F => {
                self.shifted = false;
                Step::Skip(1)
            }
            b'\n' => {
                self.shifted = false;
                Step::Char('\n', 1)
            }
            _ if b < 0x20 || !self.shifted => Step::Char(char::from(b), 1),
            _ => match input.get(1) {
                Some(&b2) => ksx1001(b, b2).map_or(Step::Bad(1), |c| Step::Char(c, 2)),
                None if last => Step::Bad(1),
                None => Step::NeedMore,
            },
        }
    }
}

/// The KS X 1001 character at row `row`, cell `cell` (both 21–7E), read
/// from `encoding_rs`'s EUC-KR, whose bytes are these with the high bit
/// set.
fn ksx1001(row: u8, cell: u8) -> Option<char> {
    if !(0x21..=0x7E).contains(&row) || !(0x21..=0x7E).contains(&cell) {
        return None;
    }
    let bytes = [row | 0x80, cell | 0x80];
    let mut decoder = encoding_rs::EUC_KR.new_decoder_without_bom_handling();
    let mut buf = [0u8; 8];
    let (result, _, written) = decoder.decode_to_utf8_without_replacement(&bytes, &mut buf, true);
    if result != DecoderResult::InputEmpty {
        return None;
    }
    let written = buf
        .get(..written)
        .expect("the decoder wrote within the buffer");
    let text = std::str::from_utf8(written).expect("encoding_rs writes UTF-8");
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Johab's initial-consonant field: index of the syllable's initial
/// (0–18), `FILL` for none, `NONE` where the field value is unused.
const NONE: u8 = 0xFF;
const FILL: u8 = 0xFE;

#[rustfmt::skip]
const JOHAB_INITIAL: [u8; 32] = [
    NONE, FILL, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    14, 15, 16, 17, 18, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE,
];
#[rustfmt::skip]
const JOHAB_MEDIAL: [u8; 32] = [
    NONE, NONE, FILL, 0, 1, 2, 3, 4, NONE, NONE, 5, 6, 7, 8, 9, 10,
    NONE, NONE, 11, 12, 13, 14, 15, 16, NONE, NONE, 17, 18, 19, 20, NONE, NONE,
];
#[rustfmt::skip]
const JOHAB_FINAL: [u8; 32] = [
    NONE, FILL, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, NONE, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, NONE, NONE,
];
/// The Hangul compatibility jamo (U+3131–318E, low byte) a lone initial
/// stands for; 0 where none.
#[rustfmt::skip]
const JAMO_INITIAL: [u8; 32] = [
    0, 0, 0x31, 0x32, 0x34, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];
#[rustfmt::skip]
const JAMO_MEDIAL: [u8; 32] = [
    0, 0, 0, 0x4F, 0x50, 0x51, 0x52, 0x53, 0, 0, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
    0, 0, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0, 0, 0x60, 0x61, 0x62, 0x63, 0, 0,
];
#[rustfmt::skip]
const JAMO_FINAL: [u8; 32] = [
    0, 0, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
    0x40, 0x41, 0, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0, 0,
];

fn field(table: &[u8; 32], index: u16) -> u8 {
    *table
        .get(usize::from(index & 0x1F))
        .expect("five bits: the table has 32 entries")
}

/// The Johab character of the two bytes `lead`, `trail`.
fn johab_pair(lead: u8, trail: u8) -> Option<char> {
    if lead < 0xD8 {
        let code = u16::from_be_bytes([lead, trail]);
        let (i, m, f) = (code >> 10, code >> 5, code);
        let (initial, medial, fin) = (
            field(&JOHAB_INITIAL, i),
            field(&JOHAB_MEDIAL, m),
            field(&JOHAB_FINAL, f),
        );
        if initial == NONE || medial == NONE || fin == NONE {
            return None;
        }
        let jamo = |table: &[u8; 32], index: u16| {
            let low = field(table, index);
            (low != 0).then(|| 0x3100 | u32::from(low))
        };
        let code_point = match (initial == FILL, medial == FILL, fin == FILL) {
            (true, true, true) => Some(0x3000),
            (true, true, false) => jamo(&JAMO_FINAL, f),
            (true, false, true) => jamo(&JAMO_MEDIAL, m),
            (false, true, true) => jamo(&JAMO_INITIAL, i),
            (false, false, _) => {
                let fin = if fin == FILL { 0 } else { u32::from(fin) };
                Some(0xAC00 + u32::from(initial) * 588 + u32::from(medial) * 28 + fin)
            }
            _ => None,
        };
        return code_point.and_then(char::from_u32);
    }
    // Symbols (leads D9–DE) and hanja (E0–F9): two KS X 1001 rows per lead.
    if lead == 0xD8
        || lead == 0xDF
        || lead > 0xF9
        || trail < 0x31
        || (0x80..0x91).contains(&trail)
        || trail & 0x7F == 0x7F
        || (lead == 0xDA && (0xA1..=0xD3).contains(&trail))
    {
        return None;
    }
    let row_pair = if lead < 0xE0 {
        2 * (lead - 0xD9)
    } else {
        (2 * u16::from(lead) - 0x197) as u8
    };
    let cell = if trail < 0x91 {
        trail - 0x31
    } else {
        trail - 0x43
    };
    let (row, cell) = if cell < 0x5E {
        (row_pair + 0x21, cell + 0x21)
    } else {
        (row_pair + 0x22, cell - 0x5E + 0x21)
    };
    ksx1001(row, cell)
}

fn step_johab(input: &[u8], last: bool) -> Step {
    match input {
        [b, ..] if *b < 0x80 => Step::Char(char::from(*b), 1),
        [lead, trail, ..] => johab_pair(*lead, *trail).map_or(Step::Bad(1), |c| Step::Char(c, 2)),
        _ if last => Step::Bad(1),
        _ => Step::NeedMore,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// Decoding in pieces of every size gives what decoding at once does.
    #[test]
    fn chunked_equals_whole() {
        let inputs: [(ExtraEncoding, &[u8]); 6] = [
            (
                ExtraEncoding::Utf32,
                b"\x00\x00\xFE\xFF\x00\x00\x00h\x00\x01\xF6\x00\x00\x00\xD8\x00\x00\x00\x00i\x00\x00",
            ),
            (
                ExtraEncoding::Utf32Le,
                b"\xFF\xFE\x00\x00h\x00\x00\x00\x00\xD8\x00\x00i\x00\x00",
            ),
            (ExtraEncoding::Ibm855, b"ab\xE1\xA0\xB5\x80"),
            (ExtraEncoding::Johab, b"\x88\x61x\xD9\x31\x88\x41\xD8\x31\x88"),
            (
                ExtraEncoding::Iso2022Kr,
                b"\x1b$)Cab\x0e\x30\x21\x30\n\x30\x21\x0e\x30\x21\x0f\x1b(B\x80\x1b$",
            ),
            (ExtraEncoding::Utf32Be, b"\x00\x00\x00a\x00\x00\x00"),
        ];
        for (encoding, bytes) in inputs {
            let whole_lossy = encoding.decode_lossy(bytes);
            let whole_strict = encoding.decode(bytes);
            for size in 1..=bytes.len() {
                let mut decoder = encoding.new_decoder();
                let mut out = String::new();
                let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
                for (i, chunk) in chunks.iter().enumerate() {
                    let (_, read, _) =
                        decoder.decode_to_string(chunk, &mut out, i + 1 == chunks.len());
                    assert_eq!(read, chunk.len());
                }
                assert_eq!(out, whole_lossy, "{encoding} {size}");
                let mut decoder = encoding.new_decoder();
                let mut out = String::new();
                let mut offset = 0;
                let mut result = Ok(());
                for (i, chunk) in chunks.iter().enumerate() {
                    let (r, read) = decoder.decode_to_string_without_replacement(
                        chunk,
                        &mut out,
                        i + 1 == chunks.len(),
                    );
                    if let DecoderResult::Malformed(bad, after) = r {
                        result = Err(offset + read - usize::from(bad) - usize::from(after));
                        break;
                    }
                    offset += read;
                }
                match (&whole_strict, result) {
                    (Ok(text), Ok(())) => assert_eq!(&out, text, "{encoding} {size}"),
                    (Err(at), Err(got)) => assert_eq!(*at, got, "{encoding} {size}"),
                    (w, g) => panic!("{encoding} {size}: {w:?} vs {g:?}"),
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// Any bytes, whole or in two pieces: no panic, the same text, and
        /// strict decoding succeeds exactly when nothing was replaced.
        #[test]
        fn any_bytes_decode_alike_in_pieces(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            cut in 0usize..40,
            which in 0usize..6,
        ) {
            let encoding = ExtraEncoding::ALL[which];
            let whole = encoding.decode_lossy(&bytes);
            let cut = cut.min(bytes.len());
            let mut decoder = encoding.new_decoder();
            let mut out = String::new();
            let (_, a, _) = decoder.decode_to_string(&bytes[..cut], &mut out, false);
            let (_, b, _) = decoder.decode_to_string(&bytes[cut..], &mut out, true);
            proptest::prop_assert_eq!(a + b, bytes.len());
            proptest::prop_assert_eq!(&out, &whole);
            match encoding.decode(&bytes) {
                Ok(text) => proptest::prop_assert_eq!(text, whole),
                Err(at) => {
                    proptest::prop_assert!(at <= bytes.len());
                    proptest::prop_assert!(whole.contains(char::REPLACEMENT_CHARACTER), "{:?}", whole);
                }
            }
        }
    }

    #[test]
    fn samples() {
        assert_eq!(ExtraEncoding::Johab.decode(b"\x88\x61").unwrap(), "가");
        assert_eq!(ExtraEncoding::Johab.decode(b"\x84\x44").unwrap(), "ㄳ");
        assert_eq!(ExtraEncoding::Johab.decode(b"\xD8\x31"), Err(0));
        assert_eq!(ExtraEncoding::Johab.decode_lossy(b"\xD8\x31"), "\u{FFFD}1");
        assert_eq!(ExtraEncoding::Utf32.decode(b"a\x00\x00\x00").unwrap(), "a");
        assert_eq!(ExtraEncoding::Utf32.decode(b"a\x00\x00"), Err(0));
        assert_eq!(
            ExtraEncoding::Utf32Le.decode(b"\xFF\xFE\x00\x00").unwrap(),
            "\u{FEFF}"
        );
        assert_eq!(ExtraEncoding::Iso2022Kr.decode(b"\x0e!!\x0f"), Err(0));
        for encoding in ExtraEncoding::ALL {
            assert_eq!(ExtraEncoding::for_label(encoding.name()), Some(encoding));
            for label in encoding.labels() {
                assert_eq!(ExtraEncoding::for_label(label), Some(encoding), "{label}");
            }
        }
    }
}
