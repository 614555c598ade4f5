//! Beyond ftfy: text in one legacy encoding read as another, which ftfy
//! does not attempt.
//!
//! * [`fix_single_byte_mixup`]: a single-byte code page read as another one
//!   (python-ftfy #18, #91). Windows-1251 Cyrillic or Windows-1253 Greek
//!   read as Windows-1252 (`Ïðèâåò` for `Привет`), Windows-1252 read as
//!   Windows-1253 or 1251 (`Thιβtre`, `Thйвtre` for `Théâtre`), and Mac
//!   Roman read as Latin-1 or Windows-1252 or the reverse (`c\u{97}digo`
//!   for `código`, `ThÈ‚tre`). The text must show word-shape evidence
//!   (`src/plausibility.rs`), or, for Mac Roman and Windows-1252 read as
//!   each other, two places where it holds what one's small letter becomes
//!   in the other where no clean text does (`EntrÈe du dÈcalage`), or one
//!   in a line of three words or more (`Comparar trÍs ficheiros`); the
//!   repair must show none, nor any doubt, nor look [bad](crate::is_bad).
//!   A reading as Mac Roman must not put a capital after small letters, or
//!   a symbol beside a small letter, where a small letter stood (`ShãÐow`,
//!   a name styled with accents, is not `Sh„–ow`).
//!   Text with C1 controls is read as Mac Roman only when that writes Mac
//!   Roman's small letters where Windows-1252 text does not put what they
//!   become (an undefined byte, a symbol glued to a letter, a capital
//!   inside a word; never in place of a small letter, and an apostrophe or
//!   quote only beside one of those), and the model finds it far more
//!   likely than ftfy's reading of the C1 controls as Windows-1252, which
//!   is by far the more common mistake. Where a C1 control stands, ftfy's
//!   reading is a guess, not clean text: any change there is allowed
//!   beside that evidence (`\u{87}rvore`, `n\u{9c}mero`), for the model
//!   to weigh. The pairs with word-shape evidence
//!   are tried in a fixed order and the first acceptable one wins, but for
//!   Greek read as Windows-1252, which also reads as Cyrillic made of
//!   letters Cyrillic text seldom writes (`Бгньзуз` for `Αγνόηση`).
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
use crate::plausibility::legacy::{common_cyrillic_letters, unseen_letter_pairs};
use crate::plausibility::model::{judge, repair_is_convincing, Decoding};
use crate::plausibility::verdict::looks_right;
use crate::plausibility::{
    c1_reading_is_wrong, catalan_ll, has_word_anomaly, single_byte_evidence,
};
use crate::step::Step;

/// The share of Latin-1 letters among the letters of the non-ASCII words
/// of a text, when it has words of four Latin-1 letters or more
/// ([`single_byte_evidence`]), from which its words read as Cyrillic or
/// Greek read as Windows-1252 (`Ïðèâåò`).
const WHOLE_WORDS_SHARE: f64 = 0.6;

/// How many of the first [`SINGLE_BYTE_MIXUPS`] read Windows-1252 text as
/// Cyrillic or Greek.
const READ_AS_LATIN1: usize = 2;

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
    if alphabet_sample(text) {
        return None;
    }
    if evidence() {
        let (shapes, latin1_share) = single_byte_evidence(text);
        let found = shaped_single_byte_mixup(text, &SINGLE_BYTE_MIXUPS, shapes, latin1_share);
        if found.is_some() {
            return found;
        }
    }
    mac_roman_mixup(text)
}

/// Cyrillic or Greek read as Windows-1252 alone, on text whose words are
/// mostly Latin-1 letters, as theirs become: the encoding repair tries it
/// on bad text before the span and fragment repairs, which would read a
/// few of its characters as UTF-8 (`Â `, Bulgarian `В `, as a no-break
/// space whose last byte became a space), and which judge first a symbol
/// inside a word, also UTF-8 read as Windows-1252.
pub(crate) fn cyrillic_or_greek_mixup(text: &str) -> Option<(String, Vec<Step>)> {
    // A scan of the bytes first, before any character is decoded.
    if !has_latin1_word(text)
        || text.chars().any(|c| matches!(u32::from(c), 0x80..=0x9F))
        || alphabet_sample(text)
        || !codecs::possible_encoding(text, Codec::SloppyWindows1252)
    {
        return None;
    }
    let (shapes, latin1_share) = single_byte_evidence(text);
    let pairs = SINGLE_BYTE_MIXUPS.get(..READ_AS_LATIN1).unwrap_or_default();
    (latin1_share >= WHOLE_WORDS_SHARE)
        .then(|| shaped_single_byte_mixup(text, pairs, shapes, latin1_share))
        .flatten()
}

/// The `pairs` of [`SINGLE_BYTE_MIXUPS`] in turn, on text that shows
/// word-shape evidence. When Windows-1252 read as Windows-1251 convinces
/// but its Cyrillic is not mostly the common letters of Cyrillic text, and
/// the reading as Windows-1253 convinces too and writes no more pairs of
/// letters that real text does not write, the text is Greek: Greek read as
/// Windows-1252 (`Áãíüçóç`) reads as Cyrillic with letters no Cyrillic
/// text leans on (`Бгньзуз` for `Αγνόηση`). Ukrainian (`зсув файлу`) has
/// other common letters than Russian, but its Greek reading writes pairs
/// no Greek word has (`ηρσβ τΰιλσ`). One word of such Cyrillic, whose
/// Greek reading does not convince either, is left alone: it is as often
/// a name styled with accents (`ìçèìçê`, `мзимзк` or `μηθμηκ`).
fn shaped_single_byte_mixup(
    text: &str,
    pairs: &[(Codec, Codec)],
    shapes: usize,
    latin1_share: f64,
) -> Option<(String, Vec<Step>)> {
    let read = |wrong, right| read_with_evidence(text, wrong, right, shapes, latin1_share);
    for &(wrong, right) in pairs {
        let Some(found) = read(wrong, right) else {
            continue;
        };
        let cyrillic = (wrong, right) == (Codec::SloppyWindows1252, Codec::SloppyWindows1251);
        if cyrillic && !common_cyrillic_letters(&found.0) {
            let greek = read(Codec::SloppyWindows1252, Codec::SloppyWindows1253)
                .filter(|greek| unseen_letter_pairs(&greek.0) <= unseen_letter_pairs(&found.0));
            if let Some(greek) = greek {
                return Some(greek);
            }
            if latin1_words(text) < 2 {
                return None;
            }
        }
        return Some(found);
    }
    None
}

/// How many words of two letters beyond ASCII or more `text` holds, split
/// at anything else (`удаляемый_объект` as Windows-1251 read as 1252 holds
/// two).
fn latin1_words(text: &str) -> usize {
    text.split(|c: char| c.is_ascii() || !is_alphabetic(c))
        .filter(|w| w.chars().nth(1).is_some())
        .count()
}

/// `text` read as `wrong` and decoded as `right`, when it shows the
/// evidence that pair needs (`shapes` word shapes, `latin1_share` of
/// Latin-1 letters, from [`single_byte_evidence`]) and the reading looks
/// right and convinces the model.
fn read_with_evidence(
    text: &str,
    wrong: Codec,
    right: Codec,
    shapes: usize,
    latin1_share: f64,
) -> Option<(String, Vec<Step>)> {
    // Cyrillic and Greek read as Windows-1252 turn whole words into
    // Latin-1 letters; Western text has them here and there. The other
    // pairs need shapes that real words lack; reading Windows-1252 text
    // as Mac Roman needs two, as one alone is too often a real oddity
    // of accented text (`AtopÓse`, `%0A¿Quiere`).
    let reads_as_latin1 = wrong == Codec::SloppyWindows1252
        && matches!(right, Codec::SloppyWindows1251 | Codec::SloppyWindows1253);
    let enough = if reads_as_latin1 {
        shapes >= 1 || latin1_share >= WHOLE_WORDS_SHARE
    } else if wrong == Codec::MacRoman {
        shapes >= 2
    } else {
        shapes >= 1
    };
    if !enough || !codecs::possible_encoding(text, wrong) {
        return None;
    }
    let bytes = codecs::encode(text, wrong).ok()?;
    let fixed = codecs::decode(&bytes, right).ok()?;
    (fixed != text
        && (right != Codec::MacRoman || small_letters_stay_letters(text, &fixed))
        && looks_right(&fixed)
        && repair_is_convincing(text, &fixed, Decoding::SingleByte))
    .then(|| (fixed, vec![Step::Encode(wrong), Step::Decode(right)]))
}

/// Whether a reading of `input` as another single-byte code page, one
/// character for one (`output`), turns no small letter into a capital
/// after small letters of its word, or into a symbol beside one. Mac
/// Roman writes its capitals and punctuation where Windows-1252 has small
/// letters (`Á`, `„`, `Ë` for `ç`, `ã`, `è`), and text in Mac Roman read
/// as Windows-1252 holds them where they belong: capitals starting a word
/// or among capitals (`çrabe`, `çREA` for `Árabe`, `ÁREA`), quotes at a
/// word's edge (`ãHallo` for `„Hallo`). A reading that puts them inside a
/// word of small letters (`ShãÐow` into `Sh„–ow`, `BlaÐè` into `Bla–Ë`)
/// reads a name styled with accents, not mojibake. The one symbol real
/// words write there is Catalan's middle dot between two `l`
/// (`colálecci—` into `col·lecció`).
fn small_letters_stay_letters(input: &str, output: &str) -> bool {
    let a: Vec<char> = input.chars().collect();
    let b: Vec<char> = output.chars().collect();
    let small = |c: Option<&char>| c.is_some_and(|c| c.is_lowercase());
    a.iter().zip(&b).enumerate().all(|(i, (&x, &y))| {
        if x.is_ascii() || !x.is_lowercase() || y.is_lowercase() {
            return true;
        }
        let (before, after) = (i.checked_sub(1).and_then(|j| a.get(j)), a.get(i + 1));
        if y.is_uppercase() {
            // A capital may start a word (`çrabe` for `Árabe`), or what
            // follows an apostrophe (`l'ƒvolution` for `l'Évolution`),
            // not follow small letters (`blaÐè`).
            let head = a.get(..i).unwrap_or_default();
            return !head
                .iter()
                .rev()
                .take_while(|&&c| is_alphabetic(c))
                .any(|c| c.is_lowercase());
        }
        let catalan_dot = y == '·' && catalan_ll(&a, i);
        !(small(before) || small(after)) || catalan_dot
    })
}

/// The cost, in the input of [`mac_roman_mixup`], of each place where it
/// holds what one code page's small letter becomes in the other where
/// clean text does not put it ([`mac_roman_letters_written`]): as much as
/// a symbol glued between two letters, which the model already prices.
const MAC_ROMAN_SHAPE: u32 = 3;

/// Mac Roman read as Windows-1252 or the reverse, in text without C1
/// controls and without the word-shape evidence of the other pairs: the
/// reading must only write small letters where the text holds what they
/// become in the other code page, in two places at least where no clean
/// text does ([`MacRomanShapes::clear`]: `n‹o ... n‹o`, `EntrÈe du
/// dÈcalage`), or in one in a line of three words or more, where the
/// model has the words around it to judge by (`Comparar trÍs ficheiros
/// linha a linha`; not `iÚnico` alone), look right, and convince the
/// model. When both readings do,
/// the one the model finds far more likely than the other wins; two
/// readings as good as each other are no evidence.
fn mac_roman_mixup(text: &str) -> Option<(String, Vec<Step>)> {
    if !enough_mac_roman_places(text) {
        return None;
    }
    let read = |wrong: Codec, right: Codec| {
        let bytes = codecs::encode(text, wrong).ok()?;
        let fixed = codecs::decode(&bytes, right).ok()?;
        let shapes = mac_roman_letters_written(text, &fixed, text).clear;
        if shapes < 2 && !(shapes == 1 && sentence_like(text)) || !looks_right(&fixed) {
            return None;
        }
        let mut judgement = judge(text, &fixed, Decoding::SingleByte);
        judgement.input_cost = judgement
            .input_cost
            .saturating_add(MAC_ROMAN_SHAPE.saturating_mul(u32::try_from(shapes).ok()?));
        judgement
            .convincing()
            .then(|| (fixed, vec![Step::Encode(wrong), Step::Decode(right)]))
    };
    let as_mac = read(Codec::SloppyWindows1252, Codec::MacRoman);
    let as_1252 = read(Codec::MacRoman, Codec::SloppyWindows1252);
    match (as_mac, as_1252) {
        (Some(a), Some(b)) => {
            if repair_is_convincing(&a.0, &b.0, Decoding::SingleByte) {
                Some(b)
            } else if repair_is_convincing(&b.0, &a.0, Decoding::SingleByte) {
                Some(a)
            } else {
                None
            }
        }
        (a, b) => a.or(b),
    }
}

/// Whether `text` has three words with letters at least: a line the
/// model reads with enough around one place of a Mac Roman mix-up.
fn sentence_like(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().any(is_alphabetic))
        .nth(2)
        .is_some()
}

/// Whether `text` has enough places where [`mac_roman_letters_written`]
/// could find a clear shape (a non-ASCII capital after a small letter, or
/// after a capital that starts a word and before a small letter; a symbol
/// between two letters; a circumflex or tilde ending a word), and that one
/// of the two code pages encodes: two, or one in a line of three words
/// ([`sentence_like`]). The cheap test before reading a line in both,
/// which most lines fail.
pub(crate) fn enough_mac_roman_places(text: &str) -> bool {
    // The codecs that can still encode the text read so far: a line that
    // neither can encode (Cyrillic, CJK) is done with at its first such
    // character.
    let mut encodable = mac_or_1252_bits();
    let bytes = text.as_bytes();
    let mut places = 0usize;
    // Only a character beyond ASCII can be a place: the ASCII between them
    // is passed over, and the characters around each one are read where
    // it stands.
    let mut at = 0;
    while let Some(skip) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b >= 0x80))
    {
        at += skip;
        let rest = text
            .get(at..)
            .expect("a byte >= 0x80 after ASCII starts a character");
        let mut after_chars = rest.chars();
        let c = after_chars
            .next()
            .expect("a byte >= 0x80 starts a character");
        encodable &= codecs::charmap_mask(c);
        if encodable == 0 {
            return false;
        }
        let after = after_chars.next();
        let mut before_chars = text
            .get(..at)
            .expect("`at` is a character boundary")
            .chars();
        let before = before_chars.next_back();
        let place = mac_roman_place(c, before, || before_chars.next_back(), after);
        places += usize::from(place);
        if places >= 2 {
            return true;
        }
        at += c.len_utf8();
    }
    places == 1 && sentence_like(text)
}

/// Whether the non-ASCII character `c`, between `before` and `after` (with
/// `before2` the one before `before`, read only when needed), is a place
/// of [`enough_mac_roman_places`].
fn mac_roman_place(
    c: char,
    before: Option<char>,
    before2: impl FnOnce() -> Option<char>,
    after: Option<char>,
) -> bool {
    let letter = |c: Option<char>| c.is_some_and(is_alphabetic);
    if c.is_uppercase() {
        before.is_some_and(char::is_lowercase)
            || (before.is_some_and(char::is_uppercase)
                && !letter(before2())
                && after.is_some_and(char::is_lowercase))
    } else if matches!(c, 'ˆ' | '˜') {
        letter(before) && !letter(after)
    } else {
        !is_alphabetic(c)
            && !matches!(c, '·' | '–' | '—' | '‘' | '’' | '“' | '”')
            && letter(before)
            && letter(after)
    }
}

/// The bits of Windows-1252 and Mac Roman in a [`codecs::charmap_mask`].
fn mac_or_1252_bits() -> u16 {
    let codec_bit = |codec: Codec| {
        let k = codecs::CHARMAP_ENCODINGS
            .iter()
            .position(|&c| c == codec)
            .expect("Windows-1252 and Mac Roman are charmap codecs");
        1u16 << k
    };
    codec_bit(Codec::SloppyWindows1252) | codec_bit(Codec::MacRoman)
}

/// Whether `text` holds four characters of U+00C0–U+00FF in a row, the
/// cheap first test of a word of Latin-1 letters ([`single_byte_evidence`]'s
/// shape 5): each is the two bytes C3 80–BF.
fn has_latin1_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == 0xC3
            && bytes
                .get(i + 1)
                .is_some_and(|&c| (0x80..=0xBF).contains(&c))
        {
            run += 1;
            if run >= 4 {
                return true;
            }
            i += 2;
        } else {
            run = 0;
            i += 1;
        }
    }
    false
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
/// Roman bytes were read as Latin-1 (`c\u{97}digo`, `Coatl\u{87}n`)
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
            let found = mac_roman_letters_written(&ftfy_reading, &fixed, text);
            let convincing = found.shapes + found.dashes > 0
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

/// How many times reading Windows-1252 text as Mac Roman, or the reverse
/// (`reading` into `fixed`, one character for one), writes a small letter
/// where `reading` holds what it becomes in the other code page in a place
/// clean text does not put it: none when it changes anything else.
///
/// Each of these counts:
///
/// * a C1 control that Windows-1252 leaves undefined (`non \u{8f} un`);
/// * a symbol glued to the letter before it (`est‡` for `está`, `ir·`
///   for `irá`), but not before a digit, nor Catalan's `l·l`; a circumflex or tilde
///   (`à`, `ò`) ending a word or alone (`pu˜` for `può`, `passer ˆ`), not
///   inside one (`N˜zamett˜n`);
/// * a capital after a small letter, alone as a word, or after the
///   capital that starts a word and before a small letter (`contŽm`,
///   `que Ž`, `CÛdigo`).
///
/// A dash glued to a letter before it that becomes a small letter
/// (`funci—n`, `s— pode`) is counted apart ([`MacRomanShapes::dashes`]). A quote or apostrophe
/// between letters (`tur’stico`) is allowed only beside one of those:
/// clean text writes them inside words (`Sac’het`, `all’ora`,
/// `neo–aithnichte`), and Windows-1252 read as Latin-1 is far more common
/// than Mac Roman. A capital that becomes punctuation (`Ç%sÈ` for `«%s»`)
/// is left to the model. Any other change, and any small letter changed
/// (`Vᚠ` for `Váš` is Windows-1252 read right), rules the reading out,
/// but where `origin`, the text `reading` was read out of, holds a C1
/// control: what stands there in `reading` is ftfy's guess at it, no more
/// clean text than Mac Roman's, and a change there is allowed beside
/// evidence (`\u{87}rvore`, `n\u{9c}mero` and `\u{83}chec`, read as
/// `‡rvore`, `nœmero` and `ƒchec`, are `árvore`, `número` and `Échec`),
/// which the model then weighs.
fn mac_roman_letters_written(reading: &str, fixed: &str, origin: &str) -> MacRomanShapes {
    let chars: Vec<char> = reading.chars().collect();
    let origin: Vec<char> = origin.chars().collect();
    let at = |i: Option<usize>| i.and_then(|i| chars.get(i)).copied();
    let c1 = |c: char| matches!(u32::from(c), 0x80..=0x9F);
    let letter_or_c1 = |c: Option<char>| c.is_some_and(|c| is_alphabetic(c) || c1(c));
    let mut found = MacRomanShapes::default();
    for (i, b) in fixed.chars().enumerate() {
        let Some(a) = at(Some(i)) else {
            return MacRomanShapes::default();
        };
        if a == b {
            continue;
        }
        let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
        let fit = if !b.is_lowercase() {
            // Mac Roman's punctuation read as Latin-1 capitals (`Ç%sÈ`).
            if a.is_uppercase() && !is_alphabetic(b) {
                Fit::Allowed
            } else {
                Fit::No
            }
        } else if c1(a) {
            Fit::Shape { clear: true }
        } else if a.is_uppercase() {
            let starts_word = before.is_some() && !letter_or_c1(at(i.checked_sub(2)));
            let alone = !letter_or_c1(before) && !letter_or_c1(after);
            // Irish writes a small `h`, `n` or `t` before a capital vowel
            // (`na hÁise`).
            let irish = starts_word && matches!(before, Some('h' | 'n' | 't'));
            let inside = (before.is_some_and(char::is_lowercase) && !irish)
                || (before.is_some_and(char::is_uppercase)
                    && starts_word
                    && after.is_some_and(char::is_lowercase));
            if inside {
                Fit::Shape { clear: true }
            } else {
                Fit::shape_if(alone || before.is_some_and(char::is_lowercase))
            }
        } else if is_alphabetic(a) && a.is_lowercase() {
            Fit::No
        } else if matches!(a, '–' | '—') {
            if letter_or_c1(before) && !after.is_some_and(|c| c.is_numeric()) {
                Fit::Dash
            } else {
                Fit::No
            }
        } else if matches!(a, '‘' | '’' | '“' | '”') {
            if letter_or_c1(before) && letter_or_c1(after) {
                Fit::Allowed
            } else {
                Fit::No
            }
        } else if a == '·' && [before, after].iter().all(|c| matches!(c, Some('l' | 'L'))) {
            // Catalan's `l·l`.
            Fit::No
        } else if matches!(a, 'ˆ' | '˜') {
            if letter_or_c1(after) {
                Fit::No
            } else if letter_or_c1(before) {
                Fit::Shape { clear: true }
            } else {
                Fit::shape_if(true)
            }
        } else if letter_or_c1(before) && !after.is_some_and(|c| c.is_numeric()) {
            // A middle dot between letters is also a visible space
            // (`Missing·argument`), and any symbol may end a word
            // (`Brand™`, `Smith‡`).
            Fit::Shape {
                clear: letter_or_c1(after) && a != '·',
            }
        } else {
            Fit::No
        };
        let guessed = origin.get(i).is_some_and(|&c| c1(c));
        match fit {
            Fit::No if guessed => {}
            Fit::No => return MacRomanShapes::default(),
            Fit::Allowed => {}
            Fit::Dash => found.dashes += 1,
            Fit::Shape { clear } => {
                found.shapes += 1;
                found.clear += usize::from(clear);
            }
        }
    }
    found
}

/// What [`mac_roman_letters_written`] counts.
#[derive(Clone, Copy, Default)]
struct MacRomanShapes {
    /// Shapes clean text does not write.
    shapes: usize,
    /// Those of them that no clean text writes: a capital inside a word
    /// (`contŽm`, `CÛdigo`; not Irish `na hÁise`), a symbol between two
    /// letters (`n‹o`; not a middle dot, `Missing·argument`), a circumflex
    /// or tilde ending a word (`pu˜`). Not a capital alone (Irish `Ó`), nor
    /// a symbol ending a word (`Brand™`, `Smith‡`). Text without C1
    /// controls, clean until proven otherwise, needs two of these.
    clear: usize,
    /// Dashes glued to a letter read as small letters (`funci—n`):
    /// evidence only against ftfy's reading of C1 controls, where the
    /// model has the last word; clean text writes them (`neo–aithnichte`,
    /// `Ein– und Ausgang`).
    dashes: usize,
}

/// What one changed character of [`mac_roman_letters_written`] is.
enum Fit {
    /// A shape clean text does not write: evidence; `clear` when clean
    /// text of any language never writes it (see [`MacRomanShapes::clear`]).
    Shape { clear: bool },
    /// Allowed beside evidence, no evidence itself.
    Allowed,
    /// A dash between letters: see [`MacRomanShapes::dashes`].
    Dash,
    /// Rules the reading out.
    No,
}

impl Fit {
    fn shape_if(shape: bool) -> Fit {
        if shape {
            Fit::Shape { clear: false }
        } else {
            Fit::No
        }
    }
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
    fn mac_roman_writes_no_capital_or_symbol_inside_small_words() {
        // Names styled with accents: read as Mac Roman, their small
        // letters would become quotes, dashes and capitals inside words.
        for name in [
            "ShãÐow",
            "BlaÐè",
            "blaÐèkiller",
            "xXdarkÐëathXx",
            "GamerÐéath",
        ] {
            assert_eq!(fix_single_byte_mixup(name), name);
            assert_eq!(crate::fix_text(name), name);
        }
        // Mac Roman's capitals start words, and its middle dot stands
        // between two `l` in Catalan.
        for (input, output, kept) in [
            ("çrabe", "Árabe", true),
            ("l'ƒvolution", "l'Évolution", true),
            ("colálecci—", "col·lecció", true),
            ("blaÐè", "bla–Ë", false),
            ("ShãÐow", "Sh„–ow", false),
            ("coláecci—", "col·ecció", false),
        ] {
            assert_eq!(small_letters_stay_letters(input, output), kept, "{input}");
        }
        for (garbled, original) in [
            (
                "çrabe (QWERTY, numerales ar‡bigos orientales)",
                "Árabe (QWERTY, numerales arábigos orientales)",
            ),
            (
                "ƒcrire dans le fichier NOM, plut™t que sur la sortie standard",
                "Écrire dans le fichier NOM, plutôt que sur la sortie standard",
            ),
        ] {
            assert_eq!(crate::fix_text(garbled), original);
        }
    }

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
    fn greek_read_as_windows_1252_is_not_read_as_cyrillic() {
        // Both code pages read these convincingly; the Cyrillic reading is
        // made of letters Cyrillic text seldom writes, the Greek one of
        // pairs Greek words write. (A short word can pass for Cyrillic:
        // `Âßíôåï` is still read as `ВЯнфеп`, half of it common letters.)
        for (garbled, original) in [
            ("Áãíüçóç êñõöþí", "Αγνόηση κρυφών"),
            ("Üãíùóôï ðñüèåìá: %s", "άγνωστο πρόθεμα: %s"),
        ] {
            let cyrillic = codecs::decode(
                &codecs::encode(garbled, Codec::SloppyWindows1252).unwrap(),
                Codec::SloppyWindows1251,
            )
            .unwrap();
            assert!(repair_is_convincing(
                garbled,
                &cyrillic,
                Decoding::SingleByte
            ));
            assert_eq!(fix_single_byte_mixup(garbled), original);
        }
        // Cyrillic stays Cyrillic, Ukrainian and Bulgarian too, whose common
        // letters are not all Russian's.
        for (garbled, original) in [
            (
                "çñóâ ôàéëó ó ôàéë³ äàìïó çàâåëèêèé",
                "зсув файлу у файлі дампу завеликий",
            ),
            ("Ïå÷àò êúì LPR", "Печат към LPR"),
            ("Êëþ÷úò íå ïîääúðæà çàïèñ", "Ключът не поддържа запис"),
            ("óäàëÿåìûé_îáúåêò", "удаляемый_объект"),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), original);
        }
        // One word whose Cyrillic is of letters Cyrillic text seldom writes
        // and whose Greek has no accent: a name styled with accents.
        for styled in ["ìçèìçê", "«Ìçèîçé»", "xXïçèïçêXx"] {
            assert_eq!(latin1_words(styled), 1);
            assert_eq!(fix_single_byte_mixup(styled), styled);
        }
        assert_eq!(latin1_words("óäàëÿåìûé_îáúåêò"), 2);
        assert_eq!(latin1_words("Ô'ÿðäàá³ããä"), 2);
    }

    #[test]
    fn latin1_words_are_found_by_their_bytes() {
        assert!(has_latin1_word("Â ìîìåíòà"));
        assert!(has_latin1_word("x Ïðèâåò"));
        // UTF-8 read as Windows-1252 puts other bytes between them.
        assert!(!has_latin1_word("CafÃ© Ã©Ã©Ã©"));
        assert!(!has_latin1_word("ÐŸÑ€Ð¸Ð²ÐµÑ‚"));
        assert!(!has_latin1_word("èâå"));
        assert_eq!(cyrillic_or_greek_mixup("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€"), None);
    }

    #[test]
    fn one_mac_roman_place_in_a_line_of_three_words() {
        // One place no clean text writes, with words around it.
        for (garbled, original) in [
            (
                "Comparar trÍs ficheiros linha a linha.",
                "Comparar três ficheiros linha a linha.",
            ),
            (
                "-z sÛ faz sentido com --stdin",
                "-z só faz sentido com --stdin",
            ),
            (
                "Warnungen werden unterdr¸ckt",
                "Warnungen werden unterdrückt",
            ),
        ] {
            assert!(sentence_like(garbled));
            assert_eq!(fix_single_byte_mixup(garbled), original);
        }
        // Alone, or with one word beside it, the place is no evidence.
        for text in ["iÚnico", "Ossetiano (GeÛrgia)", "BotÛn Cancelar"] {
            assert!(!sentence_like(text));
            assert!(!enough_mac_roman_places(text));
            assert_eq!(fix_single_byte_mixup(text), text);
        }
        // Names and identifiers that write such a place stay: the model
        // does not believe the reading.
        for text in ["my name is JÚlio Costa", "use o campoÚnico aqui"] {
            assert_eq!(fix_single_byte_mixup(text), text);
        }
    }

    #[test]
    fn mac_roman_and_windows_1252_read_as_each_other() {
        // Two places or more where the text holds what a small letter of
        // one code page becomes in the other, where no clean text does.
        for (garbled, original) in [
            ("EntrÈe du dÈcalage %u", "Entrée du décalage %u"),
            (
                "refrescar informaÁ„o de stat",
                "refrescar informação de stat",
            ),
            (
                "%s: %s n„o È nem um directÛrio, nem um symlink.",
                "%s: %s não é nem um directório, nem um symlink.",
            ),
            (
                "n‹o foi poss’vel inspecionar, pid %d n‹o localizado",
                "não foi possível inspecionar, pid %d não localizado",
            ),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), original, "{garbled}");
        }
        // What clean text writes: a symbol ending a word, a middle dot
        // between letters, Irish capitals after `h` and alone, a dash in a
        // compound or a range, Catalan's `l·l`.
        for text in [
            "Brand™ name",
            "Smith‡ and Jones‡",
            "Missing·argument·for·%s",
            "Tch·ad",
            "Oirthear na hÁise",
            "Ó Heoghain, Ó Maoileoin and Ó Duithche",
            "(aonad airgeadra neo–aithnichte)",
            "Korea, malnova (3a–9a jarcentoj)",
            "Torna a instal·lar els paquets ja instal·lats",
        ] {
            assert_eq!(fix_single_byte_mixup(text), text, "{text}");
            assert_eq!(crate::fix_encoding(text), text, "{text}");
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
            // Beside a symbol glued to a word (`Smith‡`), quotes and a
            // dash stay Windows-1252's, and so do `œ` in French words.
            (
                "It\u{92}s \u{93}quoted\u{94} by Smith\u{87} and Jones\u{86}",
                "It’s “quoted” by Smith‡ and Jones†",
            ),
            (
                "Le c\u{9c}ur de l\u{92}\u{9c}uvre \u{97} vraiment",
                "Le cœur de l’œuvre — vraiment",
            ),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), garbled, "{garbled}");
            assert_eq!(crate::fix_text(garbled), crate::fix_text(ftfy_reading));
        }
    }

    #[test]
    fn mac_roman_read_as_latin1_where_c1_controls_stand() {
        // What ftfy's reading puts where a C1 control stood is its guess,
        // not clean text: beside evidence (`‹` glued to `adi`, an undefined
        // byte, `‡` glued to a word), a word starting with `‡`, a `œ` or
        // an `ƒ` is weighed by the model, not taken as Windows-1252's.
        for (garbled, original) in [
            (
                "Submeter adi\u{8d}\u{8b}o para cen\u{87}rio e \u{87}rvore-trabalho",
                "Submeter adição para cenário e árvore-trabalho",
            ),
            (
                "Esperado um n\u{9c}mero de vers\u{8b}o 4 ou 5",
                "Esperado um número de versão 4 ou 5",
            ),
            (
                "\u{83}chec de la mise \u{88} jour",
                "Échec de la mise à jour",
            ),
            ("El men\u{9c} est\u{87} vac\u{92}o", "El menú está vacío"),
        ] {
            assert_eq!(fix_single_byte_mixup(garbled), original, "{garbled}");
        }
        // The rest of the text is held to the clean-text rules: a small
        // letter that is not a C1 control's stays (`Vᚠ` for `Váš`).
        assert_eq!(
            fix_single_byte_mixup("V\u{e1}\u{9a} n\u{8b}o"),
            "V\u{e1}\u{9a} n\u{8b}o"
        );
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

    /// The first version of [`enough_mac_roman_places`], character by
    /// character: the twin the property test compares it with.
    fn enough_mac_roman_places_char_by_char(text: &str) -> bool {
        // The codecs that can still encode the text read so far: a line that
        // neither can encode (Cyrillic, CJK) is done with at its first such
        // character.
        let mut encodable = mac_or_1252_bits();
        let (mut before2, mut before, mut places) = (None::<char>, None::<char>, 0usize);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let after = chars.peek().copied();
            if !c.is_ascii() {
                encodable &= codecs::charmap_mask(c);
                if encodable == 0 {
                    return false;
                }
                places += usize::from(mac_roman_place(c, before, || before2, after));
                if places >= 2 {
                    return true;
                }
            }
            (before2, before) = (before, Some(c));
        }
        places == 1 && sentence_like(text)
    }

    proptest::proptest! {
        #[test]
        fn mac_roman_places_skip_ascii_as_the_twin_reads_it(
            picks in proptest::collection::vec(0usize..40, 0..24)
        ) {
            const ALPHABET: [&str; 40] = [
                "a", "b", "Z", "Q", " ", ".", "'", "-", "1", "ab", "Ab", "é", "è", "ç",
                "É", "Ç", "Å", "Ä", "ˆ", "˜", "„", "•", "√", "π", "·", "–", "—", "‘",
                "’", "“", "”", "ß", "Ð", "Ω", "Ж", "ж", "日", "\u{301}", "ﬁ", "😀",
            ];
            let text: String = picks
                .iter()
                .map(|&k| *ALPHABET.get(k).expect("picks index the alphabet"))
                .collect();
            proptest::prop_assert_eq!(
                enough_mac_roman_places(&text),
                enough_mac_roman_places_char_by_char(&text),
                "{:?}", text
            );
        }
    }
}
