//! Nothing a user gave is lost: output paths that would replace an input,
//! name one file twice or a special file are refused before any work
//! (exit 2, one line, the input untouched); a bad command-line value is a
//! usage error, never a panic; a plan folder is replaced as a set, so a run
//! killed at any moment leaves the old set or the new one, and no temporary
//! files once the next run is done.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::Instant;

use common::{command, path_arg, read, run};

/// A small backlog: planned in a blink, so many runs fit in a test.
const SMALL: &str = "## app\n### HIGH - Work\n- [ ] **Write the parser** (6 hours)\n- [ ] **Write the tests** (3 hours)\n  - depends on: Write the parser\n- [ ] **Fix the login** (2 hours)\n";

/// The same backlog with other estimates: a different plan.
const OTHER: &str = "## app\n### HIGH - Work\n- [ ] **Write the parser** (9 hours)\n- [ ] **Write the tests** (5 hours)\n  - depends on: Write the parser\n- [ ] **Fix the login** (1 hours)\n";

/// Requires a refusal: exit 2, one line on stderr holding `what`, nothing
/// on stdout, no panic.
fn refused(args: &[&str], what: &str) -> String {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let context = format!("sprintcast {}\nstderr: {stderr}", args.join(" "));
    assert_eq!(out.status.code(), Some(2), "{context}");
    assert!(!stderr.contains("panicked"), "{context}");
    assert!(out.stdout.is_empty(), "{context}");
    assert!(stderr.contains(what), "{context}");
    stderr
}

/// A folder with the small backlog (b.md) and the data/ team (team.toml).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("b.md"), SMALL).unwrap();
    fs::copy(
        common::root().join("data/team.toml"),
        dir.path().join("team.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn an_output_that_names_an_input_is_refused_and_the_input_kept() {
    let ws = workspace();
    let b = ws.path().join("b.md");
    let team = ws.path().join("team.toml");
    let team_bytes = read(&team);
    let (b_arg, team_arg) = (path_arg(&b), path_arg(&team));
    let line = refused(
        &["plan", b_arg, "--team", team_arg, "--html", b_arg],
        "is the input",
    );
    assert_eq!(line.lines().count(), 1, "{line}");
    refused(
        &["plan", b_arg, "--team", team_arg, "--xlsx", team_arg],
        "is the input",
    );
    // The same file by another name (a hard link) is the same file.
    let link = ws.path().join("link.html");
    fs::hard_link(&b, &link).unwrap();
    refused(
        &[
            "forecast",
            b_arg,
            "--team",
            team_arg,
            "--html",
            path_arg(&link),
        ],
        "is the input",
    );
    assert_eq!(read(&b), SMALL.as_bytes());
    assert_eq!(read(&team), team_bytes);
}

#[test]
fn a_backlog_inside_the_out_folder_under_an_output_name_is_refused() {
    let ws = workspace();
    let o = ws.path().join("o");
    fs::create_dir(&o).unwrap();
    let csv = o.join("plan.csv");
    let backlog = "id,title,hours\nw,Write,4\n";
    fs::write(&csv, backlog).unwrap();
    let team = ws.path().join("team.toml");
    refused(
        &[
            "plan",
            path_arg(&csv),
            "--team",
            path_arg(&team),
            "--out",
            path_arg(&o),
        ],
        "is the input",
    );
    assert_eq!(read(&csv), backlog.as_bytes());
}

#[test]
fn two_outputs_on_one_path_are_refused() {
    let ws = workspace();
    let r = ws.path().join("r.out");
    let b = ws.path().join("b.md");
    let team = ws.path().join("team.toml");
    refused(
        &[
            "plan",
            path_arg(&b),
            "--team",
            path_arg(&team),
            "--html",
            path_arg(&r),
            "--xlsx",
            path_arg(&r),
        ],
        "is also the output",
    );
    assert!(!r.exists());
    // A report named like a plan file inside --out is the same file too.
    let o = ws.path().join("o");
    refused(
        &[
            "plan",
            path_arg(&b),
            "--team",
            path_arg(&team),
            "--out",
            path_arg(&o),
            "--html",
            path_arg(&o.join("plan.csv")),
        ],
        "is also the output",
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_not_replaced() {
    let ws = workspace();
    let b = ws.path().join("b.md");
    let team = ws.path().join("team.toml");
    let (b, team) = (path_arg(&b), path_arg(&team));
    refused(
        &["plan", b, "--team", team, "--xlsx", "/dev/null"],
        "not a regular file",
    );
    refused(
        &["plan", b, "--team", team, "--html", "/dev/stdout"],
        "not a regular file",
    );
    assert!(!fs::metadata("/dev/null").unwrap().is_file());
    assert!(fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn convert_onto_its_own_input_is_refused() {
    let ws = workspace();
    let b = ws.path().join("b.md");
    refused(&["convert", path_arg(&b), path_arg(&b)], "is the input");
    assert_eq!(read(&b), SMALL.as_bytes());
}

#[test]
fn out_holding_the_current_folder_is_refused() {
    let ws = workspace();
    let out = command(&["plan", "b.md", "--team", "team.toml", "--out", "."])
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds the current folder"), "{stderr}");
}

#[test]
fn bad_command_line_values_are_usage_errors_not_panics() {
    for args in [
        &[
            "plan",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "1e19",
        ][..],
        &[
            "plan",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "1e300",
        ],
        &[
            "plan",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "0",
        ],
        &[
            "plan",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "nan",
        ],
        &[
            "plan",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "-1",
        ],
        &[
            "forecast",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--time-limit",
            "inf",
        ],
        &[
            "forecast",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--samples",
            "0",
        ],
        &[
            "whatif",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--scenarios",
            "data/scenarios.toml",
            "--samples",
            "0",
        ],
    ] {
        let out: Output = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: invalid value"),
            "{args:?}: {stderr}"
        );
    }
}

/// The plan files of a folder, by name.
fn plan_set(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The plan files without summary.json's wall-clock `solve_seconds`.
fn comparable(set: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    set.iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let text = if name == "summary.json" {
                text.lines()
                    .filter(|l| !l.contains("solve_seconds"))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text.into_owned()
            };
            (name.clone(), text)
        })
        .collect()
}

#[test]
fn a_killed_run_leaves_the_old_set_or_the_new_one_and_nothing_behind() {
    let ws = workspace();
    let other = ws.path().join("other.md");
    fs::write(&other, OTHER).unwrap();
    let team = ws.path().join("team.toml");
    let out = ws.path().join("plan");
    let plan = |backlog: &Path, dir: &Path| {
        let mut cmd = command(&[
            "plan",
            path_arg(backlog),
            "--team",
            path_arg(&team),
            "--out",
            path_arg(dir),
            "--time-limit",
            "1",
            "--quiet",
        ]);
        cmd.stdout(std::process::Stdio::null());
        // data/team.toml's rules and skills are not this small backlog's:
        // their warnings are not this test's business.
        cmd.stderr(std::process::Stdio::null());
        cmd
    };
    // The new set, made once in a folder of its own.
    let reference = ws.path().join("reference");
    let started = Instant::now();
    assert!(plan(&other, &reference).status().unwrap().success());
    let took = started.elapsed();
    let new = comparable(&plan_set(&reference));
    assert!(plan(&ws.path().join("b.md"), &out)
        .status()
        .unwrap()
        .success());
    let old = comparable(&plan_set(&out));
    assert_ne!(old, new);
    fs::write(out.join("notes.txt"), "the lead's own notes").unwrap();
    let trials = 24u32;
    let mut seen_old = 0;
    let mut seen_new = 0;
    for k in 0..trials {
        // Kill moments spread over the whole run, the end included, where
        // the files are written.
        let at = took.mul_f64(0.5 + f64::from(k) / f64::from(trials));
        let mut child = plan(&other, &out).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let mut now = plan_set(&out);
        let notes = now.iter().position(|(n, _)| n == "notes.txt");
        let notes = now.remove(notes.expect("the lead's notes are kept"));
        assert_eq!(notes.1, b"the lead's own notes");
        let now = comparable(&now);
        if now == old {
            seen_old += 1;
        } else if now == new {
            seen_new += 1;
            // Back to the old set for the next trial.
            assert!(plan(&ws.path().join("b.md"), &out)
                .status()
                .unwrap()
                .success());
        } else {
            panic!("trial {k}: a plan set that never existed: {now:?}");
        }
    }
    assert!(seen_old + seen_new == trials);
    // The next complete run removes what the killed ones left beside the folder.
    assert!(plan(&other, &out).status().unwrap().success());
    let mut left: Vec<String> = fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["b.md", "other.md", "plan", "reference", "team.toml"]);
    let mut inside: Vec<String> = plan_set(&out).into_iter().map(|(n, _)| n).collect();
    inside.sort();
    assert_eq!(
        inside,
        [
            "load.csv",
            "notes.txt",
            "plan.csv",
            "schedule.csv",
            "summary.json"
        ]
    );
    eprintln!("killed runs: {seen_old} left the old set, {seen_new} the new one");
}

#[test]
fn terminal_control_characters_are_shown_escaped() {
    let ws = workspace();
    let b = ws.path().join("evil.md");
    // A title that would retitle the window, and a dependency naming no
    // task with a form feed and a line separator in it: the error suggests
    // the title ("did you mean").
    fs::write(
        &b,
        "## app\n### HIGH - Work\n- [ ] **Fix \u{1b}]0;owned\u{7} now\r** (2 hours)\n  - depends on: Fix \u{c}ow\u{2028}\n",
    )
    .unwrap();
    let out = run(&["check", path_arg(&b)]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    for c in ['\u{1b}', '\u{7}', '\r', '\u{c}', '\u{2028}'] {
        assert!(
            !stderr.contains(c),
            "{c:?} reached the terminal: {stderr:?}"
        );
    }
    assert!(stderr.contains("\\u{1b}]0;owned\\u{7}"), "{stderr}");
    // A developer name (the team file's TOML escapes can hold any
    // character) in a plan's table on stdout.
    fs::write(&b, "## app\n### HIGH - Work\n- [ ] **Fix now** (2 hours)\n").unwrap();
    let team = ws.path().join("evil.toml");
    fs::write(
        &team,
        "[[developer]]\nname = \"Ana\\u001b]0;owned\\u0007\"\n",
    )
    .unwrap();
    let out = run(&[
        "plan",
        path_arg(&b),
        "--team",
        path_arg(&team),
        "--time-limit",
        "1",
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("Ana\\u{1b}]0;owned\\u{7}"), "{stdout}");
}
