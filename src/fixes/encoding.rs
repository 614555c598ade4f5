//! Mojibake repair: ftfy's `fix_encoding` and the fixers it relies on.
//!
//! One repair step (ftfy's `_fix_encoding_one_step_and_explain`) works like
//! this:
//!
//! 1. ASCII text, and text in which the [`is_bad`] heuristic finds nothing,
//!    is left alone. This gate is the main guard against false positives.
//! 2. For each single-byte codec in [`CHARMAP_ENCODINGS`], in order, that can
//!    encode the whole text: encode it, optionally restore bytes A0 that
//!    became spaces ([`restore_byte_a0`]) and collapse sequences that lost
//!    bytes to `�` ([`replace_lossy_sequences`]), then decode the bytes as
//!    strict UTF-8 (or ftfy's `utf-8-variants` when bytes ED or C0 occur). The
//!    first decode that succeeds is the answer; candidates are not scored.
//! 3. Otherwise repair the UTF-8 fragments that stand out on their own
//!    ([`decode_inconsistent_utf8`]).
//! 4. Otherwise, Latin-1 text with C1 controls is read as Windows-1252, and
//!    finally single C1 controls are replaced ([`fix_c1_controls`]).
//!
//! [`fix_encoding_and_explain`](crate::fix_encoding_and_explain) repeats the step until the text stops
//! changing, so nested layers of mojibake come off one per round.
//!
//! Deviations from ftfy: the configuration's sub-options are honoured on
//! every path, including the recursive repair inside
//! [`decode_inconsistent_utf8`] (ftfy falls back to its defaults there and
//! whenever no explanation is asked for); and a `fix_c1_controls` step that
//! changes nothing is not recorded in the plan (ftfy records it).
//!
//! [`is_bad`]: crate::is_bad
//! [`CHARMAP_ENCODINGS`]: crate::codecs::CHARMAP_ENCODINGS

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::bytes::Regex as BytesRegex;
use regex::Regex;

use crate::badness::is_bad;
use crate::codecs::{self, Codec, CHARMAP_ENCODINGS};
use crate::config::Config;
use crate::fixes::FixId;
use crate::plan::Step;
use crate::plausibility::has_anomaly;

/// The sub-options of the encoding repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EncodingOptions {
    pub(crate) restore_byte_a0: bool,
    pub(crate) replace_lossy_sequences: bool,
    pub(crate) decode_inconsistent_utf8: bool,
    pub(crate) fix_c1_controls: bool,
    pub(crate) fix_mixed_lines: bool,
    pub(crate) fix_single_byte_mixups: bool,
    pub(crate) fix_cjk_mojibake: bool,
}

impl From<&Config> for EncodingOptions {
    fn from(config: &Config) -> Self {
        EncodingOptions {
            restore_byte_a0: config.restore_byte_a0,
            replace_lossy_sequences: config.replace_lossy_sequences,
            decode_inconsistent_utf8: config.decode_inconsistent_utf8,
            fix_c1_controls: config.fix_c1_controls,
            fix_mixed_lines: config.fix_mixed_lines,
            fix_single_byte_mixups: config.fix_single_byte_mixups,
            fix_cjk_mojibake: config.fix_cjk_mojibake,
        }
    }
}

impl EncodingOptions {
    /// Whether any repair beyond ftfy's is on.
    pub(crate) fn beyond_ftfy(&self) -> bool {
        self.fix_mixed_lines || self.fix_single_byte_mixups || self.fix_cjk_mojibake
    }

    /// The same options with the repairs beyond ftfy's off.
    pub(crate) fn ftfy_only(&self) -> EncodingOptions {
        EncodingOptions {
            fix_mixed_lines: false,
            fix_single_byte_mixups: false,
            fix_cjk_mojibake: false,
            ..*self
        }
    }
}

impl Default for EncodingOptions {
    fn default() -> Self {
        EncodingOptions::from(&Config::default())
    }
}

/// Byte patterns where an ASCII space stands for a lost byte A0 inside a
/// UTF-8 sequence (ftfy's `ALTERED_UTF8_RE`).
static ALTERED_UTF8_RE: LazyLock<Option<BytesRegex>> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9] |[\xe2\xe3] [\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf] |\xf0 [\x80-\xbf][\x80-\xbf]|\xf0[\x80-\xbf] [\x80-\xbf]|\xf0[\x80-\xbf][\x80-\xbf] ",
    )
    .ok()
});

/// UTF-8 sequences that lost a byte to `?` or to byte 1A, which the sloppy
/// codecs use for `�` (ftfy's `LOSSY_UTF8_RE`).
static LOSSY_UTF8_RE: LazyLock<Option<BytesRegex>> = LazyLock::new(|| {
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
    .ok()
});

/// A bracketed regex class of every character whose UTF-8 clue flags
/// include `flag`.
fn clue_class(flag: u8) -> String {
    let mut class = String::from("[");
    for c in (0u32..=0xFFFF).filter_map(char::from_u32) {
        if codecs::utf8_clue(c) & flag != 0 {
            class.push_str(&format!("\\x{{{:x}}}", c as u32));
        }
    }
    class.push(']');
    class
}

/// Runs of characters that look like UTF-8 decoded as a single-byte codec
/// (ftfy's `UTF8_DETECTOR_RE` without its look-behind, which
/// [`utf8_fragments`] checks by hand).
static UTF8_DETECTOR_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let first2 = clue_class(codecs::CLUE_FIRST2);
    let first3 = clue_class(codecs::CLUE_FIRST3);
    let first4 = clue_class(codecs::CLUE_FIRST4);
    let cont = clue_class(codecs::CLUE_CONT);
    Regex::new(&format!(
        "(?:{first2}{cont}|{first3}{cont}{{2}}|{first4}{cont}{{3}})+"
    ))
    .ok()
});

/// The byte ranges of the UTF-8 fragments in `text`, in order: matches of
/// the detector that do not directly follow a strict continuation character.
fn utf8_fragments(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let Some(re) = UTF8_DETECTOR_RE.as_ref() else {
        return found;
    };
    let mut pos = 0;
    while let Some(m) = re.find_at(text, pos) {
        let start = m.start();
        let follows_strict = text
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|prev| codecs::utf8_clue(prev) & codecs::CLUE_CONT_STRICT != 0);
        if follows_strict {
            // The look-behind fails here; try from the next character.
            let step = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            pos = start + step;
        } else {
            found.push((start, m.end()));
            pos = m.end();
        }
        if pos > text.len() {
            break;
        }
    }
    found
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
    let Some(re) = ALTERED_UTF8_RE.as_ref() else {
        return out;
    };
    if !re.is_match(&out) {
        return out;
    }
    let replaced = re.replace_all(&out, |caps: &regex::bytes::Captures<'_>| {
        caps.get(0)
            .map(|m| {
                m.as_bytes()
                    .iter()
                    .map(|&b| if b == b' ' { 0xA0 } else { b })
                    .collect::<Vec<u8>>()
            })
            .unwrap_or_default()
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
    match LOSSY_UTF8_RE.as_ref() {
        Some(re) => re.replace_all(bytes, "\u{fffd}".as_bytes()),
        None => Cow::Borrowed(bytes),
    }
}

/// Replaces each C1 control character (U+0080 to U+009F) with the character
/// Windows-1252 has for that byte, as HTML5 does (ftfy's `fix_c1_controls`).
/// The five bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) stay.
///
/// ```
/// use unmojibake::fixes::fix_c1_controls;
/// assert_eq!(fix_c1_controls("\u{93}quoted\u{94}"), "“quoted”");
/// assert_eq!(fix_c1_controls("\u{81}"), "\u{81}");
/// ```
pub fn fix_c1_controls(text: &str) -> Cow<'_, str> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(is_c1) {
        return Cow::Borrowed(text);
    }
    let fixed: String = text
        .chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(b) if is_c1(c) => codecs::decode_byte(b, Codec::SloppyWindows1252).unwrap_or(c),
            _ => c,
        })
        .collect();
    if fixed == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(fixed)
    }
}

/// Repairs UTF-8 mojibake fragments one by one, for text that does not
/// decode as a whole (ftfy's `decode_inconsistent_utf8`). Each fragment
/// shorter than the whole text that looks bad on its own is repaired with
/// [`fix_encoding`](crate::fix_encoding).
///
/// ```
/// use unmojibake::fixes::decode_inconsistent_utf8;
/// assert_eq!(decode_inconsistent_utf8("Ã¡ and Ã©, but not ×"), "á and é, but not ×");
/// ```
pub fn decode_inconsistent_utf8(text: &str) -> Cow<'_, str> {
    decode_inconsistent_utf8_with(text, &EncodingOptions::default())
}

pub(crate) fn decode_inconsistent_utf8_with<'a>(
    text: &'a str,
    options: &EncodingOptions,
) -> Cow<'a, str> {
    // ftfy's step, with ftfy's repair inside it.
    let options = &options.ftfy_only();
    let fragments = utf8_fragments(text);
    let mut out = String::new();
    let mut last = 0;
    let mut changed = false;
    for (start, end) in fragments {
        let Some(fragment) = text.get(start..end) else {
            continue;
        };
        if fragment.len() < text.len() && is_bad(fragment) {
            let (fixed, _) = fix_encoding_and_explain(fragment, options);
            if fixed != fragment {
                out.push_str(text.get(last..start).unwrap_or_default());
                out.push_str(&fixed);
                last = end;
                changed = true;
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(last..).unwrap_or_default());
    Cow::Owned(out)
}

/// Encodes `text` with a single-byte `codec` and tries to read the bytes as
/// UTF-8, recording the steps. `None` when the bytes are not UTF-8.
pub(crate) fn try_reencode(
    text: &str,
    codec: Codec,
    options: &EncodingOptions,
) -> Option<(String, Vec<Step>)> {
    let mut bytes: Cow<'_, [u8]> = Cow::Owned(codecs::encode(text, codec).ok()?);
    let mut steps = vec![Step::Encode(codec)];
    if options.restore_byte_a0
        && codec != Codec::MacRoman
        && ALTERED_UTF8_RE
            .as_ref()
            .is_some_and(|re| re.is_match(&bytes))
    {
        if let Cow::Owned(restored) = restore_byte_a0(&bytes) {
            if *restored != *bytes {
                steps.push(Step::Transcode(FixId::RestoreByteA0));
                bytes = Cow::Owned(restored);
            }
        }
    }
    if options.replace_lossy_sequences && codec.name().starts_with("sloppy") {
        if let Cow::Owned(replaced) = replace_lossy_sequences(&bytes) {
            if *replaced != *bytes {
                steps.push(Step::Transcode(FixId::ReplaceLossySequences));
                bytes = Cow::Owned(replaced);
            }
        }
    }
    let decoder = if memchr::memchr2(0xED, 0xC0, &bytes).is_some() {
        Codec::Utf8Variants
    } else {
        Codec::Utf8
    };
    let fixed = codecs::decode(&bytes, decoder).ok()?;
    steps.push(Step::Decode(decoder));
    Some((fixed, steps))
}

/// One round of the encoding repair. Returns the new text and its steps, or
/// `None` when this round changes nothing.
fn fix_encoding_one_step(text: &str, options: &EncodingOptions) -> Option<(String, Vec<Step>)> {
    if text.is_ascii() {
        return None;
    }
    if !is_bad(text) {
        return beyond_ftfy_step(text, false, options);
    }
    let mut latin1_possible = false;
    for codec in CHARMAP_ENCODINGS {
        if !codecs::possible_encoding(text, codec) {
            continue;
        }
        latin1_possible |= codec == Codec::Latin1;
        if let Some(found) = try_reencode(text, codec, options) {
            // ftfy returns the first successful decoding, even one that
            // changes nothing; the caller's loop then stops.
            return (found.0 != text).then_some(found);
        }
    }
    if options.fix_mixed_lines {
        // Before ftfy's fragment repair, which would take pieces of the
        // line this repair can decode whole.
        if let Cow::Owned(fixed) = super::mixed::decode_mojibake_spans_with(text, options) {
            return Some((fixed, vec![Step::Apply(FixId::DecodeMojibakeSpans)]));
        }
    }
    if options.decode_inconsistent_utf8 {
        if let Cow::Owned(fixed) = decode_inconsistent_utf8_with(text, options) {
            return Some((fixed, vec![Step::Apply(FixId::DecodeInconsistentUtf8)]));
        }
    }
    if let Some(found) = beyond_ftfy_step(text, true, options) {
        return Some(found);
    }
    if latin1_possible {
        let as_1252 = codecs::encode(text, Codec::Latin1)
            .ok()
            .and_then(|bytes| codecs::decode(&bytes, Codec::Windows1252).ok());
        if let Some(fixed) = as_1252 {
            if fixed != text {
                return Some((
                    fixed,
                    vec![
                        Step::Encode(Codec::Latin1),
                        Step::Decode(Codec::Windows1252),
                    ],
                ));
            }
        }
    }
    if options.fix_c1_controls {
        if let Cow::Owned(fixed) = fix_c1_controls(text) {
            return Some((fixed, vec![Step::Transcode(FixId::FixC1Controls)]));
        }
    }
    None
}

/// The repairs beyond ftfy, each when its option is on, after ftfy's own
/// re-encoding and `decode_inconsistent_utf8` found nothing and before its
/// C1-control fallbacks; `bad` says whether [`is_bad`] matched.
fn beyond_ftfy_step(
    text: &str,
    bad: bool,
    options: &EncodingOptions,
) -> Option<(String, Vec<Step>)> {
    if !options.beyond_ftfy() {
        return None;
    }
    if options.fix_cjk_mojibake {
        if let Some(found) = super::mixups::cjk_mojibake(text) {
            return Some(found);
        }
    }
    // The word-shape evidence, computed once and only when needed.
    let mut evidence_cache: Option<bool> = None;
    let mut evidence = || *evidence_cache.get_or_insert_with(|| has_anomaly(text));
    // For bad text, ftfy's loop has already tried the span repair.
    if options.fix_mixed_lines && !bad && evidence() {
        if let Some(found) = super::mixed::fix_isolated(text, options) {
            return Some(found);
        }
        if let Cow::Owned(fixed) = super::mixed::decode_spans(text, options, false, true) {
            return Some((fixed, vec![Step::Apply(FixId::DecodeMojibakeSpans)]));
        }
    }
    if options.fix_single_byte_mixups {
        if let Some(found) = super::mixups::single_byte_mixup(text, evidence) {
            return Some(found);
        }
    }
    None
}

/// Whether a repair beyond ftfy may change `text` although ftfy's own
/// repair (and the fast path of [`scan`](crate::scan)) would leave it: the
/// pre-tests of the CJK repair and of the word-shape evidence.
pub(crate) fn beyond_ftfy_may_apply(text: &str, options: &EncodingOptions) -> bool {
    if !options.beyond_ftfy() || text.is_ascii() {
        return false;
    }
    (options.fix_cjk_mojibake && super::mixups::cjk_may_apply(text))
        || ((options.fix_mixed_lines || options.fix_single_byte_mixups)
            && crate::plausibility::has_anomaly(text))
}

/// The whole encoding repair: one-step rounds until nothing changes.
pub(crate) fn fix_encoding_and_explain<'a>(
    text: &'a str,
    options: &EncodingOptions,
) -> (Cow<'a, str>, Vec<Step>) {
    let mut steps = Vec::new();
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    while let Some((fixed, round)) = fix_encoding_one_step(&current, options) {
        steps.extend(round);
        current = Cow::Owned(fixed);
    }
    (current, steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> String {
        fix_encoding_and_explain(text, &EncodingOptions::default())
            .0
            .into_owned()
    }

    #[test]
    fn single_layer() {
        assert_eq!(fix("CafÃ©"), "Café");
        assert_eq!(fix("Ð¿Ñ€Ð¸Ð²ÐµÑ‚"), "привет");
        assert_eq!(fix("Hereâ€™s"), "Here’s");
    }

    #[test]
    fn nested_layers_come_off_one_per_round() {
        let (fixed, steps) = fix_encoding_and_explain("CafÃƒÂ©", &EncodingOptions::default());
        assert_eq!(fixed, "Café");
        assert_eq!(steps.len(), 4);
    }

    #[test]
    fn clean_text_is_borrowed() {
        let (fixed, steps) = fix_encoding_and_explain("naïve café", &EncodingOptions::default());
        assert!(matches!(fixed, Cow::Borrowed(_)));
        assert!(steps.is_empty());
    }

    #[test]
    fn restore_byte_a0_exceptions() {
        // Before "s " and "quele" the space itself is the lost A0 ("às").
        assert_eq!(&*restore_byte_a0(b"\xc3 s "), b"\xc3\xa0s ");
        assert_eq!(&*restore_byte_a0(b"\xc3 quele"), b"\xc3\xa0quele");
        assert_eq!(&*restore_byte_a0(b"\xc3 la"), b"\xc3\xa0 la");
        assert_eq!(&*restore_byte_a0(b"no change"), b"no change");
    }

    #[test]
    fn lossy_sequences() {
        assert_eq!(&*replace_lossy_sequences(b"\xc3?"), "\u{fffd}".as_bytes());
        assert_eq!(
            &*replace_lossy_sequences(b"a\x1ab"),
            "a\u{fffd}b".as_bytes()
        );
        assert_eq!(
            &*replace_lossy_sequences(b"\xf0\x9f\x1a\x80"),
            "\u{fffd}".as_bytes()
        );
    }

    #[test]
    fn detector_look_behind() {
        // "â€" after a strict continuation character is not a fragment start.
        let frags = utf8_fragments("Ã©");
        assert_eq!(frags, vec![(0, 4)]);
        assert!(utf8_fragments("plain").is_empty());
    }

    #[test]
    fn c1_via_latin1_to_windows1252() {
        let (fixed, steps) =
            fix_encoding_and_explain("\u{93}hi\u{94}", &EncodingOptions::default());
        assert_eq!(fixed, "“hi”");
        assert_eq!(
            steps,
            vec![
                Step::Encode(Codec::Latin1),
                Step::Decode(Codec::Windows1252)
            ]
        );
    }

    #[test]
    fn options_switch_steps_off() {
        let options = EncodingOptions {
            fix_c1_controls: false,
            ..EncodingOptions::default()
        };
        // U+0081 is undefined in Windows-1252, so only fix_c1_controls could act.
        let (_, steps) = fix_encoding_and_explain("\u{81}\u{93}", &options);
        assert!(!steps.contains(&Step::Transcode(FixId::FixC1Controls)));
    }
}
