//! What the `fix_bytes` fuzz target checks for one input. Shared, through
//! `#[path]`, by `fuzz/fuzz_targets/fix_bytes.rs` and by
//! `tests/integration/regressions.rs`, which replays saved inputs the same way.

use unmojibake::{decode_bytes, fix_bytes, fix_bytes_with, fix_text, Config};

/// Arbitrary bytes through `fix_bytes`, `fix_bytes_with` and
/// `decode_bytes`: always text, never a panic; valid UTF-8 without a
/// byte-order mark gives what `fix_text` gives, unless the bytes were taken
/// for UTF-16 or UTF-32 without a byte-order mark, or for 7-bit ISO-2022-JP
/// or ISO-2022-KR (the documented order). `name` labels assertion messages.
pub fn check_bytes(name: &str, data: &[u8]) {
    let fixed = fix_bytes(data);
    assert!(std::str::from_utf8(fixed.as_bytes()).is_ok(), "{name}");
    let (decoded, how) = decode_bytes(data);
    let _ = how.to_string();
    let _ = fix_text(&decoded);
    if let Ok(text) = std::str::from_utf8(data) {
        let name_of = how.encoding_name();
        let sniffed = ["UTF-16", "UTF-32", "ISO-2022"]
            .iter()
            .any(|prefix| name_of.starts_with(prefix));
        if !text.starts_with('\u{feff}') && !sniffed {
            assert_eq!(
                fixed,
                fix_text(text),
                "{name}: fix_bytes differs from fix_text on UTF-8"
            );
        }
    }
    let _ = fix_bytes_with(data, &Config::encoding_only());
}
