//! Detection that explains itself (feature `detect`): [`detect_bytes`]
//! says which encoding [`decode_bytes`](crate::decode_bytes) would read
//! bytes as, how sure it is, what else they could be, and in which
//! language they seem to be written, like Python's `chardet` and
//! `charset-normalizer`.
//!
//! The best encoding is always [`decode_bytes`](crate::decode_bytes)'s
//! choice, so the two never disagree. Its confidence, and those of the
//! alternatives, come from how the bytes read in each candidate:
//!
//! * a byte-order mark is certain (1.0), and so is 7-bit input without
//!   escape sequences (`ASCII`: every ASCII-compatible encoding reads it
//!   the same);
//! * valid UTF-8 grows surer with each multi-byte sequence (legacy text is
//!   valid UTF-8 only by chance, and each sequence halves that chance);
//! * for a legacy charset the candidates are `chardetng`'s guesses under
//!   the hints of sixteen country domains (so each region's charsets have
//!   their say), Mac Roman, and the relatives of the guess that
//!   `chardetng` does not know (IBM855 and x-mac-cyrillic beside the
//!   Cyrillic charsets, Johab beside EUC-KR). Each candidate reads the
//!   first 64 KiB; its *cost* counts U+FFFD for malformed sequences, rare
//!   and never-used characters (the commonness tiers of the plausibility
//!   model), C1 controls, script changes and capitals inside words and
//!   symbols between letters. Candidates that read the same text are one;
//!   weights fall exponentially with the cost above the cheapest, and the
//!   chosen encoding gets a bonus for `chardetng`'s own judgement, which
//!   grows with the text; but when another candidate reads cheaper text,
//!   the choice gets at most half the weight of the evidence.
//!
//! Every confidence is then scaled by the evidence: `n / (n + 3)` for `n`
//! non-ASCII characters, so a single accented letter gives at most 0.25
//! and a paragraph nearly its full weight. Short inputs get a low
//! confidence rather than a silent guess.
//!
//! The language comes from the text as read: the script where it tells
//! (Hangul, kana, Greek, Hebrew, Thai, ...), else marker letters and the
//! commonest short words of each language. `None` when nothing tells.

use std::borrow::Cow;

use crate::bytes::{self, Choice, DecodedAs, NamedEncoding};
use crate::codecs::ExtraEncoding;
use crate::detect::{cost, script, Script, SCRIPTS};

/// The most that is read in each candidate encoding.
const SAMPLE: usize = 64 * 1024;

/// Country domains whose hints make `chardetng` guess each region's
/// charsets: Cyrillic, Western, Central European (Windows and ISO), Greek,
/// Turkish, Hebrew, Arabic, Baltic, Vietnamese, Thai, Chinese, Japanese,
/// Korean, Icelandic.
const HINTS: [&[u8]; 16] = [
    b"ru", b"de", b"cz", b"pl", b"gr", b"tr", b"il", b"sa", b"lt", b"vn", b"th", b"cn", b"tw",
    b"jp", b"kr", b"is",
];

/// What [`detect_bytes`] found.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Detection {
    /// The encoding's name, as [`DecodedAs::encoding_name`] gives it, or
    /// `ASCII` for 7-bit input without escape sequences.
    pub encoding: &'static str,
    /// How [`decode_bytes`](crate::decode_bytes) reads the bytes.
    pub decoded_as: DecodedAs,
    /// How sure the detection is, from 0 to 1.
    pub confidence: f32,
    /// The language of the text, in English (`Russian`, `Japanese`), when
    /// the text tells.
    pub language: Option<&'static str>,
    /// Other encodings that read the bytes as different text, most likely
    /// first, each with its confidence (at most four, none below 0.01).
    pub alternatives: Vec<Alternative>,
}

/// An encoding the bytes could also be in.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Alternative {
    /// The encoding, ready to decode with ([`NamedEncoding::decode`]).
    pub encoding: NamedEncoding,
    /// How likely it is, from 0 to 1.
    pub confidence: f32,
    /// The language of the text as this encoding reads it.
    pub language: Option<&'static str>,
}

/// Detects the encoding of `bytes`, with a confidence, the alternatives and
/// the language (see the [module docs](self) for how).
///
/// ```
/// use unmojibake::detect_bytes;
///
/// // Russian in windows-1251.
/// let bytes = b"\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xdd\xf2\xee \xef\xf0\xee\xe2\xe5\xf0\xea\xe0 \xf1\xe2\xff\xe7\xe8.";
/// let found = detect_bytes(bytes);
/// assert_eq!(found.encoding, "windows-1251");
/// assert_eq!(found.language, Some("Russian"));
/// assert!(found.confidence > 0.5);
/// assert!(found.alternatives.iter().all(|a| a.confidence < found.confidence));
///
/// // A byte-order mark is certain; so is plain ASCII.
/// assert_eq!(detect_bytes(b"\xEF\xBB\xBFhi").confidence, 1.0);
/// assert_eq!(detect_bytes(b"plain text").encoding, "ASCII");
///
/// // One accented letter is thin evidence.
/// let short = detect_bytes(b"caf\xe9");
/// assert_eq!(short.encoding, "windows-1252");
/// assert!(short.confidence < 0.5);
/// ```
pub fn detect_bytes(bytes: &[u8]) -> Detection {
    let choice = bytes::choose(bytes, true);
    let decoded_as = choice.decoded_as();
    // A shorter input is read whole.
    let sample = bytes.get(..SAMPLE).unwrap_or(bytes);
    let text = bytes::decode_with_choice(sample, choice);
    let evidence = evidence(&text);
    let mut found = Detection {
        encoding: decoded_as.encoding_name(),
        decoded_as,
        confidence: 1.0,
        language: language(&text),
        alternatives: Vec::new(),
    };
    match choice {
        Choice::Bom(_) => {}
        Choice::Utf8 if sample.is_ascii() && memchr::memchr(0x1B, sample).is_none() => {
            found.encoding = "ASCII";
        }
        Choice::Utf8 => {
            let sequences = sample.iter().filter(|&&b| b >= 0xC0).count();
            let exponent = i32::try_from(sequences.min(30)).expect("at most 30");
            found.confidence = (1.0 - 0.5f32.powi(exponent + 1)).min(0.99);
            let legacy = crate::detect::guess_legacy(sample, true);
            found.alternatives = vec![Alternative {
                encoding: NamedEncoding::Encoding(legacy),
                confidence: 1.0 - found.confidence,
                language: language(&legacy.decode_without_bom_handling(sample).0),
            }];
        }
        Choice::Utf8Variants => found.confidence = 0.95 * scale(evidence),
        Choice::Mixed { invalid } => {
            // Each valid multi-byte sequence is evidence for UTF-8, each
            // stray byte against it.
            let sequences = sample.iter().filter(|&&b| b >= 0xC0).count();
            let valid = sequences.saturating_sub(invalid) as f32;
            found.confidence = 0.9 * valid / (valid + invalid as f32 + 1.0);
        }
        Choice::Detected(encoding) if crate::codecs::is_utf16(encoding) => {
            found.confidence = 0.95 * scale(sample.len() / 2);
        }
        Choice::Detected(encoding) if encoding == encoding_rs::ISO_2022_JP => {
            let escapes = memchr::memmem::find_iter(sample, b"\x1b$").count();
            found.confidence = 0.99 * scale(escapes * 3);
        }
        Choice::DetectedExtra(ExtraEncoding::Iso2022Kr) => {
            let shifts = memchr::memchr_iter(0x0E, sample).count();
            found.confidence = 0.99 * scale(shifts * 3);
        }
        Choice::DetectedExtra(
            ExtraEncoding::Utf32 | ExtraEncoding::Utf32Le | ExtraEncoding::Utf32Be,
        ) => {
            found.confidence = 0.95 * scale(sample.len() / 4);
        }
        Choice::Detected(_) | Choice::DetectedExtra(_) => {
            let chosen = match choice {
                Choice::DetectedExtra(extra) => NamedEncoding::Extra(extra),
                Choice::Detected(encoding) => NamedEncoding::Encoding(encoding),
                _ => NamedEncoding::Encoding(encoding_rs::WINDOWS_1252),
            };
            let (confidence, alternatives) = weigh(sample, chosen, &text, evidence);
            found.confidence = confidence;
            found.alternatives = alternatives;
        }
    }
    found
}

/// The non-ASCII characters of a text: the evidence that tells encodings
/// apart.
fn evidence(text: &str) -> usize {
    text.chars().filter(|c| !c.is_ascii()).count()
}

/// How much `n` pieces of evidence are worth: `n / (n + 3)`.
fn scale(n: usize) -> f32 {
    let n = n as f32;
    n / (n + 3.0)
}

/// A candidate's decoding of the sample.
fn read(sample: &[u8], encoding: NamedEncoding) -> Cow<'_, str> {
    match encoding {
        NamedEncoding::Encoding(e) => e.decode_without_bom_handling(sample).0,
        NamedEncoding::Extra(e) => Cow::Owned(e.decode_lossy(sample)),
        NamedEncoding::Codec(_) => Cow::Borrowed(""),
    }
}

/// The candidates beside `chosen`: `chardetng` under each hint, Mac Roman,
/// and the relatives `chardetng` does not know.
fn candidates(sample: &[u8], chosen: NamedEncoding) -> Vec<NamedEncoding> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let mut list = vec![chosen];
    let add = |candidate: NamedEncoding, list: &mut Vec<NamedEncoding>| {
        if !list.contains(&candidate) {
            list.push(candidate);
        }
    };
    let generic = detector.guess(None, chardetng::Utf8Detection::Deny);
    add(NamedEncoding::Encoding(generic), &mut list);
    for hint in HINTS {
        let guess = detector.guess(Some(hint), chardetng::Utf8Detection::Deny);
        add(NamedEncoding::Encoding(guess), &mut list);
    }
    add(NamedEncoding::Encoding(encoding_rs::MACINTOSH), &mut list);
    let cyrillic = [
        encoding_rs::WINDOWS_1251,
        encoding_rs::KOI8_R,
        encoding_rs::KOI8_U,
        encoding_rs::IBM866,
        encoding_rs::ISO_8859_5,
        encoding_rs::X_MAC_CYRILLIC,
    ];
    let guessed: Vec<NamedEncoding> = list.clone();
    if guessed
        .iter()
        .any(|g| matches!(g, NamedEncoding::Encoding(e) if cyrillic.contains(e)))
    {
        for e in cyrillic {
            add(NamedEncoding::Encoding(e), &mut list);
        }
        add(NamedEncoding::Extra(ExtraEncoding::Ibm855), &mut list);
    }
    let high = sample.iter().filter(|&&b| b >= 0x80).count();
    if guessed.contains(&NamedEncoding::Encoding(encoding_rs::EUC_KR)) || high * 4 >= sample.len() {
        add(NamedEncoding::Encoding(encoding_rs::EUC_KR), &mut list);
        add(NamedEncoding::Extra(ExtraEncoding::Johab), &mut list);
    }
    list
}

/// What `chardetng`'s choice is worth, in cost: a base, and a share per
/// non-ASCII character, since its judgement (a model of each language's
/// letter pairs) grows surer with the text as this crate's cost does.
const CHOSEN_BONUS: f32 = 2.0;
const CHOSEN_BONUS_PER_CHAR: f32 = 0.15;

/// How fast the weight falls with cost.
const SHARPNESS: f32 = 0.7;

/// The confidence of `chosen` and the alternatives, from their costs.
fn weigh(
    sample: &[u8],
    chosen: NamedEncoding,
    chosen_text: &str,
    evidence: usize,
) -> (f32, Vec<Alternative>) {
    let mut read_as: Vec<(NamedEncoding, String, f32)> = Vec::new();
    // The cheapest reading before the bonus, and the chosen one's.
    let (mut cheapest_other, mut chosen_cost) = (f32::INFINITY, f32::INFINITY);
    for candidate in candidates(sample, chosen) {
        let text = if candidate == chosen {
            Cow::Borrowed(chosen_text)
        } else {
            read(sample, candidate)
        };
        if text.is_empty() || read_as.iter().any(|(_, t, _)| t.as_str() == text) {
            continue;
        }
        let mut c = cost(&text);
        if candidate == chosen {
            chosen_cost = c;
        } else {
            cheapest_other = cheapest_other.min(c);
        }
        if candidate == chosen {
            c -= CHOSEN_BONUS + CHOSEN_BONUS_PER_CHAR * evidence as f32;
        }
        read_as.push((candidate, text.into_owned(), c));
    }
    let least = read_as
        .iter()
        .map(|(_, _, c)| *c)
        .fold(f32::INFINITY, f32::min);
    let weights: Vec<f32> = read_as
        .iter()
        .map(|(_, _, c)| (-(c - least) * SHARPNESS).exp())
        .collect();
    let total: f32 = weights.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let worth = scale(evidence);
    let mut confidence = 0.0;
    let mut alternatives = Vec::new();
    for ((candidate, text, _), weight) in read_as.iter().zip(&weights) {
        let share = weight / total * worth;
        if *candidate == chosen {
            // When another reading is cheaper, only `chardetng`'s view
            // speaks for the choice: no better than even.
            confidence = if cheapest_other < chosen_cost {
                share.min(0.5 * worth)
            } else {
                share
            };
        } else if share >= 0.01 {
            alternatives.push(Alternative {
                encoding: *candidate,
                confidence: share,
                language: language(text),
            });
        }
    }
    alternatives.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    alternatives.truncate(4);
    (confidence, alternatives)
}

/// Short words common in each language written in Latin letters.
const LATIN_WORDS: [(&str, &[&str]); 24] = [
    (
        "English",
        &[
            "the", "and", "of", "to", "is", "in", "that", "it", "with", "for", "are", "this",
            "was", "you", "not",
        ],
    ),
    (
        "German",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "eine", "zu", "von",
            "sie", "ich", "auf", "für", "sich",
        ],
    ),
    (
        "French",
        &[
            "le", "la", "les", "et", "des", "est", "une", "un", "du", "dans", "pour", "que", "qui",
            "pas", "sur", "au", "avec", "ce",
        ],
    ),
    (
        "Spanish",
        &[
            "el", "la", "los", "las", "y", "de", "que", "en", "es", "una", "por", "con", "para",
            "del", "se", "su", "más",
        ],
    ),
    (
        "Portuguese",
        &[
            "o", "os", "e", "de", "que", "não", "uma", "um", "com", "para", "do", "da", "em", "é",
            "mais", "ao",
        ],
    ),
    (
        "Italian",
        &[
            "il", "la", "di", "e", "che", "è", "per", "non", "un", "una", "con", "del", "della",
            "sono", "gli", "le",
        ],
    ),
    (
        "Dutch",
        &[
            "de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met",
            "voor", "die", "ik",
        ],
    ),
    (
        "Swedish",
        &[
            "och", "att", "det", "är", "en", "som", "på", "inte", "för", "med", "har", "jag", "av",
            "till",
        ],
    ),
    (
        "Danish",
        &[
            "og", "at", "det", "er", "en", "som", "på", "ikke", "for", "med", "har", "jeg", "af",
            "til",
        ],
    ),
    (
        "Norwegian",
        &[
            "og", "å", "det", "er", "en", "som", "på", "ikke", "for", "med", "har", "jeg", "av",
            "til",
        ],
    ),
    (
        "Finnish",
        &[
            "ja", "on", "ei", "se", "että", "oli", "ole", "hän", "mutta", "kun", "tai", "myös",
            "ovat", "sen",
        ],
    ),
    (
        "Polish",
        &[
            "i", "w", "nie", "się", "na", "że", "to", "z", "jest", "do", "jak", "co", "ale", "tak",
        ],
    ),
    (
        "Czech",
        &[
            "a", "je", "se", "na", "v", "že", "to", "s", "z", "do", "jsou", "by", "ale", "jak",
            "není",
        ],
    ),
    (
        "Slovak",
        &[
            "a", "je", "sa", "na", "v", "že", "to", "s", "z", "do", "sú", "by", "ale", "ako", "nie",
        ],
    ),
    (
        "Hungarian",
        &[
            "a", "az", "és", "hogy", "nem", "egy", "is", "van", "meg", "de", "ez", "mint", "csak",
        ],
    ),
    (
        "Romanian",
        &[
            "și", "şi", "de", "la", "în", "nu", "cu", "că", "o", "un", "pe", "este", "mai", "care",
            "din",
        ],
    ),
    (
        "Turkish",
        &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "ne", "çok", "ama", "gibi", "daha",
            "olarak",
        ],
    ),
    (
        "Croatian",
        &[
            "i", "je", "u", "da", "se", "na", "za", "su", "od", "ne", "koji", "kao", "ali", "što",
        ],
    ),
    (
        "Slovenian",
        &[
            "in", "je", "v", "da", "se", "na", "za", "so", "ki", "ne", "pa", "z", "tudi",
        ],
    ),
    (
        "Estonian",
        &[
            "ja", "on", "ei", "et", "see", "oli", "kui", "aga", "ka", "mis", "või",
        ],
    ),
    (
        "Latvian",
        &[
            "un", "ir", "ar", "par", "no", "uz", "kas", "ka", "bet", "lai", "nav",
        ],
    ),
    (
        "Lithuanian",
        &[
            "ir", "kad", "su", "ne", "į", "tai", "bet", "iš", "yra", "kaip", "jo",
        ],
    ),
    (
        "Icelandic",
        &[
            "og", "að", "er", "í", "á", "það", "ekki", "sem", "til", "með", "fyrir", "ég",
        ],
    ),
    (
        "Vietnamese",
        &[
            "của", "và", "là", "có", "không", "các", "những", "được", "trong", "cho", "một",
            "người", "này",
        ],
    ),
];

/// Short words common in each language written in Cyrillic, and letters
/// only that language's alphabet has (among these).
const CYRILLIC_WORDS: [(&str, &[&str], &str); 6] = [
    (
        "Russian",
        &[
            "и", "в", "не", "на", "что", "с", "он", "я", "как", "это", "по", "но", "из", "у", "за",
        ],
        "ыэъё",
    ),
    (
        "Ukrainian",
        &[
            "і", "в", "не", "на", "що", "з", "він", "я", "як", "це", "та", "до", "але", "у",
        ],
        "їєґі",
    ),
    (
        "Belarusian",
        &["і", "у", "не", "на", "што", "з", "ён", "як", "гэта", "да"],
        "ўі",
    ),
    (
        "Bulgarian",
        &[
            "и", "в", "не", "на", "да", "се", "от", "за", "е", "че", "с", "по", "са", "то", "като",
        ],
        "ъ",
    ),
    (
        "Serbian",
        &[
            "и", "у", "је", "да", "се", "на", "за", "су", "од", "не", "као",
        ],
        "ђћјљњџ",
    ),
    (
        "Macedonian",
        &[
            "и", "во", "не", "на", "да", "се", "од", "за", "е", "што", "со",
        ],
        "ѓќѕј",
    ),
];

/// The language of `text` when it tells (see the module docs).
pub(crate) fn language(text: &str) -> Option<&'static str> {
    let order = SCRIPTS;
    let mut counts = [0usize; SCRIPTS.len()];
    let mut kana = 0usize;
    for c in text.chars() {
        if ('\u{3040}'..='\u{30FF}').contains(&c) {
            kana += 1;
        }
        if let Some(i) = order.iter().position(|&s| s == script(c)) {
            *counts.get_mut(i).expect("one count per script of SCRIPTS") += 1;
        }
    }
    let letters: usize = counts.iter().sum();
    let (top, n) = counts
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(_, n)| n)
        .expect("one count per script");
    if n == 0 {
        return None;
    }
    // Non-Latin text often holds Latin words; it still counts as its own.
    let non_latin_top = counts
        .iter()
        .copied()
        .enumerate()
        .skip(1)
        .max_by_key(|&(_, n)| n)
        .expect("one count per script, and there are several");
    let (top, n) = if non_latin_top.1 * 4 >= letters.min(n * 4) && non_latin_top.1 > 0 {
        non_latin_top
    } else {
        (top, n)
    };
    let has = |set: &str| text.chars().any(|c| set.contains(c));
    Some(
        match order
            .get(top)
            .expect("`top` indexes the counts, one per script")
        {
            Script::Hangul => "Korean",
            Script::Cjk if kana * 20 >= n => "Japanese",
            Script::Cjk => "Chinese",
            Script::Greek => "Greek",
            Script::Hebrew => "Hebrew",
            Script::Arabic if has("ٹڈڑںے") => "Urdu",
            Script::Arabic if has("پچژگی") => "Persian",
            Script::Arabic => "Arabic",
            Script::Thai => "Thai",
            Script::Armenian => "Armenian",
            Script::Georgian => "Georgian",
            Script::Cyrillic => return cyrillic_language(text),
            Script::Latin => return latin_language(text),
            _ => return None,
        },
    )
}

/// Lower-cased words of `text`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The language whose entry scores highest, when it clearly does.
fn best_of(scores: impl Iterator<Item = (&'static str, usize)>) -> Option<&'static str> {
    let mut scores: Vec<_> = scores.collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.1));
    match scores.as_slice() {
        [(name, best), (_, second), ..] if *best >= 2 && best > second => Some(name),
        [(name, best)] if *best >= 2 => Some(name),
        _ => None,
    }
}

fn latin_language(text: &str) -> Option<&'static str> {
    let words: Vec<String> = words(text).take(2000).collect();
    best_of(LATIN_WORDS.iter().map(|(name, list)| {
        let hits = words.iter().filter(|w| list.contains(&w.as_str())).count();
        (*name, hits)
    }))
}

fn cyrillic_language(text: &str) -> Option<&'static str> {
    let words: Vec<String> = words(text).take(2000).collect();
    best_of(CYRILLIC_WORDS.iter().map(|(name, list, letters)| {
        let hits = words.iter().filter(|w| list.contains(&w.as_str())).count();
        let marks = text
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|c| letters.contains(*c))
            .count();
        (*name, hits + 2 * marks.min(50))
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        for (text, expected) in [
            (
                "Это проверка связи, и она работает как надо.",
                Some("Russian"),
            ),
            (
                "Це перевірка зв'язку, і вона працює як треба.",
                Some("Ukrainian"),
            ),
            (
                "The quick brown fox jumps over the lazy dog, and that is it.",
                Some("English"),
            ),
            (
                "Der schnelle braune Fuchs springt über den faulen Hund, und das ist gut.",
                Some("German"),
            ),
            ("日本語の文章です。", Some("Japanese")),
            ("中文文本的测试", Some("Chinese")),
            ("한국어 문장입니다", Some("Korean")),
            ("Καλημέρα κόσμε", Some("Greek")),
            ("12345", None),
        ] {
            assert_eq!(language(text), expected, "{text}");
        }
    }

    #[test]
    fn confidence_grows_with_evidence() {
        let short = detect_bytes(b"\xcf\xf0\xe8");
        let long = detect_bytes(
            &encoding_rs::WINDOWS_1251
                .encode("Привет, мир! Это проверка связи, и она работает как надо.")
                .0,
        );
        assert_eq!(long.encoding, "windows-1251");
        assert!(short.confidence < long.confidence, "{short:?} {long:?}");
        assert!(long.confidence > 0.7, "{long:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Any bytes: no panic, the encoding `decode_bytes` uses, and
        /// confidences that add up to at most 1.
        #[test]
        fn any_bytes_are_detected(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let found = detect_bytes(&bytes);
            proptest::prop_assert_eq!(found.decoded_as, crate::decode_bytes(&bytes).1);
            let total: f32 = found.alternatives.iter().map(|a| a.confidence).sum();
            proptest::prop_assert!((0.0..=1.0).contains(&found.confidence));
            proptest::prop_assert!(total + found.confidence <= 1.0001);
        }
    }

    #[test]
    fn every_confidence_is_a_probability() {
        for bytes in [
            &b""[..],
            b"\xFF\xFE\x00\x00a\x00\x00\x00",
            b"\xc3\xa9",
            b"caf\xe9 \xc3\xa9",
            b"\x1b$)C\x0e\x30\x21\x0f",
            b"\x88\x61\x88\x61",
            b"\x00\x00\x00\x00",
        ] {
            let found = detect_bytes(bytes);
            assert!((0.0..=1.0).contains(&found.confidence), "{found:?}");
            let total: f32 = found.alternatives.iter().map(|a| a.confidence).sum();
            assert!(total + found.confidence <= 1.0001, "{found:?}");
        }
    }
}
