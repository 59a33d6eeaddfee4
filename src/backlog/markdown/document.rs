//! The text of a Markdown backlog around its tasks (SPEC 8.5): kept while
//! reading, put back in place when writing, so that Markdown -> Markdown
//! gives the file as it was.
//!
//! Reading files every line that is neither a task line nor one of a task's
//! sub-lines into [`Document::text`], verbatim. Writing puts that text back
//! between the tasks, each task written as the plain writer writes it; the
//! result is read back and used only when it gives the same tasks (and the
//! same summary table) as the backlog holds: when the tasks were changed in
//! a way the old headings no longer fit (another project, priority or
//! category, tasks added or removed), the plain writer's output is used.

use std::io::{self, Write};

use crate::model::{Backlog, Document, Task};

use super::super::{parse, Format, ReadOptions};

/// Collects the non-task lines while the reader reads.
#[derive(Default)]
pub(super) struct Builder {
    text: Vec<String>,
    current: String,
    tasks: usize,
}

impl Builder {
    /// `raw` is the line as in the file, line end included; `owned` tells
    /// whether the reader took it as a task line or a task's sub-line;
    /// `tasks` is how many tasks the reader has after it.
    pub(super) fn line(&mut self, raw: &str, owned: bool, tasks: usize) {
        if tasks > self.tasks {
            self.tasks = tasks;
            self.text.push(std::mem::take(&mut self.current));
        } else if !owned {
            self.current.push_str(raw);
        }
    }

    /// The document, or `None` when there is no text besides the tasks.
    pub(super) fn finish(mut self) -> Option<Document> {
        self.text.push(self.current);
        self.text
            .iter()
            .any(|t| !t.is_empty())
            .then_some(Document { text: self.text })
    }
}

/// The backlog written with its document's text in place, when that reads
/// back as the same backlog; `None` otherwise (the caller writes it plain).
pub(super) fn render(
    backlog: &Backlog,
    document: &Document,
    write_task: impl Fn(&Task, &mut dyn Write) -> io::Result<()>,
) -> io::Result<Option<Vec<u8>>> {
    if document.text.len() != backlog.tasks.len() + 1 {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (text, task) in document.text.iter().zip(&backlog.tasks) {
        out.write_all(text.as_bytes())?;
        write_task(task, &mut out)?;
    }
    out.write_all(document.text[backlog.tasks.len()].as_bytes())?;
    let Ok(again) = parse(
        &backlog.source,
        &out,
        Format::Markdown,
        &ReadOptions::default(),
    ) else {
        return Ok(None);
    };
    Ok(same(backlog, &again).then_some(out))
}

/// The same tasks and summary table, line numbers aside; a backlog without
/// a summary table takes the one the text has.
fn same(a: &Backlog, b: &Backlog) -> bool {
    let lineless = |t: &Task| Task {
        line: 0,
        ..t.clone()
    };
    let summary = |b: &Backlog| {
        b.declared.clone().map(|mut d| {
            d.line = 0;
            d
        })
    };
    a.tasks.len() == b.tasks.len()
        && a.tasks
            .iter()
            .zip(&b.tasks)
            .all(|(x, y)| lineless(x) == lineless(y))
        // A format without a summary table (JSON) leaves the document's.
        && (a.declared.is_none() || summary(a) == summary(b))
}

/// What of the document a format without room for it loses, as a phrase
/// ("the document's title, introduction and 2 other sections"), or `None`
/// when nothing would be lost. The title is a `#` heading; the
/// introduction, text before the first `##` heading; project subtitles,
/// the `(...)` after a project's name; the other sections, `##` headings
/// with no task under them.
pub fn lost_text(document: &Document) -> Option<String> {
    let (mut title, mut intro, mut subtitles, mut sections) = (false, false, false, 0);
    let mut seen_section = false;
    let count = document.text.len();
    for (i, text) in document.text.iter().enumerate() {
        // The last `##` heading of a text has the next task under it.
        let headings: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("## ") || l.trim_end() == "##")
            .collect();
        for (j, heading) in headings.iter().enumerate() {
            let has_task = i + 1 < count && j + 1 == headings.len();
            if has_task {
                subtitles |= heading.trim_end().ends_with(')');
            } else {
                sections += 1;
            }
        }
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("## ") || line == "##" {
                seen_section = true;
            } else if line.starts_with("# ") {
                title = true;
            } else if !seen_section
                && !line.is_empty()
                && !line.starts_with('#')
                && !line.starts_with("---")
            {
                intro = true;
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if title {
        parts.push("title".into());
    }
    if intro {
        parts.push("introduction".into());
    }
    if subtitles {
        parts.push("project subtitles".into());
    }
    match (sections, parts.is_empty()) {
        (0, _) => {}
        (1, true) => parts.push("1 section".into()),
        (n, true) => parts.push(format!("{n} sections")),
        (1, false) => parts.push("1 other section".into()),
        (n, false) => parts.push(format!("{n} other sections")),
    }
    let last = parts.pop()?;
    Some(if parts.is_empty() {
        format!("the document's {last}")
    } else {
        format!("the document's {} and {last}", parts.join(", "))
    })
}
