//! The views of a re-plan's changes against the previous plan (SPEC 7.3):
//! changes.csv (`id,title,change,from,to,days`), and the Changes section of
//! the terminal table, the Markdown summary and the HTML report.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::changes::Changes;
use crate::text::escape::{cell, html, markdown, Cells};
use crate::text::fit::Width;
use crate::text::num;

/// The columns of changes.csv.
pub const CHANGES_COLUMNS: [&str; 6] = ["id", "title", "change", "from", "to", "days"];

impl Changes {
    /// changes.csv, text cells made safe as `cells` says.
    pub fn write_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let text = |s: &str| cell(s, cells).into_owned();
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CHANGES_COLUMNS)?;
        for c in &self.changes {
            w.write_record([
                text(&c.id),
                text(&c.title),
                c.kind.as_str().to_string(),
                text(&c.from),
                text(&c.to),
                c.days.map(|d| num(d, 2)).unwrap_or_default(),
            ])?;
        }
        w.flush()
    }

    /// One line per change, under the summary line, for the terminal.
    pub fn write_table(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        let mut text = format!("\nChanges against {}: {}\n", self.previous, self.summary());
        for c in &self.changes {
            text.push_str(&format!("  {}\n", line(c)));
        }
        out.write_all(width.fit_text(&text).as_bytes())
    }

    /// The Markdown section.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out)?;
        writeln!(out, "## Changes")?;
        writeln!(out)?;
        writeln!(
            out,
            "Against {}: {}.",
            markdown(&self.previous),
            markdown(&self.summary())
        )?;
        if !self.changes.is_empty() {
            writeln!(out)?;
            writeln!(out, "| change | task | from | to | working days |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for c in &self.changes {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    c.kind.as_str(),
                    markdown(&c.title),
                    markdown(&c.from),
                    markdown(&c.to),
                    c.days.map(signed).unwrap_or_default()
                )?;
            }
        }
        Ok(())
    }

    /// The HTML section.
    pub fn write_html(&self, out: &mut String) -> std::fmt::Result {
        writeln!(out, r#"<section id="changes">"#)?;
        writeln!(out, "<h2>Changes</h2>")?;
        writeln!(
            out,
            "<p>Against {}: {}.</p>",
            html(&self.previous),
            html(&self.summary())
        )?;
        if !self.changes.is_empty() {
            writeln!(
                out,
                "<table><thead><tr><th>change</th><th>task</th><th>from</th><th>to</th><th>working days</th></tr></thead><tbody>"
            )?;
            for c in &self.changes {
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    c.kind.as_str(),
                    html(&c.title),
                    html(&c.from),
                    html(&c.to),
                    c.days.map(signed).unwrap_or_default()
                )?;
            }
            writeln!(out, "</tbody></table>")?;
        }
        writeln!(out, "</section>")
    }
}

/// `+1.5` or `-0.25`.
fn signed(days: f64) -> String {
    if days > 0.0 {
        format!("+{}", num(days, 2))
    } else {
        num(days, 2)
    }
}

/// A change in words: `reassigned "Fix A": Ana → Bo`.
fn line(c: &crate::changes::Change) -> String {
    let what = format!("{} \"{}\"", c.kind.as_str().replace('_', " "), c.title);
    match (c.from.is_empty(), c.to.is_empty(), c.days) {
        (_, _, Some(d)) => format!("{what}: {} → {} ({} working days)", c.from, c.to, signed(d)),
        (true, false, None) => format!("{what}: {}", c.to),
        (false, true, None) => format!("{what} (was {})", c.from),
        _ => format!("{what}: {} → {}", c.from, c.to),
    }
}
