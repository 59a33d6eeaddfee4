//! The command line as the user types it (clap derive). Only the binary sees
//! these types; `main` turns them into library calls.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turn an engineering backlog into a sprint plan.
#[derive(Debug, Parser)]
#[command(name = "sprintcast", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a backlog (and team) and report tasks, hours, critical path,
    /// capacity, a makespan lower bound and every warning.
    Check {
        /// Backlog file (.md, .csv or .json), or - for stdin with --input-format.
        backlog: PathBuf,
        /// Team file (.toml).
        #[arg(long)]
        team: Option<PathBuf>,
        /// Format of a backlog read from stdin.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
    },
    /// Plan the backlog: assign every open task to a developer and schedule
    /// it, minimising the objective, with a proven lower bound.
    Plan {
        /// Backlog file (.md, .csv or .json), or - for stdin with --input-format.
        backlog: PathBuf,
        /// Team file (.toml).
        #[arg(long)]
        team: PathBuf,
        /// Directory to write plan.csv, schedule.csv, load.csv and summary.json into.
        #[arg(long)]
        out: Option<PathBuf>,
        /// What to minimise.
        #[arg(long, value_enum, default_value_t = ObjectiveArg::Weighted)]
        objective: ObjectiveArg,
        /// Time budget in seconds; the best plan found by then is returned.
        #[arg(long, default_value_t = 10.0)]
        time_limit: f64,
        /// Make due dates hard constraints (infeasible when one cannot be met).
        #[arg(long)]
        strict_due: bool,
        /// How to print the plan on stdout.
        #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
        format: ViewFormat,
        /// Format of a backlog read from stdin.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
    },
    /// Convert a backlog between Markdown, CSV and JSON (by extension).
    Convert {
        /// Backlog to read (.md, .csv, .json, or - with --input-format).
        input: PathBuf,
        /// File to write (.md, .csv or .json), or - for stdout with --output-format.
        output: PathBuf,
        /// Format of a backlog read from stdin.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        /// Format written to stdout when OUTPUT is -.
        #[arg(long, value_enum)]
        output_format: Option<InputFormat>,
    },
}

/// A backlog format named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    /// Markdown (.md).
    Md,
    /// CSV (.csv).
    Csv,
    /// JSON (.json).
    Json,
}

/// The objective named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ObjectiveArg {
    /// Σ priority weight × finish (business hours).
    Weighted,
    /// The latest finish.
    Makespan,
}

/// How a plan is shown on stdout.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ViewFormat {
    /// A sprint-by-sprint table.
    Table,
    /// The summary and sprints as JSON.
    Json,
    /// The table as Markdown.
    Markdown,
}
