//! iMOPSE MS-RCPSP instances (`.def` files) and their translation into sprintcast inputs.
//!
//! Std only, so benches, examples and tests can include it with
//! `#[path = "../benches/support/imopse.rs"] mod imopse;`. The parsing rules follow the
//! reference parser `shared/bench/imopse.py`: rows after a `ResourceID` header are
//! resources, rows after a `TaskID` header are tasks, a `===` line closes a section that
//! has rows, rows start with a digit, skills are `Qk: L` pairs and the rest of a row is
//! split on whitespace. Where the Python parser would crash or silently overwrite
//! (duplicate ids, unknown predecessors, cycles, no resources, counts that disagree with
//! the header), this one returns an error naming the line.
//!
//! The mapping to sprintcast (shared/bench/README.md): one time unit is one hour, every day
//! is a 24-hour workday, `Qk: L` becomes the skill `qk:L`, predecessors become `depends_on`.

// Each includer uses a different subset of this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One iMOPSE instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// Instance name (the file name without `.def`); becomes the project of every task.
    pub name: String,
    /// Resources in file order.
    pub resources: Vec<Resource>,
    /// Tasks in file order.
    pub tasks: Vec<ImTask>,
}

/// A resource (a developer in sprintcast terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// `ResourceID`.
    pub id: u32,
    /// `(k, level)` for each `Qk: level`, in file order (a repeated `k` keeps the last level).
    pub skills: Vec<(u32, u32)>,
}

/// A task: runs on one resource that has `skill.0` at level `skill.1` or higher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImTask {
    /// `TaskID`.
    pub id: u32,
    /// Duration in time units (hours).
    pub duration: u32,
    /// Required skill `(k, minimum level)`.
    pub skill: (u32, u32),
    /// Ids of the tasks that must finish before this one starts.
    pub preds: Vec<u32>,
}

impl Resource {
    /// Level of skill `k`, if the resource has it.
    pub fn level(&self, k: u32) -> Option<u32> {
        self.skills.iter().find(|&&(q, _)| q == k).map(|&(_, l)| l)
    }
}

impl Instance {
    /// Resources able to run `task` (skill present at the required level or above).
    pub fn capable<'a>(&'a self, task: &'a ImTask) -> impl Iterator<Item = &'a Resource> + 'a {
        let (k, lvl) = task.skill;
        self.resources
            .iter()
            .filter(move |r| r.level(k).is_some_and(|l| l >= lvl))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Resources,
    Tasks,
}

/// Parses the text of a `.def` file. `name` is the instance name used in messages and as
/// the project name.
pub fn parse(name: &str, text: &str) -> Result<Instance, String> {
    let mut resources: Vec<Resource> = Vec::new();
    let mut tasks: Vec<ImTask> = Vec::new();
    let mut header: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let mut mode: Option<Section> = None;
    let mut resource_line: BTreeMap<u32, usize> = BTreeMap::new();
    let mut task_line: BTreeMap<u32, usize> = BTreeMap::new();

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let at = |msg: String| format!("{name}:{line_no}: {msg}");
        let s = raw.trim();
        if s.starts_with("ResourceID") {
            mode = Some(Section::Resources);
            continue;
        }
        if s.starts_with("TaskID") {
            mode = Some(Section::Tasks);
            continue;
        }
        if s.starts_with("===") {
            let closes = match mode {
                Some(Section::Resources) => !resources.is_empty(),
                Some(Section::Tasks) => !tasks.is_empty(),
                None => false,
            };
            if closes {
                mode = None;
            }
            continue;
        }
        if mode.is_none() {
            for key in ["Tasks", "Resources", "Precedence relations"] {
                if let Some(rest) = s.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                    let value = rest
                        .trim()
                        .parse::<u64>()
                        .map_err(|_| at(format!("{key}: {:?} is not a number", rest.trim())))?;
                    header.insert(key, (line_no, value));
                }
            }
        }
        let Some(section) = mode else { continue };
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (skills, rest) = split_skills(s).map_err(at)?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let number = |i: usize, what: &str| -> Result<u32, String> {
            let field = fields.get(i).ok_or_else(|| at(format!("missing {what}")))?;
            field
                .parse::<u32>()
                .map_err(|_| at(format!("{what} {field:?} is not a whole number")))
        };
        let id = number(0, "id")?;
        match section {
            Section::Resources => {
                let salary = fields.get(1).ok_or_else(|| at("missing salary".into()))?;
                salary
                    .parse::<f64>()
                    .map_err(|_| at(format!("salary {salary:?} is not a number")))?;
                if let Some(first) = resource_line.insert(id, line_no) {
                    return Err(at(format!("resource {id} already defined on line {first}")));
                }
                let mut merged: Vec<(u32, u32)> = Vec::new();
                for (k, l) in skills {
                    match merged.iter_mut().find(|(q, _)| *q == k) {
                        Some(slot) => slot.1 = l,
                        None => merged.push((k, l)),
                    }
                }
                resources.push(Resource { id, skills: merged });
            }
            Section::Tasks => {
                let duration = number(1, "duration")?;
                let skill = *skills
                    .first()
                    .ok_or_else(|| at(format!("task {id} has no `Qk: L` skill")))?;
                let preds = (2..fields.len())
                    .map(|i| number(i, "predecessor id"))
                    .collect::<Result<Vec<u32>, String>>()?;
                if let Some(first) = task_line.insert(id, line_no) {
                    return Err(at(format!("task {id} already defined on line {first}")));
                }
                tasks.push(ImTask {
                    id,
                    duration,
                    skill,
                    preds,
                });
            }
        }
    }

    if resources.is_empty() {
        return Err(format!(
            "{name}: no resources (no rows after a `ResourceID` line)"
        ));
    }
    if tasks.is_empty() {
        return Err(format!("{name}: no tasks (no rows after a `TaskID` line)"));
    }
    let relations: usize = tasks.iter().map(|t| t.preds.len()).sum();
    for (key, found) in [
        ("Tasks", tasks.len()),
        ("Resources", resources.len()),
        ("Precedence relations", relations),
    ] {
        if let Some(&(line_no, stated)) = header.get(key) {
            if stated != found as u64 {
                return Err(format!(
                    "{name}:{line_no}: header says {key}: {stated}, the file has {found}"
                ));
            }
        }
    }
    for task in &tasks {
        for p in &task.preds {
            if !task_line.contains_key(p) {
                return Err(format!(
                    "{name}:{}: task {} has unknown predecessor {p}",
                    task_line[&task.id], task.id
                ));
            }
        }
    }
    let instance = Instance {
        name: name.to_string(),
        resources,
        tasks,
    };
    if topological_order(&instance).is_none() {
        return Err(format!("{name}: the precedence relations contain a cycle"));
    }
    Ok(instance)
}

/// Removes every `Q<digits>:<whitespace*><digits>` from `s` (as `re.sub` does in the
/// reference parser) and returns the pairs found and the remaining text.
fn split_skills(s: &str) -> Result<(Vec<(u32, u32)>, String), String> {
    let bytes = s.as_bytes();
    let digits_end = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let value = |from: usize, to: usize| {
        s[from..to]
            .parse::<u32>()
            .map_err(|_| format!("skill number {:?} is too large", &s[from..to]))
    };
    let mut skills = Vec::new();
    let mut rest = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'Q' {
            let k_end = digits_end(i + 1);
            if k_end > i + 1 && bytes.get(k_end) == Some(&b':') {
                let after_colon = &s[k_end + 1..];
                let l_start = s.len() - after_colon.trim_start().len();
                let l_end = digits_end(l_start);
                if l_end > l_start {
                    skills.push((value(i + 1, k_end)?, value(l_start, l_end)?));
                    rest.push_str(&s[copied..i]);
                    copied = l_end;
                    i = l_end;
                    continue;
                }
            }
        }
        i += 1;
    }
    rest.push_str(&s[copied..]);
    Ok((skills, rest))
}

/// Task indices in an order where every task comes after its predecessors, or `None` on a
/// cycle. iMOPSE ids are not guaranteed to be topological.
fn topological_order(instance: &Instance) -> Option<Vec<usize>> {
    let index: BTreeMap<u32, usize> = instance
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let n = instance.tasks.len();
    let mut indegree = vec![0usize; n];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, task) in instance.tasks.iter().enumerate() {
        // A predecessor listed twice is one relation.
        let preds: BTreeSet<u32> = task.preds.iter().copied().collect();
        for p in preds {
            successors[*index.get(&p)?].push(i);
            indegree[i] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        order.push(i);
        for &j in &successors[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(j);
            }
        }
    }
    (order.len() == n).then_some(order)
}

/// Length of the longest precedence chain (sum of durations).
pub fn critical_path(instance: &Instance) -> u64 {
    let Some(order) = topological_order(instance) else {
        // `parse` rejects cycles; a hand-built cyclic instance has no finite bound.
        return u64::MAX;
    };
    let index: BTreeMap<u32, usize> = instance
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut finish = vec![0u64; instance.tasks.len()];
    for i in order {
        let task = &instance.tasks[i];
        let start = task
            .preds
            .iter()
            .map(|p| finish[index[p]])
            .max()
            .unwrap_or(0);
        finish[i] = start + u64::from(task.duration);
    }
    finish.into_iter().max().unwrap_or(0)
}

/// The lower bound used in the iMOPSE tables and `imopse.py`:
/// max(critical path, ceil(total duration / number of resources)).
pub fn lower_bound(instance: &Instance) -> u64 {
    let total: u64 = instance.tasks.iter().map(|t| u64::from(t.duration)).sum();
    let resources = instance.resources.len().max(1) as u64;
    critical_path(instance).max(total.div_ceil(resources))
}

/// The instance as a sprintcast CSV backlog (SPEC 2.2).
pub fn to_backlog_csv(instance: &Instance) -> String {
    let mut out = String::from("id,title,project,priority,hours,depends_on,skills\n");
    let project = csv_field(&instance.name);
    for task in &instance.tasks {
        let deps: Vec<String> = task.preds.iter().map(|p| format!("t{p}")).collect();
        let (k, level) = task.skill;
        let _ = writeln!(
            out,
            "t{id},Task {id},{project},MEDIUM,{hours},{deps},q{k}:{level}",
            id = task.id,
            hours = task.duration,
            deps = deps.join(";"),
        );
    }
    out
}

/// The instance as a sprintcast team file (SPEC 3): every day a 24-hour workday, one
/// developer `r<ID>` per resource with 168 hours a week.
pub fn to_team_toml(instance: &Instance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# iMOPSE instance {}", instance.name);
    out.push_str(concat!(
        "[calendar]\n",
        "start = \"2026-11-30\"\n",
        "day_start = \"00:00\"\n",
        "hours_per_day = 24\n",
        "workdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]\n",
        "holidays = []\n",
        "sprint_weeks = 1\n",
    ));
    for resource in &instance.resources {
        let skills: Vec<String> = resource
            .skills
            .iter()
            .map(|&(k, level)| format!("\"q{k}:{level}\""))
            .collect();
        let _ = write!(
            out,
            "\n[[developer]]\nname = \"r{}\"\nweekly_hours = 168\nskills = [{}]\n",
            resource.id,
            skills.join(", ")
        );
    }
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shaped like the real files: tabs, trailing blanks, `===` rules around sections.
    const SMALL: &str = "\
===========================
File name: tiny.def
===========================
General characteristics:
Tasks: 5
Resources: 2
Precedence relations: 3
Number of skill types: 2
===========================
ResourceID \t Salary \t Skills
1\t \t \t56.0\t \t Q1: 0 \t  Q2: 1 \t
2\t \t \t53.6\t \t Q2: 2 \t  Q0: 1 \t
===========================
TaskID \t Duration \t Skill \t Predecessor IDs
1\t \t \t10\t Q2: 1\t \t
2\t \t \t7\t Q0: 1\t \t5\t
3\t \t \t4\t Q1: 0\t \t1\t2\t
4\t \t \t20\t Q2: 2\t \t
5\t \t \t3\t Q2: 1\t \t
===========================
";

    fn small() -> Instance {
        parse("tiny", SMALL).expect("the inline instance parses")
    }

    #[test]
    fn parses_counts_skills_and_predecessors() {
        let inst = small();
        assert_eq!(inst.name, "tiny");
        assert_eq!(inst.resources.len(), 2);
        assert_eq!(inst.tasks.len(), 5);
        assert_eq!(inst.resources[0].skills, vec![(1, 0), (2, 1)]);
        assert_eq!(inst.resources[1].skills, vec![(2, 2), (0, 1)]);
        assert_eq!(
            inst.tasks[2],
            ImTask {
                id: 3,
                duration: 4,
                skill: (1, 0),
                preds: vec![1, 2]
            }
        );
        assert_eq!(inst.tasks[1].preds, vec![5]);
        let capable: Vec<u32> = inst.capable(&inst.tasks[3]).map(|r| r.id).collect();
        assert_eq!(capable, vec![2]);
    }

    #[test]
    fn lower_bound_by_hand() {
        let inst = small();
        // Chains: 5 -> 2 -> 3 is 3 + 7 + 4 = 14; 1 -> 3 is 14; task 4 alone is 20.
        assert_eq!(critical_path(&inst), 20);
        // Total 44 hours over 2 resources: 22 > 20.
        assert_eq!(lower_bound(&inst), 22);
    }

    #[test]
    fn csv_rows() {
        let csv = to_backlog_csv(&small());
        let expected = "\
id,title,project,priority,hours,depends_on,skills
t1,Task 1,tiny,MEDIUM,10,,q2:1
t2,Task 2,tiny,MEDIUM,7,t5,q0:1
t3,Task 3,tiny,MEDIUM,4,t1;t2,q1:0
t4,Task 4,tiny,MEDIUM,20,,q2:2
t5,Task 5,tiny,MEDIUM,3,,q2:1
";
        assert_eq!(csv, expected);
    }

    #[test]
    fn team_toml() {
        let toml = to_team_toml(&small());
        let expected = "\
# iMOPSE instance tiny
[calendar]
start = \"2026-11-30\"
day_start = \"00:00\"
hours_per_day = 24
workdays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]
holidays = []
sprint_weeks = 1

[[developer]]
name = \"r1\"
weekly_hours = 168
skills = [\"q1:0\", \"q2:1\"]

[[developer]]
name = \"r2\"
weekly_hours = 168
skills = [\"q2:2\", \"q0:1\"]
";
        assert_eq!(toml, expected);
    }

    #[test]
    fn skill_pairs_are_cut_out_like_re_sub() {
        let (skills, rest) = split_skills("7\t12\tQ3:  2 Q11:0\t4 Qx: 1 Q5:").unwrap();
        assert_eq!(skills, vec![(3, 2), (11, 0)]);
        assert_eq!(
            rest.split_whitespace().collect::<Vec<_>>(),
            ["7", "12", "4", "Qx:", "1", "Q5:"]
        );
    }

    #[test]
    fn rejects_what_the_reference_would_crash_on() {
        let cyclic = SMALL.replace("1\t \t \t10\t Q2: 1\t \t", "1\t \t \t10\t Q2: 1\t \t3\t");
        let cyclic = cyclic.replace("Precedence relations: 3", "Precedence relations: 4");
        assert!(parse("c", &cyclic).unwrap_err().contains("cycle"));

        let unknown = SMALL.replace("\t5\t\n", "\t9\t\n");
        assert!(parse("u", &unknown)
            .unwrap_err()
            .contains("unknown predecessor 9"));

        let count = SMALL.replace("Tasks: 5", "Tasks: 6");
        assert!(parse("n", &count)
            .unwrap_err()
            .contains("header says Tasks: 6"));

        let duplicate = SMALL.replace("5\t \t \t3\t", "4\t \t \t3\t");
        assert!(parse("d", &duplicate)
            .unwrap_err()
            .contains("task 4 already defined"));

        assert!(parse("e", "nothing here")
            .unwrap_err()
            .contains("no resources"));
    }
}
