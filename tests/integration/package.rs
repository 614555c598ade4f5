//! Issue 15, finding 3: the packaged crate must carry what its own tests,
//! examples and benches read. Every file they pull in at compile time
//! (`#[path]`, `include_str!`, `include_bytes!`) or open from
//! `CARGO_MANIFEST_DIR` must fall under the `include` list of Cargo.toml.
//! (`.ci/run` also tests the unpacked `.crate` itself.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::{Component, Path, PathBuf};

/// The `include` patterns, as paths from the package root: `dir/**` or a
/// file.
fn include_list(manifest: &str) -> Vec<String> {
    let start = manifest
        .find("include = [")
        .expect("Cargo.toml has an include list");
    let list = &manifest[start..];
    let list = &list[..list.find(']').unwrap()];
    list.lines()
        .filter_map(|l| l.trim().strip_prefix("\"/"))
        .map(|l| l.trim_end_matches(['"', ',']).to_string())
        .collect()
}

fn shipped(path: &str, include: &[String]) -> bool {
    include
        .iter()
        .any(|pattern| match pattern.strip_suffix("/**") {
            Some(dir) => path.starts_with(&format!("{dir}/")),
            None => path == pattern,
        })
}

/// `a/b/../c` as `a/c`.
fn normalize(path: &Path) -> String {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.to_string_lossy().replace('\\', "/")
}

/// The quoted strings after `marker` in `source`.
fn quoted_after<'s>(source: &'s str, marker: &str) -> Vec<&'s str> {
    source
        .match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &source[i + marker.len()..];
            let open = rest.find('"')?;
            let rest = &rest[open + 1..];
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

#[test]
fn what_tests_examples_and_benches_read_is_packaged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let include = include_list(&fs::read_to_string(root.join("Cargo.toml")).unwrap());
    let mut checked = 0;
    for dir in [
        "tests",
        "tests/integration",
        "examples",
        "benches",
        "benches/common",
        "tests/shared",
    ] {
        for entry in fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().map_or(true, |e| e != "rs") {
                continue;
            }
            let source = fs::read_to_string(&path).unwrap();
            let here = path
                .strip_prefix(root)
                .unwrap()
                .parent()
                .unwrap()
                .to_path_buf();
            let mut needed: Vec<String> = Vec::new();
            for marker in ["#[path = ", "include_str!(", "include_bytes!("] {
                for target in quoted_after(&source, marker) {
                    needed.push(normalize(&here.join(target)));
                }
            }
            // Files opened at run time from the manifest directory.
            for marker in [".join(", "concat!(env!(\"CARGO_MANIFEST_DIR\"), "] {
                for target in quoted_after(&source, marker) {
                    let target = target.trim_start_matches('/');
                    if target.starts_with("tests/") || target.starts_with("scripts/") {
                        needed.push(normalize(Path::new(target)));
                    }
                }
            }
            for file in needed {
                assert!(
                    shipped(&file, &include),
                    "{} needs {file}, which Cargo.toml's include list leaves out",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} references found");
}
