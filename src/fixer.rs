//! The pipeline: ftfy's `fix_text`, `fix_and_explain` and `fix_encoding`.
//!
//! [`Fixer::fix`] cuts the text into segments (a line including its `\n`, or
//! at most `max_decode_length` code points of a longer line) and repairs each
//! with [`Fixer::fix_and_explain`], which runs the steps in ftfy's order and
//! repeats the whole pass until it changes nothing:
//!
//! `unescape_html`, the encoding repair, `fix_c1_controls`,
//! `fix_latin_ligatures`, `fix_character_width`, `uncurl_quotes`,
//! `fix_line_breaks`, `fix_surrogates`, `remove_terminal_escapes`,
//! `remove_control_chars`, normalization.
//!
//! The repeat is what peels multi-layer problems: uncurling a quote in one
//! pass can let the rest decode in the next.

use std::borrow::Cow;

use crate::config::EncodingOptions;
use crate::config::{Config, HtmlUnescape, NormalizationForm};
use crate::fixes::encoding;
use crate::fixes::{self, FixId};
use crate::normalize::normalize;
use crate::scan::{BeyondChecks, LaterSteps};
use crate::step::Step;

/// Repaired text together with the plan that produced it.
///
/// ```
/// use unmojibake::{fix_and_explain, Explained};
/// let Explained { text, steps } = fix_and_explain("naÃ¯ve");
/// assert_eq!(text, "naïve");
/// assert!(!steps.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Explained {
    /// The repaired text.
    pub text: String,
    /// The steps taken, replayable with [`apply_plan`](crate::apply_plan).
    pub steps: Vec<Step>,
}

/// A reusable text fixer with a fixed configuration.
///
/// ```
/// use unmojibake::{Config, Fixer};
/// let fixer = Fixer::new(Config::default().uncurl_quotes(false));
/// assert_eq!(fixer.fix("â€œmojibakeâ€\u{9d}"), "“mojibake”");
/// ```
#[derive(Clone, Debug)]
pub struct Fixer {
    config: Config,
    encoding: EncodingOptions,
    /// The scan's pre-tests for the repairs beyond ftfy that `config`
    /// turns on, worked out once rather than on every call.
    beyond: BeyondChecks,
    /// Where the encoding repair may change a text, whatever the later
    /// steps would.
    encoding_scan: encoding::EncodingScan,
}

/// Reads whether a step is switched on.
type Switch = fn(&Config) -> bool;

/// The text fixers that run after the encoding repair, in ftfy's order,
/// with the switch that enables each.
const LATER_FIXERS: [(FixId, Switch); 8] = [
    (FixId::FixC1Controls, |c| c.get_fix_c1_controls()),
    (FixId::FixLatinLigatures, |c| c.get_fix_latin_ligatures()),
    (FixId::FixCharacterWidth, |c| c.get_fix_character_width()),
    (FixId::UncurlQuotes, |c| c.get_uncurl_quotes()),
    (FixId::FixLineBreaks, |c| c.get_fix_line_breaks()),
    (FixId::FixSurrogates, |c| c.get_fix_surrogates()),
    (FixId::RemoveTerminalEscapes, |c| {
        c.get_remove_terminal_escapes()
    }),
    (FixId::RemoveControlChars, |c| c.get_remove_control_chars()),
];

impl Default for Fixer {
    fn default() -> Fixer {
        Fixer::new(Config::default())
    }
}

impl Fixer {
    /// Makes a fixer for `config`.
    ///
    /// ```
    /// use unmojibake::{Config, Fixer};
    /// let fixer = Fixer::new(Config::default());
    /// assert_eq!(fixer.fix("CafÃ©"), "Café");
    /// ```
    pub fn new(config: Config) -> Fixer {
        let encoding = EncodingOptions::from(&config);
        let beyond = if config.get_fix_encoding() {
            BeyondChecks::of(&encoding)
        } else {
            BeyondChecks::NONE
        };
        Fixer {
            encoding_scan: encoding::EncodingScan::new(&config, &encoding),
            config,
            encoding,
            beyond,
        }
    }

    /// The configuration this fixer applies.
    ///
    /// ```
    /// use unmojibake::{Config, Fixer};
    /// assert!(Fixer::new(Config::default()).config().get_uncurl_quotes());
    /// ```
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Repairs `text` segment by segment, as ftfy's `fix_text` does. Borrows
    /// exactly when nothing changes.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use unmojibake::Fixer;
    /// let fixer = Fixer::default();
    /// assert!(matches!(fixer.fix("clean text\n"), Cow::Borrowed(_)));
    /// assert_eq!(fixer.fix("l’humanitÃ©\nâ€œokâ€\u{9d}\n"), "l'humanité\n\"ok\"\n");
    /// ```
    pub fn fix<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // Most text needs nothing: one scan of the whole text, no segments.
        let Some(first) = self.first_dirty(text) else {
            return Cow::Borrowed(text);
        };
        let mut lines = self.line_fixer();
        // The first `<`, for HTML unescaping: one search, not one per line.
        let first_lt = if lines.looks_for_lt() {
            memchr::memchr(b'<', text.as_bytes())
        } else {
            None
        };
        let lt_before = |end: usize| first_lt.is_some_and(|lt| lt < end);
        let mut out: Option<String> = None;
        // Everything before `done` has been handled (copied to `out` if it
        // exists); `dirty` is where the next character that may need work
        // is, if any.
        let mut done = 0;
        let mut dirty = Some(first);
        while let Some(at) = dirty {
            // Skip the clean lines before the dirty one; a `<` in them still
            // switches HTML unescaping off.
            let bytes = text.as_bytes();
            let line_start = bytes
                .get(done..at)
                .and_then(crate::utf8::last_line_feed)
                .map_or(done, |i| done + i + 1);
            // The end of the line, and whether an `&` comes first: when
            // none does, the line has no character reference (the scan
            // would have stopped at one before `at`), which spares HTML
            // unescaping its own search.
            let after = bytes.get(at..).expect("the scan stops inside the text");
            let (line_end, amp) = match memchr::memchr2(b'\n', b'&', after) {
                Some(i) if after.get(i) == Some(&b'&') => {
                    let end = after
                        .get(i..)
                        .and_then(|b| memchr::memchr(b'\n', b))
                        .map_or(text.len(), |k| at + i + k + 1);
                    (end, true)
                }
                Some(i) => (at + i + 1, false),
                None => (text.len(), false),
            };
            let skipped = text
                .get(done..line_start)
                .expect("line starts are character boundaries");
            lines.saw_lt(lt_before(line_start));
            if let Some(buf) = &mut out {
                buf.push_str(skipped);
            }
            // The dirty line, segment by segment.
            let line = text
                .get(line_start..line_end)
                .expect("line starts and ends are character boundaries");
            // A line in one segment is the segment the scan stopped in (the
            // byte length bounds the number of characters).
            let whole_line = line.len() <= self.config.get_max_decode_length();
            // (The whole line without looking for its end again.)
            let cut = (!whole_line).then(|| segments(line, self.config.get_max_decode_length()));
            let pieces = whole_line.then_some((0, line.len())).into_iter();
            for (start, end) in pieces.chain(cut.into_iter().flatten()) {
                let segment = line
                    .get(start..end)
                    .expect("segments end on character boundaries");
                let fixed = if whole_line {
                    lines.saw_lt(lt_before(line_end));
                    lines.fix_dirty_segment(segment, at - line_start, !amp)
                } else {
                    lines.fix_segment(segment)
                };
                match (&mut out, fixed) {
                    (Some(buf), Cow::Borrowed(fixed)) => buf.push_str(fixed),
                    (Some(buf), Cow::Owned(fixed)) => {
                        buf.push_str(&fixed);
                        lines.recycle(fixed);
                    }
                    (None, Cow::Borrowed(_)) => {}
                    (None, Cow::Owned(fixed)) => {
                        let mut buf = String::with_capacity(text.len() + 16);
                        buf.push_str(
                            text.get(..line_start + start)
                                .expect("segments start on character boundaries"),
                        );
                        buf.push_str(&fixed);
                        lines.recycle(fixed);
                        out = Some(buf);
                    }
                }
            }
            done = line_end;
            dirty = text
                .get(done..)
                .and_then(|rest| self.first_dirty(rest))
                .map(|i| done + i);
        }
        match out {
            Some(mut buf) => {
                buf.push_str(
                    text.get(done..)
                        .expect("line ends are character boundaries"),
                );
                if buf == text {
                    Cow::Borrowed(text)
                } else {
                    Cow::Owned(buf)
                }
            }
            None => Cow::Borrowed(text),
        }
    }

    /// Repairs `text` as one segment and returns the plan, as ftfy's
    /// `fix_and_explain` does (no cutting into lines).
    ///
    /// ```
    /// use unmojibake::{plan_to_string, Fixer};
    /// let fixed = Fixer::default().fix_and_explain("â€œtest");
    /// assert_eq!(fixed.text, "\"test");
    /// assert_eq!(
    ///     plan_to_string(&fixed.steps),
    ///     "[('encode', 'sloppy-windows-1252'), ('decode', 'utf-8'), ('apply', 'uncurl_quotes')]"
    /// );
    /// ```
    pub fn fix_and_explain(&self, text: &str) -> Explained {
        let html = self.config.get_unescape_html() != HtmlUnescape::Never
            && !(self.config.get_unescape_html() == HtmlUnescape::Auto
                && memchr::memchr(b'<', text.as_bytes()).is_some());
        let mut steps = Vec::new();
        let text = encoding::with_buffers(|buffers| {
            self.fix_segment_inner(text, html, Some(&mut steps), buffers)
        });
        Explained {
            text: text.into_owned(),
            steps,
        }
    }

    /// Repairs only the encoding, as ftfy's `fix_encoding` does, with this
    /// fixer's encoding sub-options. Returns the text unchanged when
    /// `fix_encoding` is off.
    ///
    /// ```
    /// use unmojibake::Fixer;
    /// assert_eq!(Fixer::default().fix_encoding("â€œCafÃ©â€\u{9d}"), "“Café”");
    /// ```
    pub fn fix_encoding<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.fix_encoding_and_explain_inner(text).0
    }

    /// [`Fixer::fix_encoding`] with its plan.
    ///
    /// ```
    /// use unmojibake::Fixer;
    /// let fixed = Fixer::default().fix_encoding_and_explain("CafÃ©");
    /// assert_eq!(fixed.text, "Café");
    /// assert_eq!(fixed.steps.len(), 2);
    /// ```
    pub fn fix_encoding_and_explain(&self, text: &str) -> Explained {
        let (text, steps) = self.fix_encoding_and_explain_inner(text);
        Explained {
            text: text.into_owned(),
            steps,
        }
    }

    fn fix_encoding_and_explain_inner<'a>(&self, text: &'a str) -> (Cow<'a, str>, Vec<Step>) {
        if !self.config.get_fix_encoding() {
            return (Cow::Borrowed(text), Vec::new());
        }
        encoding::fix_encoding_and_explain(text, &self.encoding)
    }

    /// A stateful fixer for feeding a text segment by segment (see
    /// [`LineFixer`]).
    ///
    /// ```
    /// use unmojibake::Fixer;
    /// let fixer = Fixer::default();
    /// let mut lines = fixer.line_fixer();
    /// assert_eq!(lines.fix_segment("&amp;\n"), "&\n");
    /// assert_eq!(lines.fix_segment("<b>&amp;</b>\n"), "<b>&amp;</b>\n");
    /// assert_eq!(lines.fix_segment("&amp;\n"), "&amp;\n");
    /// ```
    pub fn line_fixer(&self) -> LineFixer<'_> {
        LineFixer {
            fixer: self,
            html: self.config.get_unescape_html() != HtmlUnescape::Never,
            // Those of the thread, given back when done: a text of one
            // line allocates none.
            buffers: encoding::take_buffers(),
        }
    }

    /// The fast path: `None` when no step, ftfy's or beyond, can change
    /// `text`; otherwise where the scan stopped, in the first line that
    /// may need work.
    pub(crate) fn first_dirty(&self, text: &str) -> Option<usize> {
        crate::scan::first_dirty_beyond(text, &self.config, self.beyond)
    }

    /// One segment through the whole pipeline, to a fixpoint (`buffers` as
    /// for [`fix_segment_pipeline`](Self::fix_segment_pipeline)).
    fn fix_segment_inner<'a>(
        &self,
        text: &'a str,
        html: bool,
        steps: Option<&mut Vec<Step>>,
        buffers: &mut encoding::Buffers,
    ) -> Cow<'a, str> {
        let Some(at) = self.first_dirty(text) else {
            return Cow::Borrowed(text);
        };
        let unescape = if html {
            Unescape::EveryPass
        } else {
            Unescape::Never
        };
        self.fix_segment_pipeline(text, unescape, steps, Some(at), buffers)
    }

    /// The pipeline, to a fixpoint, on a segment that did not pass the scan,
    /// which stopped at byte `hint` of it, if known (a hint for the encoding
    /// repair). `buffers` serve the encoding repair.
    fn fix_segment_pipeline<'a>(
        &self,
        text: &'a str,
        unescape: Unescape,
        mut steps: Option<&mut Vec<Step>>,
        hint: Option<usize>,
        buffers: &mut encoding::Buffers,
    ) -> Cow<'a, str> {
        let html = unescape != Unescape::Never;
        // Whether this pass unescapes.
        let mut unescape = unescape == Unescape::EveryPass;
        let config = &self.config;
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        let mut first_pass = true;
        // Where the scan stopped in `current`, if known: the badness test
        // of the encoding repair looks there first.
        let mut hint = hint;
        // Whether the encoding repair (with the repairs beyond ftfy) has
        // already left exactly `current` unchanged, so that only the scan
        // needs asking whether another pass would change it.
        let mut encoding_settled = false;
        // The rounds of the encoding repair that changed the text, over
        // all passes (see `fix_encoding_in_pipeline`).
        let mut encoding_rounds = 0;
        loop {
            // A pass over clean text would change nothing: skip the pass
            // that only confirms the fixpoint.
            if !std::mem::take(&mut first_pass) {
                let dirty = if encoding_settled {
                    crate::scan::first_dirty(&current, config)
                } else {
                    self.first_dirty(&current)
                };
                match dirty {
                    Some(at) => hint = Some(at),
                    None => return current,
                }
            }
            let mut changed = false;
            encoding_settled = false;
            if std::mem::replace(&mut unescape, html) {
                if let Cow::Owned(fixed) = fixes::unescape_html(&current) {
                    record(&mut steps, &mut changed, Step::Apply(FixId::UnescapeHtml));
                    current = Cow::Owned(fixed);
                    // Unescaped text is often clean (`caf&eacute;`): then
                    // the rest of this pass, and the next, would change
                    // nothing, and the repairs beyond ftfy need not try
                    // it one by one.
                    match self.first_dirty(&current) {
                        Some(at) => hint = Some(at),
                        None => return current,
                    }
                }
            }
            // A text dirty only for the later steps (curly quotes,
            // full-width forms, `\r\n`) skips the encoding repair, which
            // would change nothing; otherwise the encoding scan stops
            // nearer the mojibake than the pipeline's did.
            let encoding_dirty = config
                .get_fix_encoding()
                .then(|| self.encoding_scan.first_dirty(&current, hint));
            if encoding_dirty == Some(None) {
                encoding_settled = true;
            }
            if let Some(Some(at)) = encoding_dirty {
                let (fixed, clean) = encoding::fix_encoding_in_pipeline(
                    &current,
                    &self.encoding,
                    Some((config, &self.encoding_scan)),
                    steps.as_deref_mut(),
                    Some(at),
                    buffers,
                    &mut encoding_rounds,
                );
                if let Cow::Owned(fixed) = fixed {
                    changed = true;
                    current = Cow::Owned(fixed);
                    // Repaired mojibake is usually clean: then no later
                    // step, and no further pass, would change it.
                    if clean {
                        return current;
                    }
                } else {
                    encoding_settled = true;
                }
            }
            let later_changed;
            (current, later_changed) = run_later_steps(current, config, steps.as_deref_mut());
            if later_changed {
                changed = true;
                encoding_settled = false;
            }
            if !changed {
                return current;
            }
        }
    }
}

/// The steps after the encoding repair that `config` turns on, then its
/// normalization, on `text`: the new text, its steps appended to `steps`,
/// and whether any changed it. One pass
/// ([`later_steps`](crate::scan::later_steps)) finds the steps that may
/// change the text; the others, which would each search it for their
/// characters in vain, are skipped. After a step changes the text, the
/// steps that may change the new text are those of the old one and, for
/// a step that writes characters another step looks at, what it writes
/// ([`LaterSteps::after`]).
fn run_later_steps<'a>(
    text: Cow<'a, str>,
    config: &Config,
    mut steps: Option<&mut Vec<Step>>,
) -> (Cow<'a, str>, bool) {
    let mut current = text;
    let mut changed = false;
    let mut later: LaterSteps = crate::scan::later_steps(&current);
    for (fix, enabled) in LATER_FIXERS {
        if !enabled(config) || !later.may_change(fix) {
            continue;
        }
        if let Some(Cow::Owned(fixed)) = fixes::apply_text_fixer(fix, &current, config) {
            record(&mut steps, &mut changed, Step::Apply(fix));
            later = later.after(fix, &fixed);
            current = Cow::Owned(fixed);
        }
    }
    // NFC leaves a text alone unless the pass found where it may not.
    let normalization = config
        .get_normalization()
        .filter(|&form| form != NormalizationForm::Nfc || later.nfc_may_change());
    if let Some(form) = normalization {
        if let Cow::Owned(fixed) = normalize(&current, form) {
            record(&mut steps, &mut changed, Step::Normalize(form));
            current = Cow::Owned(fixed);
        }
    }
    (current, changed)
}

/// Which passes of the pipeline unescape HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unescape {
    Never,
    EveryPass,
    /// The text holds no character reference: the first pass needs no
    /// unescaping (a later one may, a step may have made one).
    AfterFirstPass,
}

/// Notes that a step changed the text, and records it when a plan is kept.
fn record(steps: &mut Option<&mut Vec<Step>>, changed: &mut bool, step: Step) {
    *changed = true;
    if let Some(list) = steps.as_deref_mut() {
        list.push(step);
    }
}

/// Feeds a text to a [`Fixer`] one segment at a time, keeping the state that
/// ftfy's `fix_text` keeps between segments: with
/// [`HtmlUnescape::Auto`], once a segment contains `<`, HTML entities are
/// left alone in it and in every later segment.
///
/// Feeding the segments of a text in order (each line with its `\n`, long
/// lines cut at `max_decode_length` code points) gives exactly
/// [`Fixer::fix`] of the whole text.
///
/// ```
/// use unmojibake::Fixer;
/// let fixer = Fixer::default();
/// let mut lines = fixer.line_fixer();
/// let out: String = ["CafÃ©\n", "naïve\n"].iter().map(|l| lines.fix_segment(l)).collect();
/// assert_eq!(out, fixer.fix("CafÃ©\nnaïve\n"));
/// ```
#[derive(Clone, Debug)]
pub struct LineFixer<'f> {
    fixer: &'f Fixer,
    html: bool,
    /// The buffers of the encoding repair (see [`recycle`](Self::recycle)).
    buffers: encoding::Buffers,
}

impl Drop for LineFixer<'_> {
    fn drop(&mut self) {
        encoding::give_back_buffers(std::mem::take(&mut self.buffers));
    }
}

impl LineFixer<'_> {
    /// Repairs one segment. Borrows when nothing changes.
    ///
    /// ```
    /// use unmojibake::Fixer;
    /// let fixer = Fixer::default();
    /// assert_eq!(fixer.line_fixer().fix_segment("â€œhiâ€\u{9d}\n"), "\"hi\"\n");
    /// ```
    pub fn fix_segment<'a>(&mut self, segment: &'a str) -> Cow<'a, str> {
        self.update_html(segment);
        self.fixer
            .fix_segment_inner(segment, self.html, None, &mut self.buffers)
    }

    /// [`fix_segment`](Self::fix_segment) for a segment the scan has
    /// already found something in: the pipeline without asking the scan
    /// again.
    /// The caller has noted the `<` of the segment already
    /// ([`saw_lt`](Self::saw_lt) or [`update_html`](Self::update_html)).
    /// `at` is where the scan stopped in it; `no_reference` says that it
    /// holds no HTML character reference, when the caller knows.
    pub(crate) fn fix_dirty_segment<'a>(
        &mut self,
        segment: &'a str,
        at: usize,
        no_reference: bool,
    ) -> Cow<'a, str> {
        let unescape = match (self.html, no_reference) {
            (false, _) => Unescape::Never,
            (true, false) => Unescape::EveryPass,
            (true, true) => Unescape::AfterFirstPass,
        };
        self.fixer
            .fix_segment_pipeline(segment, unescape, None, Some(at), &mut self.buffers)
    }

    /// Repairs one segment and returns its plan.
    ///
    /// ```
    /// use unmojibake::Fixer;
    /// let fixer = Fixer::default();
    /// let fixed = fixer.line_fixer().fix_segment_and_explain("CafÃ©\n");
    /// assert_eq!(fixed.text, "Café\n");
    /// assert_eq!(fixed.steps.len(), 2);
    /// ```
    pub fn fix_segment_and_explain(&mut self, segment: &str) -> Explained {
        self.update_html(segment);
        let mut steps = Vec::new();
        let text = self
            .fixer
            .fix_segment_inner(segment, self.html, Some(&mut steps), &mut self.buffers)
            .into_owned();
        Explained { text, steps }
    }

    /// Hands back a repaired segment the caller has copied out: its buffer
    /// may serve a later segment.
    pub(crate) fn recycle(&mut self, done: String) {
        self.buffers.recycle(done);
    }

    /// The fixer this feeds.
    pub(crate) fn fixer(&self) -> &Fixer {
        self.fixer
    }

    /// Notes a segment that is passed over: a `<` in it switches HTML
    /// unescaping off under [`HtmlUnescape::Auto`].
    pub(crate) fn update_html(&mut self, segment: &str) {
        if self.looks_for_lt() && memchr::memchr(b'<', segment.as_bytes()).is_some() {
            self.html = false;
        }
    }

    /// Whether a `<` matters: under [`HtmlUnescape::Auto`], until one has
    /// been seen. Callers that know where the first `<` of a whole text is
    /// say with [`saw_lt`](Self::saw_lt) whether the segments passed so
    /// far hold it, instead of searching each.
    pub(crate) fn looks_for_lt(&self) -> bool {
        self.html && self.fixer.config.get_unescape_html() == HtmlUnescape::Auto
    }

    /// Notes whether the segments passed over or about to be repaired hold
    /// a `<`.
    pub(crate) fn saw_lt(&mut self, seen: bool) {
        if seen && self.fixer.config.get_unescape_html() == HtmlUnescape::Auto {
            self.html = false;
        }
    }
}

/// The `(start, end)` byte ranges of the segments of `text`: each line with
/// its `\n`, cut after `max_len` code points when longer.
pub(crate) fn segments(text: &str, max_len: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let max_len = max_len.max(1);
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = text
            .get(pos..)
            .expect("`pos` is the end of the last segment, a character boundary");
        if rest.is_empty() {
            return None;
        }
        let line_end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let line = rest
            .get(..line_end)
            .expect("a line ends after its newline or at the end");
        // Cut after max_len code points; byte length bounds the count.
        let end = if line.len() > max_len {
            line.char_indices()
                .nth(max_len)
                .map_or(line.len(), |(i, _)| i)
        } else {
            line.len()
        };
        let start = pos;
        pos += end;
        Some((start, pos))
    })
}

/// Repairs `text` with the default configuration: ftfy's `fix_text`.
/// Borrows exactly when nothing changes.
///
/// ```
/// use unmojibake::fix_text;
/// assert_eq!(fix_text("Hereâ€™s CafÃ© &amp; ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Here's Café & Привет");
/// ```
pub fn fix_text(text: &str) -> Cow<'_, str> {
    default_fixer().fix(text)
}

/// Repairs `text` with `config`.
///
/// ```
/// use unmojibake::{fix_text_with, Config};
/// let config = Config::default().uncurl_quotes(false);
/// assert_eq!(fix_text_with("Hereâ€™s", &config), "Here’s");
/// ```
pub fn fix_text_with<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    Fixer::new(config.clone()).fix(text)
}

/// Repairs `text` as one segment with the default configuration and returns
/// the plan: ftfy's `fix_and_explain`.
///
/// ```
/// use unmojibake::{apply_plan, fix_and_explain};
/// let fixed = fix_and_explain("sÃ³ Ã© bom");
/// assert_eq!(fixed.text, "só é bom");
/// assert_eq!(apply_plan("sÃ³ Ã© bom", &fixed.steps).unwrap(), fixed.text);
/// ```
pub fn fix_and_explain(text: &str) -> Explained {
    default_fixer().fix_and_explain(text)
}

/// Repairs only the encoding: ftfy's `fix_encoding`. HTML entities, quotes
/// and everything else are left alone.
///
/// ```
/// use unmojibake::fix_encoding;
/// assert_eq!(fix_encoding("&ATILDE;&SUP3;"), "&ATILDE;&SUP3;");
/// assert_eq!(fix_encoding("â€œCafÃ©â€\u{9d}"), "“Café”");
/// ```
pub fn fix_encoding(text: &str) -> Cow<'_, str> {
    default_fixer().fix_encoding(text)
}

/// [`fix_encoding`] with its plan: ftfy's `fix_encoding_and_explain`.
///
/// ```
/// use unmojibake::{apply_plan, fix_encoding_and_explain};
/// let fixed = fix_encoding_and_explain("Ã¡rbol");
/// assert_eq!(fixed.text, "árbol");
/// assert_eq!(apply_plan("Ã¡rbol", &fixed.steps).unwrap(), "árbol");
/// ```
pub fn fix_encoding_and_explain(text: &str) -> Explained {
    default_fixer().fix_encoding_and_explain(text)
}

fn default_fixer() -> &'static Fixer {
    static DEFAULT: std::sync::LazyLock<Fixer> = std::sync::LazyLock::new(Fixer::default);
    &DEFAULT
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters of clean text, of mojibake of many kinds, and of the
    /// steps after the encoding repair.
    fn mixed_alphabet() -> Vec<char> {
        "aeinoszAMSZ .,'-é\u{e3}öÃÂ©®°±²³µ·»¼½¾¿ÐÑÛÜàáâãäåçèêëîïðñòóôõùúûüÿ€‚„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™šœžŸ\
         \u{a0}\u{81}\u{9d}ﬁｆＡ！ﾃ､ｶﾞ\u{3000}\r\u{301}ПРСабвгрс╨╤ΓΘΪΫαβγ漢字縺ｫ蛟御ｸ가한\u{feff}"
            .chars()
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        /// What the pipeline relies on to skip the encoding repair, or its
        /// next round: where the encoding scan finds nothing, the repair,
        /// with every repair beyond ftfy, changes nothing.
        #[test]
        fn encoding_scan_clean_means_no_encoding_change(
            chars in proptest::collection::vec(proptest::sample::select(mixed_alphabet()), 0..16),
            ftfy in any::<bool>(),
        ) {
            let text: String = chars.into_iter().collect();
            let fixer = Fixer::new(Config::default().beyond_ftfy(!ftfy));
            if fixer.encoding_scan.first_dirty(&text, None).is_none() {
                prop_assert_eq!(fixer.fix_encoding(&text), text.as_str());
            }
        }
    }

    /// [`run_later_steps`] without the pass that skips steps: every step
    /// that the configuration turns on, in order, then the normalization.
    fn every_later_step(text: &str, config: &Config) -> (String, Vec<Step>) {
        let mut current = text.to_string();
        let mut steps = Vec::new();
        for (fix, enabled) in LATER_FIXERS {
            if let Some(Cow::Owned(fixed)) = enabled(config)
                .then(|| fixes::apply_text_fixer(fix, &current, config))
                .flatten()
            {
                steps.push(Step::Apply(fix));
                current = fixed;
            }
        }
        if let Some(form) = config.get_normalization() {
            if let Cow::Owned(fixed) = normalize(&current, form) {
                steps.push(Step::Normalize(form));
                current = fixed;
            }
        }
        (current, steps)
    }

    /// Characters each later step changes or writes, and combining marks.
    fn later_alphabet() -> Vec<char> {
        "ab '\"\r\n\u{1b}[m\u{7}\u{7f}\u{85}\u{92}\u{93}\u{9d}ﬁĳŉǄ\u{3000}ｆ！＂ｶﾞﾟﾀ￣ﾡ\u{2018}’ʼ\
         \u{2028}\u{2029}\u{206a}\u{feff}\u{fffc}\u{301}\u{305}\u{316}\u{3099}éeか가가"
            .chars()
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Skipping the later steps that the pass says cannot change a text
        /// gives the text and the plan of running them all.
        #[test]
        fn later_steps_skipped_change_nothing(
            chars in proptest::collection::vec(proptest::sample::select(later_alphabet()), 0..12),
            form in proptest::sample::select(vec![
                None,
                Some(NormalizationForm::Nfc),
                Some(NormalizationForm::Nfkc),
                Some(NormalizationForm::Nfd),
            ]),
            off in any::<u8>(),
        ) {
            let text: String = chars.into_iter().collect();
            // Each later step off when its bit of `off` is set.
            let on = |bit: u8| off & (1 << bit) == 0;
            let config = Config::default()
                .normalization(form)
                .fix_c1_controls(on(0))
                .fix_latin_ligatures(on(1))
                .fix_character_width(on(2))
                .uncurl_quotes(on(3))
                .fix_line_breaks(on(4))
                .remove_terminal_escapes(on(5))
                .remove_control_chars(on(6));
            let mut steps = Vec::new();
            let (fixed, changed) = run_later_steps(Cow::Borrowed(&text), &config, Some(&mut steps));
            let (expected, expected_steps) = every_later_step(&text, &config);
            prop_assert_eq!(fixed.as_ref(), expected.as_str());
            prop_assert_eq!(&steps, &expected_steps);
            prop_assert_eq!(changed, !expected_steps.is_empty());
        }
    }

    #[test]
    fn mojibake_behind_a_later_step_is_repaired() {
        // `„` is both a curly quote and Mac Roman's `ã` read as
        // Windows-1252: the encoding repair must not be skipped for it.
        let fixer = Fixer::default();
        assert_eq!(fixer.fix("Vers„o do mÛdulo: %s"), "Versão do módulo: %s");
        // Text dirty for the later steps alone still gets them.
        assert_eq!(fixer.fix("“Smart” ｆｕｌｌ\r\n"), "\"Smart\" full\n");
    }

    #[test]
    fn segments_cut_lines_and_long_runs() {
        let got: Vec<_> = segments("ab\ncdé\n", 100).collect();
        assert_eq!(got, vec![(0, 3), (3, 8)]);
        let got: Vec<_> = segments("abcdé", 2).collect();
        assert_eq!(got, vec![(0, 2), (2, 4), (4, 6)]);
        assert_eq!(segments("", 5).count(), 0);
    }

    #[test]
    fn result_buffers_passed_on_hold_only_their_line() {
        // Each repaired line's buffer serves the next lines, longer or
        // shorter, and a repair in two rounds.
        let lines = [
            "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¿Ñ€Ð¸Ð²ÐµÑ‚\n",
            "CafÃ©\n",
            "CafÃƒÂ©\n",
            "Ã©\n",
            "clean\n",
            "naÃ¯ve and a much longer line after it, Ã  la carte\n",
            "Ã¼\n",
        ];
        let fixer = Fixer::default();
        let text: String = lines.concat();
        let one_by_one: String = lines
            .iter()
            .map(|line| fixer.fix_and_explain(line).text)
            .collect();
        assert_eq!(fixer.fix(&text), one_by_one);
        let mut segments = fixer.line_fixer();
        let fed: String = lines.iter().map(|l| segments.fix_segment(l)).collect();
        assert_eq!(fed, one_by_one);
    }

    #[test]
    fn a_reference_made_by_a_later_step_is_unescaped() {
        // No `&` after where the scan stops: the first pass does not
        // unescape, the second does (the width fix makes the reference).
        let fixer = Fixer::default();
        for line in [
            "CafÃ© \u{ff06}amp; more\n",
            "CafÃ© &amp; more\n",
            "&amp; CafÃ©\n",
            "CafÃ©\u{ff06}lt;\n",
        ] {
            assert_eq!(
                fixer.fix(line),
                fixer.fix_and_explain(line).text,
                "{line:?}"
            );
        }
        assert_eq!(fixer.fix("CafÃ© \u{ff06}amp; more\n"), "Café & more\n");
    }

    #[test]
    fn sticky_html_switch_off() {
        assert_eq!(fix_text("&amp;\n<b>\n&amp;"), "&\n<b>\n&amp;");
    }

    #[test]
    fn fixpoint_over_passes() {
        assert_eq!(fix_text("l’humanitÃ©"), "l'humanité");
        assert_eq!(fix_text("&amp;amp;amp;"), "&");
    }

    #[test]
    fn encoding_off_means_no_encoding_steps() {
        let fixer = Fixer::new(Config::default().fix_encoding(false));
        let fixed = fixer.fix_and_explain("CafÃ©");
        assert_eq!(fixed.text, "CafÃ©");
        assert!(fixed.steps.is_empty());
    }
}
