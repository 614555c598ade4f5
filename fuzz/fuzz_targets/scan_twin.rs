//! The fast path against a naive twin.
//!
//! The twin cuts the text into segments by hand (each line with its `\n`,
//! long lines cut every `max_decode_length` code points) and repairs each
//! segment with `LineFixer::fix_segment_and_explain`, the slow, explaining
//! path. `Fixer::fix` (which may take shortcuts for clean text) must give
//! the same text. The detector's fast `is_bad` is checked against counting
//! matches with `badness`.
//!
//! When the library grows a dedicated scanning fast path, point `fast` at it.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use unmojibake::{badness, is_bad, Config, Fixer, HtmlUnescape};

fn config_from(byte: u8) -> Config {
    let html = match byte & 3 {
        0 | 1 => HtmlUnescape::Auto,
        2 => HtmlUnescape::Always,
        _ => HtmlUnescape::Never,
    };
    let config = Config::default().unescape_html(html);
    if byte & 4 == 0 {
        config
    } else {
        // Small segments exercise the cutting of long lines.
        config.max_decode_length(usize::from(byte >> 3) + 1)
    }
}

/// The code under test.
fn fast<'a>(fixer: &Fixer, text: &'a str) -> Cow<'a, str> {
    fixer.fix(text)
}

/// The naive twin: hand-made segments, each through the explaining path.
fn naive(fixer: &Fixer, text: &str) -> String {
    let max = fixer.config().get_max_decode_length();
    let mut lines = fixer.line_fixer();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let mut segment = String::new();
        let mut count = 0;
        for c in line.chars() {
            segment.push(c);
            count += 1;
            if count == max {
                out.push_str(&lines.fix_segment_and_explain(&segment).text);
                segment.clear();
                count = 0;
            }
        }
        if !segment.is_empty() {
            out.push_str(&lines.fix_segment_and_explain(&segment).text);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let fixer = Fixer::new(config_from(first));
    let got = fast(&fixer, &text);
    let want = naive(&fixer, &text);
    assert_eq!(
        *got, *want,
        "fast path and segment-by-segment repair disagree"
    );
    assert_eq!(is_bad(&text), badness(&text) > 0);
});
