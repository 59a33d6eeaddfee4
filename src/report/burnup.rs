//! The forecast's burn-up in inline SVG: estimated hours done by the end of
//! each week, as planned and at P50/P85/P95 of the samples, the bands
//! between them shaded, and the scope line on top. Each week's point has a
//! tooltip with its numbers.

use std::fmt::Write;

use crate::forecast::BurnupRow;
use crate::text::escape::html;
use crate::text::num;

const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

fn c(x: f64) -> String {
    num(x, 1)
}

/// A round step for about `ticks` ticks up to `max`: 1, 2 or 5 × 10^k.
fn step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// Appends the chart to `out`; nothing without weeks.
pub(super) fn write(rows: &[BurnupRow], out: &mut String) -> std::fmt::Result {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let weeks = rows.len() as f64;
    let top = rows
        .iter()
        .map(|r| r.scope_hours.max(r.deterministic).max(r.p50))
        .fold(0.0, f64::max)
        .max(1.0);
    let ystep = step(top, 5.0);
    let ymax = (top / ystep).ceil() * ystep;
    let x = |week: f64| LEFT + week / weeks * (WIDTH - LEFT - RIGHT);
    let y = |hours: f64| TOP + (1.0 - hours / ymax) * (HEIGHT - TOP - BOTTOM);
    // A line from `from` hours at the start, through each week's end.
    let line = |value: &dyn Fn(&BurnupRow) -> f64, from: f64| -> String {
        let mut d = format!("M{},{}", c(x(0.0)), c(y(from)));
        for (k, r) in rows.iter().enumerate() {
            let _ = write!(d, " L{},{}", c(x(k as f64 + 1.0)), c(y(value(r))));
        }
        d
    };
    // A band: along `upper` forwards, back along `lower`.
    let band = |upper: &dyn Fn(&BurnupRow) -> f64, lower: &dyn Fn(&BurnupRow) -> f64| {
        let mut d = line(upper, 0.0);
        for (k, r) in rows.iter().enumerate().rev() {
            let _ = write!(d, " L{},{}", c(x(k as f64 + 1.0)), c(y(lower(r))));
        }
        d.push_str(" Z");
        d
    };

    writeln!(
        out,
        r#"<svg class="burnup" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="burnup-title" xmlns="http://www.w3.org/2000/svg">"#,
        w = c(WIDTH),
        h = c(HEIGHT)
    )?;
    writeln!(
        out,
        r#"<title id="burnup-title">Burn-up: estimated hours done by the end of each week from {}</title>"#,
        first.start
    )?;
    // Grid and hour axis.
    let mut h = 0.0;
    while h <= ymax + 1e-9 {
        writeln!(
            out,
            r#"<line class="grid" x1="{}" y1="{y}" x2="{}" y2="{y}"/><text class="tick" x="{}" y="{}" text-anchor="end">{} h</text>"#,
            c(LEFT),
            c(WIDTH - RIGHT),
            c(LEFT - 6.0),
            c(y(h) + 4.0),
            num(h, 1),
            y = c(y(h))
        )?;
        h += ystep;
    }
    // Week axis: the end of each week.
    let every = (rows.len() / 16 + 1).max(1);
    for (k, r) in rows.iter().enumerate() {
        if (k + 1) % every == 0 || k == 0 {
            writeln!(
                out,
                r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                c(x(k as f64 + 1.0)),
                c(HEIGHT - BOTTOM + 16.0),
                r.end.format("%-d %b")
            )?;
        }
    }
    writeln!(
        out,
        r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
        c(x(0.0)),
        c(HEIGHT - BOTTOM + 16.0),
        first.start.format("%-d %b")
    )?;
    writeln!(
        out,
        r#"<path class="band" d="{}"/><path class="band" d="{}"/>"#,
        band(&|r| r.p50, &|r| r.p95),
        band(&|r| r.p50, &|r| r.p85)
    )?;
    // The scope is all the open work from the start: flat at the total,
    // where the lines of work done start from nothing.
    writeln!(
        out,
        r#"<path class="scope" d="{}"/>"#,
        line(&|r| r.scope_hours, first.scope_hours)
    )?;
    for (class, value) in [
        (
            "p95",
            &(|r: &BurnupRow| r.p95) as &dyn Fn(&BurnupRow) -> f64,
        ),
        ("p85", &|r: &BurnupRow| r.p85),
        ("p50", &|r: &BurnupRow| r.p50),
        ("plan", &|r: &BurnupRow| r.deterministic),
    ] {
        writeln!(out, r#"<path class="{class}" d="{}"/>"#, line(value, 0.0))?;
    }
    for (k, r) in rows.iter().enumerate() {
        writeln!(
            out,
            r#"<circle class="point" cx="{}" cy="{}" r="3"><title>{}</title></circle>"#,
            c(x(k as f64 + 1.0)),
            c(y(r.p50)),
            html(&format!(
                "week {} ({} to {})\nplan {} h · P50 {} h · P85 {} h · P95 {} h of {} h",
                r.week,
                r.start,
                r.end,
                num(r.deterministic, 1),
                num(r.p50, 1),
                num(r.p85, 1),
                num(r.p95, 1),
                num(r.scope_hours, 1)
            ))
        )?;
    }
    // Legend.
    let ly = HEIGHT - 14.0;
    let mut lx = LEFT;
    for (class, label) in [
        ("scope", "scope (all open work)"),
        ("plan", "plan"),
        ("p50", "P50"),
        ("p85", "P85"),
        ("p95", "P95"),
    ] {
        writeln!(
            out,
            r#"<path class="{class}" d="M{},{y} L{},{y}"/><text class="legend" x="{}" y="{}">{label}</text>"#,
            c(lx),
            c(lx + 24.0),
            c(lx + 30.0),
            c(ly + 4.0),
            y = c(ly)
        )?;
        lx += if class == "scope" { 190.0 } else { 90.0 };
    }
    writeln!(
        out,
        r#"<rect class="band" x="{}" y="{}" width="24" height="10"/><text class="legend" x="{}" y="{}">between P50 and P85 / P95 (darker: P85)</text>"#,
        c(lx),
        c(ly - 5.0),
        c(lx + 30.0),
        c(ly + 4.0)
    )?;
    writeln!(out, "</svg>")
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn steps_are_round() {
        assert_eq!(step(331.0, 5.0), 100.0);
        assert_eq!(step(40.0, 5.0), 10.0);
        assert_eq!(step(9.0, 5.0), 2.0);
        assert_eq!(step(1.0, 5.0), 0.2);
    }
}
