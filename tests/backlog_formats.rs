//! The backlog readers and writers on the seed backlog and on small inputs:
//! what the seed reads as, round trips between the formats, and the exact
//! message of every input error a backlog can cause.

use std::path::{Path, PathBuf};

use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::{Backlog, Priority, Status, Task};

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/seed-backlog.md")
}

fn seed() -> Backlog {
    backlog::read_file(&seed_path(), &ReadOptions::default()).unwrap()
}

fn read(text: &str, format: Format) -> sprintcast::Result<Backlog> {
    let source = format!("in.{}", format.extension());
    backlog::parse(&source, text.as_bytes(), format, &ReadOptions::default())
}

fn error(text: &str, format: Format) -> String {
    read(text, format).unwrap_err().to_string()
}

fn write(backlog: &Backlog, format: Format) -> String {
    let mut out = Vec::new();
    backlog::write(backlog, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Writes in `format` and reads it back.
fn through(backlog: &Backlog, format: Format) -> Backlog {
    read(&write(backlog, format), format).unwrap()
}

/// The tasks without what may differ between formats (source lines).
fn comparable(tasks: &[Task]) -> Vec<Task> {
    tasks
        .iter()
        .map(|t| Task {
            line: 0,
            ..t.clone()
        })
        .collect()
}

#[test]
fn seed_reads_57_tasks_of_331_hours_in_4_projects() {
    let b = seed();
    assert_eq!(b.tasks.len(), 57);
    assert_eq!(b.total_hours(), 331.0);
    assert_eq!(
        b.projects(),
        [
            "customer-feedback-app",
            "AI-Whisperers-website-and-courses",
            "analysis-engine",
            "yt-transcript-headless"
        ]
    );
    assert!(b.tasks.iter().all(|t| t.status == Status::Open));
    assert_eq!(
        b.hours_by_priority(),
        [
            (Priority::Urgent, 48.0),
            (Priority::High, 156.0),
            (Priority::Medium, 81.0),
            (Priority::Low, 46.0)
        ]
    );
}

#[test]
fn seed_priorities_follow_the_garbled_headings() {
    let b = seed();
    let count = |project: &str, priority: Priority| {
        b.tasks
            .iter()
            .filter(|t| t.project == project && t.priority == priority)
            .count()
    };
    use Priority::*;
    for (project, counts) in [
        ("customer-feedback-app", [3, 11, 6, 3]),
        ("AI-Whisperers-website-and-courses", [3, 3, 2, 3]),
        ("analysis-engine", [0, 5, 6, 0]),
        ("yt-transcript-headless", [3, 6, 3, 0]),
    ] {
        let got = [Urgent, High, Medium, Low].map(|p| count(project, p));
        assert_eq!(got, counts, "{project}");
    }
    let first = &b.tasks[0];
    assert_eq!(first.title, "Fix HTTP/2 request splitting vulnerability");
    assert_eq!(
        first.id,
        "customer-feedback-app/fix-http-2-request-splitting-vulnerability"
    );
    assert_eq!(first.category, "Bug Fixes");
    assert_eq!(first.hours, 4.0);
    assert_eq!(first.line, 11);
    assert_eq!(
        first.notes,
        [
            "Review GHSA-847f-9342-265h",
            "Apply security patches",
            "Test vulnerability is closed",
            "Update dependencies"
        ]
    );
    let qa = b
        .tasks
        .iter()
        .find(|t| t.title == "Implement live Q&A sessions")
        .unwrap();
    assert_eq!(
        (qa.priority, qa.category.as_str(), qa.hours, qa.line),
        (Low, "Enhancements", 6.0, 217)
    );
    assert!(qa.notes.is_empty());
}

#[test]
fn seed_summary_table_is_read_and_its_mismatches_warned() {
    let b = seed();
    let declared = b.declared.as_ref().unwrap();
    assert_eq!(declared.total, Some(402.0));
    assert_eq!(
        declared.by_priority,
        [
            (Priority::Urgent, 42.0),
            (Priority::High, 198.0),
            (Priority::Medium, 108.0),
            (Priority::Low, 54.0)
        ]
    );
    let source = seed_path().display().to_string();
    let warnings: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    let expected: Vec<String> = [
        "Time Estimates Summary says 402 hours in total, but the 57 tasks add up to 331 hours",
        "Time Estimates Summary says URGENT 42 hours, the URGENT tasks add up to 48 hours",
        "Time Estimates Summary says HIGH 198 hours, the HIGH tasks add up to 156 hours",
        "Time Estimates Summary says MEDIUM 108 hours, the MEDIUM tasks add up to 81 hours",
        "Time Estimates Summary says LOW 54 hours, the LOW tasks add up to 46 hours",
    ]
    .iter()
    .map(|m| format!("{source}:359: warning: {m}"))
    .collect();
    assert_eq!(warnings, expected);
}

#[test]
fn seed_round_trips_markdown_csv_markdown() {
    let b = seed();
    let csv = through(&b, Format::Csv);
    assert_eq!(comparable(&csv.tasks), comparable(&b.tasks));
    let md = through(&csv, Format::Markdown);
    assert_eq!(comparable(&md.tasks), comparable(&b.tasks));
}

#[test]
fn seed_round_trips_markdown_json_markdown() {
    let b = seed();
    let json = through(&b, Format::Json);
    assert_eq!(comparable(&json.tasks), comparable(&b.tasks));
    let md = through(&json, Format::Markdown);
    assert_eq!(comparable(&md.tasks), comparable(&b.tasks));
}

#[test]
fn markdown_writer_keeps_the_summary_and_is_stable() {
    let b = seed();
    let once = write(&b, Format::Markdown);
    let again = through(&b, Format::Markdown);
    assert_eq!(again.declared.as_ref().map(|d| d.total), Some(Some(402.0)));
    assert_eq!(again.warnings.len(), 5);
    assert_eq!(write(&again, Format::Markdown), once);
    assert!(once.starts_with(
        "## customer-feedback-app\n\n### URGENT - Bug Fixes\n\n- [ ] **Fix HTTP/2 request splitting vulnerability** (4 hours)\n  - Review GHSA-847f-9342-265h\n"
    ));
}

#[test]
fn csv_with_bom_and_extra_column() {
    let text = "\u{feff}id,title,hours,Story Points,priority\nA-1,Fix login,3,5,urgent\nA-2,Add export,1.5,,\n";
    let b = read(text, Format::Csv).unwrap();
    assert_eq!(b.tasks.len(), 2);
    assert_eq!(b.tasks[0].id, "A-1");
    assert_eq!(b.tasks[0].priority, Priority::Urgent);
    assert_eq!(b.extra_columns, ["Story Points"]);
    assert_eq!(
        b.tasks[0].extra,
        [("Story Points".to_string(), "5".to_string())]
    );
    // kept through Markdown and back into CSV
    let md = through(&b, Format::Markdown);
    assert_eq!(
        md.tasks[0].extra,
        [("Story Points".to_string(), "5".to_string())]
    );
    let csv = write(&md, Format::Csv);
    assert!(csv.starts_with(
        "id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes,Story Points\nA-1,Fix login,,URGENT,,3,,,,,open,,,,,5\nA-2,"
    ), "{csv}");
}

#[test]
fn csv_and_json_fields_round_trip_into_markdown() {
    let csv = "id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes\n\
               a,Fix A,web,HIGH,Bugs,2 days,b;Deploy it,rust;sql:2,Ana,2026-12-24,open,3,20,0.7,\"owner: not a field\nplain\"\n\
               b,Deploy it,web,LOW,,90 min,,,,,done,,,,\n";
    let b = read(csv, Format::Csv).unwrap();
    assert_eq!(b.tasks[0].hours, 16.0);
    for format in [Format::Markdown, Format::Json, Format::Csv] {
        let back = through(&b, format);
        assert_eq!(comparable(&back.tasks), comparable(&b.tasks), "{format:?}");
    }
}

#[test]
fn input_errors_have_exact_messages() {
    use Format::*;
    let cases: &[(&str, Format, &str)] = &[
        ("", Markdown, "in.md: the file is empty; expected a backlog with at least one task"),
        (" \n \n", Csv, "in.csv: the file is empty; expected a backlog with at least one task"),
        (
            "# Backlog\n\nNothing yet.\n",
            Markdown,
            "in.md: no task found; write tasks as `- [ ] **Title** (N hours)` lines under `##` project and `###` priority headings",
        ),
        (
            "## web\n- [ ] **Add PDF report export**\n",
            Markdown,
            "in.md:2: task \"Add PDF report export\": no hour estimate; add one such as (4 hours)",
        ),
        (
            "## web\n\n- [ ] **Add PDF report export** (six hours)\n",
            Markdown,
            "in.md:3: task \"Add PDF report export\": hours \"six\" is not a number",
        ),
        (
            "- [ ] **Tidy up** (-2 hours)\n",
            Markdown,
            "in.md:1: task \"Tidy up\": hours \"-2\" must be greater than zero",
        ),
        (
            "- [ ] **Tidy up** (0 hours)\n",
            Markdown,
            "in.md:1: task \"Tidy up\": hours \"0\" must be greater than zero",
        ),
        (
            "- [ ] **A** (1h)\n  - due: 2026-02-30\n",
            Markdown,
            "in.md:2: task \"A\": due \"2026-02-30\" is not a date (YYYY-MM-DD)",
        ),
        (
            "- [ ] **A** (1h)\n  - skills: rust, go:expert\n",
            Markdown,
            "in.md:2: task \"A\": skills \"go:expert\" is not a skill; write name or name:level (level a whole number)",
        ),
        (
            "- [ ] **A** (1h)\n  - range: 5\n",
            Markdown,
            "in.md:2: task \"A\": range \"5\" must be low-high hours with 0 < low <= high, such as 3-6",
        ),
        (
            "- [ ] **A** (1h)\n  - confidence: 0\n",
            Markdown,
            "in.md:2: task \"A\": confidence \"0\" must be a number between 0 and 1, such as 0.8",
        ),
        (
            "## p\n- [ ] **A** (1h)\n  - id: x\n\n- [ ] **B** (1h)\n  - id: x\n",
            Markdown,
            "in.md:5: duplicate task id \"x\" (first used on line 2); give one of them another `id:`",
        ),
        (
            "title,hours\nA,1\n",
            Csv,
            "in.csv:1: missing required column \"id\" (the header must name id, title and hours)",
        ),
        (
            "id,title,hours\na,A,1\na,B,2\n",
            Csv,
            "in.csv:3: duplicate task id \"a\" (first used on line 2); give one of them another `id:`",
        ),
        (
            "id,title,hours,status\na,A,1,finished\n",
            Csv,
            "in.csv:2: task \"A\": status \"finished\" is not a status; use open or done",
        ),
        (
            "id,title,hours\na,A,\n",
            Csv,
            "in.csv:2: task \"A\": no hour estimate; add one such as (4 hours)",
        ),
        (
            "[\n  {\"id\": \"a\", \"title\": \"A\", \"hours\": \"six\"}\n]\n",
            Json,
            "in.json:2: task \"A\": hours \"six\" is not a number",
        ),
        (
            "[\n  {\"id\": \"a\", \"title\": \"A\", \"hours\": 1,}\n]\n",
            Json,
            "in.json:2:40: not valid JSON: trailing comma",
        ),
        (
            "[]",
            Json,
            "in.json: no task found; expected an array of task objects with id, title and hours",
        ),
    ];
    for (text, format, message) in cases {
        assert_eq!(&error(text, *format), message, "{text:?}");
    }
}

#[test]
fn binary_input_is_one_clear_error() {
    let png: &[u8] = &[
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    for format in [Format::Markdown, Format::Csv, Format::Json] {
        let e = backlog::parse("logo.png", png, format, &ReadOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "logo.png:1: the file is not UTF-8 text (byte 0); save it as UTF-8"
        );
        assert_eq!(e.exit_code(), 1);
    }
    let e = backlog::parse(
        "x.md",
        b"- [ ] ok (1h)\n\0\0",
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.md:2: the file is not UTF-8 text (byte 14); save it as UTF-8"
    );
}

#[test]
fn read_file_picks_the_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("b.CSV");
    std::fs::write(&csv, "id,title,hours\na,A,2 days\n").unwrap();
    let b = backlog::read_file(&csv, &ReadOptions { hours_per_day: 6.0 }).unwrap();
    assert_eq!(b.tasks[0].hours, 12.0);
    assert_eq!(b.source, csv.display().to_string());

    let txt = dir.path().join("b.txt");
    std::fs::write(&txt, "- [ ] **A** (1h)\n").unwrap();
    let e = backlog::read_file(&txt, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: file extension \".txt\" is not a backlog format; use .md, .csv or .json",
            txt.display()
        )
    );
    assert_eq!(e.exit_code(), 1);

    let missing = dir.path().join("missing.md");
    let e = backlog::read_file(&missing, &ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{}: ", missing.display())),
        "{e}"
    );
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn repeated_titles_get_numbered_ids() {
    let b = read(
        "## web\n- [ ] **Write docs** (1h)\n- [ ] **Write docs** (2h)\n",
        Format::Markdown,
    )
    .unwrap();
    assert_eq!(b.tasks[0].id, "web/write-docs");
    assert_eq!(b.tasks[1].id, "web/write-docs-2");
    let back = through(&b, Format::Markdown);
    assert_eq!(comparable(&back.tasks), comparable(&b.tasks));
}
