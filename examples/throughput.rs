//! Repairs one benchmark corpus in a loop and prints MB/s: a quick
//! single-number check, and a steady workload for `perf record`.
//!
//! `cargo run --release --example throughput -- CORPUS [SIZE] [SECONDS] [--ftfy]
//! [--no-cjk] [--no-shapes]`
//! with CORPUS one of clean_ascii, clean_multilingual, mojibake, html, mixed,
//! web_lines, short_lines, mostly_clean (the corpora of `benches/`), SIZE in
//! bytes (default 1 MiB), SECONDS of work (default 3). Criterion (`cargo
//! bench`) gives the figures to quote; this is for looking at where the time
//! goes. `--no-cjk` and `--no-shapes` switch off the CJK repair and the three
//! repairs that need word shapes.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use corpus::Corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let (ftfy, no_cjk, no_shapes) = (flag("--ftfy"), flag("--no-cjk"), flag("--no-shapes"));
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(name) = args.first() else {
        eprintln!("usage: throughput CORPUS [SIZE] [SECONDS] [--ftfy]");
        std::process::exit(2);
    };
    let Some(corpus) = Corpus::ALL.into_iter().find(|c| c.name() == name.as_str()) else {
        eprintln!("throughput: unknown corpus {name:?}");
        std::process::exit(2);
    };
    let size = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1 << 20);
    // `5x` means exactly five runs (for valgrind), otherwise seconds.
    let (seconds, fixed_runs): (f64, Option<u64>) = match args.get(2) {
        Some(s) if s.ends_with('x') => (1e9, s.trim_end_matches('x').parse().ok()),
        Some(s) => (s.parse().unwrap_or(3.0), None),
        None => (3.0, None),
    };
    let text = corpus.build(size);
    let mut config = unmojibake::Config::default().beyond_ftfy(!ftfy);
    if no_cjk {
        config = config.fix_cjk_mojibake(false);
    }
    if no_shapes {
        config = config
            .fix_mixed_lines(false)
            .fix_isolated_words(false)
            .fix_single_byte_mixups(false);
    }
    let fixer = unmojibake::Fixer::new(config);
    let start = Instant::now();
    let mut runs = 0u64;
    let mut changed = 0usize;
    while fixed_runs.map_or(start.elapsed() < Duration::from_secs_f64(seconds), |n| {
        runs < n
    }) {
        let fixed = fixer.fix(std::hint::black_box(&text));
        changed += usize::from(fixed.len() != text.len());
        runs += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mbps = (text.len() as f64 * runs as f64) / elapsed / 1e6;
    println!(
        "{}: {} bytes x {} runs: {:.1} MB/s{}",
        corpus.name(),
        text.len(),
        runs,
        mbps,
        if changed > 0 {
            " (output differs in length)"
        } else {
            ""
        }
    );
}
