use super::*;
use crate::backlog::{self, Format, ReadOptions};
use crate::error::infeasible::{Facts, Kind, Source};
use crate::scenario::parse_scenarios;
use crate::team_file::parse_team;

const TEAM: &str = "[weights]\nprefer_penalty_hours = 2\n[[developer]]\nname = \"Ana\"\n\
        [[developer]]\nname = \"Bo\"\n\
        [[rule]]\nname = \"ana owns urgent\"\nwhen = { priority = \"URGENT\" }\nassign_to = \"Ana\"\n";

const BACKLOG: &str = "## app\n### URGENT - Bugs\n- [ ] **Fix login** (8 hours)\n\
        - [ ] **Fix logout** (8 hours)\n\
        ### LOW - Polish\n- [ ] **Dark mode** (6 hours)\n\
        ## site\n### HIGH - Pages\n- [ ] **Pricing page** (4 hours)\n";

fn inputs() -> (Backlog, Team) {
    let team = parse_team("team.toml", TEAM).unwrap();
    let backlog = backlog::parse(
        "b.md",
        BACKLOG.as_bytes(),
        Format::Markdown,
        &ReadOptions::default(),
    )
    .unwrap();
    (backlog, team)
}

fn what_if(scenarios: &str) -> WhatIf {
    let (backlog, team) = inputs();
    let file = parse_scenarios("s.toml", scenarios, &team).unwrap();
    let opts = WhatIfOptions {
        plan: PlanOptions::default(),
        forecast: None,
    };
    run(&backlog, &team, &file, &opts).unwrap()
}

#[test]
fn folder_names_are_safe_unique_and_ordered() {
    assert_eq!(folder_name(0, "baseline"), "00-baseline");
    assert_eq!(
        folder_name(3, "Jonathan at ½ time (20 h)!"),
        "03-jonathan-at-time-20-h"
    );
    assert_eq!(folder_name(12, "../../etc"), "12-etc");
    assert_eq!(folder_name(1, "???"), "01-scenario");
    assert_eq!(folder_name(2, &"x".repeat(80)).len(), 43);
}

#[test]
fn required_work_moves_when_the_rule_becomes_a_preference() {
    // Ana must do 16 h of URGENT work alone; as a preference, Bo takes
    // one of the two tasks and URGENT finishes a day earlier.
    let w = what_if(
            "[[scenario]]\nname = \"prefer\"\nset_rule = { name = \"ana owns urgent\", mode = \"prefer\" }\n",
        );
    assert_eq!(w.scenarios.len(), 1);
    let names: Vec<String> = w.scopes.iter().map(Scope::label).collect();
    assert_eq!(names, ["backlog", "URGENT", "HIGH", "LOW", "app", "site"]);
    let urgent = &w.scenarios[0].scopes[1];
    assert_eq!(urgent.delta_days, Some(-1.0));
    assert_eq!(
        w.scenarios[0].explanation[0],
        "Ana carries 16 h of required work; as preferences, 8 h of it move to Bo (8 h)"
    );
}

#[test]
fn dropped_scopes_and_removed_developers() {
    let w = what_if(
        "[[scenario]]\nname = \"no low\"\ndrop_tasks = { priority = \"LOW\" }\n\
             [[scenario]]\nname = \"no Ana\"\nremove_developer = \"Ana\"\n",
    );
    let low = &w.scenarios[0].scopes[3];
    assert_eq!((low.finish, low.delta_days), (None, None));
    assert_eq!(w.cell(1, 3), "dropped");
    assert!(w.scenarios[0].explanation[0].starts_with("dropping 1 tasks (6 h) frees "));
    // Without Ana nobody may take the URGENT work: infeasible, explained.
    let c = w.column(2);
    assert_eq!(c.status(), "infeasible");
    let Outcome::Infeasible(cause) = &w.scenarios[1].outcome else {
        panic!("planned without Ana");
    };
    assert_eq!(cause.kind, Kind::Rules);
    assert_eq!(cause.tasks, ["app/fix-login"]);
    let Facts::Eligibility(conflict) = &cause.facts else {
        panic!("not an eligibility conflict: {cause:?}");
    };
    assert_eq!(
        conflict.parts.iter().map(|p| &p.source).collect::<Vec<_>>(),
        [&Source::Rule {
            name: "ana owns urgent".into(),
            assign_to: vec!["Ana".into()]
        }]
    );
    assert_eq!(
            c.explanation,
            ["no plan exists: task \"Fix login\": rule \"ana owns urgent\" requires Ana, who is not in the team"]
        );
    let mut csv = Vec::new();
    w.write_scenarios_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 3 * 6);
    assert!(rows[1].starts_with("baseline,backlog,all,"), "{}", rows[1]);
    assert!(
        rows[10].starts_with("no low,priority,LOW,,,"),
        "{}",
        rows[10]
    );
    assert!(
        rows[13].starts_with("no Ana,backlog,all,,,,,infeasible,"),
        "{}",
        rows[13]
    );
}

#[test]
fn the_baseline_has_zero_deltas_and_scale_one_changes_nothing() {
    let w = what_if("[[scenario]]\nname = \"same\"\nscale_hours = 1.0\n");
    for k in 0..2 {
        for r in w.column(k).scopes {
            assert_eq!(r.delta_days, Some(0.0));
        }
    }
    assert_eq!(
        w.scenarios[0].explanation,
        [
            "estimates × 1: open work stays 26 h",
            "the plan is the same as the baseline's"
        ]
    );
}
