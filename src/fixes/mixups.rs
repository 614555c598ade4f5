//! Beyond ftfy: text in one legacy encoding read as another, which ftfy
//! does not attempt.
//!
//! * [`fix_single_byte_mixup`]: a single-byte code page read as another one
//!   (python-ftfy #18, #91). Windows-1251 Cyrillic or Windows-1253 Greek
//!   read as Windows-1252 (`Ïðèâåò` for `Привет`), Windows-1252 read as
//!   Windows-1253 or 1251 (`Thιβtre`, `Thйвtre` for `Théâtre`), and Mac
//!   Roman read as Latin-1 or Windows-1252 or the reverse (`c\u{97}digo`
//!   for `código`, `ThÈ‚tre`). The text must show word-shape evidence
//!   (`src/plausibility.rs`) and the repair none, nor any doubt, nor look
//!   [bad](crate::is_bad). Text with C1 controls is read as Mac Roman only
//!   when that writes Mac Roman's small letters where Windows-1252 text
//!   does not put what they become (an undefined byte, a symbol glued to a
//!   letter, a capital inside a word; never in place of a small letter,
//!   and an apostrophe or quote only beside one of those), and the model
//!   finds it far more likely than ftfy's reading of the C1 controls as
//!   Windows-1252, which is by far the more common mistake. The pairs are
//!   tried in a fixed order and the first acceptable one wins.
//! * [`fix_cjk_mojibake`]: UTF-8 read as GBK, Shift_JIS, Big5 or EUC-KR
//!   (`浣犲ソ` for `你好`, python-ftfy #119, #34). The whole text must
//!   encode in the code page, the bytes must be valid UTF-8 that differs
//!   from the text, and the UTF-8 must look right: no control, private-use
//!   or replacement character, no evidence or doubt, not
//!   [bad](crate::is_bad), and either a character of three UTF-8 bytes or
//!   more that is a letter, digit or common symbol, or Latin text (Western
//!   letters next to letters or alone as a word, and Western punctuation only, no more of them
//!   than ASCII letters: `caf茅` for `café`).
//!
//! Both are recorded as an `encode` and a `decode` step, so a plan replays
//! them with [`apply_plan`](crate::apply_plan) (and ftfy's `apply_plan`
//! understands the CJK ones too).

use crate::chars::{is_alphabetic, is_alphanumeric};
use std::borrow::Cow;

use crate::codecs::{self, Codec};
use crate::plausibility::cjk::{first_cjk_lead, prefix_may_be_utf8, utf8_of_bytes_in, CJK_CODECS};
use crate::plausibility::model::{repair_is_convincing, Decoding};
use crate::plausibility::verdict::looks_right;
use crate::plausibility::{c1_reading_is_wrong, has_word_anomaly, single_byte_evidence};
use crate::step::Step;

/// The (wrongly used, right) code page pairs, in the order they are tried,
/// for text without C1 controls.
const SINGLE_BYTE_MIXUPS: [(Codec, Codec); 6] = [
    (Codec::SloppyWindows1252, Codec::SloppyWindows1251),
    (Codec::SloppyWindows1252, Codec::SloppyWindows1253),
    (Codec::SloppyWindows1252, Codec::MacRoman),
    (Codec::MacRoman, Codec::SloppyWindows1252),
    (Codec::SloppyWindows1253, Codec::SloppyWindows1252),
    (Codec::SloppyWindows1251, Codec::SloppyWindows1252),
];

/// Undoes a single-byte code page read as another (see the module docs).
///
/// ```
/// use unmojibake::fixes::fix_single_byte_mixup;
/// assert_eq!(fix_single_byte_mixup("Ïðèâåò, ìèð!"), "Привет, мир!");
/// assert_eq!(
///     fix_single_byte_mixup("Le Thιβtre de la ville et le Thιβtre du Chβtelet"),
///     "Le Théâtre de la ville et le Théâtre du Châtelet"
/// );
/// // Each letter lands where real words write it.
/// assert_eq!(fix_single_byte_mixup("le Thιβtre"), "le Théâtre");
/// // One odd letter is not evidence enough: Kabyle writes `ε`.
/// assert_eq!(fix_single_byte_mixup("Taεrabt"), "Taεrabt");
/// assert_eq!(fix_single_byte_mixup("café crème"), "café crème");
/// ```
pub fn fix_single_byte_mixup(text: &str) -> Cow<'_, str> {
    match single_byte_mixup(text, || has_word_anomaly(text)) {
        Some((fixed, _)) => Cow::Owned(fixed),
        None => Cow::Borrowed(text),
    }
}

/// [`fix_single_byte_mixup`] with its two plan steps; `evidence` tells
/// whether the text shows word-shape evidence.
pub(crate) fn single_byte_mixup(
    text: &str,
    evidence: impl FnOnce() -> bool,
) -> Option<(String, Vec<Step>)> {
    if text.is_ascii() {
        return None;
    }
    if text.chars().any(|c| matches!(u32::from(c), 0x80..=0x9F)) {
        return macroman_read_as_latin1(text);
    }
    if !evidence() || alphabet_sample(text) {
        return None;
    }
    let (shapes, latin1_share) = single_byte_evidence(text);
    for (wrong, right) in SINGLE_BYTE_MIXUPS {
        // Cyrillic and Greek read as Windows-1252 turn whole words into
        // Latin-1 letters; Western text has them here and there. The other
        // pairs need shapes that real words lack; reading Windows-1252 text
        // as Mac Roman needs two, as one alone is too often a real oddity
        // of accented text (`AtopÓse`, `%0A¿Quiere`).
        let reads_as_latin1 = wrong == Codec::SloppyWindows1252
            && matches!(right, Codec::SloppyWindows1251 | Codec::SloppyWindows1253);
        let enough = if reads_as_latin1 {
            shapes >= 1 || latin1_share >= 0.6
        } else if wrong == Codec::MacRoman {
            shapes >= 2
        } else {
            shapes >= 1
        };
        if !enough {
            continue;
        }
        if !codecs::possible_encoding(text, wrong) {
            continue;
        }
        let Ok(bytes) = codecs::encode(text, wrong) else {
            continue;
        };
        let Ok(fixed) = codecs::decode(&bytes, right) else {
            continue;
        };
        if fixed != text
            && looks_right(&fixed)
            && repair_is_convincing(text, &fixed, Decoding::SingleByte)
        {
            return Some((fixed, vec![Step::Encode(wrong), Step::Decode(right)]));
        }
    }
    None
}

/// Whether `text` holds a run of four ASCII letters in alphabetical order
/// (`abcd`, `ABCD`): a character-set sample such as `abcde ABCDE àèìòù`,
/// which no single-byte repair should touch.
fn alphabet_sample(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w.iter().all(u8::is_ascii_alphabetic)
            && w.windows(2)
                .all(|p| matches!(p, [a, b] if *b == a.wrapping_add(1)))
    })
}

/// Text with C1 controls: ftfy reads each as its Windows-1252 character.
/// When the text read as Mac Roman only changes what Mac Roman's letters
/// become in Windows-1252 ([`mac_roman_letters_written`]), looks right,
/// and the model finds it far more likely than ftfy's reading (or than
/// the text itself, when ftfy's reading of a C1 control is wrong), Mac
/// Roman bytes were read as Latin-1 (`tur\u{ed}stico`, `c\u{97}digo`)
/// or as Windows-1252, whose undefined bytes stay C1 controls
/// (`non \u{8f} un`, `pi\u{9d}`).
fn macroman_read_as_latin1(text: &str) -> Option<(String, Vec<Step>)> {
    let ftfy_reading = super::controls::fix_c1_controls(text);
    let c1_wrong = c1_reading_is_wrong(text);
    [Codec::Latin1, Codec::SloppyWindows1252]
        .into_iter()
        .find_map(|wrong| {
            let bytes = codecs::encode(text, wrong).ok()?;
            let fixed = codecs::decode(&bytes, Codec::MacRoman).ok()?;
            let convincing = mac_roman_letters_written(&ftfy_reading, &fixed)
                && looks_right(&fixed)
                && ((c1_wrong
                    && wrong == Codec::Latin1
                    && repair_is_convincing(text, &fixed, Decoding::SingleByte))
                    || repair_is_convincing(&ftfy_reading, &fixed, Decoding::SingleByte));
            convincing.then(|| {
                (
                    fixed,
                    vec![Step::Encode(wrong), Step::Decode(Codec::MacRoman)],
                )
            })
        })
}

/// Whether reading Windows-1252 text (`reading`, ftfy's reading of C1
/// controls) as Mac Roman (`fixed`, one character for one) writes Mac
/// Roman's small letters where Windows-1252 text does not put what they
/// become, at least once:
///
/// * a C1 control that Windows-1252 leaves undefined (`non \u{8f} un`);
/// * a symbol glued to the letter before it (`diret—rios` for
///   `diretórios`); a circumflex or tilde (`à`, `ò`) ending a word or
///   alone (`pu˜` for `può`, `passer ˆ`), not inside one (`N˜zamett˜n`);
/// * a capital after a small letter or alone as a word (`contŽm`,
///   `que Ž`).
///
/// A quote or apostrophe that becomes a small letter (`tur’stico`) counts
/// only beside one of those: Windows-1252 text writes apostrophes inside
/// words (`Sac’het`, `all’ora`, `Boole’schen`) and is read as Latin-1 far
/// more often than Mac Roman is. A letter that becomes punctuation
/// (`Ç%sÈ` for `«%s»`) is left to the model. Any other change, and any
/// small letter changed (`Vᚠ` for `Váš` is Windows-1252 read right),
/// rules the reading out.
fn mac_roman_letters_written(reading: &str, fixed: &str) -> bool {
    let chars: Vec<char> = reading.chars().collect();
    let at = |i: Option<usize>| i.and_then(|i| chars.get(i)).copied();
    let c1 = |c: char| matches!(u32::from(c), 0x80..=0x9F);
    let letter_or_c1 = |c: Option<char>| c.is_some_and(|c| is_alphabetic(c) || c1(c));
    let mut strong = 0usize;
    for (i, b) in fixed.chars().enumerate() {
        let Some(a) = at(Some(i)) else {
            return false;
        };
        if a == b {
            continue;
        }
        let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
        let alone = !letter_or_c1(before) && !letter_or_c1(after);
        if !b.is_lowercase() {
            // Mac Roman's punctuation read as Latin-1 letters (`Ç%sÈ`).
            if a.is_uppercase() && !is_alphabetic(b) {
                continue;
            }
            return false;
        }
        let fits = if c1(a) {
            true
        } else if a.is_uppercase() {
            before.is_some_and(char::is_lowercase) || alone
        } else if a.is_lowercase() {
            return false;
        } else if matches!(a, '‘' | '’' | '“' | '”') {
            if !letter_or_c1(before) {
                return false;
            }
            false
        } else if matches!(a, 'ˆ' | '˜') {
            // `à` and `ò` end words (`già`, `può`) or stand alone (`à`).
            !letter_or_c1(after)
        } else {
            letter_or_c1(before)
        };
        if !fits && !matches!(a, '‘' | '’' | '“' | '”') {
            return false;
        }
        strong += usize::from(fits);
    }
    strong > 0
}

/// Undoes UTF-8 read as GBK, Shift_JIS, Big5 or EUC-KR (see the module
/// docs).
///
/// ```
/// use unmojibake::fixes::fix_cjk_mojibake;
/// assert_eq!(fix_cjk_mojibake("浣犲ソ涓栫晫"), "你好世界");
/// // Alone, three characters say too little: `澶辫触` (`失败`) is left
/// // alone; in a line it is repaired.
/// assert_eq!(fix_cjk_mojibake("澶辫触"), "澶辫触");
/// assert_eq!(fix_cjk_mojibake("fts_close 澶辫触"), "fts_close 失败");
/// assert_eq!(fix_cjk_mojibake("縺薙ｓ縺ｫ縺｡縺ｯ"), "こんにちは");
/// assert_eq!(fix_cjk_mojibake("你好"), "你好");
/// ```
pub fn fix_cjk_mojibake(text: &str) -> Cow<'_, str> {
    match cjk_mojibake(text) {
        Some((fixed, _)) => Cow::Owned(fixed),
        None => Cow::Borrowed(text),
    }
}

/// [`fix_cjk_mojibake`] with its two plan steps.
pub(crate) fn cjk_mojibake(text: &str) -> Option<(String, Vec<Step>)> {
    let first = first_cjk_lead(text)?;
    for (k, codec) in CJK_CODECS.into_iter().enumerate() {
        if !prefix_may_be_utf8(text, first, codec) {
            continue;
        }
        let Some(fixed) = utf8_of_bytes_in(text, k) else {
            continue;
        };
        if fixed != text
            && cjk_repair_looks_right(&fixed)
            && repair_is_convincing(text, &fixed, Decoding::Utf8)
        {
            return Some((fixed, vec![Step::Encode(codec), Step::Decode(Codec::Utf8)]));
        }
    }
    None
}

fn cjk_repair_looks_right(fixed: &str) -> bool {
    let mut wide = false;
    let mut only_latin = true;
    let mut non_ascii = 0usize;
    let mut ascii_letters = 0usize;
    let chars: Vec<char> = fixed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let cp = u32::from(c);
        if cp < 0x80 {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                return false;
            }
            ascii_letters += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        non_ascii += 1;
        let unwanted = matches!(cp, 0x80..=0x9F | 0xE000..=0xF8FF | 0xFDD0..=0xFDEF | 0xFFF0..=0xFFFF)
            || cp >= 0xF_0000;
        if unwanted {
            return false;
        }
        if cp >= 0x800 {
            if !(is_alphanumeric(c) || common_symbol(cp)) {
                return false;
            }
            wide = true;
        }
        only_latin &= latin_letter_in_a_word(&chars, i) || latin_punctuation(c);
    }
    // Without a character of three UTF-8 bytes, the repair must be Latin
    // text: no more non-ASCII characters than ASCII letters.
    let latin_text = only_latin && ascii_letters >= non_ascii;
    non_ascii > 0 && (wide || latin_text) && looks_right(fixed)
}

/// A letter of Latin-1 or Latin Extended-A (the rare `Ŀ`, `ŀ` and `ŉ`
/// aside) with a letter of the same kind or an ASCII letter next to it, or
/// standing alone as a word (Portuguese `é`, Italian `è`, Norwegian `å`).
fn latin_letter_in_a_word(chars: &[char], i: usize) -> bool {
    let western = |c: char| {
        is_alphabetic(c)
            && matches!(u32::from(c), 0xC0..=0x17E)
            && !matches!(c, '\u{D7}' | '\u{F7}' | 'Ŀ' | 'ŀ' | 'ŉ')
    };
    let letter = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|&c| c.is_ascii_alphabetic() || western(c))
    };
    let edge = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .map_or(true, |&c| c.is_whitespace() || c.is_ascii_punctuation())
    };
    chars.get(i).is_some_and(|&c| western(c))
        && (letter(i.checked_sub(1))
            || letter(Some(i + 1))
            || edge(i.checked_sub(1)) && edge(Some(i + 1)))
}

/// Punctuation of Western text that a repair to Latin text may contain.
fn latin_punctuation(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '–'
            | '—'
            | '…'
            | '°'
            | '·'
            | '¿'
            | '¡'
            | '€'
            | 'ʼ'
            | 'ʻ'
            | '\u{A0}'
    )
}

/// Symbol and punctuation blocks that real text uses.
fn common_symbol(cp: u32) -> bool {
    matches!(
        cp,
        0x2000..=0x2BFF | 0x3000..=0x303F | 0x3200..=0x33FF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
            | 0x1_F000..=0x1_FAFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_pairs() {
        for (garbled, original) in [
            ("Ïðèâåò, ìèð!", "Привет, мир!"),
            ("ÊáëçìÝñá óáò", "Καλημέρα σας"),
            (
                "Le Thιβtre de la ville et le Thιβtre du Chβtelet",
                "Le Théâtre de la ville et le Théâtre du Châtelet",
            ),
            (
                "Le Thйвtre de la ville et le Thйвtre du Chвtelet",
                "Le Théâtre de la ville et le Théâtre du Châtelet",
            ),
            ("Coatl\u{87}n conf\u{92}an", "Coatlán confían"),
            // Mac Roman read as Latin-1, or as Windows-1252 whose undefined
            // bytes stay C1 controls.
            (
                "c\u{97}digo de sa\u{92}da de filhos",
                "código de saída de filhos",
            ),
            (
                "eseguire in modalit\u{88} server (in primo piano)",
                "eseguire in modalità server (in primo piano)",
            ),
            (
                "Ne touchez pas \u{88} la ligne ci-dessus.",
                "Ne touchez pas à la ligne ci-dessus.",
            ),
            (
                "la compatibilitˆ con le versioni pi\u{9d} vecchie",
                "la compatibilità con le versioni più vecchie",
            ),
            (
                "il parametro non \u{8f} un percorso assoluto",
                "il parametro non è un percorso assoluto",
            ),
            ("ThÈ‚tre", "Théâtre"),
            // Two letters, each moved into a context real words write.
            ("le Thιβtre", "le Théâtre"),
            // A Greek look-alike in a Latin word is no typo.
            (
                "Trace chaque commande de rιplication.",
                "Trace chaque commande de réplication.",
            ),
            // Mac Roman's quotes, no-break spaces and é read as 1252.
            (
                "Directory root Ç%sÈ non valida",
                "Directory root «%s» non valida",
            ),
            ("les options sontÊ: %s", "les options sont\u{A0}: %s"),
            (
                "la relaxation n'est pas supportŽe ici",
                "la relaxation n'est pas supportée ici",
            ),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), original, "{garbled}");
        }
    }

    #[test]
    fn windows_1252_read_as_latin1_stays_ftfy_s() {
        // Windows-1252 read as Latin-1 is far more common than Mac Roman:
        // an apostrophe or quote inside a word, a small letter, a tilde
        // inside a name are read as Windows-1252 (by ftfy's C1 fallback),
        // never as Mac Roman.
        for (garbled, ftfy_reading) in [
            ("barco tur\u{92}stico", "barco tur’stico"),
            ("Sac\u{92}het eo an urzh", "Sac’het eo an urzh"),
            ("miglia all\u{92}ora", "miglia all’ora"),
            ("einen Boole\u{92}schen Wert", "einen Boole’schen Wert"),
            ("host \u{93}%s\u{94}al", "host “%s”al"),
            ("Qoraqalpog\u{91}iston", "Qoraqalpog‘iston"),
            ("xhos\u{9a}tina", "xhosština"),
            ("Vlo\u{9e}te heslo:", "Vložte heslo:"),
            ("Lake N\u{98}zamett\u{98}n", "Lake N˜zamett˜n"),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), garbled, "{garbled}");
            assert_eq!(crate::fix_text(garbled), crate::fix_text(ftfy_reading));
        }
    }

    #[test]
    fn a_cyrillic_letter_glued_into_a_latin_word_is_read_back() {
        // One small Cyrillic letter that looks like no Latin one, where no
        // keyboard layout types it: first in a word, after its capital, or
        // at the end of a stem of three letters or more. Each lands in a
        // context that running text of the language writes.
        for (garbled, original) in [
            (
                "Nшglen er blevet tilbagekaldt",
                "Nøglen er blevet tilbagekaldt",
            ),
            ("Karlovarskэ kraj", "Karlovarský kraj"),
            (
                "Esperanto (Braziliл, Nativo)",
                "Esperanto (Brazilië, Nativo)",
            ),
            (
                "\"%s\" finns ej i PATH eller дr inte exekverbar",
                "\"%s\" finns ej i PATH eller är inte exekverbar",
            ),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), original, "{garbled}");
        }
        // After a stem of two letters it is as often a unit or a name typed
        // beside a format code or a number.
        for text in ["%liм %liс", "jaн00"] {
            assert_eq!(fix_single_byte_mixup(text), text, "{text}");
        }
    }

    #[test]
    fn one_odd_letter_is_not_evidence_enough() {
        // Each could be mojibake, but one or two changed letters in a short
        // text are as likely real: a look-alike letter typed on another
        // layout, a letter of a language that writes it (Kabyle `ε`).
        for text in [
            "Taεrabt",
            "viсs@eq.by",
            // Faux Cyrillic in a name.
            "KoЯn live in concert",
            "iншi",
            "stdÇ",
            "^[yYaAáÁ]",
            "Lake N˜zamett˜n",
            // Regular expressions' lists, a Greek word typed with Latin
            // look-alikes, a Greek unit before a Latin one.
            "[a-zÉá]{2,}",
            "[a-zÉáó]+",
            "kαι",
            "5 μmol",
        ] {
            assert_eq!(fix_single_byte_mixup(text), text, "{text}");
        }
    }

    #[test]
    fn ftfy_territory_and_clean_text_stay() {
        for text in [
            "\u{93}quoted\u{94}",
            "don\u{92}t",
            "café crème, naïve",
            "na hÉireann",
            "IFNγ and TNFα",
            "Привет",
            "ÉTÉ",
        ] {
            assert_eq!(fix_single_byte_mixup(text), text, "{text}");
        }
    }

    #[test]
    fn cjk() {
        assert_eq!(fix_cjk_mojibake("浣犲ソ 123"), "你好 123");
        assert_eq!(
            fix_cjk_mojibake("caf茅 cr猫me br没l茅e"),
            "café crème brûlée"
        );
        assert_eq!(fix_cjk_mojibake("caf茅"), "caf茅");
        assert_eq!(fix_cjk_mojibake("cafﾃｩ"), "café");
        assert_eq!(fix_cjk_mojibake("cd [目录]"), "cd [目录]");
        assert_eq!(fix_cjk_mojibake("¥300 for a bowl"), "¥300 for a bowl");
        assert_eq!(
            fix_cjk_mojibake("Param癡tre dirstat inconnu"),
            "Paramètre dirstat inconnu"
        );
        // A letter alone as a word is Latin text too (UTF-8 read as
        // EUC-KR); a lone syllable with no other evidence is left alone.
        assert_eq!(
            fix_cjk_mojibake("N찾o 챕 poss챠vel fazer mmap a um ficheiro vazio"),
            "Não é possível fazer mmap a um ficheiro vazio"
        );
        assert_eq!(
            fix_cjk_mojibake("Stilt til 책 hevast"),
            "Stilt til 책 hevast"
        );
        // Two ideographs that are common in Traditional Chinese: not evidence
        // enough for `大家`.
        assert_eq!(fix_cjk_mojibake("憭批振"), "憭批振");
        for clean in [
            "你好，世界",
            "こんにちは",
            "안녕하세요",
            "中文字",
            "使用Linux系统",
        ] {
            assert_eq!(fix_cjk_mojibake(clean), clean);
        }
        let (_, steps) = cjk_mojibake("浣犲ソ涓栫晫").unwrap();
        assert_eq!(
            steps,
            vec![Step::Encode(Codec::Gbk), Step::Decode(Codec::Utf8)]
        );
    }
}
