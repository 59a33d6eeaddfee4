//! What a re-plan changed against the previous plan (SPEC 7.3): per task
//! (new, dropped, done since, reassigned A → B, start or finish moved by N
//! working days) and per project and priority (finish moved). The views are
//! in [`crate::report::changes`].
//!
//! A start counts as moved only for a task that has not started (an
//! in-progress task restarts at the as-of date by definition); its finish
//! is reported instead. Moves under [`MIN_DAYS`] working days (a few
//! minutes, rounding) are not changes, so an unchanged re-plan reports none.

use chrono::NaiveDateTime;

use crate::calendar::working_days_between;
use crate::model::{Backlog, Status};
use crate::plan::Plan;
use crate::previous::{PreviousPlan, PreviousTask};
use crate::team::Calendar;
use crate::text::date_time as fmt;

/// The smallest move, in working days, that counts as a change (about five
/// minutes of an 8-hour day).
pub const MIN_DAYS: f64 = 0.01;

/// What happened to a task, a project or a priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A task the previous plan did not have.
    New,
    /// A task of the previous plan that is no longer in the backlog.
    Dropped,
    /// A task of the previous plan that is done now.
    Done,
    /// A task that moved to another developer.
    Reassigned,
    /// A task that starts later.
    StartsLater,
    /// A task that starts earlier.
    StartsEarlier,
    /// A task, project or priority that finishes later.
    FinishesLater,
    /// A task, project or priority that finishes earlier.
    FinishesEarlier,
}

impl ChangeKind {
    /// The word changes.csv writes: `new`, `dropped`, `done`, `reassigned`,
    /// `starts_later`, `starts_earlier`, `finishes_later`, `finishes_earlier`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Dropped => "dropped",
            ChangeKind::Done => "done",
            ChangeKind::Reassigned => "reassigned",
            ChangeKind::StartsLater => "starts_later",
            ChangeKind::StartsEarlier => "starts_earlier",
            ChangeKind::FinishesLater => "finishes_later",
            ChangeKind::FinishesEarlier => "finishes_earlier",
        }
    }
}

/// One change: a row of changes.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The task's id, or `project:NAME` / `priority:NAME` for a scope.
    pub id: String,
    /// The task's title, or the project's or priority's name.
    pub title: String,
    /// What happened.
    pub kind: ChangeKind,
    /// Before: the developer, or the date-time (`YYYY-MM-DDTHH:MM`); empty for new.
    pub from: String,
    /// After, in the same form; empty for dropped and done.
    pub to: String,
    /// The move in working days (later positive) for a start or finish.
    pub days: Option<f64>,
    /// Whether it is a project's or priority's change, not a task's.
    pub scope: bool,
}

/// Every change of a re-plan, tasks in the new plan's order (then the
/// previous plan's for dropped and done), then projects, then priorities.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The previous plan's folder.
    pub previous: String,
    /// The changes.
    pub changes: Vec<Change>,
}

/// A move of `days` working days, when it counts.
fn moved(days: f64, later: ChangeKind, earlier: ChangeKind) -> Option<ChangeKind> {
    if days >= MIN_DAYS {
        Some(later)
    } else if days <= -MIN_DAYS {
        Some(earlier)
    } else {
        None
    }
}

/// Compares the new plan with the previous one.
pub fn compare(
    previous: &PreviousPlan,
    backlog: &Backlog,
    plan: &Plan,
    calendar: &Calendar,
) -> Changes {
    let mut changes = Vec::new();
    let days = |a: &NaiveDateTime, b: &NaiveDateTime| {
        (working_days_between(calendar, *a, *b) * 100.0).round() / 100.0
    };
    let mut push =
        |id: &str, title: &str, kind, from: String, to: String, d: Option<f64>, scope: bool| {
            changes.push(Change {
                id: id.to_string(),
                title: title.to_string(),
                kind,
                from,
                to,
                days: d,
                scope,
            })
        };
    let in_progress = |id: &str| {
        backlog
            .tasks
            .iter()
            .any(|t| t.id == id && t.status == Status::InProgress)
    };
    for t in &plan.tasks {
        let Some(before) = previous.task(&t.id) else {
            push(
                &t.id,
                &t.title,
                ChangeKind::New,
                String::new(),
                t.developer.clone(),
                None,
                false,
            );
            continue;
        };
        if before.developer != t.developer {
            push(
                &t.id,
                &t.title,
                ChangeKind::Reassigned,
                before.developer.clone(),
                t.developer.clone(),
                None,
                false,
            );
        }
        let (from, to, later, earlier) = if in_progress(&t.id) {
            (
                &before.finish,
                &t.finish,
                ChangeKind::FinishesLater,
                ChangeKind::FinishesEarlier,
            )
        } else {
            (
                &before.start,
                &t.start,
                ChangeKind::StartsLater,
                ChangeKind::StartsEarlier,
            )
        };
        let d = days(from, to);
        if let Some(kind) = moved(d, later, earlier) {
            push(&t.id, &t.title, kind, fmt(from), fmt(to), Some(d), false);
        }
    }
    for before in &previous.tasks {
        if plan.tasks.iter().any(|t| t.id == before.id) {
            continue;
        }
        let done = backlog
            .tasks
            .iter()
            .any(|t| t.id == before.id && t.status == Status::Done);
        let kind = if done {
            ChangeKind::Done
        } else {
            ChangeKind::Dropped
        };
        push(
            &before.id,
            &before.title,
            kind,
            before.developer.clone(),
            String::new(),
            None,
            false,
        );
    }
    // Scopes: the latest finish of each project and priority, before and after.
    let latest = |key: fn(&PreviousTask) -> String| {
        let mut before: Vec<(String, NaiveDateTime)> = Vec::new();
        for t in &previous.tasks {
            let k = key(t);
            match before.iter_mut().find(|(n, _)| *n == k) {
                Some(e) => e.1 = e.1.max(t.finish),
                None => before.push((k, t.finish)),
            }
        }
        before
    };
    let projects = latest(|t| t.project.clone());
    let priorities = latest(|t| t.priority.trim().to_uppercase());
    let scopes = plan
        .projects
        .iter()
        .map(|(name, after)| ("project", name.as_str(), after, &projects))
        .chain(
            plan.priorities
                .iter()
                .map(|(p, after)| ("priority", p.as_str(), after, &priorities)),
        );
    for (scope, name, after, before) in scopes {
        let Some((_, before)) = before.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let d = days(before, after);
        if let Some(kind) = moved(d, ChangeKind::FinishesLater, ChangeKind::FinishesEarlier) {
            push(
                &format!("{scope}:{name}"),
                name,
                kind,
                fmt(before),
                fmt(after),
                Some(d),
                true,
            );
        }
    }
    Changes {
        previous: previous.source.clone(),
        changes,
    }
}

impl Changes {
    /// Task changes of a kind (scopes excluded).
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.tasks().filter(|c| c.kind == kind).count()
    }

    /// The changes of tasks (not of projects or priorities).
    pub fn tasks(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.scope)
    }

    /// The changes of projects and priorities.
    pub fn scopes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.scope)
    }

    /// One line: "2 tasks reassigned, 3 start later, customer-feedback-app
    /// finishes 1.5 days earlier", or "no changes against the previous plan".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let tasks = |n: usize| {
            if n == 1 {
                "1 task".to_string()
            } else {
                format!("{n} tasks")
            }
        };
        let verb = |n: usize, one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                many.to_string()
            }
        };
        for (kind, one, many) in [
            (ChangeKind::New, "is new", "are new"),
            (ChangeKind::Done, "done since", "done since"),
            (ChangeKind::Dropped, "dropped", "dropped"),
            (ChangeKind::Reassigned, "reassigned", "reassigned"),
            (ChangeKind::StartsLater, "starts later", "start later"),
            (ChangeKind::StartsEarlier, "starts earlier", "start earlier"),
            (ChangeKind::FinishesLater, "finishes later", "finish later"),
            (
                ChangeKind::FinishesEarlier,
                "finishes earlier",
                "finish earlier",
            ),
        ] {
            let n = self.count(kind);
            if n > 0 {
                parts.push(format!("{} {}", tasks(n), verb(n, one, many)));
            }
        }
        for c in self.scopes() {
            let d = c.days.unwrap_or(0.0).abs();
            let unit = if d == 1.0 { "day" } else { "days" };
            let way = if c.kind == ChangeKind::FinishesLater {
                "later"
            } else {
                "earlier"
            };
            let label = if c.id.starts_with("priority:") {
                format!("{} work", c.title)
            } else {
                c.title.clone()
            };
            parts.push(format!(
                "{label} finishes {} {unit} {way}",
                crate::text::num(d, 2)
            ));
        }
        if parts.is_empty() {
            "no changes against the previous plan".to_string()
        } else {
            parts.join(", ")
        }
    }
}
