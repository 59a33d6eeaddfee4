//! The explanations of what-if differences: the one or two facts read off
//! the baseline's and a scenario's plans that drive the difference (who
//! carries the required work, where hours moved, who finishes last).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::calendar::{daily_minutes, minutes_to_hours};
use crate::plan::PlannedTask;
use crate::scenario::{Applied, ChangeKind, Scenario};
use crate::team::{same_name, RuleMode};
use crate::text::{hours, num};

use super::Planned;
/// What the explanations read off one plan.
struct View<'a> {
    planned: &'a Planned,
    /// Open task id → its planned row.
    tasks: BTreeMap<&'a str, &'a PlannedTask>,
    /// Open task id → the one developer allowed to take it, when only one is.
    required: BTreeMap<&'a str, &'a str>,
}

impl<'a> View<'a> {
    fn new(planned: &'a Planned) -> View<'a> {
        let inst = &planned.optimized.inst;
        let mut required = BTreeMap::new();
        for j in 0..inst.n() {
            if let [d] = inst.allowed[j].as_slice() {
                let id = planned.backlog.tasks[inst.task[j]].id.as_str();
                required.insert(id, inst.names[*d].as_str());
            }
        }
        View {
            planned,
            tasks: planned
                .plan
                .tasks
                .iter()
                .map(|t| (t.id.as_str(), t))
                .collect(),
            required,
        }
    }

    /// The developer's name as the team writes it (case-insensitive lookup).
    fn developer(&self, name: &str) -> Option<&'a str> {
        self.planned
            .team
            .developers
            .iter()
            .find(|d| same_name(&d.name, name))
            .map(|d| d.name.as_str())
    }

    /// Hours planned for a developer.
    fn hours_of(&self, dev: &str) -> f64 {
        self.planned
            .plan
            .tasks
            .iter()
            .filter(|t| t.developer == dev)
            .map(|t| t.hours)
            .sum()
    }

    /// Hours of work only this developer may take.
    fn required_hours(&self, dev: &str) -> f64 {
        self.required
            .iter()
            .filter(|(_, d)| **d == dev)
            .filter_map(|(id, _)| self.tasks.get(id))
            .map(|t| t.hours)
            .sum()
    }

    /// The developer's last finish.
    fn last_finish(&self, dev: &str) -> Option<&'a PlannedTask> {
        self.planned
            .plan
            .tasks
            .iter()
            .filter(|t| t.developer == dev)
            .max_by(|a, b| a.finish_hours.total_cmp(&b.finish_hours))
    }

    /// The developer whose work ends last (the first in team order on a tie).
    fn last_developer(&self) -> Option<&'a str> {
        let mut best: Option<(&str, f64)> = None;
        for d in &self.planned.team.developers {
            if let Some(t) = self.last_finish(&d.name) {
                if best.is_none_or(|(_, f)| t.finish_hours > f + 1e-9) {
                    best = Some((d.name.as_str(), t.finish_hours));
                }
            }
        }
        best.map(|(d, _)| d)
    }
}

/// A fact and how much work it concerns (to pick the one that matters most).
struct Fact {
    text: String,
    hours: f64,
}

fn date(t: &NaiveDateTime) -> String {
    t.date().to_string()
}

/// "Kai (25 h) and Sofia (16 h)": developers by hours, most first, three at
/// most.
fn who(by_dev: &BTreeMap<String, f64>) -> String {
    let mut list: Vec<(&String, &f64)> = by_dev.iter().filter(|(_, h)| **h > 0.0).collect();
    list.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let mut parts: Vec<String> = list
        .iter()
        .take(3)
        .map(|(d, h)| format!("{d} ({})", hours(**h)))
        .collect();
    if list.len() > 3 {
        let rest: f64 = list[3..].iter().map(|(_, h)| **h).sum();
        parts.push(format!("others ({})", hours(rest)));
    }
    match parts.len() {
        0 => "nobody".to_string(),
        1 => parts.remove(0),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// Who finishes last, and with how much work: the fact that sets the finish.
pub(super) fn bottleneck(planned: &Planned, base: Option<&Planned>) -> Option<String> {
    let view = View::new(planned);
    let dev = view.last_developer()?;
    let last = view.last_finish(dev)?;
    let h = view.hours_of(dev);
    let r = view.required_hours(dev);
    let work = if (h - r).abs() < 1e-9 {
        format!("{} of work that only {dev} may do", hours(h))
    } else if r > 0.0 {
        format!("{} of work, {} of it only {dev} may do", hours(h), hours(r))
    } else {
        format!("{} of work", hours(h))
    };
    let base_dev = base.and_then(|b| View::new(b).last_developer().map(str::to_string));
    Some(match base_dev {
        None => format!("{dev} finishes last ({}), with {work}", date(&last.finish)),
        Some(b) if b == dev => format!(
            "{dev} still finishes last ({}), with {work}",
            date(&last.finish)
        ),
        Some(b) => format!(
            "{dev} now finishes last ({}), with {work}; in the baseline {b} did",
            date(&last.finish)
        ),
    })
}

/// The one or two facts that drive the difference between a scenario's plan
/// and the baseline's: the change that concerns the most work, then who
/// finishes last.
pub(super) fn explain(
    base: &Planned,
    scen: &Planned,
    scenario: &Scenario,
    applied: &Applied,
) -> Vec<String> {
    let b = View::new(base);
    let s = View::new(scen);
    let mut facts: Vec<Fact> = Vec::new();
    let mut rules_changed = false;
    for change in &scenario.changes {
        match &change.kind {
            ChangeKind::AddDeveloper(dev) => facts.push(added(&b, &s, dev)),
            ChangeKind::RemoveDeveloper(names) => {
                for name in names {
                    if let Some(f) = removed(&b, &s, &name.name) {
                        facts.push(f);
                    }
                }
            }
            ChangeKind::SetDeveloper(update) => {
                if let Some(f) = developer_changed(&b, &s, &update.name.name) {
                    facts.push(f);
                }
            }
            ChangeKind::AddTimeOff { developers, days } => {
                for name in developers {
                    if let Some(f) = time_off(&b, &s, &name.name, days) {
                        facts.push(f);
                    }
                }
            }
            ChangeKind::DropTasks(selector) => facts.push(dropped(&b, applied, selector)),
            ChangeKind::SetRule(_) | ChangeKind::RemoveRule(_) => rules_changed = true,
            ChangeKind::SetWeights(_) => facts.push(reordered(&b, &s)),
            ChangeKind::ScaleHours { factor, .. } => facts.push(scaled(&b, &s, *factor)),
        }
    }
    if rules_changed {
        facts.extend(rules(&b, &s, scenario));
    }
    facts.sort_by(|x, y| y.hours.total_cmp(&x.hours));
    let mut out: Vec<String> = facts.into_iter().take(1).map(|f| f.text).collect();
    if same_plan(&b, &s) {
        out.push("the plan is the same as the baseline's".to_string());
    } else if let Some(f) = bottleneck(scen, Some(base)) {
        out.push(f);
    }
    out
}

/// Whether every task has the same developer and times in both plans.
fn same_plan(b: &View<'_>, s: &View<'_>) -> bool {
    b.tasks.len() == s.tasks.len()
        && b.tasks.iter().all(|(id, t)| {
            s.tasks.get(id).is_some_and(|u| {
                u.developer == t.developer && u.start == t.start && u.finish == t.finish
            })
        })
}

/// Hours of the given tasks by the developer the other plan gives them.
fn by_developer<'a>(tasks: impl Iterator<Item = &'a PlannedTask>) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for t in tasks {
        *out.entry(t.developer.clone()).or_default() += t.hours;
    }
    out
}

fn added(b: &View<'_>, s: &View<'_>, dev: &crate::Developer) -> Fact {
    let theirs: Vec<&PlannedTask> = s
        .planned
        .plan
        .tasks
        .iter()
        .filter(|t| t.developer == dev.name)
        .collect();
    let h: f64 = theirs.iter().map(|t| t.hours).sum();
    let from = dev
        .available_from
        .map(|d| format!(" from {d}"))
        .unwrap_or_default();
    if theirs.is_empty() {
        return Fact {
            text: format!(
                "{} gets no work{from}: no task they may take finishes earlier with them",
                dev.name
            ),
            hours: 0.0,
        };
    }
    let donors = by_developer(
        theirs
            .iter()
            .filter_map(|t| b.tasks.get(t.id.as_str()).copied()),
    );
    Fact {
        text: format!(
            "{} takes {} ({} tasks){from}, work the baseline gave to {}",
            dev.name,
            hours(h),
            theirs.len(),
            who(&donors)
        ),
        hours: h,
    }
}

fn removed(b: &View<'_>, s: &View<'_>, name: &str) -> Option<Fact> {
    let dev = b.developer(name)?;
    let theirs: Vec<&PlannedTask> = b
        .planned
        .plan
        .tasks
        .iter()
        .filter(|t| t.developer == dev)
        .collect();
    let h: f64 = theirs.iter().map(|t| t.hours).sum();
    let receivers = by_developer(
        theirs
            .iter()
            .filter_map(|t| s.tasks.get(t.id.as_str()).copied()),
    );
    Some(Fact {
        text: format!(
            "{dev}'s {} ({} tasks) go to {}",
            hours(h),
            theirs.len(),
            who(&receivers)
        ),
        hours: h,
    })
}

/// Hours a week a developer has for planned work (weekly_hours × focus).
fn weekly(planned: &Planned, dev: &str) -> Option<f64> {
    planned
        .team
        .developer(dev)
        .map(|d| d.weekly_hours * d.focus)
}

fn developer_changed(b: &View<'_>, s: &View<'_>, name: &str) -> Option<Fact> {
    let dev = s.developer(name)?;
    let (old, new) = (weekly(b.planned, dev)?, weekly(s.planned, dev)?);
    let first = if (old - new).abs() > 1e-9 {
        format!(
            "{dev} has {} a week for planned work instead of {}",
            hours(new),
            hours(old)
        )
    } else {
        format!("{dev}'s skills or dates change")
    };
    let r = b.required_hours(dev);
    let carries = if r > 0.0 {
        format!("carries {} of required work", hours(r))
    } else {
        format!("has {} of work", hours(s.hours_of(dev)))
    };
    let ends = match (b.last_finish(dev), s.last_finish(dev)) {
        (Some(x), Some(y)) if x.finish != y.finish => format!(
            ", which ends {} instead of {}",
            date(&y.finish),
            date(&x.finish)
        ),
        (Some(x), Some(_)) => format!(", which still ends {}", date(&x.finish)),
        _ => String::new(),
    };
    Some(Fact {
        text: format!("{first}, and {carries}{ends}"),
        hours: b.hours_of(dev).max(s.hours_of(dev)),
    })
}

fn time_off(
    b: &View<'_>,
    s: &View<'_>,
    name: &str,
    days: &[crate::team::DateRange],
) -> Option<Fact> {
    let dev = b.developer(name)?;
    let base_dev = b.planned.team.developer(dev)?;
    let cal = &b.planned.optimized.inst.cal;
    let mut lost_days = 0usize;
    let mut seen: Vec<NaiveDate> = Vec::new();
    for range in days {
        let mut day = range.first;
        // A range of years is a typo, not a question: count a decade at most.
        for _ in 0..3660 {
            if day > range.last {
                break;
            }
            let business = base_dev.works_on(&cal.calendar, day.weekday())
                && cal.calendar.workdays.contains(&day.weekday())
                && !cal.calendar.holidays.contains(&day);
            let available = base_dev.available_from.is_none_or(|f| day >= f)
                && base_dev.available_until.is_none_or(|u| day <= u)
                && !base_dev.time_off.iter().any(|r| r.contains(day));
            if business && available && !seen.contains(&day) {
                seen.push(day);
                lost_days += 1;
            }
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
    }
    let lost = minutes_to_hours(daily_minutes(&cal.calendar, base_dev)) * lost_days as f64;
    let ends = match (b.last_finish(dev), s.last_finish(dev)) {
        (Some(x), Some(y)) if x.finish != y.finish => format!(
            "; {dev}'s work ends {} instead of {}",
            date(&y.finish),
            date(&x.finish)
        ),
        (Some(x), Some(_)) => format!("; {dev}'s work still ends {}", date(&x.finish)),
        _ => String::new(),
    };
    Some(Fact {
        text: format!(
            "{dev} is off {lost_days} more working days ({} of capacity){ends}",
            hours(lost)
        ),
        hours: lost,
    })
}

fn dropped(b: &View<'_>, applied: &Applied, selector: &crate::scenario::Selector) -> Fact {
    let tasks: Vec<&PlannedTask> = applied
        .dropped
        .iter()
        .filter_map(|id| b.tasks.get(id.as_str()).copied())
        .filter(|t| {
            b.planned
                .backlog
                .tasks
                .iter()
                .find(|x| x.id == t.id)
                .is_some_and(|x| selector.matches(x))
        })
        .collect();
    let h: f64 = tasks.iter().map(|t| t.hours).sum();
    Fact {
        text: format!(
            "dropping {} tasks ({}) frees {}",
            tasks.len(),
            hours(h),
            who(&by_developer(tasks.iter().copied()))
        ),
        hours: h,
    }
}

fn scaled(b: &View<'_>, s: &View<'_>, factor: f64) -> Fact {
    // Over the tasks both plans have, so that dropped tasks do not count.
    let (mut old, mut new, mut changed, mut all) = (0.0, 0.0, 0usize, 0usize);
    let (mut old_changed, mut new_changed) = (0.0, 0.0);
    for t in &s.planned.plan.tasks {
        if let Some(x) = b.tasks.get(t.id.as_str()) {
            all += 1;
            old += x.hours;
            new += t.hours;
            if (x.hours - t.hours).abs() > 1e-9 {
                changed += 1;
                old_changed += x.hours;
                new_changed += t.hours;
            }
        }
    }
    let f = num(factor, 3);
    let text = if changed == 0 {
        format!("estimates × {f}: open work stays {}", hours(old))
    } else if changed == all {
        format!(
            "estimates × {f}: open work {} from {} to {}",
            if new > old { "grows" } else { "shrinks" },
            hours(old),
            hours(new)
        )
    } else {
        format!(
            "estimates of {changed} tasks × {f}: their {} become {}",
            hours(old_changed),
            hours(new_changed)
        )
    };
    Fact {
        text,
        hours: (new - old).abs(),
    }
}

fn reordered(b: &View<'_>, s: &View<'_>) -> Fact {
    let (mut earlier, mut later, mut moved) = (0usize, 0usize, 0.0);
    for (id, t) in &s.tasks {
        if let Some(x) = b.tasks.get(id) {
            if t.finish < x.finish {
                earlier += 1;
                moved += t.hours;
            } else if t.finish > x.finish {
                later += 1;
                moved += t.hours;
            }
        }
    }
    Fact {
        text: format!("with the new weights {earlier} tasks finish earlier and {later} later"),
        hours: moved,
    }
}

/// The rule changes of a scenario, as one fact per developer the changed
/// rules named: the work only they could take, and how much of it moves.
fn rules(b: &View<'_>, s: &View<'_>, scenario: &Scenario) -> Vec<Fact> {
    let mut names: Vec<&str> = Vec::new();
    let mut all_prefer = true;
    let mut all_removed = true;
    for change in &scenario.changes {
        let rule = match &change.kind {
            ChangeKind::SetRule(u) => {
                all_removed = false;
                all_prefer &= u.mode == Some(RuleMode::Prefer) && u.assign_to.is_none();
                vec![u.name.name.as_str()]
            }
            ChangeKind::RemoveRule(n) => {
                all_prefer = false;
                n.iter().map(|n| n.name.as_str()).collect()
            }
            _ => continue,
        };
        names.extend(rule);
    }
    let phrase = match (all_prefer, all_removed, names.len()) {
        (true, _, _) => "as preferences",
        (_, true, 1) => "without the rule",
        (_, true, _) => "without the rules",
        (_, _, 1) => "with the rule changed",
        _ => "with the rules changed",
    };
    let mut devs: Vec<&str> = Vec::new();
    for name in names {
        if let Some(rule) = b
            .planned
            .team
            .rules
            .iter()
            .find(|r| same_name(&r.name, name))
        {
            for d in &rule.assign_to {
                if let Some(d) = b.developer(d) {
                    if !devs.contains(&d) {
                        devs.push(d);
                    }
                }
            }
        }
    }
    devs.into_iter()
        .filter_map(|dev| {
            let req = b.required_hours(dev);
            if req <= 0.0 {
                return None;
            }
            let moved: Vec<&PlannedTask> = b
                .required
                .iter()
                .filter(|(_, d)| **d == dev)
                .filter_map(|(id, _)| s.tasks.get(id).copied())
                .filter(|t| t.developer != dev)
                .collect();
            let h: f64 = moved.iter().map(|t| t.hours).sum();
            let text = if moved.is_empty() {
                format!(
                    "{dev} carries {} of required work; {phrase}, all of it stays with {dev}",
                    hours(req)
                )
            } else {
                format!(
                    "{dev} carries {} of required work; {phrase}, {} of it move to {}",
                    hours(req),
                    hours(h),
                    who(&by_developer(moved.iter().copied()))
                )
            };
            Some(Fact {
                text,
                hours: h.max(req * 1e-3),
            })
        })
        .collect()
}
