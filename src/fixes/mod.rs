//! Every fixer, callable on its own under ftfy's name, and the registry that
//! plans refer to ([`FixId`]).
//!
//! Text fixers take `&str` and return `Cow<str>`, borrowing when nothing
//! changed. The two byte fixers (`restore_byte_a0`, `replace_lossy_sequences`)
//! work on the intermediate bytes of an encoding repair.

use crate::config::{Config, EncodingOptions};
pub use crate::step::FixId;
use std::borrow::Cow;

pub mod controls;
pub mod decode_escapes;
pub mod encoding;
pub mod html;
pub mod legacy;
pub mod ligatures;
pub mod line_breaks;
pub mod lone;
pub mod mixed;
pub mod mixups;
pub mod quotes;
mod reencode;
pub mod surrogates;
pub mod terminal;
pub mod width;

pub use controls::{fix_c1_controls, remove_bom, remove_control_chars};
pub use decode_escapes::decode_escapes;
pub use encoding::decode_inconsistent_utf8;
pub use html::unescape_html;
pub use legacy::decode_legacy_bytes;
pub use ligatures::fix_latin_ligatures;
pub use line_breaks::fix_line_breaks;
pub use lone::decode_lone_sequences;
pub use mixed::decode_mojibake_spans;
pub use mixups::{fix_cjk_mojibake, fix_single_byte_mixup};
pub use quotes::uncurl_quotes;
pub use reencode::{replace_lossy_sequences, restore_byte_a0};
pub use surrogates::{fix_surrogates, fix_surrogates_utf16};
pub use terminal::remove_terminal_escapes;
pub use width::fix_character_width;

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
            encoding::decode_inconsistent_utf8_with(text, &EncodingOptions::from(config))
        }
        FixId::FixC1Controls => fix_c1_controls(text),
        FixId::FixLatinLigatures => fix_latin_ligatures(text),
        FixId::FixCharacterWidth => fix_character_width(text),
        FixId::UncurlQuotes => uncurl_quotes(text),
        FixId::FixLineBreaks => fix_line_breaks(text),
        FixId::FixSurrogates => fix_surrogates(text),
        FixId::RemoveControlChars => remove_control_chars(text),
        FixId::DecodeMojibakeSpans => {
            mixed::decode_mojibake_spans_with(text, &EncodingOptions::from(config))
        }
        FixId::DecodeLegacyBytes => decode_legacy_bytes(text),
        FixId::DecodeLoneSequences => decode_lone_sequences(text),
        FixId::RestoreByteA0 | FixId::ReplaceLossySequences => return None,
    })
}

/// Runs a byte fixer; `None` if `fix` works on text.
pub(crate) fn apply_byte_fixer(fix: FixId, bytes: &[u8]) -> Option<Cow<'_, [u8]>> {
    match fix {
        FixId::RestoreByteA0 => Some(restore_byte_a0(bytes)),
        FixId::ReplaceLossySequences => Some(replace_lossy_sequences(bytes)),
        _ => None,
    }
}
