//! The HTML report (`--html FILE`): one self-contained page, with no script,
//! no network and no external font, readable on a laptop and printable.
//!
//! It shows the plan's figures with the proven lower bound and the gap, the
//! schedule as a Gantt chart, the load of each developer per sprint as a
//! heatmap, the finish per project and priority, the forecast's burn-up and
//! percentiles when there is a forecast, every task, and the warnings.
//!
//! Every value from the input is escaped ([`crate::text::escape::html`]), and the page's
//! Content-Security-Policy allows no script and no request at all, so even a
//! value that slipped through could not run or load anything.
//!
//! The page is deterministic: the same [`Report`] gives the same bytes. It
//! holds no clock reading but the date of the today line, which is a field
//! of the report; `solve_seconds` is left out.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::forecast::finish_cell;
use super::{burnup, gantt, priority_class, Report};
use crate::forecast::{Forecast, Scope};
use crate::plan::Plan;
use crate::text::escape::html;
use crate::text::num;
use crate::text::{date_time_human as fmt_dt_human, percent};
use crate::whatif::WhatIf;

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1f2328; background: #fff; margin: 0 auto; max-width: 1260px; padding: 20px 28px 40px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0; }
.source { color: #57606a; margin: 0 0 8px; }
.note { color: #57606a; font-size: 13px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 4px 0 8px; }
th, td { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; border-bottom: 1px solid #eaeef2; }
th { font-weight: 600; border-bottom: 1px solid #d0d7de; }
td.n, th.n { text-align: right; padding-left: 10px; }
td.nw { white-space: nowrap; }
table.kv th { font-weight: normal; color: #57606a; padding-right: 24px; }
.figures { display: flex; flex-wrap: wrap; gap: 8px 48px; align-items: flex-start; }
.row { display: flex; flex-wrap: wrap; gap: 0 48px; align-items: flex-start; }
.chart { overflow-x: auto; }
svg { display: block; width: 100%; height: auto; max-width: 1200px; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1f2328; }
svg .tick { fill: #57606a; font-size: 10px; }
svg .dev { font-weight: 600; }
svg .sprint-label { font-weight: 600; fill: #24292f; }
svg .legend { font-size: 11px; }
.lane { fill: #ffffff; }
.lane.odd { fill: #f6f8fa; }
.week { stroke: #afb8c1; stroke-width: 1; }
.day { stroke: #d8dee4; stroke-width: .5; }
.closed { fill: #c8d1da; }
.off-hours { fill: #e4e8ed; }
.away { stroke: #8c959f; stroke-width: .5; }
svg .num { font-size: 9px; fill: #1f2328; }
table.gantt-key { font-size: 12px; }
table.gantt-key caption { text-align: left; color: #57606a; padding: 6px 0 2px; }
.sprint { stroke: #6e7781; stroke-width: 1.5; stroke-dasharray: 5 3; }
.today { stroke: #cf222e; stroke-width: 2; }
svg .today-label { fill: #cf222e; font-weight: 600; }
.dep { fill: none; stroke: #57606a; stroke-width: 1; opacity: .6; }
.bar, .key { stroke: #ffffff; stroke-width: .5; }
.urgent { fill: #b42318; } .high { fill: #e8890c; } .medium { fill: #2f6fd0; } .low { fill: #8c959f; }
.late { stroke: #000000; stroke-width: 2; stroke-dasharray: 3 2; }
svg .label { font-size: 10px; pointer-events: none; fill: #ffffff; }
svg .label.high, svg .label.low { fill: #111111; }
.task:hover .bar { opacity: .8; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.swatch.urgent { background: #b42318; } .swatch.high { background: #e8890c; } .swatch.medium { background: #2f6fd0; } .swatch.low { background: #8c959f; }
table.scenarios th { white-space: nowrap; padding-right: 16px; }
table.scenarios tr:first-child th { white-space: normal; vertical-align: bottom; min-width: 96px; }
table.heat td.u { text-align: center; min-width: 64px; padding: 4px 6px; border: 2px solid #fff; }
.grid { stroke: #eaeef2; }
.band { fill: #2f6fd0; opacity: .16; stroke: none; }
.scope { fill: none; stroke: #8c959f; stroke-width: 1.5; stroke-dasharray: 6 4; }
.plan { fill: none; stroke: #1f2328; stroke-width: 2; }
.p50 { fill: none; stroke: #2f6fd0; stroke-width: 2; }
.p85 { fill: none; stroke: #2f6fd0; stroke-width: 1.5; stroke-dasharray: 6 3; }
.p95 { fill: none; stroke: #2f6fd0; stroke-width: 1.5; stroke-dasharray: 2 3; }
.point { fill: #2f6fd0; }
ul.warnings { padding-left: 20px; }
ul.warnings li { margin: 2px 0; }
.late-text { color: #b42318; font-weight: 600; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  section.keep, svg, table.kv, table.heat { break-inside: avoid; }
  .chart { overflow: visible; }
}
"#;

/// Writes the page of `report` to `out`.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(to_string(report).as_bytes())
}

/// The page of `report`, as text.
pub fn to_string(report: &Report<'_>) -> String {
    let mut page = String::with_capacity(64 * 1024);
    // Writing to a String cannot fail.
    let _ = page_into(report, &mut page);
    page
}

fn page_into(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let plan = report.plan;
    let title = if report.source.is_empty() {
        report.kind().to_string()
    } else {
        format!("{} — {}", report.kind(), report.source)
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    )?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(out, "<title>{}</title>", html(&title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", report.kind())?;
    if !report.source.is_empty() {
        writeln!(out, r#"<p class="source">{}</p>"#, html(report.source))?;
    }
    writeln!(out, "</header>")?;

    summary(report, out)?;
    if let Some(c) = report.changes {
        c.write_html(out)?;
    }
    if let Some(w) = report.whatif {
        scenarios(w, out)?;
    }

    writeln!(out, r#"<section id="schedule">"#)?;
    writeln!(out, "<h2>Schedule</h2>")?;
    if plan.tasks.is_empty() {
        writeln!(out, "<p>No open tasks: nothing to plan.</p>")?;
    } else {
        writeln!(
            out,
            r#"<p class="note">One lane per developer, one bar per task from its first to its last hour of work. The axis counts working hours only: nights are left out and each run of days nobody works (a weekend, a holiday) is a narrow grey band, so a full lane is a fully booked developer. Hatched: a developer's time off; light grey: the part of a day they do not work. A bar too short for its title carries a number, keyed in the table under the chart. Hover over a bar for its title, hours and dates.</p>"#
        )?;
        writeln!(out, r#"<div class="chart">"#)?;
        gantt::write(report, out)?;
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</section>")?;

    load(plan, out)?;
    finish(report, out)?;
    if let Some(f) = report.forecast {
        forecast(f, out)?;
    }
    tasks(plan, out)?;
    warnings(report, out)?;

    writeln!(
        out,
        "<footer>Made by sprintcast {}. Times are the team's local time.</footer>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// The plan's figures, with the bound and the gap explained.
fn summary(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let plan = report.plan;
    writeln!(out, r#"<section id="summary" class="keep">"#)?;
    writeln!(out, "<h2>Summary</h2>")?;
    writeln!(out, r#"<div class="figures">"#)?;
    writeln!(out, r#"<table class="kv">"#)?;
    let kv =
        |out: &mut String, k: &str, v: &str| writeln!(out, "<tr><th>{k}</th><td>{v}</td></tr>");
    if let Some(as_of) = plan.as_of {
        kv(out, "as of", &as_of.to_string())?;
    }
    kv(out, "open tasks", &plan.tasks.len().to_string())?;
    kv(out, "hours", &num(report.hours(), 2))?;
    if let Some(f) = report.finish() {
        kv(out, "all done by", &fmt_dt_human(&f))?;
    }
    kv(out, "sprints", &plan.sprints.len().to_string())?;
    writeln!(out, "</table>")?;
    writeln!(out, r#"<table class="kv">"#)?;
    kv(
        out,
        &format!("objective ({})", plan.objective_name),
        &num(plan.objective, 2),
    )?;
    kv(out, "proven lower bound", &num(plan.lower_bound, 2))?;
    kv(out, "gap", &percent(plan.gap))?;
    kv(out, "status", plan.status)?;
    kv(out, "solver", plan.solver)?;
    writeln!(out, "</table>")?;
    writeln!(out, "</div>")?;
    let objective = match plan.objective_name {
        "makespan" => "the latest finish, in team business hours from the plan's start",
        _ => "Σ priority weight × finish, in team business hours from the plan's start",
    };
    writeln!(
        out,
        r#"<p class="note">The objective is {objective}. The solver proved that no plan of this backlog and team can score below the lower bound, so this plan is at most {} worse than the best possible one. {}</p>"#,
        percent(plan.gap),
        match plan.status {
            "optimal" => "It is optimal: the objective equals the bound.",
            "time_limit" => "The time limit stopped the search; a longer one may find a better plan or a tighter bound.",
            _ => "The search ended on its own budget with a gap left.",
        }
    )?;
    if let Some(why) = &plan.finish_set_by {
        writeln!(
            out,
            r#"<p class="note">What sets the earliest finish: {}.</p>"#,
            html(why)
        )?;
    }
    if !plan.unplanned.is_empty() {
        writeln!(
            out,
            r#"<h3>Not planned</h3><table class="unplanned"><tr><th>task</th><th>cause</th><th>reason</th></tr>"#
        )?;
        for u in &plan.unplanned {
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&u.title),
                u.cause,
                html(&u.reason)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</section>")
}

/// Background and text colour of a utilization cell: white to deep blue
/// up to 100 %, red above.
fn heat(u: f64) -> (String, &'static str) {
    if u > 1.0 + 1e-9 {
        return ("#b42318".into(), "#ffffff");
    }
    let u = u.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * u).round() as u8;
    let (r, g, b) = (mix(247.0, 12.0), mix(251.0, 60.0), mix(255.0, 140.0));
    (
        format!("#{r:02x}{g:02x}{b:02x}"),
        if u > 0.55 { "#ffffff" } else { "#1f2328" },
    )
}

/// The load heatmap: developers × sprints, utilization in each cell.
fn load(plan: &Plan, out: &mut String) -> std::fmt::Result {
    writeln!(out, r#"<section id="load" class="keep">"#)?;
    writeln!(out, "<h2>Load</h2>")?;
    writeln!(
        out,
        r#"<p class="note">Planned hours ÷ the hours each developer can work in the sprint (after focus, holidays and time off).</p>"#
    )?;
    writeln!(out, r#"<div class="chart">"#)?;
    writeln!(out, r#"<table class="heat">"#)?;
    write!(out, "<tr><th>developer</th>")?;
    for &(k, from, to) in &plan.sprints {
        write!(
            out,
            r#"<th class="n" title="{from} to {to}">Sprint {k}</th>"#
        )?;
    }
    writeln!(
        out,
        r#"<th class="n">planned h</th><th class="n">capacity h</th></tr>"#
    )?;
    let mut devs: Vec<&str> = Vec::new();
    for l in &plan.load {
        if !devs.contains(&l.developer.as_str()) {
            devs.push(&l.developer);
        }
    }
    for dev in devs {
        write!(out, "<tr><th>{}</th>", html(dev))?;
        let (mut planned, mut capacity) = (0.0, 0.0);
        for l in plan.load.iter().filter(|l| l.developer == dev) {
            planned += l.planned_hours;
            capacity += l.capacity_hours;
            let (bg, fg) = heat(l.utilization());
            write!(
                out,
                r#"<td class="u" style="background:{bg};color:{fg}" title="{}, sprint {}: {} of {} h">{}</td>"#,
                html(dev),
                l.sprint,
                num(l.planned_hours, 1),
                num(l.capacity_hours, 1),
                if l.capacity_hours > 0.0 {
                    percent(l.utilization())
                } else {
                    "off".to_string()
                }
            )?;
        }
        writeln!(
            out,
            r#"<td class="n">{}</td><td class="n">{}</td></tr>"#,
            num(planned, 1),
            num(capacity, 1)
        )?;
    }
    writeln!(out, "</table>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

/// When each project and each priority is done.
fn finish(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let plan = report.plan;
    writeln!(out, r#"<section id="finish" class="keep">"#)?;
    writeln!(out, "<h2>Finish dates</h2>")?;
    writeln!(out, r#"<div class="row">"#)?;
    writeln!(out, "<div>")?;
    writeln!(out, "<h3>By project</h3>")?;
    writeln!(
        out,
        r#"<table><tr><th>project</th><th class="n">tasks</th><th class="n">hours</th><th>finish</th></tr>"#
    )?;
    for (p, f) in &plan.projects {
        let tasks: Vec<_> = plan.tasks.iter().filter(|t| &t.project == p).collect();
        writeln!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
            html(crate::model::project_name(p)),
            tasks.len(),
            num(tasks.iter().map(|t| t.hours).sum(), 2),
            fmt_dt_human(f)
        )?;
    }
    writeln!(out, "</table>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "<div>")?;
    writeln!(out, "<h3>By priority</h3>")?;
    writeln!(
        out,
        r#"<table><tr><th>priority</th><th class="n">tasks</th><th class="n">hours</th><th>finish</th></tr>"#
    )?;
    for (p, f) in &plan.priorities {
        let tasks: Vec<_> = plan.tasks.iter().filter(|t| t.priority == *p).collect();
        writeln!(
            out,
            r#"<tr><td><span class="swatch {}"></span>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
            priority_class(*p),
            p,
            tasks.len(),
            num(tasks.iter().map(|t| t.hours).sum(), 2),
            fmt_dt_human(f)
        )?;
    }
    writeln!(out, "</table>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

/// The forecast's samples, seed and model, the burn-up chart and the
/// percentile tables (tasks by title, dates to the half-day).
fn forecast(f: &Forecast, out: &mut String) -> std::fmt::Result {
    use crate::text::half_day;
    writeln!(out, r#"<section id="forecast">"#)?;
    writeln!(out, "<h2>Forecast</h2>")?;
    writeln!(out, r#"<table class="kv">"#)?;
    let kv = |out: &mut String, k: &str, v: &str| {
        writeln!(out, "<tr><th>{k}</th><td>{}</td></tr>", html(v))
    };
    kv(out, "samples", &f.samples.to_string())?;
    kv(out, "seed", &f.seed.to_string())?;
    for (what, how) in f.model_rows() {
        kv(out, what, &how)?;
    }
    writeln!(out, "</table>")?;
    writeln!(
        out,
        r#"<p class="note">Each sample replays the plan's assignment and order with the drawn efforts. P50, P85, P95: the half-day by which that share of the samples has finished.</p>"#
    )?;
    for line in f.risk_lines() {
        writeln!(out, r#"<p class="note">{}</p>"#, html(&line))?;
    }
    if !f.burnup.is_empty() {
        writeln!(out, "<h3>Burn-up</h3>")?;
        writeln!(out, r#"<div class="chart">"#)?;
        burnup::write(&f.burnup, out)?;
        writeln!(out, "</div>")?;
    }
    let header = r#"<tr><th>scope</th><th>name</th><th>plan</th><th>P50</th><th>P85</th><th>P95</th><th>due</th><th class="n">on time</th></tr>"#;
    let rows = || f.rows.iter().zip(f.due_dates.iter().copied());
    let row = |out: &mut String, (r, due): (&crate::forecast::ForecastRow, usize)| {
        writeln!(
            out,
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td></tr>"#,
            r.scope.as_str(),
            html(r.label()),
            half_day(&r.deterministic),
            finish_cell(r.p50.as_ref(), half_day),
            finish_cell(r.p85.as_ref(), half_day),
            finish_cell(r.p95.as_ref(), half_day),
            r.due_cell(due),
            r.p_on_time.map(percent).unwrap_or_else(|| "-".into())
        )
    };
    writeln!(out, "<h3>Whole backlog, priorities and projects</h3>")?;
    writeln!(out, "<table>{header}")?;
    for r in rows().filter(|(r, _)| r.scope != Scope::Task) {
        row(out, r)?;
    }
    writeln!(out, "</table>")?;
    if f.rows.iter().any(|r| r.scope == Scope::Task) {
        writeln!(out, "<h3>Tasks</h3>")?;
        writeln!(out, "<table>{header}")?;
        for r in rows().filter(|(r, _)| r.scope == Scope::Task) {
            row(out, r)?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</section>")
}

/// The what-if comparison: a column per plan, a row per scope, then what
/// drives each difference. The rest of the page shows the baseline.
fn scenarios(w: &WhatIf, out: &mut String) -> std::fmt::Result {
    writeln!(out, r#"<section id="scenarios" class="keep">"#)?;
    writeln!(out, "<h2>Scenarios</h2>")?;
    writeln!(out, r#"<p class="note">{}</p>"#, html(&w.headline()))?;
    writeln!(
        out,
        r#"<p class="note">Finish dates; after a scenario's date, its change against the baseline in working days (+ later, − earlier). The sections below show the baseline plan.</p>"#
    )?;
    writeln!(out, r#"<div class="chart"><table class="scenarios">"#)?;
    write!(out, "<tr><th></th>")?;
    for k in 0..=w.scenarios.len() {
        write!(out, "<th>{}</th>", html(&w.tag(k)))?;
    }
    writeln!(out, "</tr>")?;
    for (label, cells) in w.comparison() {
        write!(out, "<tr><th>{}</th>", html(&label))?;
        for cell in cells {
            write!(out, r#"<td class="nw">{}</td>"#, html(&cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table></div>")?;
    writeln!(out, "<h3>Why</h3>")?;
    writeln!(out, "<ul class=\"warnings\">")?;
    for (k, c) in w.columns().iter().enumerate() {
        let tag = w.tag(k);
        let what = match c.description {
            Some(d) => format!(" ({d})"),
            None => String::new(),
        };
        writeln!(
            out,
            "<li><strong>{}</strong>{}: {}</li>",
            html(&tag),
            html(&what),
            html(&WhatIf::explanation(c))
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
}

/// Every task of the plan, in backlog order.
fn tasks(plan: &Plan, out: &mut String) -> std::fmt::Result {
    if plan.tasks.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"<section id="tasks">"#)?;
    writeln!(out, "<h2>Tasks</h2>")?;
    writeln!(
        out,
        r#"<table><tr><th>task</th><th>project</th><th>priority</th><th>developer</th><th class="n">hours</th><th>start</th><th>finish</th><th class="n">sprint</th><th>due</th></tr>"#
    )?;
    for t in &plan.tasks {
        let sprint = if t.start_sprint == t.finish_sprint {
            t.start_sprint.to_string()
        } else {
            format!("{}–{}", t.start_sprint, t.finish_sprint)
        };
        let due = match t.due {
            Some(d) if t.late => format!(r#"<span class="late-text">{d} (late)</span>"#),
            Some(d) => d.to_string(),
            None => String::new(),
        };
        writeln!(
            out,
            r#"<tr><td title="{}">{}</td><td>{}</td><td class="nw"><span class="swatch {}"></span>{}</td><td>{}</td><td class="n">{}</td><td class="nw">{}</td><td class="nw">{}</td><td class="n">{}</td><td class="nw">{}</td></tr>"#,
            html(&t.id),
            html(&t.title),
            html(&t.project),
            priority_class(t.priority),
            t.priority,
            html(&t.developer),
            num(t.hours, 2),
            fmt_dt_human(&t.start),
            fmt_dt_human(&t.finish),
            sprint,
            due
        )?;
    }
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}

/// The warnings of the input, the plan and the forecast.
fn warnings(report: &Report<'_>, out: &mut String) -> std::fmt::Result {
    let all = report.warnings();
    writeln!(out, r#"<section id="warnings">"#)?;
    writeln!(out, "<h2>Warnings</h2>")?;
    if all.is_empty() {
        writeln!(out, "<p>None.</p>")?;
    } else {
        writeln!(out, r#"<ul class="warnings">"#)?;
        for w in all {
            writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                html(&w.at.to_string()),
                html(&w.message)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}

#[cfg(test)]
mod tests {
    use super::heat;

    #[test]
    fn heat_runs_from_white_to_blue_and_red_above_full() {
        assert_eq!(heat(0.0), ("#f7fbff".to_string(), "#1f2328"));
        assert_eq!(heat(1.0), ("#0c3c8c".to_string(), "#ffffff"));
        assert_eq!(heat(1.2).0, "#b42318");
    }
}
