//! The shape test of the lone-sequence repair
//! ([`decode_lone_sequences`](crate::fixes::decode_lone_sequences)): where a
//! line holds characters that cp437 or Windows-1252 read from one UTF-8
//! sequence ([`sequences`]), and whether the character they decode to has
//! the shape of one that belongs where it stands ([`shape_fits`]). The
//! plausibility model adds what real words write
//! ([`lone_sequence_fits`](super::model::lone_sequence_fits)); the word-shape
//! evidence ([`has_anomaly`](super::has_anomaly)) counts a line that passes
//! this test, so that the scan lets it through to the repair. It reads
//! codecs and characters only, below the word-shape evidence.

use crate::chars::{is_alphabetic, is_alphanumeric};
use crate::codecs::{self, Codec};

/// The code pages whose reading of UTF-8 the repair undoes, in the order
/// they are tried.
pub(crate) const LONE_CODECS: [Codec; 2] = [Codec::Cp437, Codec::SloppyWindows1252];

/// The sequences of `text` read with `codec` that [`shape_fits`] may take:
/// `(start, end, character)` for each run of characters that `codec` reads
/// from a UTF-8 lead byte and as many continuation bytes as it needs, which
/// decode to one character that [`decoded_may_fit`]. Other sequences are
/// passed over as if they were found: their continuation characters are
/// never leads, so the same sequences are found either way.
pub(crate) fn sequences(text: &str, codec: Codec) -> Vec<(usize, usize, char)> {
    let byte = |c: char| {
        if c.is_ascii() {
            None
        } else {
            codecs::encode_char(c, codec)
        }
    };
    let bytes = text.as_bytes();
    let char_at = |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
    let mut out = Vec::new();
    let mut i = 0;
    // Only the characters that `codec` writes as a lead byte can start a
    // sequence: they are found by their own lead byte in UTF-8, the rest of
    // the text (most of a line of Cyrillic or CJK) is not decoded.
    while let Some(k) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| may_lead(codec, b)))
    {
        let start = i + k;
        let c = char_at(start).expect("a lead byte of UTF-8 starts a character");
        i = start + c.len_utf8();
        let Some(lead) = fitting_lead(codec, c) else {
            continue;
        };
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let mut read = [lead, 0, 0, 0];
        let mut taken = 1;
        // Continuation characters, looked at before they are taken: a
        // character that does not continue may start the next sequence.
        while taken < len {
            match char_at(i).and_then(|c| Some((c, byte(c)?))) {
                Some((c, b @ 0x80..=0xBF)) => {
                    *read.get_mut(taken).expect("a sequence is at most 4 bytes") = b;
                    i += c.len_utf8();
                    taken += 1;
                }
                _ => break,
            }
        }
        if taken < len {
            continue;
        }
        let decoded = read
            .get(..len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next());
        if let Some(decoded) = decoded.filter(|&d| decoded_may_fit(d)) {
            out.push((start, i, decoded));
        }
    }
    out
}

/// Whether [`shape_fits`] may take a sequence that decodes to `decoded`: a
/// Latin-1 capital (U+00C0–U+00DE), or punctuation or a symbol of General
/// Punctuation to U+2BFF or of the emoji blocks.
fn decoded_may_fit(decoded: char) -> bool {
    matches!(u32::from(decoded), 0xC0..=0xDE | 0x2010..=0x2BFF | 0x1_F000..=0x1_FAFF)
}

/// The lead byte that [`lead_may_fit`] which `codec` writes for `c`, if
/// any: three characters in each of [`LONE_CODECS`], compared as
/// characters rather than encoded (a test checks them against the codecs'
/// tables); for another codec, through its table.
fn fitting_lead(codec: Codec, c: char) -> Option<u8> {
    match (codec, c) {
        (Codec::Cp437, '├') | (Codec::SloppyWindows1252, 'Ã') => Some(0xC3),
        (Codec::Cp437, 'Γ') | (Codec::SloppyWindows1252, 'â') => Some(0xE2),
        (Codec::Cp437, '≡') | (Codec::SloppyWindows1252, 'ð') => Some(0xF0),
        (Codec::Cp437 | Codec::SloppyWindows1252, _) => None,
        _ => codecs::encode_char(c, codec).filter(|&b| lead_may_fit(b)),
    }
}

/// Whether a sequence with the UTF-8 lead byte `lead` may decode to a
/// character that [`decoded_may_fit`]: C3 (U+00C0–U+00FF), E2
/// (U+2000–U+2FFF) and F0 (U+10000–U+3FFFF) alone. A test checks it
/// against every character.
fn lead_may_fit(lead: u8) -> bool {
    matches!(lead, 0xC3 | 0xE2 | 0xF0)
}

/// Whether a character whose UTF-8 starts with `b` may be one that `codec`
/// writes as a lead byte that [`lead_may_fit`] (C3, E2, F0): for
/// Windows-1252, `Ã`, `â` and `ð` (C3); for cp437, `├`, `Γ` and `≡` (E2,
/// CE). A test checks it against the codec's table.
fn may_lead(codec: Codec, b: u8) -> bool {
    match codec {
        Codec::Cp437 => matches!(b, 0xCE | 0xE2),
        Codec::SloppyWindows1252 => b == 0xC3,
        // Any other codec: every character that is not ASCII.
        _ => b >= 0xC0,
    }
}

/// Whether `decoded`, which `text[start..end]` encodes to as UTF-8, has the
/// shape of a character that belongs where it stands, outside brackets
/// (`[a-zßäü]` is a list of letters):
///
/// * punctuation or a symbol of three or four UTF-8 bytes (General
///   Punctuation to U+2BFF, emoji), set off from the words around it (a
///   space, an edge or ASCII punctuation on each side: `wait — this`,
///   `## ⚡ Quick`), or, for a dash, a quote or an ellipsis, next to ASCII
///   (`don’t`, `word—word`);
/// * a Latin-1 capital (U+00C0–U+00DE) that starts a word of small ASCII
///   letters, read from two characters the second of which is glued into
///   the word: a symbol that is not an apostrophe (`Ã…lesund`; `Ã’s` is
///   `Ã` and a possessive), or a capital (`ÃŒsula`).
pub(crate) fn shape_fits(
    text: &str,
    start: usize,
    end: usize,
    decoded: char,
    in_brackets: bool,
) -> bool {
    let Some((head, span, tail)) = split_around(text, start, end) else {
        return false;
    };
    if in_brackets || !decoded_may_fit(decoded) {
        return false;
    }
    let before = head.chars().next_back();
    let after = tail.chars().next();
    let cp = u32::from(decoded);
    if cp >= 0x2000 {
        let symbol = !is_alphanumeric(decoded)
            && !decoded.is_whitespace()
            && !decoded.is_control()
            && !(0x20D0..=0x20FF).contains(&cp)
            && matches!(cp, 0x2010..=0x2BFF | 0x1_F000..=0x1_FAFF);
        if !symbol {
            return false;
        }
        let apart = |c: Option<char>| {
            c.map_or(true, |c| {
                c.is_whitespace() || (c.is_ascii_punctuation() && c != '\\')
            })
        };
        if apart(before) && apart(after) {
            return true;
        }
        // Dashes, quotes, apostrophes and the ellipsis sit against ASCII
        // words.
        let against_words = matches!(cp, 0x2010..=0x2027);
        let ascii = |c: Option<char>| c.map_or(true, |c| c.is_ascii());
        return against_words && ascii(before) && ascii(after);
    }
    let mut chars = span.chars();
    let (Some(_), Some(second), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let capital = matches!(cp, 0xC0..=0xDE) && decoded.is_uppercase();
    let glued = if is_alphabetic(second) {
        second.is_uppercase()
    } else {
        !matches!(second, '’' | '‘' | '′') && !second.is_whitespace()
    };
    let starts_word = before.map_or(true, |c| !is_alphanumeric(c));
    let small_follows = after.is_some_and(|c| c.is_ascii_lowercase());
    capital && glued && starts_word && small_follows
}

/// `text` cut around the sequence `text[start..end]`: what stands before
/// it, the sequence, and what stands after it; `None` when the offsets are
/// not character boundaries of `text`.
pub(crate) fn split_around(text: &str, start: usize, end: usize) -> Option<(&str, &str, &str)> {
    Some((text.get(..start)?, text.get(start..end)?, text.get(end..)?))
}

/// Whether `text` holds a sequence, read with one of [`LONE_CODECS`], that
/// passes [`shape_fits`].
pub(crate) fn may_hold_lone_sequence(text: &str) -> bool {
    !text.is_ascii()
        && LONE_CODECS.into_iter().any(|codec| {
            let mut brackets = Brackets::new(text);
            sequences(text, codec)
                .into_iter()
                .any(|(start, end, decoded)| {
                    shape_fits(text, start, end, decoded, brackets.open_before(start))
                })
        })
}

/// Whether places of a text, asked about in order, stand after more `[`
/// than `]`: inside brackets letters are a list, not words (`[a-zÉá]`).
/// The brackets are counted once through the text for all the places (a
/// count from the start for each would make a long line quadratic).
pub(crate) struct Brackets<'t> {
    bytes: &'t [u8],
    /// How far the brackets are counted.
    at: usize,
    opened: usize,
    closed: usize,
}

impl<'t> Brackets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Brackets {
            bytes: text.as_bytes(),
            at: 0,
            opened: 0,
            closed: 0,
        }
    }

    /// Whether more brackets open than close before `start`, a place at or
    /// after the last one asked about.
    pub(crate) fn open_before(&mut self, start: usize) -> bool {
        let upto = start.clamp(self.at, self.bytes.len());
        for &b in self
            .bytes
            .get(self.at..upto)
            .expect("`at` <= `upto` <= the length")
        {
            self.opened += usize::from(b == b'[');
            self.closed += usize::from(b == b']');
        }
        self.at = upto;
        self.opened > self.closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sequences as first written, every character decoded: the twin
    /// of [`sequences`]' byte search.
    fn sequences_naive(text: &str, codec: Codec) -> Vec<(usize, usize, char)> {
        let byte = |c: char| {
            if c.is_ascii() {
                None
            } else {
                codecs::encode_char(c, codec)
            }
        };
        let mut out = Vec::new();
        let mut rest = text.char_indices().peekable();
        while let Some((start, c)) = rest.next() {
            let Some(lead) = byte(c).filter(|&b| lead_may_fit(b)) else {
                continue;
            };
            let len = match lead {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let mut bytes = [lead, 0, 0, 0];
            let mut end = start + c.len_utf8();
            let mut taken = 1;
            // Continuation characters, looked at before they are taken: a
            // character that does not continue may start the next sequence.
            while taken < len {
                match rest.peek().and_then(|&(at, c)| Some((at, c, byte(c)?))) {
                    Some((at, c, b @ 0x80..=0xBF)) => {
                        if let Some(slot) = bytes.get_mut(taken) {
                            *slot = b;
                        }
                        end = at + c.len_utf8();
                        taken += 1;
                        rest.next();
                    }
                    _ => break,
                }
            }
            if taken < len {
                continue;
            }
            let decoded = bytes
                .get(..len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|s| s.chars().next());
            if let Some(decoded) = decoded.filter(|&d| decoded_may_fit(d)) {
                out.push((start, end, decoded));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn sequences_agree_with_their_twin(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', ' ', 'Γ', 'Ç', 'ö', 'â', '€', 'š', '¡', 'Ã', '…', '©', '─', '╨', 'α', 'π', '±', 'µ',
                'ß', 'б', '你', '😀', '\u{81}',
            ]), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            for codec in LONE_CODECS {
                proptest::prop_assert_eq!(sequences(&text, codec), sequences_naive(&text, codec), "{:?}", text);
            }
        }
    }

    #[test]
    fn every_lead_is_looked_at() {
        for codec in LONE_CODECS {
            for c in (0x80u32..=0xFFFF).filter_map(char::from_u32) {
                if codecs::encode_char(c, codec).is_some_and(lead_may_fit) {
                    let mut utf8 = [0; 4];
                    let first = c.encode_utf8(&mut utf8).as_bytes()[0];
                    assert!(may_lead(codec, first), "{c:?} in {codec:?}");
                }
            }
        }
    }

    /// The lead characters of the two codecs are those their tables give.
    #[test]
    fn fitting_leads_agree_with_the_tables() {
        for codec in LONE_CODECS {
            for c in ('\u{80}'..=char::MAX).chain(['a', ' ']) {
                let from_table = codecs::encode_char(c, codec).filter(|&b| lead_may_fit(b));
                assert_eq!(fitting_lead(codec, c), from_table, "{c:?} in {codec:?}");
            }
        }
    }

    /// Every character that may fit has one of the leads that may.
    #[test]
    fn leads_that_may_fit() {
        for c in ('\u{80}'..=char::MAX).filter(|&c| decoded_may_fit(c)) {
            let mut utf8 = [0; 4];
            let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(lead_may_fit(lead), "{c:?}");
        }
    }

    #[test]
    fn sequences_are_found() {
        assert_eq!(sequences("a ΓÇö b", Codec::Cp437), vec![(2, 8, '—')]);
        assert_eq!(
            sequences("âš¡", Codec::SloppyWindows1252),
            vec![(0, 6, '⚡')]
        );
        // A lead without its continuation bytes, then a whole sequence.
        assert_eq!(sequences("ΓΓÇö", Codec::Cp437), vec![(2, 8, '—')]);
        assert!(sequences("plain ascii", Codec::Cp437).is_empty());
        assert!(sequences("Γ", Codec::Cp437).is_empty());
    }

    #[test]
    fn shapes() {
        let fits = |text: &str, codec| {
            let mut brackets = Brackets::new(text);
            sequences(text, codec)
                .into_iter()
                .any(|(s, e, d)| shape_fits(text, s, e, d, brackets.open_before(s)))
        };
        assert!(fits("wait ΓÇö this", Codec::Cp437));
        assert!(fits("Ã…lesund", Codec::SloppyWindows1252));
        assert!(!fits("DrÃ¥ber", Codec::SloppyWindows1252));
        assert!(!fits("a lot of Ã’s in", Codec::SloppyWindows1252));
        assert!(!fits("[ΓÇö]", Codec::Cp437));
        assert!(!fits("IRMÃ… AMANHÃ»", Codec::SloppyWindows1252));
    }
}
