//! Every view, in one folder: the files of SPEC section 5 and the terminal,
//! JSON and Markdown views of the plan ([`plan`]), the forecast
//! ([`forecast`]) and the what-if comparison ([`whatif`]); and the reports
//! people read: one self-contained HTML page with charts ([`html`]), a
//! Markdown summary ([`markdown`]) and an Excel workbook ([`xlsx`]); the
//! exports: a calendar per developer ([`ics`]), the agenda of this sprint
//! and the next ([`agenda`]), and the per-task and `check` JSON ([`json`]).
//! [`crate::text::escape`] keeps untrusted text inert in each of them, and
//! [`atomic`] writes every output file whole or not at all.
//!
//! Writers take a [`Report`] and an `impl Write` (or return bytes); nothing
//! here prints. Reports are deterministic: the same inputs give the same
//! bytes. The one input that comes from the clock, the date of the "today"
//! line, is a field of [`Report`] that the caller sets (the binary passes the
//! local date or `--today`); the plan's `solve_seconds`, a wall-clock
//! measurement, is left out of every report.

pub mod agenda;
pub mod atomic;
mod burnup;
pub mod changes;
pub mod forecast;
mod gantt;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod plan;
pub mod whatif;
pub mod xlsx;

use chrono::{NaiveDate, NaiveDateTime};

use crate::changes::Changes;
use crate::forecast::Forecast;
use crate::model::{Priority, Warning};
use crate::plan::Plan;
use crate::whatif::WhatIf;

pub use crate::text::escape::Cells;
pub use atomic::{check_writable, write_atomically};

/// What a report shows: a plan, and the forecast made from it if any, or the
/// what-if comparison whose baseline the plan is.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The backlog as the user named it (shown in headings; may be empty).
    pub source: &'a str,
    /// The plan.
    pub plan: &'a Plan,
    /// The Monte Carlo forecast of the plan, when one was made.
    pub forecast: Option<&'a Forecast>,
    /// The what-if comparison, when the plan is its baseline.
    pub whatif: Option<&'a WhatIf>,
    /// The date of the "today" line of the schedule chart; drawn only when
    /// it lies within the plan's sprints. `None` draws none.
    pub today: Option<NaiveDate>,
    /// The changes against the previous plan (`plan --previous`).
    pub changes: Option<&'a Changes>,
}

impl<'a> Report<'a> {
    /// A report of `plan` alone, with no today line.
    pub fn new(source: &'a str, plan: &'a Plan) -> Self {
        Report {
            source,
            plan,
            forecast: None,
            whatif: None,
            today: None,
            changes: None,
        }
    }

    /// The same report with a forecast.
    pub fn with_forecast(mut self, forecast: &'a Forecast) -> Self {
        self.forecast = Some(forecast);
        self
    }

    /// The same report with the what-if comparison whose baseline the plan is.
    pub fn with_whatif(mut self, whatif: &'a WhatIf) -> Self {
        self.whatif = Some(whatif);
        self
    }

    /// The same report with the changes against the previous plan.
    pub fn with_changes(mut self, changes: Option<&'a Changes>) -> Self {
        self.changes = changes;
        self
    }

    /// The same report with the date of the today line.
    pub fn with_today(mut self, today: Option<NaiveDate>) -> Self {
        self.today = today;
        self
    }

    /// What the report is: "What-if scenarios", "Forecast" or "Sprint plan".
    pub fn kind(&self) -> &'static str {
        if self.whatif.is_some() {
            "What-if scenarios"
        } else if self.forecast.is_some() {
            "Forecast"
        } else {
            "Sprint plan"
        }
    }

    /// The latest finish of the plan.
    fn finish(&self) -> Option<NaiveDateTime> {
        self.plan.tasks.iter().map(|t| t.finish).max()
    }

    /// Total estimated hours of the open tasks.
    fn hours(&self) -> f64 {
        self.plan.tasks.iter().map(|t| t.hours).sum()
    }

    /// The warnings of the input and the plan, then the forecast's.
    pub fn warnings(&self) -> Vec<&'a Warning> {
        let mut all: Vec<&Warning> = self.plan.warnings.iter().collect();
        if let Some(f) = self.forecast {
            all.extend(
                f.warnings
                    .iter()
                    .filter(|w| !self.plan.warnings.contains(w)),
            );
        }
        all
    }
}

/// The lower-case name used as a CSS class.
fn priority_class(p: Priority) -> &'static str {
    match p {
        Priority::Urgent => "urgent",
        Priority::High => "high",
        Priority::Medium => "medium",
        Priority::Low => "low",
    }
}
