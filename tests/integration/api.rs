//! Issue 15, finding 6: the library's surface. Plans print and parse back
//! (so `--explain` output replays), `encoding_rs` is re-exported, the
//! `fix_*_with` functions all take `&Config`, `fix_and_explain_with`
//! exists, the `-j` engine is a tested library function, and (with the
//! `serde` feature) the public data types serialize.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use unmojibake::parallel::fix_stream_parallel;
use unmojibake::{
    apply_plan, apply_plan_with, codecs::Codec, encoding_rs, fix_and_explain, fix_and_explain_with,
    fix_bytes_with, fix_stream, fix_stream_with, fix_text_with, parse_plan, plan_to_string, Config,
    DecodedAs, Fixer, InputEncoding, NamedEncoding, Plan, PlanError, Step, StreamOptions,
};

const MOJIBAKE: [&str; 8] = [
    "CafÃ©",
    "â€œquotedâ€\u{9d} &amp; ﬁne",
    "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
    "Ã¢â‚¬Å“doubleÃ¢â‚¬Â",
    "浣犲ソ",
    "Ïðèâåò ìèð",
    "Привет РјРёСЂ и РґСЂСѓРі",
    "ＡＢＣ\u{1}\x1b[31mred",
];

#[test]
fn every_plan_prints_and_parses_back() {
    for text in MOJIBAKE {
        let fixed = fix_and_explain(text);
        let printed = plan_to_string(&fixed.steps);
        let parsed = parse_plan(&printed).unwrap();
        assert_eq!(parsed, fixed.steps, "{printed}");
        assert_eq!(Plan::from(parsed.clone()).to_string(), printed);
        assert_eq!(printed.parse::<Plan>().unwrap().steps, fixed.steps);
        assert_eq!(apply_plan(text, &parsed).unwrap(), fixed.text);
        for step in &fixed.steps {
            assert_eq!(step.to_string().parse::<Step>().unwrap(), *step);
        }
    }
    // ftfy's own spelling, with double quotes and a trailing comma.
    assert_eq!(
        parse_plan("[ (\"encode\" , \"latin-1\"), ('decode','utf-8'), ]").unwrap(),
        vec![Step::Encode(Codec::Latin1), Step::Decode(Codec::Utf8)]
    );
    assert_eq!(parse_plan("[]").unwrap(), vec![]);
}

#[test]
fn bad_plans_are_errors_with_an_offset() {
    for (text, offset) in [
        ("", 0),
        ("[('encode', 'latin-1')", 22),
        ("[('encode' 'latin-1')]", 11),
        ("[('encode', latin-1)]", 12),
        ("[('encode', 'latin-1')] x", 24),
    ] {
        match parse_plan(text) {
            Err(PlanError::Syntax { offset: at, .. }) => assert_eq!(at, offset, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    assert!(matches!(
        parse_plan("[('explode', 'latin-1')]"),
        Err(PlanError::UnknownStep { .. })
    ));
    let message = parse_plan("[(").unwrap_err().to_string();
    assert_eq!(
        message,
        "cannot read the plan: expected a quoted name at byte 2"
    );
}

#[test]
fn encoding_rs_is_re_exported() {
    let named = NamedEncoding::for_label("sjis").unwrap();
    assert_eq!(named, NamedEncoding::Encoding(encoding_rs::SHIFT_JIS));
    let (_, how) = unmojibake::decode_bytes(b"\xFE\xFF\x00h");
    assert_eq!(how.encoding_name(), encoding_rs::UTF_16BE.name());
    assert!(matches!(how, DecodedAs::Bom(_)));
}

#[test]
fn with_functions_take_a_config() {
    let config = Config::default().uncurl_quotes(false);
    let text = "â€œokâ€\u{9d}";
    let expected = "“ok”";
    assert_eq!(fix_text_with(text, &config), expected);
    assert_eq!(fix_bytes_with(text.as_bytes(), &config), expected);
    let explained = fix_and_explain_with(text, &config);
    assert_eq!(explained.text, expected);
    assert_eq!(
        apply_plan_with(text, &explained.steps, &config).unwrap(),
        expected
    );
    let mut out = Vec::new();
    fix_stream_with(text.as_bytes(), &mut out, &config, &StreamOptions::new()).unwrap();
    assert_eq!(out, expected.as_bytes());
}

fn lines() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("CafÃ©".to_string()),
            Just("<b>&amp;</b>".to_string()),
            Just("&amp;".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("ÐŸÑ€Ð¸Ð²ÐµÑ‚".to_string()),
            "[a-z ]{0,20}",
        ],
        0..400,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The `-j` engine writes exactly what `fix_stream` writes.
    #[test]
    fn parallel_matches_fix_stream(text in lines(), threads in 1usize..4, invalid in any::<bool>()) {
        let mut input = text.repeat(40).into_bytes();
        if invalid {
            input.extend_from_slice(b"caf\xE9\n");
        }
        let fixer = Fixer::default();
        let options = StreamOptions::new();
        let mut one = Vec::new();
        fix_stream(&input[..], &mut one, &fixer, &options).unwrap();
        let mut many = Vec::new();
        fix_stream_parallel(&input[..], &mut many, &fixer, &options, threads).unwrap();
        prop_assert_eq!(one, many);
    }
}

#[test]
fn parallel_falls_back_for_other_encodings_and_strict() {
    let input = "caf\u{e9}\n".repeat(100_000);
    let latin1: Vec<u8> = encoding_rs::WINDOWS_1252.encode(&input).0.into_owned();
    let fixer = Fixer::default();
    for options in [
        StreamOptions::new().encoding(InputEncoding::Guess),
        StreamOptions::new().encoding(InputEncoding::Named(
            NamedEncoding::for_label("windows-1252").unwrap(),
        )),
    ] {
        let mut out = Vec::new();
        fix_stream_parallel(&latin1[..], &mut out, &fixer, &options, 3).unwrap();
        assert_eq!(out, input.as_bytes());
    }
    let mut out = Vec::new();
    let err = fix_stream_parallel(
        &latin1[..],
        &mut out,
        &fixer,
        &StreamOptions::new().strict(true),
        3,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("line 1: invalid UTF-8"));
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trips() {
    let config = Config::default().uncurl_quotes(false).normalization(None);
    let json = serde_json::to_string(&config).unwrap();
    assert!(json.contains("\"uncurl_quotes\":false"), "{json}");
    assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), config);
    // Missing fields take their defaults.
    let partial: Config = serde_json::from_str("{\"fix_encoding\": false}").unwrap();
    assert_eq!(partial, Config::default().fix_encoding(false));
    // The invariant of the setter holds for deserialized configs too, and
    // the error names the option.
    let long: Config = serde_json::from_str("{\"max_decode_length\": 7}").unwrap();
    assert_eq!(long.get_max_decode_length(), 7);
    let err = serde_json::from_str::<Config>("{\"max_decode_length\": 0}").unwrap_err();
    assert!(err.to_string().contains("max_decode_length"), "{err}");

    let explained = fix_and_explain("CafÃ©");
    let json = serde_json::to_string(&explained).unwrap();
    assert_eq!(
        json,
        "{\"text\":\"Café\",\"steps\":[[\"encode\",\"latin-1\"],[\"decode\",\"utf-8\"]]}"
    );
    assert_eq!(
        serde_json::from_str::<unmojibake::Explained>(&json).unwrap(),
        explained
    );
    let plan: Plan =
        serde_json::from_str("[[\"encode\",\"latin-1\"],[\"decode\",\"utf-8\"]]").unwrap();
    assert_eq!(plan.steps, explained.steps);
    assert!(serde_json::from_str::<Step>("[\"explode\",\"x\"]").is_err());

    let (_, how) = unmojibake::decode_bytes(b"caf\xE9");
    let json = serde_json::to_value(how).unwrap();
    assert_eq!(json["encoding"], how.encoding_name());
    assert_eq!(json["how"], how.to_string());
}

#[test]
fn cargo_install_gets_the_binary_without_flags() {
    // Finding 6: `cargo install unmojibake` installed nothing, since the
    // binary needed `--features cli`. It is a default feature now.
    // (Read as text, in the checkout's Cargo.toml and in the one cargo
    // writes into the package, where lists span lines.)
    let manifest = include_str!("../../Cargo.toml");
    let list = |key: &str| {
        let start = manifest.find(key).unwrap() + key.len();
        let rest = &manifest[start..];
        rest[..rest.find(']').unwrap()].to_string()
    };
    assert!(list("default = [").contains("\"cli\""));
    assert!(list("required-features = [").contains("\"cli\""));
}

#[test]
fn keep_lines_never_adds_a_line() {
    let input = "x &#10; CafÃ© &amp;\nlone\rcr \u{2028} CafÃ©\nplain\n";
    let fixer = Fixer::default();
    let options = StreamOptions::new().keep_lines(true);
    let mut out = Vec::new();
    fix_stream(input.as_bytes(), &mut out, &fixer, &options).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, "x &#10; Café &amp;\nlone\rcr \u{2028} Café\nplain\n");
    // Without it, as ftfy: five lines.
    let mut ftfy = Vec::new();
    fix_stream(input.as_bytes(), &mut ftfy, &fixer, &StreamOptions::new()).unwrap();
    assert_eq!(String::from_utf8(ftfy).unwrap().lines().count(), 6);
    // The same through the parallel engine.
    let big = input.repeat(20_000);
    let mut one = Vec::new();
    fix_stream(big.as_bytes(), &mut one, &fixer, &options).unwrap();
    let mut many = Vec::new();
    fix_stream_parallel(big.as_bytes(), &mut many, &fixer, &options, 3).unwrap();
    assert_eq!(one, many);
    assert_eq!(one, out.repeat(20_000).as_bytes());
}
