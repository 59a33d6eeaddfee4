use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::model::Task;
use crate::optimizer::{optimize, PlanOptions};
use crate::team::{Calendar, DateRange, Developer, Weights};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn developer(name: &str, weekly_hours: f64) -> Developer {
    Developer::new(name, weekly_hours)
}

fn team(developers: Vec<Developer>) -> Team {
    Team {
        source: "team.toml".into(),
        calendar: Calendar {
            holidays: BTreeSet::from([date("2026-12-25")]),
            ..Calendar::default()
        },
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers,
        rules: vec![],
    }
}

fn task(id: &str, hours: f64, project: &str, priority: Priority, deps: &[&str]) -> Task {
    let mut t = Task::new(id, id, hours);
    t.project = project.into();
    t.priority = priority;
    t.depends_on = deps.iter().map(|d| d.to_string()).collect();
    t
}

fn backlog(tasks: Vec<Task>) -> Backlog {
    Backlog {
        source: "b.csv".into(),
        tasks,
        ..Backlog::default()
    }
}

/// Two projects, dependencies across developers, a part-timer with time
/// off, a holiday, and a task already done.
fn mixed() -> (Backlog, Team) {
    let mut kai = developer("Kai", 24.0);
    kai.time_off = vec![DateRange {
        first: date("2026-12-02"),
        last: date("2026-12-04"),
    }];
    let mut done = task("done", 5.0, "app", Priority::Low, &[]);
    done.status = crate::model::Status::Done;
    let mut due = task("c", 6.0, "app", Priority::High, &["a"]);
    due.due = Some(date("2026-12-03"));
    let b = backlog(vec![
        task("a", 12.0, "app", Priority::Urgent, &[]),
        task("b", 5.5, "app", Priority::Urgent, &[]),
        due,
        done,
        task("d", 20.0, "site", Priority::Medium, &["b"]),
        task("e", 3.0, "site", Priority::Low, &["c", "d"]),
        task("f", 9.0, "site", Priority::Medium, &[]),
    ]);
    (b, team(vec![developer("Ana", 40.0), kai]))
}

fn plan(b: &Backlog, t: &Team) -> Optimized {
    optimize(b, t, &PlanOptions::default()).unwrap()
}

fn opts(samples: usize, uncertainty: f64) -> ForecastOptions {
    ForecastOptions {
        samples,
        seed: 7,
        uncertainty: Some(uncertainty),
        ..ForecastOptions::default()
    }
}

#[test]
fn nearest_rank_percentiles() {
    assert_eq!(rank(50, 1), 0);
    assert_eq!(rank(95, 1), 0);
    assert_eq!(rank(50, 10), 4);
    assert_eq!(rank(85, 10), 8);
    assert_eq!(rank(95, 10), 9);
    assert_eq!(rank(50, 10_000), 4_999);
    // 85 % of 100 is exactly 85 (no float rounding up to 86).
    assert_eq!(rank(85, 100), 84);
    assert_eq!(rank(95, 20), 18);
}

#[test]
fn no_uncertainty_gives_back_the_plan() {
    let (b, t) = mixed();
    let p = plan(&b, &t);
    let f = run(&b, &t, &p, &opts(50, 1.0)).unwrap();
    assert_eq!(f.rows.len(), 1 + 4 + 2 + 6);
    for r in &f.rows {
        let plan = Some(r.deterministic);
        assert_eq!((r.p50, r.p85, r.p95), (plan, plan, plan), "{r:?}");
        assert_eq!(r.unfinished, 0.0);
    }
    assert!(f.risks.is_empty());
    // The task rows are the plan's finish times.
    let view = crate::plan::Plan::new(&b, &t, &p);
    for pt in &view.tasks {
        let row = f
            .rows
            .iter()
            .find(|r| r.scope == Scope::Task && r.name == pt.id)
            .unwrap();
        assert_eq!(row.deterministic, pt.finish);
    }
    // Burn-up: every line is the plan's.
    for w in &f.burnup {
        assert_eq!(
            (w.p50, w.p85, w.p95),
            (w.deterministic, w.deterministic, w.deterministic)
        );
    }
}

#[test]
fn rows_come_in_report_order() {
    let (b, t) = mixed();
    let f = run(&b, &t, &plan(&b, &t), &opts(200, 1.5)).unwrap();
    let got: Vec<(Scope, &str)> = f.rows.iter().map(|r| (r.scope, r.name.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (Scope::Backlog, "all"),
            (Scope::Priority, "URGENT"),
            (Scope::Priority, "HIGH"),
            (Scope::Priority, "MEDIUM"),
            (Scope::Priority, "LOW"),
            (Scope::Project, "app"),
            (Scope::Project, "site"),
            (Scope::Task, "a"),
            (Scope::Task, "b"),
            (Scope::Task, "c"),
            (Scope::Task, "d"),
            (Scope::Task, "e"),
            (Scope::Task, "f"),
        ]
    );
    assert_eq!(f.due_dates, vec![1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(f.tasks, 6);
    assert_eq!(f.hours, 55.5);
}

#[test]
fn percentiles_are_ordered_and_groups_finish_with_their_last_task() {
    let (b, t) = mixed();
    let f = run(&b, &t, &plan(&b, &t), &opts(2_000, 2.0)).unwrap();
    for r in &f.rows {
        assert!(r.p50.is_some() && r.p50 <= r.p85 && r.p85 <= r.p95, "{r:?}");
    }
    let backlog = &f.rows[0];
    for r in &f.rows[1..] {
        assert!(r.p95.is_some() && r.p95 <= backlog.p95, "{r:?}");
    }
    // Spread: with P90 = 2 × estimate the P95 is well after the P50.
    assert!(backlog.p95 > backlog.p50);
}

#[test]
fn a_group_is_on_time_only_when_every_due_date_is_met() {
    let (b, t) = mixed();
    let f = run(&b, &t, &plan(&b, &t), &opts(1_000, 1.5)).unwrap();
    let task_c = f.rows.iter().find(|r| r.name == "c").unwrap();
    let app = f.rows.iter().find(|r| r.name == "app").unwrap();
    assert_eq!(task_c.due, Some(date("2026-12-03")));
    assert_eq!(app.due, None);
    // c is the only due task of "app", HIGH and the backlog.
    assert_eq!(app.p_on_time, task_c.p_on_time);
    assert_eq!(f.rows[0].p_on_time, task_c.p_on_time);
    assert!(f
        .rows
        .iter()
        .find(|r| r.name == "site")
        .unwrap()
        .p_on_time
        .is_none());
    let p = task_c.p_on_time.unwrap();
    assert!(p > 0.0 && p < 1.0, "{p}");
}

#[test]
fn the_same_seed_gives_the_same_forecast_and_another_seed_another() {
    let (b, t) = mixed();
    let p = plan(&b, &t);
    let a = run(&b, &t, &p, &opts(3_000, 1.5)).unwrap();
    let again = run(&b, &t, &p, &opts(3_000, 1.5)).unwrap();
    assert_eq!(a, again);
    let other = run(
        &b,
        &t,
        &p,
        &ForecastOptions {
            seed: 8,
            ..opts(3_000, 1.5)
        },
    )
    .unwrap();
    assert_ne!(a.rows, other.rows);
}

#[test]
fn thread_count_does_not_change_the_result() {
    let (b, t) = mixed();
    let p = plan(&b, &t);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run(&b, &t, &p, &opts(5_000, 1.8)).unwrap())
    };
    assert_eq!(on(1), on(3));
}

#[test]
fn options_out_of_range_are_refused() {
    let (b, t) = mixed();
    let p = plan(&b, &t);
    for (o, text) in [
        (
            opts(0, 1.5),
            "samples \"0\" must be a whole number from 1 to 1000000 (how many times the forecast replays the plan)",
        ),
        (
            opts(MAX_SAMPLES + 1, 1.5),
            "samples \"1000001\" must be a whole number from 1 to 1000000 (how many times the forecast replays the plan)",
        ),
        (
            opts(10, 0.5),
            "uncertainty \"0.5\" must be a number from 1 to 10 (P90 effort ÷ median effort; 1 means no uncertainty)",
        ),
        (
            opts(10, f64::NAN),
            "uncertainty \"NaN\" must be a number from 1 to 10 (P90 effort ÷ median effort; 1 means no uncertainty)",
        ),
        (
            ForecastOptions {
                shared_uncertainty: Some(0.5),
                ..opts(10, 1.5)
            },
            "shared uncertainty \"0.5\" must be a number from 1 to 10 (P90 ÷ median of the factor all tasks share; 1 means none)",
        ),
    ] {
        let e = run(&b, &t, &p, &o).unwrap_err();
        assert_eq!(e.to_string(), text);
        assert_eq!(e.exit_code(), 1);
    }
}

#[test]
fn long_samples_get_a_longer_calendar() {
    // One 1-hour task whose range reaches far beyond three times the plan:
    // its P95 lies many weeks out, computed, not cut at the horizon.
    let mut t1 = task("wild", 1.0, "p", Priority::High, &[]);
    t1.low = Some(1.0);
    t1.high = Some(400.0);
    let b = backlog(vec![t1]);
    let t = team(vec![developer("Ana", 40.0)]);
    let f = run(&b, &t, &plan(&b, &t), &opts(4_000, 1.5)).unwrap();
    let row = &f.rows[0];
    // Log-normal with P10 = 1 h, P90 = 400 h: P95 = exp(mu + 1.645 sigma) ≈ 1077 h,
    // about 27 weeks of 40 hours.
    assert!(
        row.p95.unwrap() > row.deterministic + chrono::Duration::weeks(15),
        "{row:?}"
    );
    let last = f.burnup.last().unwrap();
    assert_eq!(last.p95, 1.0);
    assert!(f.burnup.len() > 15);
    // 1 hour is inside 1-400: nothing to warn about.
    assert!(f.warnings.is_empty());
}

#[test]
fn work_past_a_developers_last_day_is_reported_not_an_error() {
    // One 8-hour task with a wide range (P10 = 4 h, P90 = 200 h) on Ana, who
    // leaves after Friday 2026-12-11: ten business days of 8 hours, 4800
    // minutes. The task is not done in the samples whose effort passes
    // them: P(X > 4800 min) for X log-normal with median 60·√800 min and
    // σ = ln(50) / (2 z₀.₉), an independent oracle of the share.
    let mut t1 = task("wide", 8.0, "p", Priority::High, &[]);
    t1.low = Some(4.0);
    t1.high = Some(200.0);
    let b = backlog(vec![t1]);
    let mut ana = developer("Ana", 40.0);
    ana.available_until = Some(date("2026-12-11"));
    let t = team(vec![ana]);
    let samples = 4_000;
    let f = run(&b, &t, &plan(&b, &t), &opts(samples, 1.5)).unwrap();
    let sigma = 50f64.ln() / (2.0 * Z90);
    let z = (4800.0f64 / (60.0 * 800f64.sqrt())).ln() / sigma;
    let exact = 1.0 - normal_cdf(z);
    let se = (exact * (1.0 - exact) / samples as f64).sqrt();
    assert_eq!(f.risks.len(), 1, "{:?}", f.risks);
    let risk = &f.risks[0];
    assert_eq!(
        risk.cause,
        Cause::Leaves {
            developer: "Ana".into(),
            until: date("2026-12-11")
        }
    );
    assert!(
        (risk.share - exact).abs() <= 4.0 * se,
        "share {} against {exact:.4} ± {:.4}",
        risk.share,
        4.0 * se
    );
    assert_eq!(risk.share, risk.samples as f64 / samples as f64);
    assert_eq!(risk.tasks, vec!["wide".to_string()]);
    // About a quarter of the samples: P50 has a date, P85 and P95 do not.
    let row = &f.rows[0];
    assert_eq!(row.unfinished, risk.share);
    assert!(
        row.p50.is_some() && row.p85.is_none() && row.p95.is_none(),
        "{row:?}"
    );
    // The dated samples end by the last day.
    assert!(row.p50.unwrap().date() <= date("2026-12-11"));
}

/// Φ, the standard normal distribution function, by bisection on Φ⁻¹.
fn normal_cdf(z: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if inverse_normal_cdf(mid) < z {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[test]
fn an_estimate_outside_its_range_is_a_warning() {
    let mut t1 = task("odd", 10.0, "p", Priority::High, &[]);
    t1.low = Some(2.0);
    t1.high = Some(4.0);
    t1.line = 7;
    let b = backlog(vec![t1]);
    let t = team(vec![developer("Ana", 40.0)]);
    let f = run(&b, &t, &plan(&b, &t), &opts(100, 1.5)).unwrap();
    let w: Vec<String> = f.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        w,
        vec!["b.csv:7: warning: task \"odd\": estimate 10 hours is outside its range 2-4; the plan uses the estimate, the forecast draws from the range"]
    );
    // The forecast follows the range: a median of √8 ≈ 2.83 hours.
    assert!(f.rows[0].p50.unwrap() < f.rows[0].deterministic);
}

#[test]
fn burnup_rises_to_the_scope_and_the_pessimistic_lines_stay_below() {
    let (b, t) = mixed();
    let f = run(&b, &t, &plan(&b, &t), &opts(2_000, 1.6)).unwrap();
    let mut last = (0.0, 0.0, 0.0, 0.0);
    for (k, w) in f.burnup.iter().enumerate() {
        assert_eq!(w.week as usize, k + 1);
        assert_eq!(w.scope_hours, 55.5);
        assert!(
            w.p95 <= w.p85 && w.p85 <= w.p50 && w.p50 <= w.scope_hours,
            "{w:?}"
        );
        assert!(w.deterministic >= last.0 && w.p50 >= last.1 && w.p85 >= last.2 && w.p95 >= last.3);
        last = (w.deterministic, w.p50, w.p85, w.p95);
        assert_eq!(w.end - w.start, chrono::Duration::days(6));
    }
    let end = f.burnup.last().unwrap();
    assert_eq!((end.deterministic, end.p95), (55.5, 55.5));
    // The last week is the one of the backlog's P95 (or the plan's finish).
    let backlog = &f.rows[0];
    let finish = backlog.p95.unwrap().max(backlog.deterministic).date();
    assert!(
        end.start <= finish && finish <= end.end + chrono::Duration::days(2),
        "{end:?}"
    );
}

#[test]
fn nothing_open_is_an_empty_forecast() {
    let mut t1 = task("x", 2.0, "p", Priority::High, &[]);
    t1.status = crate::model::Status::Done;
    let b = backlog(vec![t1, task("y", 1.0, "p", Priority::Low, &[])]);
    let t = team(vec![developer("Ana", 40.0)]);
    let p = plan(&b, &t);
    let f = run(&b, &t, &p, &opts(10, 1.5)).unwrap();
    assert_eq!(f.tasks, 1);
    let mut out = Vec::new();
    f.write_forecast_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("scope,name,p50,p85,p95,due,p_on_time,deterministic,p_unfinished\n"));
}

#[test]
fn csv_and_table_show_every_row() {
    let (b, t) = mixed();
    let f = run(&b, &t, &plan(&b, &t), &opts(500, 1.5)).unwrap();
    let mut csv = Vec::new();
    f.write_forecast_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + f.rows.len());
    let c = csv.lines().find(|l| l.starts_with("task,c,")).unwrap();
    let cells: Vec<&str> = c.split(',').collect();
    assert_eq!(cells[5], "2026-12-03");
    assert_eq!(cells[6], crate::text::num(f.rows[9].p_on_time.unwrap(), 4));
    let mut table = Vec::new();
    f.write_table(&mut table, crate::text::fit::Width::Wide)
        .unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("backlog   all "), "{table}");
    assert!(table.contains("Thu 3 Dec 2026"), "{table}");
    assert!(table.contains("1 date"), "{table}");
    let mut md = Vec::new();
    f.write_markdown(&mut md).unwrap();
    // The heading, the settings, then the table under its heading.
    let md = String::from_utf8(md).unwrap();
    let table = md
        .lines()
        .position(|l| l.starts_with("| scope | name |"))
        .unwrap();
    assert_eq!(md.lines().count(), table + 2 + f.rows.len(), "{md}");
    assert!(md.starts_with("# Forecast\n"), "{md}");
    assert!(md.contains("| seed | 7 |"), "{md}");
    let mut burn = Vec::new();
    f.write_burnup_csv(&mut burn).unwrap();
    let burn = String::from_utf8(burn).unwrap();
    assert!(
        burn.starts_with(
            "week,start,end,scope_hours,deterministic,p50,p85,p95\n1,2026-11-30,2026-12-06,55.5,"
        ),
        "{burn}"
    );
}

/// A team whose only developer works `workdays`, 8 hours a day.
fn team_working(workdays: &[chrono::Weekday]) -> Team {
    let mut t = team(vec![developer("Ana", 8.0 * workdays.len() as f64)]);
    t.calendar.workdays = workdays.to_vec();
    t
}

/// One 8-hour task whose range (2-4 million hours) no calendar holds.
fn endless() -> Backlog {
    let mut t1 = task("endless", 8.0, "p", Priority::High, &[]);
    t1.low = Some(2.0e6);
    t1.high = Some(4.0e6);
    backlog(vec![t1])
}

/// The business days from the calendar's start through `last`, counted
/// date by date: the oracle of the horizon the error names.
fn business_days_through(t: &Team, last: NaiveDate) -> usize {
    let c = &t.calendar;
    c.start
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| c.workdays.contains(&chrono::Datelike::weekday(d)) && !c.holidays.contains(d))
        .count()
}

/// The horizon a forecast names for work past it: the last day and the
/// business days through it.
fn horizon_named(f: &Forecast) -> (NaiveDate, usize) {
    let risk = f.risks.last().expect("a risk");
    match &risk.cause {
        Cause::Horizon { last_day, days, .. } => (*last_day, *days),
        other => panic!("not the horizon: {other:?}"),
    }
}

// Issue 10, case 0: a three-day week reached the calendar's old cap of
// calendar days long before MAX_DAYS business days, and the loop that grows
// the calendar waited for the latter and never ended. The loop now stops when
// the calendar stops growing, whatever caps it (today: MAX_DAYS business days
// or the year 9999); the work past it is reported, not an error (issue 12).
#[test]
fn work_past_the_calendar_of_a_three_day_week_is_reported_at_the_cap() {
    use chrono::Weekday::{Mon, Tue, Wed};
    let b = endless();
    let t = team_working(&[Mon, Tue, Wed]);
    let f = run(&b, &t, &plan(&b, &t), &opts(20, 1.5)).unwrap();
    assert_eq!(f.risks.len(), 1, "{:?}", f.risks);
    assert_eq!((f.risks[0].samples, f.risks[0].share), (20, 1.0));
    assert_eq!(f.risks[0].tasks, vec!["endless".to_string()]);
    let (last, days) = horizon_named(&f);
    assert_eq!(days, business_days_through(&t, last));
    assert_eq!(days, MAX_DAYS);
    assert!([Mon, Tue, Wed].contains(&chrono::Datelike::weekday(&last)));
    let row = &f.rows[0];
    assert_eq!((row.p50, row.unfinished), (None, 1.0));
    // Nothing is done in any sample: the burn-up stays at zero.
    assert!(f.burnup.iter().all(|w| w.p50 == 0.0), "{:?}", f.burnup);
}

#[test]
fn work_past_the_calendar_of_a_five_day_week_is_reported_at_max_days() {
    let b = endless();
    let t = team(vec![developer("Ana", 40.0)]);
    let f = run(&b, &t, &plan(&b, &t), &opts(20, 1.5)).unwrap();
    let (last, days) = horizon_named(&f);
    assert_eq!(days, MAX_DAYS);
    assert_eq!(business_days_through(&t, last), MAX_DAYS);
    assert_eq!(f.rows[0].unfinished, 1.0);
}

#[test]
fn samples_that_run_past_the_first_calendar_finish_on_a_longer_one() {
    // Median 2,000 hours on a calendar first built for 3 × 8 hours: every
    // sample reruns, several rounds, and all finish.
    let mut t1 = task("long", 8.0, "p", Priority::High, &[]);
    t1.low = Some(1_000.0);
    t1.high = Some(4_000.0);
    let b = backlog(vec![t1]);
    let t = team_working(&[chrono::Weekday::Mon]);
    let f = run(&b, &t, &plan(&b, &t), &opts(200, 1.5)).unwrap();
    let row = &f.rows[0];
    // 1,000 hours at 8 a week is over two years: P50 lies past them.
    assert!(
        row.p50.unwrap() > row.deterministic + chrono::Duration::weeks(104),
        "{row:?}"
    );
    assert!(row.p50 <= row.p85 && row.p85 <= row.p95, "{row:?}");
    assert!(row.p95.is_some() && f.risks.is_empty(), "{f:?}");
}

#[test]
fn the_burnup_is_the_same_whatever_the_block_of_weeks() {
    let (b, t) = mixed();
    let p = plan(&b, &t);
    let inst = &p.inst;
    let sigma = sigma_of(3.0);
    let models = (0..inst.n())
        .map(|j| EffortModel::for_task(&b.tasks[inst.task[j]], inst.p[j], sigma).with_shared(0.2))
        .collect();
    let replay = Replay::new(inst, &p.schedule, models, 3);
    let samples = 300;
    let (cal, _, finishes) = simulate(&t, inst, &replay, samples, &AtomicUsize::new(0));
    let all = scopes(&b, inst, &cal);
    let whole = burnup(
        &cal,
        inst,
        &p.schedule.finish,
        &finishes,
        &all[0],
        BURNUP_BLOCK_BYTES,
    );
    assert!(whole.len() > 4, "{whole:?}");
    // One week per block, and three (which does not divide the weeks).
    for weeks in [1, 3] {
        let blocks = burnup(
            &cal,
            inst,
            &p.schedule.finish,
            &finishes,
            &all[0],
            8 * samples * weeks,
        );
        assert_eq!(blocks, whole, "{weeks} weeks per block");
    }
}

/// Limits that make a forecast of `samples` samples of `n` tasks stream in
/// chunks of `chunk` samples, with `buckets` buckets per statistic (many
/// passes).
fn streamed(n: usize, chunk: usize, counts: usize) -> Memory {
    Memory {
        in_memory: 0,
        stream: stream::Limits {
            chunk: 4 * n * chunk,
            counts,
        },
        ..MEMORY
    }
}

fn forecast_within(b: &Backlog, t: &Team, o: &ForecastOptions, memory: Memory) -> Result<Forecast> {
    run_within(b, t, &plan(b, t), o, &AtomicUsize::new(0), memory)
}

#[test]
fn streamed_percentiles_are_the_sorted_ones() {
    let (b, t) = mixed();
    let n = 6;
    for (samples, uncertainty) in [(1, 1.5), (2, 3.0), (37, 1.0), (500, 2.0), (1_001, 10.0)] {
        let o = opts(samples, uncertainty);
        let kept = forecast_within(&b, &t, &o, MEMORY).unwrap();
        // Chunks of 7 samples, 2 buckets a pass (the most passes), and the
        // limits used past MAX_SAMPLE_BYTES.
        for memory in [
            streamed(n, 7, 0),
            streamed(n, 64, 1 << 10),
            Memory {
                in_memory: 0,
                ..MEMORY
            },
        ] {
            let got = forecast_within(&b, &t, &o, memory).unwrap();
            assert_eq!(got, kept, "{samples} samples, {memory:?}");
        }
    }
}

#[test]
fn streamed_samples_grow_the_calendar_and_stop_like_kept_ones() {
    // Every sample runs past the first calendar and finishes on a longer one.
    let mut t1 = task("long", 8.0, "p", Priority::High, &[]);
    t1.low = Some(1_000.0);
    t1.high = Some(4_000.0);
    let b = backlog(vec![t1, task("short", 4.0, "p", Priority::Low, &[])]);
    let t = team_working(&[chrono::Weekday::Mon]);
    let o = opts(300, 1.5);
    let kept = forecast_within(&b, &t, &o, MEMORY).unwrap();
    let got = forecast_within(&b, &t, &o, streamed(2, 16, 64)).unwrap();
    assert_eq!(got, kept);
    // A developer who leaves with work in some samples: the same rows and
    // the same risks.
    let mut t1 = task("wide", 8.0, "p", Priority::High, &[]);
    t1.low = Some(4.0);
    t1.high = Some(200.0);
    let b = backlog(vec![t1, task("after", 3.0, "p", Priority::Low, &["wide"])]);
    let mut ana = developer("Ana", 40.0);
    ana.available_until = Some(date("2026-12-11"));
    let t = team(vec![ana]);
    let o = opts(500, 1.5);
    let kept = forecast_within(&b, &t, &o, MEMORY).unwrap();
    let got = forecast_within(&b, &t, &o, streamed(2, 16, 64)).unwrap();
    assert_eq!(got, kept);
    assert!(kept.risks[0].share > 0.1, "{:?}", kept.risks);
    // And past the longest calendar both report the same.
    let b = endless();
    let t = team_working(&[chrono::Weekday::Mon, chrono::Weekday::Tue]);
    let o = opts(20, 1.5);
    let kept = forecast_within(&b, &t, &o, MEMORY).unwrap();
    let got = forecast_within(&b, &t, &o, streamed(1, 3, 64)).unwrap();
    assert_eq!(got, kept);
    assert_eq!(kept.rows[0].unfinished, 1.0);
}
