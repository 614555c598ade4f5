//! Repairs one benchmark corpus in a loop and prints MB/s: a quick
//! single-number check, and a steady workload for `perf record`.
//!
//! `cargo run --release --example throughput -- CORPUS [SIZE] [SECONDS] [--ftfy]`
//! with CORPUS one of clean_ascii, clean_multilingual, mojibake, html, mixed
//! (the corpora of `benches/`), SIZE in bytes (default 1 MiB), SECONDS of
//! work (default 3). Criterion (`cargo bench`) gives the figures to quote;
//! this is for looking at where the time goes.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use corpus::Corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ftfy = args.iter().any(|a| a == "--ftfy");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--ftfy").collect();
    let Some(name) = args.first() else {
        eprintln!("usage: throughput CORPUS [SIZE] [SECONDS] [--ftfy]");
        std::process::exit(2);
    };
    let Some(corpus) = Corpus::ALL.into_iter().find(|c| c.name() == name.as_str()) else {
        eprintln!("throughput: unknown corpus {name:?}");
        std::process::exit(2);
    };
    let size = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1 << 20);
    let seconds: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let text = corpus.build(size);
    let fixer = unmojibake::Fixer::new(unmojibake::Config::default().beyond_ftfy(!ftfy));
    let start = Instant::now();
    let mut runs = 0u64;
    let mut changed = 0usize;
    while start.elapsed() < Duration::from_secs_f64(seconds) {
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
