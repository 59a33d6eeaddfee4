//! The `sprintcast` binary: parses the command line, calls the library,
//! renders, and picks the exit code (0 ok, 1 invalid input or infeasible,
//! 2 usage or I/O; a closed stdout pipe is not an error).

mod cli;

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::Context;
use clap::Parser;

use cli::{Cli, Command, InputFormat, ObjectiveArg, ViewFormat};
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::optimizer::{self, Objective, PlanOptions};
use sprintcast::plan::Plan;
use sprintcast::{check, team_file, Backlog, Team};

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(()) => 0,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            exit_code(&e)
        }
    };
    std::process::exit(code);
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
        } => {
            if !(time_limit > 0.0 && time_limit.is_finite()) {
                anyhow::bail!("--time-limit {time_limit}: give a positive number of seconds");
            }
            let team = team_file::read_team(&team)?;
            let backlog = read_backlog(&backlog, input_format, Some(&team))?;
            let opts = PlanOptions {
                objective: match objective {
                    ObjectiveArg::Weighted => Objective::Weighted,
                    ObjectiveArg::Makespan => Objective::Makespan,
                },
                time_limit,
                strict_due,
            };
            let result = optimizer::optimize(&backlog, &team, &opts)?;
            let plan = Plan::new(&backlog, &team, &result);
            warn(&plan.warnings);
            if let Some(dir) = out {
                write_plan_files(&dir, &plan)?;
            }
            let mut stdout = io::stdout().lock();
            match format {
                ViewFormat::Table => plan.write_table(&mut stdout)?,
                ViewFormat::Json => plan.write_json(&mut stdout)?,
                ViewFormat::Markdown => plan.write_markdown(&mut stdout)?,
            }
            stdout.flush()?;
            Ok(())
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
            write_atomically(&output, &bytes)
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

/// Writes the four plan files into `dir` (created if needed), each one
/// atomically.
fn write_plan_files(dir: &Path, plan: &Plan) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| sprintcast::Error::io(dir.display().to_string(), e))?;
    type Writer = fn(&Plan, &mut dyn Write) -> io::Result<()>;
    let files: [(&str, Writer); 4] = [
        ("plan.csv", Plan::write_plan_csv),
        ("schedule.csv", Plan::write_schedule_csv),
        ("load.csv", Plan::write_load_csv),
        ("summary.json", Plan::write_summary_json),
    ];
    for (name, write) in files {
        let mut bytes = Vec::new();
        write(plan, &mut bytes)?;
        write_atomically(&dir.join(name), &bytes)?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and
/// a rename, so an existing file is never left half-written.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.sprintcast-tmp"));
    let io_err = |e| sprintcast::Error::io(path.display().to_string(), e);
    std::fs::write(&tmp, bytes).map_err(io_err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_err(e)
    })?;
    Ok(())
}
