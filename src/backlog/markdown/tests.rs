use super::*;
use crate::backlog::{parse, Format};

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
    assert_eq!(
        err("- [ ] **A** (see notes)\n"),
        "t.md:1: task \"A\": no hour estimate; add one such as (4 hours)"
    );
    assert_eq!(
        err("- [ ] Plain (v2)\n"),
        "t.md:1: task \"Plain (v2)\": no hour estimate; add one such as (4 hours)"
    );
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
