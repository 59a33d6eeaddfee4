//! sprintcast: turn an engineering backlog into a sprint plan.
//!
//! The modules in pipeline order, ground floor first; a module imports only
//! modules listed before it (tests/layers.rs checks this, and
//! docs/architecture.md says what each one owns):
//! - [`text`] formats numbers and dates and keeps untrusted text inert;
//! - [`error`] is what can go wrong, with a line per problem; [`input`]
//!   reads an input file as text;
//! - [`model`] is the backlog and its tasks; [`team`] the team, calendar and
//!   rules; [`calendar`] turns them into working time;
//! - [`team_file`] reads the TOML team file (with the spanned-TOML layer it
//!   shares with [`scenario`]); [`backlog`] reads and writes backlogs
//!   (Markdown, CSV, JSON); [`init`] writes a starter team file from a
//!   backlog;
//! - [`eligibility`] decides who may take which task (skills, rules, owners);
//!   [`lint`] warns of rules and skills that change nothing;
//! - [`graph`] resolves dependencies, finds cycles and the critical path;
//! - [`check`] builds the `check` report;
//! - [`optimizer`] plans: LP-guided construction, local search on the exact
//!   [`optimizer::schedule`] (its decoder), proven lower bounds;
//! - [`plan`] turns the result into a plan as people read it;
//! - [`forecast`] replays a plan with sampled efforts: completion dates at
//!   P50/P85/P95 and the chance of meeting each due date (Monte Carlo);
//! - [`scenario`] reads what-if scenario files and applies their changes to
//!   the baseline backlog and team;
//! - [`whatif`] plans the baseline and every scenario in parallel, compares
//!   and explains;
//! - [`validate`] checks a written plan against SPEC section 4, independently;
//! - [`report`] holds every view: the files of SPEC section 5, terminal
//!   tables, Markdown, JSON, the HTML page, the Excel workbook, and writes
//!   them safely.

#![deny(missing_docs)]

pub mod text;
pub mod error;
pub mod input;
pub mod model;
pub mod previous;
pub mod team;
pub mod calendar;
pub mod binding;
mod toml_read;
pub mod team_file;
pub mod backlog;
pub mod init;
pub mod eligibility;
pub mod lint;
pub mod graph;
pub mod check;
pub mod optimizer;
pub mod plan;
pub mod changes;
pub mod forecast;
pub mod scenario;
pub mod whatif;
pub mod validate;
pub mod report;

pub use error::{Error, Location, Problem, Result};
pub use model::{Backlog, Priority, Skill, Status, Task};
pub use team::{Calendar, Developer, Rule, RuleMode, Team};
