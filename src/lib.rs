//! sprintcast: turn an engineering backlog into a sprint plan.
//!
//! The pipeline, one module per stage:
//! - [`backlog`] reads and writes backlogs (Markdown, CSV, JSON) into a [`model::Backlog`];
//! - [`team_file`] reads the TOML team file into a [`team::Team`] (with the
//!   spanned-TOML layer it shares with [`scenario`]);
//! - [`calendar`] turns the calendar and each developer's availability into working time;
//! - [`eligibility`] decides who may take which task (skills, rules, owners);
//! - [`graph`] resolves dependencies, finds cycles and the critical path;
//! - [`check`] builds the `check` report;
//! - [`optimizer`] plans: LP-guided construction, local search on the exact
//!   [`optimizer::schedule`] (its decoder), proven lower bounds;
//! - [`plan`] turns the result into the files and views of SPEC section 5;
//! - [`forecast`] replays a plan with sampled efforts: completion dates at
//!   P50/P85/P95 and the chance of meeting each due date (Monte Carlo);
//! - [`report`] turns a plan (and its forecast) into an HTML page with
//!   charts, a Markdown summary and an Excel workbook, and writes files safely;
//! - [`validate`] checks a written plan against SPEC section 4, independently;
//! - [`scenario`] reads what-if scenario files and applies their changes to
//!   the baseline backlog and team;
//! - [`whatif`] plans the baseline and every scenario in parallel and compares them.

pub mod backlog;
pub mod calendar;
pub mod check;
pub mod eligibility;
pub mod error;
pub mod forecast;
pub mod graph;
pub mod input;
pub mod model;
pub mod optimizer;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod team;
pub mod team_file;
pub mod text;
mod toml_read;
pub mod validate;
pub mod whatif;

pub use error::{Error, Location, Problem, Result};
pub use model::{Backlog, Priority, Skill, Status, Task};
pub use team::{Calendar, Developer, Rule, RuleMode, Team};
