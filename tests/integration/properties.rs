//! Property tests: invariants of the public API on generated text.
//!
//! Every property runs a fixed number of cases from a fixed seed, so a run is
//! deterministic and no failure-persistence files are written. Set
//! `UNMOJIBAKE_PROPTEST_CASES` to run more cases (e.g. 10000 locally) and
//! `UNMOJIBAKE_PROPTEST_SEED` to explore another part of the space.
//!
//! The properties:
//! - `fix_text` is idempotent whenever its first pass creates no new line
//!   break (see [`fix_text_is_idempotent`] for why that condition is needed);
//!   `fix_encoding` is idempotent without condition;
//! - `fix_text` and `fix_encoding` borrow exactly when the output equals the
//!   input, and clean ASCII passes through;
//! - the plans of `fix_and_explain` and `fix_encoding_and_explain` replay with
//!   `apply_plan` to the same text, for any input and configuration;
//! - the fast path (`Fixer::fix`) equals repairing each segment through the
//!   explaining path (see [`fast_path`] to point it at a dedicated scanner);
//! - real words garbled through each candidate codec, one and two layers,
//!   come back exactly under the condition stated at [`enough_evidence`];
//! - switching an option off keeps its step out of every plan;
//! - `fix_bytes` returns text for any bytes (and `fix_text`'s text for
//!   UTF-8);
//! - `fix_stream`'s output does not depend on read boundaries.

use std::borrow::Cow;

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, RngSeed};
use unmojibake::codecs::{self, Codec};
use unmojibake::fixes::FixId;
use unmojibake::{
    apply_plan, apply_plan_with, fix_and_explain, fix_bytes, fix_encoding,
    fix_encoding_and_explain, fix_stream, fix_text, fix_text_with, is_bad, Config, Fixer,
    HtmlUnescape, InputEncoding, NormalizationForm, Step, StreamOptions,
};

// ---------------------------------------------------------------------------
// Runner configuration
// ---------------------------------------------------------------------------

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// A deterministic runner with `cases` cases (or `UNMOJIBAKE_PROPTEST_CASES`).
fn runner(cases: u32) -> RunnerConfig {
    let cases = env_number("UNMOJIBAKE_PROPTEST_CASES")
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(cases);
    RunnerConfig {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(env_number("UNMOJIBAKE_PROPTEST_SEED").unwrap_or(0x6674_6679)),
        max_shrink_iters: 4096,
        // The garbling properties reject inputs outside their condition.
        max_global_rejects: cases.saturating_mul(16),
        ..RunnerConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Languages and codecs
// ---------------------------------------------------------------------------

/// ftfy 6.3.1's candidate codecs (`CHARMAP_ENCODINGS`), in its order.
const CANDIDATES: [&str; 10] = [
    "latin-1",
    "sloppy-windows-1252",
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
];

fn codec(name: &str) -> Codec {
    Codec::from_name(name).unwrap_or_else(|| panic!("unknown codec {name}"))
}

/// Text encoded as UTF-8 and decoded with `codec_name`: one layer of
/// mojibake. The candidate codecs decode every byte.
fn garble(text: &str, codec_name: &str) -> String {
    codecs::decode(text.as_bytes(), codec(codec_name))
        .unwrap_or_else(|e| panic!("{codec_name} cannot decode {text:?}: {e}"))
}

const FRENCH: &[&str] = &[
    "café",
    "élève",
    "être",
    "déjà",
    "garçon",
    "naïve",
    "cœur",
    "où",
    "château",
    "forêt",
    "hôpital",
    "Noël",
    "préféré",
    "répondre",
    "août",
    "théâtre",
    "français",
    "reçu",
    "fenêtre",
    "très",
];
const SPANISH: &[&str] = &[
    "señor",
    "niño",
    "canción",
    "árbol",
    "corazón",
    "mañana",
    "pingüino",
    "está",
    "también",
    "¿qué?",
    "¡olé!",
    "información",
    "años",
    "después",
    "música",
    "último",
    "España",
];
const GERMAN: &[&str] = &[
    "Straße",
    "Mädchen",
    "über",
    "schön",
    "Größe",
    "Bäume",
    "Übung",
    "Käse",
    "hören",
    "Füße",
    "müssen",
    "Brötchen",
    "Äpfel",
    "weiß",
    "Öl",
    "grün",
];
const PORTUGUESE: &[&str] = &[
    "não",
    "coração",
    "informações",
    "você",
    "avó",
    "maçã",
    "ação",
    "público",
    "está",
    "três",
    "pão",
    "irmã",
    "português",
];
const CZECH: &[&str] = &[
    "příliš",
    "žluťoučký",
    "kůň",
    "úpěl",
    "ďábelské",
    "ódy",
    "čeština",
    "řeka",
    "město",
    "hřebíček",
    "šťastný",
    "dítě",
    "ňadra",
];
const POLISH: &[&str] = &[
    "zażółć",
    "gęślą",
    "jaźń",
    "łódź",
    "źródło",
    "książka",
    "ćma",
    "węgiel",
    "śnieg",
    "żółw",
    "Gdańsk",
    "mówić",
    "się",
];
const HUNGARIAN: &[&str] = &[
    "árvíztűrő",
    "tükörfúrógép",
    "hosszú",
    "szőlő",
    "őszi",
    "fűzfa",
    "köszönöm",
    "Győr",
];
const RUSSIAN: &[&str] = &[
    "привет",
    "мир",
    "съешь",
    "ещё",
    "этих",
    "мягких",
    "французских",
    "булок",
    "выпей",
    "чаю",
    "Москва",
    "ёжик",
    "здравствуйте",
    "спасибо",
    "хорошо",
    "язык",
    "объявление",
];
const UKRAINIAN: &[&str] = &[
    "їжак",
    "ґанок",
    "єдність",
    "Київ",
    "пісня",
    "дякую",
    "щастя",
];
const GREEK: &[&str] = &[
    "καλημέρα",
    "κόσμε",
    "Ελλάδα",
    "ψυχή",
    "γλώσσα",
    "αύριο",
    "ξέρω",
    "ΑΘΗΝΑ",
    "ευχαριστώ",
    "θάλασσα",
    "φίλος",
    "ώρα",
    "χρόνος",
    "Ζεύς",
];
const TURKISH: &[&str] = &[
    "ağaç",
    "şehir",
    "ılık",
    "İstanbul",
    "güzel",
    "çocuk",
    "öğretmen",
    "kış",
    "Iğdır",
    "şarkı",
    "dağ",
    "ışık",
    "görüşürüz",
];
const LITHUANIAN: &[&str] = &[
    "ąžuolas",
    "ėjo",
    "čia",
    "šuo",
    "žąsis",
    "ūkis",
    "įėjimas",
    "labų",
    "pažįstu",
    "Vilnius",
];
const LATVIAN: &[&str] = &[
    "ķēķis",
    "ļoti",
    "ņemt",
    "ģimene",
    "āboli",
    "ūdens",
    "zīme",
    "šķīvis",
    "grāmata",
    "Rīga",
];
/// ASCII words that dilute the evidence in a sentence.
const FILLER: &[&str] = &[
    "the", "and", "de", "la", "in", "of", "a", "to", "is", "2024", "OK",
];

/// The word lists of the languages a codec is used for.
fn languages_of(codec_name: &str) -> Vec<&'static [&'static str]> {
    match codec_name {
        "latin-1" | "sloppy-windows-1252" | "macroman" | "cp437" => {
            vec![FRENCH, SPANISH, GERMAN, PORTUGUESE]
        }
        "sloppy-windows-1250" | "iso-8859-2" => vec![CZECH, POLISH, HUNGARIAN],
        "sloppy-windows-1251" => vec![RUSSIAN, UKRAINIAN],
        "sloppy-windows-1253" => vec![GREEK],
        "sloppy-windows-1254" => vec![TURKISH],
        "sloppy-windows-1257" => vec![LITHUANIAN, LATVIAN],
        other => panic!("no languages for {other}"),
    }
}

fn all_words() -> Vec<&'static str> {
    let mut words = Vec::new();
    for list in [
        FRENCH, SPANISH, GERMAN, PORTUGUESE, CZECH, POLISH, HUNGARIAN, RUSSIAN, UKRAINIAN, GREEK,
        TURKISH, LITHUANIAN, LATVIAN,
    ] {
        words.extend_from_slice(list);
    }
    words
}

/// A sentence of 1 to 6 words of the codec's languages, possibly mixed with
/// ASCII filler words and punctuation.
fn sentence_for(codec_name: &str) -> impl Strategy<Value = String> {
    let lists = languages_of(codec_name);
    let word = prop::sample::select(lists)
        .prop_flat_map(|list| prop::sample::select(list.to_vec()))
        .boxed();
    let filler = prop::sample::select(FILLER.to_vec());
    let token = prop_oneof![3 => word, 1 => filler];
    (
        prop::collection::vec(token, 1..7),
        prop::sample::select(vec!["", ".", "!", ",", ":"]),
    )
        .prop_map(|(words, end)| words.join(" ") + end)
}

// ---------------------------------------------------------------------------
// Messy text
// ---------------------------------------------------------------------------

/// Short strings that trigger the pipeline's steps.
const TOKENS: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&eacute;",
    "&EACUTE;",
    "&#233;",
    "&#x1F600;",
    "&#0;",
    "&nbsp;",
    "&amp;amp;",
    "&ntilde",
    "<",
    "<b>",
    ">",
    "\x1b[31m",
    "\x1b[0m",
    "\x1b]0;t\x07",
    "\r\n",
    "\r",
    "\n",
    "\n",
    "\t",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\u{200b}",
    "Ã ",
    "Ã\u{a0}",
    "â€",
    "â€™",
    "â€œ",
    "â€\u{9d}",
    "Â",
    "Â ",
    "\u{fffd}",
    "\x1a",
    "?",
    "ﬁ",
    "ﬂ",
    "Ｆｕｌｌ",
    "ｶﾀｶﾅ",
    "‘",
    "’",
    "“",
    "”",
    "e\u{301}",
    "\u{0}",
    "\u{7f}",
    "\\u00e9",
    "ÃƒÂ©",
    "Ð¿Ñ€",
    "РџСЂ",
    "вЂ™",
    "Î±Î²",
    "Ã¡",
    "ðŸ˜€",
    "Ã©",
    "Å\u{93}",
    "Ľ",
    " ",
];

fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::char::range('\u{80}', '\u{ff}'),
        2 => prop::sample::select("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars().collect::<Vec<_>>()),
        1 => proptest::char::range('\u{100}', '\u{17f}'),
        1 => proptest::char::range('\u{370}', '\u{3ff}'),
        1 => proptest::char::range('\u{400}', '\u{45f}'),
        1 => proptest::char::range('\u{2500}', '\u{257f}'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => proptest::char::range('\u{fb00}', '\u{fb06}'),
        1 => proptest::char::range('\u{ff01}', '\u{ff9f}'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => prop::sample::select(vec!['√', '∞', '≤', '⌐', '¬', 'Ω', 'π', '∂', '◊', '\u{f8ff}', 'ﬂ']),
        1 => proptest::char::range('\u{1f600}', '\u{1f64f}'),
    ]
}

/// A real word garbled through one or two candidate codecs, sometimes with
/// one character lost to `?`, `�` or a space, as happens in the wild.
fn garbled_word() -> impl Strategy<Value = String> {
    (
        prop::sample::select(all_words()),
        prop::sample::select(CANDIDATES.to_vec()),
        prop::option::of(prop::sample::select(CANDIDATES.to_vec())),
        prop::option::of((
            any::<prop::sample::Index>(),
            prop::sample::select(vec!['?', '\u{fffd}', ' ']),
        )),
    )
        .prop_map(|(word, first, second, loss)| {
            let mut text = garble(word, first);
            if let Some(second) = second {
                text = garble(&text, second);
            }
            if let Some((index, replacement)) = loss {
                let mut chars: Vec<char> = text.chars().collect();
                let i = index.index(chars.len());
                chars[i] = replacement;
                text = chars.into_iter().collect();
            }
            text
        })
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ,.;:!?'\"()-]{1,8}",
        3 => prop::sample::select(TOKENS.to_vec()).prop_map(String::from),
        3 => interesting_char().prop_map(String::from),
        3 => garbled_word(),
        1 => prop::sample::select(all_words()).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text that mixes clean words, mojibake, entities, escapes, controls and
/// line breaks.
fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..14).prop_map(|pieces| pieces.concat())
}

/// Any configuration the public setters can make.
fn any_config() -> impl Strategy<Value = Config> {
    (
        prop::array::uniform13(any::<bool>()),
        prop::sample::select(vec![
            HtmlUnescape::Auto,
            HtmlUnescape::Always,
            HtmlUnescape::Never,
        ]),
        prop::sample::select(vec![
            None,
            Some(NormalizationForm::Nfc),
            Some(NormalizationForm::Nfd),
            Some(NormalizationForm::Nfkc),
            Some(NormalizationForm::Nfkd),
        ]),
        prop_oneof![3 => Just(1_000_000usize), 1 => 1usize..40],
    )
        .prop_map(|(on, html, form, max)| {
            Config::default()
                .remove_terminal_escapes(on[0])
                .fix_encoding(on[1])
                .restore_byte_a0(on[2])
                .replace_lossy_sequences(on[3])
                .decode_inconsistent_utf8(on[4])
                .fix_c1_controls(on[5])
                .fix_latin_ligatures(on[6])
                .fix_character_width(on[7])
                .uncurl_quotes(on[8])
                .fix_line_breaks(on[9])
                .fix_surrogates(on[10])
                .remove_control_chars(on[11] || on[12])
                .unescape_html(html)
                .normalization(form)
                .max_decode_length(max)
        })
}

// ---------------------------------------------------------------------------
// Fast path
// ---------------------------------------------------------------------------

/// The fast path under test. Today it is `Fixer::fix`, which may skip clean
/// segments; when the library gains a dedicated scanner (`scan`), call it
/// here and every property below checks it against the slow path.
fn fast_path<'a>(fixer: &Fixer, text: &'a str) -> Cow<'a, str> {
    fixer.fix(text)
}

/// The slow path: the text cut into segments by hand (each line with its
/// `\n`; a longer line cut every `max_decode_length` code points) and each
/// segment repaired through `LineFixer::fix_segment_and_explain`.
fn slow_path(fixer: &Fixer, text: &str) -> String {
    let max = fixer.config().get_max_decode_length();
    let mut lines = fixer.line_fixer();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let chars: Vec<char> = line.chars().collect();
        for chunk in chars.chunks(max) {
            let segment: String = chunk.iter().collect();
            out.push_str(&lines.fix_segment_and_explain(&segment).text);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Properties on any text
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(runner(256))]

    /// `fix_text(fix_text(x)) == fix_text(x)` whenever the first pass made no
    /// new line break.
    ///
    /// The condition is needed, and ftfy 6.3.1 has the same exceptions:
    /// `fix_text` repairs line by line, and `fix_line_breaks` (or a repaired
    /// `\u{2028}`) turns one line into two, so the second pass cuts the text
    /// differently. A segment that is clean as part of a longer line can be
    /// repaired on its own (`^Ã ` is bad only at the start of a segment),
    /// and with `unescape_html` in `auto` mode the switch-off at the first
    /// `<` moves. Example: `"&amp;\r<"` gives `"&amp;\n<"`, which gives
    /// `"&\n<"` (see `idempotence_exception_is_ftfys`).
    #[test]
    fn fix_text_is_idempotent(text in messy_text()) {
        let once = fix_text(&text).into_owned();
        prop_assume!(once.matches('\n').count() == text.matches('\n').count());
        let twice = fix_text(&once);
        prop_assert_eq!(&*twice, &*once, "input {:?}", text);
    }

    /// The encoding repair runs to a fixpoint, so it is idempotent outright.
    #[test]
    fn fix_encoding_is_idempotent(text in messy_text()) {
        let once = fix_encoding(&text).into_owned();
        let twice = fix_encoding(&once);
        prop_assert_eq!(&*twice, &*once, "input {:?}", text);
    }

    #[test]
    fn borrows_exactly_when_unchanged(text in messy_text(), config in any_config()) {
        let fixed = fix_text(&text);
        prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), *fixed == *text);
        let fixed = fix_encoding(&text);
        prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), *fixed == *text);
        let fixer = Fixer::new(config);
        let fixed = fixer.fix(&text);
        prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), *fixed == *text);
        let fixed = fixer.fix_encoding(&text);
        prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), *fixed == *text);
        let mut lines = fixer.line_fixer();
        for segment in text.split_inclusive('\n') {
            let fixed = lines.fix_segment(segment);
            prop_assert_eq!(matches!(fixed, Cow::Borrowed(_)), *fixed == *segment);
        }
    }

    /// Printable ASCII without `&`, with tabs and newlines, needs no step of
    /// the default pipeline; any ASCII at all passes the encoding repair.
    #[test]
    fn ascii_passes_through(clean in "[ -%'-~\t\n]{0,80}", any_ascii in "[\x00-\x7f]{0,80}") {
        prop_assert!(matches!(fix_text(&clean), Cow::Borrowed(_)));
        prop_assert!(matches!(fix_encoding(&any_ascii), Cow::Borrowed(_)));
    }

    #[test]
    fn plans_replay(text in messy_text()) {
        let explained = fix_and_explain(&text);
        prop_assert_eq!(apply_plan(&text, &explained.steps), Ok(explained.text.clone()),
            "plan {:?}", explained.steps);
        let explained = fix_encoding_and_explain(&text);
        prop_assert_eq!(&explained.text, &*fix_encoding(&text));
        prop_assert_eq!(apply_plan(&text, &explained.steps), Ok(explained.text.clone()),
            "plan {:?}", explained.steps);
    }

    #[test]
    fn plans_replay_with_any_config(text in messy_text(), config in any_config()) {
        let fixer = Fixer::new(config.clone());
        let explained = fixer.fix_and_explain(&text);
        prop_assert_eq!(apply_plan_with(&text, &explained.steps, &config),
            Ok(explained.text.clone()), "plan {:?}", explained.steps);
        let explained = fixer.fix_encoding_and_explain(&text);
        prop_assert_eq!(apply_plan_with(&text, &explained.steps, &config),
            Ok(explained.text.clone()), "plan {:?}", explained.steps);
    }

    #[test]
    fn fast_path_matches_segment_by_segment(text in messy_text(), config in any_config()) {
        let fixer = Fixer::new(config);
        prop_assert_eq!(&*fast_path(&fixer, &text), slow_path(&fixer, &text));
        prop_assert_eq!(&*fix_text(&text), slow_path(&Fixer::default(), &text));
    }

    #[test]
    fn switched_off_steps_never_appear(text in messy_text(), config in any_config()) {
        let fixer = Fixer::new(config.clone());
        let mut plans = vec![fixer.fix_and_explain(&text).steps, fixer.fix_encoding_and_explain(&text).steps];
        let mut lines = fixer.line_fixer();
        for segment in text.split_inclusive('\n') {
            plans.push(lines.fix_segment_and_explain(segment).steps);
        }
        for step in plans.iter().flatten() {
            prop_assert!(allowed(step, &config), "{} with {:?}", step, config);
        }
        // And fix_text_with agrees with the explaining path it is made of.
        prop_assert_eq!(&*fix_text_with(&text, &config), slow_path(&fixer, &text));
    }
}

/// Whether `config` permits `step` to appear in a plan.
fn allowed(step: &Step, config: &Config) -> bool {
    let fix_allowed = |fix: &FixId| match fix {
        FixId::UnescapeHtml => config.get_unescape_html() != HtmlUnescape::Never,
        FixId::RemoveTerminalEscapes => config.get_remove_terminal_escapes(),
        FixId::RestoreByteA0 => config.get_fix_encoding() && config.get_restore_byte_a0(),
        FixId::ReplaceLossySequences => {
            config.get_fix_encoding() && config.get_replace_lossy_sequences()
        }
        FixId::DecodeInconsistentUtf8 => {
            config.get_fix_encoding() && config.get_decode_inconsistent_utf8()
        }
        FixId::FixC1Controls => config.get_fix_c1_controls(),
        FixId::FixLatinLigatures => config.get_fix_latin_ligatures(),
        FixId::FixCharacterWidth => config.get_fix_character_width(),
        FixId::UncurlQuotes => config.get_uncurl_quotes(),
        FixId::FixLineBreaks => config.get_fix_line_breaks(),
        FixId::FixSurrogates => config.get_fix_surrogates(),
        FixId::RemoveControlChars => config.get_remove_control_chars(),
        _ => true,
    };
    match step {
        Step::Encode(_) | Step::Decode(_) => config.get_fix_encoding(),
        // ftfy records fix_c1_controls inside the encoding repair as a
        // transcode step on text.
        Step::Transcode(fix) => config.get_fix_encoding() && fix_allowed(fix),
        Step::Apply(fix) => fix_allowed(fix),
        Step::Normalize(form) => config.get_normalization() == Some(*form),
        _ => true,
    }
}

// ---------------------------------------------------------------------------
// Garbled real words come back
// ---------------------------------------------------------------------------

/// The codecs for which non-ASCII evidence alone guarantees an exact
/// repair, with the number of non-ASCII characters the original needs.
///
/// The numbers are measured, not derived: over 60,000 generated sentences
/// (one and two layers), every failure below these counts is also a failure
/// of ftfy 6.3.1, which unmojibake matched on every case. Below them, short
/// MacRoman and cp437 mojibake (`M√§dchen`, `├╝ber`) and Turkish `ş`/`ğ`
/// (`ÅŸehir`) do not trip ftfy's detector.
const EVIDENCE: [(&str, usize); 6] = [
    ("latin-1", 1),
    ("sloppy-windows-1252", 1),
    ("sloppy-windows-1253", 1),
    ("sloppy-windows-1254", 5),
    ("macroman", 7),
    ("cp437", 7),
];

/// The codecs for which no amount of evidence is enough, and why (each is a
/// property of ftfy's design that unmojibake reproduces, checked against
/// ftfy on the same inputs):
/// - `sloppy-windows-1251`: Cyrillic garbled through 1251 is itself Cyrillic
///   (`дякую` → `РґСЏРєСѓСЋ`, `Київ` → `РљРёС—РІ`); ftfy's detector only knows
///   a few of the shapes it takes, so whole sentences are not detected.
/// - `sloppy-windows-1250` and `iso-8859-2`: the two share most letters;
///   text garbled through ISO-8859-2 is often encodable in sloppy-1250,
///   which comes first in ftfy's order and decodes to different, valid
///   UTF-8 (`tükörfúrógép`); some 1250 garblings are not detected.
/// - `sloppy-windows-1257`: `č` garbles to `Ä¨`, which sloppy-1252 (earlier
///   in the order) encodes as `C4 A8`, valid UTF-8 for `Ĩ`.
///
/// For these, and for every codec, [`one_step_is_determined`] states the
/// condition under which the repair is exact.
const NO_EVIDENCE_THRESHOLD: [&str; 4] = [
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "iso-8859-2",
    "sloppy-windows-1257",
];

fn non_ascii(text: &str) -> usize {
    text.chars().filter(|c| !c.is_ascii()).count()
}

/// The evidence condition: the original is clean by its own detector (a
/// repair that would also change the original cannot be exact) and holds at
/// least the codec's number of non-ASCII characters (ASCII passes through
/// every codec unchanged and is no evidence).
fn enough_evidence(codec_name: &str, original: &str) -> bool {
    let needed = EVIDENCE
        .iter()
        .find(|(name, _)| *name == codec_name)
        .map_or(usize::MAX, |(_, n)| *n);
    !is_bad(original) && non_ascii(original) >= needed
}

/// The general condition, for any codec: each layer, read back, is flagged
/// by the detector, and the first candidate codec (in ftfy's order) that can
/// encode it gives back exactly the bytes the layer was decoded from. Then
/// the repair has no choice to make and must undo the layer.
fn one_step_is_determined(inner: &str, garbled: &str) -> bool {
    if !is_bad(garbled) {
        return false;
    }
    CANDIDATES
        .iter()
        .map(|name| codec(name))
        .find(|c| codecs::possible_encoding(garbled, *c))
        .and_then(|c| codecs::encode(garbled, c).ok())
        .is_some_and(|bytes| bytes == inner.as_bytes())
}

/// One garbling case: the codec chain and a sentence in the languages of
/// its first codec.
fn garbling_case(
    chains: Vec<Vec<&'static str>>,
) -> impl Strategy<Value = (Vec<&'static str>, String)> {
    prop::sample::select(chains)
        .prop_flat_map(|chain| (Just(chain.clone()), sentence_for(chain[0])))
}

/// Every layer of `original` garbled through `chain`, innermost first.
fn layers(chain: &[&str], original: &str) -> Vec<String> {
    let mut out = vec![original.to_string()];
    for name in chain {
        let next = garble(out.last().map_or(original, String::as_str), name);
        out.push(next);
    }
    out
}

/// One and two layers of each codec: `[c]`, `[c, c]`, `[c, sloppy-1252]`.
fn chains_of(codecs: &[&'static str]) -> Vec<Vec<&'static str>> {
    codecs
        .iter()
        .flat_map(|c| [vec![*c], vec![*c, *c], vec![*c, "sloppy-windows-1252"]])
        .collect()
}

proptest! {
    #![proptest_config(runner(256))]

    /// Garbled text comes back exactly when it holds enough evidence.
    #[test]
    fn garbled_text_with_enough_evidence_comes_back(
        (chain, original) in garbling_case(chains_of(&EVIDENCE.map(|(name, _)| name)))
    ) {
        prop_assume!(enough_evidence(chain[0], &original));
        let all = layers(&chain, &original);
        let garbled = all.last().unwrap();
        prop_assert_ne!(garbled, &original, "garbling changed nothing");
        prop_assert_eq!(&*fix_encoding(garbled), &*original, "{:?} garbled to {:?}", chain, garbled);
    }

    /// For every candidate codec: when each layer is determined (see
    /// [`one_step_is_determined`]), the repair is exact.
    #[test]
    fn determined_garbling_comes_back(
        (chain, original) in garbling_case(chains_of(&CANDIDATES))
    ) {
        prop_assume!(!is_bad(&original));
        let all = layers(&chain, &original);
        prop_assume!(all.windows(2).all(|pair| one_step_is_determined(&pair[0], &pair[1])));
        let garbled = all.last().unwrap();
        prop_assert_eq!(&*fix_encoding(garbled), &*original, "{:?} garbled to {:?}", chain, garbled);
    }
}

#[test]
fn evidence_table_covers_every_candidate() {
    for name in CANDIDATES {
        let listed = EVIDENCE.iter().any(|(n, _)| *n == name) as u8
            + NO_EVIDENCE_THRESHOLD.contains(&name) as u8;
        assert_eq!(listed, 1, "{name} must be in exactly one table");
    }
}

// ---------------------------------------------------------------------------
// Fixed examples
// ---------------------------------------------------------------------------

/// The documented exception to idempotence: a `\r` line break becomes `\n`
/// in the first pass and moves the `<` that switches HTML unescaping off
/// into a later segment. ftfy 6.3.1 gives the same two results.
#[test]
fn idempotence_exception_is_ftfys() {
    let once = fix_text("&amp;\r<");
    assert_eq!(once, "&amp;\n<");
    assert_eq!(fix_text(&once), "&\n<");
}

#[test]
fn every_candidate_codec_garbles_every_byte() {
    let all: Vec<u8> = (0..=255).collect();
    for name in CANDIDATES {
        let decoded = codecs::decode(&all, codec(name)).expect("sloppy codecs decode any byte");
        assert_eq!(decoded.chars().count(), 256, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Bytes and streaming
// ---------------------------------------------------------------------------

/// A reader that hands out the input in chunks of the given sizes (cycled),
/// to check that nothing depends on where reads end.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
    pos: usize,
    end: usize,
}

impl<'a> Chunked<'a> {
    fn new(data: &'a [u8], sizes: Vec<usize>) -> Self {
        Chunked {
            data,
            sizes,
            next: 0,
            pos: 0,
            end: 0,
        }
    }
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = std::io::BufRead::fill_buf(self)?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Chunked<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos == self.end {
            let size = self
                .sizes
                .get(self.next % self.sizes.len().max(1))
                .copied()
                .unwrap_or(1)
                .max(1);
            self.next += 1;
            self.end = (self.pos + size).min(self.data.len());
        }
        Ok(&self.data[self.pos..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.end);
    }
}

/// Bytes that are mostly text: messy text with some raw bytes spliced in.
fn messy_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        messy_text(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(text, splices)| {
            let mut bytes = text.into_bytes();
            for (index, byte) in splices {
                let i = index.index(bytes.len() + 1);
                bytes.insert(i, byte);
            }
            bytes
        })
}

/// The output and outcome of one streaming run.
fn stream(
    reader: impl std::io::BufRead,
    fixer: &Fixer,
    options: &StreamOptions,
) -> (Vec<u8>, Result<(), String>) {
    let mut out = Vec::new();
    let result = fix_stream(reader, &mut out, fixer, options)
        .map(|_| ())
        .map_err(|e| e.to_string());
    (out, result)
}

fn stream_options() -> impl Strategy<Value = StreamOptions> {
    (
        prop::sample::select(vec![InputEncoding::Utf8, InputEncoding::Guess]),
        any::<bool>(),
    )
        .prop_map(|(encoding, strict)| StreamOptions::new().encoding(encoding).strict(strict))
}

proptest! {
    #![proptest_config(runner(128))]

    /// `fix_bytes` returns text for any bytes, and agrees with `fix_text` on
    /// UTF-8 input.
    #[test]
    fn fix_bytes_accepts_any_bytes(bytes in prop_oneof![messy_bytes(), prop::collection::vec(any::<u8>(), 0..64)]) {
        let fixed = fix_bytes(&bytes);
        prop_assert!(std::str::from_utf8(fixed.as_bytes()).is_ok());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if !text.starts_with('\u{feff}') {
                prop_assert_eq!(&*fixed, &*fix_text(text));
            }
        }
    }

    /// Streaming output does not depend on read boundaries.
    #[test]
    fn stream_ignores_read_boundaries(
        bytes in messy_bytes(),
        sizes in prop::collection::vec(1usize..24, 1..6),
        options in stream_options(),
        config in any_config(),
    ) {
        let fixer = Fixer::new(config);
        let whole = stream(&bytes[..], &fixer, &options);
        let chunked = stream(Chunked::new(&bytes, sizes), &fixer, &options);
        prop_assert_eq!(&chunked, &whole);
        // On valid UTF-8 with the default decoding, streaming is `Fixer::fix`.
        if let (Ok(text), InputEncoding::Utf8) = (std::str::from_utf8(&bytes), options.encoding) {
            if !text.starts_with('\u{feff}') {
                prop_assert_eq!(whole.1, Ok(()));
                prop_assert_eq!(String::from_utf8_lossy(&whole.0), fixer.fix(text));
            }
        }
    }
}
