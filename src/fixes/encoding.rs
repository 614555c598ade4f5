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
//!    finally single C1 controls are replaced ([`fix_c1_controls`](super::fix_c1_controls)).
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

use crate::badness::{is_bad, is_bad_near};
use crate::codecs::{self, Codec, CHARMAP_ENCODINGS};
use crate::config::{Config, EncodingOptions};
use crate::plausibility::legacy_runs::legacy_may_apply;
use crate::plausibility::model::changed_stretch;
use crate::plausibility::{has_word_anomaly, is_plausible};
use crate::step::{FixId, Step};
use std::borrow::Cow;
use std::cell::Cell;

use super::mixups::{cyrillic_or_greek_mixup, single_byte_mixup};
use super::reencode::try_reencode;
pub use super::reencode::{replace_lossy_sequences, restore_byte_a0};

/// The byte ranges of the UTF-8 fragments in `text`, in order: the matches
/// of ftfy's `UTF8_DETECTOR_RE`, found in one pass.
///
/// At each character the expression's look-behind is checked (the previous
/// character must not be a strict continuation), then its body is matched
/// greedily, trying the two-, three- and four-byte alternatives in that
/// order at each repetition, as a backtracking matcher does (nothing
/// follows the repetition, so it never backtracks into it). A match ends
/// where the next search starts; where nothing matches, the search moves on
/// by one character. Each character is looked at a bounded number of times,
/// so long runs of clue characters cost linear time.
fn utf8_fragments(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    // Byte by byte, with no table of the whole text: ASCII (no clue but
    // the space's continuation) is passed over in runs, and a character is
    // decoded only where a fragment may start or go on, once.
    let mut clues = Clues::new(text);
    let mut at = 0;
    // Whether the character before `at` is a strict continuation (the
    // look-behind); ASCII never is.
    let mut after_strict = false;
    while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
        let ascii = rest
            .iter()
            .position(|&b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            at += ascii;
            after_strict = false;
            continue;
        }
        let (flags, next) = clues.at(at);
        if after_strict || flags & FIRST_ANY == 0 {
            after_strict = flags & codecs::CLUE_CONT_STRICT != 0;
            at = next;
            continue;
        }
        // The body, repeated as often as it matches.
        let mut end = at;
        let mut last = flags;
        while let Some((after, last_flags)) = clues.fragment_step(end) {
            end = after;
            last = last_flags;
        }
        if end > at {
            found.push((at, end));
            at = end;
            after_strict = last & codecs::CLUE_CONT_STRICT != 0;
        } else {
            after_strict = flags & codecs::CLUE_CONT_STRICT != 0;
            at = next;
        }
    }
    found
}

/// The clue flags of the characters of a text, each decoded once as the
/// search moves on: the last one looked up is kept, since a fragment's
/// test reads the character after a lead, where the search goes next.
struct Clues<'t> {
    text: &'t str,
    /// The byte of the last character looked up (`usize::MAX`: none yet),
    /// its flags and the byte after it.
    last: (usize, u8, usize),
}

impl<'t> Clues<'t> {
    fn new(text: &'t str) -> Self {
        Clues {
            text,
            last: (usize::MAX, 0, 0),
        }
    }

    /// The clue flags of the character at byte `at` and the byte after
    /// it; at the end of the text, no flags.
    fn at(&mut self, at: usize) -> (u8, usize) {
        if self.last.0 != at {
            let found = match self.text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) => (codecs::utf8_clue(c), at + c.len_utf8()),
                None => (0, at),
            };
            self.last = (at, found.0, found.1);
        }
        (self.last.1, self.last.2)
    }

    /// One repetition of the body of ftfy's `UTF8_DETECTOR_RE` at byte
    /// `at`: a lead character and the continuation characters it needs,
    /// the two-, three- and four-byte alternatives tried in that order.
    /// Returns the byte after it and the clue flags of its last character,
    /// or `None`.
    fn fragment_step(&mut self, at: usize) -> Option<(usize, u8)> {
        let (flags, after_lead) = self.at(at);
        for (first, continuations) in [
            (codecs::CLUE_FIRST2, 1),
            (codecs::CLUE_FIRST3, 2),
            (codecs::CLUE_FIRST4, 3),
        ] {
            if flags & first == 0 {
                continue;
            }
            let mut end = after_lead;
            let mut last = flags;
            let mut taken = 0;
            while taken < continuations {
                let (cont, next) = self.at(end);
                if cont & codecs::CLUE_CONT == 0 {
                    break;
                }
                end = next;
                last = cont;
                taken += 1;
            }
            if taken == continuations {
                return Some((end, last));
            }
        }
        None
    }
}

/// The clue flags a fragment can start with.
const FIRST_ANY: u8 = codecs::CLUE_FIRST2 | codecs::CLUE_FIRST3 | codecs::CLUE_FIRST4;

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
    repair_fragments(text, options).0
}

/// [`decode_inconsistent_utf8_with`], and whether each fragment it
/// replaced is the whole of a run of characters beyond ASCII (with the
/// fragments it touches): that no character beyond ASCII stays glued to a
/// repaired fragment (`Ð` and `þ` around `Å¼` in GBK bytes `ÐÅ¼þ`, or the
/// clean Cyrillic letters before `гі ` read as a fragment).
fn repair_fragments<'a>(text: &'a str, options: &EncodingOptions) -> (Cow<'a, str>, bool) {
    // ftfy's step, with ftfy's repair inside it.
    let options = &options.ftfy_only();
    let bytes = text.as_bytes();
    let ascii_at = |i: usize| bytes.get(i).map_or(true, u8::is_ascii);
    let fragments = utf8_fragments(text);
    let mut out = String::new();
    let mut last = 0;
    let mut changed = false;
    // Whether every replaced fragment so far starts a run, and where the
    // last one ended if the character there is beyond ASCII (it must then
    // be the start of the next replaced fragment).
    let mut whole = true;
    let mut glued_end: Option<usize> = None;
    for (start, end) in fragments {
        let fragment = text
            .get(start..end)
            .expect("fragments start and end at characters");
        if fragment.len() < text.len() && is_bad(fragment) {
            let (fixed, _) = fix_encoding_and_explain(fragment, options);
            if fixed != fragment {
                let after_replaced = glued_end.take() == Some(start);
                whole &= after_replaced || start == 0 || ascii_at(start - 1);
                glued_end = (!ascii_at(end)).then_some(end);
                out.push_str(
                    text.get(last..start)
                        .expect("fragments are disjoint and in order"),
                );
                out.push_str(&fixed);
                last = end;
                changed = true;
            }
        }
    }
    if !changed {
        return (Cow::Borrowed(text), false);
    }
    out.push_str(text.get(last..).expect("fragments end at characters"));
    (Cow::Owned(out), whole && glued_end.is_none())
}

/// One round of the encoding repair. Returns the new text, its steps
/// appended to `steps`, or `None` when this round changes nothing (`steps`
/// then as it was). `scratch` is a buffer for the encoded bytes, reused
/// from round to round, and `spare` a string whose buffer the result may
/// take. `hint` is where the pipeline's scan stopped in `text`, if known
/// (see [`is_bad_near`]; any value gives the same result).
fn fix_encoding_one_step(
    text: &str,
    options: &EncodingOptions,
    scratch: &mut Vec<u8>,
    steps: &mut Vec<Step>,
    hint: Option<usize>,
    spare: &mut String,
) -> Option<String> {
    // The ASCII the text starts with is the same in every codec.
    let ascii_len = codecs::ascii_run(text.as_bytes(), false);
    if ascii_len == text.len() {
        return None;
    }
    let bad = match hint {
        Some(hint) => is_bad_near(text, hint),
        None => is_bad(text),
    };
    if !bad {
        return beyond_ftfy_step(text, false, options).map(|found| with_steps(found, steps));
    }
    // One pass tells which codecs can encode the text, and encodes it with
    // the first of them.
    let (possible, first) = codecs::encode_first(text, scratch);
    if let Some((first, first_flags)) = first {
        for (k, &codec) in CHARMAP_ENCODINGS.iter().enumerate().skip(first) {
            if possible & (1 << k) == 0 {
                continue;
            }
            let flags = if k == first {
                first_flags
            } else {
                // `scratch` holds an encoding of the text, or a prefix of
                // one at least `ascii_len` long.
                let no_sub = codecs::rules_out_sub(possible);
                match codecs::encode_charmap_into(text, k, scratch, ascii_len, no_sub) {
                    Some(flags) => flags,
                    None => continue,
                }
            };
            let before = steps.len();
            if let Some(fixed) = try_reencode(codec, options, scratch, flags, steps, spare) {
                // ftfy returns the first successful decoding, even one that
                // changes nothing; the caller's loop then stops.
                if fixed == text {
                    steps.truncate(before);
                    keep_larger(spare, fixed);
                    return None;
                }
                return Some(fixed);
            }
        }
    }
    let fragments = match complete_fragment_repair(text, options) {
        Ok(fixed) => {
            steps.push(Step::Apply(FixId::DecodeInconsistentUtf8));
            return Some(fixed);
        }
        Err(fragments) => fragments,
    };
    // A lone sequence that fits where it stands, before the legacy, span and
    // fragment repairs, which would read a piece of it (`Çª` of `ΓÇª`, cp437
    // for `…`, as Windows-1252 for `Ǫ`).
    if options.beyond_ftfy() && options.fix_lone_sequences {
        if let Some(found) = super::lone::lone_sequences(text) {
            return Some(with_steps(found, steps));
        }
    }
    // Before the span repair and ftfy's fragment repair, which would take
    // pieces of legacy bytes for UTF-8 (`³ÐÅµ` into `³Ðŵ`) and of UTF-8
    // read as cp1258 for Windows-1252 (`CĂ³ buá»™c`).
    if options.fix_legacy_bytes {
        if let Some(found) = super::legacy::legacy_bytes(text) {
            return Some(with_steps(found, steps));
        }
    }
    // A whole line in another single-byte code page, before the span and
    // fragment repairs, which would explain a few of its characters: `Â `,
    // Bulgarian `В ` in Windows-1251 read as 1252, is also UTF-8 of a
    // no-break space whose last byte became a space.
    if options.beyond_ftfy() && options.fix_single_byte_mixups {
        if let Some(found) = cyrillic_or_greek_mixup(text) {
            return Some(with_steps(found, steps));
        }
    }
    // Before ftfy's fragment repair, which would take pieces of a run or a
    // word this repair can decode whole.
    if let Some(fixed) = spans_or_fragments(text, options, steps, fragments) {
        return Some(fixed);
    }
    if let Some(fixed) = beyond_ftfy_step(text, true, options) {
        return Some(with_steps(fixed, steps));
    }
    // Latin-1 is the first codec of the list.
    let latin1_possible = possible & 1 != 0;
    if latin1_possible {
        let as_1252 = codecs::encode(text, Codec::Latin1)
            .ok()
            .and_then(|bytes| codecs::decode(&bytes, Codec::Windows1252).ok());
        if let Some(fixed) = as_1252 {
            if fixed != text {
                steps.push(Step::Encode(Codec::Latin1));
                steps.push(Step::Decode(Codec::Windows1252));
                return Some(fixed);
            }
        }
    }
    if options.fix_c1_controls {
        if let Cow::Owned(fixed) = super::controls::fix_c1_controls(text) {
            steps.push(Step::Transcode(FixId::FixC1Controls));
            return Some(fixed);
        }
    }
    None
}

/// ftfy's fragment repair (`decode_inconsistent_utf8`), ftfy's next step
/// on a bad text that no codec decodes as a whole, taken before the
/// repairs beyond ftfy that otherwise go first (lone sequences, legacy
/// bytes, Cyrillic or Greek read as Windows-1252, spans) when it leaves
/// them nothing to read: its result must
/// look right (no badness, not even a pair the scan would look at, and no
/// word-shape doubt in the words it changed; the others are the input's
/// own, for the next round), each fragment it replaced must be a whole run of
/// characters beyond ASCII (nothing glued to it, as in legacy bytes or a
/// clean word it cut into), and no UTF-8 sequence of any codec of ftfy's
/// list or pair of high characters of legacy bytes may be left. Those
/// repairs go first because they read some lines better than the fragment
/// repair does; on a line it repairs whole they have nothing to add, and
/// the span repair, the dearest, would run only to find the same text.
///
/// `Ok` with the repaired text to take it; otherwise `Err` with the
/// fragment repair's result when it was computed, for
/// [`spans_or_fragments`].
fn complete_fragment_repair<'a>(
    text: &'a str,
    options: &EncodingOptions,
) -> Result<String, Option<Cow<'a, str>>> {
    if !(options.beyond_ftfy() && options.fix_mixed_lines && options.decode_inconsistent_utf8) {
        return Err(None);
    }
    let (fragments, whole_runs) = repair_fragments(text, options);
    let legacy_left = |fixed: &str| options.fix_legacy_bytes && legacy_may_apply(fixed);
    let complete = |fixed: &str| {
        whole_runs
            && !crate::scan::may_be_bad(fixed)
            && !super::mixed::has_utf8_sequence(fixed)
            && !legacy_left(fixed)
            && is_plausible(changed_stretch(text, fixed))
    };
    match fragments {
        Cow::Owned(fixed) if complete(&fixed) => Ok(fixed),
        other => Err(Some(other)),
    }
}

/// The span repair (when on), then ftfy's fragment repair,
/// `decode_inconsistent_utf8` (when on), on a bad text that no codec
/// decodes as a whole: the first that changes the text, its step appended
/// to `steps`. `fragments` is the fragment repair's result, if
/// [`complete_fragment_repair`] computed it.
fn spans_or_fragments<'a>(
    text: &'a str,
    options: &EncodingOptions,
    steps: &mut Vec<Step>,
    mut fragments: Option<Cow<'a, str>>,
) -> Option<String> {
    // ftfy's fragment repair, the next step: computed (if it was not)
    // when the span repair first has a candidate, which is taken unjudged
    // when it is the same text (see `decode_spans`), and explained as
    // ftfy's step.
    if options.fix_mixed_lines {
        // Only a candidate with no badness left is compared: one that needs
        // more rounds is seldom what the fragment repair, which reads every
        // fragment at once, makes of the text, and the comparison would cost
        // that repair. (Only a change counts: a candidate that changes
        // nothing is never taken.)
        let mut ftfy_next = |out: &str| {
            options.decode_inconsistent_utf8
                && !is_bad(out)
                && matches!(
                    fragments.get_or_insert_with(|| decode_inconsistent_utf8_with(text, options)),
                    Cow::Owned(next) if next.as_str() == out
                )
        };
        if let Cow::Owned(fixed) =
            super::mixed::decode_spans(text, options, true, true, &mut ftfy_next)
        {
            let step = if matches!(&fragments, Some(Cow::Owned(next)) if *next == fixed) {
                FixId::DecodeInconsistentUtf8
            } else {
                FixId::DecodeMojibakeSpans
            };
            steps.push(Step::Apply(step));
            return Some(fixed);
        }
    }
    if options.decode_inconsistent_utf8 {
        let fragments = fragments.unwrap_or_else(|| decode_inconsistent_utf8_with(text, options));
        if let Cow::Owned(fixed) = fragments {
            steps.push(Step::Apply(FixId::DecodeInconsistentUtf8));
            return Some(fixed);
        }
    }
    None
}

/// The text of a round's result, its steps appended to `steps`.
fn with_steps((fixed, round): (String, Vec<Step>), steps: &mut Vec<Step>) -> String {
    steps.extend(round);
    fixed
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
    // First: a lone sequence that fits where it stands is the narrowest
    // reading of a line; the whole-text repairs would read its characters
    // as another code page's (`Γ£¿`, cp437 for `✨`, read as Windows-1253
    // for `ã¿`).
    if options.fix_lone_sequences {
        if let Some(found) = super::lone::lone_sequences(text) {
            return Some(found);
        }
    }
    if options.fix_cjk_mojibake {
        if let Some(found) = super::mixups::cjk_mojibake(text) {
            return Some(found);
        }
    }
    // The word-shape evidence, computed once and only when needed.
    let mut evidence_cache: Option<bool> = None;
    let mut evidence = || *evidence_cache.get_or_insert_with(|| has_word_anomaly(text));
    // Both repairs act only on text that `is_bad` passes (for bad text,
    // ftfy's loop has already tried the span repair) and that shows
    // word-shape evidence; each has its own switch.
    if (options.fix_isolated_words || options.fix_mixed_lines) && !bad && evidence() {
        if options.fix_isolated_words {
            if let Some(found) = super::mixed::fix_isolated(text, options) {
                return Some(found);
            }
        }
        if options.fix_mixed_lines {
            if let Cow::Owned(fixed) =
                super::mixed::decode_spans(text, options, false, true, &mut |_| false)
            {
                return Some((fixed, vec![Step::Apply(FixId::DecodeMojibakeSpans)]));
            }
        }
    }
    // Before the single-byte repair, which reads a line of GBK as
    // Windows-1251 (`ÐÅÍû°®` into `РЕНы°®`); for bad text, it was tried
    // before ftfy's fragment repair.
    if options.fix_legacy_bytes && !bad {
        if let Some(found) = super::legacy::legacy_bytes(text) {
            return Some(found);
        }
    }
    // (For bad text, Cyrillic or Greek read as Windows-1252 was tried
    // before the span and fragment repairs, on text of Latin-1 words; text
    // with other word-shape evidence is tried here.)
    if options.fix_single_byte_mixups {
        if let Some(found) = single_byte_mixup(text, evidence) {
            return Some(found);
        }
    }
    None
}

/// Keeps in `spare` the larger of two string buffers whose text is no
/// longer needed, for the result of a later repair: then most results
/// need no allocation (lines differ in length; the larger buffer grows
/// less often).
fn keep_larger(spare: &mut String, other: String) {
    if other.capacity() > spare.capacity() {
        *spare = other;
    }
}

/// The whole encoding repair: one-step rounds until nothing changes.
pub(crate) fn fix_encoding_and_explain<'a>(
    text: &'a str,
    options: &EncodingOptions,
) -> (Cow<'a, str>, Vec<Step>) {
    let mut steps = Vec::new();
    let (text, _) = with_buffers(|buffers| {
        fix_encoding_in_pipeline(text, options, None, Some(&mut steps), None, buffers, &mut 0)
    });
    (text, steps)
}

/// Buffers reused from text to text, so that repairing a line allocates
/// little: a [`LineFixer`](crate::LineFixer) keeps its own, other callers
/// those of their thread ([`with_buffers`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Buffers {
    /// The encoded bytes.
    encoded: Vec<u8>,
    /// The steps of a repair whose plan is not kept.
    unkept: Vec<Step>,
    /// A string whose buffer the next result may take: the larger of those
    /// handed back (see [`keep_larger`]).
    spare: String,
}

impl Buffers {
    /// Hands back a result of [`fix_encoding_in_pipeline`] that the caller
    /// has copied out: its buffer may serve a later repair.
    pub(crate) fn recycle(&mut self, done: String) {
        keep_larger(&mut self.spare, done);
    }
}

thread_local! {
    /// The [`Buffers`] of a thread. Taken while in use (a nested repair
    /// finds them empty and allocates its own).
    static SCRATCH: Cell<Buffers> = const {
        Cell::new(Buffers {
            encoded: Vec::new(),
            unkept: Vec::new(),
            spare: String::new(),
        })
    };
}

/// Runs `f` with the [`Buffers`] of this thread.
pub(crate) fn with_buffers<T>(f: impl FnOnce(&mut Buffers) -> T) -> T {
    let mut buffers = take_buffers();
    let result = f(&mut buffers);
    give_back_buffers(buffers);
    result
}

/// Takes the [`Buffers`] of this thread (leaving empty ones), for a caller
/// that repairs many texts.
pub(crate) fn take_buffers() -> Buffers {
    SCRATCH.with(Cell::take)
}

/// Gives [`Buffers`] back to this thread, for the next caller.
pub(crate) fn give_back_buffers(buffers: Buffers) {
    SCRATCH.with(|cell| cell.set(buffers));
}

/// Where the encoding repair, with the repairs beyond ftfy that its options
/// turn on, may change a text: the scan under the configuration with only
/// that repair on, which holds ftfy's badness pairs and the pre-tests of
/// every repair beyond ftfy but one, and that one's own test (the Mac
/// Roman reading of the single-byte repair). `None` means the repair would
/// change nothing: a text dirty only for the steps after it (curly quotes,
/// full-width forms, `\r\n`) need not go through it.
#[derive(Clone, Debug)]
pub(crate) struct EncodingScan {
    /// The pipeline's configuration with only the encoding repair on.
    config: Config,
    /// The pre-tests the repairs beyond ftfy need (those of the options it
    /// was made with, which are the encoding loop's too).
    checks: crate::scan::BeyondChecks,
    /// Whether the single-byte repair, and so its Mac Roman reading, is on.
    mac_roman: bool,
}

impl EncodingScan {
    pub(crate) fn new(config: &Config, options: &EncodingOptions) -> EncodingScan {
        EncodingScan {
            config: config.clone().only_the_encoding_repair(),
            checks: crate::scan::BeyondChecks::of(options),
            mac_roman: options.fix_single_byte_mixups,
        }
    }

    /// Where the encoding repair may first change `text` (`None`: it would
    /// change nothing), given where the pipeline's scan stopped in it, `at`
    /// (`None`: unknown). A stop that is the encoding repair's own is
    /// taken as it is.
    pub(crate) fn first_dirty(&self, text: &str, at: Option<usize>) -> Option<usize> {
        match at {
            Some(at) if !crate::scan::maybe_later_steps_only(text, at) => Some(at),
            // (Every repair leaves ASCII as it is.)
            _ if text.is_ascii() => None,
            _ => crate::scan::first_dirty_beyond(text, &self.config, self.checks).or_else(|| {
                (self.mac_roman && super::mixups::enough_mac_roman_places(text)).then_some(0)
            }),
        }
    }
}

/// [`fix_encoding_and_explain`] inside the pipeline of `config` (which has
/// the encoding repair on), appending the steps to `steps` when a plan is
/// kept: after a round that changed the text, a text that
/// [`is_clean`](crate::scan::is_clean) under `config` ends the repair,
/// since the next round would find nothing bad in it, and so does one in
/// which the [`EncodingScan`] that comes with `config` finds nothing (it
/// is dirty for the later steps alone). The second value says whether the
/// first happened: then no later step of the pipeline changes the text
/// either. `hint` is where the scan under `config` stopped in
/// `text`, if known (any value gives the same result). `buffers` are
/// those of the caller. `rounds` counts the rounds that changed the text,
/// over every call for one segment (the pipeline's passes each make one):
/// once it reaches [`MAX_LEGACY_ROUNDS`](super::legacy::MAX_LEGACY_ROUNDS),
/// the legacy repair is off.
pub(crate) fn fix_encoding_in_pipeline<'a>(
    text: &'a str,
    options: &EncodingOptions,
    config: Option<(&Config, &EncodingScan)>,
    steps: Option<&mut Vec<Step>>,
    hint: Option<usize>,
    buffers: &mut Buffers,
    rounds: &mut usize,
) -> (Cow<'a, str>, bool) {
    let Buffers {
        encoded: scratch,
        unkept,
        spare,
    } = buffers;
    let steps = match steps {
        Some(list) => list,
        None => &mut *unkept,
    };
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    let mut clean = false;
    let mut hint = hint;
    // The options of each round: once `MAX_SPAN_ROUNDS` rounds of this
    // call have changed the text, the span repair is off; once
    // `MAX_LEGACY_ROUNDS` of the segment's have, the legacy repair.
    let mut round_options = *options;
    let legacy_bound = |options: &mut EncodingOptions, rounds: usize| {
        if rounds >= super::legacy::MAX_LEGACY_ROUNDS {
            options.fix_legacy_bytes = false;
        }
    };
    legacy_bound(&mut round_options, *rounds);
    let mut span_rounds = 0;
    while let Some(fixed) =
        fix_encoding_one_step(&current, &round_options, scratch, steps, hint, spare)
    {
        span_rounds += 1;
        if span_rounds >= super::mixed::MAX_SPAN_ROUNDS {
            round_options.fix_mixed_lines = false;
        }
        *rounds += 1;
        legacy_bound(&mut round_options, *rounds);
        // The text of the round before is no longer needed: its buffer
        // may serve the next round.
        if let Cow::Owned(before) = std::mem::replace(&mut current, Cow::Owned(fixed)) {
            keep_larger(spare, before);
        }
        // One pass for the scan and the pre-tests beyond ftfy; where it
        // stops is the next round's hint.
        let Some((config, encoding_scan)) = config else {
            hint = None;
            continue;
        };
        let Some(dirty) = crate::scan::first_dirty_beyond(&current, config, encoding_scan.checks)
        else {
            clean = true;
            break;
        };
        // Dirty for the later steps alone (`“Café”` once repaired): the
        // next round would find nothing.
        hint = encoding_scan.first_dirty(&current, Some(dirty));
        if hint.is_none() {
            break;
        }
    }
    unkept.clear();
    (current, clean)
}

#[cfg(test)]
mod tests {
    use super::super::reencode::{
        altered_utf8_matches, lossy_may_match, ALTERED_UTF8_RE, LOSSY_UTF8_RE,
    };
    use super::*;
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

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

    /// ftfy's `UTF8_DETECTOR_RE` without its look-behind: the reference
    /// [`utf8_fragments`] is checked against.
    static UTF8_DETECTOR_RE: LazyLock<Regex> = LazyLock::new(|| {
        let first2 = clue_class(codecs::CLUE_FIRST2);
        let first3 = clue_class(codecs::CLUE_FIRST3);
        let first4 = clue_class(codecs::CLUE_FIRST4);
        let cont = clue_class(codecs::CLUE_CONT);
        Regex::new(&format!(
            "(?:{first2}{cont}|{first3}{cont}{{2}}|{first4}{cont}{{3}})+"
        ))
        .expect("the character classes are valid and the expression is small")
    });

    /// The fragments as the detector expression finds them, the look-behind
    /// checked by retrying one character further.
    fn utf8_fragments_by_regex(text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let re = &*UTF8_DETECTOR_RE;
        let mut pos = 0;
        while let Some(m) = re.find_at(text, pos) {
            let start = m.start();
            let follows_strict = text[..start]
                .chars()
                .next_back()
                .is_some_and(|prev| codecs::utf8_clue(prev) & codecs::CLUE_CONT_STRICT != 0);
            if follows_strict {
                pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
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

    /// Characters with every combination of clue flags, and neighbours.
    fn clue_alphabet() -> Vec<char> {
        let mut set: Vec<char> = "a Z.?".chars().collect();
        let mut seen = std::collections::BTreeSet::new();
        for c in (0x80u32..0x2600).filter_map(char::from_u32) {
            let f = codecs::utf8_clue(c);
            if seen.insert(f) || "ÃÂâ€™ƒ©ðÐÑŸœ‚".contains(c) {
                set.push(c);
            }
        }
        set
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn fragments_agree_with_the_expression(
            chars in proptest::collection::vec(proptest::sample::select(clue_alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(utf8_fragments(&text), utf8_fragments_by_regex(&text), "{:?}", text);
        }

        #[test]
        fn byte_prechecks_agree_with_the_expressions(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                0x20u8, b'?', b'a', 0x1A, 0x80, 0x85, 0x9F, 0xA0, 0xA1, 0xAF, 0xB0, 0xBF,
                0xC2, 0xC3, 0xC4, 0xC5, 0xCE, 0xD0, 0xD9, 0xDF, 0xE0, 0xE2, 0xE3, 0xE4,
                0xED, 0xEF, 0xF0, 0xF4, 0xF5,
            ]), 0..12)
        ) {
            let altered = ALTERED_UTF8_RE.is_match(&bytes);
            prop_assert_eq!(altered_utf8_matches(&bytes), altered, "{:x?}", bytes);
            if LOSSY_UTF8_RE.is_match(&bytes) {
                prop_assert!(lossy_may_match(&bytes), "{:x?}", bytes);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn encoder_flags_cover_the_byte_prechecks(
            chars in proptest::collection::vec(proptest::sample::select(
                " a?\u{1a}\u{80}\u{85}\u{9f}\u{a0}\u{a1}\u{af}\u{b0}\u{bf}ÂÃÄÅÎÐÙßàáâãäíðÿ€œšž™РСТЎЉ╚═ÇüΓΟ"
                    .chars()
                    .collect::<Vec<_>>()
            ), 0..12)
        ) {
            let text: String = chars.into_iter().collect();
            for k in 0..CHARMAP_ENCODINGS.len() {
                let mut bytes = Vec::new();
                if let Some(flags) = codecs::encode_charmap_into(&text, k, &mut bytes, 0, false) {
                    if altered_utf8_matches(&bytes) {
                        prop_assert!(flags.space_may_be_a0, "{:?} {:x?}", text, bytes);
                    }
                    if lossy_may_match(&bytes) {
                        prop_assert!(flags.sub || flags.question_after_high, "{:?} {:x?}", text, bytes);
                    }
                }
            }
        }
    }

    #[test]
    fn long_clue_runs() {
        // Long runs of clue characters, some after a strict continuation
        // (every start refused by the look-behind).
        for text in [
            format!("D{}", "ƒÃ".repeat(300)),
            format!("{}}}<|D{}", "Ãƒ".repeat(300), "ƒÃ".repeat(300)),
            format!("{}‚‚‚", "Ã".repeat(300)),
        ] {
            assert_eq!(utf8_fragments(&text), utf8_fragments_by_regex(&text));
        }
    }

    #[test]
    fn a_span_repair_that_ftfy_would_make_is_ftfy_s_step() {
        let explain = |text: &str| {
            let (fixed, steps) = fix_encoding_and_explain(text, &EncodingOptions::default());
            (fixed.into_owned(), steps)
        };
        // One word of one code page beside clean text: the span repair's
        // candidate is what ftfy's fragment repair makes of the line, so
        // the line is repaired and explained as ftfy would.
        let (fixed, steps) = explain("naïve CafÃ© au lait");
        assert_eq!(fixed, "naïve Café au lait");
        assert_eq!(steps, vec![Step::Apply(FixId::DecodeInconsistentUtf8)]);
        // Windows-1251, which the fragment repair does not read: the span
        // repair's own step.
        let (fixed, steps) = explain("мир и РјРёСЂ");
        assert_eq!(fixed, "мир и мир");
        assert_eq!(steps, vec![Step::Apply(FixId::DecodeMojibakeSpans)]);
        // The plans replay.
        for text in ["naïve CafÃ© au lait", "мир и РјРёСЂ"] {
            let explained = crate::fix_and_explain(text);
            assert_eq!(
                crate::apply_plan(text, &explained.steps).unwrap(),
                explained.text
            );
        }
    }

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
    fn fragments_that_are_whole_runs() {
        let options = EncodingOptions::default();
        let whole = |text: &'static str| repair_fragments(text, &options);
        // Each repaired fragment is a run of its own, or touches only
        // other repaired fragments.
        assert_eq!(
            whole("Müller & SÃ¶hne â€” StraÃŸe"),
            ("Müller & Söhne — Straße".into(), true)
        );
        // GBK bytes: `Å¼` is UTF-8 for `ż`, glued to `Ð` and `þ`.
        assert_eq!(whole("Mail: ÐÅ¼þ"), ("Mail: Ðżþ".into(), false));
        // Nothing repaired: no answer either way.
        assert_eq!(whole("Café"), ("Café".into(), false));
    }

    #[test]
    fn a_complete_fragment_repair_goes_first() {
        let options = EncodingOptions::default();
        // The whole line is the fragment repair's, as ftfy's step.
        let (fixed, steps) =
            fix_encoding_and_explain("Zażółć gęślą | MÃ¼ller â€” StraÃŸe", &options);
        assert_eq!(fixed, "Zażółć gęślą | Müller — Straße");
        assert_eq!(steps, vec![Step::Apply(FixId::DecodeInconsistentUtf8)]);
        // Not where it is glued to legacy bytes, which the legacy repair
        // reads, or where it cuts into a clean word (`гі ` of `төменгі `,
        // which Windows-1251 and a restored A0 would read as `㳠`).
        assert_eq!(crate::fix_encoding("Mail: ÐÅ¼þ"), "Mail: 信件");
        let kazakh = "төменгі С€РµС‚С–РЅРµ Р¶С‹Р»Р¶С‹С‚Сѓ";
        assert_eq!(crate::fix_encoding(kazakh), "төменгі шетіне жылжыту");
    }

    #[test]
    fn a_whole_line_in_cyrillic_goes_before_the_fragment_repair() {
        // Bulgarian `В ` in Windows-1251 read as 1252 is `Â `, which the
        // fragment repair would take for a no-break space whose last byte
        // became a space.
        let options = EncodingOptions::default();
        let (fixed, steps) =
            fix_encoding_and_explain("Â ìîìåíòà ñå èçâúðøâà îòáèðàíå íà ïîäàâàíèÿ.", &options);
        assert_eq!(fixed, "В момента се извършва отбиране на подавания.");
        assert_eq!(
            steps,
            vec![
                Step::Encode(Codec::SloppyWindows1252),
                Step::Decode(Codec::SloppyWindows1251)
            ]
        );
        // A bad line with other word-shape evidence (a symbol inside a
        // word, `Ïå÷àò`) is read after them, as before.
        assert_eq!(crate::fix_encoding("Ïå÷àò êúì LPR"), "Печат към LPR");
        // UTF-8 read as Windows-1252 stays the UTF-8 repairs', beside a
        // clean dash and around a replacement character.
        for (garbled, fixed) in [
            ("ÐšÐ°Ð´ÑŠÑ€ — PoerPoint 2007", "Кадър — PoerPoint 2007"),
            ("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€\u{FFFD}", "Привет мир\u{FFFD}"),
        ] {
            assert_eq!(crate::fix_encoding(garbled), fixed);
        }
        // With the single-byte repair off, ftfy's reading stands.
        let off = EncodingOptions {
            fix_single_byte_mixups: false,
            ..EncodingOptions::default()
        };
        let (fixed, _) = fix_encoding_and_explain("Â ìîìåíòà ñå", &off);
        assert_eq!(fixed, "\u{A0}ìîìåíòà ñå");
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
