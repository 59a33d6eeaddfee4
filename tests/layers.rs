//! The layout rules of docs/architecture.md, checked on the source: the
//! modules of src/lib.rs are listed in pipeline order, ground floor first,
//! and no module imports one listed after it; no file in src/ grows past
//! about 900 lines.
//!
//! Run alone with `cargo test --test layers`.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules of src/lib.rs in the order they are declared.
fn modules(root: &Path) -> Vec<String> {
    let lib = fs::read_to_string(root.join("src/lib.rs")).expect("src/lib.rs");
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').to_string())
        })
        .collect()
}

/// Every .rs file under `path` (a file, or a folder walked recursively).
fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .expect("readable folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The files of module `name`: src/NAME.rs and everything under src/NAME/.
fn module_files(root: &Path, name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&root.join("src").join(format!("{name}.rs")), &mut out);
    files(&root.join("src").join(name), &mut out);
    out
}

/// The crate modules a line of code names as `crate::NAME` (comments and
/// doc links do not import anything, so comment lines are skipped).
fn named(line: &str) -> Vec<String> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    line.match_indices("crate::")
        .filter(|(at, _)| !line[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(at, m)| {
            line[at + m.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn no_module_imports_one_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = modules(root);
    assert!(order.len() > 10, "src/lib.rs lists the modules: {order:?}");
    let mut upward = Vec::new();
    for (level, module) in order.iter().enumerate() {
        let paths = module_files(root, module);
        assert!(!paths.is_empty(), "module {module} has a file");
        for path in paths {
            let text = fs::read_to_string(&path).expect("source is text");
            for (k, line) in text.lines().enumerate() {
                for name in named(line) {
                    if let Some(other) = order.iter().position(|m| *m == name) {
                        if other > level {
                            upward.push(format!(
                                "{}:{}: {module} imports {name}, which src/lib.rs lists after it",
                                path.strip_prefix(root).unwrap_or(&path).display(),
                                k + 1
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

#[test]
fn the_checker_sees_an_upward_import() {
    assert_eq!(named("use crate::report::plan;"), ["report"]);
    assert_eq!(
        named("    x: crate::plan::Plan, y: crate::text::num(1.0, 2)"),
        ["plan", "text"]
    );
    assert!(named("/// see [`crate::report`]").is_empty());
    assert!(named("use mycrate::report;").is_empty());
}

#[test]
fn no_source_file_is_over_about_900_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    let long: Vec<String> = all
        .iter()
        .filter_map(|p| {
            let lines = fs::read_to_string(p)
                .expect("source is text")
                .lines()
                .count();
            (lines > 950).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these along their concepts: {long:?}"
    );
}
