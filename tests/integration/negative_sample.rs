//! First, do no harm (issue 13): the repairs beyond ftfy must leave clean
//! text alone.
//!
//! `tests/data/negative/sample.tsv` holds a fixed sample of the negative
//! corpus (`scripts/negative-corpus --write-sample`): real clean strings of
//! permissively licensed sources, weighted to short and CJK strings, none of
//! which ftfy 6.3.1's `fix_encoding` changes. On every line, the default
//! pipeline (repairs beyond ftfy on) must give the same output as ftfy's own
//! pipeline (`Config::default().beyond_ftfy(false)`), for `fix_encoding` and
//! for `fix_text`. The full corpus, and the comparison with ftfy itself, is
//! `scripts/fp-audit --corpus`'s job.
//!
//! `tests/data/negative/issue-13-examples.txt` holds the clean examples of
//! the issue's table, each a regression test.

use std::path::Path;

use unmojibake::{Config, Fixer};

/// How many failing lines a test prints.
const SHOW: usize = 50;

struct Row {
    source: String,
    lang: String,
    text: String,
}

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/negative")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()))
}

fn sample() -> Vec<Row> {
    data("sample.tsv")
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            let mut field = || {
                parts
                    .next()
                    .unwrap_or_else(|| panic!("sample line without three fields: {line:?}"))
                    .to_string()
            };
            Row {
                source: field(),
                lang: field(),
                text: field(),
            }
        })
        .collect()
}

fn issue_examples() -> Vec<String> {
    data("issue-13-examples.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x3FFFF)
}

/// Runs `ours` (the default pipeline) and `theirs` (ftfy's pipeline) on
/// every row, and fails listing the rows whose outputs differ, and, with
/// `ftfy_keeps`, the rows that ftfy's pipeline itself changes (the sample
/// holds none that ftfy 6.3.1's `fix_encoding` changes).
fn compare(
    rows: &[Row],
    what: &str,
    ours: impl Fn(&str) -> String,
    theirs: impl Fn(&str) -> String,
    ftfy_keeps: bool,
) {
    let mut beyond = Vec::new();
    let mut ftfy_changed = Vec::new();
    for row in rows {
        let ours = ours(&row.text);
        let theirs = theirs(&row.text);
        if ours != theirs {
            beyond.push(format!(
                "  [{} {}] {:?} -> {:?} (ftfy's pipeline: {:?})",
                row.source, row.lang, row.text, ours, theirs
            ));
        }
        if ftfy_keeps && theirs != row.text {
            ftfy_changed.push(format!(
                "  [{} {}] {:?} -> {:?}",
                row.source, row.lang, row.text, theirs
            ));
        }
    }
    let mut report = String::new();
    if !beyond.is_empty() {
        report += &format!(
            "{what}: the default pipeline changes {} of {} clean lines that ftfy's pipeline \
             gives otherwise (first {}):\n{}\n",
            beyond.len(),
            rows.len(),
            beyond.len().min(SHOW),
            beyond[..beyond.len().min(SHOW)].join("\n")
        );
    }
    if !ftfy_changed.is_empty() {
        report += &format!(
            "{what}: ftfy's pipeline changes {} of {} lines that ftfy 6.3.1 leaves alone \
             (first {}):\n{}\n",
            ftfy_changed.len(),
            rows.len(),
            ftfy_changed.len().min(SHOW),
            ftfy_changed[..ftfy_changed.len().min(SHOW)].join("\n")
        );
    }
    assert!(report.is_empty(), "{report}");
}

/// ftfy's pipeline: the default configuration without the repairs beyond
/// ftfy.
fn ftfy_pipeline() -> Fixer {
    Fixer::new(Config::default().beyond_ftfy(false))
}

/// [`compare`] of `unmojibake::fix_encoding` (repairs beyond ftfy on) with
/// ftfy's pipeline.
fn compare_fix_encoding(rows: &[Row], what: &str, ftfy_keeps: bool) {
    let ftfy = ftfy_pipeline();
    compare(
        rows,
        what,
        |t| unmojibake::fix_encoding(t).into_owned(),
        |t| ftfy.fix_encoding(t).into_owned(),
        ftfy_keeps,
    );
}

#[test]
fn the_sample_is_what_its_readme_says() {
    let rows = sample();
    assert!(rows.len() >= 200_000, "only {} lines", rows.len());
    let mut seen = std::collections::HashSet::new();
    let (mut cjk, mut short) = (0usize, 0usize);
    for row in &rows {
        assert!(
            seen.insert(row.text.as_str()),
            "duplicate line {:?}",
            row.text
        );
        assert!(
            !row.text.is_empty() && row.text.trim() == row.text,
            "untrimmed line {:?}",
            row.text
        );
        assert!(
            !row.text.chars().any(|c| (c.is_control() && c != '\t')
                || c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(&c)),
            "line with a control, private-use or replacement character: {:?}",
            row.text
        );
        // Only the sources whose licence lets them be checked in (see
        // tests/data/negative/README.md and PERMISSIVE in
        // scripts/negative-corpus).
        assert!(
            [
                "gettext",
                "cldr",
                "jieba",
                "pypinyin",
                "opencc",
                "faker",
                "code",
                "phonenumbers",
                "mimesis",
                "emoji",
                "holidays",
                "hazm",
                "country_list",
                "cpca",
                "stopwordsiso",
            ]
            .contains(&row.source.as_str()),
            "{} is not licensed for the sample",
            row.source
        );
        cjk += usize::from(row.text.chars().any(is_cjk));
        short += usize::from(row.text.chars().count() <= 6);
    }
    assert!(
        cjk * 100 >= rows.len() * 40,
        "{cjk} CJK lines of {}",
        rows.len()
    );
    assert!(
        short * 100 >= rows.len() * 50,
        "{short} short lines of {}",
        rows.len()
    );
}

/// `unmojibake::fix_encoding` (the default configuration, repairs beyond
/// ftfy on) against the same with `Config::default().beyond_ftfy(false)`.
#[test]
fn fix_encoding_leaves_the_negative_sample_alone() {
    compare_fix_encoding(&sample(), "fix_encoding", true);
}

/// `unmojibake::fix_text` (`Config::default()`) against `fix_text` with
/// `Config::default().beyond_ftfy(false)`.
#[test]
fn fix_text_changes_the_negative_sample_only_as_ftfy_does() {
    let rows = sample();
    let ftfy = ftfy_pipeline();
    compare(
        &rows,
        "fix_text",
        |t| unmojibake::fix_text(t).into_owned(),
        |t| ftfy.fix(t).into_owned(),
        false,
    );
}

/// Each sample line with a character that Windows-1252 writes with a byte
/// of 80-9F (curly quotes, apostrophes, dashes, `š`, `œ`), written in
/// Windows-1252 and read as Latin-1: the default pipeline reads the C1
/// controls as ftfy's pipeline does, never as Mac Roman (`Sac\u{92}het`
/// is `Sac’het`, not `Sacíhet`). `scripts/misread-audit --kind latin1`
/// runs the same on the whole negative corpus against ftfy itself.
#[test]
fn windows_1252_read_as_latin1_is_read_back_as_ftfy_does() {
    let rows: Vec<Row> = sample()
        .into_iter()
        .filter_map(|row| {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&row.text);
            let garbled: String = bytes.iter().map(|&b| char::from(b)).collect();
            let c1 = garbled.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c));
            (c1 && !unmappable && !garbled.contains('\u{85}')).then_some(Row {
                text: garbled,
                ..row
            })
        })
        .collect();
    assert!(rows.len() >= 1_000, "only {} lines", rows.len());
    compare_fix_encoding(&rows, "fix_encoding of Windows-1252 read as Latin-1", false);
}

/// Each sample line beyond ASCII, its UTF-8 read as Windows-1252 (the
/// mojibake ftfy is made for): wherever ftfy's pipeline brings it back,
/// the default pipeline does too. The repairs beyond ftfy may bring back
/// more, never less. `scripts/misread-audit --kind utf8` runs the same on
/// the negative corpus against ftfy itself.
#[test]
fn utf8_read_as_windows_1252_is_read_back_where_ftfy_reads_it_back() {
    let ftfy = ftfy_pipeline();
    let mut lost = Vec::new();
    let mut back = 0usize;
    let mut lines = 0usize;
    for row in sample() {
        if row.text.is_ascii() {
            continue;
        }
        let (garbled, _) =
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(row.text.as_bytes());
        if garbled.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
            continue;
        }
        lines += 1;
        if ftfy.fix_encoding(&garbled) != row.text {
            continue;
        }
        back += 1;
        let ours = unmojibake::fix_encoding(&garbled);
        if ours != row.text {
            lost.push(format!(
                "  [{} {}] {:?} read as {:?}: {:?}",
                row.source, row.lang, row.text, garbled, ours
            ));
        }
    }
    assert!(
        back * 10 >= lines * 9,
        "ftfy's pipeline brings back {back} of {lines}"
    );
    assert!(
        lost.is_empty(),
        "{} of {back} lines that ftfy's pipeline brings back are not (first {}):\n{}",
        lost.len(),
        lost.len().min(SHOW),
        lost[..lost.len().min(SHOW)].join("\n")
    );
}

#[test]
fn issue_13_examples_are_left_alone() {
    let examples = issue_examples();
    assert_eq!(examples.len(), 14, "the issue's table has 14 clean strings");
    let mut failures = Vec::new();
    for text in &examples {
        let encoding = unmojibake::fix_encoding(text);
        if encoding != *text {
            failures.push(format!("fix_encoding {text:?} -> {encoding:?}"));
        }
        let ours = unmojibake::fix_text(text);
        let ftfy = unmojibake::fix_text_with(text, &Config::default().beyond_ftfy(false));
        if ours != ftfy {
            failures.push(format!(
                "fix_text {text:?} -> {ours:?}, ftfy's pipeline {ftfy:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
