//! The decoders of `unmojibake::codecs::ExtraEncoding` (and the
//! x-mac-cyrillic labels, which read `encoding_rs`'s table) against
//! Python 3's codecs, on every byte sequence of their tables:
//!
//! * `cp855`, `mac_cyrillic`: every byte 00–FF;
//! * `johab`: every byte 00–7F and every lead 80–FF with every trail 00–FF;
//! * `iso2022_kr`: `ESC $ ) C`, SO, every pair 21–7E × 21–7E, SI; and
//!   every unshifted byte 00–7F after the designation;
//! * `utf-32`, `utf-32-le`, `utf-32-be`: a sample of code points across
//!   all seventeen planes (every 97th, plus the edges of the surrogates,
//!   noncharacters and the planes), surrogates, values above U+10FFFF,
//!   truncated units, and both byte-order marks.
//!
//! Both the decoded text and, for malformed input, the offset of the
//! first malformed byte must agree.
//!
//! Python is found as `$UNMOJIBAKE_PYTHON`, else `python3`, else `python`
//! (the standard library is all it needs). `.ci/run` runs this on a
//! machine with Python 3; without one the test fails, unless
//! `UNMOJIBAKE_SKIP_PYTHON=1` says to skip it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use unmojibake::codecs::ExtraEncoding;

const SCRIPT: &str = r#"
import sys
codec = sys.argv[1]
out = []
for line in sys.stdin:
    data = bytes.fromhex(line.strip())
    try:
        text = data.decode(codec)
        out.append("ok " + " ".join("%X" % ord(c) for c in text))
    except UnicodeDecodeError as e:
        out.append("err %d" % e.start)
sys.stdout.write("\n".join(out) + "\n")
"#;

fn python() -> Option<String> {
    if let Some(p) = std::env::var_os("UNMOJIBAKE_PYTHON") {
        return Some(p.to_string_lossy().into_owned());
    }
    ["python3", "python"]
        .into_iter()
        .map(String::from)
        .find(|p| {
            Command::new(p)
                .args(["-c", "import sys; assert sys.version_info >= (3, 8)"])
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// Python's result for each input: `Ok(text)` or `Err(offset)`.
fn python_decode(codec: &str, inputs: &[Vec<u8>]) -> Option<Vec<Result<String, usize>>> {
    let Some(python) = python() else {
        assert!(
            std::env::var_os("UNMOJIBAKE_SKIP_PYTHON").is_some_and(|v| v == "1"),
            "no Python 3 found (set UNMOJIBAKE_PYTHON, or UNMOJIBAKE_SKIP_PYTHON=1 to skip)"
        );
        return None;
    };
    let mut child = Command::new(python)
        .args(["-c", SCRIPT, codec])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run Python");
    let mut stdin = child.stdin.take().unwrap();
    let input: String = inputs
        .iter()
        .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>() + "\n")
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let results: Vec<_> = text
        .lines()
        .map(|line| {
            if let Some(offset) = line.strip_prefix("err ") {
                Err(offset.parse().unwrap())
            } else {
                let cps = line.strip_prefix("ok").unwrap().split_whitespace();
                Ok(cps
                    .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                    .collect())
            }
        })
        .collect();
    assert_eq!(results.len(), inputs.len());
    Some(results)
}

fn check(codec: &str, inputs: &[Vec<u8>], ours: impl Fn(&[u8]) -> Result<String, usize>) {
    let Some(theirs) = python_decode(codec, inputs) else {
        return;
    };
    let mut mismatches = Vec::new();
    for (input, expected) in inputs.iter().zip(theirs) {
        let got = ours(input);
        if got != expected {
            mismatches.push(format!("{input:02X?}: ours {got:?}, Python {expected:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{codec}: {} of {} sequences differ:\n{}",
        mismatches.len(),
        inputs.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn extra(encoding: ExtraEncoding) -> impl Fn(&[u8]) -> Result<String, usize> {
    move |bytes| encoding.decode(bytes)
}

fn every_byte() -> Vec<Vec<u8>> {
    (0..=255u8).map(|b| vec![b]).collect()
}

#[test]
fn ibm855_agrees_with_python() {
    check("cp855", &every_byte(), extra(ExtraEncoding::Ibm855));
}

#[test]
fn mac_cyrillic_agrees_with_python() {
    for label in [
        "x-mac-cyrillic",
        "mac-cyrillic",
        "maccyrillic",
        "mac_cyrillic",
    ] {
        check("mac_cyrillic", &every_byte(), |bytes| {
            unmojibake::decode_bytes_as(bytes, label)
                .map(|(text, _)| text.into_owned())
                .map_err(|e| e.offset().unwrap())
        });
    }
}

#[test]
fn johab_agrees_with_python() {
    let mut inputs: Vec<Vec<u8>> = (0..0x80u8).map(|b| vec![b]).collect();
    for lead in 0x80..=0xFFu8 {
        for trail in 0..=0xFFu8 {
            inputs.push(vec![lead, trail]);
        }
    }
    check("johab", &inputs, extra(ExtraEncoding::Johab));
}

#[test]
fn iso_2022_kr_agrees_with_python() {
    let mut inputs: Vec<Vec<u8>> = (0..0x80u8)
        .filter(|&b| b != 0x0E && b != 0x1B)
        .map(|b| vec![0x1B, b'$', b')', b'C', b])
        .collect();
    for first in 0x21..=0x7Eu8 {
        for second in 0x21..=0x7Eu8 {
            inputs.push(vec![0x1B, b'$', b')', b'C', 0x0E, first, second, 0x0F]);
        }
    }
    check("iso2022_kr", &inputs, extra(ExtraEncoding::Iso2022Kr));
}

#[test]
fn utf32_agrees_with_python() {
    let mut values: Vec<u32> = (0..=0x10FFFF).step_by(97).collect();
    for plane in 0..=0x10u32 {
        values.extend([plane << 16, (plane << 16) | 0xFFFE, (plane << 16) | 0xFFFF]);
    }
    values.extend([
        0xD7FF,
        0xD800,
        0xDBFF,
        0xDC00,
        0xDFFF,
        0xE000,
        0xFDD0,
        0xFEFF,
        0xFFFD,
        0xFFFE0000,
        0x110000,
        0x10FFFF,
        0x7FFF_FFFF,
        0x8000_0000,
        0xFFFF_FFFF,
        0x0000_FEFF,
    ]);
    for (codec, encoding, big_endian) in [
        ("utf-32-le", ExtraEncoding::Utf32Le, false),
        ("utf-32-be", ExtraEncoding::Utf32Be, true),
        ("utf-32", ExtraEncoding::Utf32, false),
    ] {
        let unit = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for &v in &values {
            inputs.push(unit(v).to_vec());
            // After a mark of each order, and after an ordinary character.
            inputs.push([&[0xFF, 0xFE, 0, 0][..], &v.to_le_bytes()].concat());
            inputs.push([&[0, 0, 0xFE, 0xFF][..], &v.to_be_bytes()].concat());
            inputs.push([unit(u32::from('a')), unit(v)].concat());
        }
        for len in 1..4 {
            inputs.push(vec![0x41; len]);
            inputs.push([&unit(u32::from('a'))[..], &vec![0; len]].concat());
        }
        inputs.push(Vec::new());
        check(codec, &inputs, extra(encoding));
    }
}
