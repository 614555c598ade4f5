//! The library's modules form layers that only point down: a module may
//! use the modules of lower layers and the other files of its own layer
//! entry, never a higher one. This test reads every file under `src/`
//! (not `src/bin/`, which is the CLI on top of everything) and fails on an
//! import that points up.
//!
//! What counts as an import: a path starting with `crate::`, `super::` or
//! the name of a child module the file declares, in code (comments and the
//! `#[cfg(test)]` module at the bottom of a file are left out: tests may
//! use anything). Names the crate root re-exports (`crate::Fixer`) are
//! followed to the module they come from.
//!
//! A new module must be given its place in [`LAYERS`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, bottom first: (module path, rank). A module belongs to the
/// longest entry that is a prefix of its path (`codecs` covers
/// `codecs::charmap`). An import must go to a strictly lower rank, or stay
/// within the same entry.
const LAYERS: &[(&str, u32)] = &[
    // Data and primitives.
    ("tables", 0),
    ("utf8", 0),
    ("bmp", 0),
    ("chars", 0),
    // Codecs and configuration.
    ("codecs", 1),
    ("config", 2),
    ("normalize", 3),
    // The vocabulary of plans: Step, FixId.
    ("step", 4),
    // The shapes of lone UTF-8 sequences, which the word-shape evidence
    // counts.
    ("plausibility::lone", 4),
    // Specifications: ftfy's badness expression and the word-shape
    // evidence, with the CJK repair's first test.
    ("badness::expression", 5),
    ("plausibility", 5),
    ("plausibility::cjk", 5),
    ("plausibility::legacy_runs", 5),
    // The pre-filter, built from them.
    ("scan", 6),
    // The detector (pre-filter, then expression) and the plausibility
    // model and acceptance rule on top of it.
    ("badness", 7),
    ("plausibility::model", 8),
    ("plausibility::verdict", 9),
    ("plausibility::legacy", 9),
    // The fixers: the small ones, the re-encoding core, the repairs beyond
    // ftfy, ftfy's encoding repair, and the registry.
    ("fixes::controls", 10),
    ("fixes::decode_escapes", 10),
    ("fixes::html", 10),
    ("fixes::ligatures", 10),
    ("fixes::line_breaks", 10),
    ("fixes::quotes", 10),
    ("fixes::surrogates", 10),
    ("fixes::terminal", 10),
    ("fixes::width", 10),
    ("fixes::reencode", 10),
    ("fixes::mixups", 11),
    ("fixes::mixed", 11),
    ("fixes::legacy", 11),
    ("fixes::lone", 11),
    ("fixes::encoding", 12),
    ("fixes", 13),
    // The pipeline and the plan replay.
    ("fixer", 14),
    ("plan", 14),
    // Byte input, streams, parallel and Arrow front ends.
    ("detect", 15),
    ("bytes", 16),
    // Detection explains the choice of `bytes`.
    ("detection", 17),
    ("stream", 18),
    ("parallel", 19),
    ("arrow", 19),
    // The crate root: re-exports and the convenience functions.
    ("", 20),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file under `src/` (not `src/bin/`), with its
/// module path.
fn modules() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(src()).expect("under src/");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            (parts.join("::"), path)
        })
        .collect()
}

/// The layer entry of a module: (entry, rank).
fn layer(module: &str) -> (&'static str, u32) {
    LAYERS
        .iter()
        .filter(|(entry, _)| {
            entry.is_empty() || module == *entry || module.starts_with(&format!("{entry}::"))
        })
        .max_by_key(|(entry, _)| entry.len())
        .copied()
        .expect("the root entry covers every module")
}

/// The code of a file without comments and without the test module at
/// its bottom.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            let next = lines.peek().map_or("", |l| l.trim());
            // (`#[cfg(test)] mod generate;` declares a file, checked on
            // its own: the code after it still counts.)
            if next.contains("mod ") && !next.ends_with(';') {
                break;
            }
        }
        let line = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The first path segments after `prefix::` at `at` in `code`: one, or
/// several for a `{...}` group (`crate::{Config, Fixer}`).
fn first_segments(code: &str, at: usize) -> Vec<String> {
    let rest = &code[at..];
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 1;
        let mut items = Vec::new();
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        items.push(&group[start..i]);
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.into_iter().map(ident).collect()
    } else {
        vec![ident(rest)]
    }
}

/// The full path after `prefix::` at `at`, as far as it names modules.
fn path_at(code: &str, at: usize) -> Vec<String> {
    let mut segments = Vec::new();
    let mut rest = &code[at..];
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        segments.push(name);
        match rest.strip_prefix("::") {
            Some(more) if !more.starts_with('{') => rest = more,
            _ => break,
        }
    }
    segments
}

/// The names the crate root re-exports, and the module each comes from.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let lib = code(lib);
    for stmt in lib.split(';') {
        let stmt = stmt.trim();
        let Some(path) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        let module = path_at(path, 0);
        let Some(first) = module.first() else {
            continue;
        };
        let names_at = path
            .find('{')
            .unwrap_or_else(|| path.rfind("::").map_or(path.len(), |i| i + 2));
        for name in first_segments(path, names_at) {
            map.insert(name, first.clone());
        }
    }
    map
}

/// The module a path names, as the longest known module prefix of it.
fn resolve(path: &[String], known: &[String]) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| known.contains(candidate))
}

#[test]
fn imports_only_point_down() {
    let modules = modules();
    let known: Vec<String> = modules.iter().map(|(m, _)| m.clone()).collect();
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    let exports = root_exports(&lib);
    let mut violations = Vec::new();
    let mut edges = 0;
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path).expect("a source file");
        let code = code(&text);
        let parent: Vec<String> = module
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let parent = parent[..parent.len().saturating_sub(1)].to_vec();
        let children: Vec<String> = known
            .iter()
            .filter_map(|m| {
                let rest = if module.is_empty() {
                    Some(m.as_str())
                } else {
                    m.strip_prefix(&format!("{module}::"))
                };
                rest.filter(|r| !r.is_empty() && !r.contains("::"))
                    .map(String::from)
            })
            .collect();
        let mut targets = Vec::new();
        let bytes = code.as_bytes();
        let boundary = |i: usize| {
            i == 0 || {
                let b = bytes[i - 1];
                !(b.is_ascii_alphanumeric() || b == b'_' || b == b':')
            }
        };
        for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
            for (at, _) in code.match_indices(prefix) {
                if !boundary(at) {
                    continue;
                }
                let after = at + prefix.len();
                let groups = if code[after..].starts_with('{') {
                    first_segments(&code, after)
                        .into_iter()
                        .map(|s| vec![s])
                        .collect()
                } else {
                    vec![path_at(&code, after)]
                };
                for segments in groups {
                    let Some(first) = segments.first() else {
                        continue;
                    };
                    if first == "self" {
                        targets.push(base.join("::"));
                        continue;
                    }
                    if prefix == "crate::" && !known.contains(first) {
                        if let Some(from) = exports.get(first) {
                            targets.push(from.clone());
                            continue;
                        }
                    }
                    let mut full = base.clone();
                    full.extend(segments);
                    let target = match (resolve(&full, &known), prefix) {
                        (Some(target), _) => target,
                        // `super::` inside an inline module of this file
                        // (`mod serde_impls { use super::Step; }`).
                        (None, "super::") => module.clone(),
                        (None, _) => String::new(),
                    };
                    targets.push(target);
                }
            }
        }
        for child in &children {
            for (at, _) in code.match_indices(&format!("{child}::")) {
                if boundary(at) {
                    let mut full: Vec<String> = module
                        .split("::")
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    full.extend(path_at(&code, at));
                    targets.extend(resolve(&full, &known));
                }
            }
        }
        let (entry, rank) = layer(module);
        for target in targets {
            if &target == module {
                continue;
            }
            edges += 1;
            let (target_entry, target_rank) = layer(&target);
            if target_entry != entry && target_rank >= rank {
                violations.push(format!(
                    "{module} (layer {rank}) uses {target} (layer {target_rank})"
                ));
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(
        edges > 50,
        "the test found only {edges} imports: is it reading the code?"
    );
    assert!(
        violations.is_empty(),
        "imports that point up a layer:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_module_has_a_layer() {
    for (module, _) in modules() {
        let (entry, _) = layer(&module);
        assert!(
            !entry.is_empty() || module.is_empty(),
            "module {module} has no entry in LAYERS"
        );
    }
}

#[test]
fn an_upward_import_is_caught() {
    // The test's own reading, on a made-up file of the scan that imports
    // a fixer: the edge must resolve to `fixes::mixups`.
    let code = code("use crate::fixes::mixups::cjk_may_apply;\n// crate::fixer\n");
    let segments = path_at(&code, code.find("crate::").unwrap() + 7);
    let known = vec!["fixes".to_string(), "fixes::mixups".to_string()];
    assert_eq!(resolve(&segments, &known).as_deref(), Some("fixes::mixups"));
    assert!(layer("fixes::mixups").1 >= layer("scan").1);
}
