//! Every fixer, callable on its own under ftfy's name, and the registry that
//! plans refer to ([`FixId`]).
//!
//! Text fixers take `&str` and return `Cow<str>`, borrowing when nothing
//! changed. The two byte fixers (`restore_byte_a0`, `replace_lossy_sequences`)
//! work on the intermediate bytes of an encoding repair.

use std::borrow::Cow;
use std::fmt;

use crate::config::Config;

pub mod controls;
pub mod decode_escapes;
pub mod encoding;
pub mod html;
pub mod ligatures;
pub mod line_breaks;
pub mod mixed;
pub mod mixups;
pub mod quotes;
pub mod surrogates;
pub mod terminal;
pub mod width;

pub use controls::{remove_bom, remove_control_chars};
pub use decode_escapes::decode_escapes;
pub use encoding::{
    decode_inconsistent_utf8, fix_c1_controls, replace_lossy_sequences, restore_byte_a0,
};
pub use html::unescape_html;
pub use ligatures::fix_latin_ligatures;
pub use line_breaks::fix_line_breaks;
pub use mixed::decode_mojibake_spans;
pub use mixups::{fix_cjk_mojibake, fix_single_byte_mixup};
pub use quotes::uncurl_quotes;
pub use surrogates::{fix_surrogates, fix_surrogates_utf16};
pub use terminal::remove_terminal_escapes;
pub use width::fix_character_width;

/// A fixer that a plan can name: ftfy's `FIXERS` registry.
///
/// ```
/// use unmojibake::{apply_plan, fixes::FixId, Step};
/// assert_eq!(apply_plan("“hi”", &[Step::Apply(FixId::UncurlQuotes)]).unwrap(), "\"hi\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FixId {
    /// [`unescape_html`]
    UnescapeHtml,
    /// [`remove_terminal_escapes`]
    RemoveTerminalEscapes,
    /// [`restore_byte_a0`] (bytes)
    RestoreByteA0,
    /// [`replace_lossy_sequences`] (bytes)
    ReplaceLossySequences,
    /// [`decode_inconsistent_utf8`]
    DecodeInconsistentUtf8,
    /// [`fix_c1_controls`]
    FixC1Controls,
    /// [`fix_latin_ligatures`]
    FixLatinLigatures,
    /// [`fix_character_width`]
    FixCharacterWidth,
    /// [`uncurl_quotes`]
    UncurlQuotes,
    /// [`fix_line_breaks`]
    FixLineBreaks,
    /// [`fix_surrogates`]
    FixSurrogates,
    /// [`remove_control_chars`]
    RemoveControlChars,
    /// [`decode_mojibake_spans`] (beyond ftfy)
    DecodeMojibakeSpans,
}

impl FixId {
    /// Every fixer, in the registry's order.
    pub const ALL: [FixId; 13] = [
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

/// Runs a text fixer; `None` if `fix` works on bytes.
pub(crate) fn apply_text_fixer<'a>(
    fix: FixId,
    text: &'a str,
    config: &Config,
) -> Option<Cow<'a, str>> {
    Some(match fix {
        FixId::UnescapeHtml => unescape_html(text),
        FixId::RemoveTerminalEscapes => remove_terminal_escapes(text),
        FixId::DecodeInconsistentUtf8 => {
            encoding::decode_inconsistent_utf8_with(text, &encoding::EncodingOptions::from(config))
        }
        FixId::FixC1Controls => fix_c1_controls(text),
        FixId::FixLatinLigatures => fix_latin_ligatures(text),
        FixId::FixCharacterWidth => fix_character_width(text),
        FixId::UncurlQuotes => uncurl_quotes(text),
        FixId::FixLineBreaks => fix_line_breaks(text),
        FixId::FixSurrogates => fix_surrogates(text),
        FixId::RemoveControlChars => remove_control_chars(text),
        FixId::DecodeMojibakeSpans => {
            mixed::decode_mojibake_spans_with(text, &encoding::EncodingOptions::from(config))
        }
        FixId::RestoreByteA0 | FixId::ReplaceLossySequences => return None,
    })
}

/// Runs a byte fixer; `None` if `fix` works on text.
pub(crate) fn apply_byte_fixer<'a>(
    fix: FixId,
    bytes: &'a [u8],
    _config: &Config,
) -> Option<Cow<'a, [u8]>> {
    match fix {
        FixId::RestoreByteA0 => Some(restore_byte_a0(bytes)),
        FixId::ReplaceLossySequences => Some(replace_lossy_sequences(bytes)),
        _ => None,
    }
}
