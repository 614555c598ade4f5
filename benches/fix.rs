//! Throughput of `fix_text` on the corpora described in `benches/README.md`,
//! each at line size, 4 KB and 1 MB, with `std::str::from_utf8` on the same
//! bytes as the floor.
//!
//! Under `cargo test --all-targets` (debug build, one iteration each) the
//! large inputs are 64 KB instead of 1 MB so that CI stays quick.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use unmojibake::fix_text;

#[path = "common/corpus.rs"]
mod corpus;

use corpus::Corpus;

/// The large size: 1 MiB in an optimised build, 64 KiB in a debug one.
const LARGE: usize = if cfg!(debug_assertions) {
    64 << 10
} else {
    1 << 20
};

fn check_seeds() {
    // The clean corpora must be left exactly as they are, and every line
    // of the mojibake corpus must be repaired.
    for corpus in [Corpus::CleanAscii, Corpus::CleanMultilingual] {
        for line in corpus.seed_lines() {
            assert!(
                matches!(fix_text(line), Cow::Borrowed(_)),
                "{corpus:?} seed line is not clean: {line:?}"
            );
        }
    }
    for line in Corpus::Mojibake.seed_lines() {
        assert_ne!(
            fix_text(line),
            line,
            "mojibake seed line left alone: {line:?}"
        );
    }
    for line in Corpus::Html.seed_lines() {
        assert_ne!(fix_text(line), line, "HTML seed line left alone: {line:?}");
    }
    // The web-like corpora are measured as generated, whatever the repairs
    // make of them; only their line lengths are checked.
    for line in Corpus::ShortLines.seed_lines() {
        assert!((20..=40).contains(&line.len()), "short line: {line:?}");
    }
    for line in Corpus::WebLines.seed_lines() {
        assert!(
            (20..=40).contains(&line.len()) || (200..=600).contains(&line.len()),
            "web line neither short nor long: {line:?}"
        );
    }
}

fn bench_fix_text(c: &mut Criterion) {
    check_seeds();
    let ftfy_only = unmojibake::Fixer::new(unmojibake::Config::default().beyond_ftfy(false));
    for corpus in Corpus::ALL {
        let mut group = c.benchmark_group(corpus.name());
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        for (label, size) in [("line", 0), ("4KB", 4 << 10), ("large", LARGE)] {
            let text = corpus.build(size);
            let label = if size == LARGE {
                format!("{}KB", LARGE >> 10)
            } else {
                label.to_string()
            };
            if matches!(corpus, Corpus::CleanAscii | Corpus::CleanMultilingual) {
                assert!(matches!(fix_text(&text), Cow::Borrowed(_)));
            }
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new("fix_text", &label), &text, |b, text| {
                b.iter(|| fix_text(black_box(text)))
            });
            // The same text with the repairs beyond ftfy off: ftfy's
            // pipeline, for the cost of those repairs' pre-tests.
            group.bench_with_input(
                BenchmarkId::new("fix_text_ftfy", &label),
                &text,
                |b, text| b.iter(|| ftfy_only.fix(black_box(text))),
            );
            group.bench_with_input(BenchmarkId::new("from_utf8", &label), &text, |b, text| {
                b.iter(|| std::str::from_utf8(black_box(text.as_bytes())).is_ok())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_fix_text);
criterion_main!(benches);
