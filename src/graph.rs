//! The task graph: dependencies resolved to tasks, cycle detection, a
//! topological order and the critical path.
//!
//! Dependencies name a task by id or by exact title (case-insensitive). The
//! graph keeps an edge for every resolved dependency; planning only looks at
//! edges between open tasks (a finished predecessor constrains nothing).
//!
//! Every walk over the graph is a loop with its own worklist, never a
//! recursion: a backlog may be one chain of 100,000 tasks, far deeper than
//! any thread's stack. That is also why the graph is plain adjacency lists
//! rather than a petgraph graph: petgraph 0.8's `tarjan_scc`,
//! `is_cyclic_directed` and `depth_first_search` recurse once per task of a
//! chain.

use std::collections::HashMap;

use crate::error::{closest, Error, Location, Problem, Result};
use crate::model::Backlog;

/// Resolved dependencies of a backlog, indexed like `backlog.tasks`.
#[derive(Debug, Clone)]
pub struct TaskGraph {
    /// Predecessors of each task (open or done), in the order written, without repeats.
    pub preds: Vec<Vec<usize>>,
    /// Successors of each task, ascending.
    pub succs: Vec<Vec<usize>>,
    /// Every task in an order where predecessors come first (ties in file order).
    pub topo: Vec<usize>,
}

/// The longest chain of open tasks, by hours.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalPath {
    /// Total hours along the chain.
    pub hours: f64,
    /// Task indices along the chain, first to last.
    pub tasks: Vec<usize>,
}

impl TaskGraph {
    /// Resolves every dependency of `backlog`, rejecting unknown or ambiguous
    /// references and cycles.
    pub fn build(backlog: &Backlog) -> Result<TaskGraph> {
        let n = backlog.tasks.len();
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(n);
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::with_capacity(n);
        for (i, t) in backlog.tasks.iter().enumerate() {
            by_id.entry(t.id.to_lowercase()).or_insert(i);
            by_title.entry(t.title.to_lowercase()).or_default().push(i);
        }
        let mut preds = vec![Vec::new(); n];
        for (i, t) in backlog.tasks.iter().enumerate() {
            let at = Location::new(backlog.source.clone(), t.line);
            for reference in &t.depends_on {
                let key = reference.trim().to_lowercase();
                let target = if let Some(&j) = by_id.get(&key) {
                    j
                } else {
                    match by_title.get(&key).map(Vec::as_slice) {
                        Some([j]) => *j,
                        Some(many) => {
                            return Err(Error::input(
                                at,
                                Problem::AmbiguousDependency {
                                    task: t.title.clone(),
                                    reference: reference.clone(),
                                    ids: many
                                        .iter()
                                        .map(|&j| backlog.tasks[j].id.clone())
                                        .collect(),
                                },
                            ))
                        }
                        None => {
                            return Err(Error::input(
                                at,
                                Problem::UnknownDependency {
                                    task: t.title.clone(),
                                    reference: reference.clone(),
                                    suggestions: closest(
                                        reference,
                                        backlog.tasks.iter().map(|t| t.title.as_str()),
                                    ),
                                },
                            ))
                        }
                    }
                };
                if !preds[i].contains(&target) {
                    preds[i].push(target);
                }
            }
        }
        // Built in ascending order of the successor, so already sorted.
        let mut succs = vec![Vec::new(); n];
        for (i, ps) in preds.iter().enumerate() {
            for &p in ps {
                succs[p].push(i);
            }
        }
        if let Some(cycle) = find_cycle(&preds, &succs) {
            let first = cycle[0];
            return Err(Error::input(
                Location::new(backlog.source.clone(), backlog.tasks[first].line),
                Problem::Cycle {
                    cycle: cycle
                        .iter()
                        .map(|&i| backlog.tasks[i].title.clone())
                        .collect(),
                },
            ));
        }
        let topo = topological_order(&preds, &succs);
        Ok(TaskGraph { preds, succs, topo })
    }

    /// The longest chain of open tasks by the hours still to do (an
    /// in-progress task counts its remaining hours; ties: the chain ending at
    /// the earliest task in file order).
    pub fn critical_path(&self, backlog: &Backlog) -> CriticalPath {
        let n = backlog.tasks.len();
        let mut longest = vec![0.0f64; n];
        let mut via: Vec<Option<usize>> = vec![None; n];
        for &i in &self.topo {
            let task = &backlog.tasks[i];
            if !task.is_open() {
                continue;
            }
            let mut best = 0.0;
            for &p in &self.preds[i] {
                if backlog.tasks[p].is_open() && longest[p] > best {
                    best = longest[p];
                    via[i] = Some(p);
                }
            }
            longest[i] = best + task.hours_to_plan();
        }
        let Some(end) = (0..n).fold(None, |best: Option<usize>, i| match best {
            Some(b) if longest[b] >= longest[i] => Some(b),
            _ if longest[i] > 0.0 => Some(i),
            other => other,
        }) else {
            return CriticalPath {
                hours: 0.0,
                tasks: Vec::new(),
            };
        };
        let mut tasks = vec![end];
        while let Some(p) = via[*tasks.last().unwrap_or(&end)] {
            tasks.push(p);
        }
        tasks.reverse();
        CriticalPath {
            hours: longest[end],
            tasks,
        }
    }
}

/// Kahn's algorithm, taking the lowest-numbered ready task first so the order
/// is stable and follows the file where it can.
fn topological_order(preds: &[Vec<usize>], succs: &[Vec<usize>]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut indegree: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: BinaryHeap<Reverse<usize>> = indegree
        .iter()
        .enumerate()
        .filter(|(_, &d)| d == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
    let mut order = Vec::with_capacity(preds.len());
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &s in &succs[i] {
            indegree[s] -= 1;
            if indegree[s] == 0 {
                ready.push(Reverse(s));
            }
        }
    }
    order
}

/// One dependency cycle, as task indices in dependency order starting at the
/// task that comes first in the file, or None.
fn find_cycle(preds: &[Vec<usize>], succs: &[Vec<usize>]) -> Option<Vec<usize>> {
    // A task depending on itself is the shortest cycle.
    if let Some(i) = (0..preds.len()).find(|&i| preds[i].contains(&i)) {
        return Some(vec![i]);
    }
    // The strongly connected component of the first task in the file that
    // lies on a cycle (components are disjoint, so this is also the
    // component whose sorted task list comes first).
    let component_of = strongly_connected(succs);
    let mut size = vec![0usize; preds.len()];
    for &c in &component_of {
        size[c] += 1;
    }
    let start = (0..preds.len()).find(|&i| size[component_of[i]] > 1)?;
    let inside = |i: usize| component_of[i] == component_of[start];
    // Walk predecessors inside the component from its first task until a task
    // repeats: the walk between the two visits is a cycle (in reverse). Every
    // task of a component with several tasks has a predecessor inside it.
    let mut walk = vec![start];
    let mut seen_at: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    let mut cur = start;
    loop {
        let next = preds[cur].iter().copied().filter(|&p| inside(p)).min()?;
        if let Some(&pos) = seen_at.get(&next) {
            let mut cycle: Vec<usize> = walk[pos..].to_vec();
            cycle.reverse(); // predecessors first: a -> b means b depends on a
            let first = cycle
                .iter()
                .enumerate()
                .min_by_key(|(_, &t)| t)
                .map(|(k, _)| k)
                .unwrap_or(0);
            cycle.rotate_left(first);
            return Some(cycle);
        }
        seen_at.insert(next, walk.len());
        walk.push(next);
        cur = next;
    }
}

/// The strongly connected component of every task (an arbitrary number per
/// component), by Tarjan's algorithm with an explicit stack of the tasks
/// being visited and how far through their successors each one is.
fn strongly_connected(succs: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = succs.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<usize> = Vec::new();
    // (task, successors of it looked at so far)
    let mut visiting: Vec<(usize, usize)> = Vec::new();
    let mut next_index = 0;
    let mut components = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        visiting.push((root, 0));
        while let Some((v, seen)) = visiting.last_mut() {
            let v = *v;
            if let Some(&w) = succs[v].get(*seen) {
                *seen += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    visiting.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            visiting.pop();
            if let Some(&(parent, _)) = visiting.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;

    fn backlog(spec: &[(&str, f64, &[&str])]) -> Backlog {
        Backlog {
            source: "b.md".into(),
            tasks: spec
                .iter()
                .enumerate()
                .map(|(i, (title, hours, deps))| {
                    let mut t = Task::new(format!("t{i}"), *title, *hours);
                    t.depends_on = deps.iter().map(|s| s.to_string()).collect();
                    t.line = i + 1;
                    t
                })
                .collect(),
            ..Backlog::default()
        }
    }

    #[test]
    fn resolves_by_id_and_title_and_finds_critical_path() {
        let b = backlog(&[
            ("Design", 4.0, &[]),
            ("Build", 10.0, &["design"]),
            ("Test", 3.0, &["t1"]),
            ("Docs", 20.0, &[]),
        ]);
        let g = TaskGraph::build(&b).unwrap();
        assert_eq!(g.preds[1], vec![0]);
        assert_eq!(g.preds[2], vec![1]);
        assert_eq!(g.topo, vec![0, 1, 2, 3]);
        let cp = g.critical_path(&b);
        assert_eq!(cp.hours, 20.0);
        assert_eq!(cp.tasks, vec![3]);
    }

    #[test]
    fn chain_beats_single_long_task() {
        let b = backlog(&[("A", 8.0, &[]), ("B", 8.0, &["A"]), ("C", 10.0, &[])]);
        let g = TaskGraph::build(&b).unwrap();
        let cp = g.critical_path(&b);
        assert_eq!((cp.hours, cp.tasks), (16.0, vec![0, 1]));
    }

    #[test]
    fn done_predecessors_do_not_count() {
        let mut b = backlog(&[("A", 8.0, &[]), ("B", 8.0, &["A"])]);
        b.tasks[0].status = crate::model::Status::Done;
        let g = TaskGraph::build(&b).unwrap();
        assert_eq!(g.critical_path(&b).hours, 8.0);
    }

    /// A 16-hour task with 2 hours left, then a 12-hour one: 14 hours to
    /// go, not 28.
    #[test]
    fn an_in_progress_task_counts_its_remaining_hours() {
        let mut b = backlog(&[("A", 16.0, &[]), ("B", 12.0, &["A"])]);
        b.tasks[0].status = crate::model::Status::InProgress;
        b.tasks[0].progress.remaining = Some(2.0);
        let g = TaskGraph::build(&b).unwrap();
        assert_eq!(g.critical_path(&b).hours, 14.0);
    }

    #[test]
    fn unknown_reference_suggests_titles() {
        let b = backlog(&[
            ("Deploy to Render.com", 2.0, &[]),
            ("SSL", 2.0, &["Deploy to Render"]),
        ]);
        let e = TaskGraph::build(&b).unwrap_err().to_string();
        assert_eq!(
            e,
            "b.md:2: task \"SSL\": dependency \"Deploy to Render\" names no task; did you mean \"Deploy to Render.com\"?"
        );
    }

    #[test]
    fn shared_title_must_be_referred_to_by_id() {
        let b = backlog(&[
            ("Docs", 2.0, &[]),
            ("Docs", 2.0, &[]),
            ("X", 1.0, &["docs"]),
        ]);
        let e = TaskGraph::build(&b).unwrap_err().to_string();
        assert!(
            e.ends_with("matches several tasks; use one of the ids t0, t1"),
            "{e}"
        );
    }

    #[test]
    fn cycle_is_printed_whole() {
        let b = backlog(&[
            ("Free", 1.0, &[]),
            ("A", 1.0, &["C"]),
            ("B", 1.0, &["A"]),
            ("C", 1.0, &["B"]),
        ]);
        let e = TaskGraph::build(&b).unwrap_err().to_string();
        assert_eq!(
            e,
            "b.md:2: dependency cycle: \"A\" -> \"B\" -> \"C\" -> \"A\""
        );
        let selfdep = backlog(&[("A", 1.0, &["A"])]);
        assert_eq!(
            TaskGraph::build(&selfdep).unwrap_err().to_string(),
            "b.md:1: dependency cycle: \"A\" -> \"A\""
        );
    }
}
