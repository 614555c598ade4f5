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
//! ## What is here
//! - [`fix_text`] and [`fix_text_with`]: the whole pipeline, segment by
//!   segment, to a fixpoint. They return [`Cow::Borrowed`](std::borrow::Cow)
//!   exactly when the text needs no change.
//! - [`fix_encoding`]: only the mojibake repair.
//! - [`is_bad`] and [`badness`](fn@crate::badness): the detector.
//! - [`fix_and_explain`] and [`apply_plan`]: the repair as a replayable plan
//!   of [`Step`]s, printed in ftfy's tuple form.
//! - [`Config`] and [`Fixer`]: every ftfy option, with ftfy's defaults, and a
//!   reusable fixer.
//! - [`fixes`]: every fixer on its own, under ftfy's names; [`codecs`]: the
//!   single-byte codecs and UTF-8 variants the repair uses.
//!
//! ## Features
//! - `detect` (default): legacy-charset detection for byte input of unknown
//!   encoding, through `chardetng`.
//! - `cli`: the `unmojibake` command-line filter. Library users who do not
//!   enable it compile none of its code.
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
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod badness;
mod bmp;
pub mod codecs;
mod config;
mod fixer;
pub mod fixes;
mod normalize;
mod plan;
mod plausibility;
mod scan;
mod tables;
mod utf8;

pub use badness::{badness, is_bad};
pub use config::{Config, HtmlUnescape, NormalizationForm, UnknownForm};
pub use fixer::{
    fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, fix_text_with, Explained,
    Fixer, LineFixer,
};
pub use plan::{apply_plan, apply_plan_with, plan_to_string, PlanError, Step};

pub mod bytes;
#[cfg(feature = "detect")]
mod detect;
pub mod stream;
pub use bytes::{
    decode_bytes, decode_bytes_as, fix_bytes, fix_bytes_with, DecodeBytesError, DecodedAs,
    NamedEncoding, UnknownEncoding,
};
pub use stream::{
    fix_stream, fix_stream_explained, InputEncoding, StreamError, StreamOptions, StreamStats,
};

#[cfg(test)]
mod api_tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<crate::Config>();
        assert_send_sync::<crate::Fixer>();
        assert_send_sync::<crate::Explained>();
        assert_send_sync::<crate::PlanError>();
    }
}
