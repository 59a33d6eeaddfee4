//! What the integration tests share: the real binary run from the crate
//! root (so `data/...` paths work), its outcome checked, and small file
//! helpers; [`generate`] holds the generated planning instances of the
//! property tests and the builders of developers, teams and backlogs. Each
//! test file uses the part it needs.
#![allow(dead_code)]

pub mod generate;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// The crate root, where data/ and tests/ are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary with `args`, to run from the crate root.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sprintcast"));
    cmd.args(args).current_dir(root());
    cmd
}

/// The LP solver of the build under test, as summary.json and the reports
/// name it: the `microlp` build (`--no-default-features --features
/// microlp`) reports "microlp", the default build "highs".
pub fn expected_solver() -> &'static str {
    if cfg!(feature = "highs") {
        "highs"
    } else {
        "microlp"
    }
}

/// Whether two runs of the same plan give the same proven lower bound (and
/// so the same gap). The plan itself always is the same: its search stops
/// on a fixed amount of work. The bound's column generation stops at its
/// share of the time limit: HiGHS settles it well before that on every
/// backlog the tests plan, but microlp, which solves each master LP afresh,
/// is still at it on data/ (57 tasks) when the share of the default 10 s
/// runs out, so its bound is wherever the clock stopped it.
pub fn bound_is_reproducible() -> bool {
    cfg!(feature = "highs")
}

/// Runs the binary from the crate root.
pub fn run(args: &[&str]) -> Output {
    command(args).output().expect("the sprintcast binary runs")
}

/// Runs the binary from the crate root with extra environment variables.
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the sprintcast binary runs")
}

/// Requires exit code 0 and no panic of `out`; returns (stdout, stderr).
pub fn check_ok(args: &[&str], out: Output) -> (String, String) {
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(0),
        "sprintcast {}\nstdout: {stdout}\nstderr: {stderr}",
        args.join(" ")
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr)
}

/// Runs the binary and requires exit code 0 and no panic; returns (stdout, stderr).
pub fn ok(args: &[&str]) -> (String, String) {
    check_ok(args, run(args))
}

/// [`ok`] with extra environment variables.
pub fn ok_with(args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    check_ok(args, run_with(args, env))
}

/// A temporary path as an argument.
pub fn path_arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// The bytes of a file the test expects to exist.
pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text of a file the test expects to exist.
pub fn read_text(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every row of `text` (a CSV with a header) as column -> value, with the
/// header.
pub fn csv_rows(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}
