//! Beyond ftfy: a lone character whose UTF-8 bytes were read as cp437 or
//! Windows-1252, in a line that is otherwise clean (issue 18, "thin
//! evidence"): a dash in an English comment (`wait ΓÇö this` for
//! `wait — this`), an emoji before a heading (`## âš¡ Quick Start`), a
//! capital at the start of a name (`Ã…lesund` for `Ålesund`).
//!
//! ftfy leaves these alone: one garbled character is too little for its
//! badness heuristic, and the rest of the line is often text its code page
//! cannot re-encode. Here each *sequence* is found on its own: characters
//! that the code page reads from a UTF-8 lead byte and its continuation
//! bytes, decoding to one character. A sequence is taken only when the
//! plausibility model finds that the character fits where it stands
//! (its `lone_sequence_fits`): a dash, a quote or a symbol set off from
//! the words around it, or a capital that starts a word in a context real
//! words write, and when the whole repair is convincing (its
//! `lone_sequences_convincing`). The sequences of one line are read with
//! one code page.
//!
//! The repair is recorded as ftfy's `('encode', 'cp437'), ('decode',
//! 'utf-8')` when the whole line re-encodes to exactly the repair, and as
//! `('apply', 'decode_lone_sequences')` otherwise.

use std::borrow::Cow;

use crate::codecs::{self, Codec};
use crate::plausibility::lone::{sequences, Brackets, LONE_CODECS};
use crate::plausibility::model::{lone_sequence_fits, lone_sequences_convincing};
use crate::plausibility::verdict::looks_right;
use crate::step::{FixId, Step};

/// Undoes lone UTF-8 sequences read as cp437 or Windows-1252 (see the
/// module docs).
///
/// ```
/// use unmojibake::fixes::decode_lone_sequences;
/// assert_eq!(decode_lone_sequences("// wait ΓÇö this is wrong"), "// wait — this is wrong");
/// assert_eq!(decode_lone_sequences("## âš¡ Quick Start"), "## ⚡ Quick Start");
/// assert_eq!(decode_lone_sequences("Ã…lesund is a town"), "Ålesund is a town");
/// // Clean text stays.
/// assert_eq!(decode_lone_sequences("Γάμμα Ç"), "Γάμμα Ç");
/// assert_eq!(decode_lone_sequences("├── src"), "├── src");
/// ```
pub fn decode_lone_sequences(text: &str) -> Cow<'_, str> {
    match lone_sequences(text) {
        Some((fixed, _)) => Cow::Owned(fixed),
        None => Cow::Borrowed(text),
    }
}

/// [`decode_lone_sequences`] with its plan steps.
pub(crate) fn lone_sequences(text: &str) -> Option<(String, Vec<Step>)> {
    if text.is_ascii() {
        return None;
    }
    for codec in LONE_CODECS {
        let spans = sequences(text, codec);
        if spans.is_empty() {
            continue;
        }
        let mut fixed = String::with_capacity(text.len());
        let mut last = 0;
        let mut fitting = Vec::new();
        let mut brackets = Brackets::new(text);
        for &(start, end, decoded) in &spans {
            if !lone_sequence_fits(text, start, end, decoded, brackets.open_before(start)) {
                continue;
            }
            fixed.push_str(text.get(last..start)?);
            fixed.push(decoded);
            last = end;
            fitting.push((start, end));
        }
        if fitting.is_empty() {
            continue;
        }
        fixed.push_str(text.get(last..)?);
        if !looks_right(&fixed) || !lone_sequences_convincing(text, &fixed, &fitting) {
            continue;
        }
        let whole = codecs::encode(text, codec)
            .ok()
            .and_then(|bytes| codecs::decode(&bytes, Codec::Utf8).ok());
        let steps = if whole.as_deref() == Some(fixed.as_str()) {
            vec![Step::Encode(codec), Step::Decode(Codec::Utf8)]
        } else {
            vec![Step::Apply(FixId::DecodeLoneSequences)]
        };
        return Some((fixed, steps));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> String {
        decode_lone_sequences(text).into_owned()
    }

    #[test]
    fn thin_evidence_is_repaired() {
        assert_eq!(fix("// wait ΓÇö this is wrong"), "// wait — this is wrong");
        assert_eq!(fix("## âš¡ Quick Start"), "## ⚡ Quick Start");
        assert_eq!(fix("Ã…lesund is a town"), "Ålesund is a town");
    }

    #[test]
    fn its_switch_alone_is_enough() {
        // With every other repair beyond ftfy off, the scan still passes the
        // lines this repair needs, on every path.
        let only = crate::Config::new()
            .fix_mixed_lines(false)
            .fix_isolated_words(false)
            .fix_single_byte_mixups(false)
            .fix_cjk_mojibake(false)
            .fix_legacy_bytes(false);
        let text = "// wait ΓÇö this is wrong";
        assert_eq!(crate::fix_text_with(text, &only), "// wait — this is wrong");
        let fixer = crate::Fixer::new(only.clone());
        assert_eq!(fixer.fix(text), "// wait — this is wrong");
        assert_eq!(fixer.fix_encoding(text), "// wait — this is wrong");
        let off = only.fix_lone_sequences(false);
        assert_eq!(crate::fix_text_with(text, &off), text);
    }

    #[test]
    fn clean_text_stays() {
        for text in [
            "Γάμμα",
            "├── src",
            "│   ├── lib.rs",
            "^[yYaAáÁ]",
            "[a-zßäü]?",
            "SÃO PAULO",
            "AMANHÃ»",
            "dĺžka",
            "Öštrič",
        ] {
            assert_eq!(fix(text), text);
        }
    }
}
