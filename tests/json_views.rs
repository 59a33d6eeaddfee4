//! The JSON views on data/: `plan --format json` carries a row per task
//! equal to plan.csv's row field by field, `forecast --format json` the same
//! rows with the task's percentiles from forecast.csv, and `check --format
//! json` the whole check report with the sentence that says what sets the
//! finish.

use std::collections::BTreeMap;

use serde_json::Value;

mod common;
use common::{csv_rows, ok, path_arg, read_text};

const DATA: [&str; 4] = ["data/backlog.md", "--team", "data/team.toml", "-q"];

/// A plan.csv number and a JSON number are the same value.
fn same_number(csv: &str, json: &Value, what: &str) {
    let a: f64 = csv.parse().unwrap_or_else(|_| panic!("{what}: {csv}"));
    let b = json.as_f64().unwrap_or_else(|| panic!("{what}: {json}"));
    assert!((a - b).abs() < 1e-9, "{what}: csv {a}, json {b}");
}

/// Checks `row` (a `planned_tasks` entry) against plan.csv's `csv` row.
fn same_task(row: &Value, csv: &BTreeMap<String, String>) {
    let id = &csv["id"];
    for key in [
        "id",
        "title",
        "project",
        "priority",
        "category",
        "developer",
        "start",
        "finish",
    ] {
        assert_eq!(row[key].as_str(), Some(csv[key].as_str()), "{id}: {key}");
    }
    for key in ["hours", "start_sprint", "finish_sprint", "finish_hours"] {
        same_number(&csv[key], &row[key], &format!("{id}: {key}"));
    }
    match row["due"].as_str() {
        Some(due) => {
            assert_eq!(due, csv["due"], "{id}: due");
            assert_eq!(
                row["late"].as_bool().map(|l| l.to_string()),
                Some(csv["late"].clone())
            );
        }
        None => {
            assert!(row["due"].is_null() && row["late"].is_null(), "{id}");
            assert_eq!(
                (csv["due"].as_str(), csv["late"].as_str()),
                ("", ""),
                "{id}"
            );
        }
    }
    // Worked in every sprint from its start's to its finish's (a task runs
    // as one block of its developer's time), in order.
    let sprints: Vec<u64> = row["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect();
    let first: u64 = csv["start_sprint"].parse().unwrap();
    let last: u64 = csv["finish_sprint"].parse().unwrap();
    assert_eq!(sprints, (first..=last).collect::<Vec<_>>(), "{id}: sprints");
}

#[test]
fn plan_json_rows_equal_plan_csv_and_forecast_json_adds_percentiles() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let (stdout, _) = ok(&[
        &["plan"][..],
        &DATA,
        &["--raw-csv", "--format", "json", "--out", path_arg(&out)],
    ]
    .concat());
    let plan: Value = serde_json::from_str(&stdout).expect("plan --format json parses");
    let (_, rows) = csv_rows(&read_text(&out.join("plan.csv")));
    let tasks = plan["planned_tasks"].as_array().expect("planned_tasks");
    assert_eq!(tasks.len(), rows.len());
    assert_eq!(rows.len(), 57);
    for (row, csv) in tasks.iter().zip(&rows) {
        same_task(row, csv);
    }
    // What the view had before stays.
    assert_eq!(plan["tasks"], 57);
    for key in [
        "objective",
        "lower_bound",
        "sprint_plan",
        "finish_set_by",
        "warnings",
    ] {
        assert!(!plan[key].is_null(), "{key}");
    }

    let fc = tmp.path().join("forecast");
    let (stdout, _) = ok(&[
        &["forecast"][..],
        &DATA,
        &[
            "--samples",
            "300",
            "--format",
            "json",
            "--out",
            path_arg(&fc),
        ],
    ]
    .concat());
    let forecast: Value = serde_json::from_str(&stdout).expect("forecast --format json parses");
    assert!(forecast["rows"].as_array().is_some_and(|r| r.len() > 57));
    let (_, fc_rows) = csv_rows(&read_text(&fc.join("forecast.csv")));
    let by_id: BTreeMap<&str, &BTreeMap<String, String>> = fc_rows
        .iter()
        .filter(|r| r["scope"] == "task")
        .map(|r| (r["name"].as_str(), r))
        .collect();
    let ftasks = forecast["planned_tasks"].as_array().expect("planned_tasks");
    assert_eq!(ftasks.len(), 57);
    for (row, csv) in ftasks.iter().zip(&rows) {
        // The plan forecast is the plan planned: the same row.
        same_task(row, csv);
        let f = by_id[csv["id"].as_str()];
        for key in ["p50", "p85", "p95"] {
            assert_eq!(
                row[key].as_str(),
                Some(f[key].as_str()),
                "{}: {key}",
                csv["id"]
            );
        }
        same_number(&f["p_unfinished"], &row["p_unfinished"], "p_unfinished");
        assert!(row["p_on_time"].is_null() == f["p_on_time"].is_empty());
        // P50 <= P85 <= P95, as date-times written alike.
        let p = |k: &str| row[k].as_str().unwrap().to_string();
        assert!(
            p("p50") <= p("p85") && p("p85") <= p("p95"),
            "{}",
            csv["id"]
        );
    }
}

#[test]
fn check_json_is_the_whole_report_with_the_binding_sentence() {
    let (table, _) = ok(&[
        "check",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--wide",
    ]);
    let (json, _) = ok(&[
        "check",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&json).expect("check --format json parses");
    let sentence = table
        .lines()
        .find_map(|l| l.strip_prefix("What sets the finish: "))
        .expect("the table states what sets the finish");
    let binding = report["bound"]["binding"].as_str().expect("bound.binding");
    assert_eq!(format!("{binding}."), sentence);
    assert!(
        binding.starts_with("Jonathan alone must do 113 h of required work"),
        "{binding}"
    );
    assert_eq!(report["open"]["tasks"], 57);
    assert_eq!(report["open"]["hours"], 331.0);
    assert_eq!(report["team"], "data/team.toml");
    let names: Vec<&str> = report["capacity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["developer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jonathan", "Maria", "Kai", "Sofia"]);
    // Per project and priority, adding up to the open work.
    let projects = report["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 4);
    let total: u64 = projects
        .iter()
        .map(|p| p["total"]["tasks"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 57);
    let urgent = &report["priorities"][0];
    assert_eq!(
        (urgent["priority"].as_str(), urgent["hours"].as_f64()),
        (Some("URGENT"), Some(48.0))
    );
    // The warnings, as the table lists them.
    let warnings = report["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        assert!(table.contains(&format!("  {}", w.as_str().unwrap())), "{w}");
    }
    let path: f64 = report["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["hours"].as_f64().unwrap())
        .sum();
    assert!((report["critical_path_hours"].as_f64().unwrap() - path).abs() < 1e-6);
}
