//! What sets the finish date (SPEC 9.5): the loads that rules, skills and
//! owners force onto one developer or a group of developers. Every task
//! whose allowed developers all lie in a group G must be done by G, so no
//! plan finishes before G's calendars together hold that work; for one
//! developer that is "Jonathan alone must do 113 h". `check` states the
//! binding one in a sentence and the makespan bound includes it.

use crate::calendar::WorkCalendar;

/// Work that only one group of developers may do.
#[derive(Debug, Clone, PartialEq)]
pub struct ForcedLoad {
    /// The developers (indices into the team, ascending).
    pub developers: Vec<usize>,
    /// The minutes of work only they may do.
    pub minutes: i64,
    /// How many tasks that work is.
    pub tasks: usize,
    /// The clock time by which their calendars together first hold it
    /// (the horizon's end when they never do).
    pub end: i64,
}

/// The minutes of work developers `group` have done by clock time `t`,
/// together.
pub fn held_by(cal: &WorkCalendar, group: &[usize], t: i64) -> i64 {
    group
        .iter()
        .map(|&d| cal.developers[d].work_before(t, cal.day_minutes))
        .sum()
}

/// The first clock time by which developers `group` together have done
/// `work` minutes (the horizon's end when they never do): the whole team's
/// is the capacity bound, a smaller group's a forced load's end.
pub fn when_held(cal: &WorkCalendar, group: &[usize], work: i64) -> i64 {
    let (mut lo, mut hi) = (0i64, cal.horizon_days() as i64 * cal.day_minutes);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if held_by(cal, group, mid) >= work {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// How many groups are looked at, at most: the distinct sets of allowed
/// developers, smallest first (a backlog has a handful; a generated one may
/// have thousands, and each costs a pass over the tasks).
const MAX_GROUPS: usize = 256;

/// Every forced load, latest end first: one per distinct set of allowed
/// developers that is not the whole team (the whole team's load is the
/// capacity bound). `allowed[j]` lists the developers that may take task
/// j, `minutes[j]` its work.
pub fn forced_loads(
    cal: &WorkCalendar,
    allowed: &[Vec<usize>],
    minutes: &[i64],
) -> Vec<ForcedLoad> {
    let m = cal.developers.len();
    let mut groups: Vec<&Vec<usize>> = allowed.iter().filter(|a| a.len() < m).collect();
    groups.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    groups.dedup();
    groups.truncate(MAX_GROUPS);
    let mut loads: Vec<ForcedLoad> = groups
        .into_iter()
        .map(|group| {
            let within = |a: &Vec<usize>| a.iter().all(|d| group.binary_search(d).is_ok());
            let (work, tasks) = allowed
                .iter()
                .zip(minutes)
                .filter(|(a, _)| within(a))
                .fold((0i64, 0usize), |(w, k), (_, &p)| {
                    (w.saturating_add(p), k + 1)
                });
            ForcedLoad {
                developers: group.clone(),
                minutes: work,
                tasks,
                end: when_held(cal, group, work),
            }
        })
        .collect();
    loads.sort_by(|a, b| {
        b.end
            .cmp(&a.end)
            .then_with(|| a.developers.len().cmp(&b.developers.len()))
            .then_with(|| a.developers.cmp(&b.developers))
    });
    loads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{Calendar, Developer, Team, Weights};

    fn team(weekly: &[f64]) -> Team {
        Team {
            source: "team.toml".into(),
            calendar: Calendar::default(),
            weights: Weights::default(),
            prefer_penalty_hours: 0.0,
            developers: weekly
                .iter()
                .enumerate()
                .map(|(k, &weekly_hours)| Developer::new(format!("D{k}"), weekly_hours))
                .collect(),
            rules: Vec::new(),
        }
    }

    #[test]
    fn one_developers_forced_work_ends_when_their_calendar_holds_it() {
        // D0 works 8 h a day, D1 4 h a day (20 h a week over five days).
        let team = team(&[40.0, 20.0]);
        let cal = WorkCalendar::new(&team, 100 * 60, 1);
        // 20 h only D1 may do, 10 h for either: D1 alone needs five days.
        let allowed = vec![vec![1], vec![1], vec![0, 1]];
        let minutes = vec![12 * 60, 8 * 60, 10 * 60];
        let loads = forced_loads(&cal, &allowed, &minutes);
        assert_eq!(loads.len(), 1, "the whole team's set is not a forced load");
        assert_eq!(loads[0].developers, vec![1]);
        assert_eq!(loads[0].minutes, 20 * 60);
        assert_eq!(loads[0].tasks, 2);
        // Five business days of 4 h: the fifth day's 4 hours end at 4 h into day 5.
        assert_eq!(cal.business_hours(loads[0].end), 4.0 * 8.0 + 4.0);
    }

    #[test]
    fn a_group_counts_the_work_of_its_subsets() {
        let team = team(&[40.0, 40.0, 40.0]);
        let cal = WorkCalendar::new(&team, 200 * 60, 1);
        // 16 h only D0, 16 h D0 or D1: D0 and D1 together hold 32 h after
        // two days; D0 alone holds 16 h after two days too.
        let allowed = vec![vec![0], vec![0, 1], vec![0, 1, 2]];
        let minutes = vec![16 * 60, 16 * 60, 60];
        let loads = forced_loads(&cal, &allowed, &minutes);
        let pair = loads.iter().find(|l| l.developers == vec![0, 1]).unwrap();
        assert_eq!(pair.minutes, 32 * 60);
        assert_eq!(pair.tasks, 2);
        assert_eq!(cal.business_hours(pair.end), 16.0);
        let alone = loads.iter().find(|l| l.developers == vec![0]).unwrap();
        assert_eq!(cal.business_hours(alone.end), 16.0);
    }
}
