//! The `sprintcast` binary: parses the command line, calls the library,
//! renders, and picks the exit code (0 ok, 1 invalid input or infeasible,
//! 2 usage or I/O; a closed stdout pipe is not an error).

mod cli;
mod progress;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;

use cli::{Cli, Command, InputFormat, ObjectiveArg, ReportArgs, ViewFormat};
use progress::Progress;
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::forecast::{self, Forecast, ForecastOptions};
use sprintcast::optimizer::{self, Objective, PlanOptions};
use sprintcast::plan::Plan;
use sprintcast::report::{self, Cells, Report};
use sprintcast::whatif::{self, WhatIf, WhatIfOptions};
use sprintcast::{check, scenario, team_file, Backlog, Team};

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => 0,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            exit_code(&e)
        }
    };
    std::process::exit(code);
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

fn exit_code(e: &anyhow::Error) -> i32 {
    e.chain()
        .find_map(|c| c.downcast_ref::<sprintcast::Error>())
        .map_or(2, sprintcast::Error::exit_code)
}

fn format_of(f: InputFormat) -> Format {
    match f {
        InputFormat::Md => Format::Markdown,
        InputFormat::Csv => Format::Csv,
        InputFormat::Json => Format::Json,
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let progress = Progress::for_stderr(cli.quiet);
    match cli.command {
        Command::Check {
            backlog,
            team,
            input_format,
        } => {
            let team = team.as_deref().map(team_file::read_team).transpose()?;
            let backlog = read_backlog(&backlog, input_format, team.as_ref())?;
            let report = check::check(&backlog, team.as_ref())?;
            warn(&report.warnings);
            let mut out = io::stdout().lock();
            check::render(&report, &mut out)?;
            out.flush()?;
            Ok(())
        }
        Command::Plan {
            backlog,
            team,
            out,
            objective,
            time_limit,
            strict_due,
            format,
            input_format,
            report: outputs,
        } => {
            check_time_limit(time_limit)?;
            check_outputs(&outputs)?;
            let team = team_file::read_team(&team)?;
            let source = backlog.display().to_string();
            let backlog = read_backlog(&backlog, input_format, Some(&team))?;
            let opts = PlanOptions {
                objective: match objective {
                    ObjectiveArg::Weighted => Objective::Weighted,
                    ObjectiveArg::Makespan => Objective::Makespan,
                },
                time_limit,
                strict_due,
            };
            let result =
                progress.run("planning", || optimizer::optimize(&backlog, &team, &opts))?;
            let plan = Plan::new(&backlog, &team, &result);
            warn(&plan.warnings);
            let view = Report::new(&source, &plan).with_today(Some(today(&outputs)));
            let mut files = Vec::new();
            if let Some(dir) = out {
                files.extend(plan_files(&dir, &plan, cells_of(&outputs))?);
            }
            files.extend(report_files(&outputs, &view)?);
            write_files(&files)?;
            print_view(
                format,
                |out| plan.write_table(out),
                |out| plan.write_json(out),
                |out| report::markdown::write(&view, out),
            )
        }
        Command::Forecast {
            backlog,
            team,
            samples,
            seed,
            uncertainty,
            out,
            objective,
            time_limit,
            format,
            input_format,
            report: outputs,
        } => {
            check_time_limit(time_limit)?;
            check_outputs(&outputs)?;
            let file = team_file::read_team_file(&team)?;
            let opts = ForecastOptions {
                samples,
                seed,
                uncertainty: uncertainty.or(file.forecast.uncertainty),
            };
            // Before planning, which takes seconds: a bad option fails at once.
            opts.check()?;
            let team = file.team;
            let source = backlog.display().to_string();
            let backlog = read_backlog(&backlog, input_format, Some(&team))?;
            warn(&backlog.warnings);
            let plan_opts = PlanOptions {
                objective: objective_of(objective),
                time_limit,
                strict_due: false,
            };
            let plan = progress.run("planning", || {
                optimizer::optimize(&backlog, &team, &plan_opts)
            })?;
            let forecast = progress.run_counted("forecasting: samples", samples, |done| {
                forecast::run_counted(&backlog, &team, &plan, &opts, done)
            })?;
            warn(&forecast.warnings);
            let mut files = Vec::new();
            if let Some(dir) = out {
                files.extend(forecast_files(&dir, &forecast, cells_of(&outputs))?);
            }
            if outputs.html.is_some() || outputs.xlsx.is_some() {
                let plan = Plan::new(&backlog, &team, &plan);
                let view = Report::new(&source, &plan)
                    .with_forecast(&forecast)
                    .with_today(Some(today(&outputs)));
                files.extend(report_files(&outputs, &view)?);
            }
            write_files(&files)?;
            print_view(
                format,
                |out| forecast.write_table(out),
                |out| forecast.write_json(out),
                |out| forecast.write_markdown(out),
            )
        }
        Command::Whatif {
            backlog,
            team,
            scenarios,
            out,
            samples,
            seed,
            objective,
            time_limit,
            format,
            input_format,
            report: outputs,
        } => {
            check_time_limit(time_limit)?;
            check_outputs(&outputs)?;
            let file = team_file::read_team_file(&team)?;
            let forecast = samples.map(|samples| ForecastOptions {
                samples,
                seed,
                uncertainty: file.forecast.uncertainty,
            });
            if let Some(f) = &forecast {
                f.check()?;
            }
            let team = file.team;
            let backlog = read_backlog(&backlog, input_format, Some(&team))?;
            let scenarios = scenario::read_scenarios(&scenarios, &team)?;
            let opts = WhatIfOptions {
                plan: PlanOptions {
                    objective: objective_of(objective),
                    time_limit,
                    strict_due: false,
                },
                forecast,
            };
            let what_if = progress.run("planning the scenarios", || {
                whatif::run(&backlog, &team, &scenarios, &opts)
            })?;
            let baseline = what_if.compared[0].planned();
            if let Some(base) = baseline {
                warn(&base.plan.warnings);
            }
            warn(&what_if.warnings);
            let mut files = Vec::new();
            if let Some(dir) = out {
                files.extend(whatif_files(&dir, &what_if, cells_of(&outputs))?);
            }
            if let Some(base) = baseline {
                let view = Report::new(&what_if.backlog_source, &base.plan)
                    .with_whatif(&what_if)
                    .with_today(Some(today(&outputs)));
                files.extend(report_files(&outputs, &view)?);
            }
            write_files(&files)?;
            print_view(
                format,
                |out| what_if.write_table(out),
                |out| what_if.write_json(out),
                |out| what_if.write_markdown(out),
            )
        }
        Command::Convert {
            input,
            output,
            input_format,
            output_format,
        } => {
            let backlog = read_backlog(&input, input_format, None)?;
            warn(&backlog.warnings);
            if output.as_os_str() == "-" {
                let format = output_format
                    .map(format_of)
                    .context("writing to stdout needs --output-format md, csv or json")?;
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
    team: Option<&Team>,
) -> anyhow::Result<Backlog> {
    let opts = ReadOptions {
        hours_per_day: team.map_or(8.0, |t| t.calendar.hours_per_day),
    };
    if path.as_os_str() == "-" {
        let format = input_format
            .map(format_of)
            .context("reading a backlog from stdin needs --input-format md, csv or json")?;
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
        None => Ok(backlog::read_file(path, &opts)?),
    }
}

fn warn(warnings: &[sprintcast::model::Warning]) {
    let mut err = io::stderr().lock();
    for w in warnings {
        // stderr failing is nothing we can report anywhere.
        let _ = writeln!(err, "{w}");
    }
}

/// A command's `--time-limit`: a positive number of seconds.
fn check_time_limit(time_limit: f64) -> anyhow::Result<()> {
    if !(time_limit > 0.0 && time_limit.is_finite()) {
        anyhow::bail!("--time-limit {time_limit}: give a positive number of seconds");
    }
    Ok(())
}

/// Prints a command's view on stdout in the `--format` asked for.
fn print_view(
    format: ViewFormat,
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    json: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    markdown: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match format {
        ViewFormat::Table => table(&mut stdout)?,
        ViewFormat::Json => json(&mut stdout)?,
        ViewFormat::Markdown => markdown(&mut stdout)?,
    }
    stdout.flush()?;
    Ok(())
}

/// Output files rendered in memory, written only once all are ready.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// A file renderer of `T`: writes one output file's bytes.
type Render<T> = fn(&T, &mut dyn Write, Cells) -> io::Result<()>;

/// The files `renders` make of `item`, named within `dir`.
fn render<T>(
    dir: &Path,
    item: &T,
    cells: Cells,
    renders: &[(&str, Render<T>)],
) -> anyhow::Result<Files> {
    let mut out = Files::new();
    for (name, write) in renders {
        let mut bytes = Vec::new();
        write(item, &mut bytes, cells)?;
        out.push((dir.join(name), bytes));
    }
    Ok(out)
}

/// The four plan files for `dir`.
fn plan_files(dir: &Path, plan: &Plan, cells: Cells) -> anyhow::Result<Files> {
    render(
        dir,
        plan,
        cells,
        &[
            ("plan.csv", Plan::write_plan_csv_with),
            ("schedule.csv", Plan::write_schedule_csv_with),
            ("load.csv", Plan::write_load_csv_with),
            ("summary.json", |plan, out, _| plan.write_summary_json(out)),
        ],
    )
}

/// Fails early, before any planning, when `--html` or `--xlsx` names a file
/// that cannot be written (its directory is missing, or it is a directory).
fn check_outputs(outputs: &ReportArgs) -> anyhow::Result<()> {
    for path in outputs.html.iter().chain(&outputs.xlsx) {
        report::check_writable(path)?;
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

/// The date of the HTML report's today line: `--today`, else the local date.
fn today(outputs: &ReportArgs) -> chrono::NaiveDate {
    outputs
        .today
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

/// Writes every file, each one atomically, creating the directories the
/// files go in (`--out` and its sub-folders) only now that every file is
/// rendered.
fn write_files(files: &Files) -> anyhow::Result<()> {
    for (path, bytes) in files {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| sprintcast::Error::io(dir.display().to_string(), e))?;
        }
        report::write_atomically(path, bytes)?;
    }
    Ok(())
}

fn objective_of(objective: ObjectiveArg) -> Objective {
    match objective {
        ObjectiveArg::Weighted => Objective::Weighted,
        ObjectiveArg::Makespan => Objective::Makespan,
    }
}

/// forecast.csv and burnup.csv for `dir`.
fn forecast_files(dir: &Path, forecast: &Forecast, cells: Cells) -> anyhow::Result<Files> {
    render(
        dir,
        forecast,
        cells,
        &[
            ("forecast.csv", Forecast::write_forecast_csv_with),
            ("burnup.csv", |f, out, _| f.write_burnup_csv(out)),
        ],
    )
}

/// scenarios.csv for `dir`, and for each plan that exists its plan files
/// (and forecast.csv with `--samples`) in its sub-folder.
fn whatif_files(dir: &Path, what_if: &WhatIf, cells: Cells) -> anyhow::Result<Files> {
    let mut files = render(
        dir,
        what_if,
        cells,
        &[("scenarios.csv", WhatIf::write_scenarios_csv_with)],
    )?;
    for compared in &what_if.compared {
        let Some(planned) = compared.planned() else {
            continue;
        };
        let sub = dir.join(&compared.folder);
        files.extend(plan_files(&sub, &planned.plan, cells)?);
        if let Some(forecast) = &planned.forecast {
            files.extend(render(
                &sub,
                forecast,
                cells,
                &[("forecast.csv", Forecast::write_forecast_csv_with)],
            )?);
        }
    }
    Ok(files)
}
