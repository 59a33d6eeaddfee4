//! `plan --format agenda` and `agenda-markdown`: each developer's tasks this
//! sprint and next, checked line by line against a schedule worked by hand
//! on a tiny backlog (2 developers, 4 tasks, 1-week sprints).

use std::path::{Path, PathBuf};

mod common;
use common::{ok, path_arg, run};

/// The tiny team and backlog, written into `dir`.
///
/// By hand: Ana owns "Patch login" (URGENT, 16 h: Mon 30 Nov and Tue 1 Dec)
/// and then "Build reports" (HIGH, 32 h: Wed 2 Dec to Mon 7 Dec, 24 h in
/// sprint 1 and 8 h in sprint 2). Bo continues "Fix CI" (in progress, 4 h
/// left: Mon 09:00-13:00), then "Write docs" (8 h), which waits for
/// "Patch login": Wed 2 Dec.
fn inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let team = dir.join("team.toml");
    std::fs::write(
        &team,
        "[calendar]\nstart = \"2026-11-30\"\nsprint_weeks = 1\n\n\
         [[developer]]\nname = \"Ana\"\n\n[[developer]]\nname = \"Bo\"\n",
    )
    .unwrap();
    let backlog = dir.join("backlog.json");
    let tasks = serde_json::json!([
        {"id": "login", "title": "Patch login", "priority": "URGENT", "hours": 16, "owner": "Ana"},
        {"id": "reports", "title": "Build reports", "priority": "HIGH", "hours": 32, "owner": "Ana"},
        {"id": "ci", "title": "Fix CI", "priority": "MEDIUM", "hours": 6, "status": "in_progress",
         "remaining": 4, "developer": "Bo"},
        {"id": "docs", "title": "Write docs | *all*", "priority": "LOW", "hours": 8, "owner": "Bo",
         "depends_on": ["login"]},
    ]);
    std::fs::write(&backlog, serde_json::to_vec_pretty(&tasks).unwrap()).unwrap();
    (backlog, team)
}

fn agenda(dir: &Path, extra: &[&str]) -> String {
    let (backlog, team) = inputs(dir);
    let args = [
        &["plan", path_arg(&backlog), "--team", path_arg(&team), "-q"][..],
        extra,
    ]
    .concat();
    ok(&args).0
}

#[test]
fn agenda_lists_this_sprint_and_next_per_developer() {
    let tmp = tempfile::tempdir().unwrap();
    let got = agenda(tmp.path(), &["--format", "agenda"]);
    let expected = "\
Agenda of sprints 1 and 2 (2026-11-30 to 2026-12-13)

Ana
  Sprint 1 (2026-11-30 to 2026-12-06)
    start                 finish                   hours  task
    Mon 2026-11-30 09:00  Tue 2026-12-01 17:00        16  Patch login
    Wed 2026-12-02 09:00  Mon 2026-12-07 17:00  24 of 32  Build reports
  Sprint 2 (2026-12-07 to 2026-12-13)
    start                 finish                   hours  task
    Wed 2026-12-02 09:00  Mon 2026-12-07 17:00   8 of 32  Build reports

Bo
  Sprint 1 (2026-11-30 to 2026-12-06)
    start                 finish                   hours  task
    Mon 2026-11-30 09:00  Mon 2026-11-30 13:00         4  Fix CI [in progress]
    Wed 2026-12-02 09:00  Wed 2026-12-02 17:00         8  Write docs | *all*
  Sprint 2 (2026-12-07 to 2026-12-13)
    nothing planned
";
    assert_eq!(got, expected, "\n{got}");
}

#[test]
fn agenda_markdown_has_a_table_per_sprint() {
    let tmp = tempfile::tempdir().unwrap();
    let got = agenda(
        tmp.path(),
        &["--format", "agenda-markdown", "--developer", "bo"],
    );
    let expected = "\
# Agenda of sprints 1 and 2 (2026-11-30 to 2026-12-13)

## Bo

### Sprint 1 (2026-11-30 to 2026-12-06)

| start | finish | hours | task | id |
|---|---|---:|---|---|
| Mon 2026-11-30 09:00 | Mon 2026-11-30 13:00 | 4 | Fix CI (in progress) | ci |
| Wed 2026-12-02 09:00 | Wed 2026-12-02 17:00 | 8 | Write docs \\| \\*all\\* | docs |

### Sprint 2 (2026-12-07 to 2026-12-13)

Nothing planned.
";
    assert_eq!(got, expected, "\n{got}");
}

#[test]
fn this_sprint_is_the_as_of_dates_sprint() {
    // Re-planned from Mon 7 Dec (sprint 2): the same schedule a week later.
    let tmp = tempfile::tempdir().unwrap();
    let got = agenda(
        tmp.path(),
        &[
            "--format",
            "agenda",
            "--as-of",
            "2026-12-07",
            "--developer",
            "Ana",
        ],
    );
    let expected = "\
Agenda of sprints 2 and 3 (2026-12-07 to 2026-12-20)

Ana
  Sprint 2 (2026-12-07 to 2026-12-13)
    start                 finish                   hours  task
    Mon 2026-12-07 09:00  Tue 2026-12-08 17:00        16  Patch login
    Wed 2026-12-09 09:00  Mon 2026-12-14 17:00  24 of 32  Build reports
  Sprint 3 (2026-12-14 to 2026-12-20)
    start                 finish                   hours  task
    Wed 2026-12-09 09:00  Mon 2026-12-14 17:00   8 of 32  Build reports
";
    assert_eq!(got, expected, "\n{got}");
}

#[test]
fn a_developer_the_team_lacks_is_a_usage_error_with_the_closest_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (backlog, team) = inputs(tmp.path());
    let base = ["plan", path_arg(&backlog), "--team", path_arg(&team), "-q"];
    let out = run(&[&base[..], &["--format", "agenda", "--developer", "Boo"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end(),
        "error: --developer \"Boo\": no such developer in the team; did you mean \"Bo\"?"
    );
    assert!(out.stdout.is_empty());
    // --developer only goes with the agenda.
    let out = run(&[&base[..], &["--developer", "Bo"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--developer goes with --format agenda"),
        "{err}"
    );
}
