//! Inputs that are valid but would silently change nothing: a team's rule
//! whose `when` table matches no task of the backlog, and skills the team
//! declares that no task requires. Each is a warning, never an error: the
//! plan is the same with or without them, which is exactly what the lead
//! should hear about.
//!
//! A rule is checked against every task of the backlog, done ones too: on a
//! re-plan, a rule whose tasks are all done is no mistake. The warning names
//! the key whose values match no task, and the closest values the backlog
//! does hold (a misspelt category reads "did you mean"); when each key
//! matches some task but no task matches them all, it names the keys.
//! Skills count as required when any task of the backlog requires them.

use crate::eligibility::condition_matches;
use crate::error::{closest, Location};
use crate::model::{Backlog, Task, Warning};
use crate::team::{same_name, Rule, RuleCondition, Team};

/// The warnings of `team` against `backlog`: one per rule that matches no
/// task (at the rule's line), then one listing the declared skills that no
/// task requires (at the team file). Empty for a backlog without tasks.
///
/// ```
/// use sprintcast::backlog::{self, Format, ReadOptions};
/// use sprintcast::{lint, team_file};
///
/// let backlog = backlog::parse(
///     "b.md",
///     b"## app\n### HIGH - Testing\n- [ ] **Add tests** (4 hours)\n",
///     Format::Markdown,
///     &ReadOptions::default(),
/// )?;
/// let team = team_file::parse_team(
///     "team.toml",
///     "[[developer]]\nname = \"Ana\"\n\
///      [[rule]]\nname = \"ana tests\"\nwhen = { category = \"Testng\" }\nassign_to = \"Ana\"\n",
/// )?;
/// let warnings: Vec<String> = lint::warnings(&backlog, &team).iter().map(|w| w.to_string()).collect();
/// assert_eq!(
///     warnings,
///     ["team.toml:3: warning: rule \"ana tests\": no task has category \"testng\" (did you mean \"Testing\"?)"]
/// );
/// # Ok::<(), sprintcast::Error>(())
/// ```
pub fn warnings(backlog: &Backlog, team: &Team) -> Vec<Warning> {
    if backlog.tasks.is_empty() {
        return Vec::new();
    }
    let tasks: Vec<&Task> = backlog.tasks.iter().collect();
    let mut out: Vec<Warning> = team
        .rules
        .iter()
        .filter_map(|rule| {
            idle_rule(rule, &tasks).map(|why| Warning {
                at: Location::new(team.source.clone(), rule.line),
                message: format!("rule \"{}\": {why}", rule.name),
            })
        })
        .collect();
    out.extend(unused_skills(team, &tasks));
    out
}

/// Why `rule` matches none of `tasks`, or `None` when it matches one.
fn idle_rule(rule: &Rule, tasks: &[&Task]) -> Option<String> {
    if tasks.iter().any(|t| condition_matches(&rule.when, t)) {
        return None;
    }
    let keys = keys_of(&rule.when);
    // A key that matches no task on its own is the culprit.
    if let Some(key) = keys
        .iter()
        .find(|k| !tasks.iter().any(|t| condition_matches(&k.only, t)))
    {
        return Some(key.nothing(tasks));
    }
    let parts: Vec<String> = keys.iter().map(|k| k.described()).collect();
    Some(format!("no task has {} together", parts.join(" and ")))
}

/// One key of a `when` table, as a condition of its own.
struct Key {
    /// `priority`, `project`, `category`, `skill` or `title`.
    name: &'static str,
    /// The `when` table with only this key.
    only: RuleCondition,
    /// The values as the condition holds them (project, category and skill
    /// lower-case, as the team file stores them).
    values: Vec<String>,
}

fn keys_of(when: &RuleCondition) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut push = |name, only: RuleCondition, values: Vec<String>| {
        if !values.is_empty() {
            keys.push(Key { name, only, values });
        }
    };
    push(
        "priority",
        RuleCondition {
            priority: when.priority.clone(),
            ..RuleCondition::default()
        },
        when.priority.iter().map(|p| p.to_string()).collect(),
    );
    push(
        "project",
        RuleCondition {
            project: when.project.clone(),
            ..RuleCondition::default()
        },
        when.project.clone(),
    );
    push(
        "category",
        RuleCondition {
            category: when.category.clone(),
            ..RuleCondition::default()
        },
        when.category.clone(),
    );
    push(
        "skill",
        RuleCondition {
            skill: when.skill.clone(),
            ..RuleCondition::default()
        },
        when.skill.clone(),
    );
    push(
        "title",
        RuleCondition {
            title: when.title.clone(),
            ..RuleCondition::default()
        },
        when.title
            .iter()
            .map(|re| re.as_str().to_string())
            .collect(),
    );
    keys
}

impl Key {
    /// The values, each quoted (priorities bare), joined with "or".
    fn values_text(&self) -> String {
        let shown: Vec<String> = self
            .values
            .iter()
            .map(|v| match self.name {
                "priority" => v.clone(),
                _ => format!("\"{v}\""),
            })
            .collect();
        shown.join(" or ")
    }

    /// The key as part of "no task has ... together".
    fn described(&self) -> String {
        match self.name {
            "title" => format!("a title matching {}", self.values_text()),
            "skill" => format!("a required skill {}", self.values_text()),
            name => format!("{name} {}", self.values_text()),
        }
    }

    /// The sentence for a key that matches no task, with the closest values
    /// the tasks hold (titles are patterns: no suggestion).
    fn nothing(&self, tasks: &[&Task]) -> String {
        let values = self.values_text();
        let (sentence, held): (String, Vec<String>) = match self.name {
            "title" => return format!("no task title matches {values}"),
            "priority" => (format!("no task has priority {values}"), Vec::new()),
            "skill" => (
                format!("no task requires skill {values}"),
                distinct(
                    tasks
                        .iter()
                        .flat_map(|t| t.skills.iter().map(|s| s.name.clone())),
                ),
            ),
            "project" => (
                format!("no task has project {values}"),
                distinct(tasks.iter().map(|t| t.project.clone())),
            ),
            _ => (
                format!("no task has category {values}"),
                distinct(tasks.iter().map(|t| t.category.clone())),
            ),
        };
        let mut suggestions: Vec<String> = Vec::new();
        for v in &self.values {
            for s in closest(v, held.iter().map(String::as_str)) {
                if !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
        }
        suggestions.truncate(3);
        match suggestions.as_slice() {
            [] => sentence,
            [one] => format!("{sentence} (did you mean \"{one}\"?)"),
            many => {
                let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
                format!("{sentence} (did you mean one of {}?)", quoted.join(", "))
            }
        }
    }
}

/// The non-blank values in first-seen order, each once.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !v.trim().is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// One warning naming the skills of the team (in file order) that no task
/// requires: they cannot change who takes what.
fn unused_skills(team: &Team, tasks: &[&Task]) -> Option<Warning> {
    let mut unused: Vec<&str> = Vec::new();
    for skill in team.developers.iter().flat_map(|d| &d.skills) {
        let required = tasks
            .iter()
            .any(|t| t.skills.iter().any(|s| same_name(&s.name, &skill.name)));
        if !required && !unused.iter().any(|u| same_name(u, &skill.name)) {
            unused.push(&skill.name);
        }
    }
    let message = match unused.as_slice() {
        [] => return None,
        [one] => format!(
            "no task requires the skill {one}: it changes no assignment (add skills: to the tasks that need it)"
        ),
        many => format!(
            "no task requires the skills {}: they change no assignment (add skills: to the tasks that need them)",
            many.join(", ")
        ),
    };
    Some(Warning {
        at: Location::new(team.source.clone(), 0),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backlog::{self, Format, ReadOptions};
    use crate::team_file::parse_team;

    /// The backlog every test reads: two projects, three categories, skills.
    const BACKLOG: &str = "\
## web
### URGENT - Bug Fixes
- [ ] **Fix login redirect** (2 hours)
  - skills: frontend
### HIGH - Testing
- [ ] **Add e2e tests** (4 hours)
  - skills: testing:2
## api
### MEDIUM - Performance
- [ ] **Cache the search** (6 hours)
- [x] **Translate errors** (3 hours)
  - skills: spanish
";

    const DEVELOPERS: &str = "\
[[developer]]
name = \"Ana\"
skills = [\"frontend:2\", \"testing:3\", \"spanish\"]
";

    /// The warnings, as printed, of the team `DEVELOPERS` + `rules`.
    fn lint(rules: &str) -> Vec<String> {
        let b = backlog::parse(
            "b.md",
            BACKLOG.as_bytes(),
            Format::Markdown,
            &ReadOptions::default(),
        )
        .unwrap();
        let team = parse_team("team.toml", &format!("{DEVELOPERS}{rules}")).unwrap();
        warnings(&b, &team).iter().map(|w| w.to_string()).collect()
    }

    fn rule(when: &str) -> String {
        format!("[[rule]]\nname = \"r\"\nwhen = {{ {when} }}\nassign_to = \"Ana\"\n")
    }

    #[test]
    fn a_rule_that_matches_a_task_says_nothing() {
        for when in [
            "priority = \"URGENT\"",
            "category = \"testing\"",
            "project = [\"nope\", \"API\"]",
            "skill = \"Frontend\"",
            "title = \"(?i)login\"",
            "priority = \"HIGH\", category = \"Testing\"",
            // Done tasks count: a rule whose tasks are done is no mistake.
            "skill = \"spanish\"",
        ] {
            assert_eq!(lint(&rule(when)), Vec::<String>::new(), "{when}");
        }
    }

    #[test]
    fn a_misspelt_category_names_the_rule_the_value_and_the_closest_one() {
        assert_eq!(
            lint(&rule("priority = \"HIGH\", category = \"Testng\"")),
            ["team.toml:4: warning: rule \"r\": no task has category \"testng\" (did you mean \"Testing\"?)"]
        );
    }

    #[test]
    fn each_key_that_matches_nothing_is_named_with_its_suggestions() {
        let cases = [
            (
                "project = \"wev\"",
                "no task has project \"wev\" (did you mean \"web\"?)",
            ),
            (
                "skill = [\"frontnd\", \"testin\"]",
                "no task requires skill \"frontnd\" or \"testin\" (did you mean one of \"frontend\", \"testing\"?)",
            ),
            ("priority = \"LOW\"", "no task has priority LOW"),
            (
                "title = [\"(?i)logout\", \"deploy\"]",
                "no task title matches \"(?i)logout\" or \"deploy\"",
            ),
            (
                "category = \"Chores\"",
                "no task has category \"chores\"",
            ),
        ];
        for (when, why) in cases {
            assert_eq!(
                lint(&rule(when)),
                [format!("team.toml:4: warning: rule \"r\": {why}")],
                "{when}"
            );
        }
    }

    #[test]
    fn keys_that_each_match_but_never_together_are_named_together() {
        assert_eq!(
            lint(&rule("priority = \"URGENT\", category = \"Testing\", title = \"e2e\"")),
            ["team.toml:4: warning: rule \"r\": no task has priority URGENT and category \"testing\" and a title matching \"e2e\" together"]
        );
    }

    #[test]
    fn one_warning_per_idle_rule_at_its_own_line() {
        let rules = format!(
            "{}{}{}",
            rule("priority = \"LOW\""),
            rule("priority = \"HIGH\"").replace("\"r\"", "\"fine\""),
            rule("category = \"Docs\"").replace("\"r\"", "\"docs\""),
        );
        assert_eq!(
            lint(&rules),
            [
                "team.toml:4: warning: rule \"r\": no task has priority LOW",
                "team.toml:12: warning: rule \"docs\": no task has category \"docs\"",
            ]
        );
    }

    #[test]
    fn skills_no_task_requires_are_one_warning_in_team_order() {
        let b = backlog::parse(
            "b.md",
            BACKLOG.as_bytes(),
            Format::Markdown,
            &ReadOptions::default(),
        )
        .unwrap();
        let team = parse_team(
            "team.toml",
            "[[developer]]\nname = \"Ana\"\nskills = [\"frontend\", \"Payments:2\", \"devops\"]\n\
             [[developer]]\nname = \"Bo\"\nskills = [\"PAYMENTS\", \"security\", \"testing\"]\n",
        )
        .unwrap();
        let all: Vec<String> = warnings(&b, &team).iter().map(|w| w.to_string()).collect();
        assert_eq!(
            all,
            ["team.toml: warning: no task requires the skills payments, devops, security: they change no assignment (add skills: to the tasks that need them)"]
        );
        let team = parse_team(
            "team.toml",
            "[[developer]]\nname = \"Ana\"\nskills = [\"frontend\", \"testing\", \"devops\"]\n",
        )
        .unwrap();
        let one: Vec<String> = warnings(&b, &team).iter().map(|w| w.to_string()).collect();
        assert_eq!(
            one,
            ["team.toml: warning: no task requires the skill devops: it changes no assignment (add skills: to the tasks that need it)"]
        );
    }
}
