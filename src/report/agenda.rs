//! The agenda (`plan --format agenda` and `agenda-markdown`): for each
//! developer, what they work on this sprint and next, in working order,
//! with when each task starts and finishes, the hours in that sprint, and
//! the tasks already in progress marked.
//!
//! "This sprint" is the sprint that holds the plan's first day: the as-of
//! date of a re-plan, else the calendar's start. A task worked in both
//! sprints is listed under each, with the hours of that sprint.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::model::{Backlog, Status};
use crate::plan::{Plan, PlannedTask};
use crate::text::escape as safe;
use crate::text::fit::Width;
use crate::text::num;

/// The tasks one developer works in one sprint: id -> (first minute of
/// work in the sprint, hours in it).
type Worked<'a> = BTreeMap<&'a str, (NaiveDateTime, f64)>;

/// One task of a developer in one sprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Task id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The task's first minute of work (maybe in an earlier sprint).
    pub start: NaiveDateTime,
    /// The end of its last minute of work (maybe in a later sprint).
    pub finish: NaiveDateTime,
    /// Hours worked on it in this sprint.
    pub hours: f64,
    /// Hours planned for it in all (its remaining hours when in progress).
    pub planned_hours: f64,
    /// Whether it was started before the plan (status in progress).
    pub in_progress: bool,
}

/// One sprint of one developer's agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct SprintAgenda {
    /// Sprint number.
    pub sprint: u32,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Tasks worked in it, by their first minute of work in it.
    pub entries: Vec<Entry>,
}

/// The agenda of every developer asked for, in team order.
#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    /// (developer, this sprint, next sprint).
    pub developers: Vec<(String, [SprintAgenda; 2])>,
}

impl Agenda {
    /// The agenda of `plan` (a plan of `backlog`), for the developer named
    /// `only` (as the team spells it) or, with `None`, for everyone.
    pub fn new(plan: &Plan, backlog: &Backlog, only: Option<&str>) -> Agenda {
        let in_progress: HashMap<&str, bool> = backlog
            .tasks
            .iter()
            .map(|t| (t.id.as_str(), t.status == Status::InProgress))
            .collect();
        let tasks: HashMap<&str, &PlannedTask> =
            plan.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
        let (this, from, to) = plan.sprints.first().copied().unwrap_or_else(|| {
            let day = plan.as_of.unwrap_or_default();
            (1, day, day)
        });
        // Sprints are all as long as the first.
        let length = (to - from).num_days() + 1;
        let next = (
            this + 1,
            to + Duration::days(1),
            to + Duration::days(length),
        );
        let mut planned: HashMap<&str, f64> = HashMap::new();
        // (developer, sprint) -> task -> (first minute in the sprint, hours).
        let mut worked: HashMap<(&str, u32), Worked<'_>> = HashMap::new();
        for s in &plan.stretches {
            *planned.entry(s.task_id.as_str()).or_default() += s.hours;
            if s.sprint == this || s.sprint == next.0 {
                let e = worked
                    .entry((s.developer.as_str(), s.sprint))
                    .or_default()
                    .entry(s.task_id.as_str())
                    .or_insert((s.start, 0.0));
                e.0 = e.0.min(s.start);
                e.1 += s.hours;
            }
        }
        let mut names: Vec<&str> = Vec::new();
        for l in &plan.load {
            if !names.contains(&l.developer.as_str()) {
                names.push(&l.developer);
            }
        }
        names.retain(|n| only.is_none_or(|o| o == *n));
        let sprint = |dev: &str, (k, from, to): (u32, NaiveDate, NaiveDate)| {
            let mut entries: Vec<(NaiveDateTime, Entry)> = worked
                .get(&(dev, k))
                .into_iter()
                .flatten()
                .filter_map(|(&id, &(first, hours))| {
                    let t = tasks.get(id)?;
                    Some((
                        first,
                        Entry {
                            id: t.id.clone(),
                            title: t.title.clone(),
                            start: t.start,
                            finish: t.finish,
                            hours,
                            planned_hours: planned.get(id).copied().unwrap_or(hours),
                            in_progress: in_progress.get(id).copied().unwrap_or(false),
                        },
                    ))
                })
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
            SprintAgenda {
                sprint: k,
                from,
                to,
                entries: entries.into_iter().map(|(_, e)| e).collect(),
            }
        };
        Agenda {
            developers: names
                .into_iter()
                .map(|dev| {
                    (
                        dev.to_string(),
                        [sprint(dev, (this, from, to)), sprint(dev, next)],
                    )
                })
                .collect(),
        }
    }

    /// The two sprints, from the first developer (all have the same).
    fn sprints(&self) -> Option<&[SprintAgenda; 2]> {
        self.developers.first().map(|(_, s)| s)
    }

    /// The agenda for the terminal: a block per developer, a table per
    /// sprint.
    pub fn write_table(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        if let Some([a, b]) = self.sprints() {
            writeln!(out, "{}", heading(a, b))?;
        }
        let hours_width = self
            .developers
            .iter()
            .flat_map(|(_, s)| s.iter())
            .flat_map(|s| &s.entries)
            .map(|e| hours_cell(e).chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        for (dev, sprints) in &self.developers {
            writeln!(out)?;
            writeln!(out, "{dev}")?;
            for s in sprints {
                writeln!(out, "  {}", sprint_title(s))?;
                if s.entries.is_empty() {
                    writeln!(out, "    nothing planned")?;
                    continue;
                }
                writeln!(
                    out,
                    "    {:<20}  {:<20}  {:>hours_width$}  task",
                    "start", "finish", "hours"
                )?;
                for e in &s.entries {
                    let task = format!(
                        "{}{}",
                        e.title,
                        if e.in_progress { " [in progress]" } else { "" }
                    );
                    writeln!(
                        out,
                        "    {:<20}  {:<20}  {:>hours_width$}  {}",
                        when(&e.start),
                        when(&e.finish),
                        hours_cell(e),
                        width.cut(&task, 4 + 22 + 22 + hours_width + 2)
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The agenda as Markdown: a heading per developer, a table per sprint;
    /// text from the input escaped ([`safe::markdown`]).
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        match self.sprints() {
            Some([a, b]) => writeln!(out, "# {}", heading(a, b))?,
            None => writeln!(out, "# Agenda")?,
        }
        for (dev, sprints) in &self.developers {
            writeln!(out)?;
            writeln!(out, "## {}", safe::markdown(dev))?;
            for s in sprints {
                writeln!(out)?;
                writeln!(out, "### {}", sprint_title(s))?;
                writeln!(out)?;
                if s.entries.is_empty() {
                    writeln!(out, "Nothing planned.")?;
                    continue;
                }
                writeln!(out, "| start | finish | hours | task | id |")?;
                writeln!(out, "|---|---|---:|---|---|")?;
                for e in &s.entries {
                    writeln!(
                        out,
                        "| {} | {} | {} | {}{} | {} |",
                        when(&e.start),
                        when(&e.finish),
                        hours_cell(e),
                        safe::markdown(&e.title),
                        if e.in_progress { " (in progress)" } else { "" },
                        safe::markdown(&e.id)
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// `Agenda of sprints 1 and 2 (2026-11-30 to 2026-12-27)`.
fn heading(this: &SprintAgenda, next: &SprintAgenda) -> String {
    format!(
        "Agenda of sprints {} and {} ({} to {})",
        this.sprint, next.sprint, this.from, next.to
    )
}

/// `Sprint 1 (2026-11-30 to 2026-12-13)`.
fn sprint_title(s: &SprintAgenda) -> String {
    format!("Sprint {} ({} to {})", s.sprint, s.from, s.to)
}

/// `Mon 2026-11-30 09:00`.
fn when(t: &NaiveDateTime) -> String {
    t.format("%a %Y-%m-%d %H:%M").to_string()
}

/// The hours in the sprint, `of` the task's planned hours when it is
/// worked in another sprint too: `8`, `4 of 12`.
fn hours_cell(e: &Entry) -> String {
    if (e.hours - e.planned_hours).abs() < 1e-9 {
        num(e.hours, 2)
    } else {
        format!("{} of {}", num(e.hours, 2), num(e.planned_hours, 2))
    }
}
