//! sprintcast: turn an engineering backlog into a sprint plan.
//!
//! The pipeline, one module per stage:
//! - [`backlog`] reads and writes backlogs (Markdown, CSV, JSON) into a [`model::Backlog`];
//! - [`team_file`] reads the TOML team file into a [`team::Team`];
//! - [`calendar`] turns the calendar and each developer's availability into working time;
//! - [`eligibility`] decides who may take which task (skills, rules, owners);
//! - [`graph`] resolves dependencies, finds cycles and the critical path;
//! - [`check`] builds the `check` report;
//! - [`optimizer`] plans: LP-guided construction, local search on the exact
//!   [`schedule`], proven lower bounds;
//! - [`plan`] turns the result into the files and views of SPEC section 5;
//! - [`validate`] checks a written plan against SPEC section 4, independently.

pub mod backlog;
pub mod calendar;
pub mod check;
pub mod eligibility;
pub mod error;
pub mod graph;
pub mod model;
pub mod optimizer;
pub mod plan;
pub mod schedule;
pub mod team;
pub mod team_file;
pub mod validate;

pub use error::{Error, Location, Problem, Result};
pub use model::{Backlog, Priority, Skill, Status, Task};
pub use team::{Calendar, Developer, Rule, RuleMode, Team};
