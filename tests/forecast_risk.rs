//! Issue 12, item 6: a forecast never fails because work runs past a
//! developer's `available_until` (or past the last day it looks ahead). It
//! reports in how many samples that happens, per developer, which tasks it
//! leaves undone, and what that means for every row: a percentile beyond
//! the share of samples that finish a row's work reads "unfinished".
//!
//! The plans here are made with a team in which nobody leaves; the forecast
//! then replays them with a team in which Maria leaves (news after the
//! plan), so the plan itself can run past her last day.

use sprintcast::forecast::{self, Cause, Forecast, ForecastOptions};
use sprintcast::optimizer::{optimize, Optimized, PlanOptions};
use sprintcast::{Backlog, Priority, Task, Team};

mod common;
use common::generate::{backlog_of, date, developer, team_of};
use common::{ok, path_arg};

/// Ana and Maria, full time, Monday to Friday from 2026-11-30.
fn team(maria_until: Option<&str>) -> Team {
    let mut maria = developer("Maria", 40.0);
    maria.available_until = maria_until.map(date);
    team_of(vec![developer("Ana", 40.0), maria])
}

fn task(id: &str, hours: f64, owner: &str, priority: Priority, deps: &[&str]) -> Task {
    let mut t = Task::new(id, id, hours);
    t.owner = Some(owner.into());
    t.priority = priority;
    t.depends_on = deps.iter().map(|d| d.to_string()).collect();
    t
}

/// Maria: m1 and then m2, 8 hours each (planned Monday and Tuesday); Ana:
/// a1, which waits for m2, and a2, independent.
fn backlog() -> Backlog {
    backlog_of(vec![
        task("m1", 8.0, "Maria", Priority::Urgent, &[]),
        task("m2", 8.0, "Maria", Priority::Urgent, &["m1"]),
        task("a1", 4.0, "Ana", Priority::High, &["m2"]),
        task("a2", 6.0, "Ana", Priority::Low, &[]),
    ])
}

fn plan(b: &Backlog) -> Optimized {
    optimize(b, &team(None), &PlanOptions::default()).unwrap()
}

fn forecast_with(b: &Backlog, t: &Team, uncertainty: Option<f64>) -> Forecast {
    let opts = ForecastOptions {
        samples: 2_000,
        seed: 3,
        uncertainty,
        ..ForecastOptions::default()
    };
    forecast::run(b, t, &plan(b), &opts).expect("a forecast never fails for a leaving developer")
}

fn row<'a>(f: &'a Forecast, name: &str) -> &'a forecast::ForecastRow {
    f.rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn a_plan_that_already_runs_past_the_last_day_is_unfinished_in_every_sample() {
    // Maria leaves after Monday: m2, planned Tuesday, is never done. With no
    // uncertainty every sample is the plan, so the share is exactly 100 %.
    let b = backlog();
    let f = forecast_with(&b, &team(Some("2026-11-30")), Some(1.0));
    assert_eq!(f.risks.len(), 1, "{:?}", f.risks);
    let risk = &f.risks[0];
    assert_eq!(
        risk.cause,
        Cause::Leaves {
            developer: "Maria".into(),
            until: date("2026-11-30")
        }
    );
    assert_eq!((risk.samples, risk.share), (2_000, 1.0));
    assert_eq!(risk.tasks, vec!["m2".to_string()]);
    // m1 fits Monday; m2 is cut; a1 waits for m2, never starts; Ana goes on
    // with a2.
    assert_eq!(row(&f, "m1").unfinished, 0.0);
    assert_eq!(row(&f, "m1").p95, Some(row(&f, "m1").deterministic));
    for name in ["m2", "a1", "all", "URGENT", "HIGH"] {
        let r = row(&f, name);
        assert_eq!((r.unfinished, r.p50, r.p95), (1.0, None, None), "{r:?}");
    }
    let a2 = row(&f, "a2");
    assert_eq!((a2.unfinished, a2.p50), (0.0, Some(a2.deterministic)));
    // With the default uncertainty, nearly every sample: m2 needs about 8
    // hours and Maria has none left after Monday's m1 unless m1 takes
    // under 8 hours and m2 fits in the rest of Monday.
    let f = forecast_with(&b, &team(Some("2026-11-30")), None);
    assert!(f.risks[0].share > 0.99, "{:?}", f.risks);
}

#[test]
fn slack_before_the_last_day_is_no_risk() {
    // Maria leaves four months later: her 16 hours are always done.
    let b = backlog();
    let f = forecast_with(&b, &team(Some("2027-03-31")), None);
    assert_eq!(f.risks.len(), 1);
    assert_eq!((f.risks[0].samples, f.risks[0].share), (0, 0.0));
    assert!(f.risks[0].tasks.is_empty());
    assert!(f
        .rows
        .iter()
        .all(|r| r.unfinished == 0.0 && r.p95.is_some()));
    let text = table(&f);
    assert!(
        text.contains("Maria leaves after 2027-03-31: the work given to Maria is done by then in every sample."),
        "{text}"
    );
    assert!(!text.contains("unfinished"), "{text}");
}

fn table(f: &Forecast) -> String {
    let mut out = Vec::new();
    f.write_table(&mut out, sprintcast::text::fit::Width::Wide)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_view_says_what_is_not_done() {
    let b = backlog();
    let f = forecast_with(&b, &team(Some("2026-11-30")), Some(1.0));
    let text = table(&f);
    assert!(
        text.contains("Maria leaves after 2026-11-30: in 100% of the samples (2000 of 2000) work given to Maria is not done by then: m2."),
        "{text}"
    );
    let all = text.lines().find(|l| l.starts_with("backlog")).unwrap();
    assert!(all.contains("unfinished") && all.ends_with("100%"), "{all}");
    assert!(text.contains("not done"), "{text}");

    let mut md = Vec::new();
    f.write_markdown(&mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("| on time | not done |"), "{md}");
    assert!(
        md.contains("| unfinished | unfinished | unfinished |"),
        "{md}"
    );
    assert!(md.contains("Maria leaves after 2026-11-30"), "{md}");

    let v = f.to_json();
    assert_eq!(v["risks"][0]["cause"], "leaves");
    assert_eq!(v["risks"][0]["developer"], "Maria");
    assert_eq!(v["risks"][0]["share"], 1.0);
    assert_eq!(v["rows"][0]["p50"], serde_json::Value::Null);
    assert_eq!(v["rows"][0]["p_unfinished"], 1.0);

    let mut csv = Vec::new();
    f.write_forecast_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let m2 = csv.lines().find(|l| l.starts_with("task,m2,")).unwrap();
    assert!(
        m2.starts_with("task,m2,unfinished,unfinished,unfinished,,,") && m2.ends_with(",1"),
        "{m2}"
    );
    let mut risks = Vec::new();
    f.write_risks_csv_with(&mut risks, Default::default())
        .unwrap();
    assert_eq!(
        String::from_utf8(risks).unwrap(),
        "cause,developer,until,samples,share,tasks\nleaves,Maria,2026-11-30,2000,1,m2\n"
    );
}

#[test]
fn the_binary_reports_a_leaving_developer_and_exits_zero() {
    // One wide task on Maria, who leaves after two weeks: in some samples
    // it is not done. Exit 0; the table and risks.csv say how often.
    let tmp = tempfile::tempdir().unwrap();
    let team_path = tmp.path().join("team.toml");
    std::fs::write(
        &team_path,
        "[calendar]\nstart = \"2026-11-30\"\n\n[[developer]]\nname = \"Maria\"\n\
         weekly_hours = 40\navailable_until = \"2026-12-11\"\n",
    )
    .unwrap();
    let backlog = tmp.path().join("backlog.csv");
    std::fs::write(
        &backlog,
        "id,title,hours,low,high\nwide,Wide migration,8,4,200\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (stdout, _) = ok(&[
        "forecast",
        path_arg(&backlog),
        "--team",
        path_arg(&team_path),
        "--samples",
        "1000",
        "--out",
        path_arg(&out),
        "--wide",
    ]);
    assert!(
        stdout.contains("Maria leaves after 2026-12-11: in "),
        "{stdout}"
    );
    assert!(stdout.contains("work given to Maria is not done by then: Wide migration."));
    let risks = std::fs::read_to_string(out.join("risks.csv")).unwrap();
    let line = risks.lines().nth(1).unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    assert_eq!(cells[..3], ["leaves", "Maria", "2026-12-11"]);
    let share: f64 = cells[4].parse().unwrap();
    // About a quarter of the samples (see forecast::tests for the oracle).
    assert!(share > 0.15 && share < 0.35, "{line}");
    assert_eq!(cells[5], "wide");
}
