//! Work the forecast cannot date (issue 12, item 6): a developer who leaves
//! (`available_until`) before the work given to them is done, or work that
//! runs past the last day sprintcast looks ahead. Neither stops the
//! forecast: in the samples where it happens those tasks are not done (the
//! replay marks them), and the forecast says in how many samples each cause
//! struck and which tasks it hit.

use chrono::NaiveDate;

use super::replay::{Reach, CUT};
use crate::calendar::WorkCalendar;
use crate::model::Backlog;
use crate::optimizer::Instance;
use crate::team::Team;

/// Why work is not done in some samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The developer leaves after `until` (their `available_until`).
    Leaves {
        /// Who leaves.
        developer: String,
        /// Their last day.
        until: NaiveDate,
    },
    /// The work runs past the last business day the forecast looks ahead.
    Horizon {
        /// That day.
        last_day: NaiveDate,
        /// Business days from the start through it.
        days: usize,
        /// What keeps the forecast from looking further.
        limit: String,
    },
}

/// One cause of unfinished work, and how often it strikes.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Why.
    pub cause: Cause,
    /// Samples in which at least one task is not done for that reason.
    pub samples: usize,
    /// That count as a share of all samples.
    pub share: f64,
    /// Ids of the tasks it leaves undone in at least one sample, in backlog
    /// order (the tasks that wait for them are not listed: their rows say
    /// how often they are not done).
    pub tasks: Vec<String>,
}

/// Counts, over samples, of the tasks cut and of the causes behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tally {
    /// By cause: developers in team order, then the horizon.
    by_cause: Vec<usize>,
    /// By task: samples in which it was cut.
    cut: Vec<usize>,
    /// The causes marked in the current sample.
    marked: Vec<usize>,
}

impl Tally {
    /// An empty tally for `n` tasks and `m` developers.
    pub(crate) fn new(n: usize, m: usize) -> Tally {
        Tally {
            by_cause: vec![0; m + 1],
            cut: vec![0; n],
            marked: Vec::new(),
        }
    }

    /// Adds one sample's finishes; `cause` gives each task's cause index.
    pub(crate) fn add(&mut self, row: &[u32], cause: &[usize]) {
        for (j, &f) in row.iter().enumerate() {
            if f == CUT {
                self.cut[j] += 1;
                if !self.marked.contains(&cause[j]) {
                    self.marked.push(cause[j]);
                }
            }
        }
        for c in self.marked.drain(..) {
            self.by_cause[c] += 1;
        }
    }

    /// Adds `other`'s counts (sums: the order of samples does not matter).
    pub(crate) fn absorb(&mut self, other: &Tally) {
        for (a, b) in self.by_cause.iter_mut().zip(&other.by_cause) {
            *a += b;
        }
        for (a, b) in self.cut.iter_mut().zip(&other.cut) {
            *a += b;
        }
    }

    /// Both tallies in one.
    pub(crate) fn merge(mut self, other: Tally) -> Tally {
        self.absorb(&other);
        self
    }
}

/// The cause index of each task's cut on a calendar with `reach`: its
/// developer when they have left before the calendar's end, else the
/// horizon (index `m`).
pub(crate) fn causes(dev: &[usize], reach: &Reach) -> Vec<usize> {
    let m = reach.gone.len();
    dev.iter()
        .map(|&d| if reach.gone[d] { d } else { m })
        .collect()
}

/// What the forecast reports from a tally over `samples` samples on `cal`:
/// a line for every developer who leaves and has planned work (even when
/// their work is always done), then the horizon when it cut anything.
#[allow(clippy::too_many_arguments)]
pub(crate) fn risks(
    backlog: &Backlog,
    team: &Team,
    inst: &Instance,
    dev: &[usize],
    cause: &[usize],
    cal: &WorkCalendar,
    tally: &Tally,
    samples: usize,
) -> Vec<Risk> {
    let m = team.developers.len();
    let tasks_of = |c: usize| -> Vec<String> {
        (0..inst.n())
            .filter(|&j| cause[j] == c && tally.cut[j] > 0)
            .map(|j| backlog.tasks[inst.task[j]].id.clone())
            .collect()
    };
    let share = |k: usize| k as f64 / samples.max(1) as f64;
    let mut out: Vec<Risk> = team
        .developers
        .iter()
        .enumerate()
        .filter(|&(d, _)| dev.contains(&d))
        .filter_map(|(d, developer)| {
            let until = developer.available_until?;
            Some(Risk {
                cause: Cause::Leaves {
                    developer: developer.name.clone(),
                    until,
                },
                samples: tally.by_cause[d],
                share: share(tally.by_cause[d]),
                tasks: tasks_of(d),
            })
        })
        .collect();
    if tally.by_cause[m] > 0 {
        out.push(Risk {
            cause: Cause::Horizon {
                last_day: cal.days.last().copied().unwrap_or(cal.calendar.start),
                days: cal.horizon_days(),
                limit: cal
                    .limit()
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "the forecast looks no further".into()),
            },
            samples: tally.by_cause[m],
            share: share(tally.by_cause[m]),
            tasks: tasks_of(m),
        });
    }
    out
}
