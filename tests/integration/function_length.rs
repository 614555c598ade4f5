//! No function in `src/` (the CLI included, generated tables left out) is
//! longer than [`MAX_LINES`] lines, unless the comments at its head say
//! why it must be one piece: a line of them contains "one piece" (any
//! case), as in "One piece, over 120 lines: the encoder's inner loop...".
//!
//! A function is found by its `fn` line (after `pub`, `const` and the
//! like) and ends at the first `}` line at its indentation, as `rustfmt`
//! lays code out; its length counts both lines.

use std::path::{Path, PathBuf};

/// The most lines a function may have without a reason.
const MAX_LINES: usize = 120;

/// The files to check: every `.rs` file under `src/` but the generated
/// tables of `src/tables/`.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tables") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
}

/// The name of the function a line declares, if it does.
fn declared_fn(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    loop {
        let before = rest;
        for prefix in ["pub(crate) ", "pub(super) ", "pub(self) ", "pub "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        for prefix in ["const ", "async ", "unsafe ", "extern \"C\" "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    Some(&name[..end])
}

/// The functions of `text` longer than [`MAX_LINES`] without a reason at
/// their head: (name, first line, length).
fn too_long(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let Some(name) = declared_fn(line) else {
            continue;
        };
        let trimmed = line.trim_end();
        // A declaration without a body, or a body on one line.
        if trimmed.ends_with(';') || (trimmed.contains('{') && trimmed.ends_with('}')) {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let closing = format!("{indent}}}");
        let Some(end) = (k + 1..lines.len()).find(|&j| lines[j] == closing) else {
            continue;
        };
        let length = end - k + 1;
        if length <= MAX_LINES {
            continue;
        }
        // The comments and attributes right above the `fn` line.
        let head = lines[..k].iter().rev().take_while(|l| {
            let l = l.trim_start();
            l.starts_with("//") || l.starts_with("#[")
        });
        let reasoned = head
            .into_iter()
            .any(|l| l.trim_start().starts_with("//") && l.to_lowercase().contains("one piece"));
        if !reasoned {
            found.push((name.to_string(), k + 1, length));
        }
    }
    found
}

#[test]
fn no_function_is_too_long_without_a_reason() {
    let mut offenders = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        for (name, line, length) in too_long(&text) {
            offenders.push(format!(
                "{}:{line}: fn {name}, {length} lines",
                path.display()
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "functions over {MAX_LINES} lines without a comment at their head saying why \
         they must be one piece (split them, or say so):\n{}",
        offenders.join("\n")
    );
}

/// The check finds a long function, lets a short one or one whose head
/// says why it is one piece through, and measures as `rustfmt` lays out.
#[test]
fn the_check_can_fail() {
    let body = |n: usize| "        let x = 1;\n".repeat(n);
    let long = format!(
        "    pub(crate) fn long(\n        a: u8,\n    ) {{\n{}    }}\n",
        body(118)
    );
    assert_eq!(too_long(&long), vec![("long".to_string(), 1, 122)]);
    let short = format!("    const fn short() {{\n{}    }}\n", body(118));
    assert!(too_long(&short).is_empty());
    let reasoned =
        format!("/// One piece, over 120 lines: the hot loop.\n#[inline(always)]\n{long}");
    assert!(too_long(&reasoned).is_empty());
    let elsewhere = format!("/// One piece of advice.\n\nfn other() {{}}\n{long}");
    assert_eq!(too_long(&elsewhere).len(), 1);
}
