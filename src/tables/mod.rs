//! Generated lookup tables. Never edit the generated files by hand: each one
//! names the test that regenerates it (`REGENERATE_TABLES=1 cargo test --test <name>`).
pub(crate) mod codepages;
pub(crate) mod entities;
