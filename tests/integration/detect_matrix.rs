//! Detection matrix: real text in 21 languages (`tests/data/detect/`),
//! encoded in each of the language's usual legacy encodings and in UTF-16
//! without a byte-order mark, then decoded back by `decode_bytes` /
//! `fix_bytes` and by `unmojibake -g`.
//!
//! Prints an accuracy table per encoding, for short lines and for
//! paragraphs (run with `--nocapture`, or read
//! `target/detect-matrix.txt`), and asserts that every paragraph-length
//! sample (200 bytes or more) comes back exactly.
#![cfg(feature = "detect")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use unmojibake::{decode_bytes, fix_bytes, fix_text};

struct Language {
    name: String,
    encodings: Vec<String>,
    short: Vec<String>,
    paragraphs: Vec<String>,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/detect")
}

fn load() -> Vec<Language> {
    let mut paths: Vec<PathBuf> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path).unwrap();
            let mut language = Language {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                encodings: Vec::new(),
                short: Vec::new(),
                paragraphs: Vec::new(),
            };
            let mut section = "";
            for line in text.lines() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                } else if let Some(list) = line.strip_prefix("encodings: ") {
                    language.encodings = list.split(' ').map(str::to_string).collect();
                } else if line.starts_with('[') {
                    section = line;
                } else if section == "[short]" {
                    language.short.push(line.to_string());
                } else if section == "[paragraphs]" {
                    language.paragraphs.push(line.to_string());
                }
            }
            language
        })
        .collect()
}

/// `text` in the encoding `label`, or `None` if some character has no
/// representation in it.
fn encode(text: &str, label: &str) -> Option<Vec<u8>> {
    match label {
        "utf-8" => Some(text.as_bytes().to_vec()),
        "utf-16le" => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        "utf-16be" => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        _ => {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
            let (bytes, _, unmappable) = encoding.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    total: usize,
    library: usize,
    cli: usize,
}

impl Tally {
    fn cell(&self, hits: usize) -> String {
        if self.total == 0 {
            "-".to_string()
        } else {
            format!(
                "{hits}/{} {:5.1}%",
                self.total,
                100.0 * hits as f64 / self.total as f64
            )
        }
    }
}

/// Samples of one (language, encoding) pair: text and encoded bytes.
struct Case<'a> {
    language: &'a str,
    encoding: String,
    paragraph: bool,
    text: String,
    bytes: Vec<u8>,
}

#[cfg(feature = "cli")]
const SEPARATOR: &str = "=====8<=====\n";

/// Runs `unmojibake -g` once over all the samples of a group, each in its
/// own file, with a separator file between them; returns each output.
#[cfg(feature = "cli")]
fn cli_outputs(group: &[&Case<'_>], dir: &Path) -> Vec<String> {
    fs::create_dir_all(dir).unwrap();
    let separator = dir.join("separator");
    fs::write(&separator, SEPARATOR).unwrap();
    let mut args = vec![std::ffi::OsString::from("-g")];
    for (i, case) in group.iter().enumerate() {
        let path = dir.join(format!("{i}.txt"));
        fs::write(&path, &case.bytes).unwrap();
        args.push(path.into_os_string());
        args.push(separator.clone().into_os_string());
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_unmojibake"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut pieces: Vec<String> = text.split(SEPARATOR).map(str::to_string).collect();
    pieces.pop();
    assert_eq!(pieces.len(), group.len());
    pieces
}

#[test]
fn detection_matrix() {
    let languages = load();
    assert!(languages.len() >= 12, "need text in at least 12 languages");
    let mut cases = Vec::new();
    for language in &languages {
        let mut encodings = language.encodings.clone();
        encodings.extend(["utf-16le", "utf-16be", "utf-8"].map(String::from));
        for encoding in encodings {
            for (paragraph, samples) in [(false, &language.short), (true, &language.paragraphs)] {
                for sample in samples {
                    let text = format!("{sample}\n");
                    if let Some(bytes) = encode(&text, &encoding) {
                        cases.push(Case {
                            language: &language.name,
                            encoding: encoding.clone(),
                            paragraph,
                            text,
                            bytes,
                        });
                    }
                }
            }
        }
    }

    // (encoding, paragraph?) -> tally
    let mut table: BTreeMap<(String, bool), Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    #[cfg(feature = "cli")]
    let cli_results: Vec<String> = {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("detect-matrix");
        let _ = fs::remove_dir_all(&root);
        let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, case) in cases.iter().enumerate() {
            groups
                .entry((case.language, &case.encoding))
                .or_default()
                .push(i);
        }
        let mut results = vec![String::new(); cases.len()];
        for ((language, encoding), indices) in &groups {
            let group: Vec<&Case<'_>> = indices.iter().map(|&i| &cases[i]).collect();
            let outputs = cli_outputs(&group, &root.join(format!("{language}-{encoding}")));
            for (&i, output) in indices.iter().zip(outputs) {
                results[i] = output;
            }
        }
        results
    };
    for (i, case) in cases.iter().enumerate() {
        let expected = fix_text(&case.text);
        let (decoded, how) = decode_bytes(&case.bytes);
        let library = decoded == case.text && fix_bytes(&case.bytes) == expected;
        #[cfg(feature = "cli")]
        let cli = cli_results[i] == expected;
        #[cfg(not(feature = "cli"))]
        let cli = {
            let _ = i;
            library
        };
        let tally = table
            .entry((case.encoding.clone(), case.paragraph))
            .or_default();
        tally.total += 1;
        tally.library += usize::from(library);
        tally.cli += usize::from(cli);
        if !library || !cli {
            failures.push(format!(
                "{} {} {} ({} bytes): decoded as {how}{}",
                case.language,
                case.encoding,
                if case.paragraph { "paragraph" } else { "short" },
                case.bytes.len(),
                if library {
                    " (library right, -g wrong)"
                } else {
                    ""
                },
            ));
        }
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "Detection accuracy: {} languages, {} samples (decode_bytes + fix_bytes / unmojibake -g)",
        languages.len(),
        cases.len()
    );
    let _ = writeln!(
        report,
        "{:<14} {:>18} {:>18} {:>18} {:>18}",
        "encoding", "short: library", "short: -g", "paragraph: library", "paragraph: -g"
    );
    let encodings: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for (encoding, _) in table.keys() {
            if !seen.contains(encoding) {
                seen.push(encoding.clone());
            }
        }
        seen
    };
    let mut totals = [Tally::default(), Tally::default()];
    for encoding in &encodings {
        let short = table
            .get(&(encoding.clone(), false))
            .copied()
            .unwrap_or_default();
        let para = table
            .get(&(encoding.clone(), true))
            .copied()
            .unwrap_or_default();
        for (total, t) in totals.iter_mut().zip([short, para]) {
            total.total += t.total;
            total.library += t.library;
            total.cli += t.cli;
        }
        let _ = writeln!(
            report,
            "{:<14} {:>18} {:>18} {:>18} {:>18}",
            encoding,
            short.cell(short.library),
            short.cell(short.cli),
            para.cell(para.library),
            para.cell(para.cli)
        );
    }
    let [short, para] = totals;
    let _ = writeln!(
        report,
        "{:<14} {:>18} {:>18} {:>18} {:>18}",
        "all",
        short.cell(short.library),
        short.cell(short.cli),
        para.cell(para.library),
        para.cell(para.cli)
    );
    let _ = writeln!(report, "\nMisses:");
    for failure in &failures {
        let _ = writeln!(report, "  {failure}");
    }
    eprintln!("{report}");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("detect-matrix.txt");
    let _ = fs::write(target, &report);

    let min_len = cases
        .iter()
        .filter(|c| c.paragraph)
        .map(|c| c.bytes.len())
        .min()
        .unwrap();
    assert!(
        min_len >= 200,
        "paragraphs must be at least 200 bytes, one is {min_len}"
    );
    assert_eq!(
        para.library, para.total,
        "every paragraph decodes exactly with fix_bytes\n{report}"
    );
    assert_eq!(
        para.cli, para.total,
        "every paragraph decodes exactly with -g\n{report}"
    );
}
