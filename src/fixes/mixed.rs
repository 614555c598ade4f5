//! Beyond ftfy: mojibake in part of a line, and isolated mojibake that
//! ftfy's badness heuristic does not see.
//!
//! ftfy re-encodes a whole text with one codec and decodes it as UTF-8; one
//! clean accented letter anywhere on the line makes that fail, and then only
//! [`decode_inconsistent_utf8`](super::decode_inconsistent_utf8) can help,
//! which misses many words (`PUERTO BOYACÁ, BoyacÃ¡`, python-ftfy #123).
//! [`decode_mojibake_spans`] repairs such a line piece by piece: for each
//! codec of ftfy's list in order, it takes the maximal runs of characters
//! the codec can encode, and when a run does not decode as a whole, the
//! words of that run. A piece is replaced only when it looked wrong
//! ([`is_bad`] or word-shape evidence, see the crate README) and its
//! repair looks right (neither). The first codec that repairs anything
//! wins; while the line is still bad, the later codecs go on with what it
//! left, in the same call, and the encoding loop runs another round for
//! whatever remains.
//!
//! The isolated repair is ftfy's whole-text repair for text that
//! [`is_bad`] passes but whose words give mojibake away (`mГ©dicament`,
//! `pi√π`, `┬┐que`), with the same acceptance rule. It has its own switch,
//! [`Config::fix_isolated_words`](crate::Config::fix_isolated_words); the
//! span repair's is [`Config::fix_mixed_lines`](crate::Config::fix_mixed_lines).

use crate::chars::{is_alphabetic, is_alphanumeric};
use std::borrow::Cow;

use crate::badness::is_bad;
use crate::codecs::{self, Codec, CHARMAP_ENCODINGS};
use crate::plausibility::has_word_anomaly;
use crate::plausibility::model::{
    repair_is_convincing, repair_is_convincing_given, Decoding, InputSide,
};
use crate::plausibility::verdict::looks_right;
use crate::step::Step;

use super::reencode::{reencode_text_with, reencode_with};
use crate::config::EncodingOptions;

/// Repairs the mojibake words and spans of a line that does not decode as a
/// whole, with the default options (one round; see the module docs).
///
/// ```
/// use unmojibake::fixes::decode_mojibake_spans;
/// assert_eq!(decode_mojibake_spans("PUERTO BOYACÁ, BoyacÃ¡"), "PUERTO BOYACÁ, Boyacá");
/// assert_eq!(decode_mojibake_spans("SÃO PAULO"), "SÃO PAULO");
/// ```
pub fn decode_mojibake_spans(text: &str) -> Cow<'_, str> {
    decode_mojibake_spans_with(text, &EncodingOptions::default())
}

pub(crate) fn decode_mojibake_spans_with<'a>(
    text: &'a str,
    options: &EncodingOptions,
) -> Cow<'a, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let line_bad = is_bad(text);
    let evidence = line_bad || has_word_anomaly(text);
    decode_spans(text, options, line_bad, evidence, &mut |_| false)
}

/// The longest text, in bytes, the span repair works on. Lines that mix
/// clean text and mojibake are lines; a longer segment is a long line cut
/// into pieces, whose mojibake ftfy's own repairs handle in linear time,
/// where this repair's rounds would each re-encode every run and word.
pub(crate) const MAX_SPAN_TEXT: usize = 1 << 16;

/// The most rounds of one text's encoding loop
/// ([`fix_encoding_in_pipeline`](super::encoding::fix_encoding_in_pipeline))
/// in which the span repair runs; later rounds go without it, as with
/// `fix_mixed_lines` off. Real text needs a few rounds: one or two per
/// level of nested mojibake, and one more where a codec's repair leaves a
/// line that is no longer bad. A text that needs more is mojibake nested
/// over and over (the fuzzers build it: 6 KB of
/// `Ã` taking 212 rounds, each peeling one level with
/// `decode_inconsistent_utf8`), where every round would re-read the whole
/// text for the span repair only to find nothing; ftfy's own repairs
/// finish it. No line of the corpora of `benches/data`, the evaluation set
/// or 100,000 lines of `scripts/corpus.py` takes more than 6 rounds, and
/// all of them repair the same with and without this limit.
pub(crate) const MAX_SPAN_ROUNDS: usize = 16;

/// [`decode_mojibake_spans`] once the caller knows whether the line is bad
/// and whether it shows word-shape evidence.
///
/// `ftfy_next` says whether a candidate is what the encoding loop's next
/// step, ftfy's own fragment repair, would make of `text` if this repair
/// gave nothing. Such a candidate is taken without the judge, which
/// decides the repairs beyond ftfy: turning it down would give the same
/// text one step later.
pub(crate) fn decode_spans<'a>(
    text: &'a str,
    options: &EncodingOptions,
    line_bad: bool,
    evidence: bool,
    ftfy_next: &mut dyn FnMut(&str) -> bool,
) -> Cow<'a, str> {
    let (mut out, mut next) = match spans_from(text, options, line_bad, evidence, ftfy_next, 0) {
        Round::Nothing => return Cow::Borrowed(text),
        Round::Words(out) | Round::Unjudged(out) => return Cow::Owned(out),
        Round::Runs(out, k) => (out, k + 1),
    };
    // The later codecs on what is left, as the encoding loop's next round
    // would try them on a line still bad, without first trying again the
    // codecs that found nothing more (a line garbled in several code pages
    // takes one call, not one round each).
    while next < CHARMAP_ENCODINGS.len() && is_bad(&out) {
        match spans_from(&out, options, true, true, &mut |_| false, next) {
            Round::Nothing => break,
            Round::Words(more) | Round::Unjudged(more) => return Cow::Owned(more),
            Round::Runs(more, k) => (out, next) = (more, k + 1),
        }
    }
    Cow::Owned(out)
}

/// What one pass of the span repair found.
enum Round {
    /// No repair it could take.
    Nothing,
    /// Runs of the codec `CHARMAP_ENCODINGS[k]`, the second field, judged.
    Runs(String, usize),
    /// Runs taken unjudged, as what ftfy's fragment repair would make of
    /// the text (`ftfy_next`): the caller explains them as that step.
    Unjudged(String),
    /// Words, each in its own codec.
    Words(String),
}

/// One pass of [`decode_spans`]: whole runs of each codec from
/// `CHARMAP_ENCODINGS[first]` on, then words.
fn spans_from(
    text: &str,
    options: &EncodingOptions,
    line_bad: bool,
    evidence: bool,
    ftfy_next: &mut dyn FnMut(&str) -> bool,
    first: usize,
) -> Round {
    if text.is_ascii() || !(line_bad || evidence) || text.len() > MAX_SPAN_TEXT {
        return Round::Nothing;
    }
    let options = options.ftfy_only();
    // Which codecs can encode each character that some codec cannot (the
    // others are ASCII), found once.
    let specials = special_chars(text);
    // What the judgement takes from the line, found once when first needed.
    let mut side: Option<InputSide<'_>> = None;
    // Whether a candidate is taken, and whether unjudged.
    let mut convincing = |out: &str| {
        if ftfy_next(out) {
            return Some(false);
        }
        let side = side.get_or_insert_with(|| InputSide::of(text));
        repair_is_convincing_given(side, out, Decoding::Utf8).then_some(true)
    };
    // The buffers of the re-encodings, for piece after piece.
    let mut buffers = (Vec::new(), Vec::new());
    // The codecs in which some piece can decode at all: those that write
    // a whole UTF-8 sequence somewhere in the text.
    let mut decodable = utf8_sequence_codecs(text, false);
    if decodable & 0b11 == 0b11 && latin1_runs_within_1252(&specials) {
        decodable &= !1;
    }
    // Whole runs first: a run can hold bytes A0 that became spaces.
    for (k, codec) in CHARMAP_ENCODINGS.into_iter().enumerate().skip(first) {
        if decodable & (1 << k) == 0 {
            continue;
        }
        let pieces: Vec<Piece> = encodable_runs(text.len(), &specials, k)
            .into_iter()
            .filter_map(|(start, end)| {
                let run = text.get(start..end)?;
                if hopeless(run, k) {
                    return None;
                }
                repair_piece(run, codec, &options, line_bad, &mut buffers)
                    .map(|fixed| (start, end, fixed))
            })
            .collect();
        let pieces = whole_words(text, pieces, k);
        if let Some(out) = assemble(text, &pieces) {
            match convincing(&out) {
                Some(true) => return Round::Runs(out, k),
                Some(false) => return Round::Unjudged(out),
                None => {}
            }
        }
    }
    // Then word by word, each with the first codec that repairs it.
    let pieces: Vec<Piece> = words(text)
        .into_iter()
        .filter_map(|(start, end)| {
            let word = text.get(start..end)?;
            // The codecs that can encode the word, from the masks, among
            // those in which a piece can decode.
            let first = specials.partition_point(|&(i, _, _)| i < start);
            let possible = specials
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&(i, _, _)| i < end)
                .fold(decodable, |all, &(_, _, m)| all & m);
            CHARMAP_ENCODINGS
                .into_iter()
                .enumerate()
                .filter(|&(k, _)| possible & (1 << k) != 0 && !hopeless(word, k))
                .find_map(|(_, codec)| repair_piece(word, codec, &options, line_bad, &mut buffers))
                .map(|fixed| (start, end, fixed))
        })
        .collect();
    match assemble(text, &pieces) {
        Some(out) if convincing(&out).is_some() => Round::Words(out),
        _ => Round::Nothing,
    }
}

/// Whether every character that Latin-1 encodes, Windows-1252 (sloppy)
/// encodes too: no C1 control but the five that Windows-1252 leaves
/// undefined. Then each run of Latin-1 lies within a run of Windows-1252
/// with the same bytes, and decodes the same.
fn latin1_runs_within_1252(specials: &[(usize, usize, u16)]) -> bool {
    specials.iter().all(|&(_, _, m)| m & 1 == 0 || m & 2 != 0)
}

/// A repaired piece: its byte range in the text and its repair.
type Piece = (usize, usize, String);

/// The text with its pieces replaced, or `None` when there are none or when
/// no non-ASCII letter stays as it was: the line is mixed only if some of
/// it is clean, and otherwise the parts that did not decode may be
/// mojibake of some other kind, better left to ftfy.
fn assemble(text: &str, pieces: &[Piece]) -> Option<String> {
    if pieces.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut kept_letter = false;
    for (start, end, fixed) in pieces {
        let kept = text
            .get(last..*start)
            .expect("pieces are disjoint runs or words, in order");
        kept_letter = kept_letter || has_non_ascii_letter(kept);
        out.push_str(kept);
        out.push_str(fixed);
        last = *end;
    }
    let tail = text
        .get(last..)
        .expect("pieces end on character boundaries");
    kept_letter = kept_letter || has_non_ascii_letter(tail);
    out.push_str(tail);
    kept_letter.then_some(out)
}

/// Whether `text` holds a letter that is not ASCII (its ASCII bytes are
/// skipped without decoding).
fn has_non_ascii_letter(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(skip) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b >= 0x80))
    {
        let Some(c) = text.get(i + skip..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if is_alphabetic(c) {
            return true;
        }
        i += skip + c.len_utf8();
    }
    false
}

/// One piece re-encoded with `codec` and read as UTF-8, if the piece looked
/// wrong (or the whole line did) and the result looks right and has a
/// non-ASCII letter or digit. `buffers` serve the re-encoding (see
/// [`reencode_text_with`]).
fn repair_piece(
    piece: &str,
    codec: Codec,
    options: &EncodingOptions,
    line_bad: bool,
    (encoded, steps): &mut (Vec<u8>, Vec<Step>),
) -> Option<String> {
    if piece.is_ascii() || !(line_bad || is_bad(piece) || has_word_anomaly(piece)) {
        return None;
    }
    let fixed = reencode_text_with(piece, codec, options, encoded, steps)?;
    let letters = fixed.chars().any(|c| !c.is_ascii() && is_alphanumeric(c));
    (fixed != piece && letters && looks_right(&fixed)).then_some(fixed)
}

/// The repaired runs `pieces` (in order) whose words come out whole: a
/// run is cut where a character its codec cannot encode stands, and when
/// that happens inside a word of mojibake, the run is a piece of it, read
/// on its own (`Œï` out of `ï½Œï½Œ`, which Mac Roman reads as `Ε`), and the
/// word comes out half decoded. So the runs of a word (its
/// whitespace-separated word) that has characters beyond ASCII outside
/// them are kept only when none of those is a character of the codec
/// `CHARMAP_ENCODINGS[k]` (a run of it left as it was: `Îçê`, Mac Roman
/// for `덐`, out of the styled name `ÎçêÐrágòñ`, whose `á`, `ò` and `ñ`
/// read as no UTF-8) and the word, with all of them repaired, looks
/// right (`В«%sВ»` into `«%s»`); a run that is a word of its own, or that
/// only ASCII joins to the rest of its word (`CafÃ©`), stands alone.
fn whole_words(text: &str, pieces: Vec<Piece>, k: usize) -> Vec<Piece> {
    let mut kept = Vec::with_capacity(pieces.len());
    let mut pieces = pieces.into_iter().peekable();
    while let Some(first) = pieces.next() {
        // A run may hold spaces: the word is then the words it spans. (The
        // text after a run is read only past the word's end so far: a line
        // with no space is read once, not once a run.)
        let (word_start, mut word_end) = word_around(text, first.0, first.1);
        let mut word = vec![first];
        while let Some(next) = pieces.next_if(|p| p.0 < word_end) {
            if next.1 > word_end {
                word_end = word_end_after(text, next.0, next.1);
            }
            word.push(next);
        }
        let mut repaired = String::new();
        let mut rest_ascii = true;
        let mut rest_of_codec = false;
        let mut last = word_start;
        let mut rest = |part: &str| {
            rest_ascii &= part.is_ascii();
            rest_of_codec |= !part.is_ascii()
                && part
                    .chars()
                    .any(|c| !c.is_ascii() && codecs::charmap_mask(c) & (1 << k) != 0);
        };
        for (start, end, fixed) in &word {
            let between = text
                .get(last..*start)
                .expect("pieces are disjoint runs, in order, inside their word");
            rest(between);
            repaired.push_str(between);
            repaired.push_str(fixed);
            last = *end;
        }
        let tail = text
            .get(last..word_end)
            .expect("a word ends after its pieces");
        rest(tail);
        repaired.push_str(tail);
        if rest_ascii || !rest_of_codec && looks_right(&repaired) {
            kept.extend(word);
        }
    }
    kept
}

/// The whitespace-separated word of `text` around the run
/// `text[start..end]` (the words, when the run holds spaces), as a byte
/// range.
fn word_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let run = text.get(start..end).expect("runs are character ranges");
    let head = text
        .get(..start)
        .expect("runs start on character boundaries");
    // A run that starts with a space starts its words.
    let word_start = if run.starts_with(separates_words) {
        start
    } else {
        head.char_indices()
            .rev()
            .find(|&(_, c)| separates_words(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    (word_start, word_end_after(text, start, end))
}

/// The end of the last whitespace-separated word of `text` that the run
/// `text[start..end]` touches.
fn word_end_after(text: &str, start: usize, end: usize) -> usize {
    let run = text.get(start..end).expect("runs are character ranges");
    // A run that ends with a space ends its words.
    if run.ends_with(separates_words) {
        return end;
    }
    let tail = text.get(end..).expect("runs end on character boundaries");
    tail.char_indices()
        .find(|&(_, c)| separates_words(c))
        .map_or(text.len(), |(i, _)| end + i)
}

/// Whether `c` separates the words of [`words`] (a no-break space may be
/// mojibake's own byte A0).
fn separates_words(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}'
}

/// The characters of `text` that some codec of [`CHARMAP_ENCODINGS`]
/// cannot encode: those that are not ASCII, and U+001A (which the sloppy
/// codecs do not encode). Each with its byte range and
/// [`codecs::charmap_mask`]; every other character is ASCII, which all
/// the codecs encode as itself.
fn special_chars(text: &str) -> Vec<(usize, usize, u16)> {
    let bytes = text.as_bytes();
    // One for each byte that starts a non-ASCII character, or is 1A.
    let n = bytes.iter().filter(|&&b| b >= 0xC0 || b == 0x1A).count();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    loop {
        // Skip the ASCII but U+001A.
        let skip = bytes
            .get(i..)
            .unwrap_or_default()
            .iter()
            .position(|&b| b >= 0x80 || b == 0x1A);
        let Some(c) = skip.and_then(|skip| text.get(i + skip..)?.chars().next()) else {
            return out;
        };
        let start = i + skip.unwrap_or_default();
        let end = start + c.len_utf8();
        out.push((start, end, codecs::charmap_mask(c)));
        i = end;
    }
}

/// Byte ranges of the maximal runs of characters the codec
/// `CHARMAP_ENCODINGS[k]` can encode that contain a non-ASCII character,
/// in a text of `len` bytes whose [`special_chars`] are `specials`.
fn encodable_runs(len: usize, specials: &[(usize, usize, u16)], k: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut non_ascii = false;
    for &(i, end, mask) in specials {
        if mask & (1 << k) == 0 {
            // A character the codec cannot encode ends the run.
            if non_ascii {
                runs.push((start, i));
            }
            start = end;
            non_ascii = false;
        } else {
            // Only U+001A is one byte long.
            non_ascii |= end - i > 1;
        }
    }
    if non_ascii {
        runs.push((start, len));
    }
    runs
}

/// Whether `piece`, all of whose characters `CHARMAP_ENCODINGS[k]`
/// encodes, has bytes in that codec that no UTF-8 decoder reads, whatever
/// ftfy's byte-level fixes (`restore_byte_a0` and
/// `replace_lossy_sequences`) make of them: then re-encoding it is
/// pointless. Those fixes only rewrite matches that start with a lead byte
/// (C2 to F4) or byte 1A, and only touch spaces, `?` and bytes 1A, 80 to
/// BF; so a continuation byte (80 to BF) right after another ASCII byte or
/// at the start, and a byte of C0 or more right before another ASCII byte
/// or at the end, stay where they are, and no decoder accepts them.
fn hopeless(piece: &str, k: usize) -> bool {
    let mut previous: Option<u8> = None;
    for c in piece.chars() {
        let byte = codecs::charmap_byte(c, k);
        let fatal = match previous {
            None => (0x80..=0xBF).contains(&byte),
            Some(p) => fatal_pair(p, byte),
        };
        if fatal {
            return true;
        }
        previous = Some(byte);
    }
    previous.is_some_and(|b| b >= 0xC0)
}

/// Whether the byte `n` right after `p` rules out UTF-8 whatever the
/// byte-level fixes do (see [`hopeless`]).
fn fatal_pair(p: u8, n: u8) -> bool {
    let special = |b: u8| matches!(b, b' ' | b'?' | 0x1A);
    (p < 0x80 && !special(p) && (0x80..=0xBF).contains(&n))
        || (p >= 0xC0 && n < 0x80 && !special(n))
}

/// Whether some codec of [`CHARMAP_ENCODINGS`] writes a stretch of `text`
/// as a whole UTF-8 sequence beyond ASCII: a lead byte (C2 to F4) and as
/// many continuation bytes (80 to BF) as it needs, where a space may stand
/// for byte A0 after the lead bytes of ftfy's `restore_byte_a0` (not in
/// Mac Roman, where that fix does not run). Without one, no piece of
/// `text` re-encodes into a character beyond ASCII in any of these codecs,
/// but `�` for bytes that `replace_lossy_sequences` gives up on: the span
/// repair, which needs letters, and the lone-sequence repair (whose codecs
/// are among these), which needs a dash, a symbol or a letter, have
/// nothing to decode.
pub(crate) fn has_utf8_sequence(text: &str) -> bool {
    utf8_sequence_codecs(text, true) != 0
}

/// The codecs of [`CHARMAP_ENCODINGS`] (bit `k` for `CHARMAP_ENCODINGS[k]`)
/// that write a stretch of `text` as a whole UTF-8 sequence (see
/// [`has_utf8_sequence`]); with `first`, only those of the first character
/// that ends one, enough to tell whether there is any.
fn utf8_sequence_codecs(text: &str, first: bool) -> u16 {
    // The codecs whose bytes so far open a sequence that needs one, two or
    // three more continuation bytes, and those of them whose sequence's
    // lead lets a space stand for A0.
    let (mut need1, mut need2, mut need3, mut a0_open) = (0u16, 0u16, 0u16, 0u16);
    let mut found = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if need1 | need2 | need3 == 0 {
            // ASCII opens no sequence.
            match bytes
                .get(i..)
                .and_then(|rest| rest.iter().position(|&b| b >= 0x80))
            {
                Some(skip) => i += skip,
                None => return found,
            }
        }
        let b0 = *bytes
            .get(i)
            .expect("`i` is within the text: past ASCII or a whole character");
        let roles = match b0 {
            b' ' => codecs::Utf8Roles {
                cont: a0_open,
                ..codecs::Utf8Roles::NONE
            },
            0..=0x7F => codecs::Utf8Roles::NONE,
            _ => {
                let (cp, len) = crate::utf8::decode_at(bytes, i, b0);
                i += len - 1;
                codecs::utf8_roles(cp)
            }
        };
        i += 1;
        found |= need1 & roles.cont;
        if first && found != 0 {
            return found;
        }
        // The codecs whose sequence goes on; the others start again here.
        let going_on = (need2 | need3) & roles.cont;
        let again = !going_on;
        need1 = (need2 & roles.cont) | (roles.lead[0] & again);
        need2 = (need3 & roles.cont) | (roles.lead[1] & again);
        need3 = roles.lead[2] & again;
        a0_open = (a0_open & going_on) | (roles.a0_lead & again);
    }
    found
}

/// Byte ranges of the whitespace-separated words of `text` that contain a
/// non-ASCII character.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // The start of the word, and whether it has a non-ASCII character yet.
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let space = separates_words(c);
        match (space, start) {
            (false, None) => start = Some((i, !c.is_ascii())),
            (false, Some((s, false))) if !c.is_ascii() => start = Some((s, true)),
            (true, Some((s, non_ascii))) => {
                if non_ascii {
                    out.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some((s, true)) = start {
        out.push((s, text.len()));
    }
    out
}

/// ftfy's whole-text repair for text that [`is_bad`] passes but that shows
/// word-shape evidence (the caller checks both); taken only when the result
/// looks right.
pub(crate) fn fix_isolated(text: &str, options: &EncodingOptions) -> Option<(String, Vec<Step>)> {
    if text.is_ascii() {
        return None;
    }
    let options = options.ftfy_only();
    CHARMAP_ENCODINGS
        .into_iter()
        .filter(|&codec| codecs::possible_encoding(text, codec))
        .filter_map(|codec| reencode_with(text, codec, &options))
        .find(|(fixed, _)| {
            fixed != text && looks_right(fixed) && repair_is_convincing(text, fixed, Decoding::Utf8)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_codecs_in_the_same_call() {
        // Latin-1 encodes `Łódź, Kraków` of the garbled Polish, and
        // Windows-1252 (sloppy) the words before it too, with its undefined
        // byte 81: one call repairs them, and ftfy's fragment repair takes
        // the dash. Latin-1 is not tried on its own, as each of its runs is
        // in one of Windows-1252 with the same bytes; with a C1 control
        // that Windows-1252 lacks, it is.
        let specials = |text: &str| special_chars(text);
        assert!(latin1_runs_within_1252(&specials("Å\u{81}Ã³dÅº")));
        assert!(!latin1_runs_within_1252(&specials("Å\u{85}Ã³dÅº")));
        let polish = "Zażółć gęślą jaźń — Łódź, Kraków";
        let garbled = crate::codecs::decode(
            &crate::codecs::encode(polish, Codec::Utf8).unwrap(),
            Codec::SloppyWindows1252,
        )
        .unwrap();
        let line = format!("Müller & Söhne GmbH — Straße 12, München | {garbled}");
        let once = decode_mojibake_spans(&line);
        assert!(once.contains("Zażółć gęślą jaźń") && once.ends_with("Łódź, Kraków"));
        let explained = crate::Fixer::default().fix_and_explain(&line);
        assert_eq!(
            explained.text,
            format!("Müller & Söhne GmbH — Straße 12, München | {polish}")
        );
        assert_eq!(
            crate::plan_to_string(&explained.steps),
            "[('apply', 'decode_mojibake_spans'), ('apply', 'decode_inconsistent_utf8')]"
        );
    }

    #[test]
    fn mixed_line_is_repaired_word_by_word() {
        assert_eq!(
            decode_mojibake_spans("PUERTO BOYACÁ, BoyacÃ¡"),
            "PUERTO BOYACÁ, Boyacá"
        );
        assert_eq!(decode_mojibake_spans("Ð¼Ð¸Ñ€ и мир"), "мир и мир");
        // Over several rounds of the encoding loop, with lost A0 bytes
        // restored.
        assert_eq!(
            crate::fix_encoding("أكثر Ù…Ù† Ù Ù Ù¡ Ø¨Ù„Ø¯"),
            "أكثر من ٠٠١ بلد"
        );
    }

    #[test]
    fn runs_cut_out_of_a_word_are_not_read_alone() {
        // A clean `é` keeps the line from decoding as a whole. Mac Roman
        // encodes only pieces of the fullwidth word (`Œï`), which read as
        // Greek and Cyrillic letters (`Ε`, `ѕ`); Windows-1252 reads the
        // whole word.
        let line = "é ï½†ï½•ï½Œï½Œï½—ï½‰ï½„ï½”ï½ˆ";
        assert_eq!(crate::fix_encoding(line), "é ｆｕｌｌｗｉｄｔｈ");
        assert_eq!(
            crate::fix_text("Tom | â…« ï½†ï½•ï½Œï½Œï½—ï½‰ï½„ï½”ï½ˆ text"),
            "Tom | Ⅻ fullwidth text"
        );
        // The pieces of one word are judged together (`В«` and `В»`), and a
        // run that starts with a space starts its word.
        assert_eq!(
            crate::fix_encoding("аҭыӡҭыԥ В«%sВ» Р°РµР»РµРјРµРЅС‚"),
            "аҭыӡҭыԥ «%s» аелемент"
        );
        // Only ASCII joins `CafÃ©` to the rest of its word.
        assert_eq!(
            crate::fix_encoding("“CafÃ©” 日本Ã© Привет"),
            "“Café” 日本é Привет"
        );
        // A word whose other characters of the codec stay as they are is
        // not its mojibake: Mac Roman reads `Îçê` as UTF-8 for `덐`, but
        // not the `á`, `ò`, `ñ` of the same name, styled with accents.
        for line in ["ÎçêÐrágòñ", "ÏçêÐemøn", "≈Ålesundłódź±5%Ёлка"] {
            assert_eq!(crate::fix_encoding(line), line);
        }
    }

    #[test]
    fn clean_lines_stay() {
        // `MISUTÂ\u{a0}AJIKKO` is left to ftfy, which decodes it (one of its
        // known false positives).
        for text in ["SÃO PAULO", "ÂNGELO", "café crème", "Привет", "¿Qué?"] {
            assert_eq!(decode_mojibake_spans(text), text);
        }
    }

    #[test]
    fn isolated_mojibake() {
        let options = EncodingOptions::default();
        let fixed = |t: &str| fix_isolated(t, &options).map(|(f, _)| f);
        assert_eq!(fixed("le mГ©dicament").as_deref(), Some("le médicament"));
        assert_eq!(fixed("al pi√π presto").as_deref(), Some("al più presto"));
        assert_eq!(
            fixed("┬┐que diferencia hay?").as_deref(),
            Some("¿que diferencia hay?")
        );
        // No evidence, no repair: the caller's gate.
        assert_eq!(crate::fix_encoding("Paris–Berlin"), "Paris–Berlin");
    }

    #[test]
    fn hopeless_pieces_never_reencode() {
        let options = EncodingOptions::default().ftfy_only();
        let lines = [
            include_str!("../../benches/data/web_lines.txt"),
            include_str!("../../benches/data/short_lines.txt"),
            include_str!("../../benches/data/mojibake.txt"),
            // Lost A0 bytes, lossy sequences and the UTF-8 variants.
            "Ã  la carte, Ã s vezes, â€ ok, Ã? no, Ã\u{fffd} x, Ã\u{ad}\u{1a} y, Ã\u{80} z\n",
            "Ã¡ ?Ã©? Ã© Ã íÃ© ã, í \u{ad}, í\u{a0}½ í°€ Ã\u{80}",
        ];
        let (mut ruled_out, mut tried) = (0, 0);
        for text in lines.concat().lines() {
            let specials = special_chars(text);
            for (k, codec) in CHARMAP_ENCODINGS.into_iter().enumerate() {
                let mut pieces = encodable_runs(text.len(), &specials, k);
                pieces.extend(words(text).into_iter().filter(|&(s, e)| {
                    text.get(s..e)
                        .is_some_and(|w| codecs::possible_encoding(w, codec))
                }));
                for (s, e) in pieces {
                    let piece = &text[s..e];
                    tried += 1;
                    if hopeless(piece, k) {
                        ruled_out += 1;
                        assert!(
                            reencode_with(piece, codec, &options).is_none(),
                            "{piece:?} in {codec}"
                        );
                    }
                }
            }
        }
        // The test rules out most pieces, not none.
        assert!(2 * ruled_out > tried, "{ruled_out} of {tried}");
        assert!(hopeless("naïve", 0));
        assert!(!hopeless("cafÃ©", 0));
    }

    #[test]
    fn runs_and_words() {
        let text = "ab€cd é";
        assert_eq!(
            encodable_runs(text.len(), &special_chars(text), 0),
            vec![(5, 10)]
        );
        // The runs are those of every character's mask.
        let naive = |text: &str, k: usize| {
            let mut runs = Vec::new();
            let mut run: Option<(usize, bool)> = None;
            for (i, c) in text.char_indices().chain([(text.len(), '\u{1a}')]) {
                let encodes = i < text.len() && codecs::charmap_mask(c) & (1 << k) != 0;
                run = match (run, encodes) {
                    (None, true) => Some((i, !c.is_ascii())),
                    (Some((s, n)), true) => Some((s, n || !c.is_ascii())),
                    (Some((s, true)), false) => {
                        runs.push((s, i));
                        None
                    }
                    (_, false) => None,
                };
            }
            runs
        };
        let lines = [
            include_str!("../../benches/data/web_lines.txt"),
            include_str!("../../benches/data/mojibake.txt"),
            "\u{1a}é\u{1a}a\u{1a}€中\u{1a}\n中\né\n\u{1a}\n",
        ];
        for text in lines.concat().lines() {
            for k in 0..CHARMAP_ENCODINGS.len() {
                let specials = special_chars(text);
                assert_eq!(
                    encodable_runs(text.len(), &specials, k),
                    naive(text, k),
                    "{text:?}"
                );
            }
        }
        // Each character's mask agrees with encode_char.
        for c in "aé€ЖΩ√┬\u{1a}\u{fffd}\u{81}中".chars() {
            for (k, codec) in CHARMAP_ENCODINGS.into_iter().enumerate() {
                let encodes = codecs::encode_char(c, codec).is_some();
                assert_eq!(
                    codecs::charmap_mask(c) & (1 << k) != 0,
                    encodes,
                    "{c:?} {codec}"
                );
            }
        }
        assert_eq!(words(" a é b  ü"), vec![(3, 5), (9, 11)]);
        for text in lines.concat().lines().chain(["", "a", "a€", "€a1", "中"]) {
            let slow = text.chars().any(|c| !c.is_ascii() && c.is_alphabetic());
            assert_eq!(has_non_ascii_letter(text), slow, "{text:?}");
        }
    }

    #[test]
    fn utf8_sequences_in_some_codec() {
        // Whole sequences: Windows-1252 (`Ã©`), Windows-1251 (`Ñ–`, `РІ`),
        // a space for a lost A0 after `Ã`.
        for text in ["CafÃ©", "Ñ– «", "РІР°", "Ã la"] {
            assert!(has_utf8_sequence(text), "{text:?}");
        }
        // Clean text: leads with no continuation (`é` before ASCII), a lead
        // and too few continuations (`ні` is ED B3 in Windows-1251), a space
        // after a lead that `restore_byte_a0` leaves alone, and characters
        // no codec encodes.
        for text in [
            "Café au lait",
            "Müller & Söhne — Straße",
            "Терезені экранның",
            "plaît. |",
            "日本語 😀",
            "",
        ] {
            assert!(!has_utf8_sequence(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]

        /// The claim [`utf8_sequence_codecs`] makes, which the span repair
        /// and [`has_utf8_sequence`] rely on: when some piece of the text
        /// re-encodes, with ftfy's byte-level fixes, into anything beyond
        /// ASCII but `�` in a codec of ftfy's list, that codec is among
        /// those it gives.
        #[test]
        fn a_piece_that_decodes_holds_a_sequence(text in codec_text()) {
            let options = EncodingOptions::default();
            let found = utf8_sequence_codecs(&text, false);
            proptest::prop_assert_eq!(has_utf8_sequence(&text), found != 0);
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for &start in &starts {
                for end in starts.iter().copied().filter(|&e| e > start).chain([text.len()]) {
                    let piece = text.get(start..end).expect("character boundaries");
                    for (k, codec) in CHARMAP_ENCODINGS.into_iter().enumerate() {
                        let decodes = reencode_with(piece, codec, &options).is_some_and(|(fixed, _)| {
                            fixed.chars().any(|c| !c.is_ascii() && c != '\u{fffd}')
                        });
                        proptest::prop_assert!(
                            !decodes || found & (1 << k) != 0,
                            "{:?} as {}", piece, codec.name()
                        );
                    }
                }
            }
        }
    }

    /// Texts of one codec of ftfy's list, made of its bytes as a UTF-8
    /// decoder sees them: leads, continuations, the ASCII that ftfy's
    /// byte-level fixes read, and bytes no sequence uses.
    fn codec_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let byte = prop_oneof![
            0xC2..=0xF4u8,
            0x80..=0xBFu8,
            Just(b' '),
            Just(b'?'),
            Just(0x1A),
            Just(b'a'),
            0xF5..=0xFFu8,
        ];
        (
            0..CHARMAP_ENCODINGS.len(),
            proptest::collection::vec(byte, 1..8),
        )
            .prop_map(|(k, bytes)| {
                let codec = CHARMAP_ENCODINGS
                    .get(k)
                    .copied()
                    .expect("k is an index of the list");
                bytes
                    .into_iter()
                    .filter_map(|b| codecs::decode_byte(b, codec))
                    .collect()
            })
    }
}
