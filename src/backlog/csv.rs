//! The CSV backlog format (SPEC 2.2): reader and writer, with the `csv` crate.
//!
//! ```text
//! id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes
//! ```
//!
//! then, when some task has progress (SPEC 7.1),
//! `remaining,spent,actual,developer,started,finished`, then the extra columns.
//!
//! Reading: a header row is required and must name `id`, `title` and `hours`;
//! headers match case-insensitively, ignoring blanks, `_` and `-`
//! (`Depends On` is `depends_on`; `dependencies` is accepted too). Cells are
//! trimmed (of Unicode blanks, as the other formats are). `depends_on` is
//! `;`-separated (`\;` is a `;` inside a title); `skills` takes `;` or `,`. An empty
//! `id` cell gets a derived id, as in Markdown. Rows whose cells are all empty
//! are skipped. Columns SPEC does not name are kept, in order, as the tasks'
//! `extra` (unnamed columns are dropped; a name may appear once). Every row
//! must have as many cells as the header.

use std::io::{self, Write};

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Backlog, Task};

use super::{
    hours_field, join_list, low_high, num, one_line, parse_confidence, parse_due, parse_priority,
    parse_skills, parse_status, progress, skill_text, split_list, split_notes, Column, ReadOptions,
};

pub(super) fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Backlog> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(source, &e))?.clone();
    let layout = Layout::new(source, &headers)?;
    let mut backlog = Backlog {
        extra_columns: layout.extra.iter().map(|(_, name)| name.clone()).collect(),
        ..Backlog::default()
    };
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(source, &e))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.line()).ok())
            .unwrap_or(0);
        let task = layout
            .task(&record, line, opts)
            .map_err(|p| Error::input(Location::new(source, line), p))?;
        backlog.tasks.push(task);
    }
    Ok(backlog)
}

/// One line for a CSV the `csv` crate cannot read: the row's line and why.
pub(super) fn csv_error(source: &str, e: &::csv::Error) -> Error {
    let line = e
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(0);
    let message = match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} cells, but the header has {expected_len}"),
        _ => format!("not valid CSV: {e}"),
    };
    Error::input(Location::new(source, line), Problem::Syntax { message })
}

/// Which cell holds which field.
struct Layout {
    known: Vec<(Column, usize)>,
    /// Other named columns: (index, header as written).
    extra: Vec<(usize, String)>,
}

impl Layout {
    fn new(source: &str, headers: &::csv::StringRecord) -> Result<Layout> {
        let mut known: Vec<(Column, usize)> = Vec::new();
        let mut extra = Vec::new();
        for (i, name) in headers.iter().enumerate() {
            let name = name.trim();
            match Column::find(name) {
                Some(column) => {
                    if known.iter().any(|(c, _)| *c == column) {
                        return Err(Error::input(
                            Location::new(source, 1),
                            Problem::Syntax {
                                message: format!(
                                    "column \"{}\" appears twice in the header",
                                    column.name()
                                ),
                            },
                        ));
                    }
                    known.push((column, i));
                }
                None if name.is_empty() => {}
                None if extra.iter().any(|(_, n)| n == name) => {
                    return Err(Error::input(
                        Location::new(source, 1),
                        Problem::Syntax {
                            message: format!("column \"{name}\" appears twice in the header"),
                        },
                    ));
                }
                None => extra.push((i, name.to_string())),
            }
        }
        for required in [Column::Id, Column::Title, Column::Hours] {
            if !known.iter().any(|(c, _)| *c == required) {
                return Err(Error::input(
                    Location::new(source, 1),
                    Problem::MissingColumn {
                        column: required.name().into(),
                    },
                ));
            }
        }
        Ok(Layout { known, extra })
    }

    fn task(
        &self,
        record: &::csv::StringRecord,
        line: usize,
        opts: &ReadOptions,
    ) -> std::result::Result<Task, Problem> {
        let cell = |column: Column| -> &str {
            self.known
                .iter()
                .find(|(c, _)| *c == column)
                .and_then(|&(_, i)| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let title = cell(Column::Title);
        if title.is_empty() {
            return Err(Problem::Syntax {
                message: "this row has no title (the \"title\" cell is empty)".into(),
            });
        }
        for column in [
            Column::Id,
            Column::Title,
            Column::Project,
            Column::Category,
            Column::Owner,
            Column::Developer,
        ] {
            one_line(title, column.name(), cell(column))?;
        }
        // No estimate: read, and listed as not planned (SPEC 9.3).
        let (hours, estimated) = match hours_field(title, cell(Column::Hours), opts.hours_per_day) {
            Err(Problem::MissingHours { .. }) => (0.0, false),
            hours => (hours?, true),
        };
        let mut task = Task::new(cell(Column::Id), title, hours);
        task.estimated = estimated;
        task.line = line;
        task.project = cell(Column::Project).to_string();
        task.priority = parse_priority(title, cell(Column::Priority))?;
        task.category = cell(Column::Category).to_string();
        task.depends_on = split_list(cell(Column::DependsOn), &[';']);
        let skills = split_list(cell(Column::Skills), &[';', ',']);
        task.skills = parse_skills(title, skills.iter().map(String::as_str))?;
        let owner = cell(Column::Owner);
        task.owner = (!owner.is_empty()).then(|| owner.to_string());
        let due = cell(Column::Due);
        if !due.is_empty() {
            task.due = Some(parse_due(title, due)?);
        }
        task.status = parse_status(title, cell(Column::Status))?;
        (task.low, task.high) = low_high(
            title,
            Some(cell(Column::Low)),
            Some(cell(Column::High)),
            opts.hours_per_day,
        )?;
        let confidence = cell(Column::Confidence);
        if !confidence.is_empty() {
            task.confidence = Some(parse_confidence(title, confidence)?);
        }
        task.notes = split_notes(cell(Column::Notes)).collect();
        for column in Column::PROGRESS {
            progress::set(&mut task, column, cell(column), opts.hours_per_day)?;
        }
        task.extra = self
            .extra
            .iter()
            .map(|(i, name)| {
                (
                    name.clone(),
                    record.get(*i).unwrap_or("").trim().to_string(),
                )
            })
            .collect();
        Ok(task)
    }
}

/// Writes the SPEC columns, then the progress columns when some task has
/// progress (so that a backlog without it writes as it always did), then
/// the extra columns (the backlog's, then any other a task carries, in
/// first-seen order).
pub(super) fn write(backlog: &Backlog, out: &mut dyn Write) -> io::Result<()> {
    let mut extra = backlog.extra_columns.clone();
    for task in &backlog.tasks {
        super::note_extra_columns(&mut extra, task);
    }
    let mut columns = Column::ALL.to_vec();
    if progress::any(backlog) {
        columns.extend(Column::PROGRESS);
    }
    let mut writer = ::csv::WriterBuilder::new().from_writer(out);
    let mut header: Vec<&str> = columns.iter().map(|c| c.name()).collect();
    header.extend(extra.iter().map(String::as_str));
    writer.write_record(&header)?;
    for task in &backlog.tasks {
        let mut row: Vec<String> = columns.iter().map(|&c| cell(task, c)).collect();
        for name in &extra {
            let value = task
                .extra
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            row.push(value);
        }
        writer.write_record(&row)?;
    }
    writer.flush()
}

fn cell(task: &Task, column: Column) -> String {
    match column {
        Column::Id => task.id.clone(),
        Column::Title => task.title.clone(),
        Column::Project => task.project.clone(),
        Column::Priority => task.priority.to_string(),
        Column::Category => task.category.clone(),
        Column::Hours if !task.estimated => String::new(),
        Column::Hours => num(task.hours),
        Column::DependsOn => join_list(task.depends_on.iter().map(String::as_str), &[';'], ";"),
        Column::Skills => {
            let skills: Vec<String> = task.skills.iter().map(skill_text).collect();
            join_list(skills.iter().map(String::as_str), &[';', ','], ";")
        }
        Column::Owner => task.owner.clone().unwrap_or_default(),
        Column::Due => task
            .due
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Column::Status => task.status.as_str().to_string(),
        Column::Low => task.low.map(num).unwrap_or_default(),
        Column::High => task.high.map(num).unwrap_or_default(),
        Column::Confidence => task.confidence.map(num).unwrap_or_default(),
        Column::Notes => task.notes.join("\n"),
        Column::Remaining
        | Column::Spent
        | Column::Actual
        | Column::Developer
        | Column::Started
        | Column::Finished => progress::value(task, column)
            .map(|v| v.text(num))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use crate::backlog::{parse, Format, ReadOptions};
    use crate::model::{Backlog, Priority, Status};
    use crate::Result;

    fn csv(text: &str) -> Result<Backlog> {
        parse(
            "t.csv",
            text.as_bytes(),
            Format::Csv,
            &ReadOptions::default(),
        )
    }

    #[test]
    fn reads_rows_with_bom_loose_headers_and_extras() {
        let b = csv("\u{feff}ID,Title,Hours,Depends On,Story Points,status,Priority\n a , Fix it ,90 min,b; c,5,done,high\nb,Other,2,,,,\n")
            .unwrap();
        let t = &b.tasks[0];
        assert_eq!(
            (t.id.as_str(), t.title.as_str(), t.hours),
            ("a", "Fix it", 1.5)
        );
        assert_eq!(t.depends_on, ["b", "c"]);
        assert_eq!((t.status, t.priority), (Status::Done, Priority::High));
        assert_eq!(t.extra, [("Story Points".to_string(), "5".to_string())]);
        assert_eq!(t.line, 2);
        assert_eq!(b.tasks[1].priority, Priority::Medium);
        assert_eq!(b.tasks[1].line, 3);
        assert_eq!(b.extra_columns, ["Story Points"]);
    }

    #[test]
    fn errors_name_line_task_and_value() {
        let e = csv("id,title\na,b\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:1: missing required column \"hours\" (the header must name id, title and hours)"
        );
        let e = csv("id,title,hours\na,A,4\nb,B,six\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:3: task \"B\": hours \"six\" is not a number"
        );
        let e = csv("id,title,hours,priority\na,A,4,asap\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: task \"A\": priority \"asap\" is not a priority; use URGENT, HIGH, MEDIUM or LOW"
        );
        let e = csv("id,title,hours,low\na,A,4,3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: task \"A\": high \"\" is missing; low 3 needs a high (P90 hours) too"
        );
        let e = csv("id,title,hours\na,A,4,5\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: this row has 4 cells, but the header has 3"
        );
        let e = csv("id,title,hours\n").unwrap_err();
        assert!(e.to_string().starts_with("t.csv: no task found"), "{e}");
    }

    #[test]
    fn multi_line_notes_and_quoted_cells() {
        let b = csv("id,title,hours,notes\na,\"A, quoted\",1,\"one\ntwo\n\"\nb,B,1,\n").unwrap();
        assert_eq!(b.tasks[0].title, "A, quoted");
        assert_eq!(b.tasks[0].notes, ["one", "two"]);
        assert_eq!(b.tasks[1].line, 5);
    }

    #[test]
    fn progress_columns_come_after_spec_columns_when_a_task_has_progress() {
        let b = csv("id,title,hours,points,Status,Developer,remaining,spent,Started\na,A,6,3,in progress,Ana,2,4.5 hours,2026-12-01\nb,B,1,,,,,,\n")
            .unwrap();
        let p = &b.tasks[0].progress;
        assert_eq!(b.tasks[0].status, Status::InProgress);
        assert_eq!(
            (p.remaining, p.spent, p.actual),
            (Some(2.0), Some(4.5), None)
        );
        assert_eq!(p.developer.as_deref(), Some("Ana"));
        assert_eq!(
            p.started.map(|d| d.to_string()).as_deref(),
            Some("2026-12-01")
        );
        assert!(b.tasks[1].progress.is_empty());
        assert_eq!(b.extra_columns, ["points"]);
        let mut out = Vec::new();
        super::write(&b, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes,remaining,spent,actual,developer,started,finished,points\n\
             a,A,,MEDIUM,,6,,,,,in_progress,,,,,2,4.5,,Ana,2026-12-01,,3\n\
             b,B,,MEDIUM,,1,,,,,open,,,,,,,,,,,\n"
        );
    }

    #[test]
    fn writes_spec_columns_then_extras() {
        let b = csv("id,title,hours,points,notes\na,A,2.5,3,\"x\ny\"\n").unwrap();
        let mut out = Vec::new();
        super::write(&b, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,title,project,priority,category,hours,depends_on,skills,owner,due,status,low,high,confidence,notes,points\na,A,,MEDIUM,,2.5,,,,,open,,,,\"x\ny\",3\n"
        );
    }
}
