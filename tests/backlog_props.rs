//! Property tests of the backlog readers and writers: no input makes a reader
//! panic, and a generated backlog survives Markdown -> CSV -> Markdown (and
//! JSON) with every SPEC field intact.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;

use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::model::derive_id;
use sprintcast::model::Progress;
use sprintcast::{Backlog, Priority, Skill, Status, Task};

const FORMATS: [Format; 3] = [Format::Markdown, Format::Csv, Format::Json];

fn read(text: &[u8], format: Format) -> sprintcast::Result<Backlog> {
    backlog::parse("gen", text, format, &ReadOptions::default())
}

fn write(backlog: &Backlog, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    backlog::write(backlog, format, &mut out).unwrap();
    out
}

/// Lines that look like the formats, to reach deeper than random bytes do.
fn markdownish() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        select(vec![
            "## p (x)",
            "### 游댮 URGENT - Bug Fixes",
            "### nothing",
            "- [ ] **A** (1h)",
            "- [x] B (2 days) (",
            "  - id: a",
            "  - depends on: A, ,",
            "  - skills: rust:, :2",
            "  - range: 3-",
            "  - confidence: .",
            "  - due: 2026-02-29",
            "- [~] C (1h)",
            "- [/] **D** (3 hours)",
            "  - status: in progress",
            "  - status: x",
            "  - remaining: -",
            "  - spent: 0",
            "  - actual: 1e9 days",
            "  - developer:",
            "  - started: 2026-02-30",
            "  - \\",
            "  - extra.: v",
            "| URGENT | 4 hours |",
            "| **TOTAL** | **0** |",
            "## Time Estimates Summary",
            "```",
            "**",
            "- [ ] ****",
            "- [ ] (-0 h)",
            "\t* [X] t (9999999999999999999999 days)",
            "id,title,hours",
            "a,\"b",
            "[{\"id\":1,\"title\":[],\"hours\":-1}]",
            "{",
            "",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ];
    prop::collection::vec(fragment, 0..12).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn readers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in FORMATS {
            let _ = read(&bytes, format);
        }
    }

    #[test]
    fn readers_never_panic_on_text(text in markdownish()) {
        for format in FORMATS {
            if let Ok(b) = read(text.as_bytes(), format) {
                // whatever reads, writes
                for out in FORMATS {
                    let _ = write(&b, out);
                }
            }
        }
    }
}

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z][a-z0-9]{0,7}", 1..4).prop_map(|w| w.join(" "))
}

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        title(),
        select(vec![
            "owner: not a field",
            "id: not an id",
            "Depends On: nothing",
            "extra.col: no",
            "\\starts with a backslash",
            "[ ] a checklist step",
            "- starts with a dash",
            "Note: an ordinary note",
            "(2 hours) in a note",
            "see https://example.org/a:b",
            "remaining: 2h",
            "Status: waiting on vendor",
            "developer: not a field",
            "Started: yesterday",
        ])
        .prop_map(str::to_string),
    ]
}

fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..400).prop_map(|n| f64::from(n) / 4.0),
        // from 0.02 h: a plan holds no estimate under a minute
        (2u32..10_000).prop_map(|n| f64::from(n) / 100.0),
        (1u32..1000).prop_map(|n| f64::from(n) / 3.0),
    ]
}

/// A task before its id and dependencies are fixed.
#[derive(Debug, Clone)]
struct Draft {
    task: Task,
    explicit_id: bool,
    deps: Vec<usize>,
}

fn draft() -> impl Strategy<Value = Draft> {
    let names = (
        title(),
        select(vec!["", "alpha", "beta-app", "Gamma Tools", "svc_x (v2)"]),
        select(Priority::ALL.to_vec()),
        select(vec!["", "Bug Fixes", "Features", "High Load", "Docs - v2"]),
        hours(),
        select(vec![Status::Open, Status::InProgress, Status::Done]),
        any::<bool>(),
    );
    let fields = (
        prop::collection::vec(note(), 0..4),
        prop::collection::vec(("[a-z]{1,6}", 0u32..4), 0..3),
        proptest::option::of("[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?"),
        proptest::option::of((2025i32..2029, 1u32..13, 1u32..29)),
        proptest::option::of((1u32..100, 0u32..100)),
        proptest::option::of(1u32..100),
        prop::collection::vec(0usize..1000, 0..3),
    );
    let day = || proptest::option::of((2025i32..2029, 1u32..13, 1u32..29));
    let progress = (
        proptest::option::of((0u32..400).prop_map(|n| f64::from(n) / 4.0)),
        proptest::option::of(prop_oneof![Just(0.0), hours()]),
        proptest::option::of(hours()),
        proptest::option::of("[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6})?"),
        day(),
        day(),
    );
    (names, fields, progress).prop_map(
        |(
            (title, project, priority, category, hours, status, explicit_id),
            (notes, skills, owner, due, range, confidence, deps),
            (remaining, spent, actual, developer, started, finished),
        )| {
            let mut task = Task::new("", title, hours);
            task.project = project.to_string();
            task.priority = priority;
            task.category = category.to_string();
            task.status = status;
            let date = |d: Option<(i32, u32, u32)>| {
                d.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            };
            task.progress = Progress {
                remaining,
                spent,
                actual,
                developer,
                started: date(started),
                finished: date(finished),
            };
            task.notes = notes;
            task.skills = skills
                .into_iter()
                .map(|(name, level)| Skill { name, level })
                .collect();
            task.owner = owner;
            task.due = due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            if let Some((low, spread)) = range {
                let low = f64::from(low) / 4.0;
                task.low = Some(low);
                task.high = Some(low + f64::from(spread) / 4.0);
            }
            task.confidence = confidence.map(|c| f64::from(c) / 100.0);
            Draft {
                task,
                explicit_id,
                deps,
            }
        },
    )
}

fn generated_backlog() -> impl Strategy<Value = Backlog> {
    (prop::collection::vec(draft(), 1..12), any::<bool>()).prop_map(|(drafts, extras)| {
        let mut tasks: Vec<Task> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut t = d.task.clone();
                // A numbered last word keeps titles, and so derived ids, unique.
                t.title = format!("{} n{i}", t.title);
                t.id = if d.explicit_id {
                    format!("T{i}")
                } else {
                    derive_id(&t.project, &t.title)
                };
                t
            })
            .collect();
        let ids: Vec<String> = tasks.iter().map(|t| t.id.clone()).collect();
        for (i, d) in drafts.iter().enumerate() {
            tasks[i].depends_on = d
                .deps
                .iter()
                .map(|k| k % ids.len())
                .filter(|&k| k != i)
                .map(|k| ids[k].clone())
                .collect();
            if extras {
                tasks[i].extra = vec![
                    ("points".to_string(), format!("{}", i % 5 + 1)),
                    ("Team Name".to_string(), format!("team {i}")),
                ];
            }
        }
        let extra_columns = if extras {
            vec!["points".to_string(), "Team Name".to_string()]
        } else {
            Vec::new()
        };
        Backlog {
            tasks,
            extra_columns,
            ..Backlog::default()
        }
    })
}

fn without_lines(tasks: &[Task]) -> Vec<Task> {
    tasks
        .iter()
        .map(|t| Task {
            line: 0,
            ..t.clone()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn markdown_csv_markdown_keeps_every_field(original in generated_backlog()) {
        let md1 = read(&write(&original, Format::Markdown), Format::Markdown).unwrap();
        prop_assert_eq!(without_lines(&md1.tasks), without_lines(&original.tasks));
        let csv = read(&write(&md1, Format::Csv), Format::Csv).unwrap();
        prop_assert_eq!(without_lines(&csv.tasks), without_lines(&original.tasks));
        let md2 = read(&write(&csv, Format::Markdown), Format::Markdown).unwrap();
        prop_assert_eq!(without_lines(&md2.tasks), without_lines(&original.tasks));
        prop_assert_eq!(&md2.extra_columns, &original.extra_columns);
    }

    #[test]
    fn json_round_trip_keeps_every_field(original in generated_backlog()) {
        let json = read(&write(&original, Format::Json), Format::Json).unwrap();
        prop_assert_eq!(without_lines(&json.tasks), without_lines(&original.tasks));
        let md = read(&write(&json, Format::Markdown), Format::Markdown).unwrap();
        prop_assert_eq!(without_lines(&md.tasks), without_lines(&original.tasks));
    }

    /// md -> csv -> json -> md, each step giving every field back,
    /// progress fields (SPEC 7.1) included.
    #[test]
    fn markdown_csv_json_markdown_keeps_every_field(original in generated_backlog()) {
        let mut b = original.clone();
        for format in [Format::Markdown, Format::Csv, Format::Json, Format::Markdown] {
            b = read(&write(&b, format), format).unwrap();
            prop_assert_eq!(without_lines(&b.tasks), without_lines(&original.tasks), "{:?}", format);
        }
    }

    #[test]
    fn writing_is_deterministic(original in generated_backlog()) {
        for format in FORMATS {
            let once = write(&original, format);
            let back = read(&once, format).unwrap();
            prop_assert_eq!(write(&back, format), once);
        }
    }
}

// ---------------------------------------------------------------------------
// Arbitrary text in every field (issue 10): no value may change the
// document's structure. Whatever the writer accepts reads back with the same
// number of tasks, hours, priorities and statuses; from then on Markdown,
// CSV and JSON give the same backlog, every value byte for byte.

/// Pieces that mean something to one of the formats, glued into strings
/// with arbitrary (printable) ones.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => select(vec![
            " ", "\t", "\u{a0}", "**", "*", "\\", "\\,", "\\;", ",", ";", ":", "\"", "#",
            "(", ")", "()", "(4 hours)", "- [ ] **Injected** (999 hours)", "### URGENT - Hijack",
            "## Project", "depends on: X", "id: y", "owner: Z", "extra.k: v", "extra.\"k\": \"v\"",
            "```", "| TOTAL | 9 |", "[x]", "- ", "hours", "Time Estimates Summary", "é", "🔴",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
        2 => "[A-Za-z0-9 ]{1,6}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|p| p.concat())
}

/// [`nasty`], but never empty, and mostly with a letter: titles, names.
fn nasty_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ("[A-Za-z]", nasty()).prop_map(|(a, b)| format!("{b}{a}{b}")),
        1 => nasty().prop_filter("a name", |s| !s.is_empty()),
    ]
}

/// Line breaks of every kind and other control characters.
const BREAKS: [&str; 11] = [
    "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{0b}", "\u{0c}", "\0", "\u{1b}",
    "\u{7f}",
];

fn nasty_task() -> impl Strategy<Value = Task> {
    let text = (
        nasty(),
        nasty_name(),
        nasty(),
        nasty(),
        proptest::option::of(nasty()),
        proptest::option::of(nasty()),
    );
    let lists = (
        prop::collection::vec(nasty(), 0..3),
        prop::collection::vec((nasty_name(), 1u32..4), 0..3),
        prop::collection::vec(nasty(), 0..3),
        prop::collection::vec((nasty_name(), nasty()), 0..3),
    );
    let plain = (
        select(vec![1.0, 0.25, 1.5, 2.0 / 3.0, 1e6, 0.5, 40.0]),
        select(Priority::ALL.to_vec()),
        select(vec![Status::Open, Status::InProgress, Status::Done]),
    );
    (text, lists, plain).prop_map(
        |(
            (id, title, project, category, owner, developer),
            (deps, skills, notes, extra),
            (hours, priority, status),
        )| {
            let mut t = Task::new(id, title, hours);
            t.project = project;
            t.category = category;
            t.owner = owner;
            t.progress.developer = developer;
            t.depends_on = deps;
            t.skills = skills
                .into_iter()
                .map(|(name, level)| Skill { name, level })
                .collect();
            t.notes = notes;
            t.extra = extra;
            t.priority = priority;
            t.status = status;
            t
        },
    )
}

/// The parts of a task every format must agree on; extra columns without
/// a value are left out and the rest sorted, since a CSV gives every task
/// every column, in the header's order.
fn agreed(tasks: &[Task]) -> Vec<Task> {
    tasks
        .iter()
        .map(|t| {
            let mut extra: Vec<(String, String)> = t
                .extra
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .cloned()
                .collect();
            extra.sort();
            Task {
                line: 0,
                extra,
                ..t.clone()
            }
        })
        .collect()
}

/// An error must be one line, exit code 1 (invalid input).
fn clean(e: &sprintcast::Error) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.contains(['\n', '\r']), "not one line: {text:?}");
    prop_assert_eq!(e.exit_code(), 1, "{}", text);
    Ok(())
}

/// Puts `brk` into the text field number `which` of one task (counting
/// every text field of every task, lists item by item; extra columns name
/// and value), at byte `at` (rounded down to a character boundary).
fn splice_break(tasks: &mut [Task], which: usize, at: usize, brk: &str) {
    let mut fields: Vec<&mut String> = Vec::new();
    for t in tasks.iter_mut() {
        fields.extend([&mut t.id, &mut t.title, &mut t.project, &mut t.category]);
        fields.extend(t.owner.as_mut());
        fields.extend(t.progress.developer.as_mut());
        fields.extend(t.depends_on.iter_mut());
        fields.extend(t.skills.iter_mut().map(|s| &mut s.name));
        fields.extend(t.notes.iter_mut());
        for (name, value) in t.extra.iter_mut() {
            fields.push(name);
            fields.push(value);
        }
    }
    let n = fields.len();
    let field = &mut fields[which % n];
    let mut at = at % (field.len() + 1);
    while !field.is_char_boundary(at) {
        at -= 1;
    }
    field.insert_str(at, brk);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("SPRINTCAST_PROP_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn arbitrary_text_in_every_field_keeps_the_structure(
        tasks in prop::collection::vec(nasty_task(), 1..5)
    ) {
        let original = Backlog { tasks, ..Backlog::default() };
        let mut md = Vec::new();
        if let Err(e) = backlog::write(&original, Format::Markdown, &mut md) {
            // Refused before a byte of the task is written.
            prop_assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
            prop_assert!(!e.to_string().contains(['\n', '\r']), "{e}");
            return Ok(());
        }
        let md1 = match read(&md, Format::Markdown) {
            Ok(b) => b,
            Err(e) => return clean(&e),
        };
        let shape = |b: &Backlog| -> Vec<(u64, Priority, Status)> {
            b.tasks.iter().map(|t| (t.hours.to_bits(), t.priority, t.status)).collect()
        };
        prop_assert_eq!(shape(&md1), shape(&original));
        for (got, was) in md1.tasks.iter().zip(&original.tasks) {
            prop_assert_eq!(&got.title, was.title.trim());
        }
        let csv_bytes = write(&md1, Format::Csv);
        let csv = read(&csv_bytes, Format::Csv).unwrap();
        prop_assert_eq!(agreed(&csv.tasks), agreed(&md1.tasks));
        let md2 = read(&write(&csv, Format::Markdown), Format::Markdown).unwrap();
        prop_assert_eq!(agreed(&md2.tasks), agreed(&md1.tasks));
        let json = read(&write(&md1, Format::Json), Format::Json).unwrap();
        prop_assert_eq!(agreed(&json.tasks), agreed(&md1.tasks));
        let md3 = read(&write(&json, Format::Markdown), Format::Markdown).unwrap();
        prop_assert_eq!(agreed(&md3.tasks), agreed(&md1.tasks));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("SPRINTCAST_PROP_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    /// A line break or control character in any field: the Markdown writer
    /// refuses it, and CSV and JSON (whose writers quote anything) read back
    /// either the same tasks, hours and priorities or one clean error.
    #[test]
    fn a_line_break_in_any_field_never_adds_a_task(
        mut tasks in prop::collection::vec(nasty_task(), 1..4),
        which in any::<usize>(),
        at in any::<usize>(),
        brk in select(BREAKS.to_vec()),
    ) {
        splice_break(&mut tasks, which, at, brk);
        let original = Backlog { tasks, ..Backlog::default() };
        let mut md = Vec::new();
        let refused = backlog::write(&original, Format::Markdown, &mut md);
        // A break in an extra column's value is kept (quoted); anywhere
        // else the writer refuses the backlog.
        if let Err(e) = &refused {
            prop_assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
            prop_assert!(!e.to_string().contains(['\n', '\r']), "{e}");
        }
        let shape = |b: &Backlog| -> Vec<(u64, Priority, Status)> {
            b.tasks.iter().map(|t| (t.hours.to_bits(), t.priority, t.status)).collect()
        };
        let mut outputs = vec![(Format::Csv, write(&original, Format::Csv)),
                               (Format::Json, write(&original, Format::Json))];
        if refused.is_ok() {
            outputs.push((Format::Markdown, md));
        }
        for (format, bytes) in outputs {
            match read(&bytes, format) {
                Ok(back) => prop_assert_eq!(shape(&back), shape(&original), "{:?}", format),
                Err(e) => clean(&e)?,
            }
        }
    }
}
