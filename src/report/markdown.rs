//! The Markdown summary (`--format markdown`): headings and tables only, no
//! HTML, so it pastes into an issue, a pull request or a wiki page as it is.
//! Every text from the input goes through [`crate::text::escape::markdown`], so a title
//! with `|`, `*` or `<b>` stays one plain cell. The plan's `solve_seconds`
//! is left out: the summary of the same input is the same bytes.

use std::io::{self, Write};

use super::forecast::finish_cell;
use super::Report;
use crate::forecast::Scope;
use crate::text::escape as safe;
use crate::text::num;
use crate::text::{date_time as fmt_dt, half_day, percent};

/// Writes the summary of `report`: the plan's figures (objective, proven
/// bound, gap), one table per sprint, the finish per project and priority,
/// the forecast when there is one, and the warnings.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let plan = report.plan;
    let md = |s: &str| safe::markdown(s).into_owned();
    writeln!(out, "# {}", report.kind())?;
    writeln!(out)?;
    writeln!(out, "| plan | |")?;
    writeln!(out, "|---|---|")?;
    if !report.source.is_empty() {
        writeln!(out, "| backlog | {} |", md(report.source))?;
    }
    if let Some(as_of) = plan.as_of {
        writeln!(out, "| as of | {as_of} |")?;
    }
    writeln!(out, "| open tasks | {} |", plan.tasks.len())?;
    writeln!(out, "| hours | {} |", num(report.hours(), 2))?;
    if let Some(f) = report.finish() {
        writeln!(out, "| all done by | {} |", fmt_dt(&f))?;
    }
    if let Some(why) = &plan.finish_set_by {
        writeln!(
            out,
            "| what sets the earliest finish | {} |",
            safe::markdown(why)
        )?;
    }
    for u in &plan.unplanned {
        writeln!(
            out,
            "| not planned: {} | {} ({}) |",
            safe::markdown(&u.title),
            safe::markdown(&u.reason),
            u.cause
        )?;
    }
    writeln!(out, "| sprints | {} |", plan.sprints.len())?;
    writeln!(
        out,
        "| objective ({}) | {} |",
        plan.objective_name,
        num(plan.objective, 2)
    )?;
    writeln!(out, "| proven lower bound | {} |", num(plan.lower_bound, 2))?;
    writeln!(out, "| gap | {} |", percent(plan.gap))?;
    writeln!(out, "| status | {} |", plan.status)?;
    writeln!(out, "| solver | {} |", plan.solver)?;
    writeln!(
        out,
        "| what the objective measures | {} |",
        safe::markdown(&plan.objective_sentence())
    )?;
    if let Some(c) = report.changes {
        c.write_markdown(out)?;
    }

    for (k, from, to, rows) in plan.sprint_rows() {
        writeln!(out)?;
        writeln!(out, "## Sprint {k} ({from} to {to})")?;
        writeln!(out)?;
        writeln!(
            out,
            "| developer | hours | capacity | utilization | tasks |"
        )?;
        writeln!(out, "|---|---:|---:|---:|---|")?;
        for (dev, titles, hours, cap) in rows {
            let util = if cap > 0.0 { hours / cap } else { 0.0 };
            let titles: Vec<String> = titles.iter().map(|t| md(t)).collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&dev),
                num(hours, 1),
                num(cap, 1),
                percent(util),
                if titles.is_empty() {
                    "-".to_string()
                } else {
                    titles.join("; ")
                }
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "## Finish dates")?;
    writeln!(out)?;
    writeln!(out, "| scope | name | finish |")?;
    writeln!(out, "|---|---|---|")?;
    for (p, f) in &plan.projects {
        let name = crate::model::project_name(p);
        writeln!(out, "| project | {} | {} |", md(name), fmt_dt(f))?;
    }
    for (p, f) in &plan.priorities {
        writeln!(out, "| priority | {} | {} |", p, fmt_dt(f))?;
    }

    if let Some(forecast) = report.forecast {
        writeln!(out)?;
        writeln!(out, "## Forecast")?;
        writeln!(out)?;
        forecast.write_settings_markdown(out)?;
        for line in forecast.risk_lines() {
            writeln!(out)?;
            writeln!(out, "{}", md(&line))?;
        }
        writeln!(out)?;
        writeln!(out, "| scope | name | plan | P50 | P85 | P95 | on time |")?;
        writeln!(out, "|---|---|---|---|---|---|---:|")?;
        for r in forecast.rows.iter().filter(|r| r.scope != Scope::Task) {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.scope.as_str(),
                md(r.label()),
                half_day(&r.deterministic),
                finish_cell(r.p50.as_ref(), half_day),
                finish_cell(r.p85.as_ref(), half_day),
                finish_cell(r.p95.as_ref(), half_day),
                r.p_on_time.map(percent).unwrap_or_else(|| "-".into())
            )?;
        }
        writeln!(out)?;
        writeln!(out, "## Burn-up (hours done by the end of each week)")?;
        writeln!(out)?;
        forecast.write_burnup_markdown(out)?;
    }

    let warnings = report.warnings();
    if !warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Warnings")?;
        writeln!(out)?;
        writeln!(out, "| where | warning |")?;
        writeln!(out, "|---|---|")?;
        for w in warnings {
            writeln!(out, "| {} | {} |", md(&w.at.to_string()), md(&w.message))?;
        }
    }
    Ok(())
}
