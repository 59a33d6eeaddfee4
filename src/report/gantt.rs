//! The schedule as a Gantt chart in inline SVG: one lane per developer, one
//! bar per task (from its first to its last minute of work, coloured by
//! priority, outlined when it misses its due date), dependency arrows from a
//! task's finish to the start of the tasks waiting for it, sprint
//! boundaries, week ticks and the today line. A bar's tooltip (an SVG
//! `<title>`, so no script is needed) gives the title, id, developer, hours
//! and dates.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{priority_class, Report};
use crate::model::Priority;
use crate::text::date_time_human as fmt_dt_human;
use crate::text::escape::html;
use crate::text::num;

/// Width of the drawing, in SVG units (pixels at 100 %).
const WIDTH: f64 = 1200.0;
/// Room for the developer names.
const LEFT: f64 = 130.0;
const RIGHT: f64 = 12.0;
/// Height of the sprint and date rows above the lanes.
const TOP: f64 = 46.0;
const LANE: f64 = 30.0;
const BAR: f64 = 20.0;
/// Average width of a character of the 10-unit bar font.
const CHAR: f64 = 5.8;

/// The time axis: calendar time from the first sprint's first day to the
/// day after the last sprint's last day.
struct Axis {
    from: NaiveDateTime,
    minutes: f64,
}

impl Axis {
    fn x(&self, t: NaiveDateTime) -> f64 {
        let m = (t - self.from).num_minutes() as f64;
        LEFT + (m / self.minutes).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    }

    fn x_day(&self, d: NaiveDate) -> f64 {
        self.x(d.and_time(chrono::NaiveTime::MIN))
    }
}

/// One coordinate, rounded to a tenth: short and stable text.
fn c(x: f64) -> String {
    num(x, 1)
}

/// Appends the chart to `out`; nothing when the plan has no task.
pub(super) fn write(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let plan = report.plan;
    let (Some(first), Some(last)) = (plan.sprints.first(), plan.sprints.last()) else {
        return Ok(());
    };
    if plan.tasks.is_empty() {
        return Ok(());
    }
    let from = first.1.and_time(chrono::NaiveTime::MIN);
    let to = (last.2 + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    let to = to.max(plan.tasks.iter().map(|t| t.finish).max().unwrap_or(to));
    let axis = Axis {
        from,
        minutes: ((to - from).num_minutes() as f64).max(1.0),
    };

    // Lanes: developers in team order (as in load), then anyone else.
    let mut lanes: Vec<&str> = Vec::new();
    for name in plan
        .load
        .iter()
        .map(|l| l.developer.as_str())
        .chain(plan.tasks.iter().map(|t| t.developer.as_str()))
    {
        if !lanes.contains(&name) {
            lanes.push(name);
        }
    }
    let lane_of: BTreeMap<&str, usize> = lanes.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let lane_y = |dev: &str| TOP + LANE * lane_of[dev] as f64;
    let bottom = TOP + LANE * lanes.len() as f64;
    let height = bottom + 34.0;

    writeln!(
        out,
        r#"<svg class="gantt" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="gantt-title" xmlns="http://www.w3.org/2000/svg">"#,
        w = c(WIDTH),
        h = c(height)
    )?;
    writeln!(
        out,
        r#"<title id="gantt-title">Schedule: {} tasks of {} developers, {} to {}</title>"#,
        plan.tasks.len(),
        lanes.len(),
        first.1,
        last.2
    )?;
    writeln!(
        out,
        r##"<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#57606a"/></marker></defs>"##
    )?;

    // Lanes with the developers' names.
    for (i, dev) in lanes.iter().enumerate() {
        let y = TOP + LANE * i as f64;
        writeln!(
            out,
            r#"<rect class="lane{}" x="0" y="{}" width="{}" height="{}"/><text class="dev" x="6" y="{}">{}</text>"#,
            if i % 2 == 1 { " odd" } else { "" },
            c(y),
            c(WIDTH),
            c(LANE),
            c(y + LANE / 2.0 + 4.0),
            html(dev)
        )?;
    }

    // Week ticks from the plan's first day; fewer labels on long plans.
    let weeks = ((to - from).num_days() + 6) / 7;
    let every = (weeks / 14 + 1).max(1);
    for w in 0..=weeks {
        let day = first.1 + Duration::days(7 * w);
        let x = axis.x_day(day);
        if x > WIDTH - RIGHT {
            break;
        }
        writeln!(
            out,
            r#"<line class="week" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            c(TOP - 6.0),
            c(bottom),
            x = c(x)
        )?;
        if w % every == 0 {
            writeln!(
                out,
                r#"<text class="tick" x="{}" y="{}">{}</text>"#,
                c(x + 3.0),
                c(TOP - 8.0),
                day.format("%-d %b")
            )?;
        }
    }

    // Sprint boundaries, with the sprint's number centred above it.
    for &(k, start, end) in &plan.sprints {
        let x0 = axis.x_day(start);
        let x1 = axis.x_day(end + Duration::days(1));
        writeln!(
            out,
            r#"<line class="sprint" x1="{x}" y1="2" x2="{x}" y2="{}"/><text class="sprint-label" x="{}" y="14" text-anchor="middle">Sprint {k}</text>"#,
            c(bottom + 4.0),
            c((x0 + x1) / 2.0),
            x = c(x0)
        )?;
    }
    let x_end = axis.x_day(last.2 + Duration::days(1));
    writeln!(
        out,
        r#"<line class="sprint" x1="{x}" y1="2" x2="{x}" y2="{}"/>"#,
        c(bottom + 4.0),
        x = c(x_end)
    )?;

    // Dependency arrows, under the bars.
    let by_id: BTreeMap<&str, usize> = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    for t in &plan.tasks {
        for dep in &t.depends_on {
            let Some(&p) = by_id.get(dep.as_str()) else {
                continue;
            };
            let pred = &plan.tasks[p];
            let (x1, y1) = (axis.x(pred.finish), lane_y(&pred.developer) + LANE / 2.0);
            let (x2, y2) = (axis.x(t.start), lane_y(&t.developer) + LANE / 2.0);
            let dx = ((x2 - x1) / 2.0).max(10.0);
            writeln!(
                out,
                r#"<path class="dep" d="M{},{} C{},{} {},{} {},{}" marker-end="url(#arrow)"><title>{} waits for {}</title></path>"#,
                c(x1),
                c(y1),
                c(x1 + dx),
                c(y1),
                c(x2 - dx),
                c(y2),
                c(x2),
                c(y2),
                html(&t.title),
                html(&pred.title)
            )?;
        }
    }

    // One bar per task.
    for t in &plan.tasks {
        let x0 = axis.x(t.start);
        let w = (axis.x(t.finish) - x0).max(2.0);
        let y = lane_y(&t.developer) + (LANE - BAR) / 2.0;
        let mut tip = format!(
            "{}\n{}\n{} · {} h · {}\n{} → {} (sprint {}",
            t.title,
            t.id,
            t.developer,
            num(t.hours, 2),
            t.priority,
            fmt_dt_human(&t.start),
            fmt_dt_human(&t.finish),
            t.start_sprint
        );
        if t.finish_sprint != t.start_sprint {
            let _ = write!(tip, "–{}", t.finish_sprint);
        }
        tip.push(')');
        if let Some(due) = t.due {
            let _ = write!(tip, "\ndue {due}{}", if t.late { ": LATE" } else { "" });
        }
        writeln!(
            out,
            r#"<g class="task"><title>{}</title><rect class="bar {}{}" x="{}" y="{}" width="{}" height="{}" rx="3"/>"#,
            html(&tip),
            priority_class(t.priority),
            if t.late { " late" } else { "" },
            c(x0),
            c(y),
            c(w),
            c(BAR)
        )?;
        let fits = ((w - 6.0) / CHAR).floor() as usize;
        if fits >= 4 {
            let label: String = if t.title.chars().count() <= fits {
                t.title.clone()
            } else {
                let mut s: String = t.title.chars().take(fits - 1).collect();
                s.push('…');
                s
            };
            writeln!(
                out,
                r#"<text class="label {}" x="{}" y="{}">{}</text>"#,
                priority_class(t.priority),
                c(x0 + 3.0),
                c(y + BAR / 2.0 + 3.5),
                html(&label)
            )?;
        }
        writeln!(out, "</g>")?;
    }

    // Today, when it falls inside the plan.
    if let Some(today) = report.today.filter(|d| *d >= first.1 && *d <= last.2) {
        let x = axis.x_day(today);
        writeln!(
            out,
            r#"<line class="today" x1="{x}" y1="{}" x2="{x}" y2="{}"/><text class="today-label" x="{}" y="{}">today {today}</text>"#,
            c(TOP - 4.0),
            c(bottom + 4.0),
            c(x + 3.0),
            c(bottom + 14.0),
            x = c(x)
        )?;
    }

    // Legend.
    let mut x = LEFT;
    let y = bottom + 24.0;
    for p in Priority::ALL {
        writeln!(
            out,
            r#"<rect class="key {}" x="{}" y="{}" width="14" height="10" rx="2"/><text class="legend" x="{}" y="{}">{}</text>"#,
            priority_class(p),
            c(x),
            c(y - 9.0),
            c(x + 18.0),
            c(y),
            p
        )?;
        x += 90.0;
    }
    writeln!(
        out,
        r#"<rect class="key medium late" x="{}" y="{}" width="14" height="10" rx="2"/><text class="legend" x="{}" y="{}">misses its due date</text>"#,
        c(x),
        c(y - 9.0),
        c(x + 18.0),
        c(y)
    )?;
    x += 150.0;
    writeln!(
        out,
        r#"<path class="dep" d="M{},{} L{},{}" marker-end="url(#arrow)"/><text class="legend" x="{}" y="{}">waits for</text>"#,
        c(x),
        c(y - 4.0),
        c(x + 22.0),
        c(y - 4.0),
        c(x + 28.0),
        c(y)
    )?;
    x += 100.0;
    writeln!(
        out,
        r#"<line class="sprint" x1="{x0}" y1="{}" x2="{x0}" y2="{}"/><text class="legend" x="{}" y="{}">sprint boundary</text>"#,
        c(y - 10.0),
        c(y + 1.0),
        c(x + 6.0),
        c(y),
        x0 = c(x)
    )?;
    writeln!(out, "</svg>")
}
