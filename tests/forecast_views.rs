//! Issue 16, item 2: the forecast's views for people read right. The real
//! binary runs on a three-task backlog (6 + 4 + 2.5 = 12.5 hours) and its
//! HTML page and workbook are read back: the burn-up's scope line is flat at
//! the total, tasks are named by title, forecast dates are given to the
//! half-day (the files keep the minute), and every view says the samples,
//! the seed, the uncertainty model and the calibration.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{NaiveDateTime, Timelike};

mod common;
use common::{csv_rows, ok, path_arg, read_text};

/// The backlog's total estimate, by hand: 6 + 4 + 2.5 hours.
const TOTAL_HOURS: f64 = 12.5;

/// The three tasks: id and title.
const TASKS: [(&str, &str); 3] = [
    ("a", "Write the parser"),
    ("b", "Test the parser"),
    ("c", "Document it"),
];

/// The outputs of one `forecast` run on the three tasks.
struct Run {
    _dir: tempfile::TempDir,
    table: String,
    page: String,
    burnup: Vec<BTreeMap<String, String>>,
    forecast: Vec<BTreeMap<String, String>>,
    xlsx: std::path::PathBuf,
}

fn run() -> Run {
    let dir = tempfile::tempdir().unwrap();
    let backlog = dir.path().join("backlog.csv");
    std::fs::write(
        &backlog,
        "id,title,project,priority,hours,depends_on\n\
         a,Write the parser,app,HIGH,6,\n\
         b,Test the parser,app,HIGH,4,a\n\
         c,Document it,site,LOW,2.5,\n",
    )
    .unwrap();
    let (out, html, xlsx) = (
        dir.path().join("out"),
        dir.path().join("f.html"),
        dir.path().join("f.xlsx"),
    );
    let (table, _) = ok(&[
        "forecast",
        path_arg(&backlog),
        "--team",
        "data/team.toml",
        "--samples",
        "300",
        "--seed",
        "42",
        "--out",
        path_arg(&out),
        "--html",
        path_arg(&html),
        "--xlsx",
        path_arg(&xlsx),
        "--wide",
    ]);
    let (_, burnup) = csv_rows(&read_text(&out.join("burnup.csv")));
    let (_, forecast) = csv_rows(&read_text(&out.join("forecast.csv")));
    Run {
        page: read_text(&html),
        _dir: dir,
        table,
        burnup,
        forecast,
        xlsx,
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .unwrap_or_else(|e| panic!("{text:?} is not a date-time: {e}"))
}

/// A forecast date as the views write it: the day, then `am` before 12:00
/// and `pm` from 12:00 on.
fn half_day(text: &str) -> String {
    let t = at(text);
    let half = if t.hour() < 12 { "am" } else { "pm" };
    format!("{} {half}", t.format("%a %-d %b %Y"))
}

/// The text between `from` and the next `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{text}"))
        + from.len();
    let len = text[start..].find(to).expect("closed");
    &text[start..start + len]
}

/// The numbers of an SVG path `M x,y L x,y …`, as (x, y) points.
fn points(d: &str) -> Vec<(f64, f64)> {
    d.split(' ')
        .map(|p| {
            let (x, y) = p[1..].split_once(',').expect("x,y");
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn the_scope_line_is_flat_at_the_total_estimate_from_the_first_point() {
    let r = run();
    assert!(!r.burnup.is_empty());
    for week in &r.burnup {
        assert_eq!(week["scope_hours"].parse::<f64>().unwrap(), TOTAL_HOURS);
    }
    // The done lines start from nothing; the scope line from the total.
    let svg = between(&r.page, r#"<svg class="burnup""#, "</svg>");
    let scope = points(between(svg, r#"<path class="scope" d=""#, "\""));
    let plan = points(between(svg, r#"<path class="plan" d=""#, "\""));
    assert_eq!(scope.len(), r.burnup.len() + 1);
    assert_eq!(
        scope[0].0, plan[0].0,
        "both start at the first week's start"
    );
    // Where 12.5 h lies on the hour axis, from its gridlines at 0 h and 10 h.
    let grid_y = |label: &str| -> f64 {
        let line = svg
            .lines()
            .find(|l| l.ends_with(&format!(">{label}</text>")) && l.contains("grid"))
            .unwrap_or_else(|| panic!("no {label} gridline in\n{svg}"));
        between(line, r#"y1=""#, "\"").parse().unwrap()
    };
    let (y0, y10) = (grid_y("0 h"), grid_y("10 h"));
    let total_y = y0 + (y10 - y0) * TOTAL_HOURS / 10.0;
    for (x, y) in &scope {
        assert!(
            (y - total_y).abs() <= 0.2,
            "scope at {x},{y}, not {total_y}"
        );
    }
    assert_eq!(plan[0].1, y0, "the plan's line starts at 0 h");
}

#[test]
fn the_html_forecast_names_tasks_by_title_and_dates_to_the_half_day() {
    let r = run();
    let section = between(&r.page, r#"<section id="forecast">"#, "</section>");
    let setting = |key: &str| between(section, &format!("<tr><th>{key}</th><td>"), "</td>");
    assert_eq!(setting("samples"), "300");
    assert_eq!(setting("seed"), "42");
    assert!(
        setting("uncertainty model")
            .starts_with("effort log-normal, median = estimate and P90 = 1.5 × estimate"),
        "{section}"
    );
    assert!(setting("calibration").starts_with("nothing to learn from"));
    assert!(setting("shared factor").starts_with("All tasks of a sample share one factor"));

    let tasks = between(section, "<h3>Tasks</h3>", "</table>");
    for (id, title) in TASKS {
        let csv = r.forecast.iter().find(|f| f["name"] == id).unwrap();
        let row = format!(
            "<tr><td>task</td><td>{title}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>-</td>",
            half_day(&csv["deterministic"]),
            half_day(&csv["p50"]),
            half_day(&csv["p85"]),
            half_day(&csv["p95"]),
        );
        assert!(tasks.contains(&row), "{row}\n{tasks}");
    }
    // No date to the minute is left in the section's tables.
    let minute = first_minute(section);
    assert!(minute.is_none(), "{minute:?}");
}

/// The first `HH:MM` in `text`, if any.
fn first_minute(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4))
        .find(|&i| {
            b[i].is_ascii_digit()
                && b[i + 1].is_ascii_digit()
                && b[i + 2] == b':'
                && b[i + 3].is_ascii_digit()
                && b[i + 4].is_ascii_digit()
        })
        .map(|i| &text[i..i + 5])
}

#[test]
fn the_terminal_table_states_the_samples_seed_model_and_calibration() {
    let r = run();
    let first = r.table.lines().next().unwrap();
    assert!(
        first.starts_with("Forecast of 3 open tasks, 12.5 hours: 300 samples (seed 42); no actuals, so the default model: effort log-normal"),
        "{first}"
    );
    for (_, title) in TASKS {
        assert!(
            r.table.contains(&format!("task      {title}  ")),
            "{title}\n{}",
            r.table
        );
    }
    let all = r.forecast.iter().find(|f| f["scope"] == "backlog").unwrap();
    let line = r.table.lines().find(|l| l.starts_with("backlog")).unwrap();
    assert!(line.contains(&half_day(&all["p85"])), "{line}");
}

#[test]
fn the_workbook_states_the_settings_and_titles_its_forecast_rows() {
    let r = run();
    let mut wb: Xlsx<_> = open_workbook(Path::new(&r.xlsx)).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let rows: BTreeMap<String, Data> = summary
        .rows()
        .skip(1)
        .map(|row| (row[0].to_string(), row[1].clone()))
        .collect();
    assert_eq!(rows["samples"], Data::Float(300.0));
    assert_eq!(rows["seed"], Data::Float(42.0));
    let text = |key: &str| match &rows[key] {
        Data::String(s) => s.clone(),
        other => panic!("{key}: {other:?}"),
    };
    assert!(text("uncertainty model").starts_with("effort log-normal, median = estimate"));
    assert!(text("calibration").starts_with("nothing to learn from"));
    assert!(text("shared factor").starts_with("All tasks of a sample share one factor"));

    let sheet = wb.worksheet_range("Forecast").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header.last().map(String::as_str), Some("title"));
    let (name, title, p85) = (1, header.len() - 1, 3);
    for row in sheet.rows().skip(1) {
        let csv = r
            .forecast
            .iter()
            .find(|f| Data::String(f["name"].clone()) == row[name])
            .unwrap();
        // The cell keeps the minute of forecast.csv.
        match &row[p85] {
            Data::DateTime(d) => assert_eq!(d.as_datetime(), Some(at(&csv["p85"]))),
            other => panic!("p85 {other:?}"),
        }
        let want = TASKS
            .iter()
            .find(|(id, _)| csv["scope"] == "task" && csv["name"] == *id)
            .map_or(csv["name"].as_str(), |(_, t)| t);
        assert_eq!(row[title], Data::String(want.to_string()));
    }
}
