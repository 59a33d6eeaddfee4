//! Untrusted text stays text. Task titles, ids, notes, project and developer
//! names come from files anyone may write; this module makes them inert in
//! each output:
//!
//! - HTML: [`html`] escapes `& < > " '`, so a title `<script>…</script>`
//!   shows as those characters, in element text and in attribute values.
//! - CSV and XLSX: a spreadsheet reads a cell that starts with `=`, `+`, `-`
//!   or `@` as a formula (and some also after a leading tab or carriage
//!   return), so a title `=HYPERLINK(…)` would run when the file is opened
//!   ("CSV injection"). [`cell`] prefixes such a text with a single quote
//!   `'`, which spreadsheets show as text. A text that is a plain number
//!   (`-3`, `+4.5`) is left alone: it cannot be a formula. Numbers and dates
//!   the program computes never pass through here.
//! - Markdown: [`markdown`] backslash-escapes the characters that would make
//!   a table cell into markup (`|`, `*`, `_`, `` ` ``, `<`, `>`, …), and puts
//!   line breaks on one line.

use std::borrow::Cow;

/// How text cells of CSV files and workbooks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cells {
    /// A text that a spreadsheet would read as a formula is neutralised
    /// (the default): `'` in front in CSV, Excel's quote prefix in a workbook.
    #[default]
    Neutralised,
    /// Every text exactly as it is (`--raw-csv`): for files read by programs
    /// rather than spreadsheets.
    Raw,
}

/// The characters that make a spreadsheet read a cell as a formula when the
/// cell starts with them.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet could take `value` for a formula: it starts with one
/// of [`FORMULA_TRIGGERS`] and is not a plain number such as `-3` or `+4.5`.
pub fn is_formula_like(value: &str) -> bool {
    value.starts_with(FORMULA_TRIGGERS) && !is_plain_number(value)
}

/// `[+-]digits[.digits]`: a number, which no spreadsheet runs.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A text cell of a CSV file: `value` with a `'` in front when it is
/// formula-like (see [`is_formula_like`]) and `cells` is
/// [`Cells::Neutralised`]; otherwise `value` as it is.
///
/// ```
/// use sprintcast::report::safe::{cell, Cells};
/// assert_eq!(cell("=1+1", Cells::Neutralised), "'=1+1");
/// assert_eq!(cell("-3", Cells::Neutralised), "-3");
/// assert_eq!(cell("Fix login", Cells::Neutralised), "Fix login");
/// assert_eq!(cell("=1+1", Cells::Raw), "=1+1");
/// ```
pub fn cell(value: &str, cells: Cells) -> Cow<'_, str> {
    if cells == Cells::Neutralised && is_formula_like(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// `value` escaped for HTML element text and quoted attribute values.
///
/// ```
/// use sprintcast::report::safe::html;
/// assert_eq!(html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
/// ```
pub fn html(value: &str) -> Cow<'_, str> {
    if !value.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `value` as the text of one Markdown table cell: characters that would
/// start markup or end the cell are backslash-escaped (CommonMark allows a
/// backslash before any ASCII punctuation), line breaks become blanks.
///
/// ```
/// use sprintcast::report::safe::markdown;
/// assert_eq!(markdown("a | b"), "a \\| b");
/// assert_eq!(markdown("<b>x</b>"), "\\<b\\>x\\</b\\>");
/// ```
pub fn markdown(value: &str) -> Cow<'_, str> {
    const SPECIAL: [char; 13] = [
        '\\', '|', '*', '_', '`', '<', '>', '[', ']', '&', '~', '\n', '\r',
    ];
    if !value.contains(SPECIAL) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_neutralised() {
        for v in [
            "=SUM(A1:A2)",
            "+1+1",
            "-2+3",
            "@cmd",
            "\t=1",
            "\r=1",
            "=",
            "-",
            "--x",
            "-3e5",
            "+.5",
            "-1.",
        ] {
            assert_eq!(cell(v, Cells::Neutralised), format!("'{v}"), "{v:?}");
            assert_eq!(cell(v, Cells::Raw), v, "{v:?}");
        }
    }

    #[test]
    fn plain_text_and_numbers_are_untouched() {
        for v in [
            "",
            "Fix login",
            " =1",
            "a=b",
            "'=1",
            "-3",
            "+4.5",
            "-0.25",
            "12",
        ] {
            assert!(
                matches!(cell(v, Cells::Neutralised), Cow::Borrowed(_)),
                "{v:?}"
            );
        }
    }

    #[test]
    fn html_escapes_quotes_for_attributes() {
        assert_eq!(
            html(r#"" onmouseover='x' & <b>"#),
            "&quot; onmouseover=&#39;x&#39; &amp; &lt;b&gt;"
        );
        assert!(matches!(html("plain – text"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_keeps_a_cell_one_cell() {
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
        assert_eq!(
            markdown("**bold** _x_ `y`"),
            "\\*\\*bold\\*\\* \\_x\\_ \\`y\\`"
        );
        assert_eq!(markdown("a\\|b"), "a\\\\\\|b");
        assert_eq!(markdown("[link](x)"), "\\[link\\](x)");
    }
}
