//! Arbitrary bytes (read as lossy UTF-8) through every text entry point.
//!
//! Checks, beyond "no panic, no hang": `fix_text` borrows exactly when it
//! changes nothing; `fix_encoding` is a fixpoint; every plan that
//! `fix_and_explain` and `fix_encoding_and_explain` return replays to the same
//! text; `is_bad` agrees with `badness`; every single-byte codec decodes and
//! re-encodes the raw bytes unchanged.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use unmojibake::codecs::{self, CHARMAP_ENCODINGS};
use unmojibake::{
    apply_plan, apply_plan_with, badness, fix_and_explain, fix_encoding, fix_encoding_and_explain,
    fix_text, fixes, is_bad, Config, Fixer, HtmlUnescape,
};

/// A configuration chosen by one input byte, so option combinations get
/// fuzzed too.
fn config_from(byte: u8) -> Config {
    let base = if byte & 1 == 0 {
        Config::default()
    } else {
        Config::encoding_only()
    };
    base.restore_byte_a0(byte & 2 == 0)
        .replace_lossy_sequences(byte & 4 == 0)
        .decode_inconsistent_utf8(byte & 8 == 0)
        .fix_c1_controls(byte & 16 == 0)
        .uncurl_quotes(byte & 32 == 0)
        .unescape_html(if byte & 64 == 0 {
            HtmlUnescape::Auto
        } else {
            HtmlUnescape::Always
        })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;

    let fixed = fix_text(text);
    assert_eq!(
        matches!(fixed, Cow::Borrowed(_)),
        fixed == text,
        "borrow iff unchanged"
    );

    let encoding = fix_encoding(text);
    assert_eq!(matches!(encoding, Cow::Borrowed(_)), encoding == text);
    assert_eq!(
        fix_encoding(&encoding),
        encoding,
        "fix_encoding is a fixpoint"
    );

    let explained = fix_and_explain(text);
    assert_eq!(
        apply_plan(text, &explained.steps).as_deref(),
        Ok(explained.text.as_str())
    );
    let explained = fix_encoding_and_explain(text);
    assert_eq!(explained.text, encoding);
    assert_eq!(
        apply_plan(text, &explained.steps).as_deref(),
        Ok(explained.text.as_str())
    );

    assert_eq!(is_bad(text), badness(text) > 0);

    // Every fixer on its own.
    let _ = fixes::unescape_html(text);
    let _ = fixes::remove_terminal_escapes(text);
    let _ = fixes::decode_inconsistent_utf8(text);
    let _ = fixes::fix_c1_controls(text);
    let _ = fixes::fix_latin_ligatures(text);
    let _ = fixes::fix_character_width(text);
    let _ = fixes::uncurl_quotes(text);
    let _ = fixes::fix_line_breaks(text);
    let _ = fixes::fix_surrogates(text);
    let _ = fixes::remove_control_chars(text);
    let _ = fixes::remove_bom(text);
    let _ = fixes::decode_escapes(text);
    let _ = fixes::restore_byte_a0(data);
    let _ = fixes::replace_lossy_sequences(data);
    let units: Vec<u16> = data
        .chunks(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
        .collect();
    let _ = fixes::fix_surrogates_utf16(&units);

    // Single-byte codecs are bijections on bytes.
    for codec in CHARMAP_ENCODINGS {
        if let Ok(decoded) = codecs::decode(data, codec) {
            assert_eq!(
                codecs::encode(&decoded, codec).ok().as_deref(),
                Some(data),
                "{codec:?}"
            );
        }
    }

    // The same with a configuration taken from the first byte.
    if let Some((&first, rest)) = data.split_first() {
        let rest = String::from_utf8_lossy(rest);
        let config = config_from(first);
        let fixer = Fixer::new(config.clone());
        let fixed = fixer.fix(&rest);
        assert_eq!(matches!(fixed, Cow::Borrowed(_)), fixed == *rest);
        let explained = fixer.fix_and_explain(&rest);
        assert_eq!(
            apply_plan_with(&rest, &explained.steps, &config).as_deref(),
            Ok(explained.text.as_str())
        );
        let explained = fixer.fix_encoding_and_explain(&rest);
        assert_eq!(
            apply_plan_with(&rest, &explained.steps, &config).as_deref(),
            Ok(explained.text.as_str())
        );
    }
});
