//! No silent no-ops: what a new user writes that would change nothing says
//! so. The real binary on copies of data/ with one mistake each, and data/
//! itself, which must warn of nothing but its declared summary table.

use std::path::Path;

use sprintcast::backlog::{self, ReadOptions};
use sprintcast::{eligibility, lint, team_file};

mod common;
use common::{csv_rows, ok, path_arg, read_text, root};

/// data/team.toml with `from` replaced by `to` (once), written to `dir`.
fn team_with(dir: &Path, from: &str, to: &str) -> std::path::PathBuf {
    let text = read_text(&root().join("data/team.toml"));
    assert_eq!(text.matches(from).count(), 1, "{from}");
    let path = dir.join("team.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The warnings `check data/backlog.md --team TEAM` lists (in its report,
/// on stdout, whole with `--wide`) that are not the declared summary
/// table's. Nothing goes to stderr.
fn check_warnings(team: &str) -> Vec<String> {
    let (stdout, stderr) = ok(&["check", "data/backlog.md", "--team", team, "--wide"]);
    assert_eq!(stderr, "");
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.contains(": warning: ") && !l.contains("Time Estimates Summary"))
        .map(str::to_string)
        .collect()
}

/// The line of `needle` in data/team.toml (1-based).
fn team_line(needle: &str) -> usize {
    read_text(&root().join("data/team.toml"))
        .lines()
        .position(|l| l.contains(needle))
        .expect("in data/team.toml")
        + 1
}

#[test]
fn a_misspelt_rule_category_warns_at_the_rule_with_the_closest_category() {
    let dir = tempfile::tempdir().unwrap();
    let team = team_with(
        dir.path(),
        "category = \"Testing\"",
        "category = \"Testng\"",
    );
    // The rule's table starts the line above its name.
    let line = team_line("name = \"lead owns high testing\"") - 1;
    assert_eq!(
        check_warnings(path_arg(&team)),
        [format!(
            "{}:{line}: warning: rule \"lead owns high testing\": no task has category \"testng\" (did you mean one of \"Testing\", \"Tests\"?)",
            team.display()
        )]
    );
    // plan says it too, and still plans.
    let (_, stderr) = ok(&["plan", "data/backlog.md", "--team", path_arg(&team)]);
    assert!(
        stderr.contains("rule \"lead owns high testing\": no task has category \"testng\""),
        "{stderr}"
    );
}

#[test]
fn a_skill_no_task_requires_is_one_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let team = team_with(
        dir.path(),
        "\"data:2\",",
        "\"data:2\", \"klingon:3\", \"Payroll\",",
    );
    assert_eq!(
        check_warnings(path_arg(&team)),
        [format!(
            "{}: warning: no task requires the skills klingon, payroll: they change no assignment (add skills: to the tasks that need them)",
            team.display()
        )]
    );
}

#[test]
fn a_priority_sub_bullet_that_contradicts_its_heading_warns_and_wins() {
    let dir = tempfile::tempdir().unwrap();
    let text = read_text(&root().join("data/backlog.md"));
    let from = "- [ ] **Translate to Spanish** (12 hours)\n";
    assert_eq!(text.matches(from).count(), 1);
    let line = text[..text.find(from).unwrap()].lines().count() + 2;
    let path = dir.path().join("backlog.md");
    std::fs::write(
        &path,
        text.replacen(from, &format!("{from}  - priority: URGENT\n"), 1),
    )
    .unwrap();
    let (stdout, _) = ok(&["check", path_arg(&path), "--wide"]);
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.contains(": warning: ") && !l.contains("Time Estimates Summary"))
        .collect();
    assert_eq!(
        lines,
        [format!(
            "{}:{line}: warning: task \"Translate to Spanish\": the sub-bullet's priority URGENT overrides the heading's MEDIUM; the sub-bullet wins",
            path.display()
        )]
    );
}

/// data/ is consistent: every rule matches a task, every declared skill is
/// required by a task, every open task has someone to take it, and the only
/// warnings are the seed's summary table (which disagrees on purpose).
#[test]
fn data_warns_of_nothing_but_its_summary_table() {
    assert_eq!(check_warnings("data/team.toml"), Vec::<String>::new());
    let (stdout, _) = ok(&["check", "data/backlog.md", "--team", "data/team.toml"]);
    assert_eq!(stdout.matches(": warning: ").count(), 5, "{stdout}");
    let team = team_file::read_team(&root().join("data/team.toml")).unwrap();
    let b = backlog::read_file(&root().join("data/backlog.md"), &ReadOptions::default()).unwrap();
    assert!(lint::warnings(&b, &team).is_empty());
    for t in b.open_tasks() {
        let allowed = eligibility::allowed(t, &team);
        assert!(allowed.why_empty.is_none(), "{}", t.title);
    }
    // The text implies skills, and data/backlog.md says them.
    let skills_of = |title: &str| -> Vec<String> {
        let t = b.tasks.iter().find(|t| t.title == title).unwrap();
        t.skills.iter().map(|s| s.to_string()).collect()
    };
    assert_eq!(skills_of("Translate to Spanish"), ["spanish:2"]);
    assert_eq!(
        skills_of("Integrate Stripe payments"),
        ["payments", "backend"]
    );
    assert_eq!(
        skills_of("Document Kubernetes deployment"),
        ["docs", "devops"]
    );
    assert_eq!(skills_of("Improve XSS protection"), ["security"]);
    assert_eq!(
        skills_of("Optimize batch processing for 100K+ datasets"),
        ["performance"]
    );
}

/// The plan on data/ gives each task someone with its skills: Spanish to
/// Sofia, the only Spanish speaker; Stripe to Jonathan (all URGENT work is
/// his), who has payments.
#[test]
fn the_plan_on_data_follows_the_skills() {
    let dir = tempfile::tempdir().unwrap();
    ok(&[
        "plan",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--out",
        path_arg(dir.path()),
    ]);
    let (_, rows) = csv_rows(&read_text(&dir.path().join("plan.csv")));
    let developer = |title: &str| -> String {
        rows.iter().find(|r| r["title"] == title).unwrap()["developer"].clone()
    };
    assert_eq!(developer("Translate to Spanish"), "Sofia");
    assert_eq!(developer("Integrate Stripe payments"), "Jonathan");
    let team = team_file::read_team(&root().join("data/team.toml")).unwrap();
    let b = backlog::read_file(&root().join("data/backlog.md"), &ReadOptions::default()).unwrap();
    for t in b.open_tasks() {
        let who = developer(&t.title);
        let dev = team.developers.iter().find(|d| d.name == who).unwrap();
        for s in &t.skills {
            assert!(
                dev.level(&s.name).is_some_and(|l| l >= s.level),
                "{} needs {s}; {who} lacks it",
                t.title
            );
        }
    }
}
