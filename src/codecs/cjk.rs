//! The East Asian multi-byte legacy codecs (GBK, Shift_JIS, Big5, EUC-KR),
//! through `encoding_rs`, for undoing UTF-8 that was read as one of them.
//!
//! Both directions are strict: a character the codec cannot represent is an
//! encode error (`encoding_rs` would write an HTML numeric reference; we
//! refuse instead) and a byte sequence the codec does not define is a decode
//! error. The mappings are the WHATWG ones, which are the Windows code pages
//! 936, 932, 950 (plus HKSCS when decoding) and 949.

use encoding_rs::{DecoderResult, EncoderResult, Encoding};

use super::{Codec, DecodeError, EncodeError};

/// The `encoding_rs` encoding behind a CJK codec, `None` for other codecs.
pub(crate) fn encoding(codec: Codec) -> Option<&'static Encoding> {
    match codec {
        Codec::Gbk => Some(encoding_rs::GBK),
        Codec::ShiftJis => Some(encoding_rs::SHIFT_JIS),
        Codec::Big5 => Some(encoding_rs::BIG5),
        Codec::EucKr => Some(encoding_rs::EUC_KR),
        Codec::EucJp => Some(encoding_rs::EUC_JP),
        _ => None,
    }
}

/// Strict encoding with `encoding_rs`; the error names the first character
/// the codec cannot represent.
pub(crate) fn encode(
    text: &str,
    codec: Codec,
    encoding: &'static Encoding,
) -> Result<Vec<u8>, EncodeError> {
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut read_total = 0;
    loop {
        let rest = text
            .get(read_total..)
            .expect("the encoder stops reading on a character boundary");
        // `None` only on overflow; the length is a hint.
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(4).saturating_add(16));
        out.reserve(needed);
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        read_total += read;
        match result {
            EncoderResult::InputEmpty => return Ok(out),
            EncoderResult::OutputFull => continue,
            EncoderResult::Unmappable(ch) => {
                let offset = read_total.saturating_sub(ch.len_utf8());
                return Err(EncodeError { codec, offset, ch });
            }
        }
    }
}

/// Whether [`encode`] would succeed, without keeping the bytes.
pub(crate) fn can_encode(text: &str, encoding: &'static Encoding) -> bool {
    if text.is_ascii() {
        return true;
    }
    let mut encoder = encoding.new_encoder();
    let mut buf = [0u8; 256];
    let mut rest = text;
    loop {
        let (result, read, _) = encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        rest = rest
            .get(read..)
            .expect("the encoder stops reading on a character boundary");
        match result {
            EncoderResult::InputEmpty => return true,
            EncoderResult::OutputFull => continue,
            EncoderResult::Unmappable(_) => return false,
        }
    }
}

/// Strict decoding; the error gives the length of the valid prefix.
pub(crate) fn decode(
    bytes: &[u8],
    codec: Codec,
    encoding: &'static Encoding,
) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // `None` only on overflow; the capacity is a hint.
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3).saturating_add(16));
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, consumed_after) => {
            // `read` counts the malformed bytes and the bytes consumed after
            // them; the invalid sequence starts before both.
            let valid_up_to = read.saturating_sub(usize::from(bad) + usize::from(consumed_after));
            Err(DecodeError { codec, valid_up_to })
        }
        // The buffer was sized for the worst case; report the unread rest as
        // undecodable rather than lose it.
        DecoderResult::OutputFull => Err(DecodeError {
            codec,
            valid_up_to: read,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{decode as decode_any, encode as encode_any, possible_encoding};
    use super::*;

    #[test]
    fn utf8_read_as_each_codec_comes_back() {
        for (codec, garbled, original) in [
            (Codec::Gbk, "浣犲ソ", "你好"),
            (Codec::ShiftJis, "縺薙ｓ縺ｫ縺｡縺ｯ", "こんにちは"),
            (Codec::Big5, "憭批振", "大家"),
            (Codec::EucKr, "caf챕", "café"),
        ] {
            let bytes = encode_any(garbled, codec).unwrap();
            assert_eq!(std::str::from_utf8(&bytes).unwrap(), original, "{codec}");
            assert_eq!(decode_any(original.as_bytes(), codec).unwrap(), garbled);
        }
    }

    #[test]
    fn strict_in_both_directions() {
        let err = encode_any("ab€é", Codec::ShiftJis).unwrap_err();
        assert_eq!(err.ch, '€');
        assert_eq!(err.offset, 2);
        assert!(!possible_encoding("é", Codec::Big5));
        assert!(possible_encoding("abc", Codec::EucKr));
        let err = decode_any(b"ok\x81", Codec::Gbk).unwrap_err();
        assert_eq!(err.valid_up_to, 2);
        let err = decode_any(b"ab\xff\xffcd", Codec::EucKr).unwrap_err();
        assert_eq!(err.valid_up_to, 2);
    }
}
