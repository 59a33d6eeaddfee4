//! `sprintcast init` (SPEC 8.4): the starter team file of the seed backlog
//! reads with the real team parser, plans the seed, and forces onto
//! Jonathan exactly the tasks data/team.toml's four hand-written lead rules
//! force onto him (task by task, through `eligibility::allowed`); a backlog
//! without recommendations gives placeholders that read and plan; the exact
//! text for a tiny backlog; `--out` never overwrites a file.

mod common;

use chrono::NaiveDate;
use common::{ok, root, run};
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::eligibility::allowed;
use sprintcast::team::{RuleMode, Team};
use sprintcast::{init, team_file, Backlog};

fn seed() -> Backlog {
    let bytes = std::fs::read(root().join("data/seed-backlog.md")).unwrap();
    backlog::parse(
        "data/seed-backlog.md",
        &bytes,
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Ids of the open tasks whose only allowed developer is `name`.
fn forced_on(backlog: &Backlog, team: &Team, name: &str) -> Vec<String> {
    let who = team.developers.iter().position(|d| d.name == name).unwrap();
    backlog
        .open_tasks()
        .filter(|t| allowed(t, team).developers == [who])
        .map(|t| t.id.clone())
        .collect()
}

#[test]
fn seed_rules_force_what_the_hand_written_lead_rules_force() {
    let backlog = seed();
    let text = init::starter_team(&backlog, day("2026-12-02"));
    let started = team_file::parse_team("init.toml", &text).unwrap();
    assert_eq!(
        started
            .developers
            .iter()
            .map(|d| (d.name.as_str(), d.role.as_str(), d.weekly_hours))
            .collect::<Vec<_>>(),
        [("Jonathan", "Lead Developer", 40.0)]
    );
    assert_eq!(started.calendar.start, day("2026-12-07"));
    assert!(started.calendar.holidays.is_empty());
    assert_eq!(started.rules.len(), 4);
    assert!(started.rules.iter().all(|r| r.mode == RuleMode::Require));

    // The oracle: data/team.toml with only its four hand-written lead rules,
    // and Maria beside Jonathan so that "only Jonathan" means something.
    let mut oracle = team_file::read_team(&root().join("data/team.toml")).unwrap();
    oracle.rules.retain(|r| r.name.starts_with("lead owns"));
    assert_eq!(oracle.rules.len(), 4);
    for d in &mut oracle.developers {
        d.skills.clear();
    }
    let mut generated = oracle.clone();
    generated.rules = started.rules.clone();

    let by_oracle = forced_on(&backlog, &oracle, "Jonathan");
    let by_init = forced_on(&backlog, &generated, "Jonathan");
    // Hand count: 9 URGENT (3 Bug Fixes, 3 Deployment, 3 Tests), 6 HIGH
    // Testing (3 + 3), 3 MEDIUM Performance, and "Improve XSS protection"
    // (MEDIUM Bug Fixes).
    assert_eq!(by_oracle.len(), 19, "{by_oracle:?}");
    assert_eq!(by_init, by_oracle);
    // Task by task: each rule the same tasks as its hand-written twin.
    for (mine, theirs) in started.rules.iter().zip(&oracle.rules) {
        let pick = |r: &sprintcast::team::Rule| -> Vec<&str> {
            backlog
                .tasks
                .iter()
                .filter(|t| sprintcast::eligibility::rule_matches(r, t))
                .map(|t| t.id.as_str())
                .collect()
        };
        assert_eq!(pick(mine), pick(theirs), "{} vs {}", mine.name, theirs.name);
    }
}

#[test]
fn init_then_plan_the_seed_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.toml");
    let out_arg = out.to_str().unwrap();
    ok(&[
        "init",
        "data/seed-backlog.md",
        "--out",
        out_arg,
        "--as-of",
        "2026-12-02",
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text, init::starter_team(&seed(), day("2026-12-02")));
    let (plan, _) = ok(&["plan", "data/seed-backlog.md", "--team", out_arg]);
    assert!(plan.contains("Jonathan"), "{plan}");

    // Never overwrites: one line, exit 2 (an output refused, as `convert`'s
    // are), the file as it was.
    std::fs::write(&out, "keep me").unwrap();
    let again = run(&["init", "data/seed-backlog.md", "--out", out_arg]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8(again.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    // Without --out: stdout.
    let (stdout, _) = ok(&["init", "data/seed-backlog.md", "--as-of", "2026-12-02"]);
    assert_eq!(stdout, text);
}

const TINY: &str = "\
- [ ] **Write the thing** (4 hours)
  - owner: Ana
- [ ] **Test the thing** (2 hours)
";

#[test]
fn a_tiny_backlog_gives_this_exact_file() {
    let backlog = backlog::parse(
        "tiny.md",
        TINY.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap();
    let text = init::starter_team(&backlog, day("2026-12-06"));
    let expected = r#"# A starter team file for tiny.md, written by `sprintcast init`.
# Check every value (format: docs/formats.md), then plan:
#   sprintcast plan tiny.md --team THIS_FILE

[calendar]
start = "2026-12-07"            # the Monday after 2026-12-06; the first planning day
day_start = "09:00"
hours_per_day = 8
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]
holidays = []                   # fill in the team's holidays: ["2026-12-25", ...]

# owner of tasks in tiny.md
[[developer]]
name = "Ana"
weekly_hours = 40                # a full week; change for part-timers

# Add your team here, one [[developer]] table each:
# [[developer]]
# name = "Developer"
# role = "Developer"
# weekly_hours = 40
# skills = ["backend:2", "testing"]
"#;
    assert_eq!(text, expected);
    let team = team_file::parse_team("tiny.toml", &text).unwrap();
    assert_eq!(team.developers.len(), 1);
    assert!(team.rules.is_empty());
}

#[test]
fn no_recommendations_gives_a_placeholder_that_reads_and_plans() {
    let text = "# Backlog\n\n## app\n\n### HIGH - Features\n\n- [ ] **A** (3 hours)\n";
    let backlog = backlog::parse(
        "b.md",
        text.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap();
    let toml = init::starter_team(&backlog, day("2026-12-02"));
    assert!(!toml.contains("[[rule]]"), "{toml}");
    let team = team_file::parse_team("b.toml", &toml).unwrap();
    assert_eq!(team.developers.len(), 1);
    assert_eq!(team.developers[0].name, "Developer");
    // The placeholder can take the task: nobody is missing.
    assert_eq!(allowed(&backlog.tasks[0], &team).developers, [0]);
}
