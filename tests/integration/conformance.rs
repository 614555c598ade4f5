//! ftfy's own test cases (tests/data/conformance, copied from python-ftfy
//! with its Apache-2.0 notice), run with the six checks of upstream's
//! `test_examples_in_json.py`.
//!
//! Every `expect: pass` case must pass every check. Every `expect: fail` case
//! (a known failure of ftfy) is run and reported; one that passes is printed
//! as good news, not treated as an error.

use std::path::Path;

use serde_json::Value;
use unmojibake::{
    apply_plan, fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, fix_text_with,
    Config, HtmlUnescape,
};

struct Case {
    file: String,
    label: String,
    original: String,
    fixed: String,
    fixed_encoding: String,
    expect_pass: bool,
}

fn load_cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("conformance directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("case file is UTF-8");
        let json: Value = serde_json::from_str(&text).expect("case file is JSON");
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for case in json.as_array().expect("a JSON array of cases") {
            let field = |name: &str| case.get(name).and_then(Value::as_str).map(str::to_string);
            let fixed = field("fixed").expect("every case has `fixed`");
            cases.push(Case {
                file: file.clone(),
                label: field("label").expect("every case has `label`"),
                original: field("original").expect("every case has `original`"),
                fixed_encoding: field("fixed-encoding").unwrap_or_else(|| fixed.clone()),
                fixed,
                expect_pass: field("expect").as_deref() == Some("pass"),
            });
        }
    }
    cases
}

/// The text decoded from its own UTF-8 bytes as Latin-1: one more layer of
/// mojibake.
fn latin1_layer(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// ftfy's configuration with every step but the encoding repair off.
fn encoding_steps_only() -> Config {
    Config::default()
        .unescape_html(HtmlUnescape::Never)
        .remove_terminal_escapes(false)
        .fix_character_width(false)
        .fix_latin_ligatures(false)
        .uncurl_quotes(false)
        .fix_line_breaks(false)
        .fix_surrogates(false)
        .remove_control_chars(false)
        .normalization(None)
}

/// The six checks; returns a description of each one that fails.
fn check(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let expect = |failures: &mut Vec<String>, name: &str, got: &str, want: &str| {
        if got != want {
            failures.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    };
    let orig = case.original.as_str();
    expect(&mut failures, "1 fix_text", &fix_text(orig), &case.fixed);

    let explained = fix_and_explain(orig);
    match apply_plan(orig, &explained.steps) {
        Ok(replayed) => expect(
            &mut failures,
            "2 apply_plan(fix_and_explain)",
            &replayed,
            &explained.text,
        ),
        Err(e) => failures.push(format!("2 apply_plan(fix_and_explain): {e}")),
    }

    let explained = fix_encoding_and_explain(orig);
    match apply_plan(orig, &explained.steps) {
        Ok(replayed) => expect(
            &mut failures,
            "3 apply_plan(fix_encoding_and_explain)",
            &replayed,
            &explained.text,
        ),
        Err(e) => failures.push(format!("3 apply_plan(fix_encoding_and_explain): {e}")),
    }

    expect(
        &mut failures,
        "4 fix_text(encoding steps only) == fix_encoding",
        &fix_text_with(orig, &encoding_steps_only()),
        &fix_encoding(orig),
    );
    expect(
        &mut failures,
        "5 fix_encoding",
        &fix_encoding(orig),
        &case.fixed_encoding,
    );
    expect(
        &mut failures,
        "6 extra latin-1 layer",
        &fix_text(&latin1_layer(orig)),
        &case.fixed,
    );
    failures
}

#[test]
fn ftfy_conformance_cases() {
    let cases = load_cases();
    assert_eq!(cases.len(), 161, "the copied data holds ftfy's 161 cases");
    let mut broken = Vec::new();
    let (mut pass_cases, mut fail_cases, mut newly_passing) = (0, 0, Vec::new());
    for case in &cases {
        let failures = check(case);
        if case.expect_pass {
            pass_cases += 1;
            if !failures.is_empty() {
                broken.push(format!(
                    "[{}] {}\n    {}",
                    case.file,
                    case.label,
                    failures.join("\n    ")
                ));
            }
        } else {
            fail_cases += 1;
            // Upstream's known-failure assertion: fix_encoding gives the wanted text.
            if fix_encoding(&case.original) == case.fixed_encoding {
                newly_passing.push(case.label.clone());
            }
        }
    }
    println!(
        "conformance: {} of {pass_cases} `pass` cases pass all six checks; {} of {fail_cases} known failures now pass",
        pass_cases - broken.len(),
        newly_passing.len()
    );
    for label in &newly_passing {
        println!("good news: known failure now passes: {label}");
    }
    assert!(
        broken.is_empty(),
        "{} cases fail:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // The repairs beyond ftfy (issue 6) fix these five of ftfy's ten known
    // failures; the other five are ftfy's too (see the README). "Latin-1 /
    // MacRoman mixup in Spanish" (`tur\u{92}stico`) is one apostrophe
    // between letters, which Windows-1252 read as Latin-1 writes far more
    // often: left to ftfy's reading.
    let mut expected = vec![
        "subtle UTF-8 / codepage 437 mixup in Spanish",
        "Latin-1 / MacRoman mixup in Spanish, 2 characters",
        "An example with 'à' in windows-1251 where we need our heuristic to be bolder",
        "Italian UTF-8 / MacRoman mojibake that looks like math",
        "Synthetic: Incomplete UTF-8 / Windows-1252 mixup in Arabic",
    ];
    expected.sort_unstable();
    let mut passing: Vec<&str> = newly_passing.iter().map(String::as_str).collect();
    passing.sort_unstable();
    assert_eq!(passing, expected);
}

/// With the repairs beyond ftfy switched off, the pipeline is ftfy's: every
/// `pass` case still passes and no known failure is repaired.
#[test]
fn ftfy_compatible_configuration_is_ftfy() {
    let ftfy = Config::default().beyond_ftfy(false);
    let ftfy_encoding = Config::encoding_only().beyond_ftfy(false);
    for case in load_cases() {
        let text = fix_text_with(&case.original, &ftfy);
        let encoding = fix_text_with(&case.original, &ftfy_encoding);
        if case.expect_pass {
            assert_eq!(text, case.fixed, "{}", case.label);
            assert_eq!(encoding, case.fixed_encoding, "{}", case.label);
        } else {
            assert_ne!(encoding, case.fixed_encoding, "{}", case.label);
        }
    }
}

/// The plans of the repaired known failures replay to the same text.
#[test]
fn repaired_known_failures_replay() {
    for case in load_cases().iter().filter(|c| !c.expect_pass) {
        let explained = fix_and_explain(&case.original);
        assert_eq!(
            apply_plan(&case.original, &explained.steps).as_deref(),
            Ok(explained.text.as_str()),
            "{}",
            case.label
        );
        let explained = fix_encoding_and_explain(&case.original);
        assert_eq!(
            apply_plan(&case.original, &explained.steps).as_deref(),
            Ok(explained.text.as_str()),
            "{}",
            case.label
        );
    }
}

#[test]
fn negative_cases_are_untouched_by_the_encoding_repair() {
    for case in load_cases().iter().filter(|c| c.file == "negative.json") {
        assert_eq!(
            fix_encoding(&case.original),
            case.fixed_encoding,
            "{}",
            case.label
        );
    }
}
