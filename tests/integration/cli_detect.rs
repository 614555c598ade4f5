//! The `unmojibake` binary on the encodings this crate decodes beyond
//! `encoding_rs` (`-e utf-32`, `-e johab`, ...) and its `--detect` mode.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::cli::run;

fn ok(args: &[&str], stdin: &[u8]) -> String {
    let output = run(args, stdin);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
    text.chars()
        .flat_map(|c| {
            if big_endian {
                u32::from(c).to_be_bytes()
            } else {
                u32::from(c).to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn named_extra_encodings() {
    let text = "Привет, 世界 😀\n";
    assert_eq!(ok(&["-e", "utf-32le"], &utf32(text, false)), text);
    assert_eq!(ok(&["-e", "UTF-32BE"], &utf32(text, true)), text);
    let marked = [&[0, 0, 0xFE, 0xFF][..], &utf32(text, true)].concat();
    assert_eq!(ok(&["-e", "utf-32"], &marked), text);
    assert_eq!(ok(&["-e", "cp855"], b"\xE1\xA0\xB5\n"), "рах\n");
    assert_eq!(ok(&["-e", "mac-cyrillic"], b"\x8F\xF0\xE8\n"), "При\n");
    assert_eq!(ok(&["-e", "johab"], b"\x88\x61\xD0\x65\n"), "가한\n");
    assert_eq!(
        ok(&["-e", "iso-2022-kr"], b"\x1b$)C\x0e\x30\x21\x0f ok\n"),
        "가 ok\n"
    );
    let list = ok(&["--list-encodings"], b"");
    for name in ["UTF-32", "IBM855", "Johab", "ISO-2022-KR", "x-mac-cyrillic"] {
        assert!(list.lines().any(|l| l == name), "{name}");
    }
}

#[test]
fn malformed_extra_input_is_an_error_with_its_offset() {
    let output = run(&["-e", "utf-32le"], b"a\x00\x00\x00\x00\xD8\x00\x00");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("UTF-32LE") && err.contains('4'), "{err}");
}

#[test]
fn guess_reads_a_utf32_mark() {
    let text = "naïve 😀\n";
    let marked = [&[0xFF, 0xFE, 0, 0][..], &utf32(text, false)].concat();
    assert_eq!(ok(&["-g"], &marked), text);
    assert_eq!(ok(&[], &marked), text);
    // Big-endian: -g reads the mark; the default mode, whose parallel
    // engine may start a chunk with these bytes, warns about NULs instead.
    let marked = [&[0, 0, 0xFE, 0xFF][..], &utf32(text, true)].concat();
    assert_eq!(ok(&["-g"], &marked), text);
    let output = run::<&str>(&[], &marked);
    assert!(String::from_utf8_lossy(&output.stderr).contains("-g"));
}

#[test]
#[cfg(feature = "detect")]
fn guess_detects_utf32_without_a_mark_and_iso_2022_kr() {
    let text = "Grüße, Привет 😀\n";
    assert_eq!(ok(&["-g"], &utf32(text, false)), text);
    assert_eq!(ok(&["-g"], &utf32(text, true)), text);
    let mail = b"Subject: test\n\x1b$)C\x0e\x30\x21\x0f ok\n";
    assert_eq!(ok(&["-g"], mail), "Subject: test\n가 ok\n");
}

/// Russian in windows-1251, a paragraph.
#[cfg(feature = "detect")]
fn russian_1251() -> Vec<u8> {
    let text = "Это проверка связи, и она работает как надо. Съешь же ещё этих мягких \
                французских булок да выпей чаю.\n";
    unmojibake::encoding_rs::WINDOWS_1251
        .encode(text)
        .0
        .into_owned()
}

#[test]
#[cfg(feature = "detect")]
fn detect_reports_each_file_and_decodes_nothing() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_detect");
    std::fs::create_dir_all(&dir).unwrap();
    let ru = dir.join("ru.txt");
    std::fs::write(&ru, russian_1251()).unwrap();
    let ja = dir.join("ja.txt");
    let sjis =
        unmojibake::encoding_rs::SHIFT_JIS.encode("日本語の文章を読みます。これはテストです。\n");
    std::fs::write(&ja, &sjis.0).unwrap();
    let out = ok(
        &["--detect", ru.to_str().unwrap(), ja.to_str().unwrap()],
        b"",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let ru_line = format!("{}: windows-1251 (", ru.display());
    assert!(
        lines[0].starts_with(&ru_line) && lines[0].ends_with(", Russian)"),
        "{out}"
    );
    let ja_line = format!("{}: Shift_JIS (", ja.display());
    assert!(
        lines[1].starts_with(&ja_line) && lines[1].ends_with(", Japanese)"),
        "{out}"
    );

    // Standard input, as `-` or by default.
    let out = ok(&["--detect"], &russian_1251());
    assert!(out.starts_with("<stdin>: windows-1251 (0."), "{out}");
    let out = ok(&["--detect", "-"], b"plain ASCII, and the end of it.\n");
    assert!(out.starts_with("<stdin>: ASCII (1.00"), "{out}");
}

#[test]
#[cfg(feature = "detect")]
fn detect_json_lines() {
    let out = ok(&["--detect", "--json"], &russian_1251());
    let value: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(value["file"], "<stdin>");
    assert_eq!(value["encoding"], "windows-1251");
    assert_eq!(value["language"], "Russian");
    let confidence = value["confidence"].as_f64().unwrap();
    assert!(confidence > 0.5 && confidence <= 1.0, "{out}");
    for alternative in value["alternatives"].as_array().unwrap() {
        assert!(
            alternative["confidence"].as_f64().unwrap() < confidence,
            "{out}"
        );
        assert!(alternative["encoding"].is_string(), "{out}");
    }
    // Short input: a low confidence, not a silent guess.
    let out = ok(&["--detect", "--json"], b"caf\xe9");
    let value: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert!(value["confidence"].as_f64().unwrap() < 0.5, "{out}");
}

#[test]
fn detect_usage_errors_and_missing_files() {
    assert_eq!(run(&["--json"], b"").status.code(), Some(2));
    assert_eq!(
        run(&["--detect", "-e", "utf-8"], b"").status.code(),
        Some(2)
    );
    let output = run(&["--detect", "/nonexistent/x.txt", "-"], b"hello\n");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("<stdin>: "));
    assert!(String::from_utf8_lossy(&output.stderr).contains("x.txt"));
}
