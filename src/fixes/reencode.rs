//! The re-encoding core of the encoding repair: a text encoded with one
//! single-byte codec, the optional byte-level fixes on those bytes
//! ([`restore_byte_a0`], [`replace_lossy_sequences`]), and the bytes read
//! back as UTF-8 (ftfy's inner loop of `_fix_encoding_one_step_and_explain`).
//!
//! [`encoding`](super::encoding) tries it with each codec in turn; the
//! repairs beyond ftfy ([`mixed`](super::mixed)) try it on pieces of a text
//! with [`reencode_with`].

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::bytes::Regex as BytesRegex;

use crate::codecs::{self, Codec, CHARMAP_ENCODINGS};
use crate::config::EncodingOptions;
use crate::step::{FixId, Step};

/// Byte patterns where an ASCII space stands for a lost byte A0 inside a
/// UTF-8 sequence (ftfy's `ALTERED_UTF8_RE`).
pub(super) static ALTERED_UTF8_RE: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9] |[\xe2\xe3] [\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf] |\xf0 [\x80-\xbf][\x80-\xbf]|\xf0[\x80-\xbf] [\x80-\xbf]|\xf0[\x80-\xbf][\x80-\xbf] ",
    )
    .expect("ALTERED_UTF8_RE is a valid constant expression")
});

/// UTF-8 sequences that lost a byte to `?` or to byte 1A, which the sloppy
/// codecs use for `�` (ftfy's `LOSSY_UTF8_RE`).
pub(super) static LOSSY_UTF8_RE: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(concat!(
        r"(?-u)[\xc2-\xdf]\x1a",
        r"|[\xc2-\xc3]\?",
        r"|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]",
        r"|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]",
        r"|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]",
        r"|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]",
        r"|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]",
        r"|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]",
        r"|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]",
        r"|\x1a",
    ))
    .expect("LOSSY_UTF8_RE is a valid constant expression")
});

/// Whether [`ALTERED_UTF8_RE`] matches somewhere in `bytes`. Every
/// alternative has a space right after a byte of 80 or more, so only such
/// spaces are looked at, each against the alternatives by hand.
pub(super) fn altered_utf8_matches(bytes: &[u8]) -> bool {
    let at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).copied().unwrap_or(0);
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    let altered = |b: u8| cont(b) && b != 0x85 && b != 0xA0;
    memchr::memchr_iter(b' ', bytes).any(|i| {
        let p1 = at(i.checked_sub(1));
        if p1 < 0x80 {
            return false;
        }
        let p2 = at(i.checked_sub(2));
        let p3 = at(i.checked_sub(3));
        let n1 = at(Some(i + 1));
        let n2 = at(Some(i + 2));
        matches!(p1, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9)
            || (matches!(p1, 0xE2 | 0xE3) && altered(n1))
            || ((0xE0..=0xE3).contains(&p2) && altered(p1))
            || (p1 == 0xF0 && cont(n1) && cont(n2))
            || (p2 == 0xF0 && cont(p1) && cont(n1))
            || (p3 == 0xF0 && cont(p2) && cont(p1))
    })
}

/// Whether [`LOSSY_UTF8_RE`] can match in `bytes`: it needs a byte 1A, or
/// a `?` right after a byte of 80 or more. `false` means it cannot (the
/// encoder notes both; this is the statement the tests check).
#[cfg(test)]
pub(super) fn lossy_may_match(bytes: &[u8]) -> bool {
    memchr::memchr(0x1A, bytes).is_some()
        || memchr::memchr_iter(b'?', bytes).any(|i| {
            i.checked_sub(1)
                .and_then(|p| bytes.get(p))
                .is_some_and(|&b| b >= 0x80)
        })
}

/// Restores bytes A0 that became ASCII spaces inside UTF-8 sequences (ftfy's
/// `restore_byte_a0`). `Ã ` followed by a word becomes `à `, except before
/// the Portuguese words `às`, `àquele`, `àquela` and `àquilo`.
///
/// ```
/// use unmojibake::fixes::restore_byte_a0;
/// assert_eq!(&*restore_byte_a0(b"voil\xc3 le"), b"voil\xc3\xa0 le");
/// assert_eq!(&*restore_byte_a0(b"\xe2\x80 "), b"\xe2\x80\xa0");
/// ```
pub fn restore_byte_a0(bytes: &[u8]) -> Cow<'_, [u8]> {
    // Step 1: `C3 20` starting a word becomes `C3 A0 20`.
    let mut out: Cow<'_, [u8]> = Cow::Borrowed(bytes);
    if memchr::memmem::find(bytes, b"\xc3 ").is_some() {
        let mut buf = Vec::with_capacity(bytes.len() + 8);
        let mut i = 0;
        while i < bytes.len() {
            let here = bytes.get(i..).unwrap_or_default();
            if here.starts_with(b"\xc3 ") {
                let after = here.get(2..).unwrap_or_default();
                let exempt = [&b" "[..], b"quele", b"quela", b"quilo", b"s "]
                    .iter()
                    .any(|w| after.starts_with(w));
                if !exempt {
                    buf.extend_from_slice(b"\xc3\xa0 ");
                    i += 2;
                    continue;
                }
            }
            buf.extend(here.first());
            i += 1;
        }
        if buf != bytes {
            out = Cow::Owned(buf);
        }
    }
    // Step 2: inside each altered sequence, the space becomes A0.
    let re = &*ALTERED_UTF8_RE;
    if !re.is_match(&out) {
        return out;
    }
    let replaced = re.replace_all(&out, |caps: &regex::bytes::Captures<'_>| {
        caps.get(0)
            .expect("group 0 is the whole match")
            .as_bytes()
            .iter()
            .map(|&b| if b == b' ' { 0xA0 } else { b })
            .collect::<Vec<u8>>()
    });
    Cow::Owned(replaced.into_owned())
}

/// Replaces UTF-8 sequences that lost bytes to `?` or to byte 1A (the byte
/// the sloppy codecs use for `�`) with the UTF-8 bytes of one `�` (ftfy's
/// `replace_lossy_sequences`).
///
/// ```
/// use unmojibake::fixes::replace_lossy_sequences;
/// assert_eq!(&*replace_lossy_sequences(b"\xe2\x80\x1a"), "\u{fffd}".as_bytes());
/// assert_eq!(&*replace_lossy_sequences(b"plain"), b"plain");
/// ```
pub fn replace_lossy_sequences(bytes: &[u8]) -> Cow<'_, [u8]> {
    LOSSY_UTF8_RE.replace_all(bytes, "\u{fffd}".as_bytes())
}

/// Reads the bytes of `text` encoded with `codec` (in `encoded`, with what
/// they hold in `flags`) as UTF-8, after the optional byte-level fixes,
/// appending the steps to `steps`. `None` when the bytes are not UTF-8;
/// `encoded` and `steps` are then as they were, and nothing is allocated.
/// `encoded` is kept either way, to be reused. A text that is UTF-8 as it
/// stands is built in the buffer of `spare` (taken).
pub(super) fn try_reencode(
    codec: Codec,
    options: &EncodingOptions,
    encoded: &mut Vec<u8>,
    flags: codecs::EncodedFlags,
    steps: &mut Vec<Step>,
    spare: &mut String,
) -> Option<String> {
    let mut fixed_bytes: Option<Vec<u8>> = None;
    let mut restored = false;
    let mut replaced = false;
    if options.restore_byte_a0
        && codec != Codec::MacRoman
        && flags.space_may_be_a0
        && altered_utf8_matches(encoded)
    {
        if let Cow::Owned(fixed) = restore_byte_a0(encoded) {
            if *fixed != **encoded {
                restored = true;
                fixed_bytes = Some(fixed);
            }
        }
    }
    if options.replace_lossy_sequences
        && codec.name().starts_with("sloppy")
        && (flags.sub || flags.question_after_high)
    {
        let bytes = fixed_bytes.as_deref().unwrap_or(encoded);
        if let Cow::Owned(fixed) = replace_lossy_sequences(bytes) {
            if *fixed != *bytes {
                replaced = true;
                fixed_bytes = Some(fixed);
            }
        }
    }
    let decoder = match &fixed_bytes {
        Some(bytes) if memchr::memchr2(0xED, 0xC0, bytes).is_some() => Codec::Utf8Variants,
        Some(_) => Codec::Utf8,
        None if flags.ed_or_c0 => Codec::Utf8Variants,
        None => Codec::Utf8,
    };
    let fixed = match (fixed_bytes, decoder) {
        // The vectorised check and a copy cost less than the standard
        // library's check on the buffer itself, which also keeps `encoded`
        // for the next text.
        (Some(bytes), Codec::Utf8) => crate::utf8::valid(&bytes)?.to_owned(),
        (Some(bytes), _) => codecs::decode(&bytes, decoder).ok()?,
        (None, Codec::Utf8) => {
            let valid = crate::utf8::valid(encoded)?;
            let mut text = std::mem::take(spare);
            text.clear();
            text.push_str(valid);
            text
        }
        (None, _) => codecs::decode(encoded, decoder).ok()?,
    };
    steps.push(Step::Encode(codec));
    if restored {
        steps.push(Step::Transcode(FixId::RestoreByteA0));
    }
    if replaced {
        steps.push(Step::Transcode(FixId::ReplaceLossySequences));
    }
    steps.push(Step::Decode(decoder));
    Some(fixed)
}

/// [`try_reencode`] of `text` with one codec of ftfy's list, for the
/// repairs beyond ftfy, which try pieces of a text.
pub(crate) fn reencode_with(
    text: &str,
    codec: Codec,
    options: &EncodingOptions,
) -> Option<(String, Vec<Step>)> {
    let mut steps = Vec::with_capacity(4);
    let fixed = reencode_text_with(text, codec, options, &mut Vec::new(), &mut steps)?;
    Some((fixed, steps))
}

/// [`reencode_with`] for a caller that tries many pieces and keeps only
/// the text: `encoded` and `steps` are its buffers, reused from piece to
/// piece (`steps` holds the piece's steps after a repair).
pub(crate) fn reencode_text_with(
    text: &str,
    codec: Codec,
    options: &EncodingOptions,
    encoded: &mut Vec<u8>,
    steps: &mut Vec<Step>,
) -> Option<String> {
    let k = CHARMAP_ENCODINGS.iter().position(|&c| c == codec)?;
    let flags = codecs::encode_charmap_into(text, k, encoded, 0, false)?;
    steps.clear();
    try_reencode(codec, options, encoded, flags, steps, &mut String::new())
}
