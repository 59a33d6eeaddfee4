use super::*;
use crate::backlog::{parse, Format};
use crate::model::Skill;

fn md(text: &str) -> Result<Backlog> {
    parse(
        "t.md",
        text.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
}

fn err(text: &str) -> String {
    md(text).unwrap_err().to_string()
}

#[test]
fn headings_set_project_priority_and_category() {
    let b = md("## app (Comment Analyzer)\n### 游댮 URGENT - Bug Fixes\n- [ ] **Fix it** (4 hours)\n  - Review GHSA-847f\n### 游 HIGH\n- [x] Plain title (2h)\n").unwrap();
    let t = &b.tasks[0];
    assert_eq!(
        (t.project.as_str(), t.priority, t.category.as_str()),
        ("app", Priority::Urgent, "Bug Fixes")
    );
    assert_eq!(t.id, "app/fix-it");
    assert_eq!(t.notes, ["Review GHSA-847f"]);
    assert_eq!(t.line, 3);
    let t = &b.tasks[1];
    assert_eq!((t.priority, t.category.as_str()), (Priority::High, ""));
    assert_eq!(t.title, "Plain title");
    assert_eq!(t.status, Status::Done);
    assert!(b.warnings.is_empty());
}

#[test]
fn heading_without_priority_warns_only_with_tasks() {
    let b = md(
        "### Jonathan (Lead)\n- All URGENT tasks\n### Misc\n- [ ] **A** (1h)\n- [ ] **B** (1h)\n",
    )
    .unwrap();
    assert_eq!(b.tasks[0].priority, Priority::Medium);
    assert_eq!(b.tasks[0].category, "Misc");
    let w: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
            w,
            ["t.md:3: warning: heading \"Misc\" names no priority (URGENT, HIGH, MEDIUM or LOW); its tasks are MEDIUM"]
        );
}

#[test]
fn fields_from_sub_bullets() {
    let b = md("- [ ] **A** (2 days)\n\n  - ID: a1\n  - Depends on: B, c2\n  - blocked_by: D\n  - skills: Rust, sql:2\n  - owner: Ana\n  - due: 2026-12-24\n  - range: 3-6\n  - confidence: 0.8\n  - extra.Points: 5\n  - Note: keep\n  * [ ] a sub-step\n    nested text\n- [ ] **B** (1h)\n").unwrap();
    let t = &b.tasks[0];
    assert_eq!(t.id, "a1");
    assert_eq!(t.hours, 16.0);
    assert_eq!(t.depends_on, ["B", "c2", "D"]);
    assert_eq!(
        t.skills.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["rust", "sql:2"]
    );
    assert_eq!(t.owner.as_deref(), Some("Ana"));
    assert_eq!(t.due.map(|d| d.to_string()).as_deref(), Some("2026-12-24"));
    assert_eq!(
        (t.low, t.high, t.confidence),
        (Some(3.0), Some(6.0), Some(0.8))
    );
    assert_eq!(t.extra, [("Points".to_string(), "5".to_string())]);
    assert_eq!(t.notes, ["Note: keep", "[ ] a sub-step", "nested text"]);
    assert_eq!(b.extra_columns, ["Points"]);
    assert_eq!(b.tasks.len(), 2);
}

#[test]
fn estimate_errors_name_task_and_value() {
    assert_eq!(
        err("- [ ] **Add PDF report export** (six hours)\n"),
        "t.md:1: task \"Add PDF report export\": hours \"six\" is not a number"
    );
    assert_eq!(
        err("\n- [ ] **A** (-2 hours)\n"),
        "t.md:2: task \"A\": hours \"-2\" must be greater than zero"
    );
    assert_eq!(
        err("- [ ] **A** (0 hours)\n"),
        "t.md:1: task \"A\": hours \"0\" must be greater than zero"
    );
    // No estimate: read, with a warning, and not planned (SPEC 9.3).
    for (text, title) in [
        ("- [ ] **A** (see notes)\n", "A"),
        ("- [ ] Plain (v2)\n", "Plain (v2)"),
    ] {
        let b = md(text).unwrap();
        assert!(!b.tasks[0].estimated, "{text}");
        assert_eq!(b.tasks[0].title, title);
        let warnings: Vec<String> = b.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [format!("t.md:1: warning: task \"{title}\" has no hour estimate: it is not planned until it has one (add one such as (4 hours))")]
        );
    }
    // And written back without one, so that it reads the same.
    let b = md("## p\n### LOW\n- [ ] **A**\n").unwrap();
    let mut out = Vec::new();
    write(&b, &mut out).unwrap();
    let again = md(std::str::from_utf8(&out).unwrap()).unwrap();
    assert!(!again.tasks[0].estimated);
    assert_eq!(again.tasks[0].title, "A");
}

#[test]
fn field_errors_name_task_field_and_value() {
    assert_eq!(
        err("- [ ] **A** (1h)\n  - due: 2026-13-01\n"),
        "t.md:2: task \"A\": due \"2026-13-01\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
            err("- [ ] **A** (1h)\n  - skills: rust:high\n"),
            "t.md:2: task \"A\": skills \"rust:high\" is not a skill; write name or name:level (level a whole number)"
        );
    assert_eq!(
            err("- [ ] **A** (1h)\n  - range: 6-3\n"),
            "t.md:2: task \"A\": range \"6-3\" must be low-high hours with 0 < low <= high, such as 3-6"
        );
    assert_eq!(
        err("- [ ] **A** (1h)\n  - confidence: 1.5\n"),
        "t.md:2: task \"A\": confidence \"1.5\" must be a number between 0 and 1, such as 0.8"
    );
}

#[test]
fn estimate_is_the_last_accepted_group_and_leftover_is_a_note() {
    let b = md("- [ ] **Ship v3 (beta)** (2 hours) (approx) - waiting on vendor\n- [ ] Release (3.7.0) (90 min)\n").unwrap();
    assert_eq!(b.tasks[0].title, "Ship v3 (beta)");
    assert_eq!(b.tasks[0].hours, 2.0);
    assert_eq!(b.tasks[0].notes, ["(approx) - waiting on vendor"]);
    assert_eq!(b.tasks[1].title, "Release (3.7.0)");
    assert_eq!(b.tasks[1].hours, 1.5);
}

#[test]
fn fenced_code_and_tables_are_not_tasks() {
    let b = md("```\n- [ ] **In code** (1h)\n```\n| - [ ] x | 2 |\n- [ ] **Real** (1h)\n").unwrap();
    assert_eq!(b.tasks.len(), 1);
    assert_eq!(b.tasks[0].line, 5);
}

#[test]
fn writer_escapes_notes_that_look_like_fields() {
    let mut t = Task::new("p/a", "A", 1.0);
    t.project = "p".into();
    t.notes = vec![
        "owner: not really".into(),
        "\\back".into(),
        "extra.x: y".into(),
        "plain: note".into(),
    ];
    let b = Backlog {
        tasks: vec![t],
        ..Backlog::default()
    };
    let mut out = Vec::new();
    write(&b, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
            text,
            "## p\n\n### MEDIUM\n\n- [ ] **A** (1 hour)\n  - \\owner: not really\n  - \\\\back\n  - \\extra.x: y\n  - plain: note\n\n"
        );
    let back = md(&text).unwrap();
    assert_eq!(back.tasks[0].notes, b.tasks[0].notes);
    assert_eq!(back.tasks[0].owner, None);
}

#[test]
fn project_ending_in_parenthesis_round_trips() {
    let mut t = Task::new("x", "A", 1.0);
    t.project = "app (v2)".into();
    let b = Backlog {
        tasks: vec![t],
        ..Backlog::default()
    };
    let mut out = Vec::new();
    write(&b, &mut out).unwrap();
    let back = md(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(back.tasks[0].project, "app (v2)");
    assert_eq!(back.tasks[0].id, "x");
}

// ---------------------------------------------------------------------------
// Progress (SPEC 7.1)

#[test]
fn remaining_sub_bullet_is_the_field_not_a_note() {
    let b = md("- [~] **A** (6h)\n  - remaining: 2h\n  - developer: Ana\n").unwrap();
    let t = &b.tasks[0];
    assert_eq!(t.progress.remaining, Some(2.0));
    assert!(t.notes.is_empty(), "{:?}", t.notes);
    assert_eq!(t.status, Status::InProgress);
    assert_eq!(t.hours_to_plan(), 2.0);
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
}

#[test]
fn boxes_and_status_sub_bullets_set_the_status() {
    let b = md("- [/] **A** (1h)\n  - developer: Ana\n- [ ] **B** (1h)\n  - status: done\n- [x] **C** (1h)\n  - Developer: Bo\n  - Status: In Progress\n- [~] **D** (1h)\n  - status: open\n- [ ] **E** (1h)\n").unwrap();
    let got: Vec<Status> = b.tasks.iter().map(|t| t.status).collect();
    use Status::*;
    assert_eq!(got, [InProgress, Done, InProgress, Open, Open]);
    assert!(b.tasks.iter().all(|t| t.notes.is_empty()));
}

#[test]
fn progress_fields_from_sub_bullets() {
    let b = md("- [x] **A** (2 days)\n  - spent: 90m\n  - remaining: 0\n  - actual: 2.5 h\n  - developer:  Ana Lima \n  - started: 2026-11-30\n  - finished: 2026-12-02\n  - Started work on the parser\n").unwrap();
    let p = &b.tasks[0].progress;
    assert_eq!(
        (p.spent, p.remaining, p.actual),
        (Some(1.5), Some(0.0), Some(2.5))
    );
    assert_eq!(p.developer.as_deref(), Some("Ana Lima"));
    let dates = (
        p.started.map(|d| d.to_string()),
        p.finished.map(|d| d.to_string()),
    );
    assert_eq!(
        dates,
        (
            Some("2026-11-30".to_string()),
            Some("2026-12-02".to_string())
        )
    );
    // "Started work ..." has no `:` after its first word: a note.
    assert_eq!(b.tasks[0].notes, ["Started work on the parser"]);
}

#[test]
fn progress_errors_name_line_task_field_and_value() {
    let cases = [
        (
            "  - remaining: -2h",
            "remaining \"-2h\" is below zero; write 0 or more hours, such as 2h",
        ),
        (
            "  - spent: lots",
            "spent \"lots\" is not hours; write hours such as 2h, 2.5 hours or 90 min",
        ),
        (
            "  - remaining: 2 weeks",
            "remaining \"2 weeks\" is not hours; write hours such as 2h, 2.5 hours or 90 min",
        ),
        (
            "  - spent: 1e3",
            "spent \"1e3\" is not hours; write hours such as 2h, 2.5 hours or 90 min",
        ),
        (
            "  - actual: 0",
            "actual \"0\" must be greater than zero; write the hours the task took, such as 6h",
        ),
        (
            "  - actual: -1.5 hours",
            "actual \"-1.5 hours\" must be greater than zero; write the hours the task took, such as 6h",
        ),
        (
            "  - started: 2026-02-30",
            "started \"2026-02-30\" is not a date (YYYY-MM-DD)",
        ),
        (
            "  - finished: tomorrow",
            "finished \"tomorrow\" is not a date (YYYY-MM-DD)",
        ),
        (
            "  - status: blocked",
            "status \"blocked\" is not a status; use open, in_progress or done",
        ),
        (
            "  - status:",
            "status \"\" is empty; use open, in_progress or done",
        ),
    ];
    for (line, message) in cases {
        assert_eq!(
            err(&format!(
                "## p\n- [~] **Fix it** (4h)\n  - developer: Ana\n{line}\n"
            )),
            format!("t.md:4: task \"Fix it\": {message}"),
            "{line}"
        );
    }
}

#[test]
fn progress_that_disagrees_with_the_status_warns() {
    let b = md("- [ ] **Open** (4h)\n  - remaining: 2h\n- [x] **Done** (4h)\n  - remaining: 1h\n  - actual: 5h\n- [~] **Going** (4h)\n  - actual: 3h\n- [~] **Grown** (4h)\n  - developer: Ana\n  - remaining: 9h\n").unwrap();
    let w: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        w,
        [
            "t.md:1: warning: task \"Open\" is open but has remaining 2 hours; remaining counts only for a task in progress, so its hours are planned",
            "t.md:3: warning: task \"Done\" is done but has remaining 1 hour; remaining counts only for a task in progress, so nothing is planned",
            "t.md:6: warning: task \"Going\" is in progress but has actual 3 hours; actual is what a done task took (use spent for work so far)",
            "t.md:6: warning: task \"Going\": in progress but no developer: it is planned as open work that must start first; name who is on it with developer",
        ]
    );
    // remaining above the estimate is allowed: estimates grow.
    assert_eq!(b.tasks[3].hours_to_plan(), 9.0);
}

#[test]
fn writer_writes_progress_as_box_and_sub_bullets() {
    let mut t = Task::new("p/a", "A", 6.0);
    t.project = "p".into();
    t.status = Status::InProgress;
    t.progress.remaining = Some(2.5);
    t.progress.spent = Some(0.0);
    t.progress.actual = Some(1.0);
    t.progress.developer = Some("Ana".into());
    t.progress.started = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
    t.progress.finished = chrono::NaiveDate::from_ymd_opt(2026, 12, 3);
    t.notes = vec!["status: blocked on review".into(), "Developer notes".into()];
    let b = Backlog {
        tasks: vec![t],
        ..Backlog::default()
    };
    let mut out = Vec::new();
    write(&b, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "## p\n\n### MEDIUM\n\n- [~] **A** (6 hours)\n  - remaining: 2.5 hours\n  - spent: 0 hours\n  - actual: 1 hour\n  - developer: Ana\n  - started: 2026-12-01\n  - finished: 2026-12-03\n  - \\status: blocked on review\n  - Developer notes\n\n"
    );
    let back = md(&text).unwrap();
    assert_eq!(
        Task {
            line: 0,
            ..back.tasks[0].clone()
        },
        b.tasks[0]
    );
}

fn warnings_of(text: &str) -> Vec<String> {
    md(text)
        .unwrap()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn sub_bullets_give_the_fields_of_the_task_line_and_headings() {
    let b = md("## web\n### MEDIUM - Misc\n- [ ] **Translate** (6h)\n  - Priority: URGENT\n  - skills: spanish:3\n  - assignee: Maria\n  - Due date: 2026-12-11\n- [ ] **No estimate on the line**\n  - estimate: 1.5 days\n  - Assigned to: Kai\n  - deadline: 2026-12-18\n- [ ] Plain title\n  - hours: 90 min\n  - category: Docs\n  - project: api\n  - Review GHSA-847f-9342-265h\n  - Note: ask Maria\n  - Hours of support: 9-5\n").unwrap();
    let t = &b.tasks[0];
    assert_eq!((t.priority, t.hours), (Priority::Urgent, 6.0));
    assert_eq!(t.skills, [Skill::parse("spanish:3").unwrap()]);
    assert_eq!(t.owner.as_deref(), Some("Maria"));
    assert_eq!(t.due.map(|d| d.to_string()).as_deref(), Some("2026-12-11"));
    assert!(t.notes.is_empty(), "{:?}", t.notes);
    let t = &b.tasks[1];
    assert_eq!(
        (t.title.as_str(), t.hours),
        ("No estimate on the line", 12.0)
    );
    assert_eq!((t.priority, t.line), (Priority::Medium, 8));
    assert_eq!(t.owner.as_deref(), Some("Kai"));
    assert_eq!(t.due.map(|d| d.to_string()).as_deref(), Some("2026-12-18"));
    let t = &b.tasks[2];
    assert_eq!((t.title.as_str(), t.hours), ("Plain title", 1.5));
    assert_eq!((t.project.as_str(), t.category.as_str()), ("api", "Docs"));
    assert_eq!(t.id, "api/plain-title");
    assert_eq!(
        t.notes,
        [
            "Review GHSA-847f-9342-265h",
            "Note: ask Maria",
            "Hours of support: 9-5"
        ]
    );
    // The sub-bullets differ from the heading: each says so.
    assert_eq!(
        warnings_of("## web\n### MEDIUM - Misc\n- [ ] **Translate** (6h)\n  - Priority: URGENT\n"),
        ["t.md:4: warning: task \"Translate\": the sub-bullet's priority URGENT overrides the heading's MEDIUM; the sub-bullet wins"]
    );
}

#[test]
fn a_sub_bullet_that_differs_from_the_line_or_heading_wins_with_a_warning() {
    let text = "## web\n### HIGH - Testing\n- [ ] **A** (4 hours)\n  - estimate: 6h\n  - priority: urgent\n  - category: QA\n  - project: api\n- [ ] **B** (2 hours)\n  - hours: 2\n  - priority: HIGH\n  - category: testing\n";
    let b = md(text).unwrap();
    let a = &b.tasks[0];
    assert_eq!((a.hours, a.priority), (6.0, Priority::Urgent));
    assert_eq!((a.project.as_str(), a.category.as_str()), ("api", "QA"));
    // The same value as the heading's, or another case of it: no warning,
    // and the heading's spelling.
    assert_eq!(b.tasks[1].category, "Testing");
    assert_eq!(
        warnings_of(text),
        [
            "t.md:4: warning: task \"A\": the sub-bullet's estimate 6 hours overrides the task line's 4 hours; the sub-bullet wins",
            "t.md:5: warning: task \"A\": the sub-bullet's priority URGENT overrides the heading's HIGH; the sub-bullet wins",
            "t.md:6: warning: task \"A\": the sub-bullet's category \"QA\" overrides the heading's \"Testing\"; the sub-bullet wins",
            "t.md:7: warning: task \"A\": the sub-bullet's project \"api\" overrides the heading's \"web\"; the sub-bullet wins",
        ]
    );
}

#[test]
fn a_priority_sub_bullet_answers_a_heading_without_priority() {
    // Every task gives its priority: the heading needs none.
    assert_eq!(
        warnings_of("### Misc\n- [ ] **A** (1h)\n  - priority: LOW\n"),
        Vec::<String>::new()
    );
    // The first task without one warns, at the heading, once.
    assert_eq!(
        warnings_of("### Misc\n- [ ] **A** (1h)\n  - priority: LOW\n- [ ] **B** (1h)\n- [ ] **C** (1h)\n"),
        ["t.md:1: warning: heading \"Misc\" names no priority (URGENT, HIGH, MEDIUM or LOW); its tasks are MEDIUM"]
    );
}

#[test]
fn keys_a_sub_bullet_cannot_set_stay_notes_with_a_warning() {
    let text =
        "- [ ] **A** (1h)\n  - title: Another title\n  - Low: 3\n  - \\title: kept quietly\n";
    let b = md(text).unwrap();
    assert_eq!(b.tasks[0].title, "A");
    assert_eq!(b.tasks[0].low, None);
    assert_eq!(
        b.tasks[0].notes,
        ["title: Another title", "Low: 3", "title: kept quietly"]
    );
    assert_eq!(
        warnings_of(text),
        [
            "t.md:2: warning: task \"A\": \"title: Another title\" is kept as a note: the title is the bold text of the task line (write \\title: Another title to keep it without this warning)",
            "t.md:3: warning: task \"A\": \"Low: 3\" is kept as a note: write the P10 and P90 hours as one field, such as `range: 3-6` (write \\Low: 3 to keep it without this warning)",
        ]
    );
}

#[test]
fn sub_bullet_field_errors_name_line_task_and_value() {
    assert_eq!(
        err("- [ ] **A** (1h)\n  - priority: soon\n"),
        "t.md:2: task \"A\": priority \"soon\" is not a priority; use URGENT, HIGH, MEDIUM or LOW"
    );
    assert_eq!(
        err("- [ ] **A**\n  - estimate: six\n"),
        "t.md:2: task \"A\": hours \"six\" is not a number"
    );
    assert_eq!(
        err("- [ ] **A**\n  - hours: 0\n"),
        "t.md:2: task \"A\": hours \"0\" must be greater than zero"
    );
    assert_eq!(
        err("- [ ] **A** (1h)\n  - category:\n"),
        "t.md:2: task \"A\": category \"\" is empty; give a name or leave the sub-bullet out"
    );
    // Neither the line nor a sub-bullet gives an estimate: the task is read
    // without one, warned about at its line (SPEC 9.3).
    let b = md("- [ ] **A**\n  - owner: Ana\n- [ ] **B** (1h)\n").unwrap();
    assert!(!b.tasks[0].estimated);
    assert_eq!(b.tasks[0].owner.as_deref(), Some("Ana"));
    assert_eq!(
        b.warnings[0].to_string(),
        "t.md:1: warning: task \"A\" has no hour estimate: it is not planned until it has one (add one such as (4 hours))"
    );
}

#[test]
fn notes_that_read_as_the_new_fields_round_trip_escaped() {
    let mut t = Task::new("p/a", "A", 1.0);
    t.project = "p".into();
    t.notes = vec![
        "Priority: ask Maria".into(),
        "estimate: later".into(),
        "Title: draft".into(),
    ];
    let b = Backlog {
        tasks: vec![t],
        ..Backlog::default()
    };
    let mut out = Vec::new();
    write(&b, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("  - \\Priority: ask Maria\n  - \\estimate: later\n  - \\Title: draft\n"),
        "{text}"
    );
    let back = md(&text).unwrap();
    assert_eq!(back.tasks[0].notes, b.tasks[0].notes);
    assert_eq!(back.tasks[0].priority, Priority::Medium);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}
