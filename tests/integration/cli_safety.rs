//! Issue 15: the CLI on the files people feed a filter. One test per
//! finding (each failed before the change), the structure-aware modes, safe
//! output, `--check`/`--diff`, `--apply-plan`, and the generated docs.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_safety")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn run<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    let output = super::cli::run(args, stdin);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "{err}");
    output
}

fn out(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok<S: AsRef<OsStr>>(args: &[S], stdin: &[u8]) -> String {
    let output = run(args, stdin);
    assert!(output.status.success(), "{}", err(&output));
    assert_eq!(err(&output), "");
    out(&output)
}

fn csv_records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

// Finding 1: the defaults broke CSV and JSON lines.

#[test]
fn csv_mode_keeps_the_structure_and_repairs_the_fields() {
    let input = "\u{feff}id,note,more\r\n\
                 1,\"“curly” quotes kept?\",\"a, b\"\r\n\
                 2,\"two\r\nlines CafÃ©\",＂wide＂\r\n\
                 3,&quot;q&quot; x\u{2028}y,end\r\n";
    let fixed = ok(&["--csv"], input.as_bytes());
    assert!(fixed.starts_with('\u{feff}'));
    assert!(fixed.ends_with("\r\n"));
    let before = csv_records(input);
    let after = csv_records(&fixed);
    assert_eq!(after.len(), before.len());
    assert!(after.iter().zip(&before).all(|(a, b)| a.len() == b.len()));
    assert_eq!(after[1][1], "\"curly\" quotes kept?");
    assert_eq!(after[1][2], "a, b");
    assert_eq!(after[2][1], "two\nlines Café");
    assert_eq!(after[2][2], "\"wide\"");
    assert_eq!(after[3][1], "\"q\" x\ny");
    // The header and the record ends are as read.
    assert!(fixed.starts_with("\u{feff}id,note,more\r\n1,"));
}

#[test]
fn tsv_and_delimiter() {
    assert_eq!(
        ok(&["--tsv"], "CafÃ©\t“x”\n".as_bytes()),
        "Café\t\"\"\"x\"\"\"\n"
    );
    assert_eq!(
        ok(&["--csv", "--delimiter", ";"], "CafÃ©;a,b\n".as_bytes()),
        "Café;a,b\n"
    );
}

#[test]
fn jsonl_mode_keeps_valid_json_and_every_line() {
    let input = "{\"note\": \"“curly” quotes kept?\"}\n\
                 {\"n\": 1.50, \"nested\": {\"k\": [\"CafÃ©\", null]}, \"ls\": \"a\u{2028}b\"}\r\n\
                 {\"cr\": \"x\\ry\", \"amp\": \"&quot;\"}\n\
                 [1, 2]\n";
    let fixed = ok(&["--jsonl"], input.as_bytes());
    assert_eq!(fixed.split('\n').count(), input.split('\n').count());
    for line in fixed.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    assert!(fixed.starts_with("{\"note\": \"\\\"curly\\\" quotes kept?\"}\n"));
    assert!(fixed.contains("{\"n\": 1.50, \"nested\": {\"k\": [\"Café\", null]}"));
    assert!(fixed.contains("}\r\n"));
    assert!(fixed.ends_with("[1, 2]\n"));
}

#[test]
fn malformed_records_pass_through_with_a_warning_or_fail_with_strict() {
    let input = "{\"a\": \"CafÃ©\"}\n{\"a\": CafÃ©}\n{\"a\": \"CafÃ©\"}\n";
    let output = run(&["--jsonl"], input.as_bytes());
    assert!(output.status.success());
    assert_eq!(
        out(&output),
        "{\"a\": \"Café\"}\n{\"a\": CafÃ©}\n{\"a\": \"Café\"}\n"
    );
    assert!(
        err(&output).contains("<stdin>:2:7: not JSON"),
        "{}",
        err(&output)
    );
    let output = run(&["--jsonl", "--strict"], input.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err(&output).contains("<stdin>:2:7: not JSON"),
        "{}",
        err(&output)
    );

    let dir = scratch("malformed_csv");
    let file = dir.join("bad.csv");
    fs::write(&file, "a,b\n\"x\"y,z\n").unwrap();
    let output = run(
        &[
            OsStr::new("--csv"),
            OsStr::new("--strict"),
            file.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        err(&output).contains("bad.csv:2:4: text after the closing quote"),
        "{}",
        err(&output)
    );
}

#[test]
fn line_mode_gives_one_line_per_line() {
    // A lone CR, U+2028 and U+0085 inside a line used to become line
    // breaks: 4 lines in, 6 out.
    let input = "one\rstill one\n\u{2028}two\nthree\u{85}\nfour\r\n";
    let fixed = ok::<&str>(&[], input.as_bytes());
    assert_eq!(fixed.matches('\n').count(), 4);
    // (U+0085 is a C1 control: fix_c1_controls reads it as Windows-1252.)
    assert_eq!(fixed, "one\rstill one\n\u{2028}two\nthree…\nfour\n");
    // CRLF line ends still become LF, unless switched off.
    assert_eq!(ok(&["--no-fix-line-breaks"], b"a\r\n"), "a\r\n");
    // An HTML entity for a line feed is left as it is (the rest of the
    // line is repaired), with one thread or several, and in --explain.
    let input = "a &#10; CafÃ©\nb &amp;\n".repeat(3000);
    let expected = "a &#10; Café\nb &\n".repeat(3000);
    assert_eq!(ok(&["-j", "1"], input.as_bytes()), expected);
    assert_eq!(ok(&["-j", "3"], input.as_bytes()), expected);
    let output = run(&["--explain"], "a &#10; CafÃ©\n".as_bytes());
    assert_eq!(out(&output), "a &#10; Café\n");
}

// Finding 2: -o emptied the output before the inputs were opened.

#[test]
fn output_is_kept_when_an_input_is_missing() {
    let dir = scratch("keep_output");
    let prev = dir.join("prev.txt");
    fs::write(&prev, "precious\n").unwrap();
    let output = run(
        &[
            dir.join("typo.csv").as_os_str(),
            OsStr::new("-o"),
            prev.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&prev).unwrap(), "precious\n");
}

#[test]
fn output_is_kept_when_strict_fails_and_no_temporary_file_is_left() {
    let dir = scratch("strict_output");
    let prev = dir.join("prev.txt");
    fs::write(&prev, "precious\n").unwrap();
    let bad = dir.join("bad.txt");
    fs::write(&bad, b"fine\ncaf\xE9\n").unwrap();
    let output = run(
        &[
            OsStr::new("--strict"),
            bad.as_os_str(),
            OsStr::new("-o"),
            prev.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&prev).unwrap(), "precious\n");
    let mut left: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["bad.txt", "prev.txt"]);
    // On success the target is replaced.
    let good = dir.join("good.txt");
    fs::write(&good, "CafÃ©\n").unwrap();
    ok(&[good.as_os_str(), OsStr::new("-o"), prev.as_os_str()], b"");
    assert_eq!(fs::read_to_string(&prev).unwrap(), "Café\n");
}

#[cfg(unix)]
#[test]
fn in_place_replaces_each_file_only_on_success() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("in_place");
    let good = dir.join("good.txt");
    let bad = dir.join("bad.txt");
    fs::write(&good, "CafÃ©\n").unwrap();
    fs::set_permissions(&good, fs::Permissions::from_mode(0o640)).unwrap();
    fs::write(&bad, b"Caf\xC3\x83\xC2\xA9\ncaf\xE9\n").unwrap();
    let output = run(
        &[
            OsStr::new("-i"),
            OsStr::new("--strict"),
            good.as_os_str(),
            bad.as_os_str(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&good).unwrap(), "Café\n");
    assert_eq!(
        fs::metadata(&good).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(fs::read(&bad).unwrap(), b"Caf\xC3\x83\xC2\xA9\ncaf\xE9\n");
    assert!(
        err(&output).contains("bad.txt: left as it was"),
        "{}",
        err(&output)
    );
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
}

// Finding 4: UTF-16 without a byte-order mark came out silently wrong.

#[test]
fn utf16_without_a_mark_gets_a_warning_naming_g() {
    let le: Vec<u8> = "Café\nline\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let output = run::<&str>(&[], &le);
    assert!(
        err(&output).contains("NUL bytes") && err(&output).contains("-g"),
        "{}",
        err(&output)
    );
    assert_eq!(ok(&["-g"], &le), "Café\nline\n");
}

// Finding 5: messages.

#[test]
fn usage_messages_help() {
    let output = run(&["--no-fix-encodin"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).contains("did you mean '--no-fix-encoding'?"),
        "{}",
        err(&output)
    );
    let output = run(&["-e", "klingon"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(err(&output).contains("shift_jis") || err(&output).contains("Shift_JIS"));
    let output = run(&["-e", "shift-jsi"], b"");
    assert!(err(&output).contains("did you mean"), "{}", err(&output));
    assert_eq!(ok(&["-n=nfkc"], "ﬁ\n".as_bytes()), "fi\n");
    let list = ok::<&str>(&["--list-encodings"], b"");
    assert!(list.lines().any(|l| l == "sloppy-windows-1252"));
    assert!(list.lines().any(|l| l == "Shift_JIS"));
}

#[cfg(unix)]
#[test]
fn output_path_that_is_not_utf8_written_inline() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("not_utf8");
    for (i, flag) in ["-o", "--output="].iter().enumerate() {
        let mut name = format!("out{i}").into_bytes();
        name.push(0xFF);
        let path = dir.join(OsStr::from_bytes(&name));
        let mut arg = flag.as_bytes().to_vec();
        arg.extend_from_slice(path.as_os_str().as_bytes());
        ok(&[OsStr::from_bytes(&arg)], "CafÃ©\n".as_bytes());
        assert_eq!(fs::read_to_string(&path).unwrap(), "Café\n");
    }
}

// Finding 6 (the CLI half): plans replay.

#[test]
fn explain_output_replays_with_apply_plan() {
    let output = run(&["--explain"], "ok\nCafÃ©\n".as_bytes());
    let line = err(&output);
    let plan = line.trim().strip_prefix("<stdin>:2: ").unwrap();
    assert_eq!(
        ok(&["--apply-plan", plan], "CafÃ©\nnaÃ¯ve\n".as_bytes()),
        "Café\nnaïve\n"
    );
    // A line the plan does not fit is kept, and reported.
    let output = run(&["--apply-plan", plan], "日本\n".as_bytes());
    assert!(output.status.success());
    assert_eq!(out(&output), "日本\n");
    assert!(err(&output).contains("could not be applied to 1 line"));
    let output = run(&["--apply-plan", "[('encode', 'latin-1'"], b"");
    assert_eq!(output.status.code(), Some(2));
}

// A check mode for pipelines.

#[test]
fn check_lists_lines_that_would_change_and_writes_nothing() {
    let dir = scratch("check");
    let file = dir.join("f.txt");
    fs::write(&file, "ok\nCafÃ©\nfine\nâ€œxâ€\u{9d}\n").unwrap();
    let output = run(&[OsStr::new("--check"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(1));
    let name = file.display();
    assert_eq!(out(&output), format!("{name}:2\n{name}:4\n"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "ok\nCafÃ©\nfine\nâ€œxâ€\u{9d}\n"
    );
    // Clean input: status 0, nothing printed.
    assert_eq!(ok(&["--check"], b"clean\n"), "");

    let output = run(&["--diff"], "ok\nCafÃ©\n".as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        out(&output),
        "--- a/<stdin>\n+++ b/<stdin>\n@@ -1,2 +1,2 @@\n ok\n-CafÃ©\n+Café\n"
    );
}

// The generated documentation.

#[test]
fn man_page_and_completions_are_generated() {
    let man = ok(&["--generate", "man"], b"");
    assert!(man.starts_with(".TH UNMOJIBAKE 1"));
    assert!(man.contains("\\-\\-csv"));
    let bash = ok(&["--generate", "bash"], b"");
    assert!(bash.contains("complete -F _unmojibake"));
    let zsh = ok(&["--generate", "zsh"], b"");
    assert!(zsh.starts_with("#compdef unmojibake"));
    let fish = ok(&["--generate", "fish"], b"");
    assert!(fish.contains("complete -c unmojibake -l jsonl"));
    let help = ok(&["--help"], b"");
    for flag in [
        "--csv",
        "--tsv",
        "--delimiter",
        "--jsonl",
        "--check",
        "--diff",
        "-i, --in-place",
    ] {
        assert!(help.contains(flag), "{flag}");
    }
}
