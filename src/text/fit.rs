//! Text that fits a terminal: how wide the views may be, cutting a long
//! name to a width with an ellipsis, and wrapping a sentence, both by
//! display width (a CJK character takes two columns, a combining accent
//! none). The binary finds the width (COLUMNS, then the terminal); the
//! views only take it.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How wide the terminal views may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Every line fits this many columns: names are cut, sentences wrap.
    Fit(usize),
    /// The long form (`--wide`): nothing is cut or wrapped.
    Wide,
}

/// The narrowest width the views fit: below it a table has no room for a
/// name at all, so lines may run past it.
pub const MIN_COLUMNS: usize = 40;

impl Width {
    /// The width for `columns` columns, never below [`MIN_COLUMNS`].
    pub fn fit(columns: usize) -> Width {
        Width::Fit(columns.max(MIN_COLUMNS))
    }

    /// `text` cut to the columns left after `used` (with `…`), or whole
    /// in the long form.
    pub fn cut(self, text: &str, used: usize) -> String {
        match self {
            Width::Fit(columns) => truncate(text, columns.saturating_sub(used).max(8)),
            Width::Wide => text.to_string(),
        }
    }

    /// `text` as lines that fit, the lines after the first indented by
    /// `indent` spaces; one line in the long form.
    pub fn wrap(self, text: &str, indent: usize) -> Vec<String> {
        match self {
            Width::Fit(columns) => {
                let pad = " ".repeat(indent);
                let options = textwrap::Options::new(columns)
                    .subsequent_indent(&pad)
                    .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
                    .break_words(true);
                textwrap::wrap(text, options)
                    .into_iter()
                    .map(|line| line.into_owned())
                    .collect()
            }
            Width::Wide => vec![text.to_string()],
        }
    }

    /// `text` with every line that does not fit wrapped at spaces, its
    /// continuation lines indented two spaces past the line's own indent
    /// (so a wrapped list item stays under its item); the text as it is in
    /// the long form.
    pub fn fit_text(self, text: &str) -> String {
        let Width::Fit(columns) = self else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            if line.width() <= columns {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            let pad = " ".repeat(indent + 2);
            let options = textwrap::Options::new(columns)
                .initial_indent(&line[..indent])
                .subsequent_indent(&pad)
                .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
                .break_words(true);
            for part in textwrap::wrap(line[indent..].trim_end(), options) {
                out.push_str(&part);
                out.push('\n');
            }
        }
        out
    }
}

/// How many columns `text` takes on a terminal.
pub fn columns(text: &str) -> usize {
    text.width()
}

/// `text` padded with spaces to `width` columns (by display width, which
/// `format!`'s padding does not count).
pub fn pad(text: &str, width: usize) -> String {
    let gap = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(gap))
}

/// `text` cut to at most `width` columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_cut_to_the_width_with_an_ellipsis() {
        assert_eq!(truncate("Fix the login page", 30), "Fix the login page");
        assert_eq!(truncate("Fix the login page", 10), "Fix the l…");
        assert_eq!(columns(&truncate("Fix the login page", 10)), 10);
        // No space before the ellipsis: "Fix the …" would read as a gap.
        assert_eq!(truncate("Fix the login page", 9), "Fix the…");
        // Two columns per CJK character: 4 fit in 9 with the ellipsis.
        assert_eq!(truncate("日本語のタスク名", 9), "日本語の…");
        assert_eq!(columns("日本語の…"), 9);
    }

    #[test]
    fn sentences_wrap_with_an_indent_and_the_long_form_keeps_them_whole() {
        let text = "What sets the earliest finish: Jonathan alone must do 113 h";
        let lines = Width::Fit(24).wrap(text, 2);
        assert_eq!(
            lines,
            [
                "What sets the earliest",
                "  finish: Jonathan alone",
                "  must do 113 h"
            ]
        );
        assert!(lines.iter().all(|l| columns(l) <= 24));
        assert_eq!(Width::Wide.wrap(text, 2), [text]);
        assert_eq!(Width::Wide.cut(text, 50), text);
        assert_eq!(Width::fit(10), Width::Fit(MIN_COLUMNS));
        let text = "Title\n  1. Fix the login page for good (3 h)\n";
        assert_eq!(
            Width::Fit(24).fit_text(text),
            "Title\n  1. Fix the login page\n    for good (3 h)\n"
        );
        assert_eq!(Width::Wide.fit_text(text), text);
    }
}
