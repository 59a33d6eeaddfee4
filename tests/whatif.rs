//! `sprintcast whatif` on the real files: data/backlog.md, data/team.toml and
//! data/scenarios.toml. The binary's scenarios.csv is read back and checked
//! against each plan's own summary.json, every plan folder is checked with the
//! independent validator (on the scenario's backlog and team, rebuilt with the
//! library), and two runs (one on a single thread) must write the same bytes.
//! Bad scenario files are rejected with one line naming file, line and value
//! (`tests/bad/scenario-*.toml`, each with its `.expected` line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde_json::Value;
use sprintcast::backlog::{self, ReadOptions};
use sprintcast::scenario::{self, ScenarioFile};
use sprintcast::whatif::folder_name;
use sprintcast::{team_file, validate, Backlog, Team};

mod common;
use common::{csv_rows, ok, ok_with, path_arg, read_text, root, run_with};

fn team() -> Team {
    team_file::read_team(&root().join("data/team.toml")).unwrap()
}

fn backlog_for(team: &Team) -> Backlog {
    let opts = ReadOptions {
        hours_per_day: team.calendar.hours_per_day,
        ..ReadOptions::default()
    };
    backlog::read_file(&root().join("data/backlog.md"), &opts).unwrap()
}

fn scenarios(team: &Team) -> ScenarioFile {
    scenario::read_scenarios(&root().join("data/scenarios.toml"), team).unwrap()
}

/// The seed's whatif, written to a temporary folder: (stdout, the folder).
fn seed_run(extra: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "whatif",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--scenarios",
        "data/scenarios.toml",
        "--out",
        path_arg(&out),
        // The long form: every scenario's column on one line.
        "--wide",
    ];
    args.extend_from_slice(extra);
    let (stdout, _) = ok(&args);
    (stdout, dir)
}

/// scenarios.csv as records (the header checked).
fn scenarios_csv(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let (header, rows) = csv_rows(&read_text(&dir.join("scenarios.csv")));
    assert_eq!(
        header,
        [
            "scenario",
            "scope",
            "name",
            "finish",
            "delta_days",
            "makespan_days",
            "utilization",
            "status",
            "p85",
            "p85_delta_days",
            "explanation"
        ]
    );
    rows
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn json(p: &Path) -> Value {
    serde_json::from_str(&read_text(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The names of the plans in file order: the baseline, then the scenarios.
fn plan_names(team: &Team) -> Vec<String> {
    std::iter::once("baseline".to_string())
        .chain(scenarios(team).scenarios.iter().map(|s| s.name.clone()))
        .collect()
}

#[test]
fn the_table_lists_the_seed_scenarios_in_file_order() {
    let team = team();
    let names = plan_names(&team);
    assert_eq!(names.len(), 6, "data/scenarios.toml has five scenarios");
    let (stdout, _dir) = seed_run(&[]);
    // The column heads: baseline, #1 .. #5.
    let head = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("baseline") && l.contains("#1"))
        .unwrap_or_else(|| panic!("no column heads in\n{stdout}"));
    let heads: Vec<&str> = head.split_whitespace().collect();
    assert_eq!(heads, ["baseline", "#1", "#2", "#3", "#4", "#5"]);
    // Then one paragraph per scenario, in file order.
    let mut from = 0;
    for (k, name) in names.iter().enumerate().skip(1) {
        let tag = format!("\n#{k} {name}:");
        let pos = stdout[from..]
            .find(&tag)
            .unwrap_or_else(|| panic!("{tag:?} not after byte {from} in\n{stdout}"));
        from += pos + tag.len();
    }
    // Every scope of the baseline is a row: backlog, 4 priorities, 4 projects.
    for label in [
        "backlog",
        "URGENT",
        "HIGH",
        "MEDIUM",
        "LOW",
        "customer-feedback-app",
        "AI-Whisperers-website-and-courses",
        "analysis-engine",
        "yt-transcript-headless",
        "makespan (working days)",
        "utilization",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(label)),
            "no row {label:?} in\n{stdout}"
        );
    }
    // LOW work dropped: its LOW cell says so.
    let low = stdout.lines().find(|l| l.starts_with("LOW ")).unwrap();
    assert_eq!(low.matches("dropped").count(), 1, "{low}");
}

#[test]
fn scenarios_csv_agrees_with_each_plans_summary() {
    let team = team();
    let names = plan_names(&team);
    let (_, dir) = seed_run(&[]);
    let out = dir.path().join("out");
    let rows = scenarios_csv(&out);
    // Rows grouped by plan, in file order, the same scopes for each plan.
    let mut order: Vec<String> = Vec::new();
    for r in &rows {
        if order.last() != Some(&r["scenario"]) {
            order.push(r["scenario"].clone());
        }
    }
    assert_eq!(order, names);
    let scopes_of = |name: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r["scenario"] == name)
            .map(|r| (r["scope"].clone(), r["name"].clone()))
            .collect()
    };
    let scopes = scopes_of("baseline");
    assert_eq!(scopes.len(), 9);
    assert_eq!(scopes[0], ("backlog".to_string(), "all".to_string()));
    for name in &names {
        assert_eq!(scopes_of(name), scopes, "{name}");
    }
    let hpd = team.calendar.hours_per_day;
    let summaries: BTreeMap<String, Value> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            (
                n.clone(),
                json(&out.join(folder_name(k, n)).join("summary.json")),
            )
        })
        .collect();
    // The finish of a scope in a summary.json (None: no task left in it).
    let finish_in = |name: &str, scope: &str, scope_name: &str| -> Option<String> {
        let s = &summaries[name];
        let v = match scope {
            "backlog" => &s["finish"],
            "priority" => &s["priorities"][scope_name],
            _ => &s["projects"][scope_name],
        };
        v.as_str().map(str::to_string)
    };
    for r in &rows {
        let name = r["scenario"].as_str();
        let expected = finish_in(name, &r["scope"], &r["name"]);
        assert_eq!(
            Some(r["finish"].clone()).filter(|f| !f.is_empty()),
            expected,
            "{r:?}"
        );
        let base = finish_in("baseline", &r["scope"], &r["name"]).unwrap();
        match expected {
            Some(f) => {
                let delta = (validate::finish_business_hours(&team, at(&f))
                    - validate::finish_business_hours(&team, at(&base)))
                    / hpd;
                let got: f64 = r["delta_days"].parse().unwrap();
                assert!((got - delta).abs() < 1e-3, "{r:?}: expected {delta}");
            }
            None => assert_eq!(r["delta_days"], "", "{r:?}"),
        }
        assert_eq!(r["status"], summaries[name]["status"].as_str().unwrap());
        let makespan: f64 = r["makespan_days"].parse().unwrap();
        let finish = summaries[name]["finish"].as_str().unwrap();
        let expected = validate::finish_business_hours(&team, at(finish)) / hpd;
        assert!((makespan - expected).abs() < 1e-3, "{r:?}");
        let utilization: f64 = r["utilization"].parse().unwrap();
        assert!(utilization > 0.0 && utilization <= 1.0, "{r:?}");
        assert_eq!(r["p85"], "", "no forecast without --samples");
        assert_eq!(
            r["explanation"].is_empty(),
            r["scope"] != "backlog",
            "the explanation is on the backlog row: {r:?}"
        );
    }
    // The seed's questions, answered as the plans say.
    let backlog_delta = |name: &str| -> f64 {
        rows.iter()
            .find(|r| r["scenario"] == name && r["scope"] == "backlog")
            .unwrap()["delta_days"]
            .parse()
            .unwrap()
    };
    assert!(backlog_delta("Jonathan at half time") > 0.0);
    assert!(backlog_delta("estimates 30% higher") > 0.0);
    assert!(backlog_delta("recommendations as preferences") < 0.0);
    let low_dropped: Vec<_> = rows
        .iter()
        .filter(|r| r["scenario"] == "LOW work dropped" && r["name"] == "LOW")
        .collect();
    assert_eq!(low_dropped[0]["finish"], "");
    let prefs = rows
        .iter()
        .find(|r| r["scenario"] == "recommendations as preferences" && r["scope"] == "backlog")
        .unwrap();
    assert!(
        prefs["explanation"]
            .starts_with("Jonathan carries 113 h of required work; as preferences, "),
        "{prefs:?}"
    );
}

#[test]
fn every_plan_folder_validates_against_its_scenario() {
    let team = team();
    let backlog = backlog_for(&team);
    let file = scenarios(&team);
    let (_, dir) = seed_run(&[]);
    let out = dir.path().join("out");
    let mut inputs: Vec<(String, Backlog, Team)> =
        vec![("baseline".into(), backlog.clone(), team.clone())];
    for s in &file.scenarios {
        let applied = s.apply(&file.source, &backlog, &team).unwrap();
        inputs.push((s.name.clone(), applied.backlog, applied.team));
    }
    for (k, (name, backlog, team)) in inputs.iter().enumerate() {
        let folder = out.join(folder_name(k, name));
        let plan_csv = read_text(&folder.join("plan.csv"));
        let schedule_csv = read_text(&folder.join("schedule.csv"));
        assert!(folder.join("load.csv").is_file());
        let violations = validate::validate(backlog, team, &plan_csv, &schedule_csv);
        assert_eq!(violations, vec![], "{name}");
        let summary = json(&folder.join("summary.json"));
        // The objective minimised includes the steering costs (docs/optimizer.md).
        let claimed = summary["objective"]["value"].as_f64().unwrap()
            - summary["prefer_penalty"].as_f64().unwrap()
            - summary["late_penalty"].as_f64().unwrap()
            - summary["stability_penalty"].as_f64().unwrap();
        let recomputed = validate::weighted_objective(backlog, team, &plan_csv).unwrap();
        assert!(
            (claimed - recomputed).abs() <= 1e-6 * claimed.max(1.0) + 1e-3,
            "{name}: summary says {claimed}, plan.csv gives {recomputed}"
        );
        let open = backlog.open_tasks().count();
        assert_eq!(plan_csv.lines().count(), open + 1, "{name}");
    }
    // LOW work dropped plans 6 tasks fewer; estimates 30% higher plans 30% more hours.
    let hours = |k: usize| {
        json(&out.join(folder_name(k, &inputs[k].0)).join("summary.json"))["hours"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(hours(0), 331.0);
    assert_eq!(hours(4), 331.0 - 46.0);
    assert!((hours(5) - 331.0 * 1.3).abs() < 1e-6);
}

/// Every file under `dir`, relative path → bytes, with the one wall-clock
/// value (summary.json's `solve_seconds`) blanked, and where the bound is
/// cut short by the clock (common::bound_is_reproducible) the lower bound
/// and the gap too.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let mut bytes = std::fs::read(&path).unwrap();
            if path.file_name().is_some_and(|n| n == "summary.json") {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text
                    .lines()
                    .filter(|l| !l.contains("\"solve_seconds\""))
                    .filter(|l| {
                        common::bound_is_reproducible()
                            || !(l.contains("\"lower_bound\"") || l.contains("\"gap\""))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes();
            }
            out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
        }
    }
    out
}

#[test]
fn two_runs_write_the_same_bytes_whatever_the_threads() {
    let (stdout1, dir1) = seed_run(&["--samples", "200"]);
    let dir2 = tempfile::tempdir().unwrap();
    let out2 = dir2.path().join("out");
    let (stdout2, _) = ok_with(
        &[
            "whatif",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--scenarios",
            "data/scenarios.toml",
            "--out",
            path_arg(&out2),
            "--samples",
            "200",
            "--wide",
        ],
        &[("RAYON_NUM_THREADS", "1")],
    );
    // The table's last row is each plan's gap, which follows the bound.
    let without_gaps = |s: &str| -> String {
        s.lines()
            .filter(|l| common::bound_is_reproducible() || !l.starts_with("plan "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_gaps(&stdout1), without_gaps(&stdout2));
    let (a, b) = (tree(&dir1.path().join("out")), tree(&out2));
    assert_eq!(a.len(), 1 + 6 * 5, "scenarios.csv and five files per plan");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs", path.display());
    }
    // With --samples: a P85 per scope, forecast.csv per plan, and a table row.
    let rows = scenarios_csv(&dir1.path().join("out"));
    for r in &rows {
        assert_eq!(r["p85"].is_empty(), r["finish"].is_empty(), "{r:?}");
    }
    assert!(rows
        .iter()
        .filter(|r| r["scenario"] == "baseline")
        .all(|r| r["p85_delta_days"] == "0"));
    for r in rows.iter().filter(|r| !r["finish"].is_empty()) {
        at(&r["p85"]);
        let _: f64 = r["p85_delta_days"].parse().unwrap();
    }
    assert!(stdout1.contains("P85 backlog (200 samples)"), "{stdout1}");
}

#[test]
fn an_infeasible_scenario_is_reported_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(
        &file,
        "[[scenario]]\nname = \"no Jonathan\"\nremove_developer = \"Jonathan\"\n\n\
         [[scenario]]\nname = \"Kai full time\"\nset_developer = { name = \"Kai\", weekly_hours = 40 }\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (stdout, _) = ok(&[
        "whatif",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--scenarios",
        path_arg(&file),
        "--out",
        path_arg(&out),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let plans = v["plans"].as_array().unwrap();
    let names: Vec<&str> = plans.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["baseline", "no Jonathan", "Kai full time"]);
    assert_eq!(plans[1]["status"], "infeasible");
    // The cause as data: a rule leaves nobody for Jonathan's URGENT tasks.
    assert_eq!(plans[1]["cause"], "rules");
    assert!(plans[1]["tasks"].as_array().is_some_and(|t| t.len() == 1));
    let reason = plans[1]["reason"].as_str().unwrap();
    assert!(
        reason.contains("rule \"lead owns") && reason.contains("Jonathan"),
        "{reason}"
    );
    assert!(plans[1]["explanation"]
        .as_str()
        .unwrap()
        .starts_with("No plan exists: "));
    assert_ne!(plans[2]["status"], "infeasible");
    // No folder for the plan that does not exist; the others are written.
    assert!(!out.join("01-no-jonathan").exists());
    assert!(out.join("02-kai-full-time/plan.csv").is_file());
    let rows = scenarios_csv(&out);
    let infeasible: Vec<_> = rows
        .iter()
        .filter(|r| r["scenario"] == "no Jonathan")
        .collect();
    assert_eq!(infeasible.len(), 9);
    assert!(infeasible
        .iter()
        .all(|r| r["status"] == "infeasible" && r["finish"].is_empty()));
}

#[test]
fn an_infeasible_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("b.md");
    std::fs::write(
        &backlog,
        "## app\n### HIGH - Work\n- [ ] **Port to Rust** (4 hours)\n  - skills: rust\n",
    )
    .unwrap();
    let scenarios = dir.path().join("s.toml");
    std::fs::write(
        &scenarios,
        "[[scenario]]\nname = \"more\"\nscale_hours = 1.3\n",
    )
    .unwrap();
    let out = run_with(
        &[
            "whatif",
            path_arg(&backlog),
            "--team",
            "data/team.toml",
            "--scenarios",
            path_arg(&scenarios),
            "--strict",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.starts_with("error: ") && stderr.contains("Port to Rust") && stderr.contains("rust"),
        "{stderr}"
    );
}

#[test]
fn markdown_names_every_scenario_in_the_column_heads() {
    let team = team();
    let (stdout, _) = ok(&[
        "whatif",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--scenarios",
        "data/scenarios.toml",
        "--format",
        "markdown",
    ]);
    let head = stdout
        .lines()
        .find(|l| l.starts_with("| | baseline |"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let expected: Vec<String> = plan_names(&team)
        .iter()
        .enumerate()
        .map(|(k, n)| {
            if k == 0 {
                n.clone()
            } else {
                format!("#{k} {n}")
            }
        })
        .collect();
    let got: Vec<&str> = head
        .trim_matches('|')
        .split(" | ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------
// Bad scenario files

/// Checks what every rejected input must give, and returns stderr's line.
fn rejected(args: &[&str]) -> String {
    let out = run_with(args, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = format!(
        "sprintcast {}\nstdout: {stdout}\nstderr: {stderr}",
        args.join(" ")
    );
    assert!(!stderr.contains("panicked"), "panicked: {context}");
    assert_eq!(out.status.code(), Some(1), "exit code: {context}");
    assert!(out.stdout.is_empty(), "something on stdout: {context}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "stderr is not one line: {context}"
    );
    stderr.lines().next().unwrap_or_default().to_string()
}

/// The line `tests/bad/<case>.expected` holds.
fn expected(case: &str) -> String {
    let text = read_text(&root().join(format!("tests/bad/{case}.expected")));
    let mut lines = text.lines();
    let line = lines.next().unwrap_or_default().to_string();
    assert!(
        lines.next().is_none(),
        "{case}.expected: more than one line"
    );
    line
}

/// A scenario case: `whatif data/backlog.md --team data/team.toml --scenarios tests/bad/<case>.toml`.
macro_rules! scenario_case {
    ($test:ident, $case:literal) => {
        #[test]
        fn $test() {
            let file = concat!("tests/bad/", $case, ".toml");
            let line = rejected(&[
                "whatif",
                "data/backlog.md",
                "--team",
                "data/team.toml",
                "--scenarios",
                file,
            ]);
            assert_eq!(line, expected($case));
        }
    };
}

scenario_case!(unknown_key_suggests_the_right_one, "scenario-unknown-key");
scenario_case!(
    unknown_developer_suggests_a_name,
    "scenario-unknown-developer"
);
scenario_case!(unknown_rule_suggests_a_rule, "scenario-unknown-rule");
scenario_case!(bad_date_names_the_value, "scenario-bad-date");
scenario_case!(selector_matching_nothing_is_an_error, "scenario-no-match");
scenario_case!(invalid_title_regex, "scenario-bad-regex");
scenario_case!(misshapen_scenario_table, "scenario-not-a-list");

#[test]
fn a_missing_scenario_file_is_an_io_error() {
    let out = run_with(
        &[
            "whatif",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--scenarios",
            "tests/bad/no-such-file.toml",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: tests/bad/no-such-file.toml: "),
        "{stderr}"
    );
}

#[test]
fn bad_options_are_refused_before_planning() {
    for (args, code, text) in [
        (
            vec!["--time-limit", "0"],
            2,
            "invalid value '0' for '--time-limit",
        ),
        (
            vec!["--samples", "0"],
            2,
            "invalid value '0' for '--samples",
        ),
    ] {
        let mut all = vec![
            "whatif",
            "data/backlog.md",
            "--team",
            "data/team.toml",
            "--scenarios",
            "data/scenarios.toml",
        ];
        all.extend(args);
        let out = run_with(&all, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains(text), "{stderr}");
    }
}
