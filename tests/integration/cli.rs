//! Runs the built `unmojibake` binary: every flag, ftfy's CLI case, and the
//! bad inputs (invalid UTF-8, missing files, `-o` onto an input, a closed
//! pipe, binary data, a full disk).
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_unmojibake");
const FACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cli/face.txt");
const FACE_FIXED: &str = "┒(⌣˛⌣)┎\n";

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn spawn<S: AsRef<OsStr>>(args: &[S]) -> Child {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs the binary with `args`, feeding `stdin` from another thread.
/// Runs the binary with `args`, feeding `stdin` from another thread (the
/// other CLI modules run it this way too).
pub(crate) fn run<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    let mut child = spawn(args);
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("output is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts success with no message, and returns standard output.
fn ok<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> String {
    let output = run(args, stdin);
    assert!(
        output.status.success(),
        "status {:?}, stderr {}",
        output.status,
        stderr(&output)
    );
    assert_eq!(stderr(&output), "");
    stdout(&output)
}

fn no_panic(output: &Output) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
}

#[test]
fn face_txt_as_in_ftfy() {
    assert_eq!(ok(&[FACE], b""), FACE_FIXED);
    let face = fs::read(FACE).unwrap();
    assert_eq!(ok::<&str>(&[], &face), FACE_FIXED);
    assert_eq!(ok(&["-"], &face), FACE_FIXED);
}

#[test]
fn alternate_encoding_sloppy_windows_1252() {
    // The file is UTF-8, but reading it as sloppy Windows-1252 only adds a
    // layer of mojibake, which is repaired too.
    assert_eq!(ok(&["-e", "sloppy-windows-1252", FACE], b""), FACE_FIXED);
    assert_eq!(
        ok(&["--encoding=sloppy-windows-1252", FACE], b""),
        FACE_FIXED
    );
}

#[test]
fn wrong_encoding_is_an_error_naming_file_line_and_offset() {
    // Strict Windows-1252 has no character for byte 9D.
    let output = run(&["-e", "windows-1252", FACE], b"");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.starts_with("unmojibake: "), "{err}");
    assert!(
        err.contains("face.txt: line 1: invalid windows-1252 at byte offset 4 (byte 0x9D)"),
        "{err}"
    );
    assert!(err.contains("-g"), "{err}");
    no_panic(&output);
}

#[test]
fn named_multibyte_encodings() {
    let text = "日本語の文章です。\n二行目もあります。\n";
    let sjis = encoding_rs::SHIFT_JIS.encode(text).0;
    assert_eq!(ok(&["-e", "shift_jis"], &sjis), text);
    let koi8 = encoding_rs::KOI8_R.encode("Привет, мир\n").0;
    assert_eq!(ok(&["-e", "koi8-r"], &koi8), "Привет, мир\n");
    let mut utf16: Vec<u8> = vec![0xFE, 0xFF];
    utf16.extend("CafÃ©\n".encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(ok(&["-e", "utf-16"], &utf16), "Café\n");
    assert_eq!(ok(&["-e", "macroman"], b"caf\x8E\n"), "café\n");
    assert_eq!(ok(&["-e", "cp437"], b"\x82t\x82\n"), "été\n");
    // An invalid sequence is an error, with its line.
    let mut bad = encoding_rs::SHIFT_JIS
        .encode("一行目\n二行目")
        .0
        .into_owned();
    bad.extend_from_slice(b"\x82\n");
    let output = run(&["-e", "shift_jis"], &bad);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("<stdin>: line 2: invalid Shift_JIS"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stdout(&output), "一行目\n");
}

#[test]
fn output_file() {
    let dir = scratch("output_file");
    for (i, args) in [vec!["-o".to_string()], vec!["--output".to_string()], vec![]]
        .into_iter()
        .enumerate()
    {
        let out = dir.join(format!("out{i}.txt"));
        let mut full: Vec<String> = args;
        if full.is_empty() {
            full.push(format!("-o{}", out.display()));
        } else {
            full.push(out.display().to_string());
        }
        full.push(FACE.to_string());
        assert_eq!(ok(&full, b""), "");
        assert_eq!(fs::read_to_string(&out).unwrap(), FACE_FIXED);
    }
    let out = dir.join("eq.txt");
    assert_eq!(
        ok(
            &[format!("--output={}", out.display()), FACE.to_string()],
            b""
        ),
        ""
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), FACE_FIXED);
}

#[test]
fn output_onto_an_input_is_refused_before_writing() {
    let dir = scratch("output_onto_input");
    let input = dir.join("in.txt");
    fs::copy(FACE, &input).unwrap();
    let before = fs::read(&input).unwrap();
    let output = run(
        &[input.as_os_str(), OsStr::new("-o"), input.as_os_str()],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("refusing to write"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&input).unwrap(), before);

    // The same file under another name (a hard link) is caught too.
    let link = dir.join("link.txt");
    fs::hard_link(&input, &link).unwrap();
    let output = run(
        &[
            OsStr::new(FACE),
            input.as_os_str(),
            OsStr::new("-o"),
            link.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(fs::read(&input).unwrap(), before);

    // And standard input redirected from the output file.
    let child = Command::new(BIN)
        .args([OsStr::new("-o"), input.as_os_str()])
        .stdin(fs::File::open(&input).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(child.status.code(), Some(2));
    assert_eq!(fs::read(&input).unwrap(), before);
}

#[cfg(feature = "detect")]
#[test]
fn guess_detects_each_file() {
    let dir = scratch("guess");
    let japanese = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n";
    let russian = "Съешь же ещё этих мягких французских булок, да выпей чаю.\n";
    let sjis = dir.join("sjis.txt");
    fs::write(&sjis, encoding_rs::SHIFT_JIS.encode(japanese).0).unwrap();
    let cp1251 = dir.join("cp1251.txt");
    fs::write(&cp1251, encoding_rs::WINDOWS_1251.encode(russian).0).unwrap();
    let utf8 = dir.join("utf8.txt");
    fs::write(&utf8, "CafÃ©\n").unwrap();
    let args = [sjis.as_os_str(), cp1251.as_os_str(), utf8.as_os_str()];
    let mut guess = vec![OsStr::new("-g")];
    guess.extend(args);
    assert_eq!(ok(&guess, b""), format!("{japanese}{russian}Café\n"));
    let mut long = vec![OsStr::new("--guess"), OsStr::new("--explain")];
    long.extend(args);
    let output = run(&long, b"");
    assert!(output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("sjis.txt: decoded as Shift_JIS (detected)"),
        "{err}"
    );
    assert!(
        err.contains("cp1251.txt: decoded as windows-1251 (detected)"),
        "{err}"
    );
    assert!(err.contains("utf8.txt: decoded as UTF-8"), "{err}");
}

#[test]
fn normalization() {
    assert_eq!(ok(&["-n", "NFD"], "café\n".as_bytes()), "cafe\u{301}\n");
    assert_eq!(ok(&["-nnfd"], "café\n".as_bytes()), "cafe\u{301}\n");
    assert_eq!(ok::<&str>(&[], "cafe\u{301}\n".as_bytes()), "café\n");
    assert_eq!(
        ok(&["-n", "none"], "cafe\u{301}\n".as_bytes()),
        "cafe\u{301}\n"
    );
    assert_eq!(ok(&["--normalization=NFKC"], "x²\n".as_bytes()), "x2\n");
    assert_eq!(
        ok(&["--normalization", "nfkd"], "x²é\n".as_bytes()),
        "x2e\u{301}\n"
    );
    assert_eq!(ok::<&str>(&[], "x²\n".as_bytes()), "x²\n");
}

#[test]
fn preserve_entities() {
    assert_eq!(ok::<&str>(&[], b"&amp; &lt;\n"), "& <\n");
    assert_eq!(
        ok(&["--preserve-entities"], b"&amp; &lt;\n"),
        "&amp; &lt;\n"
    );
    assert_eq!(ok(&["--no-unescape-html"], b"&amp; &lt;\n"), "&amp; &lt;\n");
    // ftfy's "auto": once a line holds '<', entities are left alone.
    assert_eq!(
        ok::<&str>(&[], b"&amp;\n<b>x</b>\n&amp;\n"),
        "&\n<b>x</b>\n&amp;\n"
    );
}

#[test]
fn encoding_only() {
    let input = "“CafÃ©” &amp;\n".as_bytes();
    assert_eq!(ok::<&str>(&[], input), "\"Café\" &\n");
    assert_eq!(ok(&["--encoding-only"], input), "“Café” &amp;\n");
    // Other options still apply on top of it.
    assert_eq!(
        ok(&["--encoding-only", "-n", "NFD"], input),
        "“Cafe\u{301}” &amp;\n"
    );
}

#[test]
fn every_no_switch() {
    // (switch, extra arguments, input, output by default, output with the
    // switch, or "" where only a difference from the default is checked)
    let cases: [(&str, &[&str], &str, &str, &str); 22] = [
        (
            "--no-remove-terminal-escapes",
            &[],
            "\x1b[31mred\x1b[0m\n",
            "red\n",
            "[31mred[0m\n",
        ),
        ("--no-fix-encoding", &[], "CafÃ©\n", "Café\n", "CafÃ©\n"),
        (
            "--no-restore-byte-a0",
            &[],
            "voilÃ  le travail\n",
            "voilà le travail\n",
            "",
        ),
        (
            "--no-replace-lossy-sequences",
            &[],
            "The cafÃ© â€\u{FFFD}\n",
            "The café \u{FFFD}\n",
            "The café â€\u{FFFD}\n",
        ),
        (
            "--no-fix-mixed-lines",
            &[],
            "Привет РјРёСЂ и РґСЂСѓРі\n",
            "Привет мир и друг\n",
            "Привет РјРёСЂ и РґСЂСѓРі\n",
        ),
        // The isolated-word repair has its own switch: the mixed-line one
        // leaves it on.
        (
            "--no-fix-mixed-lines",
            &[],
            "le mГ©dicament\n",
            "le médicament\n",
            "le médicament\n",
        ),
        (
            "--no-fix-isolated-words",
            &[],
            "le mГ©dicament\n",
            "le médicament\n",
            "le mГ©dicament\n",
        ),
        (
            "--no-fix-isolated-words",
            &["--no-fix-mixed-lines"],
            "le mГ©dicament\n",
            "le médicament\n",
            "le mГ©dicament\n",
        ),
        (
            "--ftfy",
            &[],
            "le mГ©dicament\n",
            "le médicament\n",
            "le mГ©dicament\n",
        ),
        (
            "--no-fix-single-byte-mixups",
            &[],
            "Ïðèâåò, ìèð!\n",
            "Привет, мир!\n",
            "Ïðèâåò, ìèð!\n",
        ),
        (
            "--no-fix-cjk-mojibake",
            &[],
            "浣犲ソ涓栫晫\n",
            "你好世界\n",
            "浣犲ソ涓栫晫\n",
        ),
        (
            "--no-fix-legacy-bytes",
            &[],
            "// ÇÑ±Û µÎ ¹øÂ°\n",
            "// 한글 두 번째\n",
            "// ÇÑ±Û µÎ ¹øÂ°\n",
        ),
        (
            "--no-fix-lone-sequences",
            &[],
            "// wait ΓÇö this is wrong\n",
            "// wait — this is wrong\n",
            "// wait ΓÇö this is wrong\n",
        ),
        (
            "--ftfy",
            &[],
            "浣犲ソ涓栫晫\n",
            "你好世界\n",
            "浣犲ソ涓栫晫\n",
        ),
        (
            "--no-decode-inconsistent-utf8",
            &["--no-fix-mixed-lines"],
            "Il y a Ã©tÃ© dans la boîte\n",
            "Il y a été dans la boîte\n",
            "Il y a Ã©tÃ© dans la boîte\n",
        ),
        (
            "--no-fix-c1-controls",
            &["--no-fix-encoding"],
            "\u{93}quoted\u{94}\n",
            "\"quoted\"\n",
            "\u{93}quoted\u{94}\n",
        ),
        ("--no-fix-latin-ligatures", &[], "ﬁne\n", "fine\n", "ﬁne\n"),
        (
            "--no-fix-character-width",
            &[],
            "ＡＢＣ\n",
            "ABC\n",
            "ＡＢＣ\n",
        ),
        (
            "--no-uncurl-quotes",
            &[],
            "‘quoted’\n",
            "'quoted'\n",
            "‘quoted’\n",
        ),
        (
            "--no-fix-line-breaks",
            &[],
            "a\r\nb\n",
            "a\nb\n",
            "a\r\nb\n",
        ),
        // Surrogates cannot occur in decoded UTF-8: the switch is accepted.
        ("--no-fix-surrogates", &[], "plain\n", "plain\n", "plain\n"),
        (
            "--no-remove-control-chars",
            &[],
            "a\u{1}b\n",
            "ab\n",
            "a\u{1}b\n",
        ),
    ];
    for (switch, extra, input, default, switched) in cases {
        assert_eq!(ok(extra, input.as_bytes()), default, "default for {switch}");
        let mut args = extra.to_vec();
        args.push(switch);
        let out = ok(&args, input.as_bytes());
        if switched.is_empty() {
            assert_ne!(out, default, "{switch}");
        } else {
            assert_eq!(out, switched, "{switch}");
        }
    }
}

#[test]
fn explain_prints_line_numbers_and_plans() {
    let input = "ok\nâ”’(âŒ£Ë›âŒ£)â”Ž\nfine\n";
    let output = run(&["--explain"], input.as_bytes());
    assert!(output.status.success());
    assert_eq!(stdout(&output), format!("ok\n{FACE_FIXED}fine\n"));
    assert_eq!(
        stderr(&output),
        "<stdin>:2: [('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')]\n"
    );
    let output = run(&["--explain", FACE], b"");
    assert!(stderr(&output)
        .ends_with("face.txt:1: [('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')]\n"));
}

#[test]
fn help_and_version() {
    let help = ok(&["--help"], b"");
    assert!(help.contains("Usage: unmojibake [OPTIONS] [FILE]..."));
    assert_eq!(ok(&["-h"], b""), help);
    for option in [
        "--output",
        "--encoding",
        "--guess",
        "--normalization",
        "--preserve-entities",
        "--encoding-only",
        "--strict",
        "--explain",
        "--help",
        "--version",
        "--no-remove-terminal-escapes",
        "--no-fix-encoding",
        "--no-restore-byte-a0",
        "--no-replace-lossy-sequences",
        "--no-decode-inconsistent-utf8",
        "--no-fix-c1-controls",
        "--no-fix-latin-ligatures",
        "--no-fix-character-width",
        "--no-uncurl-quotes",
        "--no-fix-line-breaks",
        "--no-fix-surrogates",
        "--no-remove-control-chars",
        "--no-fix-mixed-lines",
        "--no-fix-isolated-words",
        "--no-fix-single-byte-mixups",
        "--no-fix-cjk-mojibake",
        "--no-fix-legacy-bytes",
        "--no-fix-lone-sequences",
        "--ftfy",
    ] {
        assert!(help.contains(option), "--help lacks {option}");
    }
    // The lossless fallback for invalid UTF-8 is documented.
    assert!(help.contains("Invalid UTF-8 is not an error"));
    assert!(help.contains("Windows-1252 character"));
    let version = format!("unmojibake {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(ok(&["--version"], b""), version);
    assert_eq!(ok(&["-V"], b""), version);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--bogus"][..],
        &["-x"],
        &["-n", "NFX"],
        &["-e", "klingon"],
        &["-e", "utf-8", "-g"],
        &["-o"],
        &["--guess=yes"],
        &["--no-such-thing"],
    ] {
        let output = run(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with("unmojibake: "),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}

#[test]
fn one_line_out_per_line_in_and_final_newline_kept() {
    assert_eq!(ok::<&str>(&[], "CafÃ©".as_bytes()), "Café");
    assert_eq!(
        ok::<&str>(&[], "a\n\nCafÃ©\n\n".as_bytes()),
        "a\n\nCafé\n\n"
    );
    assert_eq!(ok::<&str>(&[], b"\n"), "\n");
    assert_eq!(ok::<&str>(&[], b""), "");
    let many: String = (0..5000).map(|i| format!("line {i} CafÃ©\n")).collect();
    let fixed = ok::<&str>(&[], many.as_bytes());
    assert_eq!(fixed.lines().count(), 5000);
    assert!(fixed.lines().all(|l| l.ends_with("Café")));
}

#[test]
fn several_files_and_stdin_in_order() {
    let out = ok(&[FACE, "-", FACE], "CafÃ©\n".as_bytes());
    assert_eq!(out, format!("{FACE_FIXED}Café\n{FACE_FIXED}"));
}

#[test]
fn invalid_utf8_is_decoded_losslessly_by_default() {
    assert_eq!(ok::<&str>(&[], b"caf\xE9 cr\xC3\xA8me\n"), "café crème\n");
    assert_eq!(
        ok::<&str>(&[], b"\x93quoted\x94 \xC3\xA9\n"),
        "\"quoted\" é\n"
    );
    // CESU-8 and Java's C0 80.
    assert_eq!(ok::<&str>(&[], b"\xED\xA0\xBD\xED\xB8\x80 ok\n"), "😀 ok\n");
}

#[test]
fn strict_reports_file_line_and_offset() {
    let dir = scratch("strict");
    let bad = dir.join("bad.txt");
    fs::write(&bad, b"ok\ncaf\xE9\nlater\n").unwrap();
    let output = run(
        &[OsStr::new("--strict"), bad.as_os_str(), OsStr::new(FACE)],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("bad.txt: line 2: invalid UTF-8 at byte offset 6 (byte 0xE9)"),
        "{err}"
    );
    // The lines before the error and the next file are still written.
    assert_eq!(stdout(&output), format!("ok\n{FACE_FIXED}"));
    no_panic(&output);
    // Without --strict the same file is fine.
    assert_eq!(ok(&[bad.as_os_str()], b""), "ok\ncafé\nlater\n");
}

#[test]
fn missing_and_unreadable_files_are_reported_before_anything_is_written() {
    // Issue 15: every input is opened before the output is touched, so a
    // typo in a file name writes nothing (it used to write the other files
    // and, with -o, empty the target first).
    let dir = scratch("missing");
    let missing = dir.join("missing.txt");
    let output = run(
        &[missing.as_os_str(), OsStr::new(FACE), dir.as_os_str()],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("missing.txt: No such file or directory"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: is a directory", dir.display())),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    no_panic(&output);
}

#[test]
fn broken_pipe_ends_quietly() {
    let line = "Here’s some CafÃ© mojibake to fix, over and over again.\n";
    let input = line.repeat(200_000).into_bytes();
    let mut child = spawn::<&str>(&[]);
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(stderr(&output), "");
    assert_eq!(output.status.code(), Some(0));
}

/// Deterministic pseudo-random bytes.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[test]
fn nul_bytes_and_binary_data_go_through() {
    let mut data: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    data.extend(noise(300_000));
    data.extend(b"\0\0\0 text with NULs \0\n");
    for args in [
        &[][..],
        &["-g"],
        &["--no-remove-control-chars"],
        &["-e", "latin-1"],
        &["-g", "--explain"],
    ] {
        let output = run(args, &data);
        no_panic(&output);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(String::from_utf8(output.stdout).is_ok());
    }
    let output = run(&["--no-remove-control-chars"], b"a\0b\n");
    assert_eq!(stdout(&output), "a\0b\n");
    let output = run::<&str>(&[], b"a\0b\n");
    assert!(output.status.success());
    assert_eq!(stdout(&output), "ab\n");
    // Issue 15: NUL bytes without -g are named, with the way out.
    assert!(stderr(&output).contains("NUL bytes"), "{}", stderr(&output));
    assert!(stderr(&output).contains("-g"), "{}", stderr(&output));
    let output = run(&["--strict"], &data);
    no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn utf16_with_bom_by_default() {
    let mut le = vec![0xFF, 0xFE];
    le.extend("CafÃ©\nline 2\n".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(ok::<&str>(&[], &le), "Café\nline 2\n");
    let mut be = vec![0xFE, 0xFF];
    be.extend("日本\n".encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(ok::<&str>(&[], &be), "日本\n");
}

#[cfg(target_os = "linux")]
#[test]
fn write_error_exits_non_zero() {
    let output = run(&["-o", "/dev/full", FACE], b"");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("/dev/full: write error: No space left on device"),
        "{err}"
    );
    no_panic(&output);

    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = Command::new(BIN)
        .arg(FACE)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("<stdout>: write error"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn threads_give_the_single_thread_output_in_order() {
    // About 1.5 MB of numbered lines, so that -j splits it into several
    // 256 KB chunks; mojibake, entities and a late `<` (which switches HTML
    // unescaping off for every later line) exercise the cross-chunk state.
    let mut input = String::new();
    for i in 0..40_000 {
        match i % 4 {
            0 => input.push_str(&format!("{i} CafÃ© â€œquotedâ€\u{9d}\n")),
            1 => input.push_str(&format!("{i} fish &amp; chips\n")),
            2 if i == 30_002 => input.push_str(&format!("{i} <b>tag</b>\n")),
            _ => input.push_str(&format!("{i} plain clean line\n")),
        }
    }
    let single = ok(&["-j", "1", "-"], input.as_bytes());
    let threaded = ok(&["-j", "2", "-"], input.as_bytes());
    assert_eq!(single.lines().count(), 40_000);
    assert!(single.contains("1 fish & chips\n"));
    assert!(single.contains("30005 fish &amp; chips\n"));
    assert!(threaded == single, "-j 2 output differs from one thread");
}

#[test]
fn threads_are_the_default_and_a_very_long_line_goes_on_one_thread() {
    // Chunks of lines before and after a line of 3 MB (longer than -j
    // holds whole: from it on, the rest is repaired on one thread), with a
    // `<` after it that switches HTML unescaping off, and one before it in
    // the second input.
    for early_tag in [false, true] {
        let mut input = String::new();
        for i in 0..30_000 {
            input.push_str(&format!("{i} CafÃ© fish &amp; chips\n"));
            if i == 100 && early_tag {
                input.push_str("<b>tag</b>\n");
            }
        }
        input.push_str(&"long CafÃ© &amp; ".repeat(180_000));
        input.push('\n');
        for i in 0..30_000 {
            input.push_str(&format!("{i} after CafÃ© &amp;\n"));
            if i == 20_000 {
                input.push_str("<b>tag</b>\n");
            }
        }
        let single = ok(&["-j", "1", "-"], input.as_bytes());
        assert!(single.contains("\n29999 Café fish "));
        assert!(single.contains("\n19999 after Café "));
        assert!(single.contains("\n20001 after Café &amp;\n"));
        for args in [&["-"][..], &["-j", "2", "-"][..]] {
            let threaded = ok(args, input.as_bytes());
            assert!(threaded == single, "{args:?} differs from one thread");
        }
    }
}

#[test]
fn threads_never_start_a_chunk_with_a_byte_order_mark_byte() {
    // Every other line starts with bytes FE FF (not UTF-8: read as
    // Windows-1252 "þÿ"), so that some chunk boundary falls before one;
    // a chunk starting there must not be read as UTF-16.
    let mut input = Vec::new();
    for i in 0..60_000 {
        if i % 2 == 1 {
            input.extend_from_slice(b"\xfe\xff");
        }
        input.extend_from_slice(format!("{i} CafÃ© line\n").as_bytes());
    }
    let single = ok(&["-j", "1", "-"], &input);
    let threaded = ok(&["-j", "2", "-"], &input);
    assert!(single.contains("\nþÿ1 Café line\n"), "{}", &single[..200]);
    assert!(threaded == single, "-j 2 output differs from one thread");
}

#[test]
fn threads_handle_long_lines_invalid_bytes_and_no_final_newline() {
    // Lines longer than a chunk (128 KB) and than two, lines of invalid
    // UTF-8 and CESU-8, lines starting with byte FE, and a last line
    // without a line break; read from a file (large reads) and from a
    // pipe, with 2 and 3 threads.
    let mut input = Vec::new();
    for i in 0..6_000 {
        input.extend_from_slice(format!("{i} CafÃ© â€œquotedâ€\u{9d} ").as_bytes());
        match i % 1_000 {
            7 => {
                input.extend_from_slice(&"long CafÃ© ".repeat(9_000).into_bytes());
                input.extend_from_slice(&b"caf\xe9 ".repeat(9_000));
            }
            500 => input.extend_from_slice(&"é".repeat(200_000).into_bytes()),
            _ if i % 3 == 0 => input.extend_from_slice(b"caf\xe9 na\xefve \x80\x81"),
            _ if i % 5 == 0 => input.extend_from_slice(b"\xed\xa0\xbd\xed\xb8\x80 cesu"),
            _ => {}
        }
        input.push(b'\n');
        if i % 1_000 == 7 {
            input.extend_from_slice(b"\xfe\xff after a long line\n");
        }
    }
    input.extend_from_slice(b"last line caf\xe9 without a line break");
    let dir = scratch("threads_long_lines");
    let file = dir.join("input.txt");
    fs::write(&file, &input).unwrap();
    for mode in [&[][..], &["--ftfy"][..]] {
        let single = ok(&[mode, &["-j", "1", "-"]].concat(), &input);
        assert!(single.ends_with("last line café without a line break"));
        assert!(single.contains(&"é".repeat(200_000)));
        for threads in ["2", "3"] {
            let piped = ok(&[mode, &["-j", threads, "-"]].concat(), &input);
            assert!(piped == single, "-j {threads} {mode:?} from a pipe differs");
            let args = [mode, &["-j", threads]].concat();
            let mut args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
            args.push(file.as_os_str());
            let from_file = ok(&args, b"");
            assert!(
                from_file == single,
                "-j {threads} {mode:?} from a file differs"
            );
        }
    }
}

#[test]
fn only_the_crlf_that_ends_a_line_loses_its_cr() {
    // CRs alone, before CRLF, and at the very end (held until the next
    // byte is known), in one write and split over many.
    let input = "a\r\r\nb\rc\r\n\r\r\nd\r";
    let expected = "a\r\nb\rc\n\r\nd\r";
    assert_eq!(ok(&["-j", "1"], input.as_bytes()), expected);
    let long = input.repeat(20_000);
    assert_eq!(ok::<&str>(&[], long.as_bytes()), expected.repeat(20_000));
}
