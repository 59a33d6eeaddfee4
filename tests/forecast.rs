//! `sprintcast forecast`, the real binary on real files: forecast.csv and
//! burnup.csv are read back as CSV and checked against the plan the same
//! input gives, against each other, and across runs (same seed, same bytes,
//! whatever the number of threads).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use sprintcast::backlog::{self, ReadOptions};
use sprintcast::forecast::DEFAULT_UNCERTAINTY;
use sprintcast::team_file;

mod common;
use common::{check_ok, command, ok, path_arg, read, root};

const FORECAST_HEADER: [&str; 9] = [
    "scope",
    "name",
    "p50",
    "p85",
    "p95",
    "due",
    "p_on_time",
    "deterministic",
    "p_unfinished",
];

const BURNUP_HEADER: [&str; 8] = [
    "week",
    "start",
    "end",
    "scope_hours",
    "deterministic",
    "p50",
    "p85",
    "p95",
];

/// Runs the binary and requires exit code 1 with one line on stderr and
/// nothing on stdout; returns that line.
fn rejected(args: &[&str]) -> String {
    let out = command(args).output().expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = format!(
        "sprintcast {}\nstdout: {stdout}\nstderr: {stderr}",
        args.join(" ")
    );
    assert_eq!(out.status.code(), Some(1), "{context}");
    assert!(stdout.is_empty(), "{context}");
    assert!(!stderr.contains("panicked"), "{context}");
    assert_eq!(stderr.lines().count(), 1, "{context}");
    stderr.trim_end().to_string()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .unwrap_or_else(|e| panic!("{text:?} is not a date-time: {e}"))
}

/// A forecast date as the views write it: the day, then `am` before 12:00
/// and `pm` from 12:00 on.
fn half_day(t: NaiveDateTime) -> String {
    let half = if t.hour() < 12 { "am" } else { "pm" };
    format!("{} {half}", t.format("%a %-d %b %Y"))
}

/// The cells of a terminal table line: columns are two spaces or more
/// apart, a date's words one.
fn columns(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("{text:?} is not a date: {e}"))
}

/// A CSV file as (header, rows of cells).
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// One row of forecast.csv.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    scope: String,
    name: String,
    p50: NaiveDateTime,
    p85: NaiveDateTime,
    p95: NaiveDateTime,
    due: Option<NaiveDate>,
    p_on_time: Option<f64>,
    deterministic: NaiveDateTime,
}

fn forecast_rows(path: &Path) -> Vec<Row> {
    let (header, rows) = csv_rows(path);
    assert_eq!(header, FORECAST_HEADER);
    rows.into_iter()
        .map(|c| Row {
            scope: c[0].clone(),
            name: c[1].clone(),
            p50: at(&c[2]),
            p85: at(&c[3]),
            p95: at(&c[4]),
            due: (!c[5].is_empty()).then(|| day(&c[5])),
            p_on_time: (!c[6].is_empty()).then(|| c[6].parse().unwrap()),
            deterministic: at(&c[7]),
        })
        .collect()
}

/// Runs `forecast` with `args` into a new temp dir; returns the dir (kept
/// alive) and stdout.
fn forecast(args: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["forecast"];
    all.extend_from_slice(args);
    // The long form of the table: the tests read its rows.
    all.extend_from_slice(&["--out", path_arg(dir.path()), "--wide"]);
    let (stdout, _) = ok(&all);
    (dir, stdout)
}

const SEED: [&str; 3] = ["data/backlog.md", "--team", "data/team.toml"];

// ---------------------------------------------------------------------------
// The seed backlog

#[test]
fn seed_forecast_files_read_back_and_agree_with_the_plan() {
    let (dir, stdout) = forecast(&[SEED[0], SEED[1], SEED[2], "--samples", "2000"]);
    let rows = forecast_rows(&dir.path().join("forecast.csv"));

    // Row order and names: backlog, priorities, the four projects, 57 tasks.
    let backlog =
        backlog::read_file(&root().join("data/backlog.md"), &ReadOptions::default()).unwrap();
    let open: Vec<&str> = backlog.open_tasks().map(|t| t.id.as_str()).collect();
    assert_eq!(open.len(), 57);
    let scopes: Vec<&str> = rows.iter().map(|r| r.scope.as_str()).collect();
    assert_eq!(scopes[0], "backlog");
    assert_eq!(rows[0].name, "all");
    assert_eq!(scopes.iter().filter(|s| **s == "priority").count(), 4);
    let projects: Vec<&str> = rows
        .iter()
        .filter(|r| r.scope == "project")
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        projects,
        [
            "customer-feedback-app",
            "AI-Whisperers-website-and-courses",
            "analysis-engine",
            "yt-transcript-headless"
        ]
    );
    let tasks: Vec<&str> = rows
        .iter()
        .filter(|r| r.scope == "task")
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(tasks, open);

    for r in &rows {
        assert!(r.p50 <= r.p85 && r.p85 <= r.p95, "{r:?}");
        // No due dates in the seed backlog.
        assert_eq!((r.due, r.p_on_time), (None, None), "{r:?}");
        assert!(r.p95 <= rows[0].p95, "{r:?} after the backlog's P95");
    }
    // Uncertain efforts make the P95 of the whole backlog later than the plan.
    assert!(rows[0].p95 > rows[0].deterministic);

    // The deterministic column is the plan: plan.csv of the same input.
    let plan_dir = tempfile::tempdir().unwrap();
    ok(&[
        "plan",
        SEED[0],
        SEED[1],
        SEED[2],
        "--out",
        path_arg(plan_dir.path()),
    ]);
    let (header, plan) = csv_rows(&plan_dir.path().join("plan.csv"));
    let id = header.iter().position(|h| h == "id").unwrap();
    let finish = header.iter().position(|h| h == "finish").unwrap();
    for p in &plan {
        let row = rows
            .iter()
            .find(|r| r.scope == "task" && r.name == p[id])
            .unwrap_or_else(|| panic!("no forecast row for {}", p[id]));
        assert_eq!(row.deterministic, at(&p[finish]), "{}", p[id]);
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&read(&plan_dir.path().join("summary.json"))).unwrap();
    assert_eq!(
        rows[0].deterministic,
        at(summary["finish"].as_str().unwrap())
    );
    for r in rows.iter().filter(|r| r.scope == "priority") {
        assert_eq!(
            r.deterministic,
            at(summary["priorities"][&r.name].as_str().unwrap())
        );
    }

    // The table on stdout shows the same backlog row, to the half-day.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("backlog"))
        .unwrap_or_else(|| panic!("no backlog row in\n{stdout}"));
    let cells = columns(line);
    assert_eq!(
        cells[..3],
        ["backlog", "all", &half_day(rows[0].deterministic)]
    );
    assert_eq!(cells[3], half_day(rows[0].p50));
    assert_eq!(cells[5], half_day(rows[0].p95));
    // Every task row is named by its title, as in the backlog.
    let titled = stdout.lines().filter(|l| l.starts_with("task ")).count();
    assert_eq!(titled, plan.len());
    let title = header.iter().position(|h| h == "title").unwrap();
    for p in &plan {
        // The long form (--wide) shows every title whole.
        let shown = &p[title];
        assert!(stdout.contains(&format!("task      {shown}  ")), "{shown}");
    }
    assert!(
        stdout.starts_with("Forecast of 57 open tasks, 331 hours: 2000 samples (seed 1)"),
        "{stdout}"
    );
}

#[test]
fn seed_burnup_climbs_to_the_scope() {
    let (dir, _) = forecast(&[SEED[0], SEED[1], SEED[2], "--samples", "1000"]);
    let (header, rows) = csv_rows(&dir.path().join("burnup.csv"));
    assert_eq!(header, BURNUP_HEADER);
    assert!(rows.len() >= 3, "{rows:?}");
    let num = |s: &str| s.parse::<f64>().unwrap();
    let mut prev = [0.0f64; 4];
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r[0], (k + 1).to_string());
        let start = day(&r[1]);
        assert_eq!(start, day("2026-11-30") + chrono::Duration::weeks(k as i64));
        assert_eq!(day(&r[2]), start + chrono::Duration::days(6));
        assert_eq!(num(&r[3]), 331.0);
        let now = [num(&r[4]), num(&r[5]), num(&r[6]), num(&r[7])];
        for i in 0..4 {
            assert!(now[i] >= prev[i], "week {} falls: {r:?}", k + 1);
        }
        // The more certain a statement, the less work it promises.
        assert!(now[3] <= now[2] && now[2] <= now[1], "{r:?}");
        prev = now;
    }
    let last = rows.last().unwrap();
    assert_eq!((num(&last[4]), num(&last[7])), (331.0, 331.0));
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let args = [
        SEED[0],
        SEED[1],
        SEED[2],
        "--samples",
        "3000",
        "--seed",
        "42",
    ];
    let run = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec!["forecast"];
        all.extend_from_slice(&args);
        all.extend_from_slice(&["--out", path_arg(dir.path())]);
        let out = command(&all)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        let (stdout, _) = check_ok(&all, out);
        (
            read(&dir.path().join("forecast.csv")),
            read(&dir.path().join("burnup.csv")),
            stdout,
        )
    };
    let one = run("1");
    let two = run("2");
    let again = run("2");
    assert_eq!(one, two, "1 thread and 2 threads differ");
    assert_eq!(two, again, "two runs differ");
    // A different seed gives a different forecast (same plan).
    let (dir, _) = forecast(&[
        SEED[0],
        SEED[1],
        SEED[2],
        "--samples",
        "3000",
        "--seed",
        "43",
    ]);
    assert_ne!(read(&dir.path().join("forecast.csv")), one.0);
}

#[test]
fn no_uncertainty_gives_the_plans_dates_and_the_team_file_sets_it() {
    // [forecast] uncertainty = 1 in the team file.
    let tmp = tempfile::tempdir().unwrap();
    let team_path = tmp.path().join("team.toml");
    let mut text = String::from_utf8(read(&root().join("data/team.toml"))).unwrap();
    text.push_str("\n[forecast]\nuncertainty = 1\n");
    std::fs::write(&team_path, text).unwrap();
    let (dir, stdout) = forecast(&[SEED[0], "--team", path_arg(&team_path), "--samples", "200"]);
    for r in forecast_rows(&dir.path().join("forecast.csv")) {
        assert_eq!(
            (r.p50, r.p85, r.p95),
            (r.deterministic, r.deterministic, r.deterministic),
            "{r:?}"
        );
    }
    assert!(stdout.contains("no uncertainty"), "{stdout}");
    // --uncertainty overrides the file.
    let (dir, _) = forecast(&[
        SEED[0],
        "--team",
        path_arg(&team_path),
        "--samples",
        "200",
        "--uncertainty",
        "2",
    ]);
    let rows = forecast_rows(&dir.path().join("forecast.csv"));
    assert!(rows[0].p95 > rows[0].deterministic);
    // Without either, the default applies and the headline says so.
    let (_, stdout) = forecast(&[SEED[0], SEED[1], SEED[2], "--samples", "100"]);
    assert!(
        stdout.contains(&format!("P90 = {DEFAULT_UNCERTAINTY} × estimate")),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------
// Due dates, on a small backlog

fn write_backlog(dir: &Path, csv: &str) -> PathBuf {
    let path = dir.join("backlog.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn due_far_ahead_is_certain_and_due_before_the_start_is_hopeless() {
    let tmp = tempfile::tempdir().unwrap();
    let b = write_backlog(
        tmp.path(),
        "id,title,project,priority,hours,depends_on,due\n\
         a,Far ahead,app,URGENT,6,,2099-12-31\n\
         b,Already late,app,HIGH,4,a,2026-11-27\n\
         c,No deadline,site,LOW,3,,\n\
         d,Tight,site,MEDIUM,10,,2026-12-01\n",
    );
    let (dir, stdout) = forecast(&[
        path_arg(&b),
        "--team",
        "data/team.toml",
        "--samples",
        "3000",
    ]);
    let rows = forecast_rows(&dir.path().join("forecast.csv"));
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap().clone();
    assert_eq!(row("a").p_on_time, Some(1.0));
    assert_eq!(row("a").due, Some(day("2099-12-31")));
    assert_eq!(row("b").p_on_time, Some(0.0));
    assert_eq!(row("c").p_on_time, None);
    let tight = row("d").p_on_time.unwrap();
    assert!(tight > 0.0 && tight < 1.0, "{tight}");
    // Groups: every due date met at once. "app" holds b, never on time.
    assert_eq!(row("app").p_on_time, Some(0.0));
    assert_eq!(row("app").due, None);
    assert_eq!(row("site").p_on_time, Some(tight));
    assert_eq!(row("all").p_on_time, Some(0.0));
    assert_eq!(row("URGENT").p_on_time, Some(1.0));
    // The table shows chances as percentages.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("task      Far ahead "))
        .unwrap();
    assert!(line.ends_with("Thu 31 Dec 2099     100%"), "{line:?}");
}

#[test]
fn markdown_and_json_views() {
    let tmp = tempfile::tempdir().unwrap();
    let b = write_backlog(tmp.path(), "id,title,hours,due\na,A,6,2099-01-01\nb,B,4,\n");
    let args = [path_arg(&b), "--team", "data/team.toml", "--samples", "500"];
    let (md, _) = ok(&[&["forecast"], &args[..], &["--format", "markdown"]].concat());
    // A heading, what was forecast, the settings as a table, then the rows
    // under their own heading.
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[..3], ["# Forecast", "", "2 open tasks, 10 hours."]);
    let setting = |key: &str| {
        let head = format!("| {key} | ");
        let line = lines
            .iter()
            .find(|l| l.starts_with(&head))
            .unwrap_or_else(|| panic!("no {key} row in\n{md}"));
        line[head.len()..line.len() - 2].to_string()
    };
    assert_eq!(setting("samples"), "500");
    assert_eq!(setting("seed"), "1");
    assert_eq!(
        setting("uncertainty model"),
        "effort log-normal, median = estimate and P90 = 1.5 × estimate unless a task gives a range or confidence"
    );
    assert!(
        setting("shared factor").starts_with("All tasks of a sample share one factor"),
        "{md}"
    );
    assert!(
        setting("calibration")
            .starts_with("nothing to learn from (no done task has hours and actual)"),
        "{md}"
    );
    let table = lines
        .iter()
        .position(|l| *l == "| scope | name | plan | P50 | P85 | P95 | due | on time |")
        .unwrap_or_else(|| panic!("no table in\n{md}"));
    assert!(lines[..table].contains(&"## Finish dates"), "{md}");
    assert_eq!(lines.len(), table + 2 + 5);

    let (json, _) = ok(&[&["forecast"], &args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Task a's row: its title, its dates to the half-day of the JSON's
    // minutes, its due date with the weekday.
    let json_a = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "a")
        .unwrap();
    let when = |key: &str| half_day(at(json_a[key].as_str().unwrap()));
    let row_a = format!(
        "| task | A | {} | {} | {} | {} | Thu 1 Jan 2099 | 100% |",
        when("deterministic"),
        when("p50"),
        when("p85"),
        when("p95")
    );
    assert!(lines.contains(&row_a.as_str()), "{row_a}\n{md}");
    assert_eq!(v["samples"], 500);
    assert_eq!(v["calibration"]["enabled"], true);
    assert_eq!(v["calibration"]["team"]["done_tasks"], 0);
    assert_eq!(v["risks"], serde_json::json!([]));
    assert_eq!(v["rows"][0]["scope"], "backlog");
    assert_eq!(v["rows"].as_array().unwrap().len(), 5);
    assert_eq!(json_a["p_on_time"], 1.0);
    assert!(!v["burnup"].as_array().unwrap().is_empty());
}

#[test]
fn no_calibrate_says_so_in_the_table_and_calibration_csv() {
    let (dir, stdout) = forecast(&[
        SEED[0],
        SEED[1],
        SEED[2],
        "--samples",
        "200",
        "--no-calibrate",
    ]);
    assert!(
        stdout.contains("(seed 1); calibration off: effort log-normal, median = estimate and P90 = 1.5 × estimate"),
        "{stdout}"
    );
    let (header, rows) = csv_rows(&dir.path().join("calibration.csv"));
    assert_eq!(
        header,
        [
            "part",
            "name",
            "done_tasks",
            "sprints",
            "median",
            "p90",
            "sigma",
            "source"
        ]
    );
    assert_eq!(
        rows[0],
        ["team", "all", "0", "", "1", "1.5", "0.3164", "off"]
    );
    assert_eq!(
        rows[1],
        ["shared", "all", "0", "0", "1", "1.25", "0.1741", "default"]
    );
    // Nobody leaves in data/team.toml and nothing runs past the horizon.
    let (header, rows) = csv_rows(&dir.path().join("risks.csv"));
    assert_eq!(
        header,
        ["cause", "developer", "until", "samples", "share", "tasks"]
    );
    assert!(rows.is_empty());
}

// ---------------------------------------------------------------------------
// Bad input

#[test]
fn zero_samples_is_refused_before_planning() {
    // A bad command-line value is a usage error (exit 2), refused by the
    // argument parser before anything is read.
    let out = command(&["forecast", SEED[0], SEED[1], SEED[2], "--samples", "0"])
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr.lines().next(),
        Some("error: invalid value '0' for '--samples <SAMPLES>': give a whole number of samples from 1 to 1000000")
    );
}

#[test]
fn uncertainty_below_one_is_refused() {
    // A bad command-line value: a usage error (exit 2) from the parser.
    let out = command(&[
        "forecast",
        SEED[0],
        SEED[1],
        SEED[2],
        "--uncertainty",
        "0.5",
    ])
    .output()
    .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.lines().next(),
        Some("error: invalid value '0.5' for '--uncertainty <UNCERTAINTY>': give a number from 1 to 10 (P90 effort ÷ median effort; 1 means no uncertainty)")
    );
}

#[test]
fn bad_ranges_and_confidence_are_refused_by_forecast_too() {
    for (case, ext) in [
        ("range-low-above-high", "md"),
        ("range-negative", "csv"),
        ("confidence-out-of-range", "md"),
    ] {
        let file = format!("tests/bad/{case}.{ext}");
        let line = rejected(&["forecast", &file, "--team", "data/team.toml"]);
        let expected =
            std::fs::read_to_string(root().join(format!("tests/bad/{case}.expected"))).unwrap();
        assert_eq!(line, expected.trim_end(), "{case}");
    }
    let line = rejected(&[
        "forecast",
        SEED[0],
        "--team",
        "tests/bad/forecast-uncertainty.toml",
    ]);
    assert!(
        line.starts_with("error: tests/bad/forecast-uncertainty.toml:6: uncertainty \"0.5\""),
        "{line}"
    );
}

#[test]
fn unknown_forecast_key_suggests_the_right_one() {
    let tmp = tempfile::tempdir().unwrap();
    let team_path = tmp.path().join("team.toml");
    std::fs::write(
        &team_path,
        "[forecast]\nuncertainity = 1.2\n\n[[developer]]\nname = \"Ana\"\n",
    )
    .unwrap();
    let line = rejected(&["forecast", SEED[0], "--team", path_arg(&team_path)]);
    assert_eq!(
        line,
        format!(
            "error: {}:2: unknown key \"uncertainity\"; did you mean \"uncertainty\"?",
            team_path.display()
        )
    );
    // And the library reads the table.
    let file = team_file::parse_team_file(
        "t.toml",
        "[forecast]\nuncertainty = 1.25\n[[developer]]\nname = \"Ana\"\n",
    )
    .unwrap();
    assert_eq!(file.forecast.uncertainty, Some(1.25));
    let e = team_file::parse_team_file(
        "t.toml",
        "[forecast]\nuncertainty = \"high\"\n[[developer]]\nname = \"Ana\"\n",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.toml:2: uncertainty \"high\" must be a number"
    );
    let e = team_file::parse_team_file(
        "t.toml",
        "[[forecast]]\nuncertainty = 2\n[[developer]]\nname = \"Ana\"\n",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.toml:1: `forecast` must be a table: write [forecast]"
    );
}

// ---------------------------------------------------------------------------
// Issue 10: a forecast never hangs

/// Runs the binary, killing it if it has not ended within `limit`: a hang
/// fails the test instead of stalling the suite.
fn run_within(args: &[&str], limit: std::time::Duration) -> std::process::Output {
    use std::io::Read;
    let mut child = command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let begun = std::time::Instant::now();
    // The outputs here are a few lines: they fit in the pipes while we wait.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if begun.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sprintcast {} did not end within {limit:?}", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    std::process::Output {
        status,
        stdout,
        stderr,
    }
}

/// A team whose one developer works Monday to Wednesday.
fn three_day_team(dir: &Path) -> PathBuf {
    let path = dir.join("team.toml");
    std::fs::write(
        &path,
        "[calendar]\nstart = \"2026-11-30\"\nworkdays = [\"Mon\", \"Tue\", \"Wed\"]\n\n\
         [[developer]]\nname = \"Ana\"\nweekly_hours = 24\n",
    )
    .unwrap();
    path
}

/// One task whose range (2-4 million hours) no calendar holds.
const ENDLESS: &str = "id,title,hours,low,high\nendless,Endless migration,8,2000000,4000000\n";

#[test]
fn forecast_past_a_three_day_calendar_reports_the_horizon() {
    let tmp = tempfile::tempdir().unwrap();
    let team = three_day_team(tmp.path());
    let backlog = write_backlog(tmp.path(), ENDLESS);
    let out_dir = tmp.path().join("out");
    let args = [
        "forecast",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--samples",
        "50",
        "--out",
        path_arg(&out_dir),
        "--wide",
    ];
    let out = run_within(&args, std::time::Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Issue 12: work past the last day is reported, not an error.
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("In 100% of the samples (50 of 50) the work runs past "),
        "{stdout}"
    );
    assert!(
        stdout.contains("the last of the 100000 business days the forecast looks ahead (sprintcast plans at most 100000 business days ahead): Endless migration."),
        "{stdout}"
    );
    let rows = std::fs::read_to_string(out_dir.join("forecast.csv")).unwrap();
    assert!(
        rows.lines().any(
            |l| l.starts_with("task,endless,unfinished,unfinished,unfinished,")
                && l.ends_with(",1")
        ),
        "{rows}"
    );
    let risks = std::fs::read_to_string(out_dir.join("risks.csv")).unwrap();
    assert!(
        risks.lines().nth(1).unwrap().starts_with("horizon,,"),
        "{risks}"
    );
}

#[test]
fn whatif_forecast_past_a_three_day_calendar_has_no_p85() {
    let tmp = tempfile::tempdir().unwrap();
    let team = three_day_team(tmp.path());
    let backlog = write_backlog(tmp.path(), ENDLESS);
    let scenarios = tmp.path().join("scenarios.toml");
    std::fs::write(
        &scenarios,
        "[[scenario]]\nname = \"longer days\"\nset_developer = { name = \"Ana\", weekly_hours = 30 }\n",
    )
    .unwrap();
    let args = [
        "whatif",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--scenarios",
        path_arg(&scenarios),
        "--samples",
        "50",
        "--format",
        "json",
    ];
    let out = run_within(&args, std::time::Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The plans and their forecasts exist; no sample finishes, so no P85.
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("no forecast"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"p85\":null"), "{text}");
}
