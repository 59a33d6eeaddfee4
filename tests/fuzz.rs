//! Fuzz harness (issue 10): every reader on mutations of the real data files,
//! and the binary on command-line values at their extremes.
//!
//! Each reader gets the bytes of its data/ file after a few random mutations
//! (bytes inserted, deleted or replaced; lines duplicated, deleted or
//! swapped; tokens spliced in: control characters, NUL, U+2028, numbers such
//! as 1e308, -0 and NaN, a very long line). Whatever it returns must be `Ok`
//! or an error whose message is one line and whose exit code is 1 or 2; it
//! must never panic (proptest reports a panic as a failure, shrunk to the
//! smallest mutation that still panics). A backlog that reads must also write
//! to every format.
//!
//! Cases per reader: `SPRINTCAST_FUZZ_CASES` (default 64, so the suite stays
//! quick); locally, many more in release:
//!
//! ```text
//! SPRINTCAST_FUZZ_CASES=20000 cargo test --release --test fuzz
//! ```
//!
//! docs/reliability.md ("Fuzz harness") records the runs and what they found.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence};

use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::{scenario, team_file, Team};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> Vec<u8> {
    let path = root().join("data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Cases per reader: `SPRINTCAST_FUZZ_CASES`, else 64.
fn cases() -> u32 {
    std::env::var("SPRINTCAST_FUZZ_CASES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(64)
}

fn config() -> Config {
    Config {
        cases: cases(),
        // A failure is reported with its input; no regression file in the tree.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Mutations

/// Tokens worth splicing into a file: what breaks lines, numbers at their
/// limits, and the syntax of the formats.
const TOKENS: &[&str] = &[
    "\0",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u{0b}",
    "\u{0c}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{202e}",
    "\u{fffd}",
    "\u{10ffff}",
    "🔴",
    "1e308",
    "1e309",
    "-1e308",
    "-0",
    "-0.0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "0",
    "-1",
    "0.0001",
    "1e-300",
    "4.9e-324",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999999999999",
    "9999-12-31",
    "0000-01-01",
    "2026-02-29",
    "24:00",
    "\"",
    "'",
    "\\",
    ",",
    ";",
    ":",
    "=",
    "#",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "(",
    ")",
    "|",
    "**",
    "```",
    "- [ ] ",
    "- [x] **T** (1h)",
    "## ",
    "### URGENT - ",
    "  - depends on: ",
    "  - range: 1-",
    "  - extra.\"k",
    " (0.0001 hours)",
    " (1e308 days)",
    "[[developer]]\nname = \"X\"\n",
    "[[scenario]]\nname = \"S\"\n",
    "[[rule]]\nname = \"R\"\nwhen = { title = \"(\" }\n",
    "weekly_hours = 1e308\n",
    "focus = nan\n",
    "hours_per_day = 0\n",
    "hours_per_day = 24\n",
    "sprint_weeks = 0\n",
    "scale_hours = { factor = 1e308 }\n",
    "add_time_off = { name = \"Jonathan\", from = \"9999-12-31\", to = \"0001-01-01\" }\n",
    "time_off = [[\"2026-12-01\", \"2026-11-01\"]]\n",
];

/// A position in the bytes as they are when the mutation applies: a
/// fraction of their length, so that it shrinks toward the start.
#[derive(Debug, Clone, Copy)]
struct Pos(u64);

impl Pos {
    /// An index in `0..n` (`n` > 0).
    fn index(self, n: usize) -> usize {
        ((u128::from(self.0) * n as u128) >> 64) as usize
    }
}

fn pos() -> impl Strategy<Value = Pos> {
    any::<u64>().prop_map(Pos)
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(Pos, Vec<u8>),
    Delete(Pos, usize),
    Replace(Pos, u8),
    DuplicateLine(Pos),
    DeleteLine(Pos),
    SwapLines(Pos, Pos),
    Splice(Pos, String),
    LongLine(Pos, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (pos(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        1 => (pos(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (pos(), any::<u8>()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        1 => pos().prop_map(Mutation::DuplicateLine),
        1 => pos().prop_map(Mutation::DeleteLine),
        1 => (pos(), pos()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        4 => (pos(), select(TOKENS)).prop_map(|(at, t)| Mutation::Splice(at, t.to_string())),
        1 => (pos(), any::<char>()).prop_map(|(at, c)| Mutation::Splice(at, c.to_string())),
        1 => (pos(), 1_000usize..200_000).prop_map(|(at, n)| Mutation::LongLine(at, n)),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..5)
}

/// The file's lines, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for m in mutations {
        // Positions are taken within the bytes as they are by then (0..=len).
        let at = |i: &Pos, len: usize| i.index(len + 1);
        match m {
            Mutation::Insert(i, b) => {
                let p = at(i, bytes.len());
                bytes.splice(p..p, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let p = at(i, bytes.len());
                let end = (p + n).min(bytes.len());
                bytes.drain(p..end);
            }
            Mutation::Replace(i, b) => {
                if !bytes.is_empty() {
                    let p = i.index(bytes.len());
                    bytes[p] = *b;
                }
            }
            Mutation::Splice(i, t) => {
                let p = at(i, bytes.len());
                bytes.splice(p..p, t.bytes());
            }
            Mutation::LongLine(i, n) => {
                let p = at(i, bytes.len());
                let line = "9".repeat(*n);
                bytes.splice(p..p, line.bytes());
            }
            Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) | Mutation::SwapLines(i, _) => {
                let mut ls = lines(&bytes);
                if ls.is_empty() {
                    continue;
                }
                let a = i.index(ls.len());
                match m {
                    Mutation::DuplicateLine(_) => {
                        let copy = ls[a].clone();
                        ls.insert(a, copy);
                    }
                    Mutation::DeleteLine(_) => {
                        ls.remove(a);
                    }
                    Mutation::SwapLines(_, j) => {
                        let b = j.index(ls.len());
                        ls.swap(a, b);
                    }
                    _ => {}
                }
                bytes = ls.concat();
            }
        }
    }
    bytes
}

// ---------------------------------------------------------------------------
// What every outcome must be

/// An error is one line, exit code 1 or 2.
fn check_error(e: &sprintcast::Error) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.is_empty(), "an empty message");
    prop_assert!(
        !text.contains(['\n', '\r']),
        "the message is not one line: {text:?}"
    );
    let code = e.exit_code();
    prop_assert!(code == 1 || code == 2, "exit code {code}: {text}");
    Ok(())
}

fn check_backlog(bytes: &[u8], format: Format) -> Result<(), TestCaseError> {
    match backlog::parse("fuzz", bytes, format, &ReadOptions::default()) {
        Err(e) => check_error(&e),
        Ok(b) => {
            prop_assert!(!b.tasks.is_empty());
            for w in &b.warnings {
                let text = w.to_string();
                prop_assert!(!text.contains(['\n', '\r']), "warning: {text:?}");
            }
            // What reads, writes: every format, no value refused.
            for out in [Format::Markdown, Format::Csv, Format::Json] {
                let mut sink = Vec::new();
                let written = backlog::write(&b, out, &mut sink);
                prop_assert!(written.is_ok(), "{out:?}: {written:?}");
            }
            Ok(())
        }
    }
}

/// Text readers take `&str`; bytes that are not UTF-8 go through the file
/// reader, which must say so.
fn via_text<T>(
    bytes: &[u8],
    name: &str,
    text: impl FnOnce(&str) -> sprintcast::Result<T>,
    file: impl FnOnce(&Path) -> sprintcast::Result<T>,
) -> sprintcast::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(s) => text(s),
        Err(_) => {
            let dir = tempfile::tempdir().map_err(|e| sprintcast::Error::io("tmp", e))?;
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).map_err(|e| sprintcast::Error::io("tmp", e))?;
            file(&path)
        }
    }
}

fn team() -> Team {
    team_file::parse_team(
        "data/team.toml",
        &String::from_utf8(data("team.toml")).unwrap(),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------
// The readers

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_backlog(m in mutations()) {
        check_backlog(&apply(&data("backlog.md"), &m), Format::Markdown)?;
    }

    #[test]
    fn markdown_seed_backlog(m in mutations()) {
        check_backlog(&apply(&data("seed-backlog.md"), &m), Format::Markdown)?;
    }

    #[test]
    fn csv_backlog(m in mutations()) {
        check_backlog(&apply(&data("backlog.csv"), &m), Format::Csv)?;
    }

    #[test]
    fn json_backlog(m in mutations()) {
        check_backlog(&apply(&data("backlog.json"), &m), Format::Json)?;
    }

    #[test]
    fn team_file(m in mutations()) {
        let bytes = apply(&data("team.toml"), &m);
        let read = via_text(
            &bytes,
            "team.toml",
            |s| team_file::parse_team_file("team.toml", s),
            team_file::read_team_file,
        );
        if let Err(e) = read {
            check_error(&e)?;
        }
    }

    #[test]
    fn scenario_file(m in mutations()) {
        let team = team();
        let bytes = apply(&data("scenarios.toml"), &m);
        let read = via_text(
            &bytes,
            "scenarios.toml",
            |s| scenario::parse_scenarios("scenarios.toml", s, &team),
            |p| scenario::read_scenarios(p, &team),
        );
        if let Err(e) = read {
            check_error(&e)?;
        }
    }
}

#[test]
fn mutations_change_the_files() {
    let original = data("backlog.md");
    let m = vec![
        Mutation::Splice(Pos(0), "\u{2028}".into()),
        Mutation::DeleteLine(Pos(u64::MAX / 2)),
    ];
    let mutated = apply(&original, &m);
    assert_ne!(mutated, original);
    assert!(mutated.starts_with("\u{2028}".as_bytes()));
    assert_eq!(lines(&mutated).len(), lines(&original).len() - 1);
}

// ---------------------------------------------------------------------------
// The binary with command-line values at their extremes

/// What a case may end in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// A valid extreme: the command runs.
    Runs,
    /// A bad command-line value: exit code 2, one line on stderr.
    Refused,
}

/// Runs the binary (killed after `limit`); returns (exit code, stderr).
fn run_bounded(args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sprintcast"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sprintcast binary runs");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut text).ok();
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    let Some(status) = status else {
        panic!(
            "sprintcast {} did not finish in {limit:?}; stderr: {text}",
            args.join(" ")
        );
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            None,
            "sprintcast {} was killed by a signal; stderr: {text}",
            args.join(" ")
        );
    }
    (status.code(), text)
}

/// What is wrong with the outcome of one run, if anything.
fn cli_problem(args: &[String], outcome: Outcome) -> Option<String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stderr) = run_bounded(&args, Duration::from_secs(120));
    let context = format!(
        "sprintcast {} -> exit {code:?}, stderr: {stderr:?}",
        args.join(" ")
    );
    if stderr.contains("panicked") || code == Some(101) {
        return Some(format!("panicked: {context}"));
    }
    match outcome {
        Outcome::Runs if code != Some(0) => Some(format!("expected exit 0: {context}")),
        Outcome::Refused if code != Some(2) => Some(format!("expected exit 2: {context}")),
        Outcome::Refused if stderr.lines().count() != 1 => {
            Some(format!("stderr is not one line: {context}"))
        }
        _ => None,
    }
}

/// Runs every case (a command and its expected outcome) and fails with the
/// list of every case that went wrong, so one run shows them all.
fn cli_cases(cases: &[(Vec<String>, Outcome)]) {
    let problems: Vec<String> = cases
        .iter()
        .filter_map(|(args, outcome)| cli_problem(args, *outcome))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const BACKLOG: &str = "data/backlog.md";
const TEAM: &str = "data/team.toml";

fn forecast(extra: &[&str], outcome: Outcome) -> (Vec<String>, Outcome) {
    let base = [
        "forecast",
        BACKLOG,
        "--team",
        TEAM,
        "-q",
        "--time-limit",
        "1",
    ];
    let args = base.iter().chain(extra).map(|a| a.to_string()).collect();
    (args, outcome)
}

fn plan(extra: &[&str], outcome: Outcome) -> (Vec<String>, Outcome) {
    let base = ["plan", BACKLOG, "--team", TEAM, "-q"];
    let args = base.iter().chain(extra).map(|a| a.to_string()).collect();
    (args, outcome)
}

#[test]
fn samples_at_the_extremes() {
    cli_cases(&[
        forecast(&["--samples", "0"], Outcome::Refused),
        forecast(&["--samples", "18446744073709551615"], Outcome::Refused),
        forecast(&["--samples", "1", "--seed", "7"], Outcome::Runs),
    ]);
}

#[test]
fn time_limits_at_the_extremes() {
    let mut cases: Vec<_> = ["0", "-1", "nan", "inf", "-inf", "1e19", "1e300"]
        .iter()
        .map(|v| plan(&[&format!("--time-limit={v}")], Outcome::Refused))
        .collect();
    cases.push(plan(&["--time-limit", "1e-9"], Outcome::Runs));
    cli_cases(&cases);
}

#[test]
fn seed_at_its_largest() {
    cli_cases(&[forecast(
        &["--samples", "50", "--seed", "18446744073709551615"],
        Outcome::Runs,
    )]);
}

#[test]
fn today_at_the_end_of_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let html: PathBuf = dir.path().join("plan.html");
    let html = html.to_str().expect("temp paths are UTF-8");
    cli_cases(&[plan(
        &["--time-limit", "1", "--today", "9999-12-31", "--html", html],
        Outcome::Runs,
    )]);
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("<svg"), "no chart in {html}");
}

#[test]
fn uncertainty_at_the_extremes() {
    let mut cases: Vec<_> = ["0", "1e308", "nan", "inf", "-1"]
        .iter()
        .map(|v| {
            forecast(
                &["--samples", "10", &format!("--uncertainty={v}")],
                Outcome::Refused,
            )
        })
        .collect();
    cases.push(forecast(
        &["--samples", "10", "--uncertainty", "1"],
        Outcome::Runs,
    ));
    cli_cases(&cases);
}

/// The harness's own check: a message with a line break is caught.
#[test]
fn a_two_line_error_fails_the_check() {
    let e = sprintcast::Error::BadOption {
        option: "x".into(),
        value: "a\nb".into(),
        expected: "is bad".into(),
    };
    assert!(check_error(&e).is_err());
}
