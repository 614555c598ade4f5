//! Arbitrary bytes through `fix_bytes`, `fix_bytes_with` and `decode_bytes`:
//! always text, never a panic; valid UTF-8 without a byte-order mark gives
//! what `fix_text` gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unmojibake::{decode_bytes, fix_bytes, fix_bytes_with, fix_text, Config};

fuzz_target!(|data: &[u8]| {
    let fixed = fix_bytes(data);
    assert!(std::str::from_utf8(fixed.as_bytes()).is_ok());
    let (decoded, how) = decode_bytes(data);
    let _ = how.to_string();
    let _ = fix_text(&decoded);
    if let Ok(text) = std::str::from_utf8(data) {
        // Valid UTF-8 gives fix_text's result, unless the bytes were taken
        // for UTF-16 without a byte-order mark (documented order).
        let utf16 = how.encoding_name().starts_with("UTF-16");
        if !text.starts_with('\u{feff}') && !utf16 {
            assert_eq!(
                fixed,
                fix_text(text),
                "UTF-8 input: fix_bytes differs from fix_text"
            );
        }
    }
    let _ = fix_bytes_with(data, &Config::encoding_only());
});
