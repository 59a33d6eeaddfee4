//! The Gantt's legend: what each colour, line and mark means, laid out in
//! rows that fit the drawing.

use std::fmt::Write;

use super::*;

/// A legend entry: how its sample is drawn, and its text.
pub(super) enum Sample {
    Fill(&'static str),
    Arrow,
    Sprint,
    Number,
}

pub(super) fn legend_items(chart: &Chart<'_>) -> Vec<(Sample, String)> {
    let mut items: Vec<(Sample, String)> = Priority::ALL
        .iter()
        .map(|&p| (Sample::Fill(priority_class(p)), p.to_string()))
        .collect();
    items.push((Sample::Fill("medium late"), "misses its due date".into()));
    items.push((Sample::Arrow, "waits for".into()));
    items.push((Sample::Sprint, "sprint boundary".into()));
    items.push((
        Sample::Fill("closed"),
        "nobody works (weekend, holiday)".into(),
    ));
    if chart.off.iter().flatten().any(|o| o.0 == Off::Away) {
        items.push((Sample::Fill("away"), "time off".into()));
    }
    if chart.off.iter().flatten().any(|o| o.0 == Off::OffHours) {
        items.push((
            Sample::Fill("off-hours"),
            "outside their working hours".into(),
        ));
    }
    if chart.bars.iter().any(|b| b.label.number().is_some()) {
        items.push((
            Sample::Number,
            "bar keyed in the table under the chart".into(),
        ));
    }
    items
}

/// Width of a legend entry, its sample and the space after it included.
pub(super) fn item_width(text: &str) -> f64 {
    22.0 + 6.0 + text_width(text, LEGEND_PX) + 18.0
}

/// Where each legend entry goes: (row, x), rows wrapping at the right edge.
pub(super) fn legend_layout(items: &[(Sample, String)]) -> Vec<(usize, f64)> {
    let (mut row, mut x) = (0, 6.0);
    items
        .iter()
        .map(|(_, text)| {
            let w = item_width(text);
            if x + w - 18.0 > WIDTH - RIGHT && x > 6.0 {
                row += 1;
                x = 6.0;
            }
            let at = (row, x);
            x += w;
            at
        })
        .collect()
}

pub(super) fn legend_rows(items: &[(Sample, String)]) -> usize {
    legend_layout(items).last().map_or(0, |(row, _)| row + 1)
}

/// The legend, one group, under the today row.
pub(super) fn draw_legend(
    items: &[(Sample, String)],
    top: f64,
    out: &mut String,
) -> std::fmt::Result {
    writeln!(out, r#"<g class="legend">"#)?;
    for ((sample, text), (row, x)) in items.iter().zip(legend_layout(items)) {
        let y = top + 18.0 * row as f64 + 10.0;
        match sample {
            Sample::Fill("away") => writeln!(
                out,
                r#"<rect class="key away" fill="url(#hatch)" x="{}" y="{}" width="22" height="10"/>"#,
                c(x),
                c(y - 9.0)
            )?,
            Sample::Fill(class) => writeln!(
                out,
                r#"<rect class="key {class}" x="{}" y="{}" width="22" height="10" rx="2"/>"#,
                c(x),
                c(y - 9.0)
            )?,
            Sample::Arrow => writeln!(
                out,
                r#"<path class="dep" d="M{},{} L{},{}" marker-end="url(#arrow)"/>"#,
                c(x),
                c(y - 4.0),
                c(x + 22.0),
                c(y - 4.0)
            )?,
            Sample::Sprint => writeln!(
                out,
                r#"<line class="sprint" x1="{x0}" y1="{}" x2="{x0}" y2="{}"/>"#,
                c(y - 10.0),
                c(y + 1.0),
                x0 = c(x + 11.0)
            )?,
            Sample::Number => writeln!(
                out,
                r#"<text class="num" x="{}" y="{}">12</text>"#,
                c(x + 4.0),
                c(y)
            )?,
        }
        writeln!(
            out,
            r#"<text class="legend" x="{}" y="{}">{}</text>"#,
            c(x + 28.0),
            c(y),
            html(text)
        )?;
    }
    writeln!(out, "</g>")
}
