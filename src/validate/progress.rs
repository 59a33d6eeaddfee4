//! The validator's rules of a re-plan (SPEC 7.2): the plan start, and
//! in-progress tasks that continue first on their developer.

use super::*;

impl Validator<'_> {
    /// SPEC 7.2: an in-progress task stays with the developer on it and is
    /// the first thing they work on from the plan start (after the
    /// in-progress tasks before it in the backlog); the first of them starts
    /// on that developer's first working day from the plan start.
    pub(super) fn check_in_progress(
        &mut self,
        planned: &BTreeMap<usize, Planned>,
        stretches: &[Stretch],
    ) {
        let cal = &self.team.calendar;
        let mut first_of: BTreeMap<usize, NaiveDateTime> = BTreeMap::new();
        for s in stretches {
            let e = first_of.entry(s.task).or_insert(s.start);
            *e = (*e).min(s.start);
        }
        let mut seen_on: BTreeMap<usize, usize> = BTreeMap::new();
        let mut found = Vec::new();
        for (i, task) in self.backlog.tasks.iter().enumerate() {
            if !task.is_in_progress() {
                continue;
            }
            let Some(d) = task
                .progress
                .developer
                .as_deref()
                .and_then(|n| self.team.developer_index(n))
            else {
                continue;
            };
            let this = label(task);
            let dev = &self.team.developers[d];
            let Some(p) = planned.get(&i) else {
                continue;
            };
            if p.developer != Some(d) {
                found.push(format!(
                    "plan.csv line {}: {this} is in progress with {}, but is planned for someone else",
                    p.line, dev.name
                ));
                continue;
            }
            let Some(&start) = first_of.get(&i) else {
                continue;
            };
            // Only other in-progress tasks may come before it.
            if let Some(s) = stretches.iter().find(|s| {
                s.developer == d && s.start < start && !self.backlog.tasks[s.task].is_in_progress()
            }) {
                found.push(format!(
                    "schedule.csv line {}: {} works on {} from {}, before {this}, which is in progress",
                    s.line,
                    dev.name,
                    label(&self.backlog.tasks[s.task]),
                    fmt_time(s.start)
                ));
            }
            let earlier = seen_on.entry(d).or_insert(0);
            *earlier += 1;
            if *earlier == 1 {
                // The first free minute of their first day with working
                // time left (a morning off moves it later that day).
                let mut day = cal.plan_start();
                let mut steps = 0;
                let mut free = super::days::free_windows(cal, dev, day);
                while free.is_empty() && steps < 3660 {
                    day = day.succ_opt().unwrap_or(day);
                    free = super::days::free_windows(cal, dev, day);
                    steps += 1;
                }
                let opens = free.first().map_or(day.and_time(cal.day_start), |w| w.0);
                if start != opens {
                    found.push(format!(
                        "{this} is in progress with {}, so it starts at {}, their first working time from the plan start, not at {}",
                        dev.name,
                        fmt_time(opens),
                        fmt_time(start)
                    ));
                }
            }
        }
        for f in found {
            self.push(f);
        }
    }
}

/// Why `dev` does not work on `day`, following the words a lead reads;
/// None when it is one of their working days. Nothing is planned before the
/// plan start (the as-of date of a re-plan).
pub(super) fn off_reason(cal: &Calendar, dev: &Developer, day: NaiveDate) -> Option<String> {
    let name = &dev.name;
    let start = cal.plan_start();
    if day < start {
        Some(format!("before the plan starts on {start}"))
    } else if !cal.workdays.contains(&day.weekday()) {
        Some("which is not a workday".to_string())
    } else if !dev.works_on(cal, day.weekday()) {
        let days: Vec<String> = dev.workdays(cal).iter().map(|w| w.to_string()).collect();
        Some(format!(
            "which is not one of {name}'s workdays ({})",
            days.join(", ")
        ))
    } else if cal.holidays.contains(&day) {
        Some("which is a holiday".to_string())
    } else if let Some(off) = dev.time_off.iter().find(|r| r.contains(day)) {
        Some(format!(
            "which is in {name}'s time off ({} to {})",
            off.first, off.last
        ))
    } else if let Some(from) = dev.available_from.filter(|&f| day < f) {
        Some(format!("before {name} is available (from {from})"))
    } else {
        dev.available_until
            .filter(|&u| day > u)
            .map(|u| format!("after {name} leaves (available until {u})"))
    }
}
