//! The backlog readers and writers on the seed backlog and on small inputs:
//! what the seed reads as, round trips between the formats, and the exact
//! message of every input error a backlog can cause.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
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
    // The plain writer (without the file's own text around the tasks,
    // which tests/convert_text.rs covers).
    let mut b = seed();
    b.document = None;
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
            "in.csv:2: task \"A\": status \"finished\" is not a status; use open, in_progress or done",
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
    let b = backlog::read_file(
        &csv,
        &ReadOptions {
            hours_per_day: 6.0,
            ..ReadOptions::default()
        },
    )
    .unwrap();
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

// ---------------------------------------------------------------------------
// Text that would rewrite a document (issue 10, failure 6)

/// Runs `sprintcast convert INPUT OUTPUT` in `dir`; returns (exit code, stderr).
fn convert(dir: &Path, input: &str, output: &str) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sprintcast"))
        .args(["convert", input, output])
        .current_dir(dir)
        .output()
        .expect("the sprintcast binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

fn read_path(path: &Path) -> Backlog {
    backlog::read_file(path, &ReadOptions::default()).unwrap()
}

/// The tester's attack: an extra CSV column holding a line break and a task
/// line. Converted to Markdown it must stay the first task's value.
#[test]
fn csv_cell_with_a_task_line_stays_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let payload = "ok\n- [ ] **Injected** (999 hours)";
    let csv = format!("id,title,hours,priority,comment\nA-1,Fix login,1,LOW,\"{payload}\"\n");
    std::fs::write(dir.path().join("in.csv"), &csv).unwrap();
    assert_eq!(
        convert(dir.path(), "in.csv", "out.md"),
        (Some(0), String::new())
    );
    let md = read_path(&dir.path().join("out.md"));
    assert_eq!(md.tasks.len(), 1);
    assert_eq!(md.total_hours(), 1.0);
    assert_eq!(md.tasks[0].priority, Priority::Low);
    assert_eq!(
        md.tasks[0].extra,
        [("comment".to_string(), payload.to_string())]
    );
    // and back to CSV: the cell byte for byte
    assert_eq!(
        convert(dir.path(), "out.md", "back.csv"),
        (Some(0), String::new())
    );
    let back = std::fs::read_to_string(dir.path().join("back.csv")).unwrap();
    assert!(back.ends_with(&format!(",\"{payload}\"\n")), "{back}");
    assert_eq!(read_path(&dir.path().join("back.csv")).tasks.len(), 1);
}

/// The tester's other attack: a JSON value holding `\n### URGENT - Hijack`
/// must not make the next task URGENT.
#[test]
fn json_value_with_a_heading_does_not_change_the_next_priority() {
    let dir = tempfile::tempdir().unwrap();
    let json = r#"[
  {"id": "a", "title": "First", "hours": 2, "priority": "LOW", "comment": "x\n### URGENT - Hijack"},
  {"id": "b", "title": "Second", "hours": 3, "priority": "LOW", "notes": ["y\n### URGENT - Hijack"]}
]"#;
    std::fs::write(dir.path().join("in.json"), json).unwrap();
    assert_eq!(
        convert(dir.path(), "in.json", "out.md"),
        (Some(0), String::new())
    );
    let md = read_path(&dir.path().join("out.md"));
    let got: Vec<(&str, Priority, f64)> = md
        .tasks
        .iter()
        .map(|t| (t.id.as_str(), t.priority, t.hours))
        .collect();
    assert_eq!(got, [("a", Priority::Low, 2.0), ("b", Priority::Low, 3.0)]);
    assert_eq!(md.tasks[0].category, "");
    assert_eq!(
        md.tasks[0].extra,
        [("comment".to_string(), "x\n### URGENT - Hijack".to_string())]
    );
    // A note is a line list: the heading is the second note, not a heading.
    assert_eq!(md.tasks[1].notes, ["y", "### URGENT - Hijack"]);
}

/// Text in every field the Markdown writer emits that Markdown would read as
/// structure reads back as it was, through Markdown, CSV and JSON.
#[test]
fn structural_text_in_every_field_round_trips() {
    let mut a = Task::new("id, with; both", "a ** b **c** (4 hours)", 1.5);
    a.project = "web # ##".into();
    a.category = "Bugs (v2) #".into();
    a.priority = Priority::Low;
    a.owner = Some("- [ ] **Owner** (9 hours)".into());
    a.depends_on = vec![
        "Fix login, logout".into(),
        "a; b".into(),
        "back\\slash\\".into(),
        "\\,".into(),
    ];
    a.skills = vec![
        sprintcast::Skill {
            name: "c:d".into(),
            level: 1,
        },
        sprintcast::Skill {
            name: "back\\".into(),
            level: 2,
        },
    ];
    a.notes = vec![
        "depends on: X".into(),
        "### URGENT - Hijack".into(),
        "- [ ] **Injected** (999 hours)".into(),
        "extra.x: y".into(),
        "\\escaped".into(),
        "## project".into(),
        "```".into(),
    ];
    a.extra = vec![
        ("Time: spent".into(), "\"quoted\" first".into()),
        ("\"q".into(), "two\nlines\r\nand \u{2028} more".into()),
        ("plain".into(), "- [x] **Done** (1 hour)".into()),
    ];
    let mut b = Task::new("", "# leading hash", 2.0);
    b.project = "app (v2)".into();
    b.category = "URGENT - not a priority".into();
    let mut c = Task::new("", "ends with a star*", 1.0);
    c.project = "app (v2)".into();
    let d = Task::new("x", "\\ back \\* slash \\", 1.0);
    let e = Task::new("y", "*", 1.0);
    let f = Task::new("z", "- [ ] **Nested** (4 hours)", 1.0);
    let original = Backlog {
        tasks: vec![a, b, c, d, e, f],
        extra_columns: vec!["Time: spent".into(), "\"q".into(), "plain".into()],
        ..Backlog::default()
    };
    let md = through(&original, Format::Markdown);
    let mut expected = comparable(&original.tasks);
    // derived ids, as the reader gives them
    expected[1].id = "app-v2/leading-hash".into();
    expected[2].id = "app-v2/ends-with-a-star".into();
    assert_eq!(comparable(&md.tasks), expected);
    let csv = through(&md, Format::Csv);
    assert_eq!(comparable(&csv.tasks)[0], expected[0]);
    let md2 = through(&csv, Format::Markdown);
    assert_eq!(comparable(&md2.tasks), expected);
    assert_eq!(write(&md2, Format::Csv), write(&md, Format::Csv));
    let json = through(&md, Format::Json);
    assert_eq!(comparable(&json.tasks)[0], expected[0]);
    assert_eq!(
        comparable(&through(&json, Format::Markdown).tasks),
        expected
    );
}

#[test]
fn line_breaks_in_one_line_fields_are_one_clear_error() {
    use Format::*;
    let cases: &[(&str, Format, &str)] = &[
        (
            "[{\"id\": \"a\", \"title\": \"A\\nB\", \"hours\": 1}]",
            Json,
            "in.json:1: task \"A\\nB\": title \"A\\nB\" holds a line break (\\n); write it on one line",
        ),
        (
            "[{\"id\": \"a\\u2028b\", \"title\": \"A\", \"hours\": 1}]",
            Json,
            "in.json:1: task \"A\": id \"a\\u{2028}b\" holds a line break (\\u{2028}); write it on one line",
        ),
        (
            "id,title,hours,owner\na,A,1,\"Ana\rBo\"\n",
            Csv,
            "in.csv:2: task \"A\": owner \"Ana\\rBo\" holds a line break (\\r); write it on one line",
        ),
        (
            "id,title,hours,depends_on\na,A,1,b\u{85}c\n",
            Csv,
            "in.csv:2: task \"A\": depends_on \"b\\u{85}c\" holds a line break (\\u{85}); write it on one line",
        ),
        (
            "## web\u{2029}x\n- [ ] **A** (1h)\n",
            Markdown,
            "in.md:2: task \"A\": project \"web\\u{2029}x\" holds a line break (\\u{2029}); write it on one line",
        ),
        (
            "- [ ] **A\u{1b}[31m** (1h)\n",
            Markdown,
            "in.md:1: task \"A\\u{1b}[31m\": title \"A\\u{1b}[31m\" holds a control character (\\u{1b}); remove it",
        ),
        (
            "[{\"id\": \"a\", \"title\": \"A\", \"hours\": 1, \"skills\": [\"x,y\"]}]",
            Json,
            "in.json:1: task \"A\": skills \"x,y\" holds a list separator (, or ;); give each skill as its own item",
        ),
        (
            "- [ ] **A** (1h)\n  - extra.Hours: 5\n",
            Markdown,
            "in.md:2: task \"A\": extra column \"Hours\" is the backlog's own field \"hours\"; give the extra column another name",
        ),
        (
            "id,title,hours,x,x\na,A,1,2,3\n",
            Csv,
            "in.csv:1: column \"x\" appears twice in the header",
        ),
    ];
    for (text, format, message) in cases {
        let e = read(text, *format).unwrap_err();
        assert_eq!(&e.to_string(), message, "{text:?}");
        assert_eq!(e.exit_code(), 1);
    }
}

#[test]
fn notes_split_at_every_line_break() {
    let b = read(
        "id,title,hours,notes\na,A,1,\"one\u{2028}two\rthree\u{0b}four\"\n",
        Format::Csv,
    )
    .unwrap();
    assert_eq!(b.tasks[0].notes, ["one", "two", "three", "four"]);
    let md = read(
        "- [ ] **A** (1h)\n  - one\u{2028}depends on: B\n",
        Format::Markdown,
    )
    .unwrap();
    assert_eq!(md.tasks[0].notes, ["one", "depends on: B"]);
    assert!(md.tasks[0].depends_on.is_empty());
}

#[test]
fn escaped_bold_titles_and_lists_read_as_commonmark() {
    let b = read(
        "- [ ] **Fix \\*nix \\(paths\\) in C:\\dir** (1h)\n  - depends on: Fix login\\, logout, B\n",
        Format::Markdown,
    )
    .unwrap();
    assert_eq!(b.tasks[0].title, "Fix *nix (paths) in C:\\dir");
    assert_eq!(b.tasks[0].depends_on, ["Fix login, logout", "B"]);
}

// ---------------------------------------------------------------------------
// Estimates a plan cannot hold as written (issue 10, failure 10)

#[test]
fn estimates_under_a_minute_are_errors() {
    use Format::*;
    let cases: &[(&str, Format, &str)] = &[
        (
            "- [ ] **Blink** (0.0001 hours)\n",
            Markdown,
            "in.md:1: task \"Blink\": hours \"0.0001\" is less than a minute; give at least 0.02 hours",
        ),
        (
            "- [ ] **Blink** (0.5 min)\n",
            Markdown,
            "in.md:1: task \"Blink\": hours \"0.5 min\" is less than a minute; give at least 0.02 hours",
        ),
        (
            "id,title,hours\na,Blink,0.0001\n",
            Csv,
            "in.csv:2: task \"Blink\": hours \"0.0001\" is less than a minute; give at least 0.02 hours",
        ),
        (
            "[\n  {\"id\": \"a\", \"title\": \"Blink\", \"hours\": 1e-4}\n]",
            Json,
            "in.json:2: task \"Blink\": hours \"1e-4\" is less than a minute; give at least 0.02 hours",
        ),
        (
            "- [ ] **Blink** (1h)\n  - range: 0.001-2\n",
            Markdown,
            "in.md:2: task \"Blink\": range \"0.001-2\" starts under a minute; give a low of at least 0.02 hours",
        ),
        (
            "id,title,hours,low,high\na,Blink,1,0.001,2\n",
            Csv,
            "in.csv:2: task \"Blink\": low \"0.001\" is less than a minute; give at least 0.02 hours",
        ),
    ];
    for (text, format, message) in cases {
        assert_eq!(&error(text, *format), message, "{text:?}");
    }
    // a minute is enough
    let b = read("- [ ] **Blink** (1 min)\n", Markdown).unwrap();
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
}

#[test]
fn estimates_of_odd_minutes_warn_once_per_task_with_what_is_planned() {
    let b = read(
        "## p\n- [ ] **A** (1.01 hours)\n- [ ] **B** (0.33 h)\n- [ ] **D** (20 min)\n- [ ] **E** (2.0001h)\n",
        Format::Markdown,
    )
    .unwrap();
    let warnings: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "in.md:2: warning: task \"A\": 1.01 hours is planned as 1 h 1 min (plans count whole minutes)",
            "in.md:3: warning: task \"B\": 0.33 hours is planned as 20 min (plans count whole minutes)",
            "in.md:5: warning: task \"E\": 2.0001 hours is planned as 2 h (plans count whole minutes)",
        ]
    );
}

// ---------------------------------------------------------------------------
// Progress fields (SPEC 7.1, issue 12)

/// The Markdown example of docs/formats.md.
const PROGRESS_MD: &str = "## web\n\n### HIGH\n\n\
- [~] **Fix login redirect** (6 hours)\n  - remaining: 3 hours\n  - spent: 4 hours\n  - developer: Ana\n  - started: 2026-12-01\n\n\
- [x] **Add CSV export** (4 hours)\n  - actual: 5.5 hours\n  - developer: Bo\n  - started: 2026-11-24\n  - finished: 2026-11-26\n\n";

/// The same two tasks as the CSV example of docs/formats.md.
const PROGRESS_CSV: &str = "id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes,remaining,spent,actual,developer,started,finished\n\
web/fix-login-redirect,Fix login redirect,web,HIGH,,6,,,,,in_progress,,,,,3,4,,Ana,2026-12-01,\n\
web/add-csv-export,Add CSV export,web,HIGH,,4,,,,,done,,,,,,,5.5,Bo,2026-11-24,2026-11-26\n";

#[test]
fn progress_examples_read_the_same_in_markdown_and_csv() {
    let md = read(PROGRESS_MD, Format::Markdown).unwrap();
    let csv = read(PROGRESS_CSV, Format::Csv).unwrap();
    assert_eq!(comparable(&md.tasks), comparable(&csv.tasks));
    assert!(md.warnings.is_empty(), "{:?}", md.warnings);
    let (fix, export) = (&md.tasks[0], &md.tasks[1]);
    assert_eq!(fix.status, Status::InProgress);
    assert_eq!(
        (
            fix.progress.spent,
            fix.progress.remaining,
            fix.hours_to_plan()
        ),
        (Some(4.0), Some(3.0), 3.0)
    );
    assert_eq!(export.status, Status::Done);
    assert_eq!(export.progress.actual, Some(5.5));
    assert_eq!(export.progress.developer.as_deref(), Some("Bo"));
    // The CSV writer gives back the example byte for byte.
    assert_eq!(write(&md, Format::Csv), PROGRESS_CSV);
    assert_eq!(write(&csv, Format::Markdown), PROGRESS_MD);
}

/// Every progress field survives md -> csv -> json -> md, and the other
/// way round, with the values unchanged.
#[test]
fn progress_round_trips_through_every_format() {
    let mut a = Task::new("a", "Half done", 8.0);
    a.status = Status::InProgress;
    a.progress.remaining = Some(5.25);
    a.progress.spent = Some(1.0 / 3.0);
    a.progress.developer = Some("Zoë Ng".into());
    a.progress.started = NaiveDate::from_ymd_opt(2026, 11, 30);
    let mut b = Task::new("b", "Finished", 2.0);
    b.status = Status::Done;
    b.progress.actual = Some(0.1);
    b.progress.spent = Some(0.0);
    b.progress.finished = NaiveDate::from_ymd_opt(2026, 12, 31);
    b.extra = vec![("points".into(), "3".into())];
    let c = Task::new("c", "Not started", 1.0);
    let original = Backlog {
        tasks: vec![a, b, c],
        extra_columns: vec!["points".into()],
        ..Backlog::default()
    };
    let mut expected = comparable(&original.tasks);
    expected[0].extra = Vec::new();
    expected[2].extra = Vec::new();
    for order in [
        [
            Format::Markdown,
            Format::Csv,
            Format::Json,
            Format::Markdown,
        ],
        [Format::Json, Format::Csv, Format::Markdown, Format::Json],
        [Format::Csv, Format::Json, Format::Markdown, Format::Csv],
    ] {
        let mut b = original.clone();
        for format in order {
            b = through(&b, format);
            // CSV gives every task every extra column, empty where unset.
            let got: Vec<Task> = comparable(&b.tasks)
                .into_iter()
                .map(|mut t| {
                    t.extra.retain(|(_, v)| !v.is_empty());
                    t
                })
                .collect();
            assert_eq!(got, expected, "{order:?} at {format:?}");
        }
    }
    let csv = write(&original, Format::Csv);
    assert!(
        csv.starts_with("id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes,remaining,spent,actual,developer,started,finished,points\n"),
        "{csv}"
    );
}

/// Without progress, every writer writes what it wrote before the
/// progress fields existed: data/backlog.csv and data/backlog.json are
/// `convert data/backlog.md` from before them.
#[test]
fn backlog_without_progress_converts_to_the_same_bytes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let md = backlog::read_file(&root.join("data/backlog.md"), &ReadOptions::default()).unwrap();
    assert!(md.tasks.iter().all(|t| t.progress.is_empty()));
    for (format, file) in [
        (Format::Csv, "data/backlog.csv"),
        (Format::Json, "data/backlog.json"),
    ] {
        let before = std::fs::read_to_string(root.join(file)).unwrap();
        assert_eq!(write(&md, format), before, "{file}");
    }
}

#[test]
fn progress_errors_in_csv_and_json_name_line_field_and_value() {
    use Format::*;
    let cases: &[(&str, Format, &str)] = &[
        (
            "id,title,hours,status,remaining\na,A,4,in_progress,-1\n",
            Csv,
            "in.csv:2: task \"A\": remaining \"-1\" is below zero; write 0 or more hours, such as 2h",
        ),
        (
            "id,title,hours,finished\na,A,4,2026-13-01\n",
            Csv,
            "in.csv:2: task \"A\": finished \"2026-13-01\" is not a date (YYYY-MM-DD)",
        ),
        (
            "id,title,hours,developer\na,A,4,\"Ana\nBo\"\n",
            Csv,
            "in.csv:2: task \"A\": developer \"Ana\\nBo\" holds a line break (\\n); write it on one line",
        ),
        (
            "id,title,hours,status\na,A,4,blocked\n",
            Csv,
            "in.csv:2: task \"A\": status \"blocked\" is not a status; use open, in_progress or done",
        ),
        (
            "[\n  {\"id\": \"a\", \"title\": \"A\", \"hours\": 4, \"actual\": \"-3h\"}\n]",
            Json,
            "in.json:2: task \"A\": actual \"-3h\" must be greater than zero; write the hours the task took, such as 6h",
        ),
        (
            "[\n  {\"id\": \"a\", \"title\": \"A\", \"hours\": 4, \"spent\": \"a while\"}\n]",
            Json,
            "in.json:2: task \"A\": spent \"a while\" is not hours; write hours such as 2h, 2.5 hours or 90 min",
        ),
    ];
    for (text, format, message) in cases {
        let e = read(text, *format).unwrap_err();
        assert_eq!(&e.to_string(), message, "{text:?}");
        assert_eq!(e.exit_code(), 1);
    }
}
