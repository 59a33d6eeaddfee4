//! The schedule as a Gantt chart in inline SVG: one lane per developer, one
//! bar per task (from its first to its last minute of work, coloured by
//! priority, outlined when it misses its due date), dependency arrows from a
//! task's finish to the start of the tasks waiting for it, sprint
//! boundaries, week ticks and the today line. A bar's tooltip (an SVG
//! `<title>`, so no script is needed) gives the title, id, developer, hours
//! and dates.
//!
//! The axis is working time, the plan's own clock
//! ([`crate::calendar::WorkCalendar`]): a business day is `day_minutes`
//! wide from `day_start`, nights do not exist, and each run of days nobody
//! works (a weekend, a holiday) is a narrow grey band a quarter of a day
//! wide. So a developer booked full shows a full lane, and what is blank in
//! a lane is idle time. What a developer does not work within the team's
//! days is drawn in their lane: whole days (leave, their own days off,
//! before they join or after they leave) hatched, over the bars, so a task
//! that pauses over a leave shows the leave; the rest of a short day light
//! grey, under the bars.
//!
//! Every bar is identifiable on screen and on paper: it carries its title
//! when the title fits; otherwise a number, inside the bar with as much of
//! the title as fits or, for a sliver, under it in the lane's number row,
//! and the table under the chart keys each number to the task. Text is
//! placed from estimated glyph widths (generous, so it fits the wide
//! fallback fonts too) so that no two labels, the ticks and the legend
//! overlap and nothing runs off the drawing.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{Datelike, Duration};

mod axis;
mod legend;

use axis::{off_time, Axis, Off};
use legend::{draw_legend, legend_items, legend_rows};

use super::{priority_class, Report};
use crate::model::Priority;
use crate::plan::PlannedTask;
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
/// A lane: the bar from `BAR_TOP`, then a row of the slivers' numbers, and
/// one more `NUM_ROW` for each further row a crowded lane needs.
const LANE: f64 = 34.0;
const BAR_TOP: f64 = 3.0;
const BAR: f64 = 18.0;
/// Baseline of the first number row, from the lane's top.
const NUM_BASE: f64 = 31.0;
const NUM_ROW: f64 = 11.0;
/// How far right of its bar's centre a number may move to clear the one
/// before it; further, and it takes the next row.
const MAX_SHIFT: f64 = 8.0;
/// A run of days nobody works, in business days of width.
const BAND_DAYS: f64 = 0.25;
/// Font sizes of the bar labels, the number row, ticks and the legend.
const LABEL_PX: f64 = 10.0;
const NUM_PX: f64 = 9.0;
const TICK_PX: f64 = 10.0;
const LEGEND_PX: f64 = 11.0;

/// One coordinate, rounded to a tenth: short and stable text.
fn c(x: f64) -> String {
    num(x, 1)
}

/// The width `s` takes at `px` pixels, estimated generously from the
/// advance widths of DejaVu Sans (the widest common fallback): labels are
/// placed with it, so it must not fall short.
fn text_width(s: &str, px: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|ch| match ch {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.30,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' => 0.98,
            '0'..='9' => 0.64,
            'A'..='Z' => 0.76,
            c if c.is_ascii() => 0.64,
            _ => 1.0,
        })
        .sum();
    em * px
}

/// `s` cut to fit `width` at `px` with an ellipsis, or None when not even
/// `min_chars` characters and the ellipsis fit.
fn fit(s: &str, px: f64, width: f64, min_chars: usize) -> Option<String> {
    if text_width(s, px) <= width {
        return Some(s.to_string());
    }
    let room = width - text_width("…", px);
    let mut out = String::new();
    for ch in s.chars() {
        let mut next = out.clone();
        next.push(ch);
        if text_width(&next, px) > room {
            break;
        }
        out = next;
    }
    let out = out.trim_end().to_string();
    (out.chars().count() >= min_chars).then(|| out + "…")
}

/// How a bar is told apart: its title, or a number keyed under the chart
/// shown inside the bar (with what fits of the title) or in the number row.
enum Label {
    Title(String),
    Inside(usize, String),
    Below(usize),
}

/// A number in a lane's number rows: its bar (index into the bars), row
/// and left edge.
struct Number {
    bar: usize,
    row: usize,
    left: f64,
}

impl Label {
    /// The bar's key number, if it has one.
    fn number(&self) -> Option<usize> {
        match self {
            Label::Title(_) => None,
            Label::Inside(n, _) | Label::Below(n) => Some(*n),
        }
    }
}

/// One task as drawn.
struct Bar<'a> {
    task: &'a PlannedTask,
    lane: usize,
    x0: f64,
    x1: f64,
    label: Label,
}

/// The chart being drawn: the axis, the lanes and what is in them.
struct Chart<'a> {
    report: &'a Report<'a>,
    axis: Axis,
    lanes: Vec<&'a str>,
    /// Per lane: what its developer does not work.
    off: Vec<Vec<(Off, i64, i64)>>,
    bars: Vec<Bar<'a>>,
    /// The numbers under the bars too narrow for one.
    numbers: Vec<Number>,
    /// The top of each lane, and the bottom of the last.
    tops: Vec<f64>,
}

impl<'a> Chart<'a> {
    fn new(report: &'a Report<'a>, axis: Axis) -> Chart<'a> {
        let plan = report.plan;
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
        let off = lanes
            .iter()
            .map(|name| {
                plan.calendar
                    .developers
                    .iter()
                    .find(|dc| dc.name == *name)
                    .map(|dc| off_time(&axis, dc))
                    .unwrap_or_default()
            })
            .collect();
        let mut chart = Chart {
            report,
            axis,
            lanes,
            off,
            bars: Vec::new(),
            numbers: Vec::new(),
            tops: Vec::new(),
        };
        chart.bars = chart.place_bars();
        chart.numbers = chart.place_numbers();
        let mut top = TOP;
        for lane in 0..chart.lanes.len() {
            chart.tops.push(top);
            let rows = chart
                .numbers
                .iter()
                .filter(|n| chart.bars[n.bar].lane == lane)
                .map(|n| n.row + 1)
                .max()
                .unwrap_or(1);
            top += LANE + NUM_ROW * (rows - 1) as f64;
        }
        chart.tops.push(top);
        chart
    }

    /// The top of a lane.
    fn y(&self, lane: usize) -> f64 {
        self.tops[lane]
    }

    fn height(&self, lane: usize) -> f64 {
        self.tops[lane + 1] - self.tops[lane]
    }

    fn bottom(&self) -> f64 {
        self.tops[self.lanes.len()]
    }

    /// The rows and places of the numbers under the slivers, lane by lane.
    fn place_numbers(&self) -> Vec<Number> {
        let mut out = Vec::new();
        for lane in 0..self.lanes.len() {
            let mut below: Vec<(usize, f64, f64)> = self
                .bars
                .iter()
                .enumerate()
                .filter(|(_, b)| b.lane == lane)
                .filter_map(|(i, b)| match b.label {
                    Label::Below(n) => {
                        Some((i, (b.x0 + b.x1) / 2.0, text_width(&n.to_string(), NUM_PX)))
                    }
                    _ => None,
                })
                .collect();
            below.sort_by(|a, b| a.1.total_cmp(&b.1));
            let centres: Vec<f64> = below.iter().map(|b| b.1).collect();
            let widths: Vec<f64> = below.iter().map(|b| b.2).collect();
            let places = stack(&centres, &widths, LEFT + 1.0, WIDTH - RIGHT);
            out.extend(
                below
                    .iter()
                    .zip(places)
                    .map(|(&(bar, _, _), (row, left))| Number { bar, row, left }),
            );
        }
        out
    }

    /// The bars in lane order, then by start; numbers go to the bars whose
    /// title does not fit, in that order, so they run left to right.
    fn place_bars(&self) -> Vec<Bar<'a>> {
        let plan = self.report.plan;
        let cal = &plan.calendar;
        let mut order: Vec<(usize, &PlannedTask)> = plan
            .tasks
            .iter()
            .map(|t| {
                (
                    self.lanes
                        .iter()
                        .position(|l| *l == t.developer)
                        .unwrap_or(0),
                    t,
                )
            })
            .collect();
        order.sort_by_key(|(lane, t)| (*lane, t.start, t.finish));
        let mut next = 0;
        order
            .into_iter()
            .map(|(lane, task)| {
                let x0 = self.axis.x_start(cal.time_at(task.start));
                let x1 = self.axis.x_end(cal.time_at(task.finish)).max(x0 + 2.0);
                let room = self.free_from(lane, x0).min(x1) - x0 - 6.0;
                let label = label_for(&task.title, room, &mut next);
                Bar {
                    task,
                    lane,
                    x0,
                    x1,
                    label,
                }
            })
            .collect()
    }

    /// Where the first whole day off in `lane` after `x` begins (the
    /// chart's right edge when none does): a label stops there.
    fn free_from(&self, lane: usize, x: f64) -> f64 {
        self.off[lane]
            .iter()
            .filter(|(kind, _, _)| *kind == Off::Away)
            .map(|&(_, from, _)| self.axis.x_start(from))
            .find(|&start| start > x + 0.5)
            .unwrap_or(WIDTH)
    }
}

/// The label of a bar with `room` for text: the title, or the next key
/// number with what fits of the title, or the number alone under the bar.
fn label_for(title: &str, room: f64, next: &mut usize) -> Label {
    if text_width(title, LABEL_PX) <= room {
        return Label::Title(title.to_string());
    }
    *next += 1;
    let n = *next;
    let number = format!("{n} ");
    let rest = room - text_width(&number, LABEL_PX);
    if let Some(part) = fit(title, LABEL_PX, rest, 3) {
        return Label::Inside(n, number + &part);
    }
    if text_width(&n.to_string(), LABEL_PX) <= room {
        return Label::Inside(n, n.to_string());
    }
    Label::Below(n)
}

/// Appends the chart and its key to `out`; nothing when the plan has no task.
pub(super) fn write(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let plan = report.plan;
    let (Some(first), Some(last)) = (plan.sprints.first(), plan.sprints.last()) else {
        return Ok(());
    };
    if plan.tasks.is_empty() {
        return Ok(());
    }
    let Some(axis) = Axis::new(&plan.calendar, last.2) else {
        return Ok(());
    };
    let chart = Chart::new(report, axis);
    let legend = legend_items(&chart);
    let rows = legend_rows(&legend);
    let legend_top = chart.bottom() + 22.0;
    let height = legend_top + 18.0 * rows as f64 + 4.0;

    writeln!(
        out,
        r#"<svg class="gantt" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="gantt-title" xmlns="http://www.w3.org/2000/svg">"#,
        w = c(WIDTH),
        h = c(height)
    )?;
    writeln!(
        out,
        r#"<title id="gantt-title">Schedule in working time: {} tasks of {} developers, {} to {}</title>"#,
        plan.tasks.len(),
        chart.lanes.len(),
        first.1,
        last.2
    )?;
    writeln!(
        out,
        r##"<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#57606a"/></marker><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef0f3"/><line x1="0" y1="0" x2="0" y2="6" stroke="#a4acb5" stroke-width="2.5"/></pattern></defs>"##
    )?;
    lanes(&chart, out)?;
    closed_days(&chart, out)?;
    off_blocks(&chart, Off::OffHours, out)?;
    ticks(&chart, out)?;
    sprints(&chart, out)?;
    dependencies(&chart, out)?;
    bars(&chart, out)?;
    off_blocks(&chart, Off::Away, out)?;
    numbers(&chart, out)?;
    today(&chart, out)?;
    draw_legend(&legend, legend_top, out)?;
    writeln!(out, "</svg>")?;
    key_table(&chart, out)
}

/// The lanes, with the developers' names (cut to fit, whole in a tooltip).
fn lanes(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    for (i, dev) in chart.lanes.iter().enumerate() {
        let y = chart.y(i);
        let name = fit(dev, LEGEND_PX * 1.1, LEFT - 12.0, 1).unwrap_or_default();
        writeln!(
            out,
            r#"<rect class="lane{}" x="0" y="{}" width="{}" height="{}"/><text class="dev" x="6" y="{}"><title>{}</title>{}</text>"#,
            if i % 2 == 1 { " odd" } else { "" },
            c(y),
            c(WIDTH),
            c(chart.height(i)),
            c(y + BAR_TOP + BAR / 2.0 + 4.0),
            html(dev),
            html(&name)
        )?;
    }
    Ok(())
}

/// A band for each run of days nobody works, across every lane.
fn closed_days(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let axis = &chart.axis;
    let holidays = &chart.report.plan.calendar.calendar.holidays;
    let n = axis.days.len();
    for b in 1..=n {
        if axis.gaps[b] == axis.gaps[b - 1] {
            continue;
        }
        let from = axis.days[b - 1] + Duration::days(1);
        let to = axis
            .days
            .get(b)
            .map_or(axis.last, |d| *d - Duration::days(1));
        let t = b as i64 * axis.day_minutes;
        let (x0, x1) = (axis.x_end(t), axis.x_start(t));
        let named: Vec<String> = holidays.range(from..=to).map(|h| h.to_string()).collect();
        let why = if named.is_empty() {
            String::new()
        } else {
            format!("; holiday {}", named.join(", "))
        };
        writeln!(
            out,
            r#"<rect class="closed" x="{}" y="{}" width="{}" height="{}"><title>{} to {}: nobody works{}</title></rect>"#,
            c(x0),
            c(TOP - 6.0),
            c(x1 - x0),
            c(chart.bottom() - TOP + 6.0),
            from.format("%a %-d %b %Y"),
            to.format("%a %-d %b %Y"),
            why
        )?;
    }
    Ok(())
}

/// The time each developer does not work, of one kind, in their lane:
/// whole days off with a tooltip of the dates, the rest of short days bare.
fn off_blocks(chart: &Chart<'_>, kind: Off, out: &mut String) -> std::fmt::Result {
    let axis = &chart.axis;
    for (lane, blocks) in chart.off.iter().enumerate() {
        let (y, h) = (chart.y(lane) + 1.0, chart.height(lane) - 2.0);
        for &(k, from, to) in blocks.iter().filter(|b| b.0 == kind) {
            let (x0, x1) = (axis.x_start(from), axis.x_end(to));
            let rect = format!(
                r#"x="{}" y="{}" width="{}" height="{}""#,
                c(x0),
                c(y),
                c(x1 - x0),
                c(h)
            );
            if k == Off::OffHours {
                writeln!(out, r#"<rect class="off-hours" {rect}/>"#)?;
                continue;
            }
            let (b0, b1) = (
                (from / axis.day_minutes) as usize,
                (to / axis.day_minutes) as usize,
            );
            writeln!(
                out,
                r#"<rect class="away" fill="url(#hatch)" {rect}><title>{}: time off, {} to {} ({} working day{})</title></rect>"#,
                html(chart.lanes[lane]),
                axis.days[b0],
                axis.days[b1 - 1],
                b1 - b0,
                if b1 - b0 == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}

/// A line at each business day when days are wide enough, a stronger one
/// at each week's first, labelled with its date where the label has room.
fn ticks(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let axis = &chart.axis;
    let daily = axis.day_width() >= 8.0;
    let mut free = 0.0;
    for (b, day) in axis.days.iter().enumerate() {
        let week = b == 0 || day.iso_week() != axis.days[b - 1].iso_week();
        if !week && !daily {
            continue;
        }
        let x = axis.x_start(b as i64 * axis.day_minutes);
        writeln!(
            out,
            r#"<line class="{}" x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            if week { "week" } else { "day" },
            c(if week { TOP - 6.0 } else { TOP }),
            c(chart.bottom()),
            x = c(x)
        )?;
        let text = day.format("%-d %b").to_string();
        let w = text_width(&text, TICK_PX);
        if week && x + 3.0 >= free && x + 3.0 + w <= WIDTH - RIGHT {
            writeln!(
                out,
                r#"<text class="tick" x="{}" y="{}">{text}</text>"#,
                c(x + 3.0),
                c(TOP - 10.0)
            )?;
            free = x + 3.0 + w + 8.0;
        }
    }
    Ok(())
}

/// Sprint boundaries at the start of each sprint's first business day, the
/// sprint's name centred above its span when it fits ("S3" when only that
/// does).
fn sprints(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let plan = chart.report.plan;
    let axis = &chart.axis;
    let line = |out: &mut String, x: f64| {
        writeln!(
            out,
            r#"<line class="sprint" x1="{x}" y1="2" x2="{x}" y2="{}"/>"#,
            c(chart.bottom() + 4.0),
            x = c(x)
        )
    };
    for (i, &(k, start, _)) in plan.sprints.iter().enumerate() {
        let x0 = axis.x_start(plan.calendar.time_of_date(start));
        let x1 = match plan.sprints.get(i + 1) {
            Some(&(_, next, _)) => axis.x_start(plan.calendar.time_of_date(next)),
            None => WIDTH - RIGHT,
        };
        line(out, x0)?;
        let name = [format!("Sprint {k}"), format!("S{k}")]
            .into_iter()
            .find(|s| text_width(s, LEGEND_PX * 1.1) <= x1 - x0 - 6.0);
        if let Some(name) = name {
            writeln!(
                out,
                r#"<text class="sprint-label" x="{}" y="14" text-anchor="middle">{name}</text>"#,
                c((x0 + x1) / 2.0)
            )?;
        }
    }
    line(out, WIDTH - RIGHT)
}

/// Dependency arrows, under the bars.
fn dependencies(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let by_id: BTreeMap<&str, &Bar<'_>> =
        chart.bars.iter().map(|b| (b.task.id.as_str(), b)).collect();
    let mid = |b: &Bar<'_>| chart.y(b.lane) + BAR_TOP + BAR / 2.0;
    for bar in &chart.bars {
        for dep in &bar.task.depends_on {
            let Some(pred) = by_id.get(dep.as_str()) else {
                continue;
            };
            let (x1, y1) = (pred.x1, mid(pred));
            let (x2, y2) = (bar.x0, mid(bar));
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
                html(&bar.task.title),
                html(&pred.task.title)
            )?;
        }
    }
    Ok(())
}

/// A bar's tooltip: title, id, developer, hours, priority, dates, sprints
/// and due date.
fn tooltip(t: &PlannedTask, number: Option<usize>) -> String {
    let mut tip = match number {
        Some(n) => format!("{n}. {}", t.title),
        None => t.title.clone(),
    };
    let _ = write!(
        tip,
        "\n{}\n{} · {} h · {}\n{} → {} (sprint {}",
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
    tip
}

/// One bar per task, with its label inside when it has one there.
fn bars(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    for bar in &chart.bars {
        let t = bar.task;
        let y = chart.y(bar.lane) + BAR_TOP;
        writeln!(
            out,
            r#"<g class="task"><title>{}</title><rect class="bar {}{}" x="{}" y="{}" width="{}" height="{}" rx="3"/>"#,
            html(&tooltip(t, bar.label.number())),
            priority_class(t.priority),
            if t.late { " late" } else { "" },
            c(bar.x0),
            c(y),
            c(bar.x1 - bar.x0),
            c(BAR)
        )?;
        let inside = match &bar.label {
            Label::Title(s) | Label::Inside(_, s) => Some(s),
            Label::Below(_) => None,
        };
        if let Some(text) = inside {
            writeln!(
                out,
                r#"<text class="label {}"{} x="{}" y="{}">{}</text>"#,
                priority_class(t.priority),
                bar.label
                    .number()
                    .map(|n| format!(r#" data-key="{n}""#))
                    .unwrap_or_default(),
                c(bar.x0 + 3.0),
                c(y + BAR / 2.0 + 3.5),
                html(text)
            )?;
        }
        writeln!(out, "</g>")?;
    }
    Ok(())
}

/// The numbers of the bars too narrow for one, under them in their lane's
/// number rows.
fn numbers(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    for number in &chart.numbers {
        let bar = &chart.bars[number.bar];
        let Label::Below(n) = bar.label else {
            continue;
        };
        writeln!(
            out,
            r#"<text class="num" data-key="{n}" x="{}" y="{}">{n}</text>"#,
            c(number.left),
            c(chart.y(bar.lane) + NUM_BASE + NUM_ROW * number.row as f64)
        )?;
    }
    Ok(())
}

/// Rows and left edges for labels of `widths` wanted centred on `centres`
/// (in order of centre) within `[lo, hi]`: each goes in the first row where
/// it clears the row's last label by moving at most [`MAX_SHIFT`] right, so
/// every number stays by its bar however crowded the lane.
fn stack(centres: &[f64], widths: &[f64], lo: f64, hi: f64) -> Vec<(usize, f64)> {
    const GAP: f64 = 3.0;
    let mut free: Vec<f64> = Vec::new();
    centres
        .iter()
        .zip(widths)
        .map(|(centre, &w)| {
            let want = (centre - w / 2.0).min(hi - w).max(lo);
            let row = free
                .iter()
                .position(|&f| f <= want + MAX_SHIFT && f.max(want) + w <= hi)
                .unwrap_or_else(|| {
                    free.push(lo);
                    free.len() - 1
                });
            let left = free[row].max(want);
            free[row] = left + w + GAP;
            (row, left)
        })
        .collect()
}

/// The today line, when today falls inside the plan, labelled in its own
/// row under the lanes (to the left of the line near the right edge).
fn today(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let plan = chart.report.plan;
    let (Some(first), Some(last)) = (plan.sprints.first(), plan.sprints.last()) else {
        return Ok(());
    };
    let Some(today) = chart.report.today.filter(|d| *d >= first.1 && *d <= last.2) else {
        return Ok(());
    };
    let x = chart.axis.x_start(plan.calendar.time_of_date(today));
    let text = format!("today {today}");
    let (tx, anchor) = if x + 3.0 + text_width(&text, LEGEND_PX * 1.1) <= WIDTH - RIGHT {
        (x + 3.0, "start")
    } else {
        (x - 3.0, "end")
    };
    writeln!(
        out,
        r#"<line class="today" x1="{x}" y1="{}" x2="{x}" y2="{}"/><text class="today-label" x="{}" y="{}" text-anchor="{anchor}">{text}</text>"#,
        c(TOP - 4.0),
        c(chart.bottom() + 4.0),
        c(tx),
        c(chart.bottom() + 15.0),
        x = c(x)
    )
}

/// The table of the numbered bars: number, task, title, developer, dates.
fn key_table(chart: &Chart<'_>, out: &mut String) -> std::fmt::Result {
    let keyed: Vec<(usize, &PlannedTask)> = chart
        .bars
        .iter()
        .filter_map(|b| b.label.number().map(|n| (n, b.task)))
        .collect();
    if keyed.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        r#"<table class="gantt-key"><caption>Bars too short for their title</caption><tr><th class="n">#</th><th>task</th><th>title</th><th>developer</th><th>start</th><th>finish</th></tr>"#
    )?;
    for (n, t) in keyed {
        writeln!(
            out,
            r#"<tr id="key-{n}"><td class="n">{n}</td><td>{}</td><td>{}</td><td>{}</td><td class="nw">{}</td><td class="nw">{}</td></tr>"#,
            html(&t.id),
            html(&t.title),
            html(&t.developer),
            fmt_dt_human(&t.start),
            fmt_dt_human(&t.finish)
        )?;
    }
    writeln!(out, "</table>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkCalendar;
    use crate::team::{Calendar, DateRange, Developer, Team, Weights};
    use chrono::{NaiveDate, NaiveDateTime};

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    /// Monday 2026-11-30 on, Monday to Friday, 8 hours from 09:00.
    fn calendar(developers: Vec<Developer>) -> WorkCalendar {
        let team = Team {
            source: "t.toml".into(),
            calendar: Calendar::default(),
            weights: Weights::default(),
            prefer_penalty_hours: 8.0,
            developers,
            rules: Vec::new(),
        };
        WorkCalendar::new(&team, 0, 10)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    /// Two weeks to Sunday 12-13: ten business days and two bands (the
    /// weekend between, and the one at the end), 10.5 days of width.
    #[test]
    fn the_axis_leaves_out_nights_and_draws_a_weekend_as_a_quarter_day_band() {
        let cal = calendar(vec![Developer::new("a", 40.0)]);
        let axis = Axis::new(&cal, date("2026-12-13")).unwrap();
        assert_eq!(axis.days.len(), 10);
        assert_eq!(axis.gaps, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
        let day = (WIDTH - LEFT - RIGHT) / 10.5;
        assert!(close(axis.day_width(), day));
        let x = |s: &str| axis.x_start(cal.time_at(at(s)));
        let x_end = |s: &str| axis.x_end(cal.time_at(at(s)));
        // Monday 13:00 is half a day in; Monday 17:00 and Tuesday 09:00 meet.
        assert!(close(x("2026-11-30T13:00"), LEFT + day / 2.0));
        assert!(close(x_end("2026-11-30T17:00"), LEFT + day));
        assert!(close(x("2026-12-01T09:00"), LEFT + day));
        // Friday 17:00 and Monday 09:00 are the two sides of the band;
        // Saturday noon is Monday morning.
        assert!(close(x_end("2026-12-04T17:00"), LEFT + 5.0 * day));
        assert!(close(x("2026-12-07T09:00"), LEFT + 5.25 * day));
        assert!(close(x("2026-12-05T12:00"), LEFT + 5.25 * day));
        // The second Friday's close, then the last band fills the width.
        assert!(close(x_end("2026-12-11T17:00"), LEFT + 10.25 * day));
        assert!(close(axis.x_start(axis.end()), WIDTH - RIGHT));
    }

    #[test]
    fn time_off_is_whole_days_away_and_short_days_off_hours() {
        let mut away = Developer::new("away", 40.0);
        away.time_off.push(DateRange {
            first: date("2026-12-02"),
            last: date("2026-12-08"),
        });
        let cal = calendar(vec![away, Developer::new("half", 20.0)]);
        let axis = Axis::new(&cal, date("2026-12-13")).unwrap();
        // Wednesday to Friday and Monday to Tuesday: days 2 to 6, one block.
        assert_eq!(
            off_time(&axis, &cal.developers[0]),
            [(Off::Away, 2 * 480, 7 * 480)]
        );
        // Four hours a day: the afternoon of each of the ten days.
        let half = off_time(&axis, &cal.developers[1]);
        assert_eq!(half.len(), 10);
        assert_eq!(half[0], (Off::OffHours, 240, 480));
        assert_eq!(half[9], (Off::OffHours, 9 * 480 + 240, 10 * 480));
    }

    #[test]
    fn a_title_that_does_not_fit_gets_a_number_and_what_fits() {
        let mut next = 0;
        let title = "Refactor the nightly backup job";
        assert!(matches!(label_for(title, 400.0, &mut next), Label::Title(t) if t == title));
        assert!(
            matches!(label_for(title, 80.0, &mut next), Label::Inside(1, t) if t.starts_with("1 Ref") && t.ends_with('…'))
        );
        assert!(matches!(label_for(title, 12.0, &mut next), Label::Inside(2, t) if t == "2"));
        assert!(matches!(label_for(title, 3.0, &mut next), Label::Below(3)));
    }

    #[test]
    fn crowded_numbers_stack_in_rows_and_stay_by_their_bars() {
        // Labels 10 wide wanted from 95, 97, 99 and 135: the second would
        // have to move 11 right to clear the first (more than 8), so it
        // opens row 1, the third row 2; the fourth fits in row 0.
        let places = stack(&[100.0, 102.0, 104.0, 140.0], &[10.0; 4], 0.0, 200.0);
        assert_eq!(places, [(0, 95.0), (1, 97.0), (2, 99.0), (0, 135.0)]);
        // Wanted from 95 and 103: the second moves 5 right, same row.
        assert_eq!(
            stack(&[100.0, 108.0], &[10.0; 2], 0.0, 200.0),
            [(0, 95.0), (0, 108.0)]
        );
        // At the edges a label is pulled in, never out of bounds.
        assert_eq!(stack(&[198.0], &[10.0], 0.0, 200.0), [(0, 190.0)]);
        assert_eq!(stack(&[1.0], &[10.0], 0.0, 200.0), [(0, 0.0)]);
    }
}
