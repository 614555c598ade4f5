//! How the `apply_plan` fuzz target reads its input, and what it checks.
//! Shared, through `#[path]`, by `fuzz/fuzz_targets/apply_plan.rs` and by
//! `tests/integration/regressions.rs`, which replays saved inputs the same way.
//!
//! Input layout:
//! - byte 0: low nibble = number of steps (0..=15); high nibble = config bits;
//! - then two bytes per step: action selector, parameter selector, indexing
//!   `ACTIONS` and `PARAMETERS` below (both include names that must be
//!   rejected);
//! - the rest is the text, read as lossy UTF-8.

use unmojibake::{apply_plan_with, plan_to_string, Config, PlanError, Step};

const ACTIONS: [&str; 7] = [
    "encode",
    "decode",
    "transcode",
    "apply",
    "normalize",
    "explode",
    "",
];

const PARAMETERS: [&str; 41] = [
    "latin-1",
    "sloppy-windows-1252",
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
    "utf-8",
    "utf-8-variants",
    "windows-1252",
    "windows-1251",
    "unescape_html",
    "remove_terminal_escapes",
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_control_chars",
    "NFC",
    "NFD",
    "NFKC",
    "nfkd",
    "utf-16",
    "ascii",
    "fix_everything",
    "",
    "NFX",
    "sloppy-windows-1255",
    "gbk",
    "shift_jis",
    "big5",
    "euc-kr",
    "decode_mojibake_spans",
];

fn config_from(bits: u8) -> Config {
    let base = if bits & 1 == 0 {
        Config::default()
    } else {
        Config::encoding_only()
    };
    base.restore_byte_a0(bits & 2 == 0)
        .replace_lossy_sequences(bits & 4 == 0)
        .decode_inconsistent_utf8(bits & 8 == 0)
}

/// Builds the plan and text that `data` describes and applies the plan:
/// every step parses back to itself, unknown names give `UnknownStep`, and
/// `apply_plan_with` returns a value or a clean error, never a panic. `name`
/// labels assertion messages.
pub fn check_plan_input(name: &str, data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let count = usize::from(head & 0x0F);
    let config = config_from(head >> 4);
    let take = (2 * count).min(rest.len());
    let (selectors, text) = rest.split_at(take);
    let text = String::from_utf8_lossy(text);

    let mut steps = Vec::new();
    for pair in selectors.chunks_exact(2) {
        let action = ACTIONS[usize::from(pair[0]) % ACTIONS.len()];
        let parameter = PARAMETERS[usize::from(pair[1]) % PARAMETERS.len()];
        match Step::parse(action, parameter) {
            Ok(step) => {
                // A step prints and parses back to itself.
                assert_eq!(
                    Step::parse(step.action(), step.parameter()),
                    Ok(step),
                    "{name}"
                );
                steps.push(step);
            }
            Err(err) => {
                assert!(
                    matches!(err, PlanError::UnknownStep { .. }),
                    "{name}: {err:?}"
                );
                let _ = err.to_string();
            }
        }
    }
    let _ = plan_to_string(&steps);
    match apply_plan_with(&text, &steps, &config) {
        Ok(out) => {
            if steps.is_empty() {
                assert_eq!(out, *text, "{name}");
            }
        }
        Err(err) => {
            assert!(
                !steps.is_empty(),
                "{name}: an empty plan cannot fail: {err:?}"
            );
            // Errors print, and chain to their source without panicking.
            let _ = err.to_string();
            let _ = std::error::Error::source(&err).map(ToString::to_string);
        }
    }
}
