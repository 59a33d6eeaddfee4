use super::*;
use crate::backlog::{self, Format, ReadOptions};
use crate::model::Status;
use crate::team_file::parse_team;
use crate::Result;

const TEAM: &str = "[[developer]]\nname = \"Ana\"\nskills = [\"backend:2\"]\n\
        [[developer]]\nname = \"Bo\"\nweekly_hours = 20\n\
        [[rule]]\nname = \"ana owns urgent\"\nwhen = { priority = \"URGENT\" }\nassign_to = \"Ana\"\n";

const BACKLOG: &str = "## app\n### URGENT - Bugs\n- [ ] **Fix login** (4 hours)\n\
        ### LOW - Polish\n- [ ] **Dark mode** (6 hours)\n  - depends on: Fix login\n\
        - [ ] **Emoji picker** (2 hours)\n  - depends on: Dark mode\n";

fn team() -> Team {
    parse_team("team.toml", TEAM).unwrap()
}

fn backlog() -> Backlog {
    backlog::parse(
        "b.md",
        BACKLOG.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap()
}

fn parse(text: &str) -> Result<ScenarioFile> {
    parse_scenarios("s.toml", text, &team())
}

fn err(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Parses one scenario and applies it.
fn apply(text: &str) -> Result<Applied> {
    let file = parse(text)?;
    file.scenarios[0].apply("s.toml", &backlog(), &team())
}

fn apply_err(text: &str) -> String {
    match apply(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_change_parses_in_file_order() {
    let file = parse(
            "[[scenario]]\nname = \"all\"\n\
             scale_hours = 1.3\n\
             add_developer = { name = \"Cy\", weekly_hours = 30, skills = [\"frontend\"], from = \"2026-12-07\" }\n\
             changes = [\n\
               { remove_developer = \"Bo\" },\n\
               { set_developer = { name = \"Ana\", weekly_hours = 20, focus = 0.5, add_skills = [\"docs\"] } },\n\
               { add_time_off = { developer = \"Ana\", time_off = [[\"2026-12-21\", \"2026-12-24\"]] } },\n\
               { drop_tasks = { priority = \"LOW\", title = \"emoji\" } },\n\
               { set_rule = { name = \"ana owns urgent\", mode = \"prefer\" } },\n\
               { remove_rule = [\"ana owns urgent\"] },\n\
               { set_weights = { urgent = 500, prefer_penalty_hours = 2 } },\n\
               { scale_hours = { factor = 0.5, project = \"app\" } },\n\
             ]\n",
        )
        .unwrap();
    let s = &file.scenarios[0];
    let keys: Vec<&str> = s.changes.iter().map(|c| c.kind.key()).collect();
    assert_eq!(
        keys,
        [
            "scale_hours",
            "add_developer",
            "remove_developer",
            "set_developer",
            "add_time_off",
            "drop_tasks",
            "set_rule",
            "remove_rule",
            "set_weights",
            "scale_hours"
        ]
    );
    let lines: Vec<usize> = s.changes.iter().map(|c| c.line).collect();
    assert_eq!(lines, [3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    let ChangeKind::AddDeveloper(cy) = &s.changes[1].kind else {
        panic!("{:?}", s.changes[1]);
    };
    assert_eq!(cy.weekly_hours, 30.0);
    assert_eq!(cy.available_from, NaiveDate::from_ymd_opt(2026, 12, 7));
    let ChangeKind::SetWeights(w) = &s.changes[8].kind else {
        panic!();
    };
    assert_eq!(w.urgent, Some(500.0));
    assert_eq!(w.prefer_penalty_hours, Some(2.0));
    assert_eq!(w.high, None);
}

#[test]
fn applying_changes_the_copy_only() {
    let base_team = team();
    let base = backlog();
    let file = parse(
            "[[scenario]]\nname = \"x\"\n\
             add_developer = { name = \"Cy\", from = \"2026-12-07\" }\n\
             set_rule = { name = \"ana owns urgent\", mode = \"prefer\", assign_to = [\"Cy\", \"ana\"] }\n\
             set_developer = { name = \"bo\", weekly_hours = 10, add_skills = [\"backend:3\"] }\n\
             add_time_off = { developer = [\"Ana\", \"Bo\"], time_off = \"2026-12-01\" }\n\
             scale_hours = 2\n",
        )
        .unwrap();
    let a = file.scenarios[0]
        .apply("s.toml", &base, &base_team)
        .unwrap();
    assert_eq!(base_team, team(), "the baseline team is untouched");
    let names: Vec<&str> = a.team.developers.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Ana", "Bo", "Cy"]);
    assert_eq!(a.team.rules[0].mode, RuleMode::Prefer);
    assert_eq!(a.team.rules[0].assign_to, ["Cy", "Ana"]);
    assert_eq!(a.team.developers[1].weekly_hours, 10.0);
    assert_eq!(a.team.developers[1].skills[0].to_string(), "backend:3");
    assert_eq!(a.team.developers[0].time_off.len(), 1);
    let hours: Vec<f64> = a.backlog.tasks.iter().map(|t| t.hours).collect();
    assert_eq!(hours, [8.0, 12.0, 4.0]);
    assert_eq!(base.tasks[0].hours, 4.0);
    assert!(a.warnings.is_empty());
}

#[test]
fn dropping_marks_tasks_done_and_warns_about_dependents() {
    let a = apply("[[scenario]]\nname = \"x\"\ndrop_tasks = { title = \"dark\" }\n").unwrap();
    assert_eq!(a.dropped, ["app/dark-mode"]);
    assert_eq!(a.backlog.tasks[1].status, Status::Done);
    let warnings: Vec<String> = a.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
            warnings,
            ["s.toml:3: warning: scenario \"x\": task \"Emoji picker\" depends on \"Dark mode\", which the scenario drops; it is planned without waiting for it"]
        );
    let a = apply(
            "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"low\", id = [\"APP/emoji-picker\"] }\n",
        )
        .unwrap();
    assert_eq!(a.dropped, ["app/emoji-picker"]);
}

#[test]
fn selectors_that_match_nothing_are_errors() {
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\ndrop_tasks = { project = \"ap\" }\n"),
            "s.toml:3: scenario \"x\": drop_tasks: project \"ap\" matches no open task; did you mean \"app\"?"
        );
    assert_eq!(
        apply_err("[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"HIGH\" }\n"),
        "s.toml:3: scenario \"x\": drop_tasks: priority HIGH matches no open task"
    );
    assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\nscale_hours = { factor = 2, id = [\"app/fix-login\",\n  \"app/dark-mod\"] }\n"
            ),
            "s.toml:4: scenario \"x\": scale_hours: id \"app/dark-mod\" matches no open task; did you mean \"app/dark-mode\"?"
        );
    assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"URGENT\", category = \"Polish\" }\n"
            ),
            "s.toml:3: scenario \"x\": drop_tasks: priority URGENT and category \"Polish\" matches no open task"
        );
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nchanges = [{ drop_tasks = { title = \"login\" } }, { drop_tasks = { title = \"login\" } }]\n"),
            "s.toml:3: scenario \"x\": drop_tasks: title \"login\" matches no open task"
        );
    assert_eq!(
        apply_err(
            "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = [\"URGENT\", \"LOW\"] }\n"
        ),
        "s.toml:1: scenario \"x\" leaves no open task to plan"
    );
}

#[test]
fn unknown_names_are_errors_with_suggestions() {
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nset_developer = { name = \"Anna\", focus = 0.5 }\n"),
            "s.toml:3: scenario \"x\": set_developer: unknown developer \"Anna\"; did you mean \"Ana\"?"
        );
    assert_eq!(
        apply_err("[[scenario]]\nname = \"x\"\nremove_developer = [\"Bo\",\n  \"Bob\"]\n"),
        "s.toml:4: scenario \"x\": remove_developer: unknown developer \"Bob\""
    );
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nremove_rule = \"ana own urgent\"\n"),
            "s.toml:3: scenario \"x\": remove_rule: unknown rule \"ana own urgent\"; did you mean \"ana owns urgent\"?"
        );
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nadd_developer = { name = \"ana\" }\n"),
            "s.toml:3: add_developer.name \"ana\" is already a developer of the team; use set_developer to change them"
        );
    assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nremove_developer = [\"Ana\", \"Bo\"]\n"),
            "s.toml:3: scenario \"x\": remove_developer removes every developer; at least one must stay"
        );
    // Names resolve against the team as changed so far.
    assert!(apply(
            "[[scenario]]\nname = \"x\"\nadd_developer = { name = \"Cy\" }\nset_rule = { name = \"ana owns urgent\", assign_to = \"Cy\" }\n"
        )
        .is_ok());
    assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\nset_rule = { name = \"ana owns urgent\", assign_to = \"Cy\" }\nadd_developer = { name = \"Cy\" }\n"
            ),
            "s.toml:3: scenario \"x\": set_rule: unknown developer \"Cy\""
        );
}

#[test]
fn file_level_errors() {
    assert_eq!(
        err("[[scenario]]\nname = \"x\"\ndrop_task = { priority = \"LOW\" }\n"),
        "s.toml:3: unknown key \"drop_task\"; did you mean \"drop_tasks\"?"
    );
    assert_eq!(
        err("[[scenario]]\nname = \"x\"\nchanges = [{ scale_hour = 2 }]\n"),
        "s.toml:3: unknown key \"scale_hour\"; did you mean \"scale_hours\"?"
    );
    assert_eq!(
            err("[[scenario]]\nname = \"x\"\nadd_developer = { name = \"C\", start = \"2027-01-04\" }\n"),
            "s.toml:3: unknown key \"add_developer.start\""
        );
    assert_eq!(
        err("[[scenario]]\nname = \"x\"\ndrop_tasks = { titel = \"x\" }\n"),
        "s.toml:3: unknown key \"drop_tasks.titel\"; did you mean \"drop_tasks.title\"?"
    );
    assert_eq!(
            err("[scenario]\nname = \"x\"\n"),
            "s.toml:1: `scenario` must be a list of tables: write [[scenario]] (double brackets) before each scenario"
        );
    assert_eq!(
        err(""),
        "s.toml: the file has no scenarios; add a [[scenario]] table with a name and a change"
    );
    assert_eq!(
        err("[[scenario]]\nscale_hours = 2\n"),
        "s.toml:1: [[scenario]] has no name; add name = \"...\""
    );
    assert_eq!(
            err("[[scenario]]\nname = \"x\"\n"),
            "s.toml:1: scenario \"x\" has no changes; add one of add_developer, remove_developer, set_developer, add_time_off, drop_tasks, set_rule, remove_rule, set_weights, scale_hours"
        );
    assert_eq!(
            err("[[scenario]]\nname = \"x\"\nscale_hours = 2\n[[scenario]]\nname = \"X\"\nscale_hours = 3\n"),
            "s.toml:5: name \"X\" is already the name of the scenario on line 1 (names are case-insensitive)"
        );
    assert_eq!(
        err("[[scenario]]\nname = \"Baseline\"\nscale_hours = 2\n"),
        "s.toml:2: name \"Baseline\" is reserved for the plan without changes; choose another name"
    );
}

#[test]
fn value_errors() {
    let one = |change: &str| err(&format!("[[scenario]]\nname = \"x\"\n{change}\n"));
    assert_eq!(
        one("set_developer = { name = \"Ana\", weekly_hours = 0 }"),
        "s.toml:3: weekly_hours \"0\" must be more than 0 and at most 168"
    );
    assert_eq!(
        one("set_developer = { name = \"Ana\", weekly_hours = \"half\" }"),
        "s.toml:3: set_developer.weekly_hours \"half\" must be a number"
    );
    assert_eq!(
            one("set_developer = { name = \"Ana\" }"),
            "s.toml:3: set_developer changes nothing; add weekly_hours, focus, skills, add_skills, role, from or until"
        );
    assert_eq!(
        one("add_developer = { name = \"C\", from = \"2027-02-30\" }"),
        "s.toml:3: from \"2027-02-30\" is not a valid date (YYYY-MM-DD)"
    );
    assert_eq!(
        one("add_developer = { name = \"C\", from = \"2027-02-03\", until = \"2027-01-01\" }"),
        "s.toml:3: until \"2027-01-01\" is before from 2027-02-03"
    );
    assert_eq!(
        one(
            "add_time_off = { developer = \"Ana\", time_off = [[\"2027-01-08\", \"2027-01-04\"]] }"
        ),
        "s.toml:3: time_off \"2027-01-08 to 2027-01-04\" ends before it starts"
    );
    assert_eq!(
            one("drop_tasks = { title = \"(unclosed\" }"),
            "s.toml:3: drop_tasks.title \"(unclosed\" is not a valid regular expression (unclosed group)"
        );
    assert_eq!(
            one("drop_tasks = { priority = \"CRITICAL\" }"),
            "s.toml:3: drop_tasks.priority \"CRITICAL\" is not a priority (URGENT, HIGH, MEDIUM or LOW)"
        );
    assert_eq!(
            one("drop_tasks = {}"),
            "s.toml:3: drop_tasks needs at least one of priority, project, category, title, skill, id to say which tasks"
        );
    assert_eq!(
            one("scale_hours = 0"),
            "s.toml:3: scale_hours \"0\" must be a number more than 0 and at most 100 (1.3 makes every estimate 30% higher)"
        );
    assert_eq!(
        one("scale_hours = \"30%\""),
        "s.toml:3: scale_hours \"30%\" must be a number or a table"
    );
    assert_eq!(
        one("scale_hours = { priority = \"LOW\" }"),
        "s.toml:3: scale_hours has no factor; add factor = 1.3 (every estimate 30% higher)"
    );
    assert_eq!(
        one("set_rule = { name = \"r\", mode = \"must\" }"),
        "s.toml:3: set_rule.mode \"must\" must be \"require\" or \"prefer\""
    );
    assert_eq!(
        one("set_weights = { LOW = -1 }"),
        "s.toml:3: set_weights.LOW \"-1\" must be a number, at least 0"
    );
    assert_eq!(
        one("set_weights = { LOW = 1, low = 2 }"),
        "s.toml:3: set_weights.low \"2\" sets LOW a second time (keys are case-insensitive)"
    );
    assert_eq!(
        one("set_weights = { LOWW = 1 }"),
        "s.toml:3: unknown key \"set_weights.LOWW\"; did you mean \"set_weights.LOW\"?"
    );
    assert_eq!(
        one("remove_developer = []"),
        "s.toml:3: remove_developer \"[]\" must name at least one"
    );
    assert_eq!(
            one("add_developer = { name = \"C\", from = \"2027-01-04\", available_from = \"2027-01-04\" }"),
            "s.toml:3: from and available_from are the same date; write only one of them"
        );
}

#[test]
fn selector_text_reads_as_written() {
    let file = parse(
            "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = [\"low\", \"MEDIUM\"], project = \"App\", title = \"^Dark\", id = \"a/b\" }\n",
        )
        .unwrap();
    let ChangeKind::DropTasks(sel) = &file.scenarios[0].changes[0].kind else {
        panic!();
    };
    assert_eq!(
        sel.text,
        "priority LOW or MEDIUM and project \"App\" and title \"^Dark\" and id \"a/b\""
    );
}

#[test]
fn names_match_by_one_rule_in_any_script() {
    // The rule reader and the scenario reader resolve "ZOË" to "Zoë" alike.
    let team = parse_team(
        "team.toml",
        "[[developer]]\nname = \"Zoë\"\n[[rule]]\nname = \"zoe owns urgent\"\n\
         when = { priority = \"URGENT\" }\nassign_to = \"ZOË\"\n",
    )
    .unwrap();
    assert_eq!(team.rules[0].assign_to, ["Zoë"]);
    let file = parse_scenarios(
        "s.toml",
        "[[scenario]]\nname = \"half\"\nset_developer = { name = \" ZOË\", weekly_hours = 20 }\n",
        &team,
    )
    .unwrap();
    let applied = file.scenarios[0]
        .apply("s.toml", &backlog(), &team)
        .unwrap();
    assert_eq!(applied.team.developers[0].weekly_hours, 20.0);
}

#[test]
fn same_name_ignores_case_and_space_in_any_script() {
    use crate::team::same_name;
    assert!(same_name(" Ana ", "ANA"));
    assert!(same_name("zoË", "ZOë"));
    // The Kelvin sign lower-cases to an ASCII `k`.
    assert!(same_name("\u{212A}im", "kim"));
    assert!(!same_name("Ana", "Anna"));
    assert!(!same_name("Zoë", "Zoe"));
}
