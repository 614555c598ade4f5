//! Beyond ftfy: legacy bytes read as Latin-1 or Windows-1252, and UTF-8
//! read as cp866, KOI8-R or cp1258 (issue 18).
//!
//! * [`decode_legacy_bytes`]: text written in a legacy code page that is
//!   not UTF-8 (GBK, Big5, EUC-KR, Shift_JIS, EUC-JP, KOI8-R/U, cp866) and
//!   read as Latin-1 or Windows-1252: `ÄãµÄ³ÐÅµ` for
//!   `你的承诺`, `ðÒÉ×ÅÔÓÔ×ÕÀ` for `Приветствую`. Each run of high
//!   characters (see `src/plausibility/legacy_runs.rs`) is read back into
//!   its bytes, and the judge (`src/plausibility/legacy.rs`) chooses the
//!   code page, if any, on strong evidence; the runs of a line may come
//!   from different code pages. Windows-1251 competes in the choice but a
//!   run read as Windows-1251 is left to
//!   [`fix_single_byte_mixup`](crate::fixes::fix_single_byte_mixup), so
//!   that one switch owns each repair. The repaired line must
//!   look right (`plausibility::verdict::looks_right`) and convince
//!   the plausibility model.
//! * UTF-8 read as cp866, KOI8-R or cp1258 (`╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡` for
//!   `Состояние`): the whole text encodes in the code page, the bytes are
//!   UTF-8, the repair looks right and convinces the model as a UTF-8
//!   repair, and it is Cyrillic words alone (cp866, KOI8-R; the input with
//!   two box-drawing characters or more) or Vietnamese, with two letters
//!   or more that only Vietnamese writes, or `Ă` after a small letter in
//!   the input (cp1258).
//!
//! A repair whose every run was read in one code page, and that is the
//! whole text re-encoded (as `sloppy-windows-1252`, or `latin-1`) and
//! decoded in it, is recorded as those two steps; otherwise as one
//! `('apply', 'decode_legacy_bytes')` step. Both replay with
//! [`apply_plan`](crate::apply_plan).

use std::borrow::Cow;

use crate::codecs::{self, Codec};
use crate::plausibility::legacy::{best_reading, utf8_cyrillic_evidence};
use crate::plausibility::legacy_runs::{legacy_may_apply, legacy_runs};
use crate::plausibility::model::{judge, repair_is_convincing, Decoding};
use crate::plausibility::verdict::looks_right;
use crate::step::{FixId, Step};

/// The most rounds of one segment's encoding repair, over all passes of
/// the pipeline, in which the legacy repair runs; later rounds go without
/// it, as with `fix_legacy_bytes` off. Each pass of the pipeline that
/// changes a text (one level of nested HTML entities unescaped, say) runs
/// the encoding repair again, and each of its rounds would judge every run
/// of legacy bytes again: the `fix_bytes` fuzzer found 2.4 KB of nested
/// `&amp;amp;…` around a few Latin-1 pairs that took 23 passes of 6
/// rounds, three quarters of its time in this repair, to find nothing.
/// Real text needs a few rounds (see
/// [`MAX_SPAN_ROUNDS`](super::mixed::MAX_SPAN_ROUNDS)); no line of the
/// corpora of `benches/data` or of 100,000 lines of `scripts/corpus.py`
/// repairs differently with this limit, and neither does that input.
pub(crate) const MAX_LEGACY_ROUNDS: usize = 16;

/// The code pages UTF-8 is tried against, in order.
const UTF8_READ_AS: [Codec; 3] = [Codec::Cp866, Codec::Koi8R, Codec::Cp1258];

/// Undoes legacy bytes read as Latin-1 or Windows-1252, and UTF-8 read as
/// cp866, KOI8-R or cp1258 (see the module docs).
///
/// ```
/// use unmojibake::fixes::decode_legacy_bytes;
/// assert_eq!(decode_legacy_bytes("ÄãµÄ³ÐÅµ"), "你的承诺");
/// assert_eq!(decode_legacy_bytes("// ÇÑ±Û µÎ ¹øÂ°"), "// 한글 두 번째");
/// assert_eq!(decode_legacy_bytes("// ╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡"), "// Состояние");
/// assert_eq!(decode_legacy_bytes("crème brûlée à Ålesund"), "crème brûlée à Ålesund");
/// ```
pub fn decode_legacy_bytes(text: &str) -> Cow<'_, str> {
    match legacy_bytes(text) {
        Some((fixed, _)) => Cow::Owned(fixed),
        None => Cow::Borrowed(text),
    }
}

/// [`decode_legacy_bytes`] with its plan steps.
pub(crate) fn legacy_bytes(text: &str) -> Option<(String, Vec<Step>)> {
    if text.is_ascii() || !legacy_may_apply(text) {
        return None;
    }
    utf8_read_as_legacy(text).or_else(|| legacy_read_as_latin1(text))
}

fn utf8_read_as_legacy(text: &str) -> Option<(String, Vec<Step>)> {
    for codec in UTF8_READ_AS {
        if !may_be_utf8_in(text, codec) || !codecs::possible_encoding(text, codec) {
            continue;
        }
        let Ok(bytes) = codecs::encode(text, codec) else {
            continue;
        };
        let Ok(fixed) = String::from_utf8(bytes) else {
            continue;
        };
        // A line read as cp866 or KOI8-R must turn into Cyrillic words
        // alone; one read as cp1258 into Vietnamese, with two of its
        // letters or more (`NICIODATĂ™` is Romanian, not `NICIODATÙ`).
        let evidence = || match codec {
            Codec::Cp1258 => {
                vietnamese_letters(&fixed) + capital_a_breve_inside(text) >= 2
                    && repair_is_convincing(text, &fixed, Decoding::Utf8)
            }
            _ => utf8_cyrillic_evidence(text, &fixed) && convincing(text, &fixed, codec, 0),
        };
        if fixed != text && looks_right(&fixed) && evidence() {
            return Some((fixed, vec![Step::Encode(codec), Step::Decode(Codec::Utf8)]));
        }
    }
    None
}

/// Whether the bytes of `text` in the single-byte code page `codec` may be
/// UTF-8: `false` at the first character the code page cannot encode, or
/// whose byte cannot stand where it stands in UTF-8 (a continuation byte
/// where none is awaited, or anything else where one is), as is the case
/// within a character or two for text that is no UTF-8 read in that code
/// page (Cyrillic in cp866 starts with continuation bytes). `true` means
/// "maybe": the caller encodes the text and decodes the bytes.
fn may_be_utf8_in(text: &str, codec: Codec) -> bool {
    // Continuation bytes still awaited.
    let mut awaited = 0u8;
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        // ASCII is itself in these code pages: passed over where no
        // continuation byte is awaited, fatal where one is.
        if awaited == 0 {
            let rest = bytes.get(at..).unwrap_or_default();
            match rest.iter().position(|&b| b >= 0x80) {
                Some(skip) => at += skip,
                None => return true,
            }
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        at += c.len_utf8();
        let Some(b) = codecs::encode_char(c, codec) else {
            return false;
        };
        awaited = match (awaited, b) {
            (0, 0..=0x7F) => 0,
            (0, 0xC2..=0xDF) => 1,
            (0, 0xE0..=0xEF) => 2,
            (0, 0xF0..=0xF4) => 3,
            (1.., 0x80..=0xBF) => awaited - 1,
            _ => return false,
        };
    }
}

fn legacy_read_as_latin1(text: &str) -> Option<(String, Vec<Step>)> {
    let mut out = String::with_capacity(text.len() * 2);
    let mut last = 0;
    let mut used: Option<Codec> = None;
    let mut one_codec = true;
    // The high characters of the runs read.
    let mut high = 0;
    for run in legacy_runs(text) {
        let Some(input) = text.get(run.start..run.end) else {
            continue;
        };
        if run.high < 2 {
            continue;
        }
        let Some((codec, reading)) = best_reading(input, &run.bytes) else {
            continue;
        };
        // Windows-1251 read as Windows-1252 is the single-byte repair's
        // (`fix_single_byte_mixups`); here it only competes with KOI8 and
        // cp866.
        if codec == Codec::SloppyWindows1251 {
            continue;
        }
        one_codec &= used.map_or(true, |u| u == codec);
        used = Some(codec);
        high += run.high;
        out.push_str(text.get(last..run.start)?);
        out.push_str(&reading);
        last = run.end;
    }
    let codec = used?;
    out.push_str(text.get(last..)?);
    if out == text || !looks_right(&out) || !convincing(text, &out, codec, high) {
        return None;
    }
    let whole = one_codec
        .then(|| {
            [Codec::SloppyWindows1252, Codec::Latin1]
                .into_iter()
                .find_map(|wrong| {
                    let bytes = codecs::encode(text, wrong).ok()?;
                    let decoded = codecs::decode(&bytes, codec).ok()?;
                    (decoded == out).then_some(wrong)
                })
        })
        .flatten();
    let steps = match whole {
        Some(wrong) => vec![Step::Encode(wrong), Step::Decode(codec)],
        None => vec![Step::Apply(FixId::DecodeLegacyBytes)],
    };
    Some((out, steps))
}

/// How many letters of `text` only Vietnamese writes among the Latin
/// alphabets: those of Latin Extended Additional, `ơ`, `ư`, `đ`, `ă` and
/// their capitals.
fn vietnamese_letters(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            matches!(u32::from(c), 0x1EA0..=0x1EF9)
                || matches!(c, 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | 'ă' | 'Ă')
        })
        .count()
}

/// How many times `Ă` (what cp1258 reads from the lead byte C3 of `à`,
/// `á`, `â`, `ê`, ...) follows a small letter: Romanian writes `Ă` in
/// capitals, `trĂªn` is mojibake.
fn capital_a_breve_inside(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| matches!(w, [a, 'Ă'] if a.is_lowercase()))
        .count()
}

/// The plausibility model's verdict on the repair of `text` into `out`.
/// A double-byte reading is judged as a UTF-8 repair is (each of its
/// characters a sequence of bytes the input happened to encode to), a
/// Cyrillic one as a single-byte repair. The model takes a long word with
/// both cases of some letters for a list of letters (`^[ÄÅäå]`) and sees
/// no evidence in it; the gibberish such a word is here (see
/// `src/plausibility/legacy.rs`) is no list, so its `high` characters (or
/// all its non-ASCII characters, when `high` is 0) are the evidence then.
/// When the model skipped every changed word and costs nothing either
/// way, it has no say, and the caller's own evidence decides.
fn convincing(text: &str, out: &str, codec: Codec, high: usize) -> bool {
    let decoding = if codec.is_single_byte() {
        Decoding::SingleByte
    } else {
        Decoding::Utf8
    };
    let mut judgement = judge(text, out, decoding);
    if judgement.evidence == 0 && judgement.input_cost == 0 && judgement.output_cost == 0 {
        // Every changed word taken for a list (`╨б╨╛╤Б...`): the model
        // saw nothing to weigh, and the repair's own evidence decides.
        return !judgement.output_has_impossible;
    }
    if judgement.evidence == 0 {
        let changed = || text.chars().filter(|c| !c.is_ascii()).count();
        let high = if high == 0 { changed() } else { high };
        judgement.evidence = u32::try_from(high).unwrap_or(u32::MAX);
    }
    judgement.convincing()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        for (garbled, original) in [
            ("ÄãµÄ³ÐÅµ", "你的承诺"),
            ("// ÇÑ±Û µÎ ¹øÂ°", "// 한글 두 번째"),
            (
                "SetFont(\"³ª´®¹Ù¸¥°íµñ ¿¾ÇÑ±Û\")",
                "SetFont(\"나눔바른고딕 옛한글\")",
            ),
            ("//‰~‚Ì‘å‚«‚³", "//円の大きさ"),
            ("³ÂÐÂÃñ ÄãºÃ", "陈新民 你好"),
            ("ðÒÉ×ÅÔÓÔ×ÕÀ", "Приветствую"),
            ("ÐÅÍû°®", "信望爱"),
            ("// ╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡", "// Состояние"),
        ] {
            assert_eq!(decode_legacy_bytes(garbled), original, "{garbled}");
        }
    }

    #[test]
    fn windows_1251_is_the_single_byte_repairs() {
        // `fix_single_byte_mixup` reads it; this repair leaves it alone.
        assert_eq!(decode_legacy_bytes("\"Ïðèâåò, Ñàøà\""), "\"Ïðèâåò, Ñàøà\"");
        assert_eq!(
            crate::fixes::fix_single_byte_mixup("\"Ïðèâåò, Ñàøà\""),
            "\"Привет, Саша\""
        );
    }

    #[test]
    fn other_single_byte_mixups_are_not_read_as_koi8() {
        // Windows-1251 capitals and Greek read as Windows-1252: KOI8-R
        // reads Cyrillic gibberish out of them, which loses.
        for text in [
            "ÈÇÐÀÇ_1 || ÈÇÐÀÇ_2",
            "%s [ÏÀÐÀÌÅÒÐ]... ÊÀÒÀËÎÃ-ÄÀÍÍÛÕ",
            "%s: áíáìåíüôáí áñéèìçôéêÞ ôéìÞ.",
            "äåí ìðïñåß íá äéáâáóôåß.",
            "óéòîòî (íþïîäå)",
        ] {
            assert_eq!(decode_legacy_bytes(text), text, "{text}");
        }
    }

    #[test]
    fn cp1258_needs_vietnamese() {
        assert_eq!(decode_legacy_bytes("NICIODATĂ™"), "NICIODATĂ™");
        assert_eq!(decode_legacy_bytes("„CASĂ” și „MAMĂ”"), "„CASĂ” și „MAMĂ”");
        assert_eq!(decode_legacy_bytes("trĂªn %.2f giĂ¢y"), "trên %.2f giây");
        assert_eq!(
            decode_legacy_bytes("CĂ³ buá»™c káº¿t thĂºc %s khĂ´ng?"),
            "Có buộc kết thúc %s không?"
        );
    }

    #[test]
    fn steps() {
        let (_, steps) = legacy_bytes("ÄãµÄ³ÐÅµ").unwrap();
        assert_eq!(
            steps,
            vec![
                Step::Encode(Codec::SloppyWindows1252),
                Step::Decode(Codec::Gbk)
            ]
        );
    }

    #[test]
    fn clean_look_alikes_stay() {
        for clean in [
            "Ålesund",
            "Ãlesund",
            "crème brûlée",
            "Größe und Maße",
            "¿Qué tal, señor Muñoz?",
            "AÇÃO E INFORMAÇÕES",
            "Ça va? Très bien, élève.",
            "ÉÉ",
            "Æsir og Ægir",
            "naïve façade",
            "Straße",
            "© 2024 ®",
            "½ × ¼",
        ] {
            assert_eq!(decode_legacy_bytes(clean), clean, "{clean}");
        }
    }

    proptest::proptest! {
        /// The byte test turns down only text whose bytes in the code page
        /// are not UTF-8, or that the code page cannot encode.
        #[test]
        fn may_be_utf8_in_is_a_shortcut(
            chars in proptest::collection::vec(
                proptest::sample::select(
                    "aZ .Привет╨╤╬▒▓█Ñ±ÐÑ°ĂăÃâ€™ộ\u{301}ž".chars().collect::<Vec<_>>()
                ),
                0..10,
            )
        ) {
            let text: String = chars.into_iter().collect();
            for codec in UTF8_READ_AS {
                if !may_be_utf8_in(&text, codec) {
                    let utf8 = codecs::encode(&text, codec).ok().and_then(|b| String::from_utf8(b).ok());
                    proptest::prop_assert!(utf8.is_none(), "{:?} {:?}", codec, text);
                }
            }
        }

        /// Every text that is UTF-8 read in one of the code pages passes.
        #[test]
        fn utf8_read_in_a_code_page_may_be_utf8(
            chars in proptest::collection::vec(
                proptest::sample::select(
                    "aZ .Привет Ёж—€…“”ộẫĂđ😀\u{e0041}中ü".chars().collect::<Vec<_>>()
                ),
                0..10,
            )
        ) {
            let original: String = chars.into_iter().collect();
            for codec in UTF8_READ_AS {
                let Ok(garbled) = codecs::decode(original.as_bytes(), codec) else {
                    continue;
                };
                proptest::prop_assert!(may_be_utf8_in(&garbled, codec), "{:?} {:?}", codec, garbled);
            }
        }
    }
}
