//! The team file as a user writes it: a full valid file read field by field,
//! and the exact one-line message for each kind of mistake.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime, Weekday};
use sprintcast::eligibility::allowed;
use sprintcast::team::{DateRange, Weights};
use sprintcast::team_file::parse_team;
use sprintcast::{Priority, RuleMode, Skill, Task};

const FULL: &str = r#"# The platform team, winter 2026/27.
[calendar]
start = "2026-11-30"
day_start = "08:30"
hours_per_day = 7.5
workdays = ["Mon", "tue", "Wednesday", "THU", "Fri"]
holidays = ["2026-12-25", "2027-01-01"]
sprint_weeks = 3

[weights]
URGENT = 500
high = 50
Medium = 5
LOW = 0.5
prefer_penalty_hours = 4

[[developer]]
name = "Jonathan"
role = "Lead Developer"
weekly_hours = 40
focus = 0.8
skills = ["security:3", "Performance", "testing:0"]
time_off = [["2026-12-21", "2026-12-31"], "2027-01-08"]

[[developer]]
name = "Ana"
role = "Frontend Developer"
weekly_hours = 20                # part-time
skills = ["frontend:2", "testing"]
available_from = "2027-01-04"    # joins late

[[developer]]
name = "Bo"
available_until = 2027-02-26     # leaves early; a TOML date works too

[[rule]]
name = "lead owns urgent"
when = { priority = ["URGENT"] }
assign_to = ["Jonathan"]

[[rule]]
name = "ui work to Ana"
when = { title = ["^(fix|add) .*(button|page)", "\\bCSS\\b"], project = "Customer-App" }
assign_to = "ana"
mode = "prefer"

[[rule]]
name = "security reviews"
when = { skill = "Security", category = ["Bug Fixes", "Reviews"] }
assign_to = ["Jonathan", "Bo"]
mode = "require"
"#;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn skills(list: &[&str]) -> Vec<Skill> {
    list.iter().map(|s| Skill::parse(s).unwrap()).collect()
}

#[test]
fn full_file_is_read_field_by_field() {
    let team = parse_team("team.toml", FULL).unwrap();
    assert_eq!(team.source, "team.toml");

    let c = &team.calendar;
    assert_eq!(c.start, day(2026, 11, 30));
    assert_eq!(c.day_start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
    assert_eq!(c.hours_per_day, 7.5);
    assert_eq!(
        c.workdays,
        vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri
        ]
    );
    assert_eq!(
        c.holidays,
        BTreeSet::from([day(2026, 12, 25), day(2027, 1, 1)])
    );
    assert_eq!(c.sprint_weeks, 3);

    assert_eq!(
        team.weights,
        Weights {
            urgent: 500.0,
            high: 50.0,
            medium: 5.0,
            low: 0.5,
            reassign_hours: 8.0,
            late_per_hour: 10.0
        }
    );
    assert_eq!(team.prefer_penalty_hours, 4.0);

    assert_eq!(team.developers.len(), 3);
    let jonathan = &team.developers[0];
    assert_eq!(jonathan.name, "Jonathan");
    assert_eq!(jonathan.role, "Lead Developer");
    assert_eq!(jonathan.weekly_hours, 40.0);
    assert_eq!(jonathan.focus, 0.8);
    assert_eq!(
        jonathan.skills,
        skills(&["security:3", "performance", "testing:0"])
    );
    assert_eq!(
        jonathan.time_off,
        vec![
            DateRange {
                first: day(2026, 12, 21),
                last: day(2026, 12, 31)
            },
            DateRange {
                first: day(2027, 1, 8),
                last: day(2027, 1, 8)
            },
        ]
    );
    assert_eq!(jonathan.available_from, None);
    assert_eq!(jonathan.available_until, None);
    assert_eq!(jonathan.line, 17);

    let ana = &team.developers[1];
    assert_eq!(ana.name, "Ana");
    assert_eq!(ana.role, "Frontend Developer");
    assert_eq!(ana.weekly_hours, 20.0);
    assert_eq!(ana.focus, 1.0);
    assert_eq!(ana.skills, skills(&["frontend:2", "testing"]));
    assert!(ana.time_off.is_empty());
    assert_eq!(ana.available_from, Some(day(2027, 1, 4)));
    assert_eq!(ana.available_until, None);
    assert_eq!(ana.line, 25);

    let bo = &team.developers[2];
    assert_eq!(bo.name, "Bo");
    assert_eq!(bo.role, "");
    // default: hours_per_day × workdays = 7.5 × 5
    assert_eq!(bo.weekly_hours, 37.5);
    assert_eq!(bo.focus, 1.0);
    assert!(bo.skills.is_empty());
    assert_eq!(bo.available_from, None);
    assert_eq!(bo.available_until, Some(day(2027, 2, 26)));
    assert_eq!(bo.line, 32);

    assert_eq!(team.rules.len(), 3);
    let lead = &team.rules[0];
    assert_eq!(lead.name, "lead owns urgent");
    assert_eq!(lead.when.priority, vec![Priority::Urgent]);
    assert!(lead.when.project.is_empty() && lead.when.title.is_empty());
    assert_eq!(lead.assign_to, vec!["Jonathan"]);
    assert_eq!(lead.mode, RuleMode::Require);
    assert_eq!(lead.line, 36);

    let ui = &team.rules[1];
    assert_eq!(ui.name, "ui work to Ana");
    let patterns: Vec<&str> = ui.when.title.iter().map(|r| r.as_str()).collect();
    assert_eq!(patterns, vec!["^(fix|add) .*(button|page)", "\\bCSS\\b"]);
    assert_eq!(ui.when.project, vec!["customer-app"]);
    assert!(ui.when.priority.is_empty());
    assert_eq!(ui.assign_to, vec!["Ana"]);
    assert_eq!(ui.mode, RuleMode::Prefer);
    assert_eq!(ui.line, 41);

    let sec = &team.rules[2];
    assert_eq!(sec.when.skill, vec!["security"]);
    assert_eq!(sec.when.category, vec!["bug fixes", "reviews"]);
    assert_eq!(sec.assign_to, vec!["Jonathan", "Bo"]);
    assert_eq!(sec.mode, RuleMode::Require);
    assert_eq!(sec.line, 47);
}

#[test]
fn full_file_rules_drive_eligibility() {
    let team = parse_team("team.toml", FULL).unwrap();

    // title regexes are searched case-insensitively; prefer does not restrict
    let mut t = Task::new("t", "Fix the login button", 3.0);
    t.project = "customer-app".into();
    let a = allowed(&t, &team);
    assert_eq!(a.developers, vec![0, 1, 2]);
    assert_eq!(a.preferred, vec![1]);

    // require: URGENT goes to the lead only
    t.priority = Priority::Urgent;
    assert_eq!(allowed(&t, &team).developers, vec![0]);

    // require by skill and category, then skills filter Bo out
    let mut review = Task::new("r", "Review auth flow", 2.0);
    review.category = "Reviews".into();
    review.skills = skills(&["security:2"]);
    assert_eq!(allowed(&review, &team).developers, vec![0]);
    review.skills = skills(&["security:4"]);
    assert_eq!(
        allowed(&review, &team)
            .why_empty
            .map(|why| why.to_string())
            .as_deref(),
        Some("task \"Review auth flow\" needs skill \"security:4\", which no developer has at that level (best: Jonathan at 3)")
    );
}

fn error(text: &str) -> String {
    match parse_team("team.toml", text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const ANA: &str = "[[developer]]\nname = \"Ana\"\n";

#[test]
fn unknown_key_suggests_the_closest() {
    assert_eq!(
        error("[[developer]]\nname = \"Ana\"\nweekly_hour = 20\n"),
        "team.toml:3: unknown key \"weekly_hour\"; did you mean \"weekly_hours\"?"
    );
    assert_eq!(
        error(&format!("[calendar]\nholiday = [\"2026-12-25\"]\n{ANA}")),
        "team.toml:2: unknown key \"holiday\"; did you mean \"holidays\"?"
    );
}

#[test]
fn bad_date() {
    assert_eq!(
        error(&format!(
            "[calendar]\nholidays = [\"2026-12-25\", \"2026-13-01\"]\n{ANA}"
        )),
        "team.toml:2: holidays \"2026-13-01\" is not a valid date (YYYY-MM-DD)"
    );
    assert_eq!(
        error(&format!("[calendar]\nstart = \"30/11/2026\"\n{ANA}")),
        "team.toml:2: start \"30/11/2026\" is not a valid date (YYYY-MM-DD)"
    );
}

#[test]
fn unknown_developer_in_a_rule() {
    let text = "[[developer]]\nname = \"Jonathan\"\n\n[[developer]]\nname = \"Ana\"\n\n\
                [[rule]]\nname = \"lead owns urgent\"\nwhen = { priority = \"URGENT\" }\n\
                assign_to = [\"Jonathon\"]\n";
    assert_eq!(
        error(text),
        "team.toml:10: rule \"lead owns urgent\": unknown developer \"Jonathon\"; did you mean \"Jonathan\"?"
    );
}

#[test]
fn invalid_regex() {
    let text = format!(
        "{ANA}\n[[rule]]\nname = \"ui\"\nwhen = {{ title = \"[unclosed\" }}\nassign_to = \"Ana\"\n"
    );
    assert_eq!(
        error(&text),
        "team.toml:6: rule \"ui\": title pattern \"[unclosed\" is not a valid regular expression (unclosed character class)"
    );
}

#[test]
fn bad_workday() {
    assert_eq!(
        error(&format!("[calendar]\nworkdays = [\"Mon\", \"Tue\", \"Wed\", \"Thr\", \"Fri\"]\n{ANA}")),
        "team.toml:2: workdays \"Thr\" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or the full name)"
    );
}

#[test]
fn focus_out_of_range() {
    assert_eq!(
        error(&format!("{ANA}focus = 1.5\n")),
        "team.toml:3: focus \"1.5\" must be more than 0 and at most 1 (the share of working time for planned tasks)"
    );
    assert_eq!(
        error(&format!("{ANA}focus = 0\n")),
        "team.toml:3: focus \"0\" must be more than 0 and at most 1 (the share of working time for planned tasks)"
    );
}

#[test]
fn toml_syntax_error() {
    assert_eq!(
        error("[[developer]]\nname = \"Ana\"\nweekly_hours = \n"),
        "team.toml:3:16: TOML syntax error: string values must be quoted, expected literal string"
    );
    assert_eq!(
        error("[calendar\nstart = \"2026-11-30\"\n"),
        "team.toml:1:10: TOML syntax error: unclosed table, expected `]`"
    );
}

#[test]
fn wrong_type_names_the_key() {
    assert_eq!(
        error(&format!("{ANA}weekly_hours = \"forty\"\n")),
        "team.toml:3: weekly_hours \"forty\" must be a number"
    );
    assert_eq!(
        error(&format!(
            "{ANA}skills = \"rust\"\nrole = [\"lead\", \"dev\"]\n"
        )),
        "team.toml:4: role \"[\"lead\", \"dev\"]\" must be a string"
    );
}

#[test]
fn every_message_is_one_line() {
    for text in [
        "[[developer]]\nname = \"Ana\"\nweekly_hours = \n",
        "[[developer]]\nname = [\n  \"Ana\",\n  \"Bo\",\n]\n",
        "[[developer]]\nname = \"A\"\n[[rule]]\nname = \"r\"\nassign_to = \"A\"\nwhen = { title = \"(a\" }\n",
        "",
    ] {
        let e = error(text);
        assert!(!e.contains('\n'), "{e}");
    }
}

mod mangled {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Cutting, duplicating or replacing any stretch of a valid file never
        /// panics, and whatever goes wrong is said on one line.
        #[test]
        fn never_panics_and_errors_stay_on_one_line(
            at in 0usize..FULL.len(),
            len in 0usize..12,
            insert in "[\\[\\]{}=\",:. a-zA-Z0-9\\n-]{0,8}",
        ) {
            let chars: Vec<char> = FULL.chars().collect();
            let at = at.min(chars.len());
            let end = (at + len).min(chars.len());
            let mut text: String = chars[..at].iter().collect();
            text.push_str(&insert);
            text.extend(&chars[end..]);
            if let Err(e) = parse_team("team.toml", &text) {
                let message = e.to_string();
                prop_assert!(!message.contains('\n'), "{}", message);
                prop_assert!(message.starts_with("team.toml"), "{}", message);
            }
        }
    }
}
