//! The `check` report: what a backlog holds (tasks and hours by project and
//! priority), its critical path, the team's weekly capacity, a first lower
//! bound on the makespan, and every warning, before anything is planned.

use std::io::{self, Write};

use crate::calendar::{
    daily_minutes, hours_to_minutes, never_works, nobody_works, WorkCalendar, LAST_DATE,
};
use crate::eligibility;
use crate::error::{Error, Result};
use crate::graph::TaskGraph;
use crate::model::{Backlog, Priority, Warning};
use crate::team::Team;
use crate::text::fit::Width;
use crate::Location;

/// Count and hours of a group of tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Number of tasks.
    pub tasks: usize,
    /// Sum of their hours.
    pub hours: f64,
}

impl Tally {
    fn add(&mut self, hours: f64) {
        self.tasks += 1;
        self.hours += hours;
    }
}

/// One developer's line in the capacity table.
#[derive(Debug, Clone, PartialEq)]
pub struct DeveloperCapacity {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Contracted hours per week.
    pub weekly_hours: f64,
    /// Share of time for planned work.
    pub focus: f64,
    /// Hours per week available for planned tasks (weekly hours × focus).
    pub effective_hours: f64,
    /// Availability notes: time off, joining late, leaving early.
    pub notes: Vec<String>,
}

/// What bounds the makespan from below.
#[derive(Debug, Clone, PartialEq)]
pub struct MakespanBound {
    /// The bound in team business hours from the plan start.
    pub business_hours: f64,
    /// The earliest date all open work could be finished.
    pub date: chrono::NaiveDate,
    /// Business hours the critical path needs at the fastest developer's pace.
    pub critical_path_hours: f64,
    /// Business hours the whole team needs to work off every open hour.
    pub capacity_hours: f64,
    /// The largest load that rules, skills and owners force onto one
    /// developer or group (binding::forced_loads), when there is one.
    pub forced: Option<Forced>,
}

/// Work only some developers may do (SPEC 9.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Forced {
    /// Their names.
    pub developers: Vec<String>,
    /// The hours of work only they may do.
    pub hours: f64,
    /// How many tasks.
    pub tasks: usize,
    /// Business hours by which their calendars first hold it.
    pub business_hours: f64,
}

impl MakespanBound {
    /// What sets the bound and what would move it, in a sentence.
    pub fn binding(&self) -> String {
        let date = if self.date > LAST_DATE {
            format!("by {LAST_DATE}")
        } else {
            format!("before {}", self.date)
        };
        match &self.forced {
            Some(f)
                if f.business_hours >= self.capacity_hours
                    && f.business_hours >= self.critical_path_hours =>
            {
                let who = match f.developers.as_slice() {
                    [one] => format!("{one} alone"),
                    many => format!("{} together", join_and(many)),
                };
                let task_word = if f.tasks == 1 { "task" } else { "tasks" };
                let them = match f.developers.as_slice() {
                    [one] => one.as_str(),
                    _ => "the group",
                };
                format!(
                    "{who} must do {} h of required work ({} {task_word} that rules, skills or owners give to nobody else): nothing finishes {date}. \
                     To move it, let others take some of that work (loosen those rules, skills or owners) or give {them} more hours",
                    hours(f.hours),
                    f.tasks
                )
            }
            _ if self.capacity_hours >= self.critical_path_hours => format!(
                "the team's capacity: working every open hour takes until {} business hours in, so nothing finishes {date}. \
                 To move it, add people or hours, or drop work"
                , hours(self.capacity_hours)
            ),
            _ => format!(
                "the critical path: its chain of dependent tasks takes {} business hours at the fastest pace, so nothing finishes {date}. \
                 To move it, split or shorten the tasks on it, or remove a dependency",
                hours(self.critical_path_hours)
            ),
        }
    }
}

/// "A", "A and B", "A, B and C".
fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Everything `check` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    /// The backlog file.
    pub source: String,
    /// All tasks.
    pub all: Tally,
    /// Open tasks.
    pub open: Tally,
    /// Per project (in order of appearance): tallies of open tasks by
    /// priority (URGENT..LOW) and their total.
    pub by_project: Vec<(String, [Tally; 4], Tally)>,
    /// Totals by priority over open tasks.
    pub by_priority: [Tally; 4],
    /// Critical path hours.
    pub critical_path_hours: f64,
    /// Critical path: (title, project, hours) first to last.
    pub critical_path: Vec<(String, String, f64)>,
    /// The team file, when given.
    pub team_source: Option<String>,
    /// Capacity per developer, when a team is given.
    pub capacity: Vec<DeveloperCapacity>,
    /// Makespan lower bound, when a team is given.
    pub bound: Option<MakespanBound>,
    /// Every warning, in the order found.
    pub warnings: Vec<Warning>,
}

/// Builds the report. Fails on input errors (bad references, cycles, owners
/// naming nobody) and when no plan can exist because no developer can ever
/// work; anything merely suspicious becomes a warning (a developer who can
/// never work while others can, a makespan bound past the last date).
pub fn check(backlog: &Backlog, team: Option<&Team>) -> Result<CheckReport> {
    let graph = TaskGraph::build(backlog)?;
    let mut all = Tally::default();
    let mut open = Tally::default();
    let mut by_priority = [Tally::default(); 4];
    let mut by_project: Vec<(String, [Tally; 4], Tally)> = Vec::new();
    for t in &backlog.tasks {
        all.add(t.hours);
        if !t.is_open() {
            continue;
        }
        open.add(t.hours);
        let p = priority_index(t.priority);
        by_priority[p].add(t.hours);
        let row = match by_project
            .iter()
            .position(|(name, _, _)| *name == t.project)
        {
            Some(i) => i,
            None => {
                by_project.push((t.project.clone(), [Tally::default(); 4], Tally::default()));
                by_project.len() - 1
            }
        };
        by_project[row].1[p].add(t.hours);
        by_project[row].2.add(t.hours);
    }
    let cp = graph.critical_path(backlog);
    let critical_path = cp
        .tasks
        .iter()
        .map(|&i| {
            let t = &backlog.tasks[i];
            (t.title.clone(), t.project.clone(), t.hours)
        })
        .collect();
    let mut warnings = backlog.warnings.clone();
    let mut capacity = Vec::new();
    let mut bound = None;
    if let Some(team) = team {
        eligibility::check_owners(backlog, team)?;
        // Certain, not suspicious: `plan` fails with the same sentence.
        if open.tasks > 0 {
            if let Some(why) = nobody_works(team) {
                return Err(Error::Infeasible(Box::new(why)));
            }
        }
        for d in &team.developers {
            if let Some(why) = never_works(&team.calendar, d) {
                warnings.push(Warning {
                    at: Location::new(team.source.clone(), d.line),
                    message: format!(
                        "developer \"{}\" can never work: {why}; no task will be planned for them",
                        d.name
                    ),
                });
            }
        }
        let mut allowance = eligibility::Allowance::new(team);
        for t in backlog.open_tasks() {
            if let Some(why) = allowance.of(t).why_empty {
                warnings.push(Warning {
                    at: Location::new(backlog.source.clone(), t.line),
                    message: format!("no developer may take this task: {why}"),
                });
            }
        }
        capacity = team
            .developers
            .iter()
            .map(|d| DeveloperCapacity {
                name: d.name.clone(),
                role: d.role.clone(),
                weekly_hours: d.weekly_hours,
                focus: d.focus,
                effective_hours: d.weekly_hours * d.focus,
                notes: availability_notes(d),
            })
            .collect();
        let wc = WorkCalendar::new(team, hours_to_minutes(open.hours), 1);
        let (b, short) = makespan_bound(backlog, team, &wc, open.hours, cp.hours);
        if let Some(why) = short {
            warnings.push(Warning {
                at: Location::new(team.source.clone(), 0),
                message: format!("{why}: `plan` will refuse this backlog"),
            });
        }
        bound = Some(b);
    }
    Ok(CheckReport {
        source: backlog.source.clone(),
        all,
        open,
        by_project,
        by_priority,
        critical_path_hours: cp.hours,
        critical_path,
        team_source: team.map(|t| t.source.clone()),
        capacity,
        bound,
        warnings,
    })
}

/// The makespan bound of `check` alone: what sets the earliest finish
/// (`plan` states it beside its own finish, SPEC 9.5). `cal` is the plan's
/// clock: any horizon that holds the open work gives the same bound (one
/// that is too short only cuts a group's end at the horizon's), so `plan`
/// passes its own rather than lay out every developer's days again.
pub fn finish_bound(backlog: &Backlog, team: &Team, cal: &WorkCalendar) -> Result<MakespanBound> {
    let graph = TaskGraph::build(backlog)?;
    let cp = graph.critical_path(backlog);
    let open: f64 = backlog.open_tasks().map(|t| t.hours_to_plan()).sum();
    Ok(makespan_bound(backlog, team, cal, open, cp.hours).0)
}

fn priority_index(p: Priority) -> usize {
    Priority::ALL.iter().position(|&q| q == p).unwrap_or(2)
}

fn availability_notes(d: &crate::team::Developer) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(f) = d.available_from {
        notes.push(format!("from {f}"));
    }
    if let Some(u) = d.available_until {
        notes.push(format!("until {u}"));
    }
    if let Some(days) = &d.workdays {
        let days: Vec<String> = days.iter().map(|w| w.to_string()).collect();
        notes.push(format!("works {}", days.join(", ")));
    }
    for r in &d.time_off {
        if r.first == r.last {
            notes.push(format!("off {}", r.first));
        } else {
            notes.push(format!("off {} to {}", r.first, r.last));
        }
    }
    for r in &d.hours_off {
        let at = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        notes.push(format!("off {} to {}", at(r.start), at(r.end)));
    }
    notes
}

/// max(critical path at the fastest developer's daily pace, the first time by
/// which the whole team has had as many working hours as the open backlog
/// holds), in business hours. Both ignore who may do what, so the bound holds
/// for every plan. Also why no plan can fit at all, when the team's working
/// time ends (everyone leaves, or the calendar's limit) before that time.
fn makespan_bound(
    backlog: &Backlog,
    team: &Team,
    wc: &WorkCalendar,
    open_hours: f64,
    cp_hours: f64,
) -> (MakespanBound, Option<String>) {
    let work = hours_to_minutes(open_hours);
    let d = wc.day_minutes;
    let fastest = team
        .developers
        .iter()
        .map(|dev| daily_minutes(&team.calendar, dev))
        .max()
        .unwrap_or(1)
        .max(1);
    let hpd = team.calendar.hours_per_day;
    let critical_path_hours = cp_hours * hpd * 60.0 / fastest as f64;
    // The first clock time at which the team's summed working time reaches `work`.
    let everyone: Vec<usize> = (0..wc.developers.len()).collect();
    let lo = crate::binding::when_held(wc, &everyone, work);
    let horizon = wc.horizon_days() as i64 * d;
    let short = if crate::binding::held_by(wc, &everyone, horizon) < work {
        Some(match wc.limit() {
            Some(limit) => format!(
                "the team's working time holds less than the {} open hours ({limit})",
                hours(open_hours)
            ),
            None => format!(
                "the team's working time holds less than the {} open hours before every developer leaves",
                hours(open_hours)
            ),
        })
    } else {
        None
    };
    let capacity_hours = wc.business_hours(lo);
    // Who may take each open task; a task nobody may take is warned about
    // above and left out here.
    let mut allowance = eligibility::Allowance::new(team);
    let (allowed, minutes): (Vec<Vec<usize>>, Vec<i64>) = backlog
        .open_tasks()
        .filter_map(|t| {
            let a = allowance.of(t);
            (!a.developers.is_empty()).then(|| (a.developers, hours_to_minutes(t.hours_to_plan())))
        })
        .unzip();
    let forced = crate::binding::forced_loads(wc, &allowed, &minutes)
        .into_iter()
        .next()
        .map(|l| Forced {
            developers: l
                .developers
                .iter()
                .map(|&d| team.developers[d].name.clone())
                .collect(),
            hours: crate::calendar::minutes_to_hours(l.minutes),
            tasks: l.tasks,
            business_hours: wc.business_hours(l.end),
        });
    let forced_hours = forced.as_ref().map_or(0.0, |f| f.business_hours);
    let business_hours = capacity_hours.max(critical_path_hours).max(forced_hours);
    let end = if forced_hours >= business_hours && forced_hours > capacity_hours {
        wc.time_of_business_hours(forced_hours)
    } else if capacity_hours >= critical_path_hours {
        lo
    } else {
        // The critical path's end, on the team clock.
        wc.time_of_business_hours(critical_path_hours)
    };
    let date = wc.end_date(end.max(1));
    let short = short.or_else(|| {
        (date > LAST_DATE).then(|| format!("the critical path cannot finish by {LAST_DATE}"))
    });
    (
        MakespanBound {
            business_hours,
            date,
            critical_path_hours,
            capacity_hours,
            forced,
        },
        short,
    )
}

fn hours(h: f64) -> String {
    let rounded = (h * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

fn cell(t: &Tally) -> String {
    if t.tasks == 0 {
        "-".to_string()
    } else {
        format!("{} h ({})", hours(t.hours), t.tasks)
    }
}

/// Writes the report as readable text fitted to `width`, its warnings
/// listed last (the only place `check` prints them).
pub fn render(report: &CheckReport, out: &mut dyn Write, width: Width) -> io::Result<()> {
    let mut text = Vec::new();
    render_lines(report, &mut text, width)?;
    out.write_all(width.fit_text(&String::from_utf8_lossy(&text)).as_bytes())
}

/// The report's lines before they are fitted to the width: the project
/// table's names are cut so that its rows fit; sentences wrap afterwards.
fn render_lines(report: &CheckReport, out: &mut dyn Write, width: Width) -> io::Result<()> {
    let done = report.all.tasks - report.open.tasks;
    writeln!(
        out,
        "{}: {} tasks, {} hours ({} open tasks, {} open hours; {} done)",
        report.source,
        report.all.tasks,
        hours(report.all.hours),
        report.open.tasks,
        hours(report.open.hours),
        done
    )?;
    writeln!(out)?;
    writeln!(out, "Open work by project and priority (hours, tasks)")?;
    let name_width = report
        .by_project
        .iter()
        .map(|(n, _, _)| n.chars().count())
        .chain([7])
        .max()
        .unwrap_or(7);
    // Five columns of 13 after the name and its indent.
    let name_width = match width {
        Width::Fit(columns) => name_width.min(columns.saturating_sub(2 + 5 * 13).max(7)),
        Width::Wide => name_width,
    };
    let headers = ["URGENT", "HIGH", "MEDIUM", "LOW", "total"];
    write!(out, "  {:<name_width$}", "project")?;
    for h in headers {
        write!(out, " {h:>12}")?;
    }
    writeln!(out)?;
    let row =
        |out: &mut dyn Write, name: &str, cells: &[Tally; 4], total: &Tally| -> io::Result<()> {
            let name = crate::text::fit::truncate(name, name_width);
            write!(out, "  {name:<name_width$}")?;
            for c in cells {
                write!(out, " {:>12}", cell(c))?;
            }
            writeln!(out, " {:>12}", cell(total))
        };
    for (name, cells, total) in &report.by_project {
        row(out, crate::model::project_name(name), cells, total)?;
    }
    row(out, "total", &report.by_priority, &report.open)?;
    writeln!(out)?;
    writeln!(
        out,
        "Critical path: {} hours, {} task{}",
        hours(report.critical_path_hours),
        report.critical_path.len(),
        if report.critical_path.len() == 1 {
            ""
        } else {
            "s"
        }
    )?;
    for (k, (title, project, h)) in report.critical_path.iter().enumerate() {
        let project = if project.is_empty() {
            String::new()
        } else {
            format!("  [{project}]")
        };
        writeln!(out, "  {}. {} ({} h){}", k + 1, title, hours(*h), project)?;
    }
    if let Some(team) = &report.team_source {
        writeln!(out)?;
        writeln!(out, "Team capacity per week ({team})")?;
        let w = report
            .capacity
            .iter()
            .map(|c| c.name.chars().count())
            .chain([9])
            .max()
            .unwrap_or(9);
        let r = report
            .capacity
            .iter()
            .map(|c| c.role.chars().count())
            .chain([4])
            .max()
            .unwrap_or(4);
        writeln!(
            out,
            "  {:<w$} {:<r$} {:>8} {:>6} {:>10}  availability",
            "developer", "role", "h/week", "focus", "planned h"
        )?;
        let mut total = 0.0;
        for c in &report.capacity {
            total += c.effective_hours;
            writeln!(
                out,
                "  {:<w$} {:<r$} {:>8} {:>6} {:>10}  {}",
                c.name,
                c.role,
                hours(c.weekly_hours),
                hours(c.focus),
                hours(c.effective_hours),
                if c.notes.is_empty() {
                    "full".to_string()
                } else {
                    c.notes.join(", ")
                }
            )?;
        }
        writeln!(
            out,
            "  {:<w$} {:<r$} {:>8} {:>6} {:>10}",
            "team",
            "",
            "",
            "",
            hours(total)
        )?;
        if let Some(b) = &report.bound {
            writeln!(out)?;
            writeln!(
                out,
                "Makespan lower bound: {} business hours (capacity: {} h, critical path: {} h{}).",
                hours(b.business_hours),
                hours(b.capacity_hours),
                hours(b.critical_path_hours),
                b.forced.as_ref().map_or(String::new(), |f| format!(
                    ", {}: {} h",
                    join_and(&f.developers),
                    hours(f.business_hours)
                )),
            )?;
            writeln!(out, "What sets the finish: {}.", b.binding())?;
        }
    }
    if !report.warnings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} warning{}",
            report.warnings.len(),
            if report.warnings.len() == 1 { "" } else { "s" }
        )?;
        for line in crate::model::warning_lines(&report.warnings, crate::model::WarningDetail::All)
        {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}
