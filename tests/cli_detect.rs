//! The `unmojibake` binary on the encodings this crate decodes beyond
//! `encoding_rs` (`-e utf-32`, `-e johab`, ...) and its `--detect` mode.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_unmojibake");

/// Runs the binary with `args`, feeding `stdin` from another thread.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

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
}

#[test]
fn guess_detects_utf32_without_a_mark_and_iso_2022_kr() {
    let text = "Grüße, Привет 😀\n";
    assert_eq!(ok(&["-g"], &utf32(text, false)), text);
    assert_eq!(ok(&["-g"], &utf32(text, true)), text);
    let mail = b"Subject: test\n\x1b$)C\x0e\x30\x21\x0f ok\n";
    assert_eq!(ok(&["-g"], mail), "Subject: test\n가 ok\n");
}
