//! Which of the steps after the encoding repair may change a text: one
//! pass over it, so that the pipeline runs only those steps instead of
//! letting each of them search the whole text for its characters.
//!
//! Every later step changes a text only where one of its characters
//! stands ([`steps_of`] for those beyond ASCII, [`ascii_steps`] for the
//! ASCII ones); NFC only where the table of the scan marks a character
//! unsafe, or where two combining marks stand in a row (the quick check
//! of [`normalize`](crate::normalize) answers "yes" otherwise). The test
//! of this module checks each step against the answer on every character.

use crate::config::Config;
use crate::step::FixId;

use super::{char_entry, scan_bits, skip_plain, NFC_MARK, NFC_UNSAFE, STEP};

/// One bit per step after the encoding repair.
const C1: u16 = 1;
const LIGATURES: u16 = 1 << 1;
const WIDTH: u16 = 1 << 2;
const QUOTES: u16 = 1 << 3;
const LINE_BREAKS: u16 = 1 << 4;
const TERMINAL: u16 = 1 << 5;
const CONTROLS: u16 = 1 << 6;
/// Every step: the answer for a character no step is known to skip.
const ALL: u16 = C1 | LIGATURES | WIDTH | QUOTES | LINE_BREAKS | TERMINAL | CONTROLS;

/// The bit of a step after the encoding repair (none for a step that never
/// changes a `str`, such as `fix_surrogates`, or that runs elsewhere).
fn bit(fix: FixId) -> u16 {
    match fix {
        FixId::FixC1Controls => C1,
        FixId::FixLatinLigatures => LIGATURES,
        FixId::FixCharacterWidth => WIDTH,
        FixId::UncurlQuotes => QUOTES,
        FixId::FixLineBreaks => LINE_BREAKS,
        FixId::RemoveTerminalEscapes => TERMINAL,
        FixId::RemoveControlChars => CONTROLS,
        _ => 0,
    }
}

/// The steps that may change the character `cp` beyond ASCII (one with
/// the [`STEP`] bit of the scan's table; every step for a character of
/// that bit not listed here).
#[inline(always)]
pub(super) fn steps_of(cp: u32) -> u16 {
    match cp {
        0x85 => C1 | LINE_BREAKS,
        0x80..=0x9F => C1,
        0x132 | 0x133 | 0x149 | 0x1C4..=0x1CC | 0x1F1..=0x1F3 | 0xFB00..=0xFB06 => LIGATURES,
        0x2BC | 0x2018..=0x201F => QUOTES,
        0x2028 | 0x2029 => LINE_BREAKS,
        0x206A..=0x206F | 0xFEFF | 0xFFF9..=0xFFFC => CONTROLS,
        0x3000 | 0xFF01..=0xFFEF => WIDTH,
        _ => ALL,
    }
}

/// The steps that may change the ASCII byte `b`.
#[inline(always)]
pub(super) fn ascii_steps(b: u8) -> u16 {
    match b {
        b'\r' => LINE_BREAKS,
        0x1B => TERMINAL | CONTROLS,
        0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F => CONTROLS,
        _ => 0,
    }
}

/// Whether `config` turns on one of `steps` (each bit tested before its
/// switch is read: most characters are one step's).
#[inline(always)]
pub(super) fn any_enabled(steps: u16, config: &Config) -> bool {
    (steps & QUOTES != 0 && config.get_uncurl_quotes())
        || (steps & C1 != 0 && config.get_fix_c1_controls())
        || (steps & WIDTH != 0 && config.get_fix_character_width())
        || (steps & LIGATURES != 0 && config.get_fix_latin_ligatures())
        || (steps & LINE_BREAKS != 0 && config.get_fix_line_breaks())
        || (steps & CONTROLS != 0 && config.get_remove_control_chars())
        || (steps & TERMINAL != 0 && config.get_remove_terminal_escapes())
}

/// What [`later_steps`] found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LaterSteps {
    steps: u16,
    nfc: bool,
}

impl LaterSteps {
    /// Whether the step `fix` may change the text; `false` means it
    /// leaves it as it is.
    pub(crate) fn may_change(self, fix: FixId) -> bool {
        self.steps & bit(fix) != 0
    }

    /// Whether NFC may change the text; `false` means it is in NFC.
    pub(crate) fn nfc_may_change(self) -> bool {
        self.nfc
    }

    /// What may change `fixed`, the text the step `fix` made of one of
    /// which `self` was found. Uncurled quotes and line breaks are ASCII;
    /// a ligature and a C1 control become letters and punctuation of
    /// which only quotes (`ŉ` is `ʼn`, byte 92 of Windows-1252 is `’`) are
    /// another step's; none of the four writes a combining mark or a
    /// character NFC may change, and none takes a character out from
    /// between two marks. After any other step (full-width forms become
    /// what NFKC makes of them, a removed control may bring two marks
    /// together) the text is looked at again.
    pub(crate) fn after(self, fix: FixId, fixed: &str) -> LaterSteps {
        match fix {
            FixId::UncurlQuotes | FixId::FixLineBreaks => self,
            FixId::FixLatinLigatures | FixId::FixC1Controls => LaterSteps {
                steps: self.steps | QUOTES,
                nfc: self.nfc,
            },
            _ => later_steps(fixed),
        }
    }
}

/// Which steps after the encoding repair, and whether NFC, may change
/// `text` (see the module docs).
pub(crate) fn later_steps(text: &str) -> LaterSteps {
    let bytes = text.as_bytes();
    let (mut steps, mut nfc, mut after_mark) = (0u16, false, false);
    // Every byte a step looks at is one the scan finds interesting, so
    // the plain ASCII between them is passed over.
    let mut at = skip_plain(bytes, 0);
    while let Some(&b0) = bytes.get(at) {
        if b0 < 0x80 {
            steps |= ascii_steps(b0);
            after_mark = false;
            at = skip_plain(bytes, at + 1);
            continue;
        }
        let (cp, len, entry) = char_entry(bytes, at, b0, false);
        at += len;
        let bits = scan_bits(entry);
        // Most characters: no step's, safe for NFC, no mark.
        if bits & (STEP | NFC_UNSAFE | NFC_MARK) == 0 {
            after_mark = false;
            continue;
        }
        if bits & STEP != 0 {
            steps |= steps_of(cp);
        }
        let mark = bits & NFC_MARK != 0;
        nfc |= bits & NFC_UNSAFE != 0 || (mark && after_mark);
        after_mark = mark;
    }
    LaterSteps { steps, nfc }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixes::apply_text_fixer;
    use crate::normalize::normalize;
    use crate::NormalizationForm;
    use std::borrow::Cow;

    /// The steps after the encoding repair that may change a `str`.
    fn later() -> impl Iterator<Item = FixId> {
        FixId::ALL.into_iter().filter(|&fix| bit(fix) != 0)
    }

    /// Every step that changes `text` is one [`later_steps`] names, and
    /// NFC changes it only when [`later_steps`] says it may.
    fn check(text: &str) {
        let found = later_steps(text);
        let config = Config::default();
        for fix in later() {
            let changed = matches!(
                apply_text_fixer(fix, text, &config),
                Some(Cow::Owned(fixed)) if fixed != text
            );
            assert!(
                !changed || found.may_change(fix),
                "{fix:?} changes {text:?}"
            );
        }
        let nfc_changed = matches!(normalize(text, NormalizationForm::Nfc), Cow::Owned(_));
        assert!(
            !nfc_changed || found.nfc_may_change(),
            "NFC changes {text:?}"
        );
    }

    #[test]
    fn every_character_a_step_changes_is_found() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let mut text = String::from("a");
            text.push(c);
            text.push('b');
            check(&text);
        }
        // Two marks out of canonical order, both safe alone (U+0305, 230;
        // U+0316, 220).
        let marks = "a\u{305}\u{316}";
        for text in ["\r\n", "x\u{1b}[31mred\u{1b}[0m", "e\u{301}\u{301}", marks] {
            check(text);
        }
    }

    /// The characters a step writes in place of each one it changes are
    /// those [`LaterSteps::after`] allows for.
    #[test]
    fn what_a_step_writes_is_allowed_for() {
        let config = Config::default();
        let mut texts: Vec<String> = (0..=0x10_FFFFu32)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}\u{305}"))
            .collect();
        texts.extend(["\u{305}\u{1b}[1m\u{316}", "\u{305}\u{7}\u{316}"].map(String::from));
        for text in &texts {
            let found = later_steps(text);
            for fix in later() {
                let Some(Cow::Owned(fixed)) = apply_text_fixer(fix, text, &config) else {
                    continue;
                };
                let allowed = found.after(fix, &fixed);
                let now = later_steps(&fixed);
                assert_eq!(now.steps & !allowed.steps, 0, "{fix:?} on {text:?}");
                assert!(!now.nfc || allowed.nfc, "{fix:?} on {text:?}: NFC");
            }
        }
    }

    /// Every character the scan's table gives the [`STEP`] bit is one
    /// [`steps_of`] lists: its fallback (every step) is never taken, so
    /// that the scan's `step_touches` answers for the configuration's steps
    /// alone.
    #[test]
    fn every_step_character_is_listed() {
        for c in (0x80..=0x10_FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let b0 = *bytes.first().expect("a character has a first byte");
            let (cp, _, entry) = char_entry(bytes, 0, b0, false);
            if scan_bits(entry) & STEP != 0 {
                assert_ne!(steps_of(cp), ALL, "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn the_steps_of_a_clean_line_are_none() {
        let found = later_steps("Zażółć gęślą jaźń — Łódź, 日本語, 👨‍👩‍👧");
        assert_eq!(later().count(), 7);
        assert!(later().all(|fix| !found.may_change(fix)));
        assert!(!found.nfc_may_change());
        let found = later_steps("“quoted”\r\n");
        assert!(found.may_change(FixId::UncurlQuotes) && found.may_change(FixId::FixLineBreaks));
        assert!(!found.may_change(FixId::FixCharacterWidth));
    }

    proptest::proptest! {
        #[test]
        fn strings_of_step_characters(picks in proptest::collection::vec(0usize..25, 0..16)) {
            const ALPHABET: [&str; 25] = [
                "a", " ", "\r", "\n", "\u{1b}", "[", "m", "\u{7f}", "\u{85}", "\u{92}", "ﬁ",
                "Ǆ", "ｆ", "\u{3000}", "’", "ʼ", "\u{2028}", "\u{feff}", "\u{301}", "\u{316}",
                "é", "e", "ᄀ", "ᅡ", "\u{305}",
            ];
            let text: String = picks
                .iter()
                .map(|&k| *ALPHABET.get(k).expect("picks index the alphabet"))
                .collect();
            check(&text);
        }
    }
}
