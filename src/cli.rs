//! The command line as the user types it (clap derive). Only the binary sees
//! these types; `main` turns them into library calls.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Arg, Args, Parser, Subcommand, ValueEnum};
use sprintcast::forecast::{MAX_SAMPLES, MAX_UNCERTAINTY};
use sprintcast::optimizer::{Objective, PlanOptions};

/// Turn an engineering backlog into a sprint plan.
#[derive(Debug, Parser)]
#[command(name = "sprintcast", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Show no progress display on stderr (warnings and errors still show).
    // Listed last (before --help) in every command's options, not wherever
    // the commands' own argument count puts it.
    #[arg(long, short, global = true, display_order = 900)]
    pub quiet: bool,
    /// Print the terminal tables in their long form: names and sentences
    /// whole, however wide the terminal (the default fits COLUMNS, else the
    /// terminal, else 100 columns).
    #[arg(long, global = true, display_order = 901)]
    pub wide: bool,
}

/// The reports `plan`, `forecast` and `whatif` can write besides their
/// files and views.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Also write the report as one self-contained HTML page (charts, no
    /// script, no network) to FILE; its directory must exist.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Also write an Excel workbook (one sheet per output file, real date
    /// cells) to FILE; its directory must exist.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the text cells of CSV files and the workbook exactly as they
    /// are. By default a text that starts with = + - @ (or a tab or carriage
    /// return) gets a ' in front, so a spreadsheet shows it instead of
    /// running it as a formula.
    #[arg(long)]
    pub raw_csv: bool,
    /// The date of the "today" line of the HTML schedule (default: the
    /// --as-of date, else the local date); drawn only when it lies within
    /// the plan's sprints.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
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
        /// Hours per story point of imported issues with points but no
        /// hour estimate.
        #[arg(long, value_name = "HOURS", value_parser = hours_per_point, allow_negative_numbers = true)]
        hours_per_point: Option<f64>,
        /// How to print the report on stdout.
        #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
        format: CheckFormat,
    },
    /// Plan the backlog: assign every open task to a developer and schedule
    /// it, minimising the objective, with a proven lower bound.
    Plan {
        /// Backlog, team, objective, time limit and output files.
        #[command(flatten)]
        args: PlanArgs,
        /// The folder an earlier `plan --out` wrote: keep each task with its
        /// developer there unless moving it gains more than [stability]
        /// reassign_hours, and list what changed (changes.csv in --out).
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// How to print the plan on stdout.
        #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
        format: PlanFormat,
        /// Calendars and agenda.
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Forecast completion dates: plan the backlog, then replay the plan with
    /// uncertain efforts (Monte Carlo) and report, per task, project, priority
    /// and the whole backlog, the plan's finish and the dates by which 50 %,
    /// 85 % and 95 % of the samples finish, with the chance of meeting each
    /// due date.
    #[command(mut_args(own_help(FORECAST_HELP)))]
    Forecast {
        /// Backlog, team, objective, time limit and output files.
        #[command(flatten)]
        args: PlanArgs,
        /// How many times to replay the plan with sampled efforts.
        #[arg(long, default_value_t = 10_000, value_parser = samples, allow_negative_numbers = true)]
        samples: usize,
        /// Seed of the random draws: the same seed gives the same forecast.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// P90 ÷ median of the effort of tasks without a range (1 = no
        /// uncertainty; default: the team file's [forecast] uncertainty, else 1.5).
        #[arg(long, value_parser = uncertainty, allow_negative_numbers = true)]
        uncertainty: Option<f64>,
        /// Ignore the actuals of done tasks: draw efforts from the default
        /// model instead of the one fitted to how long tasks really took.
        #[arg(long)]
        no_calibrate: bool,
        /// How to print the forecast on stdout.
        #[arg(long, value_enum, default_value_t = ForecastFormat::Table)]
        format: ForecastFormat,
        /// Also write one iCalendar file per developer (NAME.ics, an event
        /// per stretch of work of the plan forecast) into DIR.
        #[arg(long, value_name = "DIR")]
        ics: Option<PathBuf>,
    },
    /// What-if scenarios side by side: plan the baseline and every scenario
    /// of a scenario file (independently, in parallel) and compare, per
    /// scenario, the finish of the backlog, each priority and each project
    /// against the baseline in working days, with the makespan, utilization
    /// and the facts that explain each difference.
    #[command(mut_args(own_help(WHATIF_HELP)))]
    Whatif {
        /// Backlog, team (the baseline), objective, time limit and output files.
        #[command(flatten)]
        args: PlanArgs,
        /// Scenario file (.toml; see docs/scenarios.md).
        #[arg(long)]
        scenarios: PathBuf,
        /// Also forecast each plan with this many Monte Carlo samples and
        /// report its P85 finish.
        #[arg(long, value_parser = samples, allow_negative_numbers = true)]
        samples: Option<usize>,
        /// Seed of the forecasts' random draws.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Forecast without the actuals of done tasks (see forecast).
        #[arg(long)]
        no_calibrate: bool,
        /// How to print the comparison on stdout.
        #[arg(long, value_enum, default_value_t = WhatifFormat::Table)]
        format: WhatifFormat,
    },
    /// Write a starter team file from what a backlog says about its team.
    Init {
        /// Backlog to read (.md, .csv, .json, or - with --input-format).
        backlog: PathBuf,
        /// File to write (never overwritten); stdout without it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The day the calendar starts after (it starts the next Monday;
        /// default: today's date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
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
        /// Hours per story point of imported issues with points but no
        /// hour estimate.
        #[arg(long, value_name = "HOURS", value_parser = hours_per_point, allow_negative_numbers = true)]
        hours_per_point: Option<f64>,
    },
}

/// The arguments `plan`, `forecast` and `whatif` share: what to plan, how,
/// and which files to write. The help texts are `plan`'s; `forecast` and
/// `whatif` replace those that say something else for them
/// ([`FORECAST_HELP`], [`WHATIF_HELP`]).
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Backlog file (.md, .csv or .json), or - for stdin with --input-format.
    pub backlog: PathBuf,
    /// Team file (.toml).
    #[arg(long)]
    pub team: PathBuf,
    /// Directory to write plan.csv, schedule.csv, load.csv and summary.json into.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// What to minimise.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Weighted)]
    pub objective: ObjectiveArg,
    /// Time budget in seconds; the best plan found by then is returned.
    #[arg(long, default_value_t = 10.0, value_parser = seconds, allow_negative_numbers = true)]
    pub time_limit: f64,
    /// HTML report, workbook and CSV text cells.
    #[command(flatten)]
    pub report: ReportArgs,
    /// Format of a backlog read from stdin.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Plan from this day on (a re-plan): nothing is scheduled before it,
    /// in-progress tasks continue first on their developer, sprints keep
    /// their numbers from the calendar's start (default: the calendar's start).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Make due dates hard constraints (no plan when one cannot be met; by
    /// default lateness costs [weights] late_per_hour in the objective).
    #[arg(long)]
    pub strict_due: bool,
    /// Refuse to plan when any open task cannot be planned (no estimate,
    /// nobody allowed, no time), exit 1; by default the rest is planned and
    /// those tasks are listed with the reason.
    #[arg(long)]
    pub strict: bool,
    /// Hours per story point of imported issues (Jira) with points but no
    /// hour estimate; without it such issues are not planned.
    #[arg(long, value_name = "HOURS", value_parser = hours_per_point, allow_negative_numbers = true)]
    pub hours_per_point: Option<f64>,
}

impl PlanArgs {
    /// The library's planning options these arguments ask for.
    pub fn plan_options(&self) -> PlanOptions {
        PlanOptions {
            objective: self.objective.into(),
            time_limit: self.time_limit,
            strict_due: self.strict_due,
            strict: self.strict,
            previous: None,
        }
    }
}

/// `forecast`'s help of the [`PlanArgs`] whose `plan` help does not fit it.
const FORECAST_HELP: &[(&str, &str)] = &[
    (
        "team",
        "Team file (.toml); its [forecast] table sets the default uncertainty",
    ),
    ("out", "Directory to write forecast.csv and burnup.csv into"),
    ("objective", "What the plan minimises"),
    ("time_limit", "Time budget of the planning, in seconds"),
];

/// `whatif`'s help of the [`PlanArgs`] whose `plan` help does not fit it.
const WHATIF_HELP: &[(&str, &str)] = &[
    ("team", "Team file (.toml): the baseline"),
    (
        "out",
        "Directory to write scenarios.csv into, and each plan's plan.csv, \
         schedule.csv, load.csv and summary.json into a sub-folder \
         (00-baseline, 01-<first scenario>, ...)",
    ),
    ("objective", "What each plan minimises"),
    (
        "time_limit",
        "Time budget of each plan, in seconds (plans run in parallel)",
    ),
];

/// Replaces the help of the arguments `texts` names (by id), for
/// `Command::mut_args`, which, unlike `mut_arg`, keeps the arguments'
/// order in the usage line.
fn own_help(texts: &'static [(&'static str, &'static str)]) -> impl FnMut(Arg) -> Arg {
    move |arg| match texts.iter().find(|(id, _)| arg.get_id() == *id) {
        Some(&(_, text)) => arg.help(text),
        None => arg,
    }
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
    /// A Jira CSV export (read only; a .csv with Jira's header is one anyway).
    Jira,
    /// `gh issue list --json ...` output (read only; detected in a .json too).
    Github,
}

/// The objective named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ObjectiveArg {
    /// Σ priority weight × finish (business hours).
    Weighted,
    /// The latest finish.
    Makespan,
}

impl From<ObjectiveArg> for Objective {
    fn from(objective: ObjectiveArg) -> Objective {
        match objective {
            ObjectiveArg::Weighted => Objective::Weighted,
            ObjectiveArg::Makespan => Objective::Makespan,
        }
    }
}

/// The three ways a command prints its result on stdout.
#[derive(Debug, Clone, Copy)]
pub enum View {
    /// The command's table for the terminal.
    Table,
    /// The result as JSON.
    Json,
    /// The result as Markdown.
    Markdown,
}

/// How `plan` prints the plan on stdout.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanFormat {
    /// A sprint-by-sprint table.
    Table,
    /// The summary, sprints and tasks as JSON.
    Json,
    /// A Markdown summary: headings and tables, no HTML.
    Markdown,
    /// Each developer's tasks this sprint and next, in order, with start,
    /// finish and hours.
    Agenda,
    /// The agenda as Markdown.
    AgendaMarkdown,
}

/// The exports of `plan` besides its files: calendars and the agenda's
/// developer.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Also write one iCalendar file per developer (NAME.ics, an event per
    /// stretch of work, as in schedule.csv) into DIR.
    #[arg(long, value_name = "DIR")]
    pub ics: Option<PathBuf>,
    /// With --format agenda or agenda-markdown: only this developer's agenda.
    #[arg(long, value_name = "NAME")]
    pub developer: Option<String>,
}

/// How `check` prints its report on stdout.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// The report for people.
    Table,
    /// The whole report as JSON.
    Json,
}

/// How `forecast` prints the forecast on stdout.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ForecastFormat {
    /// A table of finish dates, one row per backlog, priority, project and
    /// task: the plan's, P50, P85, P95, the due date and the chance of
    /// meeting it.
    Table,
    /// The forecast's options, those rows, the weekly burn-up and the
    /// warnings as JSON.
    Json,
    /// Those rows as one Markdown table.
    Markdown,
}

/// How `whatif` prints the comparison on stdout.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WhatifFormat {
    /// The comparison: a column per plan, a row per finish (backlog,
    /// priorities, projects) with its change against the baseline, the
    /// makespan, utilization and gap, then each scenario's explanation.
    Table,
    /// Each plan's status, objective, bound, makespan, utilization and
    /// finishes, with their changes against the baseline, as JSON.
    Json,
    /// The comparison as a Markdown table under a heading, then the
    /// explanations.
    Markdown,
}

impl PlanFormat {
    /// The view this format prints; `None` for the agenda, which only
    /// `plan` has.
    pub fn view(self) -> Option<View> {
        match self {
            PlanFormat::Table => Some(View::Table),
            PlanFormat::Json => Some(View::Json),
            PlanFormat::Markdown => Some(View::Markdown),
            PlanFormat::Agenda | PlanFormat::AgendaMarkdown => None,
        }
    }

    /// Whether this is one of the agenda formats.
    pub fn is_agenda(self) -> bool {
        self.view().is_none()
    }
}

impl From<ForecastFormat> for View {
    fn from(format: ForecastFormat) -> View {
        match format {
            ForecastFormat::Table => View::Table,
            ForecastFormat::Json => View::Json,
            ForecastFormat::Markdown => View::Markdown,
        }
    }
}

impl From<WhatifFormat> for View {
    fn from(format: WhatifFormat) -> View {
        match format {
            WhatifFormat::Table => View::Table,
            WhatifFormat::Json => View::Json,
            WhatifFormat::Markdown => View::Markdown,
        }
    }
}

/// The longest `--time-limit`: a week. Longer budgets buy nothing the
/// search can use, and an instant that far ahead may not be representable.
pub const MAX_TIME_LIMIT: f64 = 7.0 * 24.0 * 3600.0;

/// A `--time-limit`: a positive, finite number of seconds, at most a week.
fn seconds(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| "give a number of seconds, such as 10".to_string())?;
    if !(value > 0.0 && value <= MAX_TIME_LIMIT) {
        return Err(format!(
            "give a positive number of seconds, at most {MAX_TIME_LIMIT} (a week)"
        ));
    }
    Ok(value)
}

/// A `--hours-per-point`: a positive number of hours, at most 400 (ten
/// 40-hour weeks: more is a typo, not a point).
fn hours_per_point(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(h) if h > 0.0 && h <= 400.0 => Ok(h),
        _ => Err("give the hours one story point stands for, a number above 0 and at most 400, such as 4".to_string()),
    }
}

/// A `--samples`: a whole number from 1 to the library's maximum.
fn samples(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_SAMPLES).contains(&n) => Ok(n),
        _ => Err(format!(
            "give a whole number of samples from 1 to {MAX_SAMPLES}"
        )),
    }
}

/// An `--uncertainty`: P90 ÷ median effort, from 1 (none) to the library's
/// maximum.
fn uncertainty(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(u) if (1.0..=MAX_UNCERTAINTY).contains(&u) => Ok(u),
        _ => Err(format!(
            "give a number from 1 to {MAX_UNCERTAINTY} (P90 effort ÷ median effort; 1 means no uncertainty)"
        )),
    }
}
