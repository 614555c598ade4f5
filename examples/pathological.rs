//! Times the library on pathological inputs at 1x, 10x and 100x size and
//! flags any input whose time grows more than 12x per 10x of size.
//!
//! ```sh
//! cargo run --release --example pathological            # full sizes (100 MB max)
//! cargo run --release --example pathological -- 0.1     # every size / 10
//! cargo run --release --example pathological -- 1 encoding   # fix_encoding instead of fix_text
//! ```
//!
//! One run per size, timed with `Instant` around the library call only
//! (building the input is not timed). The timings are wall-clock on whatever
//! machine runs this, so on a shared machine expect noise, mostly at 1x.

use std::time::Instant;

/// One pathological input: a name and a builder from a size factor
/// (1, 10 or 100) to the text.
struct Case {
    name: &'static str,
    what: &'static str,
    build: fn(usize, f64) -> String,
    /// Whether the row is informational only: growth is expected to be
    /// superlinear and is reported, not counted as a failure.
    informational: bool,
}

/// Repeats `unit` until the text has at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    let copies = bytes.div_ceil(unit.len().max(1)).max(1);
    unit.repeat(copies)
}

fn scaled(bytes: f64, factor: usize, scale: f64) -> usize {
    // Truncation is fine: sizes are whole bytes.
    (bytes * factor as f64 * scale).max(1.0) as usize
}

/// Garbles `text` `layers` times: encode as UTF-8, decode as Windows-1252
/// (bytes Windows-1252 leaves undefined decode as Latin-1, like ftfy's
/// sloppy codec).
fn garble_1252(text: &str, layers: usize) -> String {
    let codec = unmojibake::codecs::Codec::from_name("sloppy-windows-1252");
    let mut out = text.to_string();
    for _ in 0..layers {
        out = match codec.and_then(|c| unmojibake::codecs::decode(out.as_bytes(), c).ok()) {
            Some(next) => next,
            None => {
                eprintln!("pathological: sloppy-windows-1252 codec unavailable");
                std::process::exit(2);
            }
        };
    }
    out
}

const NESTED_ORIGINAL: &str = "Café naïve “quoted” Привет";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "long-line",
            what: "one line, no newline, mixed mojibake (1 MB at 1x)",
            build: |f, s| {
                repeat_to(
                    "CafÃ© Ð¿Ñ€Ð¸Ð²ÐµÑ‚ â€œquotedâ€\u{9d} plain ascii words here, &amp; more. ",
                    scaled(1e6, f, s),
                )
            },
            informational: false,
        },
        Case {
            name: "repeated-Ã",
            what: "Ã repeated, no newline (100 kB at 1x)",
            build: |f, s| repeat_to("Ã", scaled(1e5, f, s)),
            informational: false,
        },
        Case {
            name: "nested-10",
            what: "ten layers of Windows-1252 mojibake, one line per copy",
            build: |f, s| {
                let line = garble_1252(NESTED_ORIGINAL, 10) + "\n";
                line.repeat(((f as f64 * s).round() as usize).max(1))
            },
            informational: false,
        },
        Case {
            name: "amp-1000",
            what: "&amp; nested 1000 times, copies on one line",
            build: |f, s| {
                let token = String::from("&") + &"amp;".repeat(1000) + " ";
                token.repeat(((f as f64 * s).round() as usize).max(1))
            },
            informational: false,
        },
        Case {
            name: "amp-depth",
            what: "one &amp; nested 100/1000/10000 times (depth, not copies)",
            build: |f, s| {
                let depth = ((100.0 * f as f64 * s).round() as usize).max(1);
                String::from("&") + &"amp;".repeat(depth)
            },
            informational: true,
        },
        Case {
            name: "spaceless",
            what: "one line without spaces: a clean é, then fullwidth letters read as Windows-1252 (600 B at 1x; the span repair reads lines up to 64 kB)",
            build: |f, s| String::from("é") + &repeat_to("ï½†ï½•ï½Œï½Œ", scaled(600.0, f, s)),
            informational: false,
        },
        Case {
            name: "dash-pairs",
            what: "one line of Windows-1252 punctuation side by side (`—…`, 10 kB at 1x), no Latin-1 letter",
            build: |f, s| repeat_to("—…", scaled(1e4, f, s)),
            informational: false,
        },
        Case {
            name: "combining",
            what: "only combining marks of mixed classes (200 kB at 1x)",
            build: |f, s| {
                repeat_to(
                    "\u{301}\u{316}\u{327}\u{334}\u{308}\u{323}",
                    scaled(2e5, f, s),
                )
            },
            informational: false,
        },
        Case {
            name: "c1-controls",
            what: "only C1 controls U+0080..U+009F (200 kB at 1x)",
            build: |f, s| {
                let unit: String = ('\u{80}'..='\u{9f}').collect();
                repeat_to(&unit, scaled(2e5, f, s))
            },
            informational: false,
        },
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let scale: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let mode = args.next().unwrap_or_else(|| "text".to_string());
    let only = args.next();
    let fix: fn(&str) -> std::borrow::Cow<'_, str> = match mode.as_str() {
        "text" => unmojibake::fix_text,
        "encoding" => unmojibake::fix_encoding,
        other => {
            eprintln!("pathological: unknown mode {other:?}; use text or encoding");
            std::process::exit(2);
        }
    };
    // Build the lazily compiled detectors before timing anything.
    let _ = unmojibake::fix_text("CafÃ© &amp; Ð¿Ñ€Ð¸ \u{93}x\u{94} Ã¡ and ×");
    let _ = unmojibake::fix_encoding("CafÃ© Ð¿Ñ€Ð¸ Ã¡ and ×");
    println!(
        "# fix_{mode}, scale {scale}, one run per size (wall clock; shared machine, expect noise)"
    );
    println!(
        "{:<12} {:>12} {:>10} {:>10} {:>10} {:>8} {:>8}  flag  what",
        "input", "size@1x", "t@1x s", "t@10x s", "t@100x s", "10x/1x", "100x/10x"
    );
    let mut failed = false;
    for case in cases() {
        if only.as_deref().is_some_and(|o| o != case.name) {
            continue;
        }
        let mut times = Vec::new();
        let mut size1 = 0;
        let mut note = String::new();
        for factor in [1usize, 10, 100] {
            let input = (case.build)(factor, scale);
            if factor == 1 {
                size1 = input.len();
            }
            let start = Instant::now();
            let out = fix(&input);
            let elapsed = start.elapsed().as_secs_f64();
            let want = fix(NESTED_ORIGINAL);
            if case.name == "nested-10" && factor == 1 && out.lines().next() != Some(&*want) {
                note = format!(" (not repaired: {:?})", out.lines().next().unwrap_or(""));
            }
            drop(out);
            times.push(elapsed);
        }
        let ratio = |a: f64, b: f64| if a > 0.0 { b / a } else { f64::INFINITY };
        let r1 = ratio(times[0], times[1]);
        let r2 = ratio(times[1], times[2]);
        let over = r1 > 12.0 || r2 > 12.0;
        let flag = match (over, case.informational) {
            (false, _) => "ok",
            (true, true) => "info",
            (true, false) => "SLOW",
        };
        failed |= over && !case.informational;
        println!(
            "{:<12} {:>12} {:>10.4} {:>10.4} {:>10.4} {:>8.1} {:>8.1}  {:<4}  {}{}",
            case.name, size1, times[0], times[1], times[2], r1, r2, flag, case.what, note
        );
    }
    if failed {
        println!("# SLOW: time grew more than 12x for a 10x larger input");
        std::process::exit(1);
    }
}
