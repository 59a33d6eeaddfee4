//! The reports: the Markdown summary, the HTML page and the terminal table
//! of a plan built by hand against golden files, the Markdown summary of
//! data/ planned by the real binary against one more, the workbook read back
//! and compared with plan.csv cell by cell, untrusted text kept inert in
//! HTML, Markdown, CSV and XLSX, and bad output paths.
//!
//! Golden files: tests/golden/hand.md, hand.html and hand.txt render a
//! plan written out here, not optimized, so they change only when a
//! renderer does; tests/golden/plan.md is the one end-to-end golden (data/
//! through the optimizer, checked with the HiGHS build only, whose plan and
//! bound it holds), so it changes too when the optimizer finds a better plan
//! or bound. After an intended change, `UPDATE_GOLDEN=1 cargo test --test
//! reports` rewrites them; review the diff before committing.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate};

use sprintcast::calendar::WorkCalendar;
use sprintcast::model::Warning;
use sprintcast::plan::{Load, Plan, PlannedTask, WorkStretch};
use sprintcast::report::{html, markdown, Report};
use sprintcast::team::{DateRange, Team, Weights};
use sprintcast::text::fit::Width;
use sprintcast::{Calendar, Developer, Location, Priority};

mod common;
use common::generate::{at, date, start};
use common::{csv_rows, ok, path_arg, read_text, root, run};

/// The planning arguments for data/: a time limit far beyond what the
/// search needs, so that it stops on its own fixed budget and the plan is
/// the same on a busy machine.
const DATA: [&str; 6] = [
    "plan",
    "data/backlog.md",
    "--team",
    "data/team.toml",
    "--time-limit",
    "600",
];

/// A readable line diff: the first differing region with three lines of
/// context, `-` expected, `+` actual.
fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let head = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = e[head..]
        .iter()
        .rev()
        .zip(a[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    let from = head.saturating_sub(3);
    out.push_str(&format!(
        "@@ line {} (expected {} lines, got {}) @@\n",
        head + 1,
        e.len(),
        a.len()
    ));
    for line in &e[from..head] {
        out.push_str(&format!("  {line}\n"));
    }
    const MAX: usize = 40;
    let removed = &e[head..e.len() - tail];
    let added = &a[head..a.len() - tail];
    for line in removed.iter().take(MAX) {
        out.push_str(&format!("- {line}\n"));
    }
    if removed.len() > MAX {
        out.push_str(&format!("- … {} more lines\n", removed.len() - MAX));
    }
    for line in added.iter().take(MAX) {
        out.push_str(&format!("+ {line}\n"));
    }
    if added.len() > MAX {
        out.push_str(&format!("+ … {} more lines\n", added.len() - MAX));
    }
    for line in e[e.len() - tail..].iter().take(3) {
        out.push_str(&format!("  {line}\n"));
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the files differ in their final newline)\n");
    }
    out
}

/// Compares `actual` with the golden file `name`, or rewrites it when
/// UPDATE_GOLDEN is set.
fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with `UPDATE_GOLDEN=1 cargo test --test reports`",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "tests/golden/{name} differs from the output:\n{}\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test --test reports` and review the diff.",
            line_diff(&expected, actual)
        );
    }
}

#[test]
fn line_diff_shows_the_changed_lines_with_context() {
    let d = line_diff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n");
    assert!(d.starts_with("@@ line 3 "), "{d}");
    assert!(d.contains("  b\n- c\n+ X\n  d\n"), "{d}");
}

/// data/ as Markdown (stdout) and HTML (today inside the plan), twice: the
/// same bytes both times, and the Markdown is the end-to-end golden file.
/// That golden holds the plan and bound the HiGHS build finds, so it is
/// compared in that build only; what the reports must hold whatever the
/// solver is checked in every build.
#[test]
fn markdown_and_html_of_data_are_stable_and_the_markdown_matches_the_golden_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for run in ["a", "b"] {
        let html = tmp.path().join(format!("{run}.html"));
        let args = [
            &DATA[..],
            &[
                "--format",
                "markdown",
                "--html",
                path_arg(&html),
                "--today",
                "2026-12-09",
            ],
        ]
        .concat();
        let (md, _) = ok(&args);
        pages.push((md, read_text(&html)));
    }
    assert!(pages[0] == pages[1], "two runs gave different reports");
    let (md, html) = &pages[0];
    if cfg!(feature = "highs") {
        golden("plan.md", md);
    }

    // What the reports hold, checked here so that an update of the golden
    // file cannot silently lose it.
    assert!(!md.contains('<'), "no HTML in the Markdown");
    for line in md.lines().filter(|l| !l.is_empty()) {
        assert!(
            line.starts_with('#') || line.starts_with('|'),
            "Markdown is headings and tables only: {line:?}"
        );
    }
    assert!(md.contains("| proven lower bound | "), "{md}");
    assert!(md.contains("| gap | "), "{md}");
    assert!(
        md.contains(&format!("| solver | {} |", common::expected_solver())),
        "{md}"
    );
    assert!(
        !md.contains("seconds") && !html.contains("seconds"),
        "no wall-clock time"
    );
    assert_eq!(html.matches(r#"<rect class="bar "#).count(), 57);
    assert_eq!(html.matches(r#"<line class="today""#).count(), 1);
    assert!(html.contains("today 2026-12-09"));
    assert!(!html.contains("<script"), "the report needs no script");
    // No address but the SVG namespace, which names and fetches nothing.
    let addresses = html.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
    assert!(!addresses.contains("http://") && !addresses.contains("https://"));
    assert!(html.contains("proven lower bound"));
    assert!(html.contains(r#"<section id="warnings">"#));
    assert!(html.contains("402"), "the summary-table warning is shown");
}

// ---------------------------------------------------------------------------
// A plan built by hand

/// One planned task; its sprints are those of its start and finish dates.
#[allow(clippy::too_many_arguments)]
fn planned(
    id: &str,
    title: &str,
    project: &str,
    priority: Priority,
    hours: f64,
    developer: &str,
    (start, finish): (&str, &str),
    finish_hours: f64,
    due: Option<&str>,
    depends_on: &[&str],
) -> PlannedTask {
    let (start, finish) = (at(start), at(finish));
    let due = due.map(date);
    PlannedTask {
        id: id.into(),
        title: title.into(),
        project: project.into(),
        priority,
        category: String::new(),
        hours,
        developer: developer.into(),
        start,
        finish,
        start_sprint: sprint_of(start.date()),
        finish_sprint: sprint_of(finish.date()),
        finish_hours,
        due,
        late: due.is_some_and(|d| finish.date() > d),
        depends_on: depends_on.iter().map(|d| d.to_string()).collect(),
        extra: Vec::new(),
    }
}

/// The two-week sprint of `day` (sprint 1 starts on Monday 2026-11-30).
fn sprint_of(day: NaiveDate) -> u32 {
    ((day - start()).num_days() / 14) as u32 + 1
}

/// The stretches of `task` by `developer`: on each of `days`, from `from`
/// to `to` (HH:MM).
fn worked(task: &str, developer: &str, days: &[(&str, &str, &str)]) -> Vec<WorkStretch> {
    days.iter()
        .map(|&(day, from, to)| {
            let (start, end) = (at(&format!("{day}T{from}")), at(&format!("{day}T{to}")));
            WorkStretch {
                task_id: task.into(),
                developer: developer.into(),
                start,
                end,
                hours: (end - start).num_minutes() as f64 / 60.0,
                sprint: sprint_of(start.date()),
            }
        })
        .collect()
}

/// Every weekday from `first` to `last` (inclusive), worked from `from` to `to`.
fn weekdays(
    first: &str,
    last: &str,
    from: &'static str,
    to: &'static str,
) -> Vec<(String, &'static str, &'static str)> {
    let mut out = Vec::new();
    let mut day = date(first);
    while day <= date(last) {
        if day.weekday().number_from_monday() <= 5 {
            out.push((day.to_string(), from, to));
        }
        day += Duration::days(1);
    }
    out
}

/// A plan written out by hand (the optimizer plays no part): Ana works
/// 8 hours a day, Bob 4 and is away in sprint 2; two-week sprints from
/// Monday 2026-11-30, 8-hour business days from 09:00.
///
/// - Ana: "Login API" (URGENT, 12 h) Mon 09:00 to Tue 13:00; "Token
///   refresh" (HIGH, 6 h, after it) Tue 13:00 to Wed 11:00; "Deploy
///   pipeline" (MEDIUM, 80 h, no project) Wed 11:00 to Wed 12-16 11:00,
///   into sprint 2.
/// - Bob: "Login form | sign-up" (HIGH, 8 h, due Tuesday) Mon 09:00 to Tue
///   13:00, on time; "Help page <draft> & FAQ" (LOW, 24 h, after it) Wed
///   12-02 to Wed 12-09 13:00, due Friday 12-04: late.
///
/// Finishes in business hours: 12, 18, 12, 60 (7 days and 4 h), 98 (12
/// days and 2 h); weighted objective 1000·12 + 100·18 + 100·12 + 1·60 +
/// 10·98 = 16,040, against a bound of 15,500 (gap 3.37 %).
fn hand_plan() -> Plan {
    let tasks = vec![
        planned(
            "api/login",
            "Login API",
            "api",
            Priority::Urgent,
            12.0,
            "Ana",
            ("2026-11-30T09:00", "2026-12-01T13:00"),
            12.0,
            None,
            &[],
        ),
        planned(
            "api/tokens",
            "Token refresh",
            "api",
            Priority::High,
            6.0,
            "Ana",
            ("2026-12-01T13:00", "2026-12-02T11:00"),
            18.0,
            None,
            &["api/login"],
        ),
        planned(
            "web/form",
            "Login form | sign-up",
            "web",
            Priority::High,
            8.0,
            "Bob",
            ("2026-11-30T09:00", "2026-12-01T13:00"),
            12.0,
            Some("2026-12-01"),
            &[],
        ),
        planned(
            "web/help",
            "Help page <draft> & FAQ",
            "web",
            Priority::Low,
            24.0,
            "Bob",
            ("2026-12-02T09:00", "2026-12-09T13:00"),
            60.0,
            Some("2026-12-04"),
            &["web/form"],
        ),
        planned(
            "deploy-pipeline",
            "Deploy pipeline",
            "",
            Priority::Medium,
            80.0,
            "Ana",
            ("2026-12-02T11:00", "2026-12-16T11:00"),
            98.0,
            None,
            &["api/tokens"],
        ),
    ];
    let mut stretches = Vec::new();
    stretches.extend(worked(
        "api/login",
        "Ana",
        &[
            ("2026-11-30", "09:00", "17:00"),
            ("2026-12-01", "09:00", "13:00"),
        ],
    ));
    stretches.extend(worked(
        "api/tokens",
        "Ana",
        &[
            ("2026-12-01", "13:00", "17:00"),
            ("2026-12-02", "09:00", "11:00"),
        ],
    ));
    let mut deploy = vec![("2026-12-02".to_string(), "11:00", "17:00")];
    deploy.extend(weekdays("2026-12-03", "2026-12-15", "09:00", "17:00"));
    deploy.push(("2026-12-16".to_string(), "09:00", "11:00"));
    let deploy: Vec<(&str, &str, &str)> = deploy
        .iter()
        .map(|(d, f, t)| (d.as_str(), *f, *t))
        .collect();
    stretches.extend(worked("deploy-pipeline", "Ana", &deploy));
    stretches.extend(worked(
        "web/form",
        "Bob",
        &[
            ("2026-11-30", "09:00", "13:00"),
            ("2026-12-01", "09:00", "13:00"),
        ],
    ));
    let help = weekdays("2026-12-02", "2026-12-09", "09:00", "13:00");
    let help: Vec<(&str, &str, &str)> = help.iter().map(|(d, f, t)| (d.as_str(), *f, *t)).collect();
    stretches.extend(worked("web/help", "Bob", &help));
    let load = |developer: &str, sprint: u32, capacity_hours: f64, planned_hours: f64| Load {
        developer: developer.into(),
        sprint,
        capacity_hours,
        planned_hours,
    };
    let warnings = vec![
        Warning {
            at: Location::new("backlog.md", 3),
            message: "the summary table says 120 hours, the tasks add up to 130".into(),
        },
        Warning {
            at: Location::new("backlog.md", 14),
            message:
                "task \"Help page <draft> & FAQ\" is due 2026-12-04 but finishes 2026-12-09T13:00"
                    .into(),
        },
    ];
    Plan {
        tasks,
        stretches,
        as_of: None,
        load: vec![
            load("Ana", 1, 80.0, 80.0),
            load("Ana", 2, 80.0, 18.0),
            load("Bob", 1, 40.0, 32.0),
            load("Bob", 2, 0.0, 0.0),
        ],
        extra_columns: Vec::new(),
        sprints: vec![
            (1, date("2026-11-30"), date("2026-12-13")),
            (2, date("2026-12-14"), date("2026-12-27")),
        ],
        objective_name: "weighted",
        weights: Weights::default(),
        objective: 16_040.0,
        prefer_penalty: 0.0,
        late_penalty: 0.0,
        stability_penalty: 0.0,
        finish_set_by: None,
        unplanned: Vec::new(),
        lower_bound: 15_500.0,
        bound_source: "column_generation",
        gap: (16_040.0 - 15_500.0) / 16_040.0,
        status: "time_limit",
        solver: "highs",
        solve_seconds: 1.25,
        projects: vec![
            ("api".into(), at("2026-12-02T11:00")),
            ("web".into(), at("2026-12-09T13:00")),
            (String::new(), at("2026-12-16T11:00")),
        ],
        priorities: vec![
            (Priority::Urgent, at("2026-12-01T13:00")),
            (Priority::High, at("2026-12-02T11:00")),
            (Priority::Medium, at("2026-12-16T11:00")),
            (Priority::Low, at("2026-12-09T13:00")),
        ],
        warnings,
        calendar: hand_calendar(),
    }
}

/// The working time of the hand-built plan's team: the default calendar
/// (Monday to Friday, 8 hours from 09:00, from 2026-11-30), Ana 40 hours a
/// week, Bob 20 and off in sprint 2; twenty business days, the two sprints.
fn hand_calendar() -> WorkCalendar {
    let mut bob = Developer::new("Bob", 20.0);
    bob.time_off.push(DateRange {
        first: date("2026-12-14"),
        last: date("2026-12-27"),
    });
    let team = Team {
        source: "team.toml".into(),
        calendar: Calendar::default(),
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers: vec![Developer::new("Ana", 40.0), bob],
        rules: Vec::new(),
    };
    WorkCalendar::new(&team, 0, 20)
}

/// The hand-built plan is what its comment says: the stretches add up to
/// each task's hours and to the load, and the objective is the weighted
/// sum of the finishes. (Checked so that the goldens render a coherent plan.)
#[test]
fn the_hand_built_plan_adds_up() {
    let plan = hand_plan();
    for t in &plan.tasks {
        let worked: f64 = plan
            .stretches
            .iter()
            .filter(|s| s.task_id == t.id)
            .map(|s| s.hours)
            .sum();
        assert_eq!(worked, t.hours, "{}", t.id);
        let first = plan
            .stretches
            .iter()
            .filter(|s| s.task_id == t.id)
            .map(|s| s.start)
            .min();
        let last = plan
            .stretches
            .iter()
            .filter(|s| s.task_id == t.id)
            .map(|s| s.end)
            .max();
        assert_eq!((first, last), (Some(t.start), Some(t.finish)), "{}", t.id);
    }
    for l in &plan.load {
        let worked: f64 = plan
            .stretches
            .iter()
            .filter(|s| s.developer == l.developer && s.sprint == l.sprint)
            .map(|s| s.hours)
            .sum();
        assert_eq!(
            worked, l.planned_hours,
            "{} in sprint {}",
            l.developer, l.sprint
        );
    }
    let weights = sprintcast::team::Weights::default();
    let objective: f64 = plan
        .tasks
        .iter()
        .map(|t| weights.of(t.priority) * t.finish_hours)
        .sum();
    assert_eq!(objective, plan.objective);
    let late: Vec<&str> = plan
        .tasks
        .iter()
        .filter(|t| t.late)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(late, ["web/help"]);
}

/// The Markdown summary, the HTML page (today inside sprint 1) and the
/// terminal table of the hand-built plan are the golden files, byte for
/// byte. A renderer change shows here; an optimizer change cannot.
#[test]
fn reports_of_a_hand_built_plan_match_the_golden_files() {
    let plan = hand_plan();
    let report = Report::new("backlog.md", &plan).with_today(Some(date("2026-12-03")));
    let mut md = Vec::new();
    markdown::write(&report, &mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    let page = html::to_string(&report);
    let mut table = Vec::new();
    plan.write_table(&mut table, Width::Fit(80)).unwrap();
    let table = String::from_utf8(table).unwrap();
    golden("hand.md", &md);
    golden("hand.html", &page);
    golden("hand.txt", &table);

    // What the golden files hold, checked here so that an update cannot
    // silently lose it.
    assert!(md.contains("| objective (weighted) | 16040 |"), "{md}");
    assert!(md.contains("| gap | 3.4% |"), "{md}");
    assert!(
        md.contains("## Sprint 2 (2026-12-14 to 2026-12-27)"),
        "{md}"
    );
    assert!(md.contains("Login form \\| sign-up"), "{md}");
    assert!(md.contains("Help page \\<draft\\> \\& FAQ"), "{md}");
    assert!(
        md.contains("| project | (no project) | 2026-12-16T11:00 |"),
        "{md}"
    );
    assert!(!md.contains("1.25"), "no wall-clock time in the Markdown");
    assert_eq!(
        page.matches(r#"<rect class="bar "#).count(),
        plan.tasks.len()
    );
    assert_eq!(page.matches(r#"<line class="today""#).count(), 1);
    assert!(page.contains("Help page &lt;draft&gt; &amp; FAQ"));
    assert!(!page.contains("<draft>"), "titles are escaped");
    assert!(page.contains(r#"<span class="late-text">2026-12-04 (late)</span>"#));
    assert!(
        page.contains(">off</td>"),
        "Bob has no capacity in sprint 2"
    );
    assert!(!page.contains("1.25"), "no wall-clock time in the page");
    assert!(
        table.starts_with("5 tasks, 130 hours; objective weighted = 16040 (lower bound 15500, gap 3.37%,\n  time_limit, highs in 1.25 s)\nThe weighted objective adds up each task's finish"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(
        table.contains("All open work done by 2026-12-16T11:00"),
        "{table}"
    );
}

#[test]
fn the_today_line_is_drawn_only_inside_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("r.html");
    let args = [
        &DATA[..],
        &["--html", path_arg(&html), "--today", "2026-11-27"],
    ]
    .concat();
    ok(&args);
    let page = read_text(&html);
    assert_eq!(page.matches(r#"class="today""#).count(), 0);
    assert_eq!(page.matches(r#"<rect class="bar "#).count(), 57);
}

/// The value of a workbook cell as plan.csv writes it, and whether its type
/// is the one the column calls for.
fn as_csv(cell: &Data, kind: &str) -> String {
    match (kind, cell) {
        ("text", Data::String(s)) => s.clone(),
        ("number", Data::Float(x)) => {
            let s = format!("{x:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        ("datetime", Data::DateTime(d)) => d
            .as_datetime()
            .expect("a date cell holds a date")
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        ("date", Data::DateTime(d)) => d
            .as_datetime()
            .expect("a date cell holds a date")
            .format("%Y-%m-%d")
            .to_string(),
        ("bool", Data::Bool(b)) => b.to_string(),
        (_, Data::Empty) => String::new(),
        (kind, other) => panic!("a {kind} column holds {other:?}"),
    }
}

const PLAN_KINDS: [(&str, &str); 14] = [
    ("id", "text"),
    ("title", "text"),
    ("project", "text"),
    ("priority", "text"),
    ("category", "text"),
    ("hours", "number"),
    ("developer", "text"),
    ("start", "datetime"),
    ("finish", "datetime"),
    ("start_sprint", "number"),
    ("finish_sprint", "number"),
    ("finish_hours", "number"),
    ("due", "date"),
    ("late", "bool"),
];

#[test]
fn the_workbook_holds_the_cells_of_plan_csv_with_their_types() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let xlsx = tmp.path().join("plan.xlsx");
    let args = [
        &DATA[..],
        &["--out", path_arg(&dir), "--xlsx", path_arg(&xlsx)],
    ]
    .concat();
    ok(&args);
    let (header, rows) = csv_rows(&read_text(&dir.join("plan.csv")));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("the workbook opens");
    assert_eq!(
        wb.sheet_names(),
        ["Plan", "Schedule", "Load", "Summary"],
        "sheets"
    );

    let sheet = wb.worksheet_range("Plan").unwrap();
    let cells: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(cells.len(), rows.len() + 1, "header + one row per task");
    let xlsx_header: Vec<String> = cells[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(xlsx_header, header);
    for (kind_col, (name, _)) in PLAN_KINDS.iter().enumerate() {
        assert_eq!(header[kind_col], *name);
    }
    let mut typed = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, (name, kind)) in PLAN_KINDS.iter().enumerate() {
            let cell = &cells[r + 1][c];
            assert_eq!(
                as_csv(cell, kind),
                row[*name],
                "row {} column {name}: {cell:?}",
                r + 2
            );
            if !matches!(cell, Data::Empty) {
                *typed.entry(*name).or_insert(0) += 1;
            }
        }
    }
    // Every task has these typed cells (not text that looks like them).
    for name in ["hours", "start", "finish", "start_sprint", "finish_hours"] {
        assert_eq!(typed[name], rows.len(), "{name}");
    }

    // Schedule and Load: same rows as their CSV files.
    let (_, schedule) = csv_rows(&read_text(&dir.join("schedule.csv")));
    let sheet = wb.worksheet_range("Schedule").unwrap();
    let cells: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(cells.len(), schedule.len());
    for (row, cell) in schedule.iter().zip(&cells) {
        assert_eq!(as_csv(&cell[0], "text"), row["task_id"]);
        assert_eq!(as_csv(&cell[2], "datetime"), row["start"]);
        assert_eq!(as_csv(&cell[3], "datetime"), row["end"]);
        assert_eq!(as_csv(&cell[4], "number"), row["hours"]);
    }
    let (_, load) = csv_rows(&read_text(&dir.join("load.csv")));
    let sheet = wb.worksheet_range("Load").unwrap();
    let cells: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(cells.len(), load.len());
    for (row, cell) in load.iter().zip(&cells) {
        assert_eq!(as_csv(&cell[0], "text"), row["developer"]);
        assert_eq!(as_csv(&cell[2], "number"), row["capacity_hours"]);
        assert_eq!(as_csv(&cell[4], "number"), row["utilization"]);
    }

    // The same input gives the same workbook, byte for byte.
    let again = tmp.path().join("again.xlsx");
    ok(&[&DATA[..], &["--xlsx", path_arg(&again)]].concat());
    assert!(
        std::fs::read(&xlsx).unwrap() == std::fs::read(&again).unwrap(),
        "two runs gave different workbooks"
    );
}

/// A backlog whose texts attack each output: formulas, HTML, Markdown.
const HOSTILE: &str = r#"id,title,project,priority,hours,depends_on,notes
=cmd,"=HYPERLINK(""http://evil.example"",""click"")",+proj,HIGH,2,,@SUM(A1)
t2,<script>document.title='pwned'</script>,-3,URGENT,3,=cmd,
t3,-3,<b>bold</b> | pipe,LOW,1,t2,
"#;

fn hostile(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("hostile.csv");
    std::fs::write(&path, HOSTILE).unwrap();
    path
}

#[test]
fn csv_and_workbook_text_cannot_become_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let backlog = hostile(tmp.path());
    let safe_dir = tmp.path().join("safe");
    let raw_dir = tmp.path().join("raw");
    let xlsx = tmp.path().join("safe.xlsx");
    let team = root().join("data/team.toml");
    let base = ["plan", path_arg(&backlog), "--team", path_arg(&team)];
    ok(&[
        &base[..],
        &["--out", path_arg(&safe_dir), "--xlsx", path_arg(&xlsx)],
    ]
    .concat());
    ok(&[&base[..], &["--out", path_arg(&raw_dir), "--raw-csv"]].concat());

    let (_, safe) = csv_rows(&read_text(&safe_dir.join("plan.csv")));
    let (_, raw) = csv_rows(&read_text(&raw_dir.join("plan.csv")));
    assert_eq!(safe[0]["id"], "'=cmd");
    assert_eq!(
        safe[0]["title"],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(safe[0]["project"], "'+proj");
    assert_eq!(raw[0]["id"], "=cmd");
    assert_eq!(
        raw[0]["title"],
        "=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(raw[0]["project"], "+proj");
    // A plain number is a number, in a text column too; computed numbers
    // are never touched.
    assert_eq!(safe[1]["project"], "-3");
    assert_eq!(safe[2]["title"], "-3");
    assert_eq!(safe[1]["hours"], "3");
    let (_, schedule) = csv_rows(&read_text(&safe_dir.join("schedule.csv")));
    assert!(schedule.iter().any(|r| r["task_id"] == "'=cmd"));
    // No text cell of any file starts with a trigger unless it is a number.
    for name in ["plan.csv", "schedule.csv", "load.csv"] {
        let (_, rows) = csv_rows(&read_text(&safe_dir.join(name)));
        for row in rows {
            for (col, v) in row {
                let number = v.parse::<f64>().is_ok();
                assert!(
                    number || !v.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name} {col}: {v:?}"
                );
            }
        }
    }

    // The workbook keeps the value and marks it as text (quote prefix).
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("Plan").unwrap();
    let first: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first[0], "=cmd");
    assert_eq!(first[1], "=HYPERLINK(\"http://evil.example\",\"click\")");
    let formulas = wb.worksheet_formula("Plan").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the workbook holds no formula"
    );
}

#[test]
fn html_and_markdown_keep_hostile_titles_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let backlog = hostile(tmp.path());
    let html = tmp.path().join("r.html");
    let team = root().join("data/team.toml");
    let (md, _) = ok(&[
        "plan",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--format",
        "markdown",
        "--html",
        path_arg(&html),
    ]);
    let page = read_text(&html);
    assert!(!page.contains("<script"), "no script element");
    assert!(!page.contains("<b>bold"), "no markup from input");
    assert!(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt; | pipe"));
    assert_eq!(page.matches(r#"<rect class="bar "#).count(), 3);
    // Two dependency arrows: t2 waits for =cmd, t3 for t2.
    assert_eq!(page.matches(r#"<path class="dep" d="M"#).count(), 2 + 1);

    assert!(
        md.contains("\\<script\\>document.title='pwned'\\</script\\>"),
        "{md}"
    );
    assert!(md.contains("\\<b\\>bold\\</b\\> \\| pipe"), "{md}");
    for line in md.lines().filter(|l| l.starts_with('|')) {
        // Every row of a table has as many cells as its header.
        let unescaped_pipes = line
            .char_indices()
            .filter(|&(i, c)| c == '|' && (i == 0 || line.as_bytes()[i - 1] != b'\\'))
            .count();
        assert!(unescaped_pipes >= 3, "{line}");
    }
}

#[test]
fn forecast_writes_html_and_a_workbook_with_its_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let backlog = hostile(tmp.path());
    let html = tmp.path().join("f.html");
    let xlsx = tmp.path().join("f.xlsx");
    let out = tmp.path().join("out");
    let team = root().join("data/team.toml");
    ok(&[
        "forecast",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--samples",
        "300",
        "--out",
        path_arg(&out),
        "--html",
        path_arg(&html),
        "--xlsx",
        path_arg(&xlsx),
        "--today",
        "2026-12-01",
    ]);
    let page = read_text(&html);
    assert!(page.contains(r#"<svg class="burnup""#));
    assert!(page.contains(r#"<path class="band""#));
    for class in ["p50", "p85", "p95", "plan", "scope"] {
        assert!(
            page.contains(&format!(r#"<path class="{class}" d="M"#)),
            "{class}"
        );
    }
    assert_eq!(page.matches(r#"<rect class="bar "#).count(), 3);
    assert!(!page.contains("<script"));

    let (_, forecast) = csv_rows(&read_text(&out.join("forecast.csv")));
    assert!(
        forecast.iter().any(|r| r["name"] == "'=cmd"),
        "{forecast:?}"
    );
    assert!(forecast.iter().any(|r| r["name"] == "'+proj"));

    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Plan", "Schedule", "Load", "Forecast", "Burnup", "Summary"]
    );
    let sheet = wb.worksheet_range("Forecast").unwrap();
    let cells: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(cells.len(), forecast.len());
    for (row, cell) in forecast.iter().zip(&cells) {
        assert_eq!(as_csv(&cell[2], "datetime"), row["p50"]);
        assert_eq!(as_csv(&cell[4], "datetime"), row["p95"]);
        assert_eq!(as_csv(&cell[7], "datetime"), row["deterministic"]);
    }
}

#[test]
fn an_output_in_a_missing_directory_fails_at_once_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no/such/dir/report.html");
    let out = run(&[&DATA[..], &["--html", path_arg(&missing)]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(path_arg(&missing)), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty());

    // A directory where a file should go.
    let out = run(&[&DATA[..], &["--xlsx", path_arg(tmp.path())]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a directory"), "{stderr}");
    assert_eq!(file_names(tmp.path()), Vec::<String>::new());
}

#[test]
fn reports_replace_existing_files_whole_and_leave_no_temporary_files() {
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("r.html");
    let xlsx = tmp.path().join("r.xlsx");
    let junk = "x".repeat(2_000_000);
    std::fs::write(&html, &junk).unwrap();
    std::fs::write(&xlsx, &junk).unwrap();
    let (_, stderr) = ok(&[
        &DATA[..],
        &["--html", path_arg(&html), "--xlsx", path_arg(&xlsx)],
    ]
    .concat());
    let page = read_text(&html);
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert_eq!(file_names(tmp.path()), ["r.html", "r.xlsx"]);
    // stderr is not a terminal here: no progress display, only warnings.
    for line in stderr.lines() {
        assert!(line.contains(": warning: "), "{line:?}");
    }
}

/// The names in a directory, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `whatif --html --xlsx`: the page holds the comparison (every scenario in
/// file order) above the baseline plan, and the workbook's Scenarios sheet
/// holds the rows of scenarios.csv with their types.
#[test]
fn whatif_reports_hold_the_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let html = tmp.path().join("w.html");
    let xlsx = tmp.path().join("w.xlsx");
    ok(&[
        "whatif",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--scenarios",
        "data/scenarios.toml",
        "--out",
        path_arg(&dir),
        "--html",
        path_arg(&html),
        "--xlsx",
        path_arg(&xlsx),
        "--today",
        "2026-12-02",
    ]);

    let page = read_text(&html);
    assert!(page.contains("<h1>What-if scenarios</h1>"));
    let section = page
        .split(r#"<section id="scenarios" class="keep">"#)
        .nth(1)
        .expect("a scenarios section")
        .split("</section>")
        .next()
        .unwrap();
    let names = [
        "#1 recommendations as preferences",
        "#2 one more developer from week 2",
        "#3 Jonathan at half time",
        "#4 LOW work dropped",
        "#5 estimates 30% higher",
    ];
    let at: Vec<usize> = names
        .iter()
        .map(|n| section.find(n).unwrap_or_else(|| panic!("{n} missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "file order: {at:?}");
    // The rest of the page is the baseline plan: one bar per task.
    assert_eq!(page.matches(r#"<rect class="bar "#).count(), 57);

    let (_, rows) = csv_rows(&read_text(&dir.join("scenarios.csv")));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("the workbook opens");
    assert!(wb.sheet_names().contains(&"Scenarios".to_string()));
    let sheet = wb.worksheet_range("Scenarios").unwrap();
    let cells: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(cells.len(), rows.len(), "one row per plan and scope");
    let kinds = [
        ("scenario", "text"),
        ("scope", "text"),
        ("name", "text"),
        ("finish", "datetime"),
        ("delta_days", "number"),
        ("makespan_days", "number"),
        ("utilization", "number"),
        ("status", "text"),
    ];
    for (r, (row, cell)) in rows.iter().zip(&cells).enumerate() {
        for (c, (name, kind)) in kinds.iter().enumerate() {
            assert_eq!(
                as_csv(&cell[c], kind),
                row[*name],
                "row {} column {name}",
                r + 2
            );
        }
    }
}
