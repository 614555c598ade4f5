//! The benchmark corpora, built from the seed files in `benches/data/`.
//! `scripts/race` builds byte-identical files with the same rules:
//!
//! - a corpus of at least `n` bytes cycles through its seed lines in order,
//!   each followed by `\n`, until it holds `n` bytes or more;
//! - size 0 means "one line": the first seed line, with its `\n`;
//! - the mixed corpus takes its lines in the repeating pattern
//!   6 × clean ASCII, 2 × clean multilingual, 1 × mojibake, 1 × HTML, each
//!   kind cycling through its own seed lines.

#![allow(dead_code)]

/// One benchmark corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corpus {
    CleanAscii,
    CleanMultilingual,
    Mojibake,
    Html,
    Mixed,
}

const CLEAN_ASCII: &str = include_str!("../data/clean_ascii.txt");
const CLEAN_MULTILINGUAL: &str = include_str!("../data/clean_multilingual.txt");
const MOJIBAKE: &str = include_str!("../data/mojibake.txt");
const HTML: &str = include_str!("../data/html.txt");

/// The mixed corpus's pattern, as indices into `[ascii, multilingual,
/// mojibake, html]`.
const MIXED_PATTERN: [usize; 10] = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3];

impl Corpus {
    pub const ALL: [Corpus; 5] = [
        Corpus::CleanAscii,
        Corpus::CleanMultilingual,
        Corpus::Mojibake,
        Corpus::Html,
        Corpus::Mixed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Corpus::CleanAscii => "clean_ascii",
            Corpus::CleanMultilingual => "clean_multilingual",
            Corpus::Mojibake => "mojibake",
            Corpus::Html => "html",
            Corpus::Mixed => "mixed",
        }
    }

    /// The seed lines (for the mixed corpus, the clean ASCII ones).
    pub fn seed_lines(self) -> Vec<&'static str> {
        let text = match self {
            Corpus::CleanAscii | Corpus::Mixed => CLEAN_ASCII,
            Corpus::CleanMultilingual => CLEAN_MULTILINGUAL,
            Corpus::Mojibake => MOJIBAKE,
            Corpus::Html => HTML,
        };
        text.lines().filter(|l| !l.is_empty()).collect()
    }

    /// The corpus at `size` bytes or just over (0: one line).
    pub fn build(self, size: usize) -> String {
        let kinds: Vec<Vec<&str>> = [
            Corpus::CleanAscii,
            Corpus::CleanMultilingual,
            Corpus::Mojibake,
            Corpus::Html,
        ]
        .iter()
        .map(|c| c.seed_lines())
        .collect();
        let mut next = [0usize; 4];
        let mut out = String::with_capacity(size + 256);
        let mut k = 0usize;
        loop {
            let kind = match self {
                Corpus::CleanAscii => 0,
                Corpus::CleanMultilingual => 1,
                Corpus::Mojibake => 2,
                Corpus::Html => 3,
                Corpus::Mixed => MIXED_PATTERN[k % MIXED_PATTERN.len()],
            };
            k += 1;
            let lines = &kinds[kind];
            out.push_str(lines[next[kind] % lines.len()]);
            out.push('\n');
            next[kind] += 1;
            if out.len() >= size {
                return out;
            }
        }
    }
}
