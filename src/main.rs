//! The `sprintcast` binary: parses the command line, calls the library,
//! renders, and picks the exit code by one rule (README, "Exit codes"):
//!
//! - 0: success (warnings do not change it; a closed stdout pipe is not an
//!   error);
//! - 1: invalid input: a bad value in a file (backlog, team, scenarios),
//!   including files no plan can exist for;
//! - 2: usage error: a bad value given on the command line (one clap's value
//!   parsers refuse, such as `--samples 0` or `--time-limit 0`; a backlog
//!   path whose extension names no format; an output path that would
//!   replace an input, another output or a device), a missing or unknown
//!   argument, or a file that cannot be read or written.

mod cli;
mod progress;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::error::ErrorKind;
use clap::Parser;

use cli::{CheckFormat, Cli, Command, InputFormat, PlanArgs, PlanFormat, ReportArgs, View};
use progress::Progress;
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::forecast::{self, Forecast, ForecastOptions};
use sprintcast::optimizer;
use sprintcast::plan::Plan;
use sprintcast::report::agenda::Agenda;
use sprintcast::report::{self, Cells, Report};
use sprintcast::text::escape as safe;
use sprintcast::text::fit::Width;
use sprintcast::whatif::{self, WhatIf, WhatIfOptions};
use sprintcast::{check, scenario, team_file, Backlog, Team};

/// Exit code 2: a usage error (see the module's rule).
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_failed(&e),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", safe::terminal(&one_line(&e)));
            exit_code(&e)
        }
    }
}

/// What clap's refusal prints, and the exit code: a bad value is one line,
/// like every other error (exit 2); clap's usage text stays for a missing
/// or unknown argument (exit 2); help and version print as clap prints
/// them (exit 0).
fn parse_failed(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::ValueValidation | ErrorKind::InvalidValue
    ) {
        let text = e.render().to_string();
        eprintln!(
            "{}",
            safe::terminal(text.lines().next().unwrap_or_default())
        );
        return ExitCode::from(USAGE);
    }
    // Nowhere to report a failure to print help or usage.
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(USAGE)
    } else {
        ExitCode::SUCCESS
    }
}

/// The error and its causes on one line, each cause once: a cause whose
/// text the message already holds (an I/O error that names its path and
/// reason) is not repeated.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The library's code for its errors (1 for invalid input, 2 for output
/// paths and I/O); 2 for the binary's own: a command line it cannot act on
/// (stdin without --input-format, an output of unknown format) or a failed
/// write to stdout.
fn exit_code(e: &anyhow::Error) -> ExitCode {
    e.chain()
        .find_map(|c| c.downcast_ref::<sprintcast::Error>())
        .map_or(ExitCode::from(USAGE), |e| {
            u8::try_from(e.exit_code()).map_or(ExitCode::FAILURE, ExitCode::from)
        })
}

fn format_of(f: InputFormat) -> Format {
    match f {
        InputFormat::Md => Format::Markdown,
        InputFormat::Csv => Format::Csv,
        InputFormat::Json => Format::Json,
        InputFormat::Jira => Format::Jira,
        InputFormat::Github => Format::Github,
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // --time-limit counts the whole run: reading the input included.
    let begun = std::time::Instant::now();
    let progress = Progress::for_stderr(cli.quiet);
    let width = terminal_width(cli.wide);
    match cli.command {
        Command::Check {
            backlog,
            team,
            input_format,
            hours_per_point,
            format,
        } => {
            let team = team.as_deref().map(team_file::read_team).transpose()?;
            let backlog = read_backlog(&backlog, input_format, hours_per_point, team.as_ref())?;
            // The report lists every warning: on stdout, and only there.
            let report = check::check(&backlog, team.as_ref())?;
            let mut out = safe::Terminal::new(io::stdout().lock());
            match format {
                CheckFormat::Table => check::render(&report, &mut out, width)?,
                CheckFormat::Json => report::json::write_check(&report, &mut out)?,
            }
            out.flush()?;
            Ok(())
        }
        Command::Plan {
            args,
            previous,
            format,
            export,
        } => {
            if export.developer.is_some() && !format.is_agenda() {
                anyhow::bail!("--developer goes with --format agenda or agenda-markdown");
            }
            let mut opts = args.plan_options();
            let as_of = args.as_of;
            let PlanArgs {
                backlog,
                team,
                out,
                report: outputs,
                input_format,
                hours_per_point,
                ..
            } = args;
            // The previous plan is an input too: --out must not replace it.
            let previous_csv = previous.as_ref().map(|dir| dir.join("plan.csv"));
            let mut inputs: Vec<&Path> = vec![&backlog, &team];
            inputs.extend(previous_csv.as_deref());
            let mut out_names = names(PLAN_FILES);
            if previous.is_some() {
                out_names.push(PathBuf::from(CHANGES_FILE));
            }
            check_outputs(
                &inputs,
                out.as_deref().map(|dir| (dir, out_names.clone())),
                &outputs,
            )?;
            let mut team = team_file::read_team(&team)?;
            team.calendar.as_of = as_of;
            // The calendars' names are known once the team is read.
            let developers: Vec<&str> = team.developers.iter().map(|d| d.name.as_str()).collect();
            let ics = export
                .ics
                .as_deref()
                .map(|dir| {
                    check_ics(
                        dir,
                        &inputs,
                        out.as_deref().map(|d| (d, out_names)),
                        &outputs,
                        &developers,
                    )
                })
                .transpose()?;
            let agenda_of = export
                .developer
                .as_deref()
                .map(|name| developer_named(&team, name))
                .transpose()?;
            opts.previous = previous
                .as_deref()
                .map(sprintcast::previous::read_previous)
                .transpose()?;
            let source = backlog.display().to_string();
            let backlog = read_backlog(&backlog, input_format, hours_per_point, Some(&team))?;
            opts.time_limit = (opts.time_limit - begun.elapsed().as_secs_f64()).max(0.05);
            let result =
                progress.run("planning", || optimizer::optimize(&backlog, &team, &opts))?;
            let plan = Plan::new(&backlog, &team, &result);
            warn(&plan.warnings);
            let changes = opts
                .previous
                .as_ref()
                .map(|p| sprintcast::changes::compare(p, &backlog, &plan, &team.calendar));
            if let Some(c) = &changes {
                eprintln!("changes: {}", c.summary());
            }
            let view = Report::new(&source, &plan)
                .with_changes(changes.as_ref())
                .with_today(Some(today(&outputs, as_of)));
            let mut folder = out
                .map(|dir| {
                    let mut files = render(&plan, cells_of(&outputs), PLAN_FILES)?;
                    if let Some(c) = &changes {
                        let mut bytes = Vec::new();
                        c.write_csv_with(&mut bytes, cells_of(&outputs))?;
                        files.push((PathBuf::from(CHANGES_FILE), bytes));
                    }
                    Ok::<_, anyhow::Error>((dir, files))
                })
                .transpose()?;
            let calendars = ics_files(ics, &plan, &developers, &mut folder);
            write_outputs(folder, report_files(&outputs, &view)?)?;
            write_calendars(calendars)?;
            match format.view() {
                Some(view_format) => print_view(
                    view_format,
                    |out| {
                        plan.write_table(out, width)?;
                        match &changes {
                            Some(c) => c.write_table(out, width),
                            None => Ok(()),
                        }
                    },
                    |out| plan.write_json(out),
                    |out| report::markdown::write(&view, out),
                ),
                None => {
                    let agenda = Agenda::new(&plan, &backlog, agenda_of.as_deref());
                    let mut stdout = safe::Terminal::new(io::stdout().lock());
                    if let PlanFormat::AgendaMarkdown = format {
                        agenda.write_markdown(&mut stdout)?;
                    } else {
                        agenda.write_table(&mut stdout, width)?;
                    }
                    stdout.flush()?;
                    Ok(())
                }
            }
        }
        Command::Forecast {
            args,
            samples,
            seed,
            uncertainty,
            no_calibrate,
            format,
            ics,
        } => {
            let plan_opts = args.plan_options();
            let as_of = args.as_of;
            let PlanArgs {
                backlog,
                team,
                out,
                report: outputs,
                input_format,
                hours_per_point,
                ..
            } = args;
            check_outputs(
                &[&backlog, &team],
                out.as_deref().map(|dir| (dir, names(FORECAST_FILES))),
                &outputs,
            )?;
            let file = team_file::read_team_file(&team)?;
            let developers: Vec<&str> = file
                .team
                .developers
                .iter()
                .map(|d| d.name.as_str())
                .collect();
            let ics = ics
                .as_deref()
                .map(|dir| {
                    check_ics(
                        dir,
                        &[&backlog, &team],
                        out.as_deref().map(|d| (d, names(FORECAST_FILES))),
                        &outputs,
                        &developers,
                    )
                })
                .transpose()?;
            let opts = ForecastOptions {
                samples,
                seed,
                uncertainty: uncertainty.or(file.forecast.uncertainty),
                calibrate: !no_calibrate,
                ..ForecastOptions::default()
            };
            // Before planning, which takes seconds: a bad option fails at once.
            opts.check()?;
            let mut team = file.team.clone();
            team.calendar.as_of = as_of;
            let source = backlog.display().to_string();
            let backlog = read_backlog(&backlog, input_format, hours_per_point, Some(&team))?;
            let plan = progress.run("planning", || {
                optimizer::optimize(&backlog, &team, &plan_opts)
            })?;
            let forecast = progress.run_counted("forecasting: samples", samples, |done| {
                forecast::run_counted(&backlog, &team, &plan, &opts, done)
            })?;
            warn(backlog.warnings.iter().chain(&forecast.warnings));
            let mut folder = out
                .map(|dir| {
                    Ok::<_, anyhow::Error>((
                        dir,
                        render(&forecast, cells_of(&outputs), FORECAST_FILES)?,
                    ))
                })
                .transpose()?;
            let mut files = Files::new();
            // The plan as people read it, for the views that show it.
            let planned = (outputs.html.is_some()
                || outputs.xlsx.is_some()
                || ics.is_some()
                || matches!(format, cli::ForecastFormat::Json))
            .then(|| Plan::new(&backlog, &team, &plan));
            let mut calendars = None;
            if let Some(plan) = &planned {
                let view = Report::new(&source, plan)
                    .with_forecast(&forecast)
                    .with_today(Some(today(&outputs, as_of)));
                files = report_files(&outputs, &view)?;
                calendars = ics_files(ics, plan, &developers, &mut folder);
            }
            write_outputs(folder, files)?;
            write_calendars(calendars)?;
            print_view(
                format.into(),
                |out| forecast.write_table(out, width),
                |out| match &planned {
                    Some(plan) => report::json::write_forecast(plan, &forecast, out),
                    None => forecast.write_json(out),
                },
                |out| forecast.write_markdown(out),
            )
        }
        Command::Whatif {
            args,
            scenarios,
            samples,
            seed,
            no_calibrate,
            format,
        } => {
            let plan_opts = args.plan_options();
            let as_of = args.as_of;
            let PlanArgs {
                backlog: backlog_path,
                team: team_path,
                out,
                report: outputs,
                input_format,
                hours_per_point,
                ..
            } = args;
            let file = team_file::read_team_file(&team_path)?;
            let forecast = samples.map(|samples| ForecastOptions {
                samples,
                seed,
                uncertainty: file.forecast.uncertainty,
                calibrate: !no_calibrate,
                ..ForecastOptions::default()
            });
            if let Some(f) = &forecast {
                f.check()?;
            }
            let mut team = file.team;
            team.calendar.as_of = as_of;
            let backlog = read_backlog(&backlog_path, input_format, hours_per_point, Some(&team))?;
            let scenario_file = scenarios;
            let scenarios = scenario::read_scenarios(&scenario_file, &team)?;
            check_outputs(
                &[&backlog_path, &team_path, &scenario_file],
                out.as_deref()
                    .map(|dir| (dir, whatif_names(&scenarios.scenarios, samples.is_some()))),
                &outputs,
            )?;
            let opts = WhatIfOptions {
                plan: plan_opts,
                forecast,
            };
            let what_if = progress.run("planning the scenarios", || {
                whatif::run(&backlog, &team, &scenarios, &opts)
            })?;
            warn(
                what_if
                    .baseline
                    .planned
                    .plan
                    .warnings
                    .iter()
                    .chain(&what_if.warnings),
            );
            let folder = out
                .map(|dir| {
                    Ok::<_, anyhow::Error>((dir, whatif_files(&what_if, cells_of(&outputs))?))
                })
                .transpose()?;
            let view = Report::new(&what_if.backlog_source, &what_if.baseline.planned.plan)
                .with_whatif(&what_if)
                .with_today(Some(today(&outputs, as_of)));
            write_outputs(folder, report_files(&outputs, &view)?)?;
            print_view(
                format.into(),
                |out| what_if.write_table(out, width),
                |out| what_if.write_json(out),
                |out| what_if.write_markdown(out),
            )
        }
        Command::Init {
            backlog,
            out,
            as_of,
            input_format,
        } => {
            if let Some(path) = out.as_ref().filter(|p| p.exists()) {
                return Err(sprintcast::Error::Output {
                    path: path.display().to_string(),
                    problem: "already exists; init never overwrites a file: give another --out, or none for stdout".into(),
                }
                .into());
            }
            let backlog = read_backlog(&backlog, input_format, None, None)?;
            warn(&backlog.warnings);
            let today = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let text = sprintcast::init::starter_team(&backlog, today);
            match out {
                Some(path) => Ok(report::write_atomically(&path, text.as_bytes())?),
                None => Ok(io::stdout().lock().write_all(text.as_bytes())?),
            }
        }
        Command::Convert {
            input,
            output,
            input_format,
            output_format,
            hours_per_point,
        } => {
            if output_format.is_some_and(|f| !format_of(f).writable()) {
                anyhow::bail!(
                    "--output-format: Jira and GitHub issues are read, not written; write md, csv or json"
                );
            }
            if output.as_os_str() != "-" {
                report::atomic::check_outputs(&report::atomic::Outputs {
                    inputs: vec![input.clone()],
                    folders: Vec::new(),
                    files: vec![output.clone()],
                })?;
            }
            let backlog = read_backlog(&input, input_format, hours_per_point, None)?;
            warn(&backlog.warnings);
            if output.as_os_str() == "-" {
                let format = output_format
                    .map(format_of)
                    .context("writing to stdout needs --output-format md, csv or json")?;
                warn_text_lost(&backlog, format, "stdout");
                let mut out = io::stdout().lock();
                backlog::write(&backlog, format, &mut out)?;
                out.flush()?;
                return Ok(());
            }
            let format = match output_format {
                Some(f) => format_of(f),
                None => Format::from_path(&output).with_context(|| {
                    format!(
                        "{}: cannot tell the format from the extension; use .md, .csv or .json",
                        output.display()
                    )
                })?,
            };
            warn_text_lost(&backlog, format, &output.display().to_string());
            let mut bytes = Vec::new();
            backlog::write(&backlog, format, &mut bytes)?;
            Ok(report::write_atomically(&output, &bytes)?)
        }
    }
}

/// Reads a backlog from a file or stdin (`-`), with the team's day length for
/// estimates given in days.
fn read_backlog(
    path: &Path,
    input_format: Option<InputFormat>,
    hours_per_point: Option<f64>,
    team: Option<&Team>,
) -> anyhow::Result<Backlog> {
    let mut backlog = read_backlog_only(path, input_format, hours_per_point, team)?;
    // Rules and skills of the team that would change nothing: warnings
    // that travel with the backlog's own.
    if let Some(team) = team {
        let idle = sprintcast::lint::warnings(&backlog, team);
        backlog.warnings.extend(idle);
    }
    Ok(backlog)
}

fn read_backlog_only(
    path: &Path,
    input_format: Option<InputFormat>,
    hours_per_point: Option<f64>,
    team: Option<&Team>,
) -> anyhow::Result<Backlog> {
    let opts = ReadOptions {
        hours_per_day: team.map_or(8.0, |t| t.calendar.hours_per_day),
        hours_per_point,
    };
    if path.as_os_str() == "-" {
        let format = input_format.map(format_of).context(
            "reading a backlog from stdin needs --input-format md, csv, json, jira or github",
        )?;
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| sprintcast::Error::io("-", e))?;
        return Ok(backlog::parse("-", &bytes, format, &opts)?);
    }
    match input_format {
        Some(f) => {
            let bytes = std::fs::read(path)
                .map_err(|e| sprintcast::Error::io(path.display().to_string(), e))?;
            Ok(backlog::parse(
                &path.display().to_string(),
                &bytes,
                format_of(f),
                &opts,
            )?)
        }
        // A path whose extension names no format is a bad command-line
        // value (exit 2), not a bad file.
        None if Format::from_path(path).is_none() => anyhow::bail!(
            "{}: cannot tell the backlog format from the extension; use .md, .csv or .json, or --input-format",
            path.display()
        ),
        None => Ok(backlog::read_file(path, &opts)?),
    }
}

/// How wide the terminal tables may be: the long form with `--wide`, else
/// COLUMNS when it holds a number, else the terminal's width (stdout's, or
/// stderr's when stdout is piped to a pager or a file), else 100 columns.
fn terminal_width(wide: bool) -> Width {
    const DEFAULT: usize = 100;
    if wide {
        return Width::Wide;
    }
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let from_tty = || {
        [console::Term::stdout(), console::Term::stderr()]
            .iter()
            .find_map(|t| t.size_checked())
            .map(|(_rows, columns)| usize::from(columns))
            .filter(|&c| c > 0)
    };
    Width::fit(from_env.or_else(from_tty).unwrap_or(DEFAULT))
}

/// A command's warnings on stderr, once each: identical ones folded into
/// a count, and those after the first at one line of a file counted and
/// left to `check` (which prints them all, on stdout, once).
fn warn<'a>(warnings: impl IntoIterator<Item = &'a sprintcast::model::Warning>) {
    let all: Vec<sprintcast::model::Warning> = warnings.into_iter().cloned().collect();
    let mut err = io::stderr().lock();
    for line in sprintcast::model::warning_lines(&all, sprintcast::model::WarningDetail::Brief) {
        // stderr failing is nothing we can report anywhere.
        let _ = writeln!(err, "{}", safe::terminal(&line));
    }
}

/// `convert`'s one warning when the output format cannot hold a Markdown
/// backlog's text around its tasks (SPEC 8.5).
fn warn_text_lost(backlog: &sprintcast::model::Backlog, format: Format, target: &str) {
    if let Some(lost) = backlog::text_lost_in(backlog, format) {
        eprintln!(
            "warning: {} cannot hold {lost}; they are left out",
            safe::terminal(target)
        );
    }
}

/// Prints a command's view on stdout in the `--format` asked for.
fn print_view(
    format: View,
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    json: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    markdown: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut stdout = safe::Terminal::new(io::stdout().lock());
    match format {
        View::Table => table(&mut stdout)?,
        View::Json => json(&mut stdout)?,
        View::Markdown => markdown(&mut stdout)?,
    }
    stdout.flush()?;
    Ok(())
}

/// Output files rendered in memory, written only once all are ready: for
/// `--out`, paths relative to the folder; for reports, the paths given.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// A file renderer of `T`: writes one output file's bytes.
type Render<T> = fn(&T, &mut dyn Write, Cells) -> io::Result<()>;

/// The plan files of `--out`, by name.
const PLAN_FILES: &[(&str, Render<Plan>)] = &[
    ("plan.csv", Plan::write_plan_csv_with),
    ("schedule.csv", Plan::write_schedule_csv_with),
    ("load.csv", Plan::write_load_csv_with),
    ("summary.json", |plan, out, _| plan.write_summary_json(out)),
];

/// The file `plan --previous` adds to `--out`.
const CHANGES_FILE: &str = "changes.csv";

/// The forecast files of `--out`, by name.
const FORECAST_FILES: &[(&str, Render<Forecast>)] = &[
    ("forecast.csv", Forecast::write_forecast_csv_with),
    ("burnup.csv", |f, out, _| f.write_burnup_csv(out)),
    ("calibration.csv", Forecast::write_calibration_csv_with),
    ("risks.csv", Forecast::write_risks_csv_with),
];

/// The forecast file of each plan's sub-folder of a what-if `--out`.
const WHATIF_FORECAST_FILES: &[(&str, Render<Forecast>)] =
    &[("forecast.csv", Forecast::write_forecast_csv_with)];

/// The scenario comparison file of a what-if `--out`.
const WHATIF_FILES: &[(&str, Render<WhatIf>)] =
    &[("scenarios.csv", WhatIf::write_scenarios_csv_with)];

/// The names `renders` write.
fn names<T>(renders: &[(&str, Render<T>)]) -> Vec<PathBuf> {
    renders
        .iter()
        .map(|(name, _)| PathBuf::from(name))
        .collect()
}

/// The files `renders` make of `item`, by name.
fn render<T>(item: &T, cells: Cells, renders: &[(&str, Render<T>)]) -> anyhow::Result<Files> {
    let mut out = Files::new();
    for (name, write) in renders {
        let mut bytes = Vec::new();
        write(item, &mut bytes, cells)?;
        out.push((PathBuf::from(name), bytes));
    }
    Ok(out)
}

/// Refuses, before any work, output paths that would lose something the
/// user gave: an output that is an input, two outputs that are one file, a
/// device or folder where a file goes (see `report::atomic`).
fn check_outputs(
    inputs: &[&Path],
    folder: Option<(&Path, Vec<PathBuf>)>,
    outputs: &ReportArgs,
) -> anyhow::Result<()> {
    let outputs = report::atomic::Outputs {
        inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        folders: folder
            .map(|(d, n)| (d.to_path_buf(), n))
            .into_iter()
            .collect(),
        files: outputs.html.iter().chain(&outputs.xlsx).cloned().collect(),
    };
    Ok(report::atomic::check_outputs(&outputs)?)
}

/// Writes the `--out` folder as a set, then each report file atomically:
/// everything is rendered before anything is written.
fn write_outputs(folder: Option<(PathBuf, Files)>, files: Files) -> anyhow::Result<()> {
    if let Some((dir, set)) = folder {
        report::atomic::write_folder(&dir, &set)?;
    }
    for (path, bytes) in &files {
        report::write_atomically(path, bytes)?;
    }
    Ok(())
}

fn cells_of(outputs: &ReportArgs) -> Cells {
    if outputs.raw_csv {
        Cells::Raw
    } else {
        Cells::Neutralised
    }
}

/// The date of the HTML report's today line: `--today`, else the as-of
/// date, else the local date.
fn today(outputs: &ReportArgs, as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    outputs
        .today
        .or(as_of)
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The `--html` and `--xlsx` files of `view`.
fn report_files(outputs: &ReportArgs, view: &Report<'_>) -> anyhow::Result<Files> {
    let mut files = Files::new();
    if let Some(path) = &outputs.html {
        files.push((path.clone(), report::html::to_string(view).into_bytes()));
    }
    if let Some(path) = &outputs.xlsx {
        let bytes = report::xlsx::to_bytes(view, cells_of(outputs))
            .map_err(|e| sprintcast::Error::io(path.display().to_string(), e))?;
        files.push((path.clone(), bytes));
    }
    Ok(files)
}

/// The files of a what-if `--out`, relative to it: scenarios.csv, and for
/// each plan that exists its plan files (and forecast.csv with `--samples`)
/// in its sub-folder.
fn whatif_files(what_if: &WhatIf, cells: Cells) -> anyhow::Result<Files> {
    let mut files = render(what_if, cells, WHATIF_FILES)?;
    let mut within = |sub: &str, set: Files| {
        files.extend(
            set.into_iter()
                .map(|(name, bytes)| (Path::new(sub).join(name), bytes)),
        );
    };
    for column in what_if.columns() {
        let Some(planned) = column.planned() else {
            continue;
        };
        within(column.folder, render(&planned.plan, cells, PLAN_FILES)?);
        if let Some(forecast) = &planned.forecast {
            within(
                column.folder,
                render(forecast, cells, WHATIF_FORECAST_FILES)?,
            );
        }
    }
    Ok(files)
}

/// Every file a what-if `--out` may hold, relative to it, known from the
/// scenario file before planning.
fn whatif_names(scenarios: &[scenario::Scenario], forecast: bool) -> Vec<PathBuf> {
    let mut out = names(WHATIF_FILES);
    let folders = std::iter::once(whatif::folder_name(0, scenario::BASELINE)).chain(
        scenarios
            .iter()
            .enumerate()
            .map(|(k, s)| whatif::folder_name(k + 1, &s.name)),
    );
    for folder in folders {
        let mut within = names(PLAN_FILES);
        if forecast {
            within.extend(names(WHATIF_FORECAST_FILES));
        }
        out.extend(within.into_iter().map(|n| Path::new(&folder).join(n)));
    }
    out
}

/// Where `--ics` writes, checked: the folder and the calendar files in it,
/// or `None` when they go into the `--out` folder (the same folder).
type IcsFolder = Option<PathBuf>;

/// Refuses, before planning, an `--ics` folder that would lose something:
/// a file where the folder goes, a calendar that is an input, or a
/// calendar that is another output (the checks of `--out`). Returns the
/// folder, or `None` when it is the `--out` folder itself (then the
/// calendars are written with that folder's files, as one set).
fn check_ics(
    dir: &Path,
    inputs: &[&Path],
    out: Option<(&Path, Vec<PathBuf>)>,
    outputs: &ReportArgs,
    developers: &[&str],
) -> anyhow::Result<IcsFolder> {
    if dir.exists() && !dir.is_dir() {
        return Err(sprintcast::Error::Output {
            path: dir.display().to_string(),
            problem:
                "is not a folder; give a folder for --ics (one NAME.ics per developer goes into it)"
                    .into(),
        }
        .into());
    }
    let calendars: Vec<PathBuf> = report::ics::file_names(developers.iter().copied())
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let shared = out.as_ref().is_some_and(|(o, _)| same_folder(o, dir));
    let mut folders: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    match out {
        Some((o, mut in_out)) if shared => {
            in_out.extend(calendars);
            folders.push((o.to_path_buf(), in_out));
        }
        Some((o, in_out)) => {
            folders.push((o.to_path_buf(), in_out));
            folders.push((dir.to_path_buf(), calendars));
        }
        None => folders.push((dir.to_path_buf(), calendars)),
    }
    report::atomic::check_outputs(&report::atomic::Outputs {
        inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        folders,
        files: outputs.html.iter().chain(&outputs.xlsx).cloned().collect(),
    })?;
    Ok((!shared).then(|| dir.to_path_buf()))
}

/// Whether two folder paths name the same folder (existing or not yet).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// The calendars of `--ics` (after [`check_ics`]): added to the `--out`
/// folder's files when they share it, else returned with their folder.
fn ics_files(
    ics: Option<IcsFolder>,
    plan: &Plan,
    developers: &[&str],
    folder: &mut Option<(PathBuf, Files)>,
) -> Option<(PathBuf, Files)> {
    let ics = ics?;
    let files: Files = report::ics::calendars(plan, developers)
        .into_iter()
        .map(|(name, bytes)| (PathBuf::from(name), bytes))
        .collect();
    match (ics, folder) {
        (Some(dir), _) => Some((dir, files)),
        (None, Some((_, set))) => {
            set.extend(files);
            None
        }
        // check_ics shares a folder only with --out.
        (None, None) => None,
    }
}

/// Writes the `--ics` folder as a set (as `--out` is written).
fn write_calendars(calendars: Option<(PathBuf, Files)>) -> anyhow::Result<()> {
    if let Some((dir, files)) = calendars {
        report::atomic::write_folder(&dir, &files)?;
    }
    Ok(())
}

/// The developer `--developer` names, as the team spells it; a name the
/// team does not have is a bad command-line value (exit 2) with the
/// closest names.
fn developer_named(team: &Team, name: &str) -> anyhow::Result<String> {
    if let Some(d) = team.developer(name) {
        return Ok(d.name.clone());
    }
    let names = team.developers.iter().map(|d| d.name.as_str());
    let close = sprintcast::error::closest(name, names);
    let hint = match close.as_slice() {
        [] => format!(
            "the team has {}",
            team.developers
                .iter()
                .map(|d| format!("\"{}\"", d.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        close => format!(
            "did you mean {}?",
            close
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    anyhow::bail!("--developer \"{name}\": no such developer in the team; {hint}")
}
