//! # unmojibake
//!
//! Repairs broken text: mojibake (text encoded in one charset and decoded in
//! another, such as `CafÃ©` for `Café`), HTML entities, curly quotes,
//! ligatures, fullwidth characters, stray control characters and terminal
//! escapes. It reproduces the behaviour of Python's
//! [ftfy](https://github.com/rspeer/python-ftfy) 6.3.1, by Robyn Speer, whose
//! default pipeline, heuristics and test suite it follows (see `NOTICE`).
//!
//! ```
//! use unmojibake::fix_text;
//!
//! assert_eq!(fix_text("Hereâ€™s CafÃ© &amp; ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Here's Café & Привет");
//! ```
//!
//! ## The layers, from the top
//! Each module uses only the modules below it (checked by
//! `tests/integration/layers.rs`):
//!
//! ```text
//! src/bin/unmojibake/      the CLI: flags, files, records
//! parallel, arrow          many lines at once, Arrow arrays
//! stream                   line-wise repair of a byte stream
//! detection, bytes, detect byte input: BOMs, UTF-8, legacy charsets, and
//!                          what a detection found (detection)
//! fixer, plan              the pipeline (Fixer, segments, fixpoint) and
//!                          the replay of recorded plans (apply_plan)
//! fixes/                   the fixers: mod.rs (registry) > encoding >
//!                          mixed, mixups > reencode and the small fixers
//! plausibility/model, verdict   is a repair beyond ftfy convincing?
//! badness                  the detector: the scan's pre-filter, then the regex
//! scan, scan/              byte-level pre-filter: can any step change this?
//!                          ftfy.rs (ftfy's steps alone) and beyond.rs (with
//!                          the pre-tests of the repairs beyond ftfy), over
//!                          one set of generated tables (tables.rs)
//! badness/expression, plausibility, plausibility/cjk
//!                          specifications: ftfy's badness classes and
//!                          expression, word-shape evidence, the CJK test
//! step                     Step and FixId, the vocabulary of plans
//! config, normalize        Config and its sub-options; Unicode normalization
//! codecs/                  single-byte codecs, UTF-8 variants, CJK code pages
//! tables/, utf8, chars     generated data (checked in, with staleness tests;
//!                          scan/generate.rs and bmp, test-only, write it),
//!                          UTF-8 helpers, cached character properties
//! ```
//!
//! A line of text goes down this stack: the [`Fixer`] asks the scan
//! where work may be needed, runs the fixers of its pipeline there (the
//! encoding repair asks the detector first), and records each change as a
//! [`Step`], which [`apply_plan`] can replay.
//!
//! ## What is here
//! - [`fix_text`] and [`fix_text_with`]: the whole pipeline, segment by
//!   segment, to a fixpoint. They return [`Cow::Borrowed`](std::borrow::Cow)
//!   exactly when the text needs no change.
//! - [`fix_encoding`]: only the mojibake repair.
//! - [`is_bad`] and [`badness`](fn@crate::badness): the detector.
//! - [`fix_and_explain`] and [`apply_plan`]: the repair as a replayable plan
//!   of [`Step`]s, printed in ftfy's tuple form and read back by
//!   [`parse_plan`] / [`Plan`]'s `FromStr`.
//! - [`fix_bytes`], [`decode_bytes`], [`fix_stream`] and
//!   [`parallel::fix_stream_parallel`]: byte input and streams.
//!
//! Functions named `fix_*_with` take a [`&Config`](Config); a [`Fixer`]
//! built once from a config does the same work without setting up again,
//! and the streaming functions take one.
//! - [`Config`] and [`Fixer`]: every ftfy option, with ftfy's defaults, and a
//!   reusable fixer.
//! - [`fixes`]: every fixer on its own, under ftfy's names; [`codecs`]: the
//!   single-byte codecs and UTF-8 variants the repair uses.
//!
//! ## Features
//! - `detect` (default): legacy-charset detection for byte input of unknown
//!   encoding, through `chardetng`.
//! - `cli` (default): the `unmojibake` command-line filter, so that
//!   `cargo install unmojibake` installs it. Library users turn it off
//!   (`default-features = false, features = ["detect"]`) and compile none of
//!   its code or dependencies.
//! - `serde`: `Serialize`/`Deserialize` for [`Config`], [`Step`], [`Plan`] and
//!   [`Explained`], and `Serialize` for [`DecodedAs`].
//! - `arrow`: [`arrow::fix_array`], which repairs Arrow string arrays in
//!   parallel (arrow-rs, DataFusion, the Python package). Off by default.
//!
//! ## Differences from ftfy
//! Every deliberate difference is listed in the README. In short: every
//! option is honoured on every path (ftfy ignores the encoding sub-options
//! when no explanation is asked for); plans with `normalize` steps replay;
//! a `fix_c1_controls` step that changes nothing is not recorded.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// No silent panics: no `unwrap`, no indexing, no `panic!`. `expect` is
// allowed, and is how an invariant is stated: a value that cannot be
// absent (a constant regex, an offset just computed on a character
// boundary) is taken with `expect("why it is there")`, so that a broken
// invariant crashes a fuzzer instead of quietly dropping text.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)
)]

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod badness;
#[cfg(test)]
mod bmp;
mod chars;
pub mod codecs;
mod config;
mod fixer;
pub mod fixes;
mod normalize;
mod plan;
mod plausibility;
mod scan;
mod step;
mod tables;
mod utf8;

pub use badness::{badness, is_bad};
pub use config::{Config, HtmlUnescape, NormalizationForm, UnknownForm};
pub use fixer::{
    fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, fix_text_with, Explained,
    Fixer, LineFixer,
};
pub use plan::{apply_plan, apply_plan_with, parse_plan, plan_to_string, Plan, PlanError};
pub use step::Step;

/// The `encoding_rs` crate, re-exported: [`NamedEncoding::Encoding`] and
/// [`DecodedAs::Detected`] hold its `&'static Encoding`, so callers can match
/// on them (`encoding_rs::SHIFT_JIS`) without depending on it themselves.
///
/// ```
/// use unmojibake::{decode_bytes, encoding_rs, DecodedAs};
/// let (_, how) = decode_bytes(b"\xFF\xFEh\x00i\x00");
/// assert_eq!(how.encoding_name(), encoding_rs::UTF_16LE.name());
/// ```
pub use encoding_rs;

pub mod bytes;
#[cfg(feature = "detect")]
mod detect;
#[cfg(feature = "detect")]
pub mod detection;
#[cfg(feature = "detect")]
pub use detection::{detect_bytes, Alternative, Detection};
pub mod parallel;
pub mod stream;
pub use bytes::{
    decode_bytes, decode_bytes_as, fix_bytes, fix_bytes_with, DecodeBytesError, DecodedAs,
    NamedEncoding, UnknownEncoding,
};
pub use stream::{
    fix_stream, fix_stream_explained, fix_stream_with, InputEncoding, StreamError, StreamOptions,
    StreamStats,
};

/// [`fix_and_explain`] with a given configuration: the repaired text and the
/// plan that gives it. Like every `fix_*_with` function, it takes a
/// [`&Config`](Config); a [`Fixer`] made once does the same work without
/// setting up for each call ([`Fixer::fix_and_explain`]).
///
/// ```
/// use unmojibake::{apply_plan_with, fix_and_explain_with, Config};
/// let config = Config::default().uncurl_quotes(false);
/// let fixed = fix_and_explain_with("â€œokâ€\u{9d}", &config);
/// assert_eq!(fixed.text, "“ok”");
/// assert_eq!(apply_plan_with("â€œokâ€\u{9d}", &fixed.steps, &config).unwrap(), fixed.text);
/// ```
pub fn fix_and_explain_with(text: &str, config: &Config) -> Explained {
    Fixer::new(config.clone()).fix_and_explain(text)
}

#[cfg(test)]
mod api_tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<crate::Config>();
        assert_send_sync::<crate::Fixer>();
        assert_send_sync::<crate::Explained>();
        assert_send_sync::<crate::PlanError>();
        assert_send_sync::<crate::Plan>();
    }
}
