//! Writes benchmark inputs for sprintcast.
//!
//! ```text
//! cargo run --release --example bench_inputs -- imopse DIR_OR_DEF_FILE OUTDIR
//! cargo run --release --example bench_inputs -- generate TASKS DEVS SEED OUTDIR
//! cargo run --release --example bench_inputs -- validate BACKLOG TEAM PLANDIR
//! ```
//!
//! `imopse` turns every iMOPSE `.def` file of DIR (in name order) into `OUTDIR/<name>.csv`
//! and `OUTDIR/<name>.toml` and prints `name tasks resources lower_bound` per instance.
//! `generate` writes `OUTDIR/generated-<TASKS>x<DEVS>.csv` and `.toml`. `validate` checks
//! PLANDIR/plan.csv and schedule.csv against the backlog and team with the plan validator
//! (written from SPEC, not from the optimizer) and prints `valid` or every violation, exiting
//! with status 1 on a violation. Errors are printed as one line and exit with status 2.

#[path = "../benches/support/generate.rs"]
mod generate;
#[path = "../benches/support/imopse.rs"]
mod imopse;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: bench_inputs imopse DIR_OR_DEF_FILE OUTDIR | bench_inputs generate TASKS DEVS SEED OUTDIR | bench_inputs validate BACKLOG TEAM PLANDIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_inputs: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, input, out] if cmd == "imopse" => imopse_cmd(Path::new(input), Path::new(out)),
        [cmd, tasks, devs, seed, out] if cmd == "generate" => {
            let tasks = number(tasks, "TASKS")?;
            let devs = number(devs, "DEVS")?;
            if devs == 0 {
                return Err("DEVS must be at least 1".into());
            }
            let seed = number(seed, "SEED")?;
            let (csv, toml) = generate::generate(tasks as usize, devs as usize, seed);
            let out = Path::new(out);
            create_dir(out)?;
            let stem = format!("generated-{tasks}x{devs}");
            write(&out.join(format!("{stem}.csv")), &csv)?;
            write(&out.join(format!("{stem}.toml")), &toml)
        }
        [cmd, backlog, team, dir] if cmd == "validate" => {
            let violations = validate_cmd(Path::new(backlog), Path::new(team), Path::new(dir))?;
            if violations.is_empty() {
                println!("valid");
                return Ok(());
            }
            for v in &violations {
                println!("{v}");
            }
            std::process::exit(1);
        }
        _ => Err(USAGE.into()),
    }
}

/// The validator's violations of the plan in `dir`.
fn validate_cmd(backlog: &Path, team: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let team = sprintcast::team_file::read_team(team).map_err(|e| e.to_string())?;
    let opts = sprintcast::backlog::ReadOptions {
        hours_per_day: team.calendar.hours_per_day,
        ..Default::default()
    };
    let backlog = sprintcast::backlog::read_file(backlog, &opts).map_err(|e| e.to_string())?;
    let read = |name: &str| {
        fs::read_to_string(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let violations =
        sprintcast::validate::validate(&backlog, &team, &read("plan.csv")?, &read("schedule.csv")?);
    Ok(violations.iter().map(|v| v.to_string()).collect())
}

fn imopse_cmd(input: &Path, out: &Path) -> Result<(), String> {
    let files: Vec<PathBuf> = if input.is_dir() {
        let entries = fs::read_dir(input).map_err(|e| format!("{}: {e}", input.display()))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", input.display()))?
                .path();
            if path.extension().is_some_and(|ext| ext == "def") {
                files.push(path);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(format!("{}: no .def files", input.display()));
        }
        files
    } else {
        vec![input.to_path_buf()]
    };
    create_dir(out)?;
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    for path in files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The reference parser reads with errors="replace"; so does this one.
        let text = String::from_utf8_lossy(&bytes);
        let instance =
            imopse::parse(&name, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        write(
            &out.join(format!("{name}.csv")),
            &imopse::to_backlog_csv(&instance),
        )?;
        write(
            &out.join(format!("{name}.toml")),
            &imopse::to_team_toml(&instance),
        )?;
        let line = writeln!(
            stdout,
            "{} {} {} {}",
            instance.name,
            instance.tasks.len(),
            instance.resources.len(),
            imopse::lower_bound(&instance)
        );
        match line {
            Ok(()) => {}
            // A closed pipe (`| head`) is not an error; the files are still written.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => return Err(format!("stdout: {e}")),
        }
    }
    Ok(())
}

fn number(text: &str, what: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{what} {text:?} is not a whole number; {USAGE}"))
}

fn create_dir(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
