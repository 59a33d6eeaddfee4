//! Why no plan exists, as data, and the reporter that words it.
//!
//! The stages that find a plan impossible (eligibility, the calendar, the
//! optimizer's instance and construction) record what they found: the
//! [`Kind`] of cause, the ids of the tasks concerned and the [`Facts`]
//! (names, hours, levels, dates). They do not write sentences. As in
//! pubgrub, where the solver derives an incompatibility and a separate
//! reporter explains it, [`Infeasibility`]'s `Display` is the one place
//! that turns the facts into the sentence a team lead reads; `whatif` and
//! the tests match on the data.

use std::fmt;

use chrono::NaiveDate;

/// Why no plan exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Infeasibility {
    /// The kind of cause.
    pub kind: Kind,
    /// Ids of the tasks concerned (empty when the cause is the whole team's).
    pub tasks: Vec<String>,
    /// What was found, for the reporter.
    pub facts: Facts,
}

/// The kind of cause, as a lead would sort them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Nobody has the skills the task needs.
    Skills,
    /// `require` rules leave nobody (alone, with each other or with skills).
    Rules,
    /// The task's owner is not in the team, lacks its skills or is ruled out.
    Owner,
    /// The developers allowed to take the task have too little working time.
    Capacity,
    /// A hard due date cannot be met.
    DueDate,
    /// Nobody can work at all, or everyone leaves too early.
    Availability,
    /// The task has no hour estimate.
    Estimate,
    /// The task waits on a task that cannot be planned.
    Dependency,
}

impl Kind {
    /// `skills`, `rules`, `owner`, `capacity`, `due_date`, `availability`,
    /// `estimate` or `dependency`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Skills => "skills",
            Kind::Rules => "rules",
            Kind::Owner => "owner",
            Kind::Capacity => "capacity",
            Kind::DueDate => "due_date",
            Kind::Availability => "availability",
            Kind::Estimate => "estimate",
            Kind::Dependency => "dependency",
        }
    }
}

/// What was found, per cause.
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    /// The team has no developers.
    NoDevelopers,
    /// The task has no hour estimate.
    NoEstimate {
        /// The task's title.
        title: String,
    },
    /// The task depends on a task that cannot be planned.
    WaitsOn {
        /// The task's title.
        title: String,
        /// The title of the task it waits on.
        on: String,
    },
    /// No developer ever has working time: each one's reason, in team order.
    NobodyWorks(Vec<(String, Idle)>),
    /// Who may take the task leaves nobody.
    Eligibility(Conflict),
    /// The task needs more hours than any developer allowed to take it has.
    Capacity {
        /// The task's title.
        title: String,
        /// Its estimate, in hours.
        hours: f64,
        /// The calendar's limit, in words, when it has one.
        horizon: Option<String>,
        /// Each allowed developer and their working hours in the horizon.
        developers: Vec<(String, f64)>,
    },
    /// A task cannot finish by its due date even with nobody in its way.
    Due {
        /// The task's title.
        title: String,
        /// Its due date.
        due: NaiveDate,
        /// The earliest day it can finish.
        earliest: NaiveDate,
        /// Its estimate, in hours.
        hours: f64,
        /// Whether it waits on tasks it depends on.
        after_dependencies: bool,
        /// The developers allowed to take it.
        developers: Vec<String>,
    },
    /// Each due date can be met alone, but not all of them together.
    DueDatesTogether {
        /// The late tasks of the plan found with the least lateness (the
        /// search minimises lateness first under `--strict-due`): title,
        /// due date, finish date and business days late.
        late: Vec<(String, chrono::NaiveDate, chrono::NaiveDate, f64)>,
    },
    /// No plan fits in the calendar.
    Horizon {
        /// The calendar's limit, in words; None when everyone leaves first.
        limit: Option<String>,
    },
}

/// Why one developer never has working time.
#[derive(Debug, Clone, PartialEq)]
pub enum Idle {
    /// Works zero minutes a day.
    NoMinutes {
        /// `weekly_hours` as written.
        weekly_hours: f64,
        /// `focus` as written.
        focus: f64,
        /// The calendar's number of workdays.
        workdays: usize,
    },
    /// The calendar has no workdays.
    NoWorkdays,
    /// Leaves before the calendar starts.
    LeavesBeforeStart {
        /// `available_until`.
        until: NaiveDate,
        /// The calendar's start.
        start: NaiveDate,
    },
    /// Joins after the last day they could work.
    JoinsAfter {
        /// The first day they could work.
        from: NaiveDate,
        /// The last day they could work.
        until: NaiveDate,
    },
    /// Time off or holidays cover every workday between the two dates.
    AlwaysOff {
        /// The first day they could work.
        from: NaiveDate,
        /// The last day they could work.
        until: NaiveDate,
    },
}

impl fmt::Display for Idle {
    /// Follows the developer's name: "leaves on 2026-01-01, before …".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Idle::NoMinutes {
                weekly_hours,
                focus,
                workdays,
            } => write!(
                f,
                "works 0 minutes a day (weekly_hours {weekly_hours} x focus {focus} over {workdays} workdays)"
            ),
            Idle::NoWorkdays => f.write_str("has no workdays in the calendar"),
            Idle::LeavesBeforeStart { until, start } => {
                write!(f, "leaves on {until}, before the calendar starts on {start}")
            }
            Idle::JoinsAfter { from, until } => write!(f, "joins on {from}, after {until}"),
            Idle::AlwaysOff { from, until } => write!(
                f,
                "has time off or holidays on every workday from {from} to {until}"
            ),
        }
    }
}

/// The smallest set of constraints on one task that already leaves nobody,
/// with what the reporter needs to name who lacks what.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The task's title.
    pub title: String,
    /// The skills the task needs.
    pub needs: Vec<Need>,
    /// Every developer of the team, in team order, with their level of each need.
    pub team: Vec<Holder>,
    /// The constraints that together leave nobody (skills first, then the
    /// owner, then rules in file order).
    pub parts: Vec<Part>,
}

/// A skill a task needs, at a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// Lower-case skill name.
    pub name: String,
    /// Minimum level.
    pub level: u32,
}

impl fmt::Display for Need {
    /// `name` at level 1, `name:level` otherwise (as the backlog writes it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.level == 1 {
            f.write_str(&self.name)
        } else {
            write!(f, "{}:{}", self.name, self.level)
        }
    }
}

/// A developer and their level of each of the task's needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The developer's name.
    pub name: String,
    /// Their level of `Conflict::needs[k]`, None when they lack it.
    pub levels: Vec<Option<u32>>,
}

/// One constraint of a conflict and the developers (indices into
/// `Conflict::team`, ascending) it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Where the constraint comes from.
    pub source: Source,
    /// Who it allows.
    pub allows: Vec<usize>,
}

/// Where a constraint on a task comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The task's required skills.
    Skills,
    /// The task's owner, as written.
    Owner(String),
    /// A `require` rule: its name and whom it names.
    Rule {
        /// The rule's name.
        name: String,
        /// `assign_to` as written.
        assign_to: Vec<String>,
    },
}

impl Conflict {
    /// The kind of cause: an owner in the conflict makes it [`Kind::Owner`],
    /// else a rule [`Kind::Rules`], else [`Kind::Skills`].
    pub fn kind(&self) -> Kind {
        let has = |f: fn(&Source) -> bool| self.parts.iter().any(|p| f(&p.source));
        if has(|s| matches!(s, Source::Owner(_))) {
            Kind::Owner
        } else if has(|s| matches!(s, Source::Rule { .. })) {
            Kind::Rules
        } else {
            Kind::Skills
        }
    }

    fn has(&self, dev: &Holder, k: usize) -> bool {
        dev.levels[k].is_some_and(|l| l >= self.needs[k].level)
    }
}

impl fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.facts {
            Facts::NoEstimate { title } => write!(
                f,
                "task \"{title}\" has no hour estimate; add one such as (4 hours)"
            ),
            Facts::WaitsOn { title, on } => write!(
                f,
                "task \"{title}\" depends on \"{on}\", which cannot be planned"
            ),
            Facts::NoDevelopers => {
                f.write_str("no developer can work: the team has no developers")
            }
            Facts::NobodyWorks(reasons) => {
                let reasons: Vec<String> = reasons
                    .iter()
                    .map(|(name, why)| format!("{name} {why}"))
                    .collect();
                write!(
                    f,
                    "no developer can ever work, so no task can be planned: {}",
                    reasons.join("; ")
                )
            }
            Facts::Eligibility(conflict) => f.write_str(&explain(conflict)),
            Facts::Capacity {
                title,
                hours,
                horizon,
                developers,
            } => {
                let horizon = match horizon {
                    Some(limit) => format!("in the plan's horizon ({limit})"),
                    None => "in the plan's horizon".to_string(),
                };
                let who: Vec<String> = developers
                    .iter()
                    .map(|(name, h)| format!("{name} ({h} h)"))
                    .collect();
                write!(
                    f,
                    "task \"{title}\" needs {hours} hours, but the developers allowed to take it have less working time {horizon}: {}",
                    who.join(", ")
                )
            }
            Facts::Due {
                title,
                due,
                earliest,
                hours,
                after_dependencies,
                developers,
            } => {
                let chain = if *after_dependencies {
                    " after the tasks it depends on"
                } else {
                    ""
                };
                write!(
                    f,
                    "task \"{title}\" is due {due} but cannot finish before {earliest}: it needs {hours} hours{chain} from developers {}",
                    developers.join(", ")
                )
            }
            Facts::DueDatesTogether { late } => {
                f.write_str("the due dates cannot all be met at once with the team's capacity; the least late plan found misses ")?;
                for (k, (title, due, finish, days)) in late.iter().enumerate() {
                    let sep = match k {
                        0 => "",
                        _ if k + 1 == late.len() => " and ",
                        _ => ", ",
                    };
                    write!(
                        f,
                        "{sep}\"{title}\" (due {due}, done {finish}, {} working day{} late)",
                        crate::text::num(*days, 2),
                        if (*days - 1.0).abs() < 1e-9 { "" } else { "s" }
                    )?;
                }
                f.write_str("; without --strict-due the plan weighs that lateness against the rest")
            }
            Facts::Horizon { limit: Some(limit) } => write!(
                f,
                "no plan fits in the working time the team has: {limit}, and the open work does not fit before that"
            ),
            Facts::Horizon { limit: None } => f.write_str(
                "no plan fits in the working time the team has (every developer's availability ends too early)",
            ),
        }
    }
}

// ---------------------------------------------------------------------------
// The eligibility reporter: one sentence per shape of conflict.

/// Why nobody may take the task, phrased for the shape of its conflict.
fn explain(c: &Conflict) -> String {
    let t = format!("task \"{}\"", c.title);
    if c.team.is_empty() {
        return format!("{t}: the team has no developers");
    }
    let parts: Vec<&Part> = c.parts.iter().collect();
    match parts.as_slice() {
        [one] => match &one.source {
            Source::Skills => no_one_has_skills(&t, c),
            Source::Owner(owner) => {
                format!("{t} is pinned to \"{owner}\" (owner), who is not in the team")
            }
            Source::Rule { name, assign_to } => format!(
                "{t}: rule \"{name}\" requires {}, {} not in the team",
                join(assign_to, "or"),
                if assign_to.len() == 1 {
                    "who is"
                } else {
                    "none of whom is"
                }
            ),
        },
        [a, b] => match (&a.source, &b.source) {
            (Source::Skills, Source::Owner(_)) => match b.allows.first() {
                Some(&owner) => format!(
                    "{t} is pinned to {} (owner), who {}",
                    c.team[owner].name,
                    lack(c, owner)
                ),
                None => together(&t, c, &parts),
            },
            (Source::Skills, Source::Rule { name, .. }) => {
                let head = format!("{t}: rule \"{name}\" requires {}", names(c, &b.allows));
                match b.allows.as_slice() {
                    [only] => format!("{head}, who {}", lack(c, *only)),
                    _ => format!("{head}, and none of them has {}", skill_list(&c.needs)),
                }
            }
            (Source::Owner(_), Source::Rule { name, .. }) => format!(
                "{t} is pinned to {} (owner), but rule \"{name}\" requires {}",
                names(c, &a.allows),
                names(c, &b.allows)
            ),
            (Source::Rule { name: r1, .. }, Source::Rule { name: r2, .. }) => format!(
                "{t}: rules \"{r1}\" and \"{r2}\" leave nobody ({r1} allows {}; {r2} allows {})",
                names(c, &a.allows),
                names(c, &b.allows)
            ),
            _ => together(&t, c, &parts),
        },
        _ => together(&t, c, &parts),
    }
}

/// Nobody has all the task's skills.
fn no_one_has_skills(t: &str, c: &Conflict) -> String {
    for (k, need) in c.needs.iter().enumerate() {
        if c.team.iter().any(|d| c.has(d, k)) {
            continue;
        }
        let best = c
            .team
            .iter()
            .filter_map(|d| d.levels[k].map(|l| (l, d)))
            .fold(None, |best: Option<(u32, &Holder)>, (l, d)| match best {
                Some((bl, _)) if bl >= l => best,
                _ => Some((l, d)),
            });
        return match best {
            Some((l, d)) => format!(
                "{t} needs skill \"{need}\", which no developer has at that level (best: {} at {l})",
                d.name
            ),
            None => format!("{t} needs skill \"{need}\", which no developer has"),
        };
    }
    // Each skill is someone's, but nobody has them all: name the closest.
    let closest = c
        .team
        .iter()
        .enumerate()
        .max_by_key(|(i, d)| {
            (
                (0..c.needs.len()).filter(|&k| c.has(d, k)).count(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, d)| format!(" (closest: {}, who {})", d.name, lack(c, i)))
        .unwrap_or_default();
    format!(
        "{t} needs {} together, which no single developer has{closest}",
        skill_list(&c.needs)
    )
}

/// Three or more constraints that only together leave nobody.
fn together(t: &str, c: &Conflict, parts: &[&Part]) -> String {
    let mut labels: Vec<String> = Vec::new();
    let mut details: Vec<String> = Vec::new();
    let rules: Vec<&str> = parts
        .iter()
        .filter_map(|p| match &p.source {
            Source::Rule { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for p in parts {
        let who = names(c, &p.allows);
        match &p.source {
            Source::Skills => {
                labels.push("its skills".to_string());
                let verb = if c.needs.len() == 1 {
                    "allows"
                } else {
                    "allow"
                };
                details.push(format!("{} {verb} {who}", skill_list(&c.needs)));
            }
            Source::Owner(_) => labels.push(format!("owner {who}")),
            Source::Rule { name, .. } => details.push(format!("{name} allows {who}")),
        }
    }
    match rules.as_slice() {
        [] => {}
        [one] => labels.push(format!("rule \"{one}\"")),
        many => {
            let quoted: Vec<String> = many.iter().map(|r| format!("\"{r}\"")).collect();
            labels.push(format!("rules {}", join(&quoted, "and")));
        }
    }
    format!(
        "{t}: {} leave nobody together ({})",
        join(&labels, "and"),
        details.join("; ")
    )
}

/// What developer `i` lacks of the needs: `lacks skill "frontend"` or
/// `has skill "security" only at level 2, not 3`.
fn lack(c: &Conflict, i: usize) -> String {
    let dev = &c.team[i];
    let Some(k) = (0..c.needs.len()).find(|&k| !c.has(dev, k)) else {
        return "has every required skill".to_string();
    };
    let need = &c.needs[k];
    match dev.levels[k] {
        Some(l) => format!(
            "has skill \"{}\" only at level {l}, not {}",
            need.name, need.level
        ),
        None => format!("lacks skill \"{need}\""),
    }
}

/// `skill "a"` or `skills "a" and "b:2"`.
fn skill_list(needs: &[Need]) -> String {
    let quoted: Vec<String> = needs.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.as_slice() {
        [one] => format!("skill {one}"),
        _ => format!("skills {}", join(&quoted, "and")),
    }
}

/// Developer names of indices, joined with "or"; "nobody" for none.
fn names(c: &Conflict, indices: &[usize]) -> String {
    let names: Vec<String> = indices
        .iter()
        .filter_map(|&i| c.team.get(i))
        .map(|d| d.name.clone())
        .collect();
    if names.is_empty() {
        "nobody".to_string()
    } else {
        join(&names, "or")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_reporter_words_capacity_and_due_facts() {
        let capacity = Infeasibility {
            kind: Kind::Capacity,
            tasks: vec!["app/migrate".into()],
            facts: Facts::Capacity {
                title: "Migrate".into(),
                hours: 120.0,
                horizon: None,
                developers: vec![("Ana".into(), 80.0), ("Bo".into(), 96.5)],
            },
        };
        assert_eq!(
            capacity.to_string(),
            "task \"Migrate\" needs 120 hours, but the developers allowed to take it have less working time in the plan's horizon: Ana (80 h), Bo (96.5 h)"
        );
        let due = Infeasibility {
            kind: Kind::DueDate,
            tasks: vec!["app/ship".into()],
            facts: Facts::Due {
                title: "Ship".into(),
                due: date("2026-12-04"),
                earliest: date("2026-12-08"),
                hours: 30.0,
                after_dependencies: true,
                developers: vec!["Ana".into(), "Bo".into()],
            },
        };
        assert_eq!(
            due.to_string(),
            "task \"Ship\" is due 2026-12-04 but cannot finish before 2026-12-08: it needs 30 hours after the tasks it depends on from developers Ana, Bo"
        );
        assert_eq!(Kind::DueDate.as_str(), "due_date");
    }
}
