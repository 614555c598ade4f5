//! Replays every saved input in `tests/data/regressions/` (fuzzer crashes and
//! hand-made nasty inputs) through every entry point.
//!
//! Each file is used four ways: as lossy UTF-8 text for `fix_text`,
//! `fix_encoding`, `fix_and_explain` and the fixers; as the input layout of
//! the `apply_plan` fuzz target (a plan and a text); as the input layout of
//! the `scan_twin` fuzz target (a configuration byte and a text); and as raw
//! bytes for `fix_bytes` and for `fix_stream` read in pieces of 1, 3 and 64
//! bytes. Nothing may panic; the repairs must be fixpoints (`fix_text` when
//! it made no new line break) and their plans must replay.
//!
//! Add a file: copy the crashing input from `fuzz/artifacts/<target>/` to
//! `tests/data/regressions/<target>-<what>.bin`.

use std::borrow::Cow;
use std::path::PathBuf;

use unmojibake::{
    apply_plan, apply_plan_with, badness, fix_and_explain, fix_encoding, fix_encoding_and_explain,
    fix_stream, fix_text, fixes, is_bad, plan_to_string, Config, Fixer, HtmlUnescape,
    InputEncoding, StreamOptions,
};

fn regression_inputs() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/regressions");
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/data/regressions exists") {
        let path = entry.expect("directory entry").path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // `slow-*` inputs are fuzzer timeouts: they take minutes in a debug
        // build, so they replay only with UNMOJIBAKE_SLOW_REGRESSIONS=1 (or
        // in `cargo test --release`).
        if name.starts_with("slow-")
            && cfg!(debug_assertions)
            && std::env::var_os("UNMOJIBAKE_SLOW_REGRESSIONS").is_none()
        {
            println!("skipping {name} (set UNMOJIBAKE_SLOW_REGRESSIONS=1 to replay it)");
            continue;
        }
        inputs.push((name, std::fs::read(&path).expect("readable input")));
    }
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    inputs
}

/// The checks of the `fix_text` fuzz target.
fn check_text(name: &str, text: &str) {
    let fixed = fix_text(text);
    assert_eq!(
        matches!(fixed, Cow::Borrowed(_)),
        fixed == text,
        "{name}: borrow iff unchanged"
    );
    let again = fix_text(&fixed);
    if same_line_breaks(text, &fixed) {
        assert_eq!(again, fixed, "{name}: fix_text is not idempotent");
    }

    let encoding = fix_encoding(text);
    assert_eq!(
        fix_encoding(&encoding),
        encoding,
        "{name}: fix_encoding is not a fixpoint"
    );

    let explained = fix_and_explain(text);
    assert_eq!(
        apply_plan(text, &explained.steps).as_deref(),
        Ok(explained.text.as_str()),
        "{name}: fix_and_explain plan {} does not replay",
        plan_to_string(&explained.steps)
    );
    let explained = fix_encoding_and_explain(text);
    assert_eq!(explained.text, encoding, "{name}");
    assert_eq!(
        apply_plan(text, &explained.steps).as_deref(),
        Ok(explained.text.as_str()),
        "{name}: fix_encoding_and_explain plan does not replay"
    );
    assert_eq!(is_bad(text), badness(text) > 0, "{name}");

    let _ = fixes::unescape_html(text);
    let _ = fixes::remove_terminal_escapes(text);
    let _ = fixes::decode_inconsistent_utf8(text);
    let _ = fixes::fix_c1_controls(text);
    let _ = fixes::fix_latin_ligatures(text);
    let _ = fixes::fix_character_width(text);
    let _ = fixes::uncurl_quotes(text);
    let _ = fixes::fix_line_breaks(text);
    let _ = fixes::remove_control_chars(text);
    let _ = fixes::remove_bom(text);
    let _ = fixes::decode_escapes(text);

    for config in [
        Config::encoding_only(),
        Config::default().unescape_html(HtmlUnescape::Always),
        Config::default().max_decode_length(7),
    ] {
        let fixer = Fixer::new(config.clone());
        let fixed = fixer.fix(text);
        assert_eq!(matches!(fixed, Cow::Borrowed(_)), fixed == text, "{name}");
        let explained = fixer.fix_and_explain(text);
        assert_eq!(
            apply_plan_with(text, &explained.steps, &config).as_deref(),
            Ok(explained.text.as_str()),
            "{name}: plan does not replay with {config:?}"
        );
    }
}

/// When `fix_text` must be idempotent: the repair made no new line break, so
/// both passes cut the text into the same segments. See `tests/integration/properties.rs`
/// (`fix_text_is_idempotent`) for why this condition is needed.
fn same_line_breaks(before: &str, after: &str) -> bool {
    before.matches('\n').count() == after.matches('\n').count()
}

/// The `apply_plan` fuzz target's reading of an input and its checks, from
/// the same file the fuzz target uses.
#[path = "../shared/plan_input.rs"]
mod plan_input;

#[path = "../shared/bytes_check.rs"]
mod bytes_check;

/// The `scan_twin` fuzz target's reading of an input: the fast path against
/// segment-by-segment repair.
fn check_twin(name: &str, data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let html = match first & 3 {
        0 | 1 => HtmlUnescape::Auto,
        2 => HtmlUnescape::Always,
        _ => HtmlUnescape::Never,
    };
    let mut config = Config::default().unescape_html(html);
    if first & 4 != 0 {
        config = config.max_decode_length(usize::from(first >> 3) + 1);
    }
    let fixer = Fixer::new(config);
    let max = fixer.config().get_max_decode_length();
    let mut lines = fixer.line_fixer();
    let mut want = String::new();
    for line in text.split_inclusive('\n') {
        let chars: Vec<char> = line.chars().collect();
        for chunk in chars.chunks(max) {
            let segment: String = chunk.iter().collect();
            want.push_str(&lines.fix_segment_and_explain(&segment).text);
        }
    }
    assert_eq!(*fixer.fix(&text), *want, "{name}: fast path disagrees");
}

/// A reader that returns at most `size` bytes per read.
struct Chunked<'a> {
    data: &'a [u8],
    size: usize,
    pos: usize,
    end: usize,
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
            self.end = (self.pos + self.size).min(self.data.len());
        }
        Ok(&self.data[self.pos..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.end);
    }
}

/// The stream target's check: reading in small pieces changes nothing.
fn check_stream(name: &str, data: &[u8]) {
    let fixer = Fixer::default();
    for options in [
        StreamOptions::new(),
        StreamOptions::new().strict(true),
        StreamOptions::new().encoding(InputEncoding::Guess),
    ] {
        let run = |reader: &mut dyn std::io::BufRead| {
            let mut out = Vec::new();
            let result = fix_stream(reader, &mut out, &fixer, &options)
                .map(|_| ())
                .map_err(|e| e.to_string());
            (out, result)
        };
        let whole = run(&mut &data[..]);
        for size in [1, 3, 64] {
            let chunked = run(&mut Chunked {
                data,
                size,
                pos: 0,
                end: 0,
            });
            assert_eq!(
                chunked, whole,
                "{name}: stream output depends on reads of {size} bytes ({options:?})"
            );
        }
    }
}

/// The `stream` fuzz target's reading of an input: byte 0 options, bytes
/// 1-4 chunk sizes, the rest the stream. Output and outcome must not depend
/// on the chunking, error message included (the `stream-utf16-*` inputs
/// once named the offending byte only when it was in the current read).
fn check_stream_target(name: &str, data: &[u8]) {
    if data.len() < 5 {
        return;
    }
    let (head, stream) = data.split_at(5);
    let encoding = match head[0] & 3 {
        0 | 1 => InputEncoding::Utf8,
        2 => InputEncoding::Guess,
        _ => unmojibake::NamedEncoding::for_label("windows-1251")
            .map_or(InputEncoding::Utf8, InputEncoding::Named),
    };
    let options = StreamOptions::new()
        .encoding(encoding)
        .strict(head[0] & 4 != 0);
    let mut config = Config::default();
    if head[0] >> 3 != 0 {
        config = config.max_decode_length(usize::from(head[0] >> 3));
    }
    let fixer = Fixer::new(config);
    let run = |reader: &mut dyn std::io::BufRead| {
        let mut out = Vec::new();
        let result = fix_stream(reader, &mut out, &fixer, &options)
            .map(|_| ())
            .map_err(|e| e.to_string());
        (out, result)
    };
    let whole = run(&mut &stream[..]);
    for size in [1, 2, 3, 7, 64]
        .into_iter()
        .chain(head[1..].iter().map(|&b| usize::from(b) + 1))
    {
        let chunked = run(&mut Chunked {
            data: stream,
            size,
            pos: 0,
            end: 0,
        });
        assert_eq!(
            chunked, whole,
            "{name}: stream target output depends on reads of {size} bytes"
        );
    }
}

#[test]
fn replay_regression_inputs() {
    for (name, data) in regression_inputs() {
        let text = String::from_utf8_lossy(&data);
        check_text(&name, &text);
        plan_input::check_plan_input(&name, &data);
        check_twin(&name, &data);
        bytes_check::check_bytes(&name, &data);
        check_stream(&name, &data);
        check_stream_target(&name, &data);
    }
}

/// The `fix_bytes` fuzzer's 2.4 KB of nested `&amp;amp;…` around a few
/// Latin-1 pairs, where each pass of the pipeline unescaped one level and
/// the legacy repair judged the same runs again in every round of every
/// pass (`fixes::legacy::MAX_LEGACY_ROUNDS` now bounds it): the repair is
/// the one made before that bound (`fix_bytes` and `fix_text`), kept in
/// `tests/data/expected/`.
#[test]
fn nested_amp_repairs_as_before_the_legacy_bound() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let name = "slow-fix_bytes-nested-amp-a2eaca72";
    let input = std::fs::read(data.join(format!("regressions/{name}.bin"))).expect("input");
    let expected =
        |how: &str| std::fs::read(data.join(format!("expected/{name}.{how}.txt"))).expect("output");
    // The bytes are not UTF-8: `fix_bytes` decodes them as it detects.
    assert_eq!(
        unmojibake::fix_bytes(&input).as_bytes(),
        expected("fix_bytes")
    );
    let text = String::from_utf8_lossy(&input);
    assert_eq!(fix_text(&text).as_bytes(), expected("fix_text"));
}

/// False positives found by `scripts/fp-audit`: clean lines that
/// `fix_encoding` must leave as ftfy leaves them. Cases marked
/// `"expect": "fail"` are known library bugs: they are run and reported, and
/// one that starts passing is printed as good news.
#[test]
fn negative_extra_cases() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/negative-extra.json");
    let text = std::fs::read_to_string(&path).expect("negative-extra.json is readable");
    let cases: serde_json::Value =
        serde_json::from_str(&text).expect("negative-extra.json is JSON");
    let mut broken = Vec::new();
    for case in cases.as_array().expect("a JSON array of cases") {
        let field = |name: &str| case.get(name).and_then(serde_json::Value::as_str);
        let label = field("label").expect("every case has a label");
        let original = field("original").expect("every case has `original`");
        let expected = field("fixed-encoding").unwrap_or(original);
        let got = fix_encoding(original);
        let passes = got == expected;
        match (field("expect") == Some("fail"), passes) {
            (false, false) => broken.push(format!(
                "{label}: {original:?} -> {got:?}, want {expected:?}"
            )),
            (true, true) => println!("good news: known false positive fixed: {label}"),
            (true, false) => println!("known false positive: {label}: {original:?} -> {got:?}"),
            (false, true) => {}
        }
    }
    assert!(
        broken.is_empty(),
        "{} false positives:\n{}",
        broken.len(),
        broken.join("\n")
    );
}
