use super::*;
use crate::model::{Skill, Status};
use crate::team::{DateRange, Weights};
use std::collections::BTreeSet;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    parse_datetime(s).unwrap()
}

fn developer(name: &str, weekly_hours: f64, skills: &[&str]) -> Developer {
    Developer {
        skills: skills.iter().map(|s| Skill::parse(s).unwrap()).collect(),
        ..Developer::new(name, weekly_hours)
    }
}

/// Mon–Fri, 8 h from 09:00, from Monday 2026-11-30, two-week sprints,
/// Christmas off. Ana: full time, backend. Bob: part time (20 h/week, so
/// 09:00–13:00), off on Wednesday 2026-12-02.
fn team() -> Team {
    let mut bob = developer("Bob", 20.0, &[]);
    bob.time_off = vec![DateRange {
        first: date("2026-12-02"),
        last: date("2026-12-02"),
    }];
    Team {
        source: "team.toml".into(),
        calendar: Calendar {
            holidays: BTreeSet::from([date("2026-12-25")]),
            ..Calendar::default()
        },
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers: vec![developer("Ana", 40.0, &["backend"]), bob],
        rules: Vec::new(),
    }
}

fn task(id: &str, title: &str, priority: Priority, category: &str, hours: f64) -> Task {
    let mut t = Task::new(id, title, hours);
    t.project = "app".into();
    t.priority = priority;
    t.category = category.into();
    t
}

/// a (backend, 10 h), d (done), b (3 h, after a), c (2 h).
fn backlog() -> Backlog {
    let mut a = task("a", "Build API", Priority::Urgent, "Backend", 10.0);
    a.skills = vec![Skill::parse("backend").unwrap()];
    let mut d = task("d", "Old thing", Priority::Medium, "Backend", 1.0);
    d.status = Status::Done;
    let mut b = task("b", "Write docs", Priority::High, "Docs", 3.0);
    b.depends_on = vec!["Build API".into()];
    let c = task("c", "Polish UI", Priority::Low, "UI", 2.0);
    Backlog {
        source: "backlog.md".into(),
        tasks: vec![a, d, b, c],
        ..Backlog::default()
    }
}

const PLAN: &str = "\
id,title,project,priority,category,hours,developer,start,finish,start_sprint,finish_sprint
a,Build API,app,URGENT,Backend,10,Ana,2026-11-30T09:00,2026-12-01T11:00,1,1
b,Write docs,app,HIGH,Docs,3,Bob,2026-12-01T11:00,2026-12-03T10:00,1,1
c,Polish UI,app,LOW,UI,2,Bob,2026-11-30T09:00,2026-11-30T11:00,1,1
";

const SCHEDULE: &str = "\
task_id,developer,start,end,hours
a,Ana,2026-11-30T09:00,2026-11-30T17:00,8
a,Ana,2026-12-01T09:00,2026-12-01T11:00,2
c,Bob,2026-11-30T09:00,2026-11-30T11:00,2
b,Bob,2026-12-01T11:00,2026-12-01T13:00,2
b,Bob,2026-12-03T09:00,2026-12-03T10:00,1
";

fn check(plan: &str, schedule: &str) -> Vec<String> {
    validate(&backlog(), &team(), plan, schedule)
        .into_iter()
        .map(|v| v.0)
        .collect()
}

/// Asserts that some violation contains every one of `parts`.
fn assert_reported(found: &[String], parts: &[&str]) {
    assert!(
        found.iter().any(|v| parts.iter().all(|p| v.contains(p))),
        "no violation contains {parts:?}; found {found:#?}"
    );
}

#[test]
fn valid_plan_passes() {
    assert_eq!(check(PLAN, SCHEDULE), Vec::<String>::new());
    // extra columns after SPEC's are fine, and so is a BOM
    let plan = PLAN
        .replace("finish_sprint\n", "finish_sprint,note\n")
        .replace(",1,1\n", ",1,1,x\n");
    assert_eq!(
        check(&format!("\u{feff}{plan}"), SCHEDULE),
        Vec::<String>::new()
    );
}

#[test]
fn wrong_developer() {
    let plan = PLAN.replace("10,Ana,", "10,Bob,");
    let found = check(&plan, SCHEDULE);
    assert_reported(
        &found,
        &[
            "plan.csv line 2",
            "task \"Build API\" (a) is assigned to Bob, who may not take it (allowed: Ana)",
        ],
    );
    // and the stretches do not follow plan.csv
    assert_reported(
        &found,
        &[
            "schedule.csv line 2",
            "is worked by Ana, but plan.csv assigns it to Bob",
        ],
    );
    let plan = PLAN.replace("10,Ana,", "10,Zed,");
    assert_reported(
        &check(&plan, SCHEDULE),
        &["\"Zed\", who is not a member of the team"],
    );
}

#[test]
fn overlap() {
    // c moves to Ana, Tuesday 10:00-12:00, over a's 09:00-11:00
    let plan = PLAN.replace(
        "2,Bob,2026-11-30T09:00,2026-11-30T11:00",
        "2,Ana,2026-12-01T10:00,2026-12-01T12:00",
    );
    let schedule = SCHEDULE.replace(
        "c,Bob,2026-11-30T09:00,2026-11-30T11:00",
        "c,Ana,2026-12-01T10:00,2026-12-01T12:00",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["Ana works on two things at once: task \"Build API\" (a) from 2026-12-01T09:00 to 2026-12-01T11:00 (schedule.csv line 3) overlaps task \"Polish UI\" (c) from 2026-12-01T10:00 to 2026-12-01T12:00 (schedule.csv line 4)"]
        );
}

#[test]
fn overlap_with_a_stretch_that_is_not_the_previous_one() {
    let team = team();
    let backlog = Backlog {
        tasks: vec![
            task("x", "X", Priority::Low, "", 8.0),
            task("y", "Y", Priority::Low, "", 1.0),
            task("z", "Z", Priority::Low, "", 1.0),
        ],
        ..Backlog::default()
    };
    let schedule = "task_id,developer,start,end,hours\n\
            x,Ana,2026-11-30T09:00,2026-11-30T17:00,8\n\
            y,Ana,2026-11-30T10:00,2026-11-30T11:00,1\n\
            z,Ana,2026-11-30T12:00,2026-11-30T13:00,1\n";
    let found = validate(&backlog, &team, "", schedule);
    let overlaps: Vec<_> = found.iter().filter(|v| v.0.contains("overlaps")).collect();
    assert_eq!(overlaps.len(), 2, "{found:#?}");
}

#[test]
fn work_on_a_weekend() {
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-05T10:00,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-05T09:00,2026-12-05T10:00",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-05T09:00 to 2026-12-05T10:00, on Saturday 2026-12-05, which is not a workday"]
        );
}

#[test]
fn work_on_a_holiday() {
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-25T10:00,1,2");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-25T09:00,2026-12-25T10:00",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-25T09:00 to 2026-12-25T10:00, on Friday 2026-12-25, which is a holiday"]
        );
}

#[test]
fn work_during_time_off() {
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-02T10:00,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-02T09:00,2026-12-02T10:00",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-02T09:00 to 2026-12-02T10:00, on Wednesday 2026-12-02, which is in Bob's time off (2026-12-02 to 2026-12-02)"]
        );
}

#[test]
fn availability_window() {
    let mut team = team();
    team.developers[1].available_from = Some(date("2026-12-03"));
    let found: Vec<String> = validate(&backlog(), &team, PLAN, SCHEDULE)
        .into_iter()
        .map(|v| v.0)
        .collect();
    assert_reported(
        &found,
        &[
            "schedule.csv line 4",
            "before Bob is available (from 2026-12-03)",
        ],
    );
    assert_reported(&found, &["schedule.csv line 5", "before Bob is available"]);
    assert_eq!(found.len(), 2, "{found:#?}");
    team.developers[1].available_from = None;
    team.developers[1].available_until = Some(date("2026-12-01"));
    let found = validate(&backlog(), &team, PLAN, SCHEDULE);
    assert_eq!(
            found,
            vec![Violation("schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-03T09:00 to 2026-12-03T10:00, on Thursday 2026-12-03, after Bob leaves (available until 2026-12-01)".into())]
        );
}

#[test]
fn longer_than_a_part_timers_day() {
    // Bob: 20 h over 5 days = 4 h a day, 09:00-13:00; 11:00-14:00 is 1 h too long
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-01T14:00,1,1");
    let schedule = SCHEDULE
        .replace(
            "b,Bob,2026-12-01T11:00,2026-12-01T13:00,2",
            "b,Bob,2026-12-01T11:00,2026-12-01T14:00,3",
        )
        .replace("b,Bob,2026-12-03T09:00,2026-12-03T10:00,1\n", "");
    assert_eq!(
            check(&plan, &schedule),
            vec!["schedule.csv line 5: task \"Write docs\" (b): Bob works from 2026-12-01T11:00 to 2026-12-01T14:00, past 2026-12-01T13:00, the end of Bob's daily capacity of 4 h from 09:00 on Tuesday 2026-12-01"]
        );
    // one minute over is rounding
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00,1",
        "b,Bob,2026-12-03T12:01,2026-12-03T13:01,1",
    );
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-03T13:01,1,1");
    assert_eq!(check(&plan, &schedule), Vec::<String>::new());
    // before day_start
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00,1",
        "b,Bob,2026-12-03T08:00,2026-12-03T09:00,1",
    );
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-03T09:00,1,1");
    assert_reported(
        &check(&plan, &schedule),
        &["starting before the working day starts at 09:00"],
    );
}

#[test]
fn capacity_above_hours_per_day_is_allowed() {
    let mut team = team();
    team.developers[0].weekly_hours = 50.0; // 10 h a day
    let plan = PLAN.replace("2026-12-01T11:00,1,1", "2026-11-30T19:00,1,1");
    let schedule = SCHEDULE
        .replace(
            "a,Ana,2026-11-30T09:00,2026-11-30T17:00,8",
            "a,Ana,2026-11-30T09:00,2026-11-30T19:00,10",
        )
        .replace("a,Ana,2026-12-01T09:00,2026-12-01T11:00,2\n", "");
    assert_eq!(validate(&backlog(), &team, &plan, &schedule), vec![]);
    // at 8 h a day the same stretch is too long
    assert_reported(
        &check(&plan, &schedule),
        &["past 2026-11-30T17:00", "daily capacity of 8 h"],
    );
}

#[test]
fn dependency_violated() {
    // b starts Monday 11:00, while a only finishes Tuesday 11:00
    let plan = PLAN.replace(
        "2026-12-01T11:00,2026-12-03T10:00",
        "2026-11-30T11:00,2026-12-03T10:00",
    );
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-01T11:00,2026-12-01T13:00",
        "b,Bob,2026-11-30T11:00,2026-11-30T13:00",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["task \"Write docs\" (b) starts at 2026-11-30T11:00, before task \"Build API\" (a), which it depends on, finishes at 2026-12-01T11:00"]
        );
}

#[test]
fn hours_do_not_sum() {
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-03T09:30,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00,1",
        "b,Bob,2026-12-03T09:00,2026-12-03T09:30,0.5",
    );
    assert_eq!(
            check(&plan, &schedule),
            vec!["schedule.csv: task \"Write docs\" (b): its stretches sum to 2.5 h, not its estimate of 3 h"]
        );
    // a row's hours must match its times
    let schedule = SCHEDULE.replace("2026-12-03T10:00,1", "2026-12-03T10:00,1.5");
    let found = check(PLAN, &schedule);
    assert_reported(
        &found,
        &[
            "schedule.csv line 6",
            "hours is 1.5, but 2026-12-03T09:00 to 2026-12-03T10:00 is 1 h",
        ],
    );
}

#[test]
fn missing_task() {
    let plan = PLAN.replace(
        "c,Polish UI,app,LOW,UI,2,Bob,2026-11-30T09:00,2026-11-30T11:00,1,1\n",
        "",
    );
    assert_eq!(
        check(&plan, SCHEDULE),
        vec!["plan.csv: open task \"Polish UI\" (c) is missing"]
    );
    let schedule = SCHEDULE.replace("c,Bob,2026-11-30T09:00,2026-11-30T11:00,2\n", "");
    assert_eq!(
        check(PLAN, &schedule),
        vec!["schedule.csv: task \"Polish UI\" (c) has no stretch of work"]
    );
}

#[test]
fn done_task_planned() {
    let plan = PLAN.replace(
        "b,Write docs",
        "d,Old thing,app,MEDIUM,Backend,1,Ana,2026-12-01T11:00,2026-12-01T12:00,1,1\nb,Write docs",
    );
    assert_eq!(
        check(&plan, SCHEDULE),
        vec!["plan.csv line 3: task \"Old thing\" (d) is done and must not be planned"]
    );
    let schedule = format!("{SCHEDULE}d,Ana,2026-12-01T11:00,2026-12-01T12:00,1\n");
    assert_eq!(
        check(PLAN, &schedule),
        vec!["schedule.csv line 7: task \"Old thing\" (d) is done, yet has work scheduled"]
    );
}

#[test]
fn wrong_sprint_number() {
    let plan = PLAN.replace("2026-11-30T11:00,1,1", "2026-11-30T11:00,1,2");
    assert_eq!(
            check(&plan, SCHEDULE),
            vec!["plan.csv line 4: task \"Polish UI\" (c): finish_sprint is 2, but its finish 2026-11-30T11:00 falls in sprint 1"]
        );
}

#[test]
fn sprints_follow_spec_boundaries() {
    let cal = team().calendar;
    assert_eq!(sprint_of(&cal, date("2026-11-30")), 1);
    assert_eq!(sprint_of(&cal, date("2026-12-13")), 1);
    assert_eq!(sprint_of(&cal, date("2026-12-14")), 2);
    assert_eq!(sprint_of(&cal, date("2026-11-29")), 0);
}

#[test]
fn plan_times_must_match_the_schedule() {
    let plan = PLAN.replace(
        "2026-12-01T11:00,2026-12-03T10:00",
        "2026-12-01T11:00,2026-12-03T11:00",
    );
    assert_eq!(
            check(&plan, SCHEDULE),
            vec!["plan.csv line 3: task \"Write docs\" (b): finish is 2026-12-03T11:00, but its last stretch ends at 2026-12-03T10:00 in schedule.csv"]
        );
}

#[test]
fn rows_follow_backlog_order_and_match_the_backlog() {
    let mut lines: Vec<&str> = PLAN.lines().collect();
    lines.swap(2, 3);
    let plan = lines.join("\n");
    assert_eq!(
            check(&plan, SCHEDULE),
            vec!["plan.csv line 4: task \"Write docs\" (b) comes after task \"Polish UI\" (c), but the backlog has them the other way round (rows must follow backlog order)"]
        );
    let plan = PLAN.replace("Polish UI,app,LOW,UI,2,", "Polish it,web,low,UX,2.5,");
    let found = check(&plan, SCHEDULE);
    assert_reported(
        &found,
        &["title is \"Polish it\", the backlog says \"Polish UI\""],
    );
    assert_reported(&found, &["project is \"web\""]);
    assert_reported(&found, &["category is \"UX\""]);
    assert_reported(&found, &["hours is 2.5, the backlog says 2"]);
    assert!(!found.iter().any(|v| v.contains("priority")), "{found:#?}");
    let plan = PLAN.replace(",URGENT,", ",HIGH,");
    assert_reported(
        &check(&plan, SCHEDULE),
        &["priority is \"HIGH\", the backlog says URGENT"],
    );
    let plan =
        format!("{PLAN}c,Polish UI,app,LOW,UI,2,Bob,2026-11-30T09:00,2026-11-30T11:00,1,1\n");
    assert_reported(
        &check(&plan, SCHEDULE),
        &["planned twice (first on line 4)"],
    );
}

#[test]
fn malformed_files_are_violations_not_panics() {
    for (plan, schedule) in [
        ("", ""),
        ("garbage", "\"unterminated"),
        ("id,title\n", "task_id\n"),
        ("\u{0}\u{1}\n,,,", "a,b,c,d,e\n1,2\n"),
    ] {
        let found = check(plan, schedule);
        assert!(!found.is_empty());
    }
    let found = check(PLAN, "");
    assert_reported(&found, &["schedule.csv: the header is \"\""]);
    // short rows, bad numbers and dates
    let plan = PLAN.replace(
        "a,Build API,app,URGENT,Backend,10,Ana,",
        "a,Build API,app,URGENT,Backend,10,",
    );
    assert_reported(
        &check(&plan, SCHEDULE),
        &["plan.csv line 2: the row has 10 fields, the header 11"],
    );
    let schedule = SCHEDULE.replace("2026-12-03T10:00,1", "2026-12-03T10:00,\"1,0\"");
    assert_reported(
        &check(PLAN, &schedule),
        &["\"1,0\" is not a number (the decimal separator must be '.')"],
    );
    let plan = PLAN.replace(",10,Ana,", ",1e1,Ana,");
    assert_reported(&check(&plan, SCHEDULE), &["hours \"1e1\" is not a number"]);
    let schedule = SCHEDULE.replace(
        "2026-11-30T09:00,2026-11-30T17:00",
        "2026-11-30 09:00,2026-11-30T17:00:00",
    );
    let found = check(PLAN, &schedule);
    assert_reported(
        &found,
        &["start \"2026-11-30 09:00\" is not a date-time YYYY-MM-DDTHH:MM"],
    );
    assert_reported(&found, &["end \"2026-11-30T17:00:00\" is not a date-time"]);
    let plan = PLAN.replace("2026-11-30T11:00,1,1", "2026-11-30T11:00,1,one");
    assert_reported(
        &check(&plan, SCHEDULE),
        &["finish_sprint \"one\" is not a sprint number"],
    );
    let schedule = SCHEDULE.replace(
        "a,Ana,2026-12-01T09:00,2026-12-01T11:00,2",
        "a,Ana,2026-12-01T11:00,2026-12-01T09:00,-2",
    );
    assert_reported(&check(PLAN, &schedule), &["not after its start"]);
}

#[test]
fn absurd_capacities_do_not_panic() {
    let mut team = team();
    team.developers[0].weekly_hours = 1e300;
    team.developers[1].weekly_hours = f64::NAN;
    let found = validate(&backlog(), &team, PLAN, SCHEDULE);
    // Bob has no capacity at all; Ana has all the time in the world
    assert!(found.iter().all(|v| v.0.contains("Bob")), "{found:#?}");
    assert!(!found.is_empty());
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(plan in "(?s).{0,300}", schedule in "(?s).{0,300}") {
        let _ = check(&plan, &schedule);
        let _ = weighted_objective(&backlog(), &team(), &plan);
    }

    #[test]
    fn arbitrary_rows_never_panic(
        rows in proptest::collection::vec("[abcdAnBo0-9T:,.\\- \"]{0,70}", 0..6)
    ) {
        let body = rows.join("\n");
        let _ = check(&format!("{}\n{body}", PLAN_COLUMNS.join(",")), SCHEDULE);
        let _ = check(PLAN, &format!("{}\n{body}", SCHEDULE_COLUMNS.join(",")));
    }
}

#[test]
fn business_hours_of_a_finish() {
    let team = team();
    // Monday full (8) + Tuesday 09:00-13:00 (4)
    assert_eq!(finish_business_hours(&team, at("2026-12-01T13:00")), 12.0);
    assert_eq!(finish_business_hours(&team, at("2026-11-30T09:00")), 0.0);
    assert_eq!(finish_business_hours(&team, at("2026-11-30T17:00")), 8.0);
    // past the end of the day is capped at hours_per_day
    assert_eq!(finish_business_hours(&team, at("2026-11-30T20:00")), 8.0);
    // a weekend adds nothing: Monday 2026-12-07 09:00 is 5 days on
    assert_eq!(finish_business_hours(&team, at("2026-12-07T09:00")), 40.0);
    assert_eq!(finish_business_hours(&team, at("2026-12-05T12:00")), 40.0);
    // before the plan start
    assert_eq!(finish_business_hours(&team, at("2026-11-27T12:00")), 0.0);
    // Christmas (Friday) is not a business day: Mon 2026-12-28 10:00 is
    // 4 weeks (20 days) minus one holiday = 19 days, plus 1 h
    assert_eq!(
        finish_business_hours(&team, at("2026-12-28T10:00")),
        19.0 * 8.0 + 1.0
    );
    // a holiday in between shifts it
    let mut shifted = team.clone();
    shifted.calendar.holidays.insert(date("2026-11-30"));
    assert_eq!(finish_business_hours(&shifted, at("2026-12-01T13:00")), 4.0);
    shifted.calendar.holidays.insert(date("2026-12-01"));
    assert_eq!(finish_business_hours(&shifted, at("2026-12-01T13:00")), 0.0);
    assert_eq!(finish_business_hours(&shifted, at("2026-12-02T13:00")), 4.0);
}

#[test]
fn objectives_from_plan_csv() {
    let (backlog, team) = (backlog(), team());
    // a: Tue 11:00 = 10 h × 1000; b: Thu 10:00 = 25 h × 100; c: Mon 11:00 = 2 h × 1
    assert_eq!(weighted_objective(&backlog, &team, PLAN), Some(12502.0));
    assert_eq!(makespan_objective(&backlog, &team, PLAN), Some(25.0));
    assert_eq!(weighted_objective(&backlog, &team, "nonsense"), None);
    let header = PLAN.lines().next().unwrap();
    assert_eq!(makespan_objective(&backlog, &team, header), Some(0.0));
    let plan = PLAN.replace("a,Build API", "zz,Build API");
    assert_eq!(weighted_objective(&backlog, &team, &plan), None);
}

/// SPEC 7.2: as of Tuesday 2026-12-01, "Polish UI" is in progress with Bob
/// with 1 h left; "Tidy" is open.
fn replan_check(plan_rows: &str, schedule_rows: &str) -> Vec<String> {
    let mut c = task("c", "Polish UI", Priority::Low, "UI", 2.0);
    c.status = Status::InProgress;
    c.progress.developer = Some("bob".into());
    c.progress.remaining = Some(1.0);
    let x = task("x", "Tidy", Priority::Low, "UI", 1.0);
    let backlog = Backlog {
        source: "backlog.md".into(),
        tasks: vec![c, x],
        ..Backlog::default()
    };
    let mut team = team();
    team.calendar.as_of = Some(date("2026-12-01"));
    let plan = format!("id,title,project,priority,category,hours,developer,start,finish,start_sprint,finish_sprint\n{plan_rows}");
    let schedule = format!("task_id,developer,start,end,hours\n{schedule_rows}");
    validate(&backlog, &team, &plan, &schedule)
        .into_iter()
        .map(|v| v.0)
        .collect()
}

#[test]
fn replan_rules() {
    let ok = replan_check(
        "c,Polish UI,app,LOW,UI,2,Bob,2026-12-01T09:00,2026-12-01T10:00,1,1\n\
         x,Tidy,app,LOW,UI,1,Ana,2026-12-01T09:00,2026-12-01T10:00,1,1\n",
        "c,Bob,2026-12-01T09:00,2026-12-01T10:00,1\nx,Ana,2026-12-01T09:00,2026-12-01T10:00,1\n",
    );
    assert_eq!(ok, Vec::<String>::new());
    // On someone else.
    let found = replan_check(
        "c,Polish UI,app,LOW,UI,2,Ana,2026-12-01T09:00,2026-12-01T10:00,1,1\n\
         x,Tidy,app,LOW,UI,1,Bob,2026-12-01T09:00,2026-12-01T10:00,1,1\n",
        "c,Ana,2026-12-01T09:00,2026-12-01T10:00,1\nx,Bob,2026-12-01T09:00,2026-12-01T10:00,1\n",
    );
    assert_reported(
        &found,
        &["is in progress with Bob, but is planned for someone else"],
    );
    // Open work first, the in-progress task after it and with its estimate.
    let found = replan_check(
        "c,Polish UI,app,LOW,UI,2,Bob,2026-12-01T10:00,2026-12-01T12:00,1,1\n\
         x,Tidy,app,LOW,UI,1,Bob,2026-12-01T09:00,2026-12-01T10:00,1,1\n",
        "x,Bob,2026-12-01T09:00,2026-12-01T10:00,1\nc,Bob,2026-12-01T10:00,2026-12-01T12:00,2\n",
    );
    assert_reported(
        &found,
        &["Bob works on task \"Tidy\" (x) from 2026-12-01T09:00, before"],
    );
    assert_reported(
        &found,
        &[
            "so it starts at 2026-12-01T09:00",
            "not at 2026-12-01T10:00",
        ],
    );
    assert_reported(&found, &["not its remaining hours of 1 h"]);
    // Work before the as-of date.
    let found = replan_check(
        "c,Polish UI,app,LOW,UI,2,Bob,2026-12-01T09:00,2026-12-01T10:00,1,1\n\
         x,Tidy,app,LOW,UI,1,Ana,2026-11-30T09:00,2026-11-30T10:00,1,1\n",
        "c,Bob,2026-12-01T09:00,2026-12-01T10:00,1\nx,Ana,2026-11-30T09:00,2026-11-30T10:00,1\n",
    );
    assert_reported(&found, &["before the plan starts on 2026-12-01"]);
}

fn hours_off(start: &str, end: &str) -> crate::team::TimeRange {
    crate::team::TimeRange {
        start: at(start),
        end: at(end),
    }
}

/// Ana takes Monday afternoon off (13:00 on), yet the plan has her work
/// 09:00 to 17:00 that day.
#[test]
fn work_in_a_half_day_off() {
    let mut team = team();
    team.developers[0].hours_off = vec![hours_off("2026-11-30T13:00", "2026-12-01T00:00")];
    let found: Vec<String> = validate(&backlog(), &team, PLAN, SCHEDULE)
        .into_iter()
        .map(|v| v.0)
        .collect();
    assert_eq!(
        found,
        vec![
            "schedule.csv line 2: task \"Build API\" (a): Ana works from 2026-11-30T09:00 to 2026-11-30T17:00, inside Ana's time off (2026-11-30T13:00 to 2026-12-01T00:00)",
            "Ana works 8 h on Monday 2026-11-30, more than the 4 h that day holds (8 h a day less time off)",
        ]
    );
}

/// Bob is off Thursday 09:00 to 12:00 (his window is 09:00-13:00): the
/// plan's hour at 09:00 is refused, the same hour at 12:00 is fine.
#[test]
fn work_in_a_morning_off() {
    let mut team = team();
    team.developers[1].hours_off = vec![hours_off("2026-12-03T09:00", "2026-12-03T12:00")];
    let found = validate(&backlog(), &team, PLAN, SCHEDULE);
    assert_eq!(
        found,
        vec![Violation("schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-03T09:00 to 2026-12-03T10:00, inside Bob's time off (2026-12-03T09:00 to 2026-12-03T12:00)".into())]
    );
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-03T13:00,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-03T12:00,2026-12-03T13:00",
    );
    assert_eq!(validate(&backlog(), &team, &plan, &schedule), vec![]);
}

/// Bob works Monday to Wednesday only; the plan puts an hour on Thursday.
/// His day is then 20 h / 3 = 6 h 40 long.
#[test]
fn work_on_a_developers_own_day_off() {
    use chrono::Weekday::{Mon, Tue, Wed};
    let mut team = team();
    team.developers[1].workdays = Some(vec![Mon, Tue, Wed]);
    assert_eq!(
        validate(&backlog(), &team, PLAN, SCHEDULE),
        vec![Violation("schedule.csv line 6: task \"Write docs\" (b): Bob works from 2026-12-03T09:00 to 2026-12-03T10:00, on Thursday 2026-12-03, which is not one of Bob's workdays (Mon, Tue, Wed)".into())]
    );
    // On Tuesday his day runs to 15:40, so the hour fits at 13:00.
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-01T14:00,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-01T13:00,2026-12-01T14:00",
    );
    assert_eq!(validate(&backlog(), &team, &plan, &schedule), vec![]);
    // ... and not at 15:00 (past 15:40).
    let plan = PLAN.replace("2026-12-03T10:00,1,1", "2026-12-01T16:00,1,1");
    let schedule = SCHEDULE.replace(
        "b,Bob,2026-12-03T09:00,2026-12-03T10:00",
        "b,Bob,2026-12-01T15:00,2026-12-01T16:00",
    );
    assert_reported(
        &validate(&backlog(), &team, &plan, &schedule)
            .into_iter()
            .map(|v| v.0)
            .collect::<Vec<_>>(),
        &["past 2026-12-01T15:40", "daily capacity of 6.67 h"],
    );
}

/// In a re-plan, an in-progress task starts at its developer's first free
/// minute: after a morning off, that is when the time off ends.
#[test]
fn first_working_time_follows_a_morning_off() {
    let mut team = team();
    team.developers[0].hours_off = vec![hours_off("2026-11-30T08:00", "2026-11-30T10:30")];
    let free = days::free_windows(&team.calendar, &team.developers[0], date("2026-11-30"));
    assert_eq!(free, vec![(at("2026-11-30T10:30"), at("2026-11-30T17:00"))]);
    let free = days::free_windows(&team.calendar, &team.developers[1], date("2026-12-02"));
    assert!(free.is_empty(), "Bob is off that day: {free:?}");
}
