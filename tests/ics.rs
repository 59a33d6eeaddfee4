//! `plan --ics DIR` (SPEC 8.3): every calendar parses with a real iCalendar
//! parser (the `icalendar` crate), its events are exactly the rows of
//! schedule.csv written in the same run, a re-run writes the same bytes,
//! and titles with `,;\` and long ones survive escaping and folding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDateTime;
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};

mod common;
use common::{csv_rows, ok, path_arg, read, read_text, run};

/// One event as the parser reads it.
#[derive(Debug, Clone, PartialEq)]
struct Event {
    uid: String,
    summary: String,
    description: String,
    start: NaiveDateTime,
    end: NaiveDateTime,
}

/// A floating date-time as the parser gives it.
fn floating(t: Option<DatePerhapsTime>, what: &str) -> NaiveDateTime {
    match t {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Floating(t))) => t,
        other => panic!("{what}: not a floating date-time: {other:?}"),
    }
}

/// Checks the raw form (CRLF, folding at 75 octets, the calendar's
/// envelope) and parses the file's events.
fn parse(path: &Path) -> Vec<Event> {
    let bytes = read(path);
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    for line in &lines {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {path:?}"
        );
        assert!(
            line.len() <= 75,
            "{} octets in {path:?}: {line}",
            line.len()
        );
    }
    let calendar =
        icalendar::Calendar::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let uid = e.get_uid().expect("UID").to_string();
            assert!(
                e.property_value("DTSTAMP").is_some(),
                "{uid}: DTSTAMP is required"
            );
            Event {
                summary: e.get_summary().expect("SUMMARY").to_string(),
                description: e.get_description().expect("DESCRIPTION").to_string(),
                start: floating(e.get_start(), &uid),
                end: floating(e.get_end(), &uid),
                uid,
            }
        })
        .collect()
}

fn date_time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect(text)
}

/// The names of the team's developers in data/team.toml.
const DEVELOPERS: [&str; 4] = ["Jonathan", "Maria", "Kai", "Sofia"];

#[test]
fn calendars_of_data_match_schedule_csv_and_rerun_identically() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let ics = tmp.path().join("ics");
    let base = [
        "plan",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--raw-csv",
        "-q",
    ];
    ok(&[
        &base[..],
        &["--out", path_arg(&out), "--ics", path_arg(&ics)],
    ]
    .concat());
    let (_, plan) = csv_rows(&read_text(&out.join("plan.csv")));
    let title: BTreeMap<&str, &str> = plan
        .iter()
        .map(|r| (r["id"].as_str(), r["title"].as_str()))
        .collect();
    let (_, schedule) = csv_rows(&read_text(&out.join("schedule.csv")));
    assert!(schedule.len() > 57, "{} stretches", schedule.len());

    let files: BTreeSet<String> = std::fs::read_dir(&ics)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = DEVELOPERS.iter().map(|d| format!("{d}.ics")).collect();
    assert_eq!(files, expected);

    let mut uids = BTreeSet::new();
    let mut events_seen = 0;
    for dev in DEVELOPERS {
        let events = parse(&ics.join(format!("{dev}.ics")));
        let rows: Vec<_> = schedule.iter().filter(|r| r["developer"] == dev).collect();
        assert_eq!(
            events.len(),
            rows.len(),
            "{dev}: events vs schedule.csv rows"
        );
        assert!(!rows.is_empty(), "{dev} has work on data/");
        for (e, r) in events.iter().zip(&rows) {
            let id = r["task_id"].as_str();
            assert_eq!(e.summary, title[id], "{dev}: {id}");
            assert_eq!(e.start, date_time(&r["start"]), "{dev}: {id}");
            assert_eq!(e.end, date_time(&r["end"]), "{dev}: {id}");
            assert!(
                e.description.starts_with(&format!("id: {id}\n")),
                "{}",
                e.description
            );
            assert!(e
                .description
                .contains(&format!("\nthis stretch: {} h", r["hours"])));
            assert!(uids.insert(e.uid.clone()), "UID {} twice", e.uid);
        }
        events_seen += events.len();
    }
    assert_eq!(events_seen, schedule.len());

    // The same run again (calendars only): the same bytes.
    let again = tmp.path().join("again");
    ok(&[&base[..], &["--ics", path_arg(&again)]].concat());
    for name in &expected {
        assert!(
            read(&ics.join(name)) == read(&again.join(name)),
            "{name} differs between two runs"
        );
    }
}

#[test]
fn titles_with_separators_and_long_titles_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "Migrate the billing, invoicing; and reporting services to the new \
                cluster — with zero downtime, über-careful rollback and a dry run";
    let odd = r"Fix a, b; c\d";
    let backlog = tmp.path().join("backlog.json");
    let tasks = serde_json::json!([
        {"id": "x/odd", "title": odd, "project": "x,y", "priority": "HIGH", "hours": 3, "owner": "Ana María"},
        {"id": "x/long", "title": long, "project": "x", "priority": "LOW", "hours": 10, "owner": "Ana María"},
        {"id": "x/bo", "title": "Bo's task", "priority": "LOW", "hours": 2, "owner": "Bo"},
    ]);
    std::fs::write(&backlog, serde_json::to_vec_pretty(&tasks).unwrap()).unwrap();
    let team = tmp.path().join("team.toml");
    std::fs::write(
        &team,
        "[calendar]\nstart = \"2026-11-30\"\n\n\
         [[developer]]\nname = \"Ana María\"\n\n\
         [[developer]]\nname = \"Bo\"\n\n\
         [[developer]]\nname = \"Idle\"\n",
    )
    .unwrap();
    let ics = tmp.path().join("cal");
    ok(&[
        "plan",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--ics",
        path_arg(&ics),
        "-q",
    ]);
    // Hand-worked: HIGH first, 09:00-12:00; the 10 h task runs 12:00-17:00,
    // then 09:00-14:00 the next day.
    let ana = parse(&ics.join("Ana-María.ics"));
    let at = |s: &str| date_time(s);
    let got: Vec<(&str, NaiveDateTime, NaiveDateTime)> = ana
        .iter()
        .map(|e| (e.summary.as_str(), e.start, e.end))
        .collect();
    assert_eq!(
        got,
        [
            (odd, at("2026-11-30T09:00"), at("2026-11-30T12:00")),
            (long, at("2026-11-30T12:00"), at("2026-11-30T17:00")),
            (long, at("2026-12-01T09:00"), at("2026-12-01T14:00")),
        ]
    );
    assert_eq!(
        ana[0].description,
        "id: x/odd\nproject: x,y\npriority: HIGH\nhours: 3\nthis stretch: 3 h (part 1 of 1)\nsprint: 1"
    );
    assert!(ana[2]
        .description
        .ends_with("this stretch: 5 h (part 2 of 2)\nsprint: 1"));
    // Stable, distinct UIDs from task id, stretch number and developer.
    assert_eq!(ana[1].uid, "x%2Flong.1.Ana%20Mar%C3%ADa@sprintcast");
    assert_eq!(ana[2].uid, "x%2Flong.2.Ana%20Mar%C3%ADa@sprintcast");
    // The raw text: escaped separators, and the long title folded.
    let raw = read_text(&ics.join("Ana-María.ics"));
    assert!(raw.contains("SUMMARY:Fix a\\, b\\; c\\\\d\r\n"), "{raw}");
    assert!(raw.contains("DTSTAMP:20261130T000000Z\r\n"));
    assert!(
        raw.split("\r\n")
            .any(|l| l.starts_with("SUMMARY:Migrate") && l.len() == 75),
        "the long SUMMARY is folded at 75 octets: {raw}"
    );
    // Every developer has a calendar; one without work has no event.
    assert_eq!(parse(&ics.join("Bo.ics")).len(), 1);
    assert_eq!(parse(&ics.join("Idle.ics")), []);
}

#[test]
fn ics_never_replaces_an_input_or_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    // A file where the folder should go: refused (exit 2), left alone.
    let file = tmp.path().join("cal.ics");
    std::fs::write(&file, "keep").unwrap();
    let args = [
        "plan",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "-q",
        "--ics",
        path_arg(&file),
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not a folder; give a folder for --ics"),
        "{err}"
    );
    assert_eq!(read_text(&file), "keep");

    // A calendar that would be an input (the team file named like one).
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let team = dir.join("Ana.ics");
    std::fs::write(
        &team,
        "[calendar]\nstart = \"2026-11-30\"\n\n[[developer]]\nname = \"Ana\"\n",
    )
    .unwrap();
    let backlog = dir.join("b.md");
    std::fs::write(&backlog, "- [ ] **One** (2 hours)\n").unwrap();
    let before = read(&team);
    let out = run(&[
        "plan",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "-q",
        "--ics",
        path_arg(&dir),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is the input"), "{err}");
    assert_eq!(read(&team), before);

    // --ics and --out the same folder: one set, plan files and calendars.
    let both = tmp.path().join("both");
    ok(&[
        "plan",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "-q",
        "--out",
        path_arg(&both),
        "--ics",
        path_arg(&both),
    ]);
    for name in ["plan.csv", "schedule.csv", "Jonathan.ics", "Sofia.ics"] {
        assert!(both.join(name).is_file(), "{name}");
    }
}
