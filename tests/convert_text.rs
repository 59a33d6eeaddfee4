//! `convert` keeps a Markdown backlog's text around its tasks (SPEC 8.5):
//! Markdown -> Markdown gives both data files back byte for byte, so does
//! Markdown -> JSON -> Markdown (JSON carries the text in
//! `markdown_before`/`markdown_after`); CSV cannot hold it and `convert`
//! says so in one warning line; a backlog whose tasks moved so that the old
//! headings no longer fit is written plain (and reads back as its tasks).

mod common;

use common::{ok, root};
use sprintcast::backlog::{self, Format, ReadOptions};

const FILES: [&str; 2] = ["data/seed-backlog.md", "data/backlog.md"];

fn convert(from: &str, to: &std::path::Path) -> String {
    let (_, err) = ok(&["convert", from, to.to_str().unwrap()]);
    err
}

/// stderr without the data files' own summary-table warnings.
fn own_warnings(err: &str) -> Vec<&str> {
    err.lines()
        .filter(|l| !l.contains("Time Estimates Summary says"))
        .collect()
}

#[test]
fn markdown_to_markdown_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    for file in FILES {
        let out = dir.path().join("out.md");
        let err = convert(file, &out);
        assert!(own_warnings(&err).is_empty(), "{err}");
        let original = std::fs::read(root().join(file)).unwrap();
        assert!(std::fs::read(&out).unwrap() == original, "{file} changed");
        std::fs::remove_file(&out).unwrap();
    }
}

#[test]
fn markdown_through_json_and_back_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    for file in FILES {
        let json = dir.path().join("b.json");
        let md = dir.path().join("b.md");
        assert!(own_warnings(&convert(file, &json)).is_empty());
        let text = std::fs::read_to_string(&json).unwrap();
        assert!(text.contains("\"markdown_before\": \"# Production Systems Backlog\\n"));
        assert!(text.contains("\"markdown_after\": \"\\n---\\n\\n## Time Estimates Summary"));
        let err = convert(json.to_str().unwrap(), &md);
        assert!(err.is_empty(), "{err}");
        let original = std::fs::read(root().join(file)).unwrap();
        assert!(std::fs::read(&md).unwrap() == original, "{file} changed");
        // The JSON's tasks are the Markdown's (the text keys are no extra
        // columns).
        let read = |p: &std::path::Path, f| {
            let bytes = std::fs::read(p).unwrap();
            backlog::parse("x", &bytes, f, &ReadOptions::default()).unwrap()
        };
        let from_json = read(&json, Format::Json);
        let from_md = read(&root().join(file), Format::Markdown);
        assert!(from_json.extra_columns.is_empty());
        assert_eq!(from_json.tasks.len(), from_md.tasks.len());
        assert_eq!(from_json.document, from_md.document);
        std::fs::remove_file(&json).unwrap();
        std::fs::remove_file(&md).unwrap();
    }
}

#[test]
fn csv_cannot_hold_the_text_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("backlog.csv");
    let err = convert("data/seed-backlog.md", &csv);
    assert_eq!(
        own_warnings(&err),
        [format!(
            "warning: {} cannot hold the document's title, introduction, project subtitles and 2 other sections; they are left out",
            csv.display()
        )]
    );
    // To stdout too, naming it.
    let (_, err) = ok(&[
        "convert",
        "data/seed-backlog.md",
        "-",
        "--output-format",
        "csv",
    ]);
    assert_eq!(
        own_warnings(&err),
        ["warning: stdout cannot hold the document's title, introduction, project subtitles and 2 other sections; they are left out"]
    );
    // A backlog that is only tasks loses nothing: no warning.
    let tasks = dir.path().join("tasks.md");
    std::fs::write(&tasks, "- [ ] **A** (2 hours)\n- [ ] **B** (1 hour)\n").unwrap();
    let err = convert(tasks.to_str().unwrap(), &dir.path().join("t.csv"));
    assert!(err.is_empty(), "{err}");
}

#[test]
fn text_that_no_longer_fits_the_tasks_is_dropped_not_misplaced() {
    let text = "# Title\n\n## app\n\n### HIGH - Features\n\n- [ ] **A** (3 hours)\n\n## Notes\n\nfree text\n";
    let opts = ReadOptions::default();
    let mut b = backlog::parse("b.md", text.as_bytes(), Format::Markdown, &opts).unwrap();
    let doc = b.document.clone().unwrap();
    assert_eq!(
        doc.text,
        [
            "# Title\n\n## app\n\n### HIGH - Features\n\n",
            "\n## Notes\n\nfree text\n"
        ]
    );
    // Unchanged: as it was.
    let mut out = Vec::new();
    backlog::write(&b, Format::Markdown, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), text);
    // Changed estimate: the text stays, the task line follows the task.
    b.tasks[0].hours = 5.0;
    let mut out = Vec::new();
    backlog::write(&b, Format::Markdown, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        text.replace("(3 hours)", "(5 hours)")
    );
    // Another priority than the heading says: written plain.
    b.tasks[0].priority = sprintcast::Priority::Low;
    let mut out = Vec::new();
    backlog::write(&b, Format::Markdown, &mut out).unwrap();
    let written = String::from_utf8(out).unwrap();
    assert!(!written.contains("# Title"), "{written}");
    let again = backlog::parse("b.md", written.as_bytes(), Format::Markdown, &opts).unwrap();
    assert_eq!(again.tasks[0].priority, sprintcast::Priority::Low);
    assert_eq!(again.tasks[0].hours, 5.0);
}

#[test]
fn json_text_keys_are_checked() {
    let opts = ReadOptions::default();
    let read = |text: &str| backlog::parse("b.json", text.as_bytes(), Format::Json, &opts);
    let err = read("[\n  {\"title\": \"A\", \"hours\": 1, \"markdown_after\": \"x\"},\n  {\"title\": \"B\", \"hours\": 1}\n]")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.json:2: \"markdown_after\" belongs on the last task only"
    );
    let err = read("[\n  {\"title\": \"A\", \"hours\": 1, \"markdown_before\": 3}\n]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.json:2: \"markdown_before\" must be a string (Markdown text)"
    );
    let b =
        read("[{\"title\": \"A\", \"hours\": 1, \"markdown_after\": \"\\n## Notes\\n\"}]").unwrap();
    assert_eq!(b.document.unwrap().text, ["", "\n## Notes\n"]);
    assert!(b.extra_columns.is_empty());
}
