//! The integration tests, in one test binary (one link instead of one per
//! file): each module is what was a file of its own under `tests/`. The
//! table generators (`tests/gen_*.rs`) stay separate binaries, since they
//! write files when asked to (`REGENERATE_TABLES=1`).
//!
//! Run one module with `cargo test --test integration MODULE::`, e.g.
//! `cargo test --test integration regressions::`.

mod api;
mod beyond;
mod cli;
mod cli_detect;
mod cli_safety;
mod conformance;
mod detect_matrix;
mod function_length;
mod layers;
mod negative_sample;
mod package;
mod properties;
mod python_codecs;
mod regressions;
mod streaming;
