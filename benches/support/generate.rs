//! Deterministic synthetic backlog and team, shaped like a real engineering backlog.
//!
//! Std only (a hand-written splitmix64 instead of `rand`), so benches, examples and tests
//! can include it with `#[path = "../benches/support/generate.rs"] mod generate;` and the
//! same seed gives the same bytes on every platform and toolchain.
//!
//! Shape: 8 projects of uneven size; priorities about 10% URGENT, 30% HIGH, 40% MEDIUM,
//! 20% LOW; estimates of 1-24 hours, most of them 2-8; about 60% of tasks need one or two
//! of 8 skills at levels 1-3; dependency chains inside each project (about 40% of tasks
//! depend on one or two earlier tasks of their project). The team works 8-hour days
//! Mon-Fri from 2026-11-30 with the two year-end holidays; each developer has 2-4 skills,
//! a few work part time, one or two take a week off, and when it stays feasible one
//! `require` rule sends a project's URGENT tasks to two named developers. Every task has
//! at least one developer with all of its skills (checked, and fixed up when the random
//! draw left a task without one).

// Each includer uses a different subset of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Skill names used on tasks and developers.
pub const SKILLS: [&str; 8] = [
    "backend", "frontend", "devops", "security", "testing", "data", "mobile", "docs",
];

/// Project names; `tasks` are spread over all of them (fewer when there are fewer tasks).
const PROJECTS: [(&str, &str, [usize; 3]); 8] = [
    // (name, id prefix, skills it leans on: indices into SKILLS)
    ("billing-service", "BILL", [0, 3, 4]),
    ("customer-portal", "PORT", [1, 0, 4]),
    ("mobile-app", "MOB", [6, 1, 4]),
    ("data-pipeline", "DATA", [5, 0, 2]),
    ("auth-gateway", "AUTH", [3, 0, 2]),
    ("infra-platform", "INFRA", [2, 3, 0]),
    ("search-api", "SRCH", [0, 5, 4]),
    ("developer-docs", "DOCS", [7, 1, 2]),
];

const PRIORITIES: [&str; 4] = ["URGENT", "HIGH", "MEDIUM", "LOW"];

const FIRST_NAMES: [&str; 24] = [
    "Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gustavo", "Hana", "Ivan", "Jonathan",
    "Keiko", "Liam", "Maya", "Nikolai", "Olga", "Priya", "Quentin", "Rosa", "Samir", "Tove", "Uma",
    "Viktor", "Wen", "Yusuf",
];

const ROLES: [&str; 8] = [
    "Backend Engineer",
    "Frontend Engineer",
    "DevOps Engineer",
    "Security Engineer",
    "QA Engineer",
    "Data Engineer",
    "Mobile Engineer",
    "Technical Writer",
];

/// (verb, category) pairs for titles; the category column follows the verb.
const VERBS: [(&str, &str); 12] = [
    ("Fix", "Bug Fixes"),
    ("Fix", "Bug Fixes"),
    ("Add", "Features"),
    ("Add", "Features"),
    ("Implement", "Features"),
    ("Support", "Features"),
    ("Refactor", "Tech Debt"),
    ("Migrate", "Tech Debt"),
    ("Upgrade", "Tech Debt"),
    ("Optimize", "Performance"),
    ("Test", "Quality"),
    ("Document", "Documentation"),
];

const OBJECTS: [&str; 32] = [
    "login timeout",
    "password reset flow",
    "invoice PDF export",
    "rate limiter",
    "session cache",
    "audit log",
    "search ranking",
    "CSV import",
    "push notifications",
    "payment retries",
    "webhook delivery",
    "user settings page",
    "dark mode",
    "onboarding wizard",
    "error reporting",
    "feature flags",
    "database indexes",
    "nightly backup job",
    "deploy pipeline",
    "TLS certificates",
    "API pagination",
    "report scheduler",
    "email templates",
    "access roles",
    "metrics dashboard",
    "data retention policy",
    "offline sync",
    "image uploads",
    "GraphQL schema",
    "load balancer config",
    "dependency updates",
    "accessibility audit",
];

/// One week off for one or two developers, inside the first weeks of the plan.
const WEEKS_OFF: [(&str, &str); 5] = [
    ("2026-12-07", "2026-12-13"),
    ("2026-12-14", "2026-12-20"),
    ("2026-12-21", "2026-12-27"),
    ("2026-12-28", "2027-01-03"),
    ("2027-01-04", "2027-01-10"),
];

/// A generated task (indices refer to `Generated::tasks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenTask {
    /// Backlog id, `<PREFIX>-<n>`.
    pub id: String,
    /// Title (no commas or quotes).
    pub title: String,
    /// Index into the project table.
    pub project: usize,
    /// Index into `URGENT, HIGH, MEDIUM, LOW`.
    pub priority: usize,
    /// Category derived from the title's verb.
    pub category: &'static str,
    /// Whole hours, 1-24.
    pub hours: u32,
    /// Indices of earlier tasks of the same project.
    pub depends_on: Vec<usize>,
    /// `(index into SKILLS, level 1-3)`, at most two, distinct skills.
    pub skills: Vec<(usize, u32)>,
}

/// A generated developer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenDeveloper {
    /// Unique name.
    pub name: String,
    /// Role, from the strongest skill.
    pub role: &'static str,
    /// 40, or 20-32 for part-timers.
    pub weekly_hours: u32,
    /// `(index into SKILLS, level 1-3)`, 2-4 distinct skills.
    pub skills: Vec<(usize, u32)>,
    /// Inclusive date ranges off.
    pub time_off: Vec<(&'static str, &'static str)>,
}

/// A `require` rule: URGENT tasks of `project` go to `developers` (indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenRule {
    /// Index into the project table.
    pub project: usize,
    /// Two developer indices.
    pub developers: [usize; 2],
}

/// The generated backlog and team before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Tasks in backlog order (grouped by project).
    pub tasks: Vec<GenTask>,
    /// Developers in team-file order.
    pub developers: Vec<GenDeveloper>,
    /// The optional URGENT rule.
    pub rule: Option<GenRule>,
}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// Index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = (self.next_u64() % u64::from(total)) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Backlog CSV (SPEC 2.2) and team TOML (SPEC 3) for `tasks` tasks and `developers`
/// developers (at least one); the same arguments always give the same text.
pub fn generate(tasks: usize, developers: usize, seed: u64) -> (String, String) {
    let generated = generate_model(tasks, developers, seed);
    (render_backlog(&generated), render_team(&generated))
}

/// The generated data before rendering, for tests and benches that want to inspect it.
pub fn generate_model(tasks: usize, developers: usize, seed: u64) -> Generated {
    let developers = developers.max(1);
    let mut rng = Rng(seed ^ 0x5350_5249_4E54_4341); // "SPRINTCA"
    let mut generated = Generated {
        tasks: generate_tasks(&mut rng, tasks),
        developers: generate_developers(&mut rng, developers),
        rule: None,
    };
    ensure_capable(&mut generated);
    generated.rule = choose_rule(&mut rng, &generated);
    generated
}

fn generate_tasks(rng: &mut Rng, count: usize) -> Vec<GenTask> {
    // Uneven project sizes: weights 3..10, drawn per project, then tasks spread by weight.
    let weights: Vec<u32> = (0..PROJECTS.len())
        .map(|_| 3 + rng.below(8) as u32)
        .collect();
    let mut project_of: Vec<usize> = (0..count).map(|_| rng.weighted(&weights)).collect();
    project_of.sort_unstable(); // grouped by project, as a backlog file usually is

    // Hours 1-24, skewed small: most estimates are 2-8 hours.
    const HOURS: [u32; 12] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24];
    const HOUR_WEIGHTS: [u32; 12] = [5, 14, 12, 15, 9, 11, 14, 5, 6, 4, 3, 2];

    let mut tasks: Vec<GenTask> = Vec::with_capacity(count);
    let mut numbers = [0usize; PROJECTS.len()];
    let mut titles: BTreeSet<String> = BTreeSet::new();
    for project in project_of {
        let (_, prefix, leans) = PROJECTS[project];
        numbers[project] += 1;
        let id = format!("{prefix}-{}", numbers[project]);

        let (verb, category) = VERBS[rng.below(VERBS.len())];
        let object = OBJECTS[rng.below(OBJECTS.len())];
        let mut title = format!("{verb} {object}");
        if !titles.insert(title.clone()) {
            title = format!("{title} ({id})");
            titles.insert(title.clone());
        }

        let priority = rng.weighted(&[10, 30, 40, 20]);
        let hours = HOURS[rng.weighted(&HOUR_WEIGHTS)];

        let mut skills: Vec<(usize, u32)> = Vec::new();
        if rng.chance(60) {
            let count = if rng.chance(20) { 2 } else { 1 };
            while skills.len() < count {
                // Mostly the project's own skills, sometimes any.
                let skill = if rng.chance(75) {
                    leans[rng.weighted(&[5, 3, 2])]
                } else {
                    rng.below(SKILLS.len())
                };
                if skills.iter().all(|&(s, _)| s != skill) {
                    skills.push((skill, 1 + rng.weighted(&[50, 35, 15]) as u32));
                }
            }
        }

        // Dependencies on recent tasks of the same project (they are earlier in the list).
        let earlier: Vec<usize> = tasks
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, t)| t.project == project)
            .take(6)
            .map(|(i, _)| i)
            .collect();
        let mut depends_on: Vec<usize> = Vec::new();
        if !earlier.is_empty() && rng.chance(42) {
            let wanted = if rng.chance(30) { 2 } else { 1 };
            for _ in 0..wanted {
                // Favour the most recent tasks: chains rather than stars.
                let pick = earlier[rng.weighted(&[6, 4, 3, 2, 1, 1][..earlier.len()])];
                if !depends_on.contains(&pick) {
                    depends_on.push(pick);
                }
            }
            depends_on.sort_unstable();
        }

        tasks.push(GenTask {
            id,
            title,
            project,
            priority,
            category,
            hours,
            depends_on,
            skills,
        });
    }
    tasks
}

fn generate_developers(rng: &mut Rng, count: usize) -> Vec<GenDeveloper> {
    let mut developers: Vec<GenDeveloper> = Vec::with_capacity(count);
    for i in 0..count {
        let name = if i < FIRST_NAMES.len() {
            FIRST_NAMES[i].to_string()
        } else {
            format!(
                "{} {}",
                FIRST_NAMES[i % FIRST_NAMES.len()],
                i / FIRST_NAMES.len() + 1
            )
        };
        // The first eight developers between them cover every skill at level 3; the rest
        // draw a main skill at random.
        let main = if i < SKILLS.len() {
            i
        } else {
            rng.below(SKILLS.len())
        };
        let main_level = if i < SKILLS.len() {
            3
        } else {
            2 + rng.below(2) as u32
        };
        let mut skills = vec![(main, main_level)];
        let wanted = 2 + rng.below(3);
        while skills.len() < wanted {
            let skill = rng.below(SKILLS.len());
            if skills.iter().all(|&(s, _)| s != skill) {
                skills.push((skill, 1 + rng.weighted(&[45, 40, 15]) as u32));
            }
        }
        developers.push(GenDeveloper {
            name,
            role: ROLES[main],
            weekly_hours: 40,
            skills,
            time_off: Vec::new(),
        });
    }

    // A few part-timers (about one in seven, at least one in a team of four or more).
    let part_timers = if count >= 4 { count.div_ceil(7) } else { 0 };
    for _ in 0..part_timers {
        let d = rng.below(count);
        developers[d].weekly_hours = [20, 24, 28, 32][rng.below(4)];
    }
    // One week off for one developer, two in a team of six or more.
    let away = if count >= 6 { 2 } else { 1 };
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    while taken.len() < away.min(count) {
        let d = rng.below(count);
        if taken.insert(d) {
            developers[d]
                .time_off
                .push(WEEKS_OFF[rng.below(WEEKS_OFF.len())]);
        }
    }
    developers
}

fn covers(developer: &GenDeveloper, needs: &[(usize, u32)]) -> bool {
    needs.iter().all(|&(skill, level)| {
        developer
            .skills
            .iter()
            .any(|&(s, l)| s == skill && l >= level)
    })
}

/// Makes sure every task has a developer with all its skills: first by raising or adding
/// skills of the developer who is closest (never beyond 4 skills), else by easing the task.
fn ensure_capable(generated: &mut Generated) {
    for t in 0..generated.tasks.len() {
        let needs = generated.tasks[t].skills.clone();
        if generated.developers.iter().any(|d| covers(d, &needs)) {
            continue;
        }
        // Closest developer: the most required skills already held (first on ties).
        let missing = |d: &GenDeveloper| {
            needs
                .iter()
                .filter(|&&(s, _)| d.skills.iter().all(|&(ds, _)| ds != s))
                .count()
        };
        let best = (0..generated.developers.len())
            .filter(|&d| {
                let dev = &generated.developers[d];
                dev.skills.len() + missing(dev) <= 4
            })
            .min_by_key(|&d| missing(&generated.developers[d]));
        if let Some(d) = best {
            let dev = &mut generated.developers[d];
            for &(skill, level) in &needs {
                match dev.skills.iter_mut().find(|(s, _)| *s == skill) {
                    Some(held) => held.1 = held.1.max(level),
                    None => dev.skills.push((skill, level)),
                }
            }
            continue;
        }
        // Every developer is full: keep the task's first skill, at a level someone has.
        let task = &mut generated.tasks[t];
        task.skills.truncate(1);
        if let Some(&(skill, level)) = task.skills.first() {
            let top = generated
                .developers
                .iter()
                .flat_map(|d| d.skills.iter())
                .filter(|&&(s, _)| s == skill)
                .map(|&(_, l)| l)
                .max();
            match top {
                Some(top) => task.skills[0].1 = level.min(top),
                None => task.skills.clear(),
            }
        }
    }
}

/// A `require` rule for the URGENT tasks of one project, given to the two developers who
/// between them can do all of them; `None` when no project allows one.
fn choose_rule(rng: &mut Rng, generated: &Generated) -> Option<GenRule> {
    let n = generated.developers.len();
    if n < 3 {
        return None; // with two developers the rule would restrict nothing
    }
    let first = rng.below(PROJECTS.len());
    for offset in 0..PROJECTS.len() {
        let project = (first + offset) % PROJECTS.len();
        let urgent: Vec<&GenTask> = generated
            .tasks
            .iter()
            .filter(|t| t.project == project && t.priority == 0)
            .collect();
        if urgent.len() < 2 {
            continue;
        }
        for a in 0..n {
            for b in a + 1..n {
                let pair = [&generated.developers[a], &generated.developers[b]];
                if urgent
                    .iter()
                    .all(|t| pair.iter().any(|d| covers(d, &t.skills)))
                {
                    return Some(GenRule {
                        project,
                        developers: [a, b],
                    });
                }
            }
        }
    }
    None
}

fn skill_text(&(skill, level): &(usize, u32)) -> String {
    // Level 1 is written bare, as people do: SPEC 3 says a missing level means 1.
    if level == 1 {
        SKILLS[skill].to_string()
    } else {
        format!("{}:{level}", SKILLS[skill])
    }
}

/// The backlog as SPEC 2.2 CSV.
pub fn render_backlog(generated: &Generated) -> String {
    let mut out = String::from("id,title,project,priority,category,hours,depends_on,skills\n");
    for task in &generated.tasks {
        let deps: Vec<&str> = task
            .depends_on
            .iter()
            .map(|&d| generated.tasks[d].id.as_str())
            .collect();
        let skills: Vec<String> = task.skills.iter().map(skill_text).collect();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            task.id,
            task.title,
            PROJECTS[task.project].0,
            PRIORITIES[task.priority],
            task.category,
            task.hours,
            deps.join(";"),
            skills.join(";"),
        );
    }
    out
}

/// The team as SPEC 3 TOML.
pub fn render_team(generated: &Generated) -> String {
    let mut out = String::from(concat!(
        "[calendar]\n",
        "start = \"2026-11-30\"\n",
        "day_start = \"09:00\"\n",
        "hours_per_day = 8\n",
        "workdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\n",
        "holidays = [\"2026-12-25\", \"2027-01-01\"]\n",
        "sprint_weeks = 2\n",
    ));
    for dev in &generated.developers {
        let skills: Vec<String> = dev
            .skills
            .iter()
            .map(|s| format!("\"{}\"", skill_text(s)))
            .collect();
        let _ = write!(
            out,
            "\n[[developer]]\nname = \"{}\"\nrole = \"{}\"\nweekly_hours = {}\nskills = [{}]\n",
            dev.name,
            dev.role,
            dev.weekly_hours,
            skills.join(", ")
        );
        if !dev.time_off.is_empty() {
            let ranges: Vec<String> = dev
                .time_off
                .iter()
                .map(|(from, to)| format!("[\"{from}\", \"{to}\"]"))
                .collect();
            let _ = writeln!(out, "time_off = [{}]", ranges.join(", "));
        }
    }
    if let Some(rule) = &generated.rule {
        let project = PROJECTS[rule.project].0;
        let _ = write!(
            out,
            concat!(
                "\n[[rule]]\n",
                "name = \"{project} urgent to its leads\"\n",
                "when = {{ priority = [\"URGENT\"], project = [\"{project}\"] }}\n",
                "assign_to = [\"{a}\", \"{b}\"]\n",
                "mode = \"require\"\n",
            ),
            project = project,
            a = generated.developers[rule.developers[0]].name,
            b = generated.developers[rule.developers[1]].name,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Reads the rendered CSV back (the generator never writes commas or quotes in fields).
    fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        lines
            .map(|line| {
                let fields: Vec<&str> = line.split(',').collect();
                assert_eq!(fields.len(), header.len(), "row {line:?}");
                header
                    .iter()
                    .zip(fields)
                    .map(|(h, f)| (h.to_string(), f.to_string()))
                    .collect()
            })
            .collect()
    }

    fn parse_skill(text: &str) -> (usize, u32) {
        let (name, level) = text.split_once(':').unwrap_or((text, "1"));
        let skill = SKILLS.iter().position(|s| *s == name).unwrap();
        (skill, level.parse().unwrap())
    }

    #[test]
    fn same_seed_same_text_other_seed_other_text() {
        assert_eq!(generate(300, 12, 7), generate(300, 12, 7));
        assert_ne!(generate(300, 12, 7).0, generate(300, 12, 8).0);
    }

    #[test]
    fn every_task_has_a_capable_developer() {
        for (tasks, devs, seed) in [
            (57, 4, 1),
            (500, 20, 2),
            (200, 2, 3),
            (100, 1, 4),
            (2000, 50, 5),
        ] {
            let (csv, toml) = generate(tasks, devs, seed);
            // Developer skills read back from the TOML text, not from the model.
            let team: Vec<Vec<(usize, u32)>> = toml
                .lines()
                .filter_map(|l| l.strip_prefix("skills = ["))
                .map(|l| {
                    l.trim_end_matches(']')
                        .split(", ")
                        .map(|s| parse_skill(s.trim_matches('"')))
                        .collect()
                })
                .collect();
            assert_eq!(team.len(), devs);
            assert!(team.iter().all(|s| (2..=4).contains(&s.len())));
            let rows = rows(&csv);
            assert_eq!(rows.len(), tasks);
            for row in &rows {
                let needs: Vec<(usize, u32)> = row["skills"]
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(parse_skill)
                    .collect();
                assert!(
                    team.iter().any(|have| needs
                        .iter()
                        .all(|n| have.iter().any(|h| h.0 == n.0 && h.1 >= n.1))),
                    "no developer for {} {:?}",
                    row["id"],
                    needs
                );
            }
            let model = generate_model(tasks, devs, seed);
            if let Some(rule) = &model.rule {
                for task in model
                    .tasks
                    .iter()
                    .filter(|t| t.project == rule.project && t.priority == 0)
                {
                    assert!(rule
                        .developers
                        .iter()
                        .any(|&d| covers(&model.developers[d], &task.skills)));
                }
            }
        }
    }

    #[test]
    fn dependency_graph_is_acyclic_and_within_projects() {
        let (csv, _) = generate(1000, 15, 11);
        let rows = rows(&csv);
        let index: BTreeMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r["id"].as_str(), i))
            .collect();
        assert_eq!(index.len(), rows.len(), "ids are unique");
        // Kahn's algorithm on the text as read back.
        let mut indegree = vec![0usize; rows.len()];
        let mut successors = vec![Vec::new(); rows.len()];
        let mut with_deps = 0;
        for (i, row) in rows.iter().enumerate() {
            let deps: Vec<&str> = row["depends_on"]
                .split(';')
                .filter(|s| !s.is_empty())
                .collect();
            with_deps += usize::from(!deps.is_empty());
            for dep in deps {
                let j = index[dep];
                assert_eq!(rows[j]["project"], row["project"]);
                successors[j].push(i);
                indegree[i] += 1;
            }
        }
        let mut ready: Vec<usize> = (0..rows.len()).filter(|&i| indegree[i] == 0).collect();
        let mut seen = 0;
        while let Some(i) = ready.pop() {
            seen += 1;
            for &j in &successors[i] {
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    ready.push(j);
                }
            }
        }
        assert_eq!(seen, rows.len(), "a cycle");
        let share = with_deps as f64 / rows.len() as f64;
        assert!(
            (0.3..0.5).contains(&share),
            "{share} of tasks have dependencies"
        );
    }

    #[test]
    fn mix_looks_like_a_backlog() {
        let model = generate_model(2000, 20, 3);
        let mut priorities = [0usize; 4];
        for t in &model.tasks {
            priorities[t.priority] += 1;
            assert!((1..=24).contains(&t.hours));
        }
        let share = |n: usize| n as f64 / model.tasks.len() as f64;
        for (count, want) in priorities.iter().zip([0.1, 0.3, 0.4, 0.2]) {
            assert!((share(*count) - want).abs() < 0.04, "{priorities:?}");
        }
        let small = model
            .tasks
            .iter()
            .filter(|t| (2..=8).contains(&t.hours))
            .count();
        assert!(share(small) > 0.6);
        let skilled = model.tasks.iter().filter(|t| !t.skills.is_empty()).count();
        assert!((share(skilled) - 0.6).abs() < 0.05);
        let projects: BTreeSet<usize> = model.tasks.iter().map(|t| t.project).collect();
        assert_eq!(projects.len(), 8);
        assert!(model.developers.iter().any(|d| d.weekly_hours < 40));
        assert_eq!(
            model
                .developers
                .iter()
                .filter(|d| !d.time_off.is_empty())
                .count(),
            2
        );
        let names: BTreeSet<&str> = model.developers.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names.len(), model.developers.len());
    }
}
