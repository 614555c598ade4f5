//! The vocabulary of plans: [`Step`] and [`FixId`].
//!
//! A plan step names a codec, a fixer or a normalization form; this module
//! holds only those names, so that the fixers (which record steps) and the
//! plan replay (which runs them) can both use them without depending on
//! each other. It imports nothing of this crate but the names of codecs
//! ([`Codec`]) and normalization forms ([`NormalizationForm`]).

use std::fmt;

use crate::codecs::Codec;
use crate::config::NormalizationForm;

/// One step of a repair plan.
///
/// ```
/// use unmojibake::{codecs::Codec, Step};
/// assert_eq!(Step::Encode(Codec::SloppyWindows1252).to_string(), "('encode', 'sloppy-windows-1252')");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// Encode the text into bytes with this codec.
    Encode(Codec),
    /// Decode the bytes into text with this codec.
    Decode(Codec),
    /// Run a fixer on the intermediate bytes (ftfy's `"transcode"`).
    Transcode(FixId),
    /// Run a fixer on the text.
    Apply(FixId),
    /// Apply a Unicode normalization form.
    Normalize(NormalizationForm),
}

impl Step {
    /// The action name as ftfy writes it: `encode`, `decode`, `transcode`,
    /// `apply` or `normalize`.
    ///
    /// ```
    /// use unmojibake::{codecs::Codec, Step};
    /// assert_eq!(Step::Encode(Codec::Latin1).action(), "encode");
    /// ```
    pub const fn action(&self) -> &'static str {
        match self {
            Step::Encode(_) => "encode",
            Step::Decode(_) => "decode",
            Step::Transcode(_) => "transcode",
            Step::Apply(_) => "apply",
            Step::Normalize(_) => "normalize",
        }
    }

    /// The step's parameter as ftfy writes it: a codec, fixer or form name.
    ///
    /// ```
    /// use unmojibake::{codecs::Codec, Step};
    /// assert_eq!(Step::Decode(Codec::Utf8).parameter(), "utf-8");
    /// ```
    pub const fn parameter(&self) -> &'static str {
        match self {
            Step::Encode(c) | Step::Decode(c) => c.name(),
            Step::Transcode(f) | Step::Apply(f) => f.name(),
            Step::Normalize(form) => form.name(),
        }
    }
}

impl fmt::Display for Step {
    /// Prints the step as ftfy's tuple, e.g. `('encode', 'latin-1')`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "('{}', '{}')", self.action(), self.parameter())
    }
}

/// A fixer that a plan can name: ftfy's `FIXERS` registry.
///
/// ```
/// use unmojibake::{apply_plan, fixes::FixId, Step};
/// assert_eq!(apply_plan("“hi”", &[Step::Apply(FixId::UncurlQuotes)]).unwrap(), "\"hi\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FixId {
    /// [`unescape_html`](crate::fixes::unescape_html)
    UnescapeHtml,
    /// [`remove_terminal_escapes`](crate::fixes::remove_terminal_escapes)
    RemoveTerminalEscapes,
    /// [`restore_byte_a0`](crate::fixes::restore_byte_a0) (bytes)
    RestoreByteA0,
    /// [`replace_lossy_sequences`](crate::fixes::replace_lossy_sequences) (bytes)
    ReplaceLossySequences,
    /// [`decode_inconsistent_utf8`](crate::fixes::decode_inconsistent_utf8)
    DecodeInconsistentUtf8,
    /// [`fix_c1_controls`](crate::fixes::fix_c1_controls)
    FixC1Controls,
    /// [`fix_latin_ligatures`](crate::fixes::fix_latin_ligatures)
    FixLatinLigatures,
    /// [`fix_character_width`](crate::fixes::fix_character_width)
    FixCharacterWidth,
    /// [`uncurl_quotes`](crate::fixes::uncurl_quotes)
    UncurlQuotes,
    /// [`fix_line_breaks`](crate::fixes::fix_line_breaks)
    FixLineBreaks,
    /// [`fix_surrogates`](crate::fixes::fix_surrogates)
    FixSurrogates,
    /// [`remove_control_chars`](crate::fixes::remove_control_chars)
    RemoveControlChars,
    /// [`decode_mojibake_spans`](crate::fixes::decode_mojibake_spans) (beyond ftfy)
    DecodeMojibakeSpans,
    /// [`decode_legacy_bytes`](crate::fixes::decode_legacy_bytes) (beyond ftfy)
    DecodeLegacyBytes,
    /// [`decode_lone_sequences`](crate::fixes::decode_lone_sequences) (beyond ftfy)
    DecodeLoneSequences,
}

impl FixId {
    /// Every fixer, in the registry's order.
    pub const ALL: [FixId; 15] = [
        FixId::UnescapeHtml,
        FixId::RemoveTerminalEscapes,
        FixId::RestoreByteA0,
        FixId::ReplaceLossySequences,
        FixId::DecodeInconsistentUtf8,
        FixId::FixC1Controls,
        FixId::FixLatinLigatures,
        FixId::FixCharacterWidth,
        FixId::UncurlQuotes,
        FixId::FixLineBreaks,
        FixId::FixSurrogates,
        FixId::RemoveControlChars,
        FixId::DecodeMojibakeSpans,
        FixId::DecodeLegacyBytes,
        FixId::DecodeLoneSequences,
    ];

    /// The fixer's ftfy name.
    ///
    /// ```
    /// use unmojibake::fixes::FixId;
    /// assert_eq!(FixId::UncurlQuotes.name(), "uncurl_quotes");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            FixId::UnescapeHtml => "unescape_html",
            FixId::RemoveTerminalEscapes => "remove_terminal_escapes",
            FixId::RestoreByteA0 => "restore_byte_a0",
            FixId::ReplaceLossySequences => "replace_lossy_sequences",
            FixId::DecodeInconsistentUtf8 => "decode_inconsistent_utf8",
            FixId::FixC1Controls => "fix_c1_controls",
            FixId::FixLatinLigatures => "fix_latin_ligatures",
            FixId::FixCharacterWidth => "fix_character_width",
            FixId::UncurlQuotes => "uncurl_quotes",
            FixId::FixLineBreaks => "fix_line_breaks",
            FixId::FixSurrogates => "fix_surrogates",
            FixId::RemoveControlChars => "remove_control_chars",
            FixId::DecodeMojibakeSpans => "decode_mojibake_spans",
            FixId::DecodeLegacyBytes => "decode_legacy_bytes",
            FixId::DecodeLoneSequences => "decode_lone_sequences",
        }
    }

    /// Looks a fixer up by its ftfy name.
    ///
    /// ```
    /// use unmojibake::fixes::FixId;
    /// assert_eq!(FixId::from_name("fix_line_breaks"), Some(FixId::FixLineBreaks));
    /// assert_eq!(FixId::from_name("fix_everything"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<FixId> {
        FixId::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the fixer works on bytes rather than text.
    ///
    /// ```
    /// use unmojibake::fixes::FixId;
    /// assert!(FixId::RestoreByteA0.works_on_bytes());
    /// assert!(!FixId::UncurlQuotes.works_on_bytes());
    /// ```
    pub const fn works_on_bytes(self) -> bool {
        matches!(self, FixId::RestoreByteA0 | FixId::ReplaceLossySequences)
    }
}

impl fmt::Display for FixId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
