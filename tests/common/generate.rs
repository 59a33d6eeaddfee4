//! The planning instances of the property tests, drawn in one place, and the
//! plain builders of developers, teams and backlogs that those tests and the
//! hand-built ones share.
//!
//! An instance is drawn as a [`Gen`] (plain numbers and names, short in a
//! failure message and quick to shrink) from a [`Shape`] that each test
//! states: how many tasks and developers, which estimates, how many
//! dependencies and skills, who is away or joins late, which rules, whether
//! tasks have projects, due dates and confidences. [`build`] turns it into
//! the [`Backlog`] and [`Team`] the library plans, and [`describe`] writes
//! those as a backlog CSV and a team TOML, to replay a failure with
//! `sprintcast plan backlog.csv --team team.toml`.
//!
//! Every built instance is feasible: a task's skills that no developer has
//! are dropped, and the `require` rule is only added when its developer can
//! take every task it names.
//!
//! The calendar is the default one: Monday 2026-11-30, 8-hour days from
//! 09:00, Monday to Friday, two-week sprints. A developer may work some of
//! those days only ([`WORKDAY_SETS`], at the same daily hours: their drawn
//! weekly hours are for five days) and may have part of a day off
//! ([`PartOff`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::RangeInclusive;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use proptest::prelude::*;
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::TestRunner;

use sprintcast::team::{Calendar, DateRange, RuleCondition, TimeRange, Weights};
use sprintcast::{Backlog, Developer, Priority, Rule, RuleMode, Skill, Task, Team};

// ---------------------------------------------------------------------------
// Fixed parts and plain builders

/// Skill names, indexed by the generated skills.
pub const SKILLS: [&str; 3] = ["backend", "frontend", "security"];
/// Developer names, in team order.
pub const NAMES: [&str; 3] = ["Ana", "Bob", "Cyd"];
/// A developer's own workdays, when they have some.
pub const WORKDAY_SETS: [&[Weekday]; 4] = [
    &[Weekday::Mon, Weekday::Tue, Weekday::Wed],
    &[Weekday::Mon, Weekday::Wed, Weekday::Fri],
    &[Weekday::Tue, Weekday::Thu],
    &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu],
];
/// Projects of tasks when the shape asks for projects.
pub const PROJECTS: [&str; 2] = ["app", "site"];

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A date-time written `YYYY-MM-DDTHH:MM`.
pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

/// The first planning day: Monday 2026-11-30.
pub fn start() -> NaiveDate {
    Calendar::default().start
}

/// The holiday of instances that have one: Tuesday 2026-12-08.
pub fn holiday() -> NaiveDate {
    start() + Duration::days(8)
}

/// A developer with no skills, full focus and no time off.
pub fn developer(name: &str, weekly_hours: f64) -> Developer {
    Developer::new(name, weekly_hours)
}

/// A team on the default calendar with the default weights and no rules.
pub fn team_of(developers: Vec<Developer>) -> Team {
    Team {
        source: "team.toml".to_string(),
        calendar: Calendar::default(),
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers,
        rules: Vec::new(),
    }
}

/// A backlog of `tasks` read from "backlog.csv".
pub fn backlog_of(tasks: Vec<Task>) -> Backlog {
    Backlog {
        source: "backlog.csv".to_string(),
        tasks,
        ..Backlog::default()
    }
}

// ---------------------------------------------------------------------------
// Shapes

/// How long a list is: an empty list with weight `none` against one of a
/// length drawn from `len` with weight `some` (a zero weight leaves that
/// choice out).
#[derive(Debug, Clone)]
pub struct Count {
    /// Weight of the empty list.
    pub none: u32,
    /// Weight of a list of a length in `len`.
    pub some: u32,
    /// Its length.
    pub len: RangeInclusive<usize>,
}

impl Count {
    /// A length drawn evenly from `len`.
    pub fn uniform(len: RangeInclusive<usize>) -> Count {
        Count {
            none: 0,
            some: 1,
            len,
        }
    }

    /// Always empty.
    pub fn never() -> Count {
        Count::uniform(0..=0)
    }
}

/// The tasks of an instance.
#[derive(Debug, Clone)]
pub struct TaskShape {
    /// Estimates, drawn evenly.
    pub hours: &'static [f64],
    /// Candidate predecessors (only those before the task are kept).
    pub deps: Count,
    /// Candidate predecessors are drawn from `0..deps_below`.
    pub deps_below: usize,
    /// Skills needed, each (index into [`SKILLS`], level 0-2).
    pub skills: Count,
    /// Whether tasks get a project from [`PROJECTS`] (else none).
    pub projects: bool,
    /// Whether tasks get due dates: none 3 : far ahead 1 : before the start 1
    /// : 0-19 days after the start 2 (else none).
    pub due: bool,
    /// Whether tasks get a confidence: none 3 : 0.2-0.9 1 (else none).
    pub confidence: bool,
}

/// The developers of an instance.
#[derive(Debug, Clone)]
pub struct DevShape {
    /// Skills, each (index into [`SKILLS`], level 0-3).
    pub skills: Count,
    /// Weekly hours, (weight, value).
    pub weekly_hours: &'static [(u32, f64)],
    /// Focus, (weight, value).
    pub focus: &'static [(u32, f64)],
    /// Chance of one time-off range.
    pub time_off_chance: f64,
    /// Its first day, in days after the start.
    pub time_off_from: RangeInclusive<i64>,
    /// Its length in days.
    pub time_off_days: RangeInclusive<i64>,
    /// Chance of joining after the start.
    pub joins_chance: f64,
    /// The day they join, in days after the start.
    pub joins_after: RangeInclusive<i64>,
    /// Chance of working some weekdays only (one of [`WORKDAY_SETS`]).
    pub own_workdays_chance: f64,
    /// Chance of one part of a day off ([`PartOff`]), 0-9 days after the start.
    pub part_off_chance: f64,
}

/// Weights of the rule an instance gets (a zero weight leaves it out).
#[derive(Debug, Clone, Copy)]
pub struct RuleMix {
    /// No rule.
    pub none: u32,
    /// [`GenRule::UrgentToFirst`].
    pub urgent_to_first: u32,
    /// [`GenRule::Prefer`].
    pub prefer: u32,
}

impl RuleMix {
    /// Never a rule.
    pub const NONE: RuleMix = RuleMix {
        none: 1,
        urgent_to_first: 0,
        prefer: 0,
    };
}

/// What instances a property is checked on.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Number of tasks.
    pub tasks: RangeInclusive<usize>,
    /// Number of developers (at most [`NAMES`]).
    pub developers: RangeInclusive<usize>,
    /// The tasks.
    pub task: TaskShape,
    /// The developers.
    pub developer: DevShape,
    /// Chance that developer 0 has every skill at level 3.
    pub first_has_all: f64,
    /// Chance that [`holiday`] is a holiday.
    pub holiday: f64,
    /// The rule.
    pub rules: RuleMix,
}

// ---------------------------------------------------------------------------
// Generated instances

/// A due date as generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// No due date.
    None,
    /// 2099-12-31: met in every plan.
    FarAhead,
    /// 2026-11-27, before the start: met in no plan.
    BeforeStart,
    /// Days after the start.
    After(i64),
}

/// A generated task.
#[derive(Debug, Clone)]
pub struct GenTask {
    /// Estimate in hours.
    pub hours: f64,
    /// Priority.
    pub priority: Priority,
    /// Project ("" for none).
    pub project: &'static str,
    /// Candidate predecessors; only those before the task are kept.
    pub deps: Vec<usize>,
    /// (index into [`SKILLS`], level).
    pub skills: Vec<(usize, u32)>,
    /// Due date.
    pub due: Due,
    /// Confidence in the estimate.
    pub confidence: Option<f64>,
}

/// Part of a day off, as generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartOff {
    /// The morning (until 13:00).
    Morning,
    /// The afternoon (from 13:00).
    Afternoon,
    /// From this time of day (minutes after midnight, 10:00 to 15:00), this
    /// many minutes long (past midnight for the longest).
    Hours(i64, i64),
}

/// A generated developer.
#[derive(Debug, Clone)]
pub struct GenDev {
    /// (index into [`SKILLS`], level).
    pub skills: Vec<(usize, u32)>,
    /// Weekly hours.
    pub weekly_hours: f64,
    /// Focus.
    pub focus: f64,
    /// (days after the start, length in days) of a time-off range.
    pub time_off: Option<(i64, i64)>,
    /// Days after the start the developer joins.
    pub available_from: Option<i64>,
    /// Index into [`WORKDAY_SETS`] of their own workdays.
    pub workdays: Option<usize>,
    /// (days after the start, which part) of a part of a day off.
    pub part_off: Option<(i64, PartOff)>,
}

/// A generated rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenRule {
    /// None.
    None,
    /// `require`: URGENT tasks go to developer 0 (only added when developer 0
    /// can take every URGENT task).
    UrgentToFirst,
    /// `prefer`: tasks of this priority to this developer (index, modulo the
    /// team's size).
    Prefer(Priority, usize),
}

/// A generated instance.
#[derive(Debug, Clone)]
pub struct Gen {
    /// The tasks, in backlog order.
    pub tasks: Vec<GenTask>,
    /// The developers, in team order.
    pub devs: Vec<GenDev>,
    /// Developer 0 has every skill at level 3.
    pub first_has_all: bool,
    /// [`holiday`] is a holiday.
    pub holiday: bool,
    /// The rule.
    pub rule: GenRule,
}

/// One of `choices`, (weight, value).
fn weighted<T: Clone + std::fmt::Debug + 'static>(choices: &[(u32, T)]) -> BoxedStrategy<T> {
    let options: Vec<(u32, BoxedStrategy<T>)> = choices
        .iter()
        .filter(|(w, _)| *w > 0)
        .map(|(w, v)| (*w, Just(v.clone()).boxed()))
        .collect();
    Union::new_weighted(options).boxed()
}

/// A list of `item`s as long as `count` says.
fn list<T: Clone + std::fmt::Debug + 'static>(
    count: &Count,
    item: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Vec<T>> {
    let some = prop::collection::vec(item, count.len.clone()).boxed();
    let mut options = Vec::new();
    if count.none > 0 {
        options.push((count.none, Just(Vec::new()).boxed()));
    }
    if count.some > 0 {
        options.push((count.some, some));
    }
    Union::new_weighted(options).boxed()
}

/// `Some(item)` with probability `chance` (0 and 1 included, which
/// `prop::option::weighted` refuses).
fn maybe<T: Clone + std::fmt::Debug + 'static>(
    chance: f64,
    item: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    if chance <= 0.0 {
        Just(None).boxed()
    } else if chance >= 1.0 {
        item.prop_map(Some).boxed()
    } else {
        prop::option::weighted(chance, item).boxed()
    }
}

/// A task of `shape`.
pub fn gen_task(shape: &TaskShape) -> BoxedStrategy<GenTask> {
    let project = if shape.projects {
        prop::sample::select(PROJECTS.to_vec()).boxed()
    } else {
        Just("").boxed()
    };
    let due = if shape.due {
        prop_oneof![
            3 => Just(Due::None),
            1 => Just(Due::FarAhead),
            1 => Just(Due::BeforeStart),
            2 => (0..20i64).prop_map(Due::After),
        ]
        .boxed()
    } else {
        Just(Due::None).boxed()
    };
    let confidence = if shape.confidence {
        prop_oneof![3 => Just(None), 1 => (0.2..0.9f64).prop_map(Some)].boxed()
    } else {
        Just(None).boxed()
    };
    (
        prop::sample::select(shape.hours),
        prop::sample::select(Priority::ALL.to_vec()),
        project,
        list(&shape.deps, 0..shape.deps_below),
        list(&shape.skills, (0..SKILLS.len(), 0..=2u32)),
        due,
        confidence,
    )
        .prop_map(
            |(hours, priority, project, deps, skills, due, confidence)| GenTask {
                hours,
                priority,
                project,
                deps,
                skills,
                due,
                confidence,
            },
        )
        .boxed()
}

/// A developer of `shape`.
pub fn gen_developer(shape: &DevShape) -> BoxedStrategy<GenDev> {
    (
        list(&shape.skills, (0..SKILLS.len(), 0..=3u32)),
        weighted(shape.weekly_hours),
        weighted(shape.focus),
        maybe(
            shape.time_off_chance,
            (shape.time_off_from.clone(), shape.time_off_days.clone()),
        ),
        maybe(shape.joins_chance, shape.joins_after.clone()),
        maybe(shape.own_workdays_chance, 0..WORKDAY_SETS.len()),
        maybe(shape.part_off_chance, (0..=9i64, part_off())),
    )
        .prop_map(
            |(skills, weekly_hours, focus, time_off, available_from, workdays, part_off)| GenDev {
                skills,
                weekly_hours,
                focus,
                time_off,
                available_from,
                workdays,
                part_off,
            },
        )
        .boxed()
}

/// A part of a day off.
fn part_off() -> BoxedStrategy<PartOff> {
    prop_oneof![
        1 => Just(PartOff::Morning),
        1 => Just(PartOff::Afternoon),
        2 => (
            prop::sample::select(vec![600i64, 690, 720, 780, 900]),
            prop::sample::select(vec![60i64, 90, 180, 1440 + 60]),
        )
            .prop_map(|(at, len)| PartOff::Hours(at, len)),
    ]
    .boxed()
}

/// The time range a part of a day off stands for, on `day`: half days split
/// at 13:00 (the default calendar's 09:00 + 8 h / 2), as the team file does.
pub fn part_off_range(day: NaiveDate, part: PartOff) -> TimeRange {
    let midnight = day.and_time(NaiveTime::MIN);
    let (from, len) = match part {
        PartOff::Morning => (0, 13 * 60),
        PartOff::Afternoon => (13 * 60, 11 * 60),
        PartOff::Hours(at, len) => (at, len),
    };
    TimeRange {
        start: midnight + Duration::minutes(from),
        end: midnight + Duration::minutes(from + len),
    }
}

/// An instance of `shape`.
pub fn instance(shape: &Shape) -> BoxedStrategy<Gen> {
    let mix = shape.rules;
    let mut rules: Vec<(u32, BoxedStrategy<GenRule>)> = Vec::new();
    if mix.none > 0 {
        rules.push((mix.none, Just(GenRule::None).boxed()));
    }
    if mix.urgent_to_first > 0 {
        rules.push((mix.urgent_to_first, Just(GenRule::UrgentToFirst).boxed()));
    }
    if mix.prefer > 0 {
        let prefer = (prop::sample::select(Priority::ALL.to_vec()), 0..NAMES.len())
            .prop_map(|(p, d)| GenRule::Prefer(p, d));
        rules.push((mix.prefer, prefer.boxed()));
    }
    (
        prop::collection::vec(gen_task(&shape.task), shape.tasks.clone()),
        prop::collection::vec(gen_developer(&shape.developer), shape.developers.clone()),
        prop::bool::weighted(shape.first_has_all),
        prop::bool::weighted(shape.holiday),
        Union::new_weighted(rules),
    )
        .prop_map(|(tasks, devs, first_has_all, holiday, rule)| Gen {
            tasks,
            devs,
            first_has_all,
            holiday,
            rule,
        })
        .boxed()
}

/// `n` values of `strategy` drawn with a fixed seed: to check that a shape
/// covers what it says (a property passes on the inputs it is given only).
pub fn sample<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

// ---------------------------------------------------------------------------
// From a generated instance to a backlog and a team

/// Skills by name, the highest level kept when a name repeats.
pub fn skill_set(raw: &[(usize, u32)]) -> Vec<Skill> {
    let mut out: Vec<Skill> = Vec::new();
    for &(s, level) in raw {
        match out.iter_mut().find(|k| k.name == SKILLS[s]) {
            Some(k) => k.level = k.level.max(level),
            None => out.push(Skill {
                name: SKILLS[s].to_string(),
                level,
            }),
        }
    }
    out.sort();
    out
}

/// Whether the developer has every skill, at or above its level (SPEC 3).
pub fn can_do(dev: &Developer, needs: &[Skill]) -> bool {
    needs.iter().all(|need| {
        dev.skills
            .iter()
            .any(|s| s.name == need.name && s.level >= need.level)
    })
}

/// The backlog and team a generated instance describes: tasks `t0`, `t1`,
/// ... titled "Task 0", ...; developers named from [`NAMES`].
pub fn build(g: &Gen) -> (Backlog, Team) {
    let start = start();
    let developers: Vec<Developer> = g
        .devs
        .iter()
        .enumerate()
        .map(|(i, gd)| {
            // The drawn weekly hours are for five days: same daily hours.
            let days = gd.workdays.map_or(5, |k| WORKDAY_SETS[k].len());
            let mut dev = developer(NAMES[i], gd.weekly_hours * days as f64 / 5.0);
            dev.workdays = gd.workdays.map(|k| WORKDAY_SETS[k].to_vec());
            if let Some((from, part)) = gd.part_off {
                dev.hours_off = vec![part_off_range(start + Duration::days(from), part)];
            }
            dev.focus = gd.focus;
            dev.skills = if i == 0 && g.first_has_all {
                SKILLS
                    .iter()
                    .map(|s| Skill {
                        name: s.to_string(),
                        level: 3,
                    })
                    .collect()
            } else {
                skill_set(&gd.skills)
            };
            if let Some((from, len)) = gd.time_off {
                dev.time_off = vec![DateRange {
                    first: start + Duration::days(from),
                    last: start + Duration::days(from + len - 1),
                }];
            }
            dev.available_from = gd.available_from.map(|d| start + Duration::days(d));
            dev
        })
        .collect();
    let mut tasks = Vec::new();
    for (i, gt) in g.tasks.iter().enumerate() {
        let mut t = Task::new(format!("t{i}"), format!("Task {i}"), gt.hours);
        t.priority = gt.priority;
        t.project = gt.project.to_string();
        let deps: BTreeSet<usize> = gt.deps.iter().copied().filter(|&d| d < i).collect();
        t.depends_on = deps.iter().map(|d| format!("t{d}")).collect();
        t.skills = skill_set(&gt.skills);
        if !developers.iter().any(|d| can_do(d, &t.skills)) {
            t.skills.clear();
        }
        t.due = match gt.due {
            Due::None => None,
            Due::FarAhead => Some(date("2099-12-31")),
            Due::BeforeStart => Some(date("2026-11-27")),
            Due::After(days) => Some(start + Duration::days(days)),
        };
        t.confidence = gt.confidence;
        tasks.push(t);
    }
    let mut team = team_of(developers);
    if g.holiday {
        team.calendar.holidays.insert(holiday());
    }
    match g.rule {
        GenRule::None => {}
        GenRule::UrgentToFirst => {
            let first = &team.developers[0];
            if tasks
                .iter()
                .filter(|t| t.priority == Priority::Urgent)
                .all(|t| can_do(first, &t.skills))
            {
                team.rules.push(Rule {
                    name: "lead owns urgent".to_string(),
                    when: RuleCondition {
                        priority: vec![Priority::Urgent],
                        ..RuleCondition::default()
                    },
                    assign_to: vec![NAMES[0].to_string()],
                    mode: RuleMode::Require,
                    line: 0,
                });
            }
        }
        GenRule::Prefer(p, d) => {
            let d = d % team.developers.len();
            team.rules.push(Rule {
                name: "preference".to_string(),
                when: RuleCondition {
                    priority: vec![p],
                    ..RuleCondition::default()
                },
                assign_to: vec![NAMES[d].to_string()],
                mode: RuleMode::Prefer,
                line: 0,
            });
        }
    }
    (backlog_of(tasks), team)
}

/// The instance as a backlog CSV and a team TOML, to replay a failure with
/// `sprintcast plan backlog.csv --team team.toml`.
pub fn describe(backlog: &Backlog, team: &Team) -> String {
    let mut s = String::from(
        "--- backlog.csv\nid,title,project,priority,hours,depends_on,skills,due,confidence\n",
    );
    for t in &backlog.tasks {
        let skills: Vec<String> = t.skills.iter().map(Skill::to_string).collect();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{}",
            t.id,
            t.title,
            t.project,
            t.priority,
            t.hours,
            t.depends_on.join(";"),
            skills.join(";"),
            t.due.map(|d| d.to_string()).unwrap_or_default(),
            t.confidence.map(|c| c.to_string()).unwrap_or_default()
        );
    }
    let holidays: Vec<String> = team
        .calendar
        .holidays
        .iter()
        .map(|d| format!("\"{d}\""))
        .collect();
    let _ = writeln!(
        s,
        "--- team.toml\n[calendar]\nstart = \"{}\"\nholidays = [{}]",
        team.calendar.start,
        holidays.join(", ")
    );
    for d in &team.developers {
        let skills: Vec<String> = d.skills.iter().map(|k| format!("\"{k}\"")).collect();
        let _ = writeln!(
            s,
            "[[developer]]\nname = \"{}\"\nweekly_hours = {}\nfocus = {}\nskills = [{}]",
            d.name,
            d.weekly_hours,
            d.focus,
            skills.join(", ")
        );
        let mut off: Vec<String> = d
            .time_off
            .iter()
            .map(|r| format!("[\"{}\", \"{}\"]", r.first, r.last))
            .collect();
        let minute = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        off.extend(
            d.hours_off
                .iter()
                .map(|r| format!("[\"{}\", \"{}\"]", minute(r.start), minute(r.end))),
        );
        if !off.is_empty() {
            let _ = writeln!(s, "time_off = [{}]", off.join(", "));
        }
        if let Some(days) = &d.workdays {
            let names: Vec<String> = days.iter().map(|w| format!("\"{w}\"")).collect();
            let _ = writeln!(s, "workdays = [{}]", names.join(", "));
        }
        if let Some(f) = d.available_from {
            let _ = writeln!(s, "available_from = \"{f}\"");
        }
    }
    for r in &team.rules {
        let prios: Vec<String> = r.when.priority.iter().map(|p| format!("\"{p}\"")).collect();
        let _ = writeln!(
            s,
            "[[rule]]\nname = \"{}\"\nwhen = {{ priority = [{}] }}\nassign_to = [\"{}\"]\nmode = \"{}\"",
            r.name,
            prios.join(", "),
            r.assign_to.join("\", \""),
            r.mode.as_str()
        );
    }
    s
}
