//! Bytes of unknown, mixed or named encoding, decoded to text.
//!
//! [`decode_bytes`] decides how to read bytes that came with no label, and
//! says what it decided ([`DecodedAs`]). The rules, in order:
//!
//! 1. A byte-order mark wins: `EF BB BF` is UTF-8, `FF FE 00 00`
//!    UTF-32LE, `00 00 FE FF` UTF-32BE, `FF FE` UTF-16LE, `FE FF`
//!    UTF-16BE. The mark itself is dropped.
//! 2. UTF-32 without a mark (feature `detect`): whole four-byte units
//!    that are all characters (no controls) in exactly one byte order.
//!    UTF-16 without a mark: the bytes decode as UTF-16
//!    in exactly one byte order into text of one writing system (plus Latin,
//!    digits and punctuation), with no controls, no lone surrogates and no
//!    run of code units whose low byte is zero. Only tried when the bytes
//!    contain a NUL or are not UTF-8.
//! 3. Valid UTF-8 is UTF-8, borrowed without a copy, unless it is 7-bit
//!    ISO-2022-JP or ISO-2022-KR with their escape sequences (feature
//!    `detect`).
//! 4. The UTF-8 variants: CESU-8 surrogate pairs and Java's `C0 80` for
//!    NUL, when the whole input decodes as
//!    [`codecs::decode_utf8_variants`].
//! 5. UTF-8 with stray bytes of a single-byte charset: when the input holds
//!    valid multi-byte UTF-8 sequences in runs of non-ASCII bytes that hold
//!    no invalid byte, and no more invalid bytes than such sequences, it is
//!    decoded sequence by sequence,
//!    each invalid byte taken as sloppy Windows-1252 (every byte maps to a
//!    character, so nothing is dropped). Text in a legacy multi-byte or
//!    Cyrillic charset is mostly invalid UTF-8 with at most a few valid
//!    sequences by chance, so it does not qualify.
//! 6. Otherwise the charset is detected (feature `detect`) with `chardetng`,
//!    the detector Firefox uses, and decoded with `encoding_rs`; Mac Roman,
//!    which `chardetng` does not know, is chosen over its guess for Latin
//!    text when it reads as more plausible text. A guess of Windows-1252 for
//!    input that holds valid multi-byte UTF-8 is decoded as in rule 5, which
//!    gives the same characters for the invalid bytes and keeps the UTF-8.
//!    Encodings `chardetng` does not know (x-mac-cyrillic, IBM855, Johab)
//!    replace its guess when they read the bytes as text that costs at
//!    most a third of the guess's reading, and at least 3 less (rare
//!    characters, U+FFFD, controls, script changes inside words): a file
//!    the guess reads as real text is never taken from it.
//!    Without the `detect` feature, rule 5's lossless per-byte decoding is
//!    used for all input that is not UTF-8.
//!
//! [`decode_bytes_as`] decodes with a named encoding instead: this crate's
//! codec names (as ftfy spells them: `sloppy-windows-1252`, `macroman`,
//! `cp437`, `utf-8-variants`, ...) and every `encoding_rs` label.
//!
//! [`fix_bytes`] and [`fix_bytes_with`] decode and then repair the text.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::Encoding;

use crate::codecs::{self, Codec, ExtraEncoding};
use crate::{Config, Fixer};

/// A byte-order mark found at the start of the input.
///
/// ```
/// use unmojibake::{bytes::Bom, decode_bytes, DecodedAs};
/// assert_eq!(decode_bytes(b"\xFE\xFF\x00h\x00i").1, DecodedAs::Bom(Bom::Utf16Be));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bom {
    /// `EF BB BF`.
    Utf8,
    /// `FF FE`.
    Utf16Le,
    /// `FE FF`.
    Utf16Be,
    /// `FF FE 00 00` (checked before `FF FE`).
    Utf32Le,
    /// `00 00 FE FF`.
    Utf32Be,
}

impl Bom {
    /// The encoding the mark announces, as `encoding_rs` names it.
    ///
    /// ```
    /// use unmojibake::bytes::Bom;
    /// assert_eq!(Bom::Utf16Le.name(), "UTF-16LE");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Bom::Utf8 => "UTF-8",
            Bom::Utf16Le => "UTF-16LE",
            Bom::Utf16Be => "UTF-16BE",
            Bom::Utf32Le => "UTF-32LE",
            Bom::Utf32Be => "UTF-32BE",
        }
    }

    /// The mark's length in bytes.
    ///
    /// ```
    /// use unmojibake::bytes::Bom;
    /// assert_eq!(Bom::Utf8.len(), 3);
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub const fn len(self) -> usize {
        match self {
            Bom::Utf8 => 3,
            Bom::Utf16Le | Bom::Utf16Be => 2,
            Bom::Utf32Le | Bom::Utf32Be => 4,
        }
    }

    /// The mark at the start of `bytes`, if any.
    ///
    /// ```
    /// use unmojibake::bytes::Bom;
    /// assert_eq!(Bom::sniff(b"\xFE\xFF\x00A"), Some(Bom::Utf16Be));
    /// assert_eq!(Bom::sniff(b"plain"), None);
    /// ```
    pub fn sniff(bytes: &[u8]) -> Option<Bom> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Some(Bom::Utf8)
        } else if bytes.starts_with(b"\xFF\xFE\x00\x00") {
            Some(Bom::Utf32Le)
        } else if bytes.starts_with(b"\x00\x00\xFE\xFF") {
            Some(Bom::Utf32Be)
        } else if bytes.starts_with(b"\xFF\xFE") {
            Some(Bom::Utf16Le)
        } else if bytes.starts_with(b"\xFE\xFF") {
            Some(Bom::Utf16Be)
        } else {
            None
        }
    }
}

/// How bytes were turned into text.
///
/// ```
/// use unmojibake::{decode_bytes, DecodedAs};
/// assert_eq!(decode_bytes(b"caf\xC3\xA9").1, DecodedAs::Utf8);
/// assert_eq!(decode_bytes(b"\xEF\xBB\xBFhi").1.to_string(), "UTF-8 (byte-order mark)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodedAs {
    /// A byte-order mark said which encoding; the mark was dropped.
    Bom(Bom),
    /// Valid UTF-8.
    Utf8,
    /// CESU-8 or Java's modified UTF-8 (`C0 80` for NUL).
    Utf8Variants,
    /// UTF-8 in which each invalid byte was taken as sloppy Windows-1252.
    Utf8WithWindows1252Bytes {
        /// How many bytes were not UTF-8.
        invalid_bytes: usize,
    },
    /// A detected charset, or UTF-16 without a byte-order mark.
    Detected(&'static Encoding),
    /// A detected encoding that this crate decodes itself (UTF-32 without
    /// a byte-order mark, ISO-2022-KR, ...).
    DetectedExtra(ExtraEncoding),
    /// The encoding the caller named.
    Named(NamedEncoding),
}

impl DecodedAs {
    /// The name of the encoding used, as `encoding_rs` or this crate's
    /// codecs spell it.
    ///
    /// ```
    /// use unmojibake::decode_bytes;
    /// assert_eq!(decode_bytes(b"\xFF\xFEh\x00i\x00").1.encoding_name(), "UTF-16LE");
    /// ```
    pub fn encoding_name(&self) -> &'static str {
        match self {
            DecodedAs::Bom(bom) => bom.name(),
            DecodedAs::Utf8 => "UTF-8",
            DecodedAs::Utf8Variants => Codec::Utf8Variants.name(),
            DecodedAs::Utf8WithWindows1252Bytes { .. } => "UTF-8",
            DecodedAs::Detected(encoding) => encoding.name(),
            DecodedAs::DetectedExtra(extra) => extra.name(),
            DecodedAs::Named(named) => named.name(),
        }
    }
}

/// Serialized as a map: `{"encoding": "UTF-8", "how": "…"}`, where `how` is
/// the [`Display`](fmt::Display) form. Serialize only: a `DecodedAs` holds
/// a `&'static Encoding`, which comes from decoding, not from data.
#[cfg(feature = "serde")]
impl serde::Serialize for DecodedAs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut map = serializer.serialize_struct("DecodedAs", 2)?;
        map.serialize_field("encoding", self.encoding_name())?;
        map.serialize_field("how", &self.to_string())?;
        map.end()
    }
}

impl fmt::Display for DecodedAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodedAs::Bom(bom) => write!(f, "{} (byte-order mark)", bom.name()),
            DecodedAs::Utf8 => f.write_str("UTF-8"),
            DecodedAs::Utf8Variants => f.write_str("utf-8-variants (CESU-8 / Java)"),
            DecodedAs::Utf8WithWindows1252Bytes { invalid_bytes } => write!(
                f,
                "UTF-8 with {invalid_bytes} invalid byte{} taken as sloppy-windows-1252",
                if *invalid_bytes == 1 { "" } else { "s" }
            ),
            DecodedAs::Detected(encoding) => write!(f, "{} (detected)", encoding.name()),
            DecodedAs::DetectedExtra(extra) => write!(f, "{} (detected)", extra.name()),
            DecodedAs::Named(named) => f.write_str(named.name()),
        }
    }
}

/// An encoding chosen by name: one of this crate's [`Codec`]s (ftfy's codec
/// names, including the sloppy Windows codecs, `macroman`, `cp437` and
/// `utf-8-variants`) or any encoding `encoding_rs` knows.
///
/// ```
/// use unmojibake::NamedEncoding;
/// assert_eq!(NamedEncoding::for_label("sloppy-windows-1252").unwrap().name(), "sloppy-windows-1252");
/// assert_eq!(NamedEncoding::for_label("sjis").unwrap().name(), "Shift_JIS");
/// assert!(NamedEncoding::for_label("klingon").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedEncoding {
    /// One of this crate's codecs.
    Codec(Codec),
    /// An `encoding_rs` encoding.
    Encoding(&'static Encoding),
    /// One this crate decodes beyond `encoding_rs` (UTF-32, IBM855,
    /// Johab, ISO-2022-KR).
    Extra(ExtraEncoding),
}

/// Labels of `encoding_rs`'s x-mac-cyrillic that the WHATWG list lacks
/// (Python's names). Its table is Python's `mac_cyrillic` byte for byte
/// (`tests/integration/python_codecs.rs` checks).
const MAC_CYRILLIC_LABELS: [&str; 4] = ["mac-cyrillic", "maccyrillic", "cp10007", "x-mac-cyrillic"];

/// Labels that mean ISO-8859-1 proper (bytes 80–9F are C1 controls), as in
/// Python, rather than the Windows-1252 that WHATWG maps them to.
const LATIN_1_LABELS: [&str; 7] = [
    "latin-1",
    "latin1",
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "l1",
    "8859-1",
];

impl NamedEncoding {
    /// Looks up an encoding label, case-insensitively. This crate's codec
    /// names come first (so `windows-1252` is the strict codec that rejects
    /// the five undefined bytes, as in Python, and `latin-1` is ISO-8859-1
    /// proper); then `encoding_rs`'s WHATWG labels, also with `_` read as
    /// `-` (`euc_jp`, `shift_jis`). The WHATWG `replacement` encoding is not
    /// accepted.
    ///
    /// # Errors
    /// [`UnknownEncoding`] when no encoding has that label.
    ///
    /// ```
    /// use unmojibake::NamedEncoding;
    /// assert_eq!(NamedEncoding::for_label("EUC_JP").unwrap().name(), "EUC-JP");
    /// assert_eq!(NamedEncoding::for_label("iso-2022-kr").unwrap().name(), "ISO-2022-KR");
    /// assert!(NamedEncoding::for_label("iso-2022-cn").is_err());
    /// ```
    pub fn for_label(label: &str) -> Result<NamedEncoding, UnknownEncoding> {
        let trimmed = label.trim();
        // The East Asian codecs are encoding_rs's, which decodes them as a
        // stream; only the single-byte and UTF-8 codecs are this crate's own.
        if let Some(codec) =
            Codec::from_name(trimmed).filter(|c| c.is_single_byte() && !c.legacy_only())
        {
            return Ok(NamedEncoding::Codec(codec));
        }
        if let Some(codec) = Codec::from_name(trimmed).filter(|c| c.name().starts_with("utf-8")) {
            return Ok(NamedEncoding::Codec(codec));
        }
        if let Some(extra) = ExtraEncoding::for_label(trimmed) {
            return Ok(NamedEncoding::Extra(extra));
        }
        let lower = trimmed.to_ascii_lowercase();
        if MAC_CYRILLIC_LABELS.contains(&lower.replace(['_', ' '], "-").as_str()) {
            return Ok(NamedEncoding::Encoding(encoding_rs::X_MAC_CYRILLIC));
        }
        if LATIN_1_LABELS.contains(&lower.as_str()) {
            return Ok(NamedEncoding::Codec(Codec::Latin1));
        }
        let dashed = lower.replace('_', "-");
        for candidate in [lower.as_str(), dashed.as_str()] {
            if let Some(encoding) = Encoding::for_label_no_replacement(candidate.as_bytes()) {
                return Ok(NamedEncoding::Encoding(encoding));
            }
        }
        if let Some(codec) =
            Codec::from_name(&dashed).filter(|c| c.is_single_byte() && !c.legacy_only())
        {
            return Ok(NamedEncoding::Codec(codec));
        }
        Err(UnknownEncoding {
            label: label.to_string(),
        })
    }

    /// The encoding's name.
    ///
    /// ```
    /// use unmojibake::NamedEncoding;
    /// assert_eq!(NamedEncoding::for_label("cp437").unwrap().name(), "cp437");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            NamedEncoding::Codec(codec) => codec.name(),
            NamedEncoding::Encoding(encoding) => encoding.name(),
            NamedEncoding::Extra(extra) => extra.name(),
        }
    }

    /// Decodes `bytes` strictly: any byte sequence that is not valid in
    /// this encoding is an error. A UTF-16 encoding honours a byte-order
    /// mark of either order; other encodings keep a mark as text.
    ///
    /// # Errors
    /// [`DecodeBytesError::Malformed`] with the offset of the first invalid
    /// byte.
    ///
    /// ```
    /// use unmojibake::NamedEncoding;
    /// let sjis = NamedEncoding::for_label("shift_jis").unwrap();
    /// assert_eq!(sjis.decode(b"\x93\xFA\x96\x7B").unwrap(), "日本");
    /// let strict = NamedEncoding::for_label("windows-1252").unwrap();
    /// assert_eq!(strict.decode(b"ok \x81").unwrap_err().offset(), Some(3));
    /// ```
    pub fn decode(self, bytes: &[u8]) -> Result<Cow<'_, str>, DecodeBytesError> {
        match self {
            NamedEncoding::Codec(Codec::Utf8) => crate::utf8::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|e| malformed(self.name(), bytes, e.valid_up_to())),
            NamedEncoding::Codec(codec) => codecs::decode(bytes, codec)
                .map(Cow::Owned)
                .map_err(|e| malformed(self.name(), bytes, e.valid_up_to)),
            NamedEncoding::Encoding(encoding) => {
                let (encoding, body) = if crate::codecs::is_utf16(encoding) {
                    match Bom::sniff(bytes) {
                        Some(bom @ (Bom::Utf16Le | Bom::Utf16Be)) => {
                            let body = bytes
                                .get(2..)
                                .expect("the bytes start with the two-byte mark just sniffed");
                            let encoding = if bom == Bom::Utf16Le {
                                encoding_rs::UTF_16LE
                            } else {
                                encoding_rs::UTF_16BE
                            };
                            (encoding, body)
                        }
                        _ => (encoding, bytes),
                    }
                } else {
                    (encoding, bytes)
                };
                let skipped = bytes.len() - body.len();
                decode_strict(encoding, body)
                    .map_err(|at| malformed(encoding.name(), bytes, at + skipped))
            }
            NamedEncoding::Extra(extra) => extra
                .decode(bytes)
                .map(Cow::Owned)
                .map_err(|at| malformed(extra.name(), bytes, at)),
        }
    }
}

fn malformed(encoding: &'static str, bytes: &[u8], offset: usize) -> DecodeBytesError {
    DecodeBytesError::Malformed {
        encoding,
        offset,
        byte: bytes.get(offset).copied(),
    }
}

/// Decodes with `encoding_rs`, without replacement; the error is the offset
/// of the first malformed byte.
fn decode_strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, usize> {
    if encoding == encoding_rs::UTF_8 {
        return crate::utf8::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| e.valid_up_to());
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::new();
    let mut read_total = 0;
    loop {
        let rest = bytes
            .get(read_total..)
            .expect("the decoder reads within the bytes");
        // `None` only on overflow; the room is a hint.
        let room = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(3))
            .max(16);
        out.reserve(room);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        read_total += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(Cow::Owned(out)),
            encoding_rs::DecoderResult::OutputFull => continue,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Err(read_total
                    .saturating_sub(usize::from(after))
                    .saturating_sub(usize::from(bad)))
            }
        }
    }
}

/// An encoding label that names no known encoding.
///
/// ```
/// use unmojibake::NamedEncoding;
/// let err = NamedEncoding::for_label("utf-9").unwrap_err();
/// assert_eq!(err.to_string(), "unknown encoding \"utf-9\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEncoding {
    /// The label as given.
    pub label: String,
}

impl fmt::Display for UnknownEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown encoding {:?}", self.label)
    }
}

impl std::error::Error for UnknownEncoding {}

/// Why bytes could not be decoded with a named encoding.
///
/// ```
/// use unmojibake::decode_bytes_as;
/// let err = decode_bytes_as(b"caf\xE9", "utf-8").unwrap_err();
/// assert_eq!(err.to_string(), "invalid utf-8 at byte offset 3 (byte 0xE9)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeBytesError {
    /// The label names no known encoding.
    UnknownEncoding(UnknownEncoding),
    /// The bytes are not valid in the encoding.
    Malformed {
        /// The encoding's name.
        encoding: &'static str,
        /// Offset of the first byte that could not be decoded.
        offset: usize,
        /// That byte, when it is in the input.
        byte: Option<u8>,
    },
}

impl DecodeBytesError {
    /// The offset of the first undecodable byte, for a malformed input.
    ///
    /// ```
    /// use unmojibake::decode_bytes_as;
    /// assert_eq!(decode_bytes_as(b"ab\xFF", "utf-8").unwrap_err().offset(), Some(2));
    /// ```
    pub fn offset(&self) -> Option<usize> {
        match self {
            DecodeBytesError::Malformed { offset, .. } => Some(*offset),
            DecodeBytesError::UnknownEncoding(_) => None,
        }
    }
}

impl fmt::Display for DecodeBytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeBytesError::UnknownEncoding(unknown) => unknown.fmt(f),
            DecodeBytesError::Malformed {
                encoding,
                offset,
                byte,
            } => {
                write!(f, "invalid {encoding} at byte offset {offset}")?;
                match byte {
                    Some(byte) => write!(f, " (byte 0x{byte:02X})"),
                    None => f.write_str(" (input ends inside a character)"),
                }
            }
        }
    }
}

/// The message includes the underlying [`UnknownEncoding`], so `source()`
/// is `None`: a chain of errors prints it once.
impl std::error::Error for DecodeBytesError {}

impl From<UnknownEncoding> for DecodeBytesError {
    fn from(unknown: UnknownEncoding) -> Self {
        DecodeBytesError::UnknownEncoding(unknown)
    }
}

// Sloppy Windows-1252 for the bytes 80–FF (the generated table): for
// 80–9F, Windows-1252 where it defines a character, the C1 control of the
// same number where it does not (81, 8D, 8F, 90, 9D).
use crate::tables::codepages::SLOPPY_WINDOWS_1252_DECODE as SLOPPY_1252_HIGH;

/// One byte read as sloppy Windows-1252.
pub(crate) fn sloppy_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => *SLOPPY_1252_HIGH
            .get(usize::from(byte - 0x80))
            .expect("the table covers bytes 80-FF"),
        _ => char::from(byte),
    }
}

/// Appends `bytes` as UTF-8 to `out`, each byte of an invalid sequence
/// taken as sloppy Windows-1252. Returns the number of invalid bytes.
///
/// With `complete == false`, an incomplete sequence at the very end is
/// left out and its length returned as the second value, for the caller to
/// carry over.
pub(crate) fn push_utf8_lossless(bytes: &[u8], complete: bool, out: &mut String) -> (usize, usize) {
    let mut rest = bytes;
    let mut invalid = 0;
    loop {
        match crate::utf8::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return (invalid, 0);
            }
            Err(err) => {
                let (valid, tail) = rest.split_at(err.valid_up_to());
                out.push_str(crate::utf8::from_utf8(valid).expect("valid up to valid_up_to"));
                let bad_len = match err.error_len() {
                    Some(len) => len,
                    None if !complete => return (invalid, tail.len()),
                    None => tail.len(),
                };
                let (bad, after) = tail.split_at(bad_len.min(tail.len()));
                out.extend(bad.iter().map(|&b| sloppy_1252(b)));
                invalid += bad.len();
                rest = after;
            }
        }
    }
}

/// Counts of a UTF-8 scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Utf8Scan {
    /// Valid multi-byte sequences.
    pub(crate) multibyte: usize,
    /// Those of them not right next to an invalid byte. Bytes of a legacy
    /// multi-byte charset form valid UTF-8 by chance only inside runs of
    /// other high bytes; real UTF-8 mixed with stray single bytes has its
    /// UTF-8 characters apart from them.
    pub(crate) isolated: usize,
    /// Invalid bytes.
    pub(crate) invalid: usize,
}

/// Scans `bytes` as UTF-8. With `complete == false` an incomplete sequence
/// at the end does not count as invalid.
///
/// The bytes are taken run by run, a run being a maximal stretch of bytes
/// 80–FF (ASCII never occurs inside a UTF-8 sequence, so no sequence is
/// cut). The multi-byte sequences of a run without invalid bytes count as
/// isolated.
pub(crate) fn scan_utf8(bytes: &[u8], complete: bool) -> Utf8Scan {
    let mut scan = Utf8Scan::default();
    let mut rest = bytes;
    while let Some(start) = rest.iter().position(|&b| b >= 0x80) {
        let from_start = rest.get(start..).expect("a position within rest");
        let len = from_start.iter().position(|&b| b < 0x80);
        // No ASCII byte after the start: the run goes to the end.
        let run = from_start
            .get(..len.unwrap_or(from_start.len()))
            .expect("a position within from_start");
        let (leads, invalid) = scan_run(run, complete || len.is_some());
        scan.multibyte += leads;
        scan.invalid += invalid;
        if invalid == 0 {
            scan.isolated += leads;
        }
        rest = from_start
            .get(run.len()..)
            .expect("run is a prefix of from_start");
    }
    scan
}

/// Valid multi-byte sequences and invalid bytes in a run of high bytes.
fn scan_run(run: &[u8], complete: bool) -> (usize, usize) {
    let (mut leads, mut invalid) = (0, 0);
    let mut rest = run;
    loop {
        match crate::utf8::from_utf8(rest) {
            Ok(valid) => {
                return (
                    leads + valid.len() - count_continuations(valid.as_bytes()),
                    invalid,
                )
            }
            Err(err) => {
                let (valid, tail) = rest.split_at(err.valid_up_to());
                leads += valid.len() - count_continuations(valid);
                let bad = match err.error_len() {
                    Some(len) => len,
                    None if complete => tail.len(),
                    None => return (leads, invalid),
                };
                invalid += bad.min(tail.len());
                rest = tail
                    .get(bad..)
                    .expect("an invalid sequence lies within the tail");
            }
        }
    }
}

/// Bytes 80–BF in `bytes`.
fn count_continuations(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (0x80..0xC0).contains(&b)).count()
}

/// Whether bytes that are not all UTF-8 should be read as UTF-8 with stray
/// single-byte characters: some valid multi-byte UTF-8 apart from the
/// invalid bytes, and no more invalid bytes than such sequences.
pub(crate) fn looks_mixed(scan: Utf8Scan) -> bool {
    scan.isolated > 0 && scan.invalid <= scan.isolated
}

/// The decision [`decode_bytes`] makes, shared with the streaming guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice {
    Bom(Bom),
    Utf8,
    Utf8Variants,
    Mixed {
        invalid: usize,
    },
    #[cfg_attr(not(feature = "detect"), allow(dead_code))]
    Detected(&'static Encoding),
    #[cfg_attr(not(feature = "detect"), allow(dead_code))]
    DetectedExtra(ExtraEncoding),
}

impl Choice {
    pub(crate) fn decoded_as(self) -> DecodedAs {
        match self {
            Choice::Bom(bom) => DecodedAs::Bom(bom),
            Choice::Utf8 => DecodedAs::Utf8,
            Choice::Utf8Variants => DecodedAs::Utf8Variants,
            Choice::Mixed { invalid } => DecodedAs::Utf8WithWindows1252Bytes {
                invalid_bytes: invalid,
            },
            Choice::Detected(encoding) => DecodedAs::Detected(encoding),
            Choice::DetectedExtra(extra) => DecodedAs::DetectedExtra(extra),
        }
    }
}

/// The part of `bytes` that ends at a line break, or at the last UTF-8
/// character boundary, for checks that need whole characters when the
/// input is only a prefix.
fn whole_lines(bytes: &[u8], complete: bool) -> &[u8] {
    if complete {
        return bytes;
    }
    match memchr::memrchr(b'\n', bytes) {
        Some(i) => bytes.get(..=i).expect("memrchr found a byte at `i`"),
        None => bytes
            .get(..utf8_cut(bytes))
            .expect("a cut is at most the length"),
    }
}

/// A cut position in `bytes` before which no UTF-8 character (nor a CESU-8
/// surrogate pair) is left incomplete: before the last lead byte if the
/// sequence it starts may continue past the end. Returns `bytes.len()` when
/// no such lead byte is found near the end.
pub(crate) fn utf8_cut(bytes: &[u8]) -> usize {
    let len = bytes.len();
    let mut cut = len;
    for back in 1..=3.min(len) {
        let i = len - back;
        match bytes.get(i) {
            Some(0x80..=0xBF) => continue,
            Some(&b) if b >= 0xC0 => {
                let needed = match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                if back < needed {
                    cut = i;
                }
                break;
            }
            _ => break,
        }
    }
    // Keep a CESU-8 high surrogate (ED A0..AF xx) with its low half.
    if cut >= 3 {
        if let (Some(0xED), Some(0xA0..=0xAF), Some(0x80..=0xBF)) =
            (bytes.get(cut - 3), bytes.get(cut - 2), bytes.get(cut - 1))
        {
            cut -= 3;
        }
    }
    cut
}

/// Decides how to decode `bytes`; `complete` is false when they are only
/// the start of a longer input.
pub(crate) fn choose(bytes: &[u8], complete: bool) -> Choice {
    if let Some(bom) = Bom::sniff(bytes) {
        return Choice::Bom(bom);
    }
    let scan = scan_utf8(bytes, complete);
    #[cfg(feature = "detect")]
    {
        if scan.invalid > 0 || memchr::memchr(0, bytes).is_some() {
            if let Some(extra) = crate::detect::sniff_utf32(bytes, complete) {
                return Choice::DetectedExtra(extra);
            }
            if let Some(encoding) = crate::detect::sniff_utf16(bytes, complete) {
                return Choice::Detected(encoding);
            }
        }
    }
    if scan.invalid == 0 {
        #[cfg(feature = "detect")]
        {
            if let Some(encoding) = crate::detect::iso_2022_jp(bytes, complete) {
                return Choice::Detected(encoding);
            }
            if let Some(extra) = crate::detect::iso_2022_kr(bytes) {
                return Choice::DetectedExtra(extra);
            }
        }
        return Choice::Utf8;
    }
    if memchr::memchr2(0xC0, 0xED, bytes).is_some()
        && codecs::decode_utf8_variants(whole_lines(bytes, complete)).is_ok()
    {
        return Choice::Utf8Variants;
    }
    if looks_mixed(scan) {
        return Choice::Mixed {
            invalid: scan.invalid,
        };
    }
    #[cfg(feature = "detect")]
    {
        let encoding = crate::detect::guess_legacy(bytes, complete);
        if encoding == encoding_rs::WINDOWS_1252 && scan.isolated > 0 {
            return Choice::Mixed {
                invalid: scan.invalid,
            };
        }
        match crate::detect::outsider(bytes, encoding) {
            Some(crate::detect::Outsider::Rs(other)) => return Choice::Detected(other),
            Some(crate::detect::Outsider::Extra(other)) => return Choice::DetectedExtra(other),
            None => {}
        }
        Choice::Detected(encoding)
    }
    #[cfg(not(feature = "detect"))]
    {
        Choice::Mixed {
            invalid: scan.invalid,
        }
    }
}

/// Decodes bytes of unknown encoding and says how (see the [module
/// docs](self) for the rules). Never fails and never drops input: invalid
/// UTF-8 falls back to sloppy Windows-1252 byte by byte, and a detected
/// charset decodes with `encoding_rs`, which replaces a malformed sequence
/// with U+FFFD.
///
/// Borrows exactly when the input is valid UTF-8 without a byte-order mark.
///
/// Without the `detect` feature, input that is not UTF-8 (nor marked or one
/// of the UTF-8 variants) is always decoded as UTF-8 with its invalid bytes
/// taken as sloppy Windows-1252.
///
/// ```
/// use unmojibake::{decode_bytes, DecodedAs};
/// assert_eq!(decode_bytes(b"na\xC3\xAFve").0, "naïve");
/// // Stray Windows-1252 bytes in UTF-8:
/// let (text, how) = decode_bytes(b"na\xC3\xAFve caf\xE9");
/// assert_eq!(text, "naïve café");
/// assert_eq!(how, DecodedAs::Utf8WithWindows1252Bytes { invalid_bytes: 1 });
/// // UTF-16 with a byte-order mark:
/// assert_eq!(decode_bytes(b"\xFF\xFEh\x00i\x00").0, "hi");
/// ```
///
/// With the `detect` feature (the default), legacy charsets are detected:
///
/// ```
/// # #[cfg(feature = "detect")] {
/// use unmojibake::{decode_bytes, DecodedAs};
/// let sjis = b"\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x95\xB6\x8F\xCD\x82\xF0\x93\xC7\x82\xDD\x82\xDC\x82\xB7\x81\x42";
/// let (text, how) = decode_bytes(sjis);
/// assert_eq!(text, "日本語の文章を読みます。");
/// assert_eq!(how, DecodedAs::Detected(encoding_rs::SHIFT_JIS));
/// # }
/// ```
pub fn decode_bytes(bytes: &[u8]) -> (Cow<'_, str>, DecodedAs) {
    let choice = choose(bytes, true);
    (decode_with_choice(bytes, choice), choice.decoded_as())
}

/// Decodes a whole input the way `choice` says.
pub(crate) fn decode_with_choice(bytes: &[u8], choice: Choice) -> Cow<'_, str> {
    match choice {
        Choice::Bom(bom) => {
            let body = bytes
                .get(bom.len()..)
                .expect("the choice of a mark was made on bytes that start with it");
            match bom {
                Bom::Utf8 => utf8_lossless(body),
                Bom::Utf16Le => Cow::Owned(decode_lossy(encoding_rs::UTF_16LE, body)),
                Bom::Utf16Be => Cow::Owned(decode_lossy(encoding_rs::UTF_16BE, body)),
                Bom::Utf32Le => Cow::Owned(ExtraEncoding::Utf32Le.decode_lossy(body)),
                Bom::Utf32Be => Cow::Owned(ExtraEncoding::Utf32Be.decode_lossy(body)),
            }
        }
        Choice::Utf8 | Choice::Mixed { .. } => utf8_lossless(bytes),
        Choice::Utf8Variants => match codecs::decode_utf8_variants(bytes) {
            Ok(text) => Cow::Owned(text),
            Err(_) => utf8_lossless(bytes),
        },
        Choice::Detected(encoding) => Cow::Owned(decode_lossy(encoding, bytes)),
        Choice::DetectedExtra(extra) => Cow::Owned(extra.decode_lossy(bytes)),
    }
}

/// UTF-8 with each invalid byte taken as sloppy Windows-1252; borrows when
/// the bytes are valid.
fn utf8_lossless(bytes: &[u8]) -> Cow<'_, str> {
    match crate::utf8::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
            push_utf8_lossless(bytes, true, &mut out);
            Cow::Owned(out)
        }
    }
}

/// Decodes without BOM handling, replacing malformed sequences with U+FFFD.
fn decode_lossy(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Decodes bytes with a named encoding: this crate's codec names (ftfy's
/// `sloppy-windows-1252` ... `sloppy-windows-1257`, `latin-1`, `macroman`,
/// `cp437`, `utf-8-variants`, strict `windows-1252`, ...) or any
/// `encoding_rs` label. Decoding is strict, as Python's is.
///
/// # Errors
/// [`DecodeBytesError::UnknownEncoding`] for an unknown label;
/// [`DecodeBytesError::Malformed`] with the offset of the first byte that is
/// not valid in the encoding.
///
/// ```
/// use unmojibake::{decode_bytes_as, DecodedAs};
/// let (text, how) = decode_bytes_as(b"\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251").unwrap();
/// assert_eq!(text, "Привет");
/// assert_eq!(how.encoding_name(), "windows-1251");
/// assert_eq!(decode_bytes_as(b"\x8E", "macroman").unwrap().0, "é");
/// assert!(decode_bytes_as(b"x", "no-such-charset").is_err());
/// ```
pub fn decode_bytes_as<'a>(
    bytes: &'a [u8],
    label: &str,
) -> Result<(Cow<'a, str>, DecodedAs), DecodeBytesError> {
    let named = NamedEncoding::for_label(label)?;
    let text = named.decode(bytes)?;
    Ok((text, DecodedAs::Named(named)))
}

/// Decodes bytes of unknown encoding with [`decode_bytes`], then repairs
/// the text with [`fix_text`](crate::fix_text)'s defaults. Borrows exactly
/// when the input is valid UTF-8 that needs no repair.
///
/// ```
/// use unmojibake::fix_bytes;
/// assert_eq!(fix_bytes(b"Caf\xC3\x83\xC2\xA9"), "Café");
/// assert_eq!(fix_bytes(b"caf\xE9 cr\xC3\xA8me"), "café crème");
/// ```
pub fn fix_bytes(bytes: &[u8]) -> Cow<'_, str> {
    fix_bytes_with(bytes, &Config::default())
}

/// [`fix_bytes`] with a configuration.
///
/// ```
/// use unmojibake::{fix_bytes_with, Config};
/// let keep_quotes = Config::default().uncurl_quotes(false);
/// assert_eq!(fix_bytes_with("‘CafÃ©’".as_bytes(), &keep_quotes), "‘Café’");
/// ```
pub fn fix_bytes_with<'a>(bytes: &'a [u8], config: &Config) -> Cow<'a, str> {
    let fixer = Fixer::new(config.clone());
    match decode_bytes(bytes).0 {
        Cow::Borrowed(text) => fixer.fix(text),
        Cow::Owned(text) => Cow::Owned(fixer.fix(&text).into_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn sloppy_table_matches_encoding_rs() {
        for byte in 0x80..=0xFFu8 {
            let bytes = [byte];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            assert_eq!(
                text.chars().next(),
                Some(sloppy_1252(byte)),
                "byte {byte:02X}"
            );
        }
    }

    #[test]
    fn lossless_keeps_every_byte() {
        let mut out = String::new();
        let (invalid, carry) = push_utf8_lossless(b"a\xE3\x81b\xFF\xC3\xA9", true, &mut out);
        assert_eq!(out, "aã\u{81}bÿé");
        assert_eq!((invalid, carry), (3, 0));
        let mut out = String::new();
        assert_eq!(push_utf8_lossless(b"ab\xE3\x81", false, &mut out), (0, 2));
        assert_eq!(out, "ab");
    }

    #[test]
    fn scan_counts() {
        let scan = scan_utf8(b"\xC3\xA9 \xE9 \xE2\x82\xAC", true);
        assert_eq!(
            scan,
            Utf8Scan {
                multibyte: 2,
                isolated: 2,
                invalid: 1
            }
        );
        // GBK for "中应为": two chance UTF-8 sequences, inside the run.
        let scan = scan_utf8(b"x \xD6\xD0\xD3\xA6\xCE\xAA y", true);
        assert_eq!(
            scan,
            Utf8Scan {
                multibyte: 2,
                isolated: 0,
                invalid: 2
            }
        );
        let scan = scan_utf8(b"\xE9\xC3\xA9 \xE9 \xC3\xA9", true);
        assert_eq!(
            scan,
            Utf8Scan {
                multibyte: 2,
                isolated: 1,
                invalid: 2
            }
        );
        assert_eq!(scan_utf8(b"ab\xE2\x82", false).invalid, 0);
        assert_eq!(scan_utf8(b"ab\xE2\x82", true).invalid, 2);
    }

    #[test]
    fn cut_points() {
        assert_eq!(utf8_cut(b"abc"), 3);
        assert_eq!(utf8_cut(b"ab\xE3\x81"), 2);
        assert_eq!(utf8_cut(b"ab\xE3\x81\x82"), 5);
        assert_eq!(utf8_cut(b"ab\xF0\x9F\x98"), 2);
        assert_eq!(utf8_cut(b"\x80\x80\x80\x80"), 4);
        assert_eq!(utf8_cut(b"x\xED\xA0\xBD"), 1);
        assert_eq!(utf8_cut(b""), 0);
    }

    #[test]
    fn mixed_rule() {
        assert!(looks_mixed(Utf8Scan {
            multibyte: 3,
            isolated: 3,
            invalid: 1
        }));
        assert!(!looks_mixed(Utf8Scan {
            multibyte: 0,
            isolated: 0,
            invalid: 1
        }));
        assert!(!looks_mixed(Utf8Scan {
            multibyte: 2,
            isolated: 2,
            invalid: 40
        }));
        assert!(!looks_mixed(Utf8Scan {
            multibyte: 2,
            isolated: 0,
            invalid: 2
        }));
    }

    #[test]
    fn variants_and_java_null() {
        let (text, how) = decode_bytes(b"a\xC0\x80b \xED\xA0\xBD\xED\xB8\x80");
        assert_eq!(text, "a\0b 😀");
        assert_eq!(how, DecodedAs::Utf8Variants);
    }

    #[test]
    fn named_labels() {
        assert_eq!(
            NamedEncoding::for_label("latin1"),
            Ok(NamedEncoding::Codec(Codec::Latin1))
        );
        assert_eq!(
            NamedEncoding::for_label("koi8-r"),
            Ok(NamedEncoding::Encoding(encoding_rs::KOI8_R))
        );
        let utf16 = NamedEncoding::for_label("utf-16").unwrap_or(NamedEncoding::Codec(Codec::Utf8));
        assert_eq!(utf16.decode(b"\xFE\xFF\x00h").ok().as_deref(), Some("h"));
        assert_eq!(utf16.decode(b"h\x00").ok().as_deref(), Some("h"));
        let err = decode_bytes_as(b"\x82\xA0\x82", "shift_jis").unwrap_err();
        assert_eq!(err.offset(), Some(2));
    }

    #[test]
    fn bom_body_lossless() {
        let (text, how) = decode_bytes(b"\xEF\xBB\xBFcaf\xE9");
        assert_eq!(text, "café");
        assert_eq!(how, DecodedAs::Bom(Bom::Utf8));
    }
}
