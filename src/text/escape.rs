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
//! - Terminal: a title holding `ESC ]0;…BEL` would retitle the window, `\r`
//!   would overwrite the line, a newline would split a one-line error.
//!   [`terminal`] writes every control character (C0, DEL, C1), line and
//!   paragraph separator and bidirectional override as a visible escape
//!   (`\u{1b}`, `\n`); [`Terminal`] does the same to a whole view on its
//!   way to stdout, keeping the view's own line breaks and tabs.

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
/// use sprintcast::text::escape::{cell, Cells};
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
/// use sprintcast::text::escape::html;
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
/// use sprintcast::text::escape::markdown;
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

/// Whether `c` could move the cursor, change the terminal's state, or
/// reorder or break the line it is shown on.
fn is_unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends the visible escape of `c`: `\n`, `\r`, `\t`, else `\u{hex}`.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

/// Untrusted text for one line of a terminal (an error or a warning): every
/// character that could act on the terminal or break the line, newlines
/// included, written as a visible escape.
///
/// ```
/// use sprintcast::text::escape::terminal;
/// assert_eq!(terminal("a\u{1b}]0;x\u{7}b\nc"), "a\\u{1b}]0;x\\u{7}b\\nc");
/// assert_eq!(terminal("Zoë"), "Zoë");
/// ```
pub fn terminal(value: &str) -> Cow<'_, str> {
    if !value.chars().any(is_unsafe_on_terminal) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if is_unsafe_on_terminal(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer for views shown on a terminal: what passes through is escaped
/// as [`terminal`] does, except the line breaks and tabs that lay out the
/// view. Text is UTF-8; a character split between two writes is held until
/// its end arrives.
pub struct Terminal<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> Terminal<W> {
    /// Escapes what is written on its way to `inner`.
    pub fn new(inner: W) -> Self {
        Terminal {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for Terminal<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let (text, rest) = match std::str::from_utf8(&self.pending) {
            Ok(text) => (text, self.pending.len()),
            Err(e) if e.error_len().is_none() => {
                // An incomplete character at the end: keep it for the next write.
                let valid = e.valid_up_to();
                (
                    std::str::from_utf8(&self.pending[..valid]).unwrap_or_default(),
                    valid,
                )
            }
            Err(_) => {
                // Not UTF-8 (no view writes such bytes): passed on as it is.
                self.inner.write_all(&self.pending)?;
                self.pending.clear();
                return Ok(buf.len());
            }
        };
        if text
            .chars()
            .any(|c| c != '\n' && c != '\t' && is_unsafe_on_terminal(c))
        {
            let mut out = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                if c != '\n' && c != '\t' && is_unsafe_on_terminal(c) {
                    push_escaped(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            self.inner.write_all(out.as_bytes())?;
        } else {
            self.inner.write_all(text.as_bytes())?;
        }
        self.pending.drain(..rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.inner.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_cannot_act_on_the_terminal() {
        assert_eq!(terminal("x\ry\u{2028}z\u{9b}"), "x\\ry\\u{2028}z\\u{9b}");
        assert_eq!(terminal("\u{202e}evil"), "\\u{202e}evil");
        let mut out = Vec::new();
        {
            use std::io::Write;
            let mut t = Terminal::new(&mut out);
            // A two-byte character split between writes, and an escape.
            let bytes = "é\u{1b}[2J\tok\n".as_bytes();
            t.write_all(&bytes[..1]).unwrap();
            t.write_all(&bytes[1..]).unwrap();
            t.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "é\\u{1b}[2J\tok\n");
    }

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
