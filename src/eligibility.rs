//! Who may take which task (SPEC section 3): skills, `require` and `prefer`
//! rules, and owners.
//!
//! A task's allowed developers are the intersection of
//! - the developers who have every skill the task needs, at or above its level
//!   (a missing level is 1; a developer lacking a skill does not have it at
//!   level 0, so `docs:0` still needs the skill `docs`);
//! - for each `require` rule that matches the task, the developers it names;
//! - the task's `owner`, when it has one.
//!
//! `prefer` rules never restrict: they name [`Allowed::preferred`] developers
//! that the optimizer favours. When nobody is left, [`Allowed::why_empty`]
//! explains it pubgrub-style: the smallest set of constraints (skills, owner,
//! rules) that already leaves nobody, in one sentence.

use std::collections::HashMap;

use crate::error::infeasible::{
    Conflict, Facts, Holder, Infeasibility, Kind as InfeasibleKind, Need, Part, Source,
};
use crate::error::{closest, Error, Location, Problem};
use crate::model::{Backlog, Skill, Task};
use crate::team::{Developer, Rule, RuleCondition, RuleMode, Team};
use crate::Result;

/// Whether a rule applies to a task: every non-empty key of its `when` table
/// matches (a key matches when any of its values does).
///
/// `priority`, `project`, `category` and `skill` compare case-insensitively;
/// `skill` matches when the task requires a skill of that name (any level);
/// `title` patterns are searched in the title.
pub fn rule_matches(rule: &Rule, task: &Task) -> bool {
    condition_matches(&rule.when, task)
}

/// Whether a `when` table matches a task, as in [`rule_matches`] (scenario
/// selectors use the same test).
pub fn condition_matches(when: &RuleCondition, task: &Task) -> bool {
    let same = |values: &[String], field: &str| {
        let field = field.trim().to_lowercase();
        values.is_empty() || values.iter().any(|v| v.trim().to_lowercase() == field)
    };
    (when.priority.is_empty() || when.priority.contains(&task.priority))
        && same(&when.project, &task.project)
        && same(&when.category, &task.category)
        && (when.title.is_empty() || when.title.iter().any(|re| re.is_match(&task.title)))
        && (when.skill.is_empty()
            || when.skill.iter().any(|s| {
                let s = s.trim().to_lowercase();
                task.skills.iter().any(|t| t.name.to_lowercase() == s)
            }))
}

/// Who may take a task, and who should.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Allowed {
    /// Indices into `team.developers` of the developers allowed to take the
    /// task, ascending.
    pub developers: Vec<usize>,
    /// The allowed developers named by matching `prefer` rules, ascending;
    /// empty when no preference applies.
    pub preferred: Vec<usize>,
    /// When `developers` is empty: why, as data; its `Display` is one
    /// sentence a team lead understands.
    pub why_empty: Option<Infeasibility>,
}

/// Who may take `task` in `team`, and who is preferred.
///
/// ```
/// use sprintcast::{eligibility, team_file, Skill, Task};
///
/// let team = team_file::parse_team(
///     "team.toml",
///     "[[developer]]\nname = \"Ana\"\nskills = [\"security:2\"]\n\
///      [[developer]]\nname = \"Jonathan\"\nskills = [\"security:3\"]\n",
/// )
/// .unwrap();
/// let mut task = Task::new("t", "Add security tests", 4.0);
/// task.skills = vec![Skill::parse("security:3").unwrap()];
/// assert_eq!(eligibility::allowed(&task, &team).developers, vec![1]);
///
/// task.skills = vec![Skill::parse("security:4").unwrap()];
/// assert_eq!(
///     eligibility::allowed(&task, &team).why_empty.unwrap().to_string(),
///     "task \"Add security tests\" needs skill \"security:4\", which no developer has at that level (best: Jonathan at 3)"
/// );
/// ```
pub fn allowed(task: &Task, team: &Team) -> Allowed {
    Allowance::new(team).of(task)
}

/// [`allowed`] for many tasks of one team: tasks that need the same skills
/// share one pass over the developers' skills (a backlog of 10,000 tasks
/// has a few dozen sets of skills, and 200 developers make that pass the
/// costly part).
pub struct Allowance<'t> {
    team: &'t Team,
    skilled: HashMap<Vec<Skill>, Vec<usize>>,
}

impl<'t> Allowance<'t> {
    /// No task asked about yet.
    pub fn new(team: &'t Team) -> Allowance<'t> {
        Allowance {
            team,
            skilled: HashMap::new(),
        }
    }

    /// Who may take `task`, and who is preferred: [`allowed`].
    pub fn of(&mut self, task: &Task) -> Allowed {
        let team = self.team;
        let skilled = (!task.skills.is_empty()).then(|| {
            self.skilled
                .entry(task.skills.clone())
                .or_insert_with(|| {
                    (0..team.developers.len())
                        .filter(|&i| has_all(&team.developers[i], &task.skills))
                        .collect()
                })
                .clone()
        });
        let constraints = constraints(task, team, skilled);
        let n = team.developers.len();
        let developers: Vec<usize> = (0..n)
            .filter(|i| {
                constraints
                    .iter()
                    .all(|c| c.allows.binary_search(i).is_ok())
            })
            .collect();
        let prefer_rules: Vec<&Rule> = team
            .rules
            .iter()
            .filter(|r| r.mode == RuleMode::Prefer && rule_matches(r, task))
            .collect();
        let preferred: Vec<usize> = developers
            .iter()
            .copied()
            .filter(|&i| {
                prefer_rules
                    .iter()
                    .any(|r| resolve(team, &r.assign_to).contains(&i))
            })
            .collect();
        let why_empty = if developers.is_empty() {
            Some(conflict(task, team, &constraints))
        } else {
            None
        };
        Allowed {
            developers,
            preferred,
            why_empty,
        }
    }
}

/// Checks that every open task's `owner` names a developer of the team.
///
/// Done tasks are not planned, so an owner who has left the team is fine there.
pub fn check_owners(backlog: &Backlog, team: &Team) -> Result<()> {
    for task in backlog.open_tasks() {
        let Some(owner) = owner_of(task) else {
            continue;
        };
        if team.developer_index(owner).is_none() {
            return Err(Error::input(
                Location::new(backlog.source.clone(), task.line),
                Problem::UnknownDeveloper {
                    context: format!("task \"{}\" owner", task.title),
                    name: owner.to_string(),
                    suggestions: closest(owner, team.developers.iter().map(|d| d.name.as_str())),
                },
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------

/// One reason a developer may or may not take a task.
struct Constraint<'a> {
    kind: Kind<'a>,
    /// Developer indices this constraint allows, ascending.
    allows: Vec<usize>,
}

enum Kind<'a> {
    /// The task's required skills.
    Skills,
    /// The task's owner, as written.
    Owner(&'a str),
    /// A matching `require` rule.
    Rule(&'a Rule),
}

/// The constraints on a task: skills first, then owner, then the matching
/// `require` rules in file order (the order explanations prefer).
/// `skilled` lists the developers with every skill the task needs, when it
/// needs any.
fn constraints<'a>(
    task: &'a Task,
    team: &'a Team,
    skilled: Option<Vec<usize>>,
) -> Vec<Constraint<'a>> {
    let mut out = Vec::new();
    if let Some(allows) = skilled {
        out.push(Constraint {
            kind: Kind::Skills,
            allows,
        });
    }
    if let Some(owner) = owner_of(task) {
        out.push(Constraint {
            kind: Kind::Owner(owner),
            allows: team.developer_index(owner).into_iter().collect(),
        });
    }
    for rule in &team.rules {
        if rule.mode == RuleMode::Require && rule_matches(rule, task) {
            out.push(Constraint {
                kind: Kind::Rule(rule),
                allows: resolve(team, &rule.assign_to),
            });
        }
    }
    out
}

fn owner_of(task: &Task) -> Option<&str> {
    task.owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
}

/// Indices of the named developers, ascending; names not in the team are
/// dropped (a scenario may have removed them).
fn resolve(team: &Team, names: &[String]) -> Vec<usize> {
    let mut out: Vec<usize> = names
        .iter()
        .filter_map(|n| team.developer_index(n))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn has_all(dev: &Developer, needs: &[Skill]) -> bool {
    needs.iter().all(|n| dev.has(n))
}

// ---------------------------------------------------------------------------
// Explanations

/// Why nobody may take the task: the first smallest subset of constraints
/// that leaves nobody, as data ([`Infeasibility`]'s `Display` words it).
fn conflict(task: &Task, team: &Team, constraints: &[Constraint<'_>]) -> Infeasibility {
    let parts = if team.developers.is_empty() {
        Vec::new()
    } else {
        smallest_conflict(team.developers.len(), constraints)
            .into_iter()
            .map(|i| Part {
                source: match constraints[i].kind {
                    Kind::Skills => Source::Skills,
                    Kind::Owner(owner) => Source::Owner(owner.to_string()),
                    Kind::Rule(rule) => Source::Rule {
                        name: rule.name.clone(),
                        assign_to: rule.assign_to.clone(),
                    },
                },
                allows: constraints[i].allows.clone(),
            })
            .collect()
    };
    let conflict = Conflict {
        title: task.title.clone(),
        needs: task
            .skills
            .iter()
            .map(|s| Need {
                name: s.name.clone(),
                level: s.level,
            })
            .collect(),
        team: team
            .developers
            .iter()
            .map(|d| Holder {
                name: d.name.clone(),
                levels: task.skills.iter().map(|s| d.level(&s.name)).collect(),
            })
            .collect(),
        parts,
    };
    Infeasibility {
        kind: if team.developers.is_empty() {
            InfeasibleKind::Availability
        } else {
            conflict.kind()
        },
        tasks: vec![task.id.clone()],
        facts: Facts::Eligibility(conflict),
    }
}

/// Indices of the first smallest subset of `constraints` whose intersection
/// is empty (by size, then in constraint order). The whole set is empty, so
/// such a subset exists; past a dozen constraints the search would be slow,
/// and the whole set is returned.
fn smallest_conflict(n: usize, constraints: &[Constraint<'_>]) -> Vec<usize> {
    let k = constraints.len();
    let all: Vec<usize> = (0..k).collect();
    if k > 12 {
        return all;
    }
    let empty = |subset: &[usize]| {
        !(0..n).any(|dev| subset.iter().all(|&c| constraints[c].allows.contains(&dev)))
    };
    for size in 1..=k {
        let mut best: Option<Vec<usize>> = None;
        for mask in 0u32..(1 << k) {
            if mask.count_ones() as usize != size {
                continue;
            }
            let subset: Vec<usize> = (0..k).filter(|i| mask & (1 << i) != 0).collect();
            // Lexicographic order of index lists, not of masks.
            if empty(&subset) && best.as_ref().is_none_or(|b| subset < *b) {
                best = Some(subset);
            }
        }
        if let Some(best) = best {
            return best;
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;
    use crate::team::{Calendar, RuleCondition, Weights};
    use regex::Regex;

    fn dev(name: &str, skills: &[&str]) -> Developer {
        Developer {
            skills: skills.iter().map(|s| Skill::parse(s).unwrap()).collect(),
            ..Developer::new(name, 40.0)
        }
    }

    fn rule(name: &str, when: RuleCondition, to: &[&str], mode: RuleMode) -> Rule {
        Rule {
            name: name.to_string(),
            when,
            assign_to: to.iter().map(|s| s.to_string()).collect(),
            mode,
            line: 0,
        }
    }

    fn team(developers: Vec<Developer>, rules: Vec<Rule>) -> Team {
        Team {
            source: "team.toml".to_string(),
            calendar: Calendar::default(),
            weights: Weights::default(),
            prefer_penalty_hours: 8.0,
            developers,
            rules,
        }
    }

    fn task(title: &str, skills: &[&str]) -> Task {
        let mut t = Task::new("t", title, 4.0);
        t.skills = skills.iter().map(|s| Skill::parse(s).unwrap()).collect();
        t
    }

    fn urgent() -> RuleCondition {
        RuleCondition {
            priority: vec![Priority::Urgent],
            ..RuleCondition::default()
        }
    }

    fn why(t: &Task, team: &Team) -> String {
        let a = allowed(t, team);
        assert!(a.developers.is_empty(), "{:?}", a.developers);
        a.why_empty.unwrap().to_string()
    }

    /// The data of a conflict: its kind and the sources of its parts.
    fn cause(t: &Task, team: &Team) -> (InfeasibleKind, Vec<String>, Vec<Source>) {
        let why = allowed(t, team).why_empty.unwrap();
        let Facts::Eligibility(c) = why.facts else {
            panic!("not an eligibility conflict: {why:?}");
        };
        (
            why.kind,
            why.tasks,
            c.parts.into_iter().map(|p| p.source).collect(),
        )
    }

    #[test]
    fn a_conflict_is_data_its_kind_follows_its_parts() {
        let team = team(
            vec![dev("Ana", &["rust"]), dev("Jonathan", &["security:3"])],
            Vec::new(),
        );
        let mut t = task("X", &["security:4"]);
        assert_eq!(
            cause(&t, &team),
            (
                InfeasibleKind::Skills,
                vec!["t".to_string()],
                vec![Source::Skills]
            )
        );
        t.skills.clear();
        t.owner = Some("Zed".into());
        assert_eq!(cause(&t, &team).2, vec![Source::Owner("Zed".into())]);
        assert_eq!(cause(&t, &team).0, InfeasibleKind::Owner);
        let mut ruled = team.clone();
        ruled.rules = vec![rule(
            "ana only",
            RuleCondition::default(),
            &["Ana"],
            RuleMode::Require,
        )];
        let mut t = task("X", &["security"]);
        t.id = "web/x".into();
        let (kind, tasks, sources) = cause(&t, &ruled);
        assert_eq!(
            (kind, tasks),
            (InfeasibleKind::Rules, vec!["web/x".to_string()])
        );
        assert_eq!(
            sources,
            vec![
                Source::Skills,
                Source::Rule {
                    name: "ana only".into(),
                    assign_to: vec!["Ana".into()]
                }
            ]
        );
    }

    #[test]
    fn every_non_empty_key_must_match() {
        let mut t = task("Fix login redirect", &["Frontend:2"]);
        t.priority = Priority::Urgent;
        t.project = "Customer-App".into();
        t.category = "Bug Fixes".into();
        let when = RuleCondition {
            priority: vec![Priority::High, Priority::Urgent],
            project: vec!["customer-app".into()],
            category: vec!["bug fixes".into()],
            title: vec![Regex::new("(?i)login").unwrap()],
            skill: vec!["frontend".into()],
        };
        let r = rule("r", when.clone(), &["A"], RuleMode::Require);
        assert!(rule_matches(&r, &t));
        assert!(rule_matches(
            &rule("all", RuleCondition::default(), &["A"], RuleMode::Require),
            &t
        ));
        for broken in [
            RuleCondition {
                priority: vec![Priority::Low],
                ..when.clone()
            },
            RuleCondition {
                project: vec!["other".into()],
                ..when.clone()
            },
            RuleCondition {
                category: vec!["features".into()],
                ..when.clone()
            },
            RuleCondition {
                title: vec![Regex::new("^login").unwrap()],
                ..when.clone()
            },
            RuleCondition {
                skill: vec!["backend".into()],
                ..when.clone()
            },
        ] {
            assert!(!rule_matches(
                &rule("r", broken, &["A"], RuleMode::Require),
                &t
            ));
        }
    }

    #[test]
    fn any_value_of_a_key_matches() {
        let mut t = task("Write docs", &["docs"]);
        t.project = "api".into();
        let when = RuleCondition {
            project: vec!["web".into(), "API".into()],
            title: vec![Regex::new("nothing").unwrap(), Regex::new("docs").unwrap()],
            skill: vec!["rust".into(), "DOCS".into()],
            ..RuleCondition::default()
        };
        assert!(rule_matches(
            &rule("r", when, &["A"], RuleMode::Require),
            &t
        ));
    }

    #[test]
    fn skills_filter_by_level_including_zero() {
        let team = team(
            vec![
                dev("Ana", &["security:2", "docs:0"]),
                dev("Bo", &["Security:3"]),
                dev("Cy", &[]),
            ],
            vec![],
        );
        assert_eq!(allowed(&task("t", &[]), &team).developers, vec![0, 1, 2]);
        assert_eq!(
            allowed(&task("t", &["security"]), &team).developers,
            vec![0, 1]
        );
        assert_eq!(
            allowed(&task("t", &["SECURITY:3"]), &team).developers,
            vec![1]
        );
        // level 0 needs the skill at any level; lacking it is not level 0
        assert_eq!(allowed(&task("t", &["docs:0"]), &team).developers, vec![0]);
        // a missing level on the developer side is 1
        assert_eq!(
            allowed(&task("t", &["docs:1"]), &team).developers,
            Vec::<usize>::new()
        );
        assert_eq!(
            allowed(&task("t", &["security", "docs:0"]), &team).developers,
            vec![0]
        );
    }

    #[test]
    fn require_rules_intersect_and_prefer_rules_do_not_restrict() {
        let team = team(
            vec![dev("Ana", &[]), dev("Bo", &[]), dev("Cy", &[])],
            vec![
                rule(
                    "r1",
                    RuleCondition::default(),
                    &["Cy", "ana"],
                    RuleMode::Require,
                ),
                rule("r2", urgent(), &["Ana", "Bo"], RuleMode::Require),
                rule(
                    "p1",
                    RuleCondition::default(),
                    &["Bo", "Cy"],
                    RuleMode::Prefer,
                ),
                rule("p2", urgent(), &["Ana"], RuleMode::Prefer),
            ],
        );
        let mut t = task("t", &[]);
        let a = allowed(&t, &team);
        assert_eq!(a.developers, vec![0, 2]);
        assert_eq!(a.preferred, vec![2]);
        assert_eq!(a.why_empty, None);
        t.priority = Priority::Urgent;
        let a = allowed(&t, &team);
        assert_eq!(a.developers, vec![0]);
        assert_eq!(a.preferred, vec![0]);
    }

    #[test]
    fn no_preference_gives_empty_preferred() {
        let team = team(
            vec![dev("Ana", &[]), dev("Bo", &["x"])],
            vec![rule(
                "p",
                RuleCondition::default(),
                &["Ana"],
                RuleMode::Prefer,
            )],
        );
        // the preferred developer cannot take it: no preference remains
        let a = allowed(&task("t", &["x"]), &team);
        assert_eq!((a.developers, a.preferred), (vec![1], vec![]));
    }

    #[test]
    fn owner_pins_the_task() {
        let team = team(vec![dev("Ana", &["x"]), dev("Bo", &["x"])], vec![]);
        let mut t = task("t", &["x"]);
        t.owner = Some("bo".into());
        assert_eq!(allowed(&t, &team).developers, vec![1]);
        t.owner = Some("  ".into());
        assert_eq!(allowed(&t, &team).developers, vec![0, 1]);
    }

    #[test]
    fn why_skill_missing_at_level() {
        let team = team(
            vec![dev("Ana", &["security"]), dev("Jonathan", &["security:2"])],
            vec![],
        );
        assert_eq!(
            why(&task("Add security tests", &["security:3"]), &team),
            "task \"Add security tests\" needs skill \"security:3\", which no developer has at that level (best: Jonathan at 2)"
        );
        assert_eq!(
            why(&task("X", &["security", "rust"]), &team),
            "task \"X\" needs skill \"rust\", which no developer has"
        );
    }

    #[test]
    fn why_skills_not_held_together() {
        let team = team(vec![dev("Ana", &["a"]), dev("Bo", &["b:2"])], vec![]);
        assert_eq!(
            why(&task("X", &["a", "b:2"]), &team),
            "task \"X\" needs skills \"a\" and \"b:2\" together, which no single developer has (closest: Ana, who lacks skill \"b:2\")"
        );
    }

    #[test]
    fn why_rule_requires_someone_without_the_skill() {
        let team = team(
            vec![
                dev("Jonathan", &["backend"]),
                dev("Ana", &["frontend"]),
                dev("Bo", &["frontend:1"]),
            ],
            vec![
                rule(
                    "lead owns urgent",
                    urgent(),
                    &["Jonathan"],
                    RuleMode::Require,
                ),
                rule(
                    "backenders",
                    RuleCondition {
                        skill: vec!["css".into()],
                        ..RuleCondition::default()
                    },
                    &["Jonathan", "Ana"],
                    RuleMode::Require,
                ),
            ],
        );
        let mut t = task("X", &["frontend"]);
        t.priority = Priority::Urgent;
        assert_eq!(
            why(&t, &team),
            "task \"X\": rule \"lead owns urgent\" requires Jonathan, who lacks skill \"frontend\""
        );
        let t = task("Y", &["css", "frontend:2"]);
        let team2 = Team {
            developers: vec![
                dev("Jonathan", &["css"]),
                dev("Ana", &["css", "frontend"]),
                dev("Bo", &["css", "frontend:2"]),
            ],
            ..team
        };
        assert_eq!(
            why(&t, &team2),
            "task \"Y\": rule \"backenders\" requires Jonathan or Ana, and none of them has skills \"css\" and \"frontend:2\""
        );
    }

    #[test]
    fn why_owner_lacks_skill_level() {
        let team = team(
            vec![dev("Ana", &["security:2"]), dev("Bo", &["security:3"])],
            vec![],
        );
        let mut t = task("X", &["security:3"]);
        t.owner = Some("Ana".into());
        assert_eq!(
            why(&t, &team),
            "task \"X\" is pinned to Ana (owner), who has skill \"security\" only at level 2, not 3"
        );
    }

    #[test]
    fn why_two_rules_conflict() {
        let team = team(
            vec![dev("Jonathan", &[]), dev("Ana", &[])],
            vec![
                rule(
                    "a",
                    RuleCondition::default(),
                    &["Jonathan"],
                    RuleMode::Require,
                ),
                rule("b", urgent(), &["Ana"], RuleMode::Require),
            ],
        );
        let mut t = task("X", &[]);
        t.priority = Priority::Urgent;
        assert_eq!(
            why(&t, &team),
            "task \"X\": rules \"a\" and \"b\" leave nobody (a allows Jonathan; b allows Ana)"
        );
    }

    #[test]
    fn why_owner_against_rule() {
        let team = team(
            vec![dev("Jonathan", &[]), dev("Ana", &[])],
            vec![rule(
                "lead owns urgent",
                urgent(),
                &["Jonathan"],
                RuleMode::Require,
            )],
        );
        let mut t = task("X", &[]);
        t.priority = Priority::Urgent;
        t.owner = Some("ana".into());
        assert_eq!(
            why(&t, &team),
            "task \"X\" is pinned to Ana (owner), but rule \"lead owns urgent\" requires Jonathan"
        );
    }

    #[test]
    fn why_owner_or_rule_names_nobody_in_the_team() {
        let team = team(
            vec![dev("Ana", &[])],
            vec![rule(
                "gone",
                RuleCondition::default(),
                &["Bo"],
                RuleMode::Require,
            )],
        );
        let mut t = task("X", &[]);
        assert_eq!(
            why(&t, &team),
            "task \"X\": rule \"gone\" requires Bo, who is not in the team"
        );
        t.owner = Some("Zed".into());
        assert_eq!(
            why(&t, &team),
            "task \"X\" is pinned to \"Zed\" (owner), who is not in the team"
        );
        let empty = Team {
            developers: vec![],
            ..team
        };
        assert_eq!(
            why(&task("X", &[]), &empty),
            "task \"X\": the team has no developers"
        );
    }

    #[test]
    fn why_three_way_conflict() {
        let team = team(
            vec![dev("A", &["k"]), dev("B", &["k"]), dev("C", &[])],
            vec![
                rule(
                    "r1",
                    RuleCondition::default(),
                    &["A", "C"],
                    RuleMode::Require,
                ),
                rule(
                    "r2",
                    RuleCondition::default(),
                    &["B", "C"],
                    RuleMode::Require,
                ),
            ],
        );
        assert_eq!(
            why(&task("X", &["k"]), &team),
            "task \"X\": its skills and rules \"r1\" and \"r2\" leave nobody together (skill \"k\" allows A or B; r1 allows A or C; r2 allows B or C)"
        );
    }

    #[test]
    fn smallest_conflict_is_found_first() {
        let team = team(
            vec![dev("A", &[]), dev("B", &[])],
            vec![
                rule(
                    "wide",
                    RuleCondition::default(),
                    &["A", "B"],
                    RuleMode::Require,
                ),
                rule("a", RuleCondition::default(), &["A"], RuleMode::Require),
                rule("b", RuleCondition::default(), &["B"], RuleMode::Require),
            ],
        );
        assert_eq!(
            why(&task("X", &[]), &team),
            "task \"X\": rules \"a\" and \"b\" leave nobody (a allows A; b allows B)"
        );
    }

    #[test]
    fn owners_are_checked_against_the_team() {
        let team = team(vec![dev("Jonathan", &[]), dev("Ana", &[])], vec![]);
        let mut backlog = Backlog {
            source: "backlog.md".into(),
            ..Backlog::default()
        };
        let mut t = task("Add PDF export", &[]);
        t.owner = Some("ana".into());
        t.line = 7;
        backlog.tasks.push(t.clone());
        assert!(check_owners(&backlog, &team).is_ok());
        t.owner = Some("Jonathon".into());
        t.line = 9;
        backlog.tasks.push(t.clone());
        assert_eq!(
            check_owners(&backlog, &team).unwrap_err().to_string(),
            "backlog.md:9: task \"Add PDF export\" owner: unknown developer \"Jonathon\"; did you mean \"Jonathan\"?"
        );
        // a done task may name someone who left
        backlog.tasks[1].status = crate::model::Status::Done;
        assert!(check_owners(&backlog, &team).is_ok());
    }
}
