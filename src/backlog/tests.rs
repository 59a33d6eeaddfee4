use super::*;

fn md(text: &str) -> Result<Backlog> {
    parse(
        "t.md",
        text.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
}

#[test]
fn hours_with_units() {
    for (text, hours) in [
        ("4 hours", 4.0),
        ("1 hour", 1.0),
        ("2.5h", 2.5),
        ("90 min", 1.5),
        ("30m", 0.5),
        ("2 days", 16.0),
        ("1 Day", 8.0),
        ("4", 4.0),
        ("3 hrs", 3.0),
        (" 45 minutes ", 0.75),
        (".5h", 0.5),
    ] {
        assert_eq!(parse_hours(text, 8.0), Some(hours), "{text}");
    }
    assert_eq!(parse_hours("2 days", 6.0), Some(12.0));
    for text in [
        "six hours",
        "0 hours",
        "-2 hours",
        "",
        "approx",
        "v2",
        "inf",
        "nan",
        "1e3",
        "4-6 hours",
    ] {
        assert_eq!(parse_hours(text, 8.0), None, "{text}");
    }
}

#[test]
fn estimate_attempts_are_told_apart_from_other_text() {
    assert_eq!(
        classify_hours("six hours", 8.0),
        HoursText::NotNumber("six".into())
    );
    assert_eq!(
        classify_hours("-2 hours", 8.0),
        HoursText::NotPositive("-2".into())
    );
    assert_eq!(classify_hours("0", 8.0), HoursText::NotPositive("0".into()));
    assert_eq!(classify_hours("backend", 8.0), HoursText::NotEstimate);
    assert_eq!(classify_hours("Phase 2", 8.0), HoursText::NotEstimate);
    assert_eq!(
        classify_hours("3.7.0", 8.0),
        HoursText::NotNumber("3.7.0".into())
    );
}

#[test]
fn formats_by_name_and_path() {
    assert_eq!(Format::from_name("MD"), Some(Format::Markdown));
    assert_eq!(Format::from_name("markdown"), Some(Format::Markdown));
    assert_eq!(Format::from_name("xlsx"), None);
    assert_eq!(Format::from_path(Path::new("a/b.JSON")), Some(Format::Json));
    assert_eq!(Format::from_path(Path::new("a/b")), None);
}

#[test]
fn binary_and_empty_input_give_one_clear_line() {
    let png = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0];
    let e = parse("x.png", &png, Format::Markdown, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.png:1: the file is not UTF-8 text (byte 0); save it as UTF-8"
    );
    let e = parse(
        "x.md",
        b"ab\ncd\0",
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.md:2: the file is not UTF-8 text (byte 5); save it as UTF-8"
    );
    let e = md(" \n\t\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.md: the file is empty; expected a backlog with at least one task"
    );
    let e = md("# Notes\n\nNothing to do.\n").unwrap_err();
    assert!(e.to_string().starts_with("t.md: no task found;"), "{e}");
}

#[test]
fn derived_ids_that_collide_get_suffixes() {
    let b =
        md("## p\n- [ ] **A** (1h)\n- [ ] **A** (1h)\n- [ ] **A** (1h)\n  - id: p/a-2\n").unwrap();
    let ids: Vec<&str> = b.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["p/a", "p/a-3", "p/a-2"]);
}

#[test]
fn given_ids_must_be_unique() {
    let e = md("- [ ] **A** (1h)\n  - id: x\n- [ ] **B** (1h)\n  - id: x\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.md:3: duplicate task id \"x\" (first used on line 1); give one of them another `id:`"
    );
}

#[test]
fn summary_mismatch_warns_with_both_numbers() {
    let b = md("## p\n### HIGH\n- [ ] **A** (3h)\n\n## Time Estimates Summary\n\n| Priority | Hours |\n|---|---|\n| HIGH | 3 hours |\n| LOW | 2 hours |\n| **TOTAL** | **5 hours** |\n").unwrap();
    let messages: Vec<String> = b.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
            messages,
            [
                "t.md:7: warning: Time Estimates Summary says 5 hours in total, but the 1 task adds up to 3 hours",
                "t.md:7: warning: Time Estimates Summary says LOW 2 hours, but there are no LOW tasks",
            ]
        );
}

#[test]
fn ranges_and_confidence() {
    assert_eq!(parse_range("t", "3-6", 8.0), Ok((3.0, 6.0)));
    assert_eq!(parse_range("t", "1-2 days", 8.0), Ok((8.0, 16.0)));
    assert_eq!(parse_range("t", "2.5 - 4h", 8.0), Ok((2.5, 4.0)));
    assert!(parse_range("t", "6-3", 8.0).is_err());
    assert!(parse_range("t", "0-3", 8.0).is_err());
    assert!(parse_range("t", "3", 8.0).is_err());
    assert_eq!(parse_confidence("t", "0.8"), Ok(0.8));
    assert!(parse_confidence("t", "1").is_err());
    assert!(parse_confidence("t", "0").is_err());
    assert!(parse_confidence("t", "high").is_err());
}

#[test]
fn columns_match_loosely() {
    assert_eq!(Column::find("Depends On"), Some(Column::DependsOn));
    assert_eq!(Column::find("depends-on"), Some(Column::DependsOn));
    assert_eq!(Column::find("HOURS"), Some(Column::Hours));
    assert_eq!(Column::find("story points"), None);
}
