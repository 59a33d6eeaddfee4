//! The what-if comparison's files and views: scenarios.csv (SPEC 5), the
//! terminal table, Markdown and JSON.

use std::io::{self, Write};
use std::iter;

use serde_json::{json, Map, Value};

use crate::optimizer::SolveStatus;
use crate::scenario::BASELINE;
use crate::text::escape::{self as safe, Cells};
use crate::text::fit::{self, Width};
use crate::text::{date_time as fmt_dt, hours, num, round};

use crate::whatif::{Column, Scope, ScopeResult, Unplanned, WhatIf};

/// The columns of scenarios.csv (and of the workbook's Scenarios sheet).
pub const SCENARIOS_COLUMNS: [&str; 11] = [
    "scenario",
    "scope",
    "name",
    "finish",
    "delta_days",
    "makespan_days",
    "utilization",
    "status",
    "p85",
    "p85_delta_days",
    "explanation",
];

/// One row of scenarios.csv: one scope of one plan.
#[derive(Debug, Clone)]
pub struct ScenarioRow<'a> {
    /// `baseline`, or the scenario's name.
    pub scenario: &'a str,
    /// The scope.
    pub scope: &'a Scope,
    /// Its finish, and the changes against the baseline.
    pub result: &'a ScopeResult,
    /// The plan's makespan in working days; None without a plan.
    pub makespan_days: Option<f64>,
    /// The plan's utilization; None without a plan.
    pub utilization: Option<f64>,
    /// `optimal`, `time_limit`, `heuristic` or `infeasible`.
    pub status: &'static str,
    /// The explanation, on the backlog row only.
    pub explanation: Option<String>,
}

/// A signed number of working days: `+4.5`, `-1`, `±0`.
fn signed_days(d: f64) -> String {
    let text = num(d, 1);
    if text == "0" {
        "±0".to_string()
    } else if d > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// The explanation as sentences.
fn sentences(facts: &[String]) -> String {
    facts
        .iter()
        .map(|f| {
            let mut chars = f.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl WhatIf {
    /// The cell of one scope of one plan: the date, and against the baseline
    /// the signed delta in working days; `dropped` when the scope has no open
    /// task left, `-` without a plan.
    pub(crate) fn cell(&self, k: usize, i: usize) -> String {
        let c = self.column(k);
        let r = &c.scopes[i];
        match (c.outcome, r.finish, r.delta_days) {
            (Err(_), ..) => "-".to_string(),
            (_, None, _) => "dropped".to_string(),
            (_, Some(f), Some(d)) if k > 0 => format!("{} {}", f.date(), signed_days(d)),
            (_, Some(f), _) => f.date().to_string(),
        }
    }

    /// The comparison as the views print it: a row per scope (backlog,
    /// priorities, projects) then makespan, utilization, P85 and status,
    /// each with its label and one cell per plan (baseline first).
    pub fn comparison(&self) -> Vec<(String, Vec<String>)> {
        let mut rows: Vec<(String, Vec<String>)> = self
            .scopes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    s.label(),
                    (0..(self.scenarios.len() + 1))
                        .map(|k| self.cell(k, i))
                        .collect(),
                )
            })
            .collect();
        rows.extend(self.extra_rows());
        rows
    }

    /// How plan `k` is named in the views: `baseline`, or `#k` and the
    /// scenario's name.
    pub fn tag(&self, k: usize) -> String {
        if k == 0 {
            BASELINE.to_string()
        } else {
            format!("#{k} {}", self.column(k).name)
        }
    }

    /// The explanation of a column, as sentences.
    pub fn explanation(column: &Column<'_>) -> String {
        sentences(column.explanation)
    }

    /// The rows below the scopes: makespan, utilization, P85, plan status.
    fn extra_rows(&self) -> Vec<(String, Vec<String>)> {
        let hpd = self.hours_per_day;
        let base = self.column(0).planned();
        let mut rows = Vec::new();
        rows.push((
            "makespan (working days)".to_string(),
            self.columns()
                .into_iter()
                .enumerate()
                .map(|(k, c)| match (c.planned(), base) {
                    (Some(p), Some(b)) if k > 0 => format!(
                        "{} {}",
                        num(p.makespan_hours / hpd, 1),
                        signed_days((p.makespan_hours - b.makespan_hours) / hpd)
                    ),
                    (Some(p), _) => num(p.makespan_hours / hpd, 1),
                    (None, _) => "-".to_string(),
                })
                .collect(),
        ));
        rows.push((
            "utilization".to_string(),
            self.columns()
                .into_iter()
                .map(|c| match c.planned() {
                    Some(p) => format!("{}%", num(p.utilization * 100.0, 0)),
                    None => "-".to_string(),
                })
                .collect(),
        ));
        if let Some(n) = self.samples {
            rows.push((
                format!("P85 backlog ({n} samples)"),
                self.columns()
                    .into_iter()
                    .enumerate()
                    .map(
                        |(k, c)| match (c.scopes[0].p85, c.scopes[0].p85_delta_days) {
                            (Some(t), Some(d)) if k > 0 => {
                                format!("{} {}", t.date(), signed_days(d))
                            }
                            (Some(t), _) => t.date().to_string(),
                            _ => "-".to_string(),
                        },
                    )
                    .collect(),
            ));
        }
        rows.push((
            "plan".to_string(),
            self.columns()
                .into_iter()
                .map(|c| match c.planned() {
                    Some(p) if p.optimized.status == SolveStatus::Optimal => "optimal".to_string(),
                    Some(p) => format!("gap {}%", num(p.optimized.gap() * 100.0, 1)),
                    None => "infeasible".to_string(),
                })
                .collect(),
        ));
        rows
    }

    /// The line above the comparison: the baseline's open tasks and hours,
    /// and how many scenarios are compared.
    pub fn headline(&self) -> String {
        let tasks = &self.baseline.planned.plan.tasks;
        let h: f64 = tasks.iter().map(|t| t.hours).sum();
        format!(
            "What-if: {} scenarios from {} on {} ({} open tasks, {}) with {}",
            self.scenarios.len(),
            self.source,
            self.backlog_source,
            tasks.len(),
            hours(h),
            self.team_source
        )
    }

    /// The terminal view: one table, a column per plan (the baseline, then
    /// `#1`, `#2`, … in file order), a row per scope, then each scenario's
    /// name and explanation.
    pub fn write_table(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        let mut text = Vec::new();
        self.write_table_lines(&mut text, width)?;
        out.write_all(width.fit_text(&String::from_utf8_lossy(&text)).as_bytes())
    }

    /// The table's lines before the sentences are wrapped: when the
    /// scenarios' columns do not fit beside each other, they come in
    /// blocks, each after the labels and the baseline, as wide tables are
    /// printed on paper.
    fn write_table_lines(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        writeln!(out, "{}", self.headline())?;
        if let Some(as_of) = self.as_of {
            writeln!(
                out,
                "Every plan as of {as_of}: nothing before it; in-progress tasks continue first."
            )?;
        }
        writeln!(
            out,
            "Finish dates; after a scenario's date, its change against the baseline in working days (+ later, - earlier)."
        )?;
        let rows = self.comparison();
        let header: Vec<String> = iter::once(BASELINE.to_string())
            .chain((1..(self.scenarios.len() + 1)).map(|k| format!("#{k}")))
            .collect();
        let label_width = rows.iter().map(|(l, _)| fit::columns(l)).max().unwrap_or(0);
        let widths: Vec<usize> = (0..header.len())
            .map(|k| {
                rows.iter()
                    .map(|(_, cells)| fit::columns(&cells[k]))
                    .chain(iter::once(header[k].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Labels take at most a third of the width; scenario columns fill
        // the rest, two spaces apart.
        let (label_width, room) = match width {
            Width::Fit(columns) => {
                let label = label_width.min(columns / 3);
                (label, columns.saturating_sub(label + 2 + widths[0]))
            }
            Width::Wide => (label_width, usize::MAX),
        };
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        let mut used = usize::MAX;
        for (k, &w) in widths.iter().enumerate().skip(1) {
            match blocks.last_mut() {
                Some(block) if used.saturating_add(2 + w) <= room => {
                    block.push(k);
                    used += 2 + w;
                }
                _ => {
                    blocks.push(vec![k]);
                    used = 2 + w;
                }
            }
        }
        if blocks.is_empty() {
            blocks.push(Vec::new());
        }
        let line = |label: &str, cells: &[String], block: &[usize]| -> String {
            let mut s = fit::pad(&fit::truncate(label, label_width), label_width);
            for &k in iter::once(&0).chain(block) {
                s.push_str("  ");
                s.push_str(&fit::pad(&cells[k], widths[k]));
            }
            s.trim_end().to_string()
        };
        for block in &blocks {
            writeln!(out)?;
            writeln!(out, "{}", line("", &header, block))?;
            for (label, cells) in &rows {
                writeln!(out, "{}", line(label, cells, block))?;
            }
        }
        for (k, c) in self.columns().into_iter().enumerate() {
            writeln!(out)?;
            let tag = self.tag(k);
            match c.description {
                Some(d) => writeln!(out, "{tag}: {d}")?,
                None => writeln!(out, "{tag}")?,
            }
            if !c.explanation.is_empty() {
                writeln!(out, "  {}", sentences(c.explanation))?;
            }
        }
        Ok(())
    }

    /// The same as Markdown: the table with the scenarios' names as column
    /// heads, then the explanations.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        // Names and explanations come from files anyone may write.
        let esc = |s: &str| safe::markdown(s).into_owned();
        writeln!(out, "# What-if scenarios")?;
        writeln!(out)?;
        writeln!(out, "{}  ", self.headline())?;
        writeln!(
            out,
            "Finish dates; after a scenario's date, its change against the baseline in working days (+ later, - earlier)."
        )?;
        writeln!(out)?;
        let mut head = String::from("| |");
        let mut rule = String::from("|---|");
        for k in 0..(self.scenarios.len() + 1) {
            head.push_str(&format!(" {} |", esc(&self.tag(k))));
            rule.push_str("---|");
        }
        writeln!(out, "{head}")?;
        writeln!(out, "{rule}")?;
        for (i, s) in self.scopes.iter().enumerate() {
            let cells: Vec<String> = (0..(self.scenarios.len() + 1))
                .map(|k| esc(&self.cell(k, i)))
                .collect();
            writeln!(out, "| {} | {} |", esc(&s.label()), cells.join(" | "))?;
        }
        for (label, cells) in self.extra_rows() {
            let cells: Vec<String> = cells.iter().map(|c| esc(c)).collect();
            writeln!(out, "| {} | {} |", esc(&label), cells.join(" | "))?;
        }
        writeln!(out)?;
        writeln!(out, "## Why")?;
        writeln!(out)?;
        for (k, c) in self.columns().into_iter().enumerate() {
            let tag = self.tag(k);
            writeln!(
                out,
                "- **{}**: {}",
                esc(&tag),
                esc(&sentences(c.explanation))
            )?;
        }
        Ok(())
    }

    /// The comparison as JSON: per plan its status, objective, bound,
    /// makespan, utilization, scopes and explanation.
    pub fn to_json(&self) -> Value {
        let plans: Vec<Value> = self
            .columns()
            .into_iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("name".into(), json!(c.name));
                m.insert("description".into(), json!(c.description));
                m.insert("folder".into(), json!(c.folder));
                m.insert("status".into(), json!(c.status()));
                match c.outcome {
                    Ok(p) => {
                        m.insert(
                            "objective".into(),
                            json!({"name": p.plan.objective_name, "value": round(p.plan.objective, 4)}),
                        );
                        m.insert("lower_bound".into(), json!(round(p.plan.lower_bound, 4)));
                        m.insert("gap".into(), json!(round(p.plan.gap, 6)));
                        m.insert(
                            "makespan_days".into(),
                            json!(round(p.makespan_hours / self.hours_per_day, 4)),
                        );
                        m.insert("utilization".into(), json!(round(p.utilization, 4)));
                    }
                    Err(why) => {
                        m.insert("reason".into(), json!(why.to_string()));
                        if let Unplanned::Infeasible(cause) = why {
                            m.insert("cause".into(), json!(cause.kind.as_str()));
                            m.insert("tasks".into(), json!(cause.tasks));
                        }
                    }
                }
                let scopes: Vec<Value> = self
                    .scopes
                    .iter()
                    .zip(c.scopes)
                    .map(|(s, r)| {
                        json!({
                            "scope": s.kind(),
                            "name": s.name(),
                            "finish": r.finish.as_ref().map(fmt_dt),
                            "delta_days": r.delta_days.map(|d| round(d, 4)),
                            "p85": r.p85.as_ref().map(fmt_dt),
                            "p85_delta_days": r.p85_delta_days.map(|d| round(d, 4)),
                        })
                    })
                    .collect();
                m.insert("scopes".into(), Value::Array(scopes));
                m.insert("explanation".into(), json!(sentences(c.explanation)));
                Value::Object(m)
            })
            .collect();
        let mut json = json!({
            "scenario_file": self.source,
            "backlog": self.backlog_source,
            "team": self.team_source,
            "samples": self.samples,
            "plans": plans,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        });
        if let (Some(as_of), Some(map)) = (self.as_of, json.as_object_mut()) {
            // Only in a re-plan, so a comparison from the calendar start keeps its bytes.
            map.insert("as_of".into(), json!(as_of.to_string()));
        }
        json
    }

    /// [`WhatIf::to_json`], pretty, with a trailing newline.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
        writeln!(out)
    }

    /// scenarios.csv: `scenario,scope,name,finish,delta_days,makespan_days,utilization,status,p85,p85_delta_days,explanation`,
    /// a row per plan (the baseline first, then the scenarios in file
    /// order) and scope (backlog, priorities, projects). Empty cells where a
    /// value does not exist (a dropped scope, an infeasible plan, no
    /// `--samples`); the explanation on the backlog row only.
    pub fn write_scenarios_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_scenarios_csv_with(out, Cells::default())
    }

    /// The rows of scenarios.csv, typed: a row per plan (the baseline
    /// first, then the scenarios in file order) and scope.
    pub fn scenario_rows(&self) -> Vec<ScenarioRow<'_>> {
        let mut rows = Vec::new();
        for c in self.columns() {
            let planned = c.planned();
            for (s, r) in self.scopes.iter().zip(c.scopes) {
                rows.push(ScenarioRow {
                    scenario: c.name,
                    scope: s,
                    result: r,
                    makespan_days: planned.map(|p| p.makespan_hours / self.hours_per_day),
                    utilization: planned.map(|p| p.utilization),
                    status: c.status(),
                    explanation: (*s == Scope::Backlog).then(|| sentences(c.explanation)),
                });
            }
        }
        rows
    }

    /// scenarios.csv with its text cells (names, explanations) written as
    /// `cells` says ([`crate::text::escape::cell`]).
    pub fn write_scenarios_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let text = |s: &str| safe::cell(s, cells).into_owned();
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SCENARIOS_COLUMNS)?;
        for row in self.scenario_rows() {
            let r = row.result;
            w.write_record([
                text(row.scenario),
                row.scope.kind().to_string(),
                text(&row.scope.name()),
                r.finish.as_ref().map(fmt_dt).unwrap_or_default(),
                r.delta_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.makespan_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.utilization.map(|u| num(u, 4)).unwrap_or_default(),
                row.status.to_string(),
                r.p85.as_ref().map(fmt_dt).unwrap_or_default(),
                r.p85_delta_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.explanation.as_deref().map(text).unwrap_or_default(),
            ])?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_days_read_as_changes() {
        assert_eq!(signed_days(4.5), "+4.5");
        assert_eq!(signed_days(-1.0), "-1");
        assert_eq!(signed_days(0.01), "±0");
        assert_eq!(signed_days(-0.04), "±0");
    }
}
