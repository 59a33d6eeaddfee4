use super::*;
use crate::team::{DateRange, TimeRange};
use chrono::{NaiveDate, NaiveDateTime};

fn parse(text: &str) -> Result<Team> {
    parse_team("team.toml", text)
}

fn err(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const ANA: &str = "[[developer]]\nname = \"Ana\"\n";

#[test]
fn minimal_file_takes_every_default() {
    let team = parse(ANA).unwrap();
    assert_eq!(team.source, "team.toml");
    assert_eq!(team.calendar, Calendar::default());
    assert_eq!(team.weights, Weights::default());
    assert_eq!(team.prefer_penalty_hours, DEFAULT_PREFER_PENALTY_HOURS);
    let ana = &team.developers[0];
    assert_eq!(ana.name, "Ana");
    assert_eq!(ana.role, "");
    assert_eq!(ana.weekly_hours, 40.0);
    assert_eq!(ana.focus, 1.0);
    assert!(ana.skills.is_empty() && ana.time_off.is_empty());
    assert_eq!((ana.available_from, ana.available_until), (None, None));
    assert_eq!(ana.line, 1);
    assert!(team.rules.is_empty());
}

#[test]
fn weekly_hours_default_follows_the_calendar() {
    let team = parse(&format!(
            "[calendar]\nhours_per_day = 7.5\nworkdays = [\"mon\", \"Tuesday\", \"WED\", \"thu\"]\n{ANA}"
        ))
        .unwrap();
    assert_eq!(team.developers[0].weekly_hours, 30.0);
    assert_eq!(
        team.calendar.workdays,
        vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu]
    );
}

#[test]
fn workdays_are_sorted_monday_first_and_repeats_refused() {
    let team = parse(&format!("[calendar]\nworkdays = [\"Fri\", \"Mon\"]\n{ANA}")).unwrap();
    assert_eq!(team.calendar.workdays, vec![Weekday::Mon, Weekday::Fri]);
    assert_eq!(
        err(&format!("[calendar]\nworkdays = [\"Mon\", \"mon\"]\n{ANA}")),
        "team.toml:2: workdays \"mon\" is listed twice"
    );
    assert_eq!(
        err(&format!("[calendar]\nworkdays = []\n{ANA}")),
        "team.toml:2: workdays \"[]\" must name at least one weekday"
    );
}

#[test]
fn toml_dates_and_times_are_accepted_unquoted() {
    let team = parse(&format!(
        "[calendar]\nstart = 2027-01-04\nday_start = 08:30:00\nholidays = 2027-01-06\n{ANA}"
    ))
    .unwrap();
    assert_eq!(
        team.calendar.start,
        NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
    );
    assert_eq!(
        team.calendar.day_start,
        NaiveTime::from_hms_opt(8, 30, 0).unwrap()
    );
    assert!(team
        .calendar
        .holidays
        .contains(&NaiveDate::from_ymd_opt(2027, 1, 6).unwrap()));
}

#[test]
fn bad_time_of_day() {
    assert_eq!(
        err(&format!("[calendar]\nday_start = \"9h\"\n{ANA}")),
        "team.toml:2: day_start \"9h\" is not a valid time (HH:MM)"
    );
}

#[test]
fn a_day_must_end_by_midnight() {
    assert_eq!(
            err(&format!("[calendar]\nday_start = \"20:00\"\nhours_per_day = 8\n{ANA}")),
            "team.toml:3: hours_per_day \"8\" from day_start 20:00 runs past midnight; start earlier or shorten the day"
        );
    assert_eq!(
            err("[calendar]\nworkdays = [\"Mon\"]\n[[developer]]\nname = \"A\"\nweekly_hours = 20\n"),
            "team.toml:5: weekly_hours \"20\" over 1 workdays is 20 hours a day, more than fit between day_start 09:00 and midnight"
        );
}

#[test]
fn number_ranges() {
    for (text, line, msg) in [
        (
            "[calendar]\nhours_per_day = 0\n",
            2,
            "hours_per_day \"0\" must be more than 0 and at most 24",
        ),
        (
            "[calendar]\nhours_per_day = 25\n",
            2,
            "hours_per_day \"25\" must be more than 0 and at most 24",
        ),
        (
            "[calendar]\nsprint_weeks = 0\n",
            2,
            "sprint_weeks \"0\" must be a whole number of weeks, at least 1",
        ),
        (
            "[calendar]\nsprint_weeks = 1.5\n",
            2,
            "sprint_weeks \"1.5\" must be a whole number",
        ),
        (
            "[weights]\nLOW = -1\n",
            2,
            "LOW \"-1\" must be a number, at least 0",
        ),
        (
            "[weights]\nprefer_penalty_hours = nan\n",
            2,
            "prefer_penalty_hours \"nan\" must be a number, at least 0",
        ),
    ] {
        assert_eq!(
            err(&format!("{text}{ANA}")),
            format!("team.toml:{line}: {msg}")
        );
    }
    for (key, value, msg) in [
        ("weekly_hours", "0", "must be more than 0 and at most 168"),
        ("weekly_hours", "169", "must be more than 0 and at most 168"),
        (
            "focus",
            "0",
            "must be more than 0 and at most 1 (the share of working time for planned tasks)",
        ),
        (
            "focus",
            "1.2",
            "must be more than 0 and at most 1 (the share of working time for planned tasks)",
        ),
        ("weekly_hours", "\"forty\"", "must be a number"),
    ] {
        let shown = value.trim_matches('"');
        assert_eq!(
            err(&format!("{ANA}{key} = {value}\n")),
            format!("team.toml:3: {key} \"{shown}\" {msg}")
        );
    }
}

#[test]
fn weights_keys_any_case_and_penalty() {
    let team = parse(&format!(
        "[weights]\nurgent = 500\nHigh = 50\nMEDIUM = 5\nlow = 0\nprefer_penalty_hours = 4\nLate_per_hour = 3\n{ANA}"
    ))
    .unwrap();
    assert_eq!(
        team.weights,
        Weights {
            urgent: 500.0,
            high: 50.0,
            medium: 5.0,
            low: 0.0,
            reassign_hours: 8.0,
            late_per_hour: 3.0
        }
    );
    let stable = parse(&format!("[stability]\nreassign_hours = 2.5\n{ANA}")).unwrap();
    assert_eq!(stable.weights.reassign_hours, 2.5);
    assert_eq!(
        err(&format!("[stability]\nreassign_hours = -1\n{ANA}")),
        "team.toml:2: reassign_hours \"-1\" must be a number of hours, at least 0 (0: re-plans ignore the previous plan)"
    );
    assert_eq!(team.prefer_penalty_hours, 4.0);
    assert_eq!(
        err(&format!("[weights]\nURGENT = 1\nurgent = 2\n{ANA}")),
        "team.toml:3: urgent \"2\" sets URGENT a second time (keys are case-insensitive)"
    );
    assert_eq!(
        err(&format!("[weights]\nURGNT = 1\n{ANA}")),
        "team.toml:2: unknown key \"URGNT\"; did you mean \"URGENT\"?"
    );
}

#[test]
fn unknown_keys_in_every_table() {
    assert_eq!(
        err(&format!("[calendar]\nstart_date = \"2026-11-30\"\n{ANA}")),
        "team.toml:2: unknown key \"start_date\"; did you mean \"start\"?"
    );
    assert_eq!(
            err(&format!("{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\nwhen = {{ priorty = \"HIGH\" }}\n")),
            "team.toml:6: unknown key \"when.priorty\"; did you mean one of \"when.priority\", \"when.project\"?"
        );
    assert_eq!(
        err(&format!("{ANA}[[developers]]\nname = \"Bo\"\n")),
        "team.toml:3: unknown key \"developers\"; did you mean \"developer\"?"
    );
    // the first in the file wins, whatever the table
    assert_eq!(
        err("[[developer]]\nname = \"A\"\nfocuss = 1\n[calendar]\nstrat = \"x\"\n"),
        "team.toml:3: unknown key \"focuss\"; did you mean \"focus\"?"
    );
    assert_eq!(
        err(&format!("{ANA}zzz = 1\n")),
        "team.toml:3: unknown key \"zzz\""
    );
}

#[test]
fn table_shapes() {
    assert_eq!(
            err("[developer]\nname = \"A\"\n"),
            "team.toml:1: `developer` must be a list of tables: write [[developer]] (double brackets) before each developer"
        );
    assert_eq!(
        err(&format!("calendar = 3\n{ANA}")),
        "team.toml:1: `calendar` must be a table: write [calendar]"
    );
    assert_eq!(
        err(&format!(
            "{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\nwhen = \"always\"\n"
        )),
        "team.toml:6: when \"always\" must be a table"
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    assert_eq!(
        err("[[developer]]\nname = \"Ana\nfocus = 1\n"),
        "team.toml:2:12: TOML syntax error: invalid basic string, expected `\"`"
    );
    assert_eq!(
        err("[[developer]]\nname = \"A\"\nname = \"B\"\n"),
        "team.toml:3:1: TOML syntax error: duplicate key \"name\""
    );
}

#[test]
fn empty_file_has_no_developers() {
    assert_eq!(
        err(""),
        "team.toml: the team has no developers; add a [[developer]] table with a name"
    );
    assert_eq!(
        err("[[developer]]\nrole = \"x\"\n"),
        "team.toml:1: [[developer]] has no name; add name = \"...\""
    );
    assert_eq!(
        err("[[developer]]\nname = \"  \"\n"),
        "team.toml:2: name \"  \" must not be empty"
    );
}

#[test]
fn duplicate_names() {
    assert_eq!(
            err("[[developer]]\nname = \"Ana\"\n\n[[developer]]\nname = \"ana\"\n"),
            "team.toml:5: name \"ana\" is already the name of the developer on line 1 (names are case-insensitive)"
        );
    assert_eq!(
            err(&format!(
                "{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\n[[rule]]\nname = \"R\"\nassign_to = \"Ana\"\n"
            )),
            "team.toml:7: name \"R\" is already the name of the rule on line 3 (names are case-insensitive)"
        );
}

#[test]
fn skills_parse_with_levels() {
    let team = parse(&format!(
        "{ANA}skills = [\"Security\", \"testing:3\", \"docs:0\"]\n"
    ))
    .unwrap();
    let got: Vec<String> = team.developers[0]
        .skills
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(got, vec!["security", "testing:3", "docs:0"]);
    assert_eq!(
            err(&format!("{ANA}skills = [\"testing:high\"]\n")),
            "team.toml:3: skills \"testing:high\" is not a skill (write name or name:level, the level a whole number from 0)"
        );
    assert_eq!(
        err(&format!("{ANA}skills = [\"a\", 3]\n")),
        "team.toml:3: skills \"3\" must be a string"
    );
}

#[test]
fn time_off_pairs_and_single_days() {
    let team = parse(&format!(
        "{ANA}time_off = [[\"2026-12-21\", \"2026-12-31\"], \"2027-01-08\", 2027-01-15]\n"
    ))
    .unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(if m == 12 { 2026 } else { 2027 }, m, day).unwrap();
    assert_eq!(
        team.developers[0].time_off,
        vec![
            DateRange {
                first: d(12, 21),
                last: d(12, 31)
            },
            DateRange {
                first: d(1, 8),
                last: d(1, 8)
            },
            DateRange {
                first: d(1, 15),
                last: d(1, 15)
            },
        ]
    );
    assert_eq!(
        err(&format!(
            "{ANA}time_off = [[\"2026-12-31\", \"2026-12-21\"]]\n"
        )),
        "team.toml:3: time_off \"2026-12-31 to 2026-12-21\" ends before it starts"
    );
    assert_eq!(
            err(&format!("{ANA}time_off = [[\"2026-12-31\"]]\n")),
            "team.toml:3: time_off \"[\"2026-12-31\"]\" must be a date or a [first, last] pair of dates or date-times"
        );
    assert_eq!(
        err(&format!(
            "{ANA}time_off = [\n  [\"2026-12-21\", \"2026-12-32\"],\n]\n"
        )),
        "team.toml:4: time_off \"2026-12-32\" is not a valid date (YYYY-MM-DD)"
    );
}

#[test]
fn availability_dates() {
    assert_eq!(
        err(&format!(
            "{ANA}available_from = \"2027-02-01\"\navailable_until = \"2027-01-01\"\n"
        )),
        "team.toml:4: available_until \"2027-01-01\" is before available_from 2027-02-01"
    );
    assert_eq!(
        err(&format!("{ANA}available_from = \"next week\"\n")),
        "team.toml:3: available_from \"next week\" is not a valid date (YYYY-MM-DD)"
    );
}

#[test]
fn rules_read_every_condition() {
    let team = parse(&format!(
            "{ANA}[[developer]]\nname = \"Bo\"\n[[rule]]\nname = \"r\"\n\
             when = {{ priority = [\"urgent\", \"High\"], project = \"App\", category = [\"Bug Fixes\"], title = \"^fix\", skill = \"Security\" }}\n\
             assign_to = [\"ana\", \"BO\", \"Ana\"]\nmode = \"Prefer\"\n"
        ))
        .unwrap();
    let r = &team.rules[0];
    assert_eq!(r.name, "r");
    assert_eq!(r.line, 5);
    assert_eq!(r.when.priority, vec![Priority::Urgent, Priority::High]);
    assert_eq!(r.when.project, vec!["app"]);
    assert_eq!(r.when.category, vec!["bug fixes"]);
    assert_eq!(r.when.skill, vec!["security"]);
    assert!(r.when.title[0].is_match("FIX the build"));
    assert_eq!(r.assign_to, vec!["Ana", "Bo"]);
    assert_eq!(r.mode, RuleMode::Prefer);
}

#[test]
fn rule_without_when_matches_all_and_mode_defaults_to_require() {
    let team = parse(&format!(
        "{ANA}[[rule]]\nname = \"all\"\nassign_to = \"Ana\"\n"
    ))
    .unwrap();
    assert_eq!(team.rules[0].when, RuleCondition::default());
    assert_eq!(team.rules[0].mode, RuleMode::Require);
}

#[test]
fn rule_errors() {
    let rule = |body: &str| format!("{ANA}[[rule]]\nname = \"r\"\n{body}");
    assert_eq!(
        err(&rule("assign_to = \"Anna\"\n")),
        "team.toml:5: rule \"r\": unknown developer \"Anna\"; did you mean \"Ana\"?"
    );
    assert_eq!(
        err(&rule("assign_to = []\n")),
        "team.toml:5: assign_to \"[]\" must name at least one developer"
    );
    assert_eq!(
        err(&rule("")),
        "team.toml:3: rule \"r\" has no assign_to; name the developers it assigns to"
    );
    assert_eq!(
        err(&rule("assign_to = \"Ana\"\nmode = \"must\"\n")),
        "team.toml:6: mode \"must\" must be \"require\" or \"prefer\""
    );
    assert_eq!(
        err(&rule(
            "assign_to = \"Ana\"\nwhen = { priority = \"CRITICAL\" }\n"
        )),
        "team.toml:6: when.priority \"CRITICAL\" is not a priority (URGENT, HIGH, MEDIUM or LOW)"
    );
    assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { title = \"(unclosed\" }\n")),
            "team.toml:6: rule \"r\": title pattern \"(unclosed\" is not a valid regular expression (unclosed group)"
        );
    assert_eq!(
        err(&rule("assign_to = \"Ana\"\nwhen = { project = [] }\n")),
        "team.toml:6: when.project \"[]\" must list at least one value"
    );
    assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { skill = \"security:2\" }\n")),
            "team.toml:6: when.skill \"security:2\" has a level; a rule matches skill names only (write the name without :level)"
        );
    assert_eq!(
        err("[[developer]]\nname = \"A\"\n[[rule]]\nassign_to = \"A\"\n"),
        "team.toml:3: [[rule]] has no name; add name = \"...\""
    );
}

#[test]
fn values_with_newlines_stay_on_one_line() {
    assert_eq!(
            err(&format!("[calendar]\nworkdays = [\"\"\"Mon\nday\"\"\"]\n{ANA}")),
            "team.toml:2: workdays \"Mon\\nday\" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or the full name)"
        );
    assert_eq!(
        err(&format!("{ANA}\"weekly\\nhours\" = 1\n")),
        "team.toml:3: unknown key \"weekly\\nhours\"; did you mean \"weekly_hours\"?"
    );
    assert_eq!(
        err(&format!(
            "{ANA}[[rule]]\nname = \"r\"\nassign_to = '''An\na'''\n"
        )),
        "team.toml:5: rule \"r\": unknown developer \"An\\na\"; did you mean \"Ana\"?"
    );
}

#[test]
fn bom_is_ignored() {
    assert!(parse(&format!("\u{feff}{ANA}")).is_ok());
}

#[test]
fn read_team_reports_io_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let e = read_team(&missing).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"[[developer]]\nname = \"Jos\xe9\"\n").unwrap();
    let e = read_team(&latin1).unwrap_err().to_string();
    assert!(
        e.ends_with("latin1.toml:2: the file is not UTF-8 text (byte 25); save it as UTF-8"),
        "{e}"
    );
    let good = dir.path().join("team.toml");
    std::fs::write(&good, ANA).unwrap();
    assert_eq!(read_team(&good).unwrap().developers[0].name, "Ana");
}

#[test]
fn a_developer_may_work_some_of_the_team_workdays() {
    let team = parse(&format!(
        "{ANA}workdays = [\"Wed\", \"mon\", \"Tuesday\"]\n"
    ))
    .unwrap();
    let ana = &team.developers[0];
    assert_eq!(
        ana.workdays,
        Some(vec![Weekday::Mon, Weekday::Tue, Weekday::Wed])
    );
    // weekly_hours defaults to hours_per_day × their own workdays
    assert_eq!(ana.weekly_hours, 24.0);
    assert_eq!(
        err(&format!("{ANA}workdays = [\"Mon\", \"Sat\"]\n")),
        "team.toml:3: workdays \"Sat\" is not a team workday, and the plan counts team workdays only; add it to [calendar] workdays or drop it here"
    );
    assert_eq!(
        err(&format!("{ANA}workdays = [\"Mon\", \"Funday\"]\n")),
        "team.toml:3: workdays \"Funday\" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or the full name)"
    );
    assert_eq!(
        err(&format!("{ANA}workdays = []\n")),
        "team.toml:3: workdays \"[]\" must name at least one weekday"
    );
    // 60 h over two days does not fit between 09:00 and midnight
    assert_eq!(
        err(&format!("{ANA}workdays = [\"Mon\", \"Tue\"]\nweekly_hours = 60\n")),
        "team.toml:4: weekly_hours \"60\" over 2 workdays is 30 hours a day, more than fit between day_start 09:00 and midnight"
    );
    // A Saturday is fine once the team works it.
    let team = parse(&format!(
        "[calendar]\nworkdays = [\"Mon\", \"Sat\"]\n{ANA}workdays = [\"Sat\"]\n"
    ))
    .unwrap();
    assert_eq!(team.developers[0].workdays, Some(vec![Weekday::Sat]));
    assert_eq!(team.developers[0].weekly_hours, 8.0);
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn time_off_as_half_days_and_hour_ranges() {
    let team = parse(&format!(
        "{ANA}time_off = [\"2026-12-14 AM\", [\"2026-12-21\", \"2026-12-22\"], \"2026-12-11 pm\",\n  \
         [\"2026-12-15 12:00\", \"2026-12-15 14:30\"], [2026-12-18T15:00:00, \"2026-12-21T11:00\"]]\n"
    ))
    .unwrap();
    let ana = &team.developers[0];
    assert_eq!(
        ana.time_off,
        vec![DateRange {
            first: NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 12, 22).unwrap(),
        }]
    );
    let range = |s: &str, e: &str| TimeRange {
        start: at(s),
        end: at(e),
    };
    // Sorted by start; half days split at 13:00 (09:00 + 8 h / 2).
    assert_eq!(
        ana.hours_off,
        vec![
            range("2026-12-11 13:00", "2026-12-12 00:00"),
            range("2026-12-14 00:00", "2026-12-14 13:00"),
            range("2026-12-15 12:00", "2026-12-15 14:30"),
            range("2026-12-18 15:00", "2026-12-21 11:00"),
        ]
    );
    // The middle of the day follows the calendar: 08:00 + 7 h / 2 = 11:30.
    let team = parse(&format!(
        "[calendar]\nday_start = \"08:00\"\nhours_per_day = 7\n{ANA}time_off = \"2026-12-11 morning\"\n"
    ))
    .unwrap();
    assert_eq!(
        team.developers[0].hours_off,
        vec![range("2026-12-11 00:00", "2026-12-11 11:30")]
    );
}

#[test]
fn bad_partial_time_off_is_one_line() {
    let one = |entry: &str| err(&format!("{ANA}time_off = [{entry}]\n"));
    assert_eq!(
        one("[\"2026-12-11 17:00\", \"2026-12-11 12:00\"]"),
        "team.toml:3: time_off \"2026-12-11 17:00 to 2026-12-11 12:00\" ends before it starts"
    );
    assert_eq!(
        one("[\"2026-12-11 12:00\", \"2026-12-11 12:00\"]"),
        "team.toml:3: time_off \"2026-12-11 12:00 to 2026-12-11 12:00\" ends when it starts (the end is the first minute back at work)"
    );
    assert_eq!(
        one("[\"2026-12-11 25:00\", \"2026-12-11 26:00\"]"),
        "team.toml:3: time_off \"2026-12-11 25:00\" is not a valid date-time (YYYY-MM-DD HH:MM)"
    );
    assert_eq!(
        one("[\"2026-12-11 18:00\", \"2026-12-12 08:30\"]"),
        "team.toml:3: time_off \"2026-12-11 18:00 to 2026-12-12 08:30\" is outside working hours (09:00 to 17:00), so it takes no time off; check the times"
    );
    assert_eq!(
        one("[\"2026-12-11\", \"2026-12-11 12:00\"]"),
        "team.toml:3: time_off \"[\"2026-12-11\", \"2026-12-11 12:00\"]\" mixes a date and a date-time; write two dates (whole days) or two date-times YYYY-MM-DD HH:MM (an hour range)"
    );
    assert_eq!(
        one("\"2026-12-11 evening\""),
        "team.toml:3: time_off \"2026-12-11 evening\" is not a date or a half day (write YYYY-MM-DD, YYYY-MM-DD am or YYYY-MM-DD pm)"
    );
    assert_eq!(
        one("\"2026-12-11 12:00\""),
        "team.toml:3: time_off \"2026-12-11 12:00\" is a single date-time; an hour range is a [start, end] pair, or write a half day YYYY-MM-DD am or pm"
    );
    assert_eq!(
        one("\"2026-13-11 pm\""),
        "team.toml:3: time_off \"2026-13-11 pm\" is not a date or a half day (write YYYY-MM-DD, YYYY-MM-DD am or YYYY-MM-DD pm)"
    );
}
