//! Property tests of the backlog readers and writers: no input makes a reader
//! panic, and a generated backlog survives Markdown -> CSV -> Markdown (and
//! JSON) with every SPEC field intact.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;

use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::model::derive_id;
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
        ])
        .prop_map(str::to_string),
    ]
}

fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..400).prop_map(|n| f64::from(n) / 4.0),
        (1u32..10_000).prop_map(|n| f64::from(n) / 100.0),
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
        any::<bool>(),
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
    (names, fields).prop_map(
        |(
            (title, project, priority, category, hours, done, explicit_id),
            (notes, skills, owner, due, range, confidence, deps),
        )| {
            let mut task = Task::new("", title, hours);
            task.project = project.to_string();
            task.priority = priority;
            task.category = category.to_string();
            task.status = if done { Status::Done } else { Status::Open };
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

    #[test]
    fn writing_is_deterministic(original in generated_backlog()) {
        for format in FORMATS {
            let once = write(&original, format);
            let back = read(&once, format).unwrap();
            prop_assert_eq!(write(&back, format), once);
        }
    }
}
