//! `sprintcast init` (SPEC 8.4): a starter team file written from a backlog.
//!
//! What the backlog says about its team becomes TOML, each piece with a
//! comment naming where it came from:
//! - the calendar starts on the Monday after `today` (the caller's date:
//!   `init --as-of`, else the system date), 8-hour days, Monday to Friday,
//!   no holidays yet (a comment asks for them);
//! - developers: each `### Name (Role)` heading of an "Assignment
//!   Recommendations" section (a `##` heading holding those words), then
//!   each task `owner` not named there, in backlog order, all with
//!   `weekly_hours = 40`; a commented developer block follows for the rest
//!   of the team. When the backlog names nobody, that block is a real
//!   developer ("Developer"), so the file still reads and plans;
//! - rules: each bullet under a developer's heading that [`bullet_rule`]
//!   understands becomes a `require` rule assigning the matching tasks to
//!   that developer (the file's own default mode, as data/team.toml's lead
//!   rules are), with the bullet quoted above it; the other bullets, and
//!   those under headings that name no developer ("Team Effort"), stay as
//!   comments.
//!
//! The recommendations are read from the Markdown text around the tasks
//! ([`Backlog::document`]); a CSV or JSON backlog without it gives the
//! owners only.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{Backlog, Priority};

/// The title patterns a "security" bullet becomes: titles about
/// vulnerabilities, XSS, or security fixes and patches.
pub const SECURITY_PATTERNS: [&str; 3] =
    ["(?i)vulnerab", "(?i)\\bxss\\b", "(?i)security (fix|patch)"];

/// Words of a bullet that say nothing about which tasks it means.
const FILLER: [&str; 13] = [
    "all", "any", "every", "the", "and", "of", "for", "to", "tasks", "task", "work", "items",
    "fixes",
];

/// What a recommendation bullet selects, when it is understood.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulletRule {
    /// Priorities the bullet names.
    pub priority: Vec<Priority>,
    /// The backlog's categories the bullet names, as the backlog spells them.
    pub category: Vec<String>,
    /// Title patterns (regular expressions).
    pub title: Vec<String>,
}

/// A developer the backlog names.
#[derive(Debug, Clone, PartialEq)]
struct Named {
    name: String,
    role: String,
    /// Where the name comes from, for the comment.
    from: String,
    /// The recommendation bullets under the developer's heading.
    bullets: Vec<String>,
}

/// The starter team file for `backlog`, as TOML text; `today` sets the
/// calendar's start (the Monday after it).
pub fn starter_team(backlog: &Backlog, today: NaiveDate) -> String {
    let (mut named, others) = recommendations(backlog);
    for owner in backlog.tasks.iter().filter_map(|t| t.owner.as_deref()) {
        let known = named.iter().any(|n| n.name.eq_ignore_ascii_case(owner));
        if !known && !owner.trim().is_empty() {
            named.push(Named {
                name: owner.trim().to_string(),
                role: String::new(),
                from: format!("owner of tasks in {}", backlog.source),
                bullets: Vec::new(),
            });
        }
    }
    let categories = categories(backlog);
    let mut out = String::new();
    let q = quote;
    out.push_str(&format!(
        "# A starter team file for {}, written by `sprintcast init`.\n\
         # Check every value (format: docs/formats.md), then plan:\n\
         #   sprintcast plan {} --team THIS_FILE\n\n",
        one_line(&backlog.source),
        one_line(&backlog.source)
    ));
    let start = next_monday(today);
    out.push_str("[calendar]\n");
    out.push_str(&format!(
        "start = \"{start}\"            # the Monday after {today}; the first planning day\n"
    ));
    out.push_str("day_start = \"09:00\"\n");
    out.push_str("hours_per_day = 8\n");
    out.push_str("workdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\n");
    out.push_str(
        "holidays = []                   # fill in the team's holidays: [\"2026-12-25\", ...]\n\n",
    );
    for n in &named {
        out.push_str(&format!("# {}\n", one_line(&n.from)));
        out.push_str("[[developer]]\n");
        out.push_str(&format!("name = {}\n", q(&n.name)));
        if !n.role.is_empty() {
            out.push_str(&format!("role = {}\n", q(&n.role)));
        }
        out.push_str("weekly_hours = 40                # a full week; change for part-timers\n\n");
    }
    let placeholder = "[[developer]]\nname = \"Developer\"\nrole = \"Developer\"\n\
                       weekly_hours = 40\nskills = [\"backend:2\", \"testing\"]\n";
    if named.is_empty() {
        out.push_str(
            "# The backlog names nobody: a placeholder so that the file plans.\n\
             # Rename it and add your team here, one [[developer]] table each.\n",
        );
        out.push_str(placeholder);
        out.push('\n');
    } else {
        out.push_str("# Add your team here, one [[developer]] table each:\n");
        for line in placeholder.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push('\n');
    }
    let mut names: Vec<String> = Vec::new();
    let mut unmapped: Vec<String> = Vec::new();
    for n in &named {
        for bullet in &n.bullets {
            let Some(rule) = bullet_rule(bullet, &categories) else {
                unmapped.push(format!("{}: {bullet}", n.name));
                continue;
            };
            let base = format!("{}: {bullet}", n.name);
            let mut name = base.clone();
            let mut k = 2;
            while names.contains(&name) {
                name = format!("{base} ({k})");
                k += 1;
            }
            names.push(name.clone());
            out.push_str(&format!(
                "# \"{}\" (recommended for {})\n",
                one_line(bullet),
                one_line(&n.name)
            ));
            out.push_str("[[rule]]\n");
            out.push_str(&format!("name = {}\n", q(&name)));
            out.push_str(&format!("when = {}\n", when_text(&rule)));
            out.push_str(&format!("assign_to = {}\n", q(&n.name)));
            out.push_str("mode = \"require\"\n\n");
        }
    }
    unmapped.extend(others);
    if !unmapped.is_empty() {
        out.push_str(
            "# Recommendations not turned into rules (write a [[rule]] if one should bind):\n",
        );
        for line in &unmapped {
            out.push_str(&format!("# - {}\n", one_line(line)));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// What a recommendation bullet selects, or `None` when it is not
/// understood: the priority words it holds (URGENT, HIGH, MEDIUM, LOW);
/// for "security", [`SECURITY_PATTERNS`] on the title; else the backlog
/// categories (from `categories`) sharing a word with the bullet (the first
/// four letters alike: "testing" names "Testing" and "Tests"). A bullet
/// with words that name nothing ("can be distributed") is not understood.
pub fn bullet_rule(bullet: &str, categories: &[String]) -> Option<BulletRule> {
    let mut rule = BulletRule::default();
    let lower = bullet.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut unknown = 0;
    for word in &words {
        if let Some(p) = Priority::ALL
            .iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(word))
        {
            if !rule.priority.contains(p) {
                rule.priority.push(*p);
            }
        } else if *word == "security" {
            rule.title = SECURITY_PATTERNS.iter().map(|s| s.to_string()).collect();
        } else if !FILLER.contains(word) {
            let found: Vec<&String> = categories
                .iter()
                .filter(|c| {
                    c.to_lowercase()
                        .split_whitespace()
                        .any(|cw| alike(cw, word))
                })
                .collect();
            if found.is_empty() {
                unknown += 1;
            }
            for c in found {
                if !rule.category.contains(c) {
                    rule.category.push(c.clone());
                }
            }
        }
    }
    if !rule.title.is_empty() {
        // "Security fixes" is about the title, not a category it shares a word with.
        rule.category.clear();
    }
    let selects = !(rule.priority.is_empty() && rule.category.is_empty() && rule.title.is_empty());
    // A bullet mostly of other words ("Testing can be shared") says how, not which.
    (selects && unknown <= 1).then_some(rule)
}

/// Two words alike: the same first four letters (both at least four long),
/// or equal.
fn alike(a: &str, b: &str) -> bool {
    let prefix = |w: &str| w.chars().take(4).collect::<String>();
    a == b || (a.chars().count() >= 4 && b.chars().count() >= 4 && prefix(a) == prefix(b))
}

/// The backlog's categories in order of first appearance.
fn categories(backlog: &Backlog) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for t in &backlog.tasks {
        if !t.category.is_empty() && !seen.contains(&t.category) {
            seen.push(t.category.clone());
        }
    }
    seen
}

/// The named developers of the "Assignment Recommendations" section, and
/// the bullets under its headings that name no developer (as
/// "Heading: bullet").
fn recommendations(backlog: &Backlog) -> (Vec<Named>, Vec<String>) {
    let mut named: Vec<Named> = Vec::new();
    let mut others = Vec::new();
    let Some(document) = &backlog.document else {
        return (named, others);
    };
    let mut inside = false;
    // The current `###` heading: a developer's index, or a group's name.
    let mut current: Option<Result<usize, String>> = None;
    for line in document.text.iter().flat_map(|t| t.lines()) {
        let line = line.trim();
        let level = line.chars().take_while(|&c| c == '#').count();
        let text = line[level..].trim();
        if (1..=2).contains(&level) {
            inside = text.to_lowercase().contains("assignment recommendation");
            current = None;
            continue;
        }
        if !inside {
            continue;
        }
        if level >= 3 {
            current = Some(match person(text) {
                // A name given twice is one developer, the bullets added up.
                Some((name, _)) if named.iter().any(|n| n.name == name) => {
                    Ok(named.iter().position(|n| n.name == name).unwrap_or(0))
                }
                Some((name, role)) => {
                    named.push(Named {
                        name,
                        role,
                        from: format!("From \"{}\": ### {text}", "Assignment Recommendations"),
                        bullets: Vec::new(),
                    });
                    Ok(named.len() - 1)
                }
                None => Err(text.to_string()),
            });
        } else if let Some(bullet) = line.strip_prefix(['-', '*', '+']).map(str::trim) {
            match &current {
                Some(Ok(i)) if !bullet.is_empty() => named[*i].bullets.push(bullet.to_string()),
                Some(Err(group)) if !bullet.is_empty() => others.push(format!("{group}: {bullet}")),
                _ => {}
            }
        }
    }
    (named, others)
}

/// `Jonathan (Lead Developer)` -> ("Jonathan", "Lead Developer"); a heading
/// without a `(role)` names no developer.
fn person(heading: &str) -> Option<(String, String)> {
    let inner = heading.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let name = inner[..open].trim();
    let role = inner[open + 1..].trim();
    (!name.is_empty()).then(|| (name.to_string(), role.to_string()))
}

/// The `when` table of a rule, inline.
fn when_text(rule: &BulletRule) -> String {
    let list = |items: Vec<String>| -> String {
        if items.len() == 1 {
            items[0].clone()
        } else {
            format!("[{}]", items.join(", "))
        }
    };
    let mut keys = Vec::new();
    if !rule.priority.is_empty() {
        let p = rule.priority.iter().map(|p| quote(p.as_str())).collect();
        keys.push(format!("priority = {}", list(p)));
    }
    if !rule.category.is_empty() {
        let c = rule.category.iter().map(|c| quote(c)).collect();
        keys.push(format!("category = {}", list(c)));
    }
    if !rule.title.is_empty() {
        let t = rule.title.iter().map(|c| quote(c)).collect();
        keys.push(format!("title = {}", list(t)));
    }
    format!("{{ {} }}", keys.join(", "))
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Text for a comment: line breaks and other control characters as blanks.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The Monday after `today` (a week on when `today` is a Monday).
pub fn next_monday(today: NaiveDate) -> NaiveDate {
    let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
    today.checked_add_days(Days::new(ahead)).unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn next_monday_is_strictly_after() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(next_monday(d("2026-12-02")), d("2026-12-07"));
        assert_eq!(next_monday(d("2026-12-06")), d("2026-12-07"));
        assert_eq!(next_monday(d("2026-12-07")), d("2026-12-14"));
    }

    #[test]
    fn bullets_become_conditions() {
        let c = cats(&[
            "Bug Fixes",
            "Testing",
            "Performance",
            "Tests",
            "Documentation",
        ]);
        let urgent = bullet_rule("All URGENT tasks", &c).unwrap();
        assert_eq!(urgent.priority, [Priority::Urgent]);
        assert!(urgent.category.is_empty() && urgent.title.is_empty());
        let testing = bullet_rule("All HIGH testing tasks", &c).unwrap();
        assert_eq!(testing.priority, [Priority::High]);
        assert_eq!(testing.category, cats(&["Testing", "Tests"]));
        let perf = bullet_rule("Performance optimization tasks", &c).unwrap();
        assert_eq!(perf.category, cats(&["Performance"]));
        let security = bullet_rule("Security fixes", &c).unwrap();
        assert!(security.category.is_empty());
        assert_eq!(security.title.len(), 3);
        assert_eq!(bullet_rule("Documentation can be distributed", &c), None);
        assert_eq!(
            bullet_rule("Feature implementation can be parallel", &c),
            None
        );
    }

    #[test]
    fn a_name_given_twice_is_one_developer() {
        let text = "- [ ] **A** (1 hour)\n\n## Assignment Recommendations\n\n\
                    ### Ana (Dev)\n- All URGENT tasks\n### Ana (Dev)\n- All LOW tasks\n";
        let backlog = crate::backlog::parse(
            "b.md",
            text.as_bytes(),
            crate::backlog::Format::Markdown,
            &crate::backlog::ReadOptions::default(),
        )
        .unwrap();
        let (named, others) = recommendations(&backlog);
        assert_eq!(named.len(), 1);
        assert_eq!(named[0].bullets, ["All URGENT tasks", "All LOW tasks"]);
        assert!(others.is_empty());
    }

    #[test]
    fn a_role_in_parentheses_names_a_developer() {
        assert_eq!(
            person("Jonathan (Lead Developer)"),
            Some(("Jonathan".into(), "Lead Developer".into()))
        );
        assert_eq!(person("Team Effort"), None);
    }
}
