//! Typed errors of the library.
//!
//! Every error that user input can cause carries where it happened (file and
//! line, column where it helps) and the offending value, so the binary can print
//! one line a team lead can act on:
//! `data/backlog.md:42: task "Add PDF report export": hours "six" is not a number`.

use std::fmt;

pub mod infeasible;

pub use infeasible::Infeasibility;

/// A place in an input file. `line` is 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file name as the user gave it (or `-` for stdin).
    pub file: String,
    /// 1-based line, 0 when the problem is not tied to a line.
    pub line: usize,
    /// 1-based column, when it helps.
    pub column: Option<usize>,
}

impl Location {
    /// A location at a line of a file.
    pub fn new(file: impl Into<String>, line: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column: None,
        }
    }

    /// The same location with a column.
    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, Some(col)) => write!(f, "{}:{}:{}", self.file, line, col),
            (line, None) => write!(f, "{}:{}", self.file, line),
        }
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is invalid: the message says where and why (exit code 1).
    #[error("{at}: {problem}")]
    Input {
        /// Where the problem is (boxed with the problem: keeps `Result` small).
        at: Box<Location>,
        /// What is wrong, with the offending value (boxed: keeps `Result` small).
        problem: Box<Problem>,
    },
    /// The plan cannot exist: the kind of cause, the tasks and the facts;
    /// its `Display` words them (exit code 1).
    #[error("infeasible: {0}")]
    Infeasible(Box<Infeasibility>),
    /// An option of a library call out of its range, such as a forecast
    /// with no samples (exit code 1).
    #[error("{option} \"{value}\" {expected}")]
    BadOption {
        /// The option's name (`samples`, `uncertainty`).
        option: String,
        /// The value as given.
        value: String,
        /// What was expected, phrased to follow the value.
        expected: String,
    },
    /// An output path that would lose something the user gave (an input,
    /// another output, a device) or that cannot be written as asked; refused
    /// before any work (exit code 2).
    #[error("{path}: {problem}")]
    Output {
        /// The output path as given.
        path: String,
        /// Why it is refused, and what to do.
        problem: String,
    },
    /// Reading or writing a file failed (exit code 2).
    #[error("{path}: {source}")]
    Io {
        /// The file or directory involved.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Shorthand for an input error at a location.
    pub fn input(at: Location, problem: Problem) -> Self {
        Error::Input {
            at: Box::new(at),
            problem: Box::new(problem),
        }
    }

    /// Shorthand for an infeasible plan.
    pub fn infeasible(
        kind: infeasible::Kind,
        tasks: Vec<String>,
        facts: infeasible::Facts,
    ) -> Self {
        Error::Infeasible(Box::new(Infeasibility { kind, tasks, facts }))
    }

    /// Shorthand for an I/O error on a path.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code SPEC section 1 gives this error: 1 for invalid
    /// input or an infeasible plan, 2 for I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } | Error::Infeasible(_) | Error::BadOption { .. } => 1,
            Error::Io { .. } | Error::Output { .. } => 2,
        }
    }
}

/// What is wrong with an input, with the offending values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// The file is empty or holds nothing but whitespace.
    #[error("the file is empty; expected a backlog with at least one task")]
    EmptyFile,
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text (byte {offset}); save it as UTF-8")]
    NotText {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A task has no estimate.
    #[error("task \"{task}\": no hour estimate; add one such as (4 hours)")]
    MissingHours {
        /// The task's title.
        task: String,
    },
    /// An estimate that is not a number.
    #[error("task \"{task}\": hours \"{value}\" is not a number")]
    HoursNotNumber {
        /// The task's title.
        task: String,
        /// The value as written.
        value: String,
    },
    /// An estimate that is zero or negative.
    #[error("task \"{task}\": hours \"{value}\" must be greater than zero")]
    HoursNotPositive {
        /// The task's title.
        task: String,
        /// The value as written.
        value: String,
    },
    /// Some other field holds a value that cannot be used.
    #[error("task \"{task}\": {field} \"{value}\" {expected}")]
    BadField {
        /// The task's title or id.
        task: String,
        /// The field's name.
        field: String,
        /// The value as written.
        value: String,
        /// What was expected, phrased to follow the value.
        expected: String,
    },
    /// Two tasks share an id.
    #[error("duplicate task id \"{id}\" (first used on line {first_line}); give one of them another `id:`")]
    DuplicateId {
        /// The id.
        id: String,
        /// Line of its first use.
        first_line: usize,
    },
    /// A dependency that names no task.
    #[error("task \"{task}\": dependency \"{reference}\" names no task{}", suggest(.suggestions))]
    UnknownDependency {
        /// The task that depends.
        task: String,
        /// The reference as written.
        reference: String,
        /// Closest titles.
        suggestions: Vec<String>,
    },
    /// A dependency by a title that several tasks share.
    #[error("task \"{task}\": dependency \"{reference}\" matches several tasks; use one of the ids {}", .ids.join(", "))]
    AmbiguousDependency {
        /// The task that depends.
        task: String,
        /// The reference as written.
        reference: String,
        /// The ids of the tasks it matches.
        ids: Vec<String>,
    },
    /// A dependency cycle; the tasks are listed in cycle order.
    #[error("dependency cycle: {}", cycle_text(.cycle))]
    Cycle {
        /// Task titles (or ids) along the cycle.
        cycle: Vec<String>,
    },
    /// A CSV without one of its required columns.
    #[error("missing required column \"{column}\" (the header must name id, title and hours)")]
    MissingColumn {
        /// The missing column.
        column: String,
    },
    /// A malformed file that the format's parser rejected.
    #[error("{message}")]
    Syntax {
        /// The parser's message, already phrased for a user.
        message: String,
    },
    /// A key that the team file does not know.
    #[error("unknown key \"{key}\"{}", suggest(.suggestions))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// Closest known keys.
        suggestions: Vec<String>,
    },
    /// A date or time that cannot be read.
    #[error("{field} \"{value}\" is not a valid {expected}")]
    BadDate {
        /// The field's name.
        field: String,
        /// The value as written.
        value: String,
        /// e.g. `date (YYYY-MM-DD)`.
        expected: String,
    },
    /// A rule or pin that names a developer the team does not have.
    #[error("{context}: unknown developer \"{name}\"{}", suggest(.suggestions))]
    UnknownDeveloper {
        /// Where the name is used (a rule, a task).
        context: String,
        /// The name as written.
        name: String,
        /// Closest developer names.
        suggestions: Vec<String>,
    },
    /// A rule's title pattern that is not a regular expression.
    #[error(
        "rule \"{rule}\": title pattern \"{pattern}\" is not a valid regular expression ({reason})"
    )]
    BadRegex {
        /// The rule's name.
        rule: String,
        /// The pattern.
        pattern: String,
        /// The regex crate's reason, first line.
        reason: String,
    },
    /// Any other invalid value in the team file or scenarios.
    #[error("{field} \"{value}\" {expected}")]
    BadValue {
        /// The field's name.
        field: String,
        /// The value as written.
        value: String,
        /// What was expected, phrased to follow the value.
        expected: String,
    },
    /// A scenario that names a rule the team does not have.
    #[error("{context}: unknown rule \"{name}\"{}", suggest(.suggestions))]
    UnknownRule {
        /// Where the name is used (a scenario and its change).
        context: String,
        /// The name as written.
        name: String,
        /// Closest rule names.
        suggestions: Vec<String>,
    },
    /// A scenario selector that matches no open task.
    #[error("{context}: {selector} matches no open task{}", suggest(.suggestions))]
    NoMatch {
        /// Where the selector is used (a scenario and its change).
        context: String,
        /// The selector or the part of it that matches nothing, as written.
        selector: String,
        /// Closest values that would match.
        suggestions: Vec<String>,
    },
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean \"{one}\"?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}

/// The cycle closed on its first task. A long cycle shows its first and last
/// `CYCLE_ENDS` tasks and counts the middle: a 100,000-task cycle would
/// otherwise be a line of megabytes.
fn cycle_text(cycle: &[String]) -> String {
    const CYCLE_ENDS: usize = 10;
    let quoted = |t: &String| format!("\"{t}\"");
    let mut parts: Vec<String> = if cycle.len() > 2 * CYCLE_ENDS + 1 {
        let hidden = cycle.len() - 2 * CYCLE_ENDS;
        cycle[..CYCLE_ENDS]
            .iter()
            .map(quoted)
            .chain([format!("({hidden} more tasks)")])
            .chain(cycle[cycle.len() - CYCLE_ENDS..].iter().map(quoted))
            .collect()
    } else {
        cycle.iter().map(quoted).collect()
    };
    if let Some(first) = cycle.first() {
        parts.push(quoted(first));
    }
    parts.join(" -> ")
}

/// The closest candidates to `word` (case-insensitive), best first, at most three.
///
/// Used for "did you mean" suggestions on unknown keys, names and titles.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_formats_as_file_line_column() {
        assert_eq!(Location::new("a.md", 0).to_string(), "a.md");
        assert_eq!(Location::new("a.md", 42).to_string(), "a.md:42");
        assert_eq!(
            Location::new("a.md", 4).with_column(7).to_string(),
            "a.md:4:7"
        );
    }

    #[test]
    fn messages_name_the_value() {
        let e = Error::input(
            Location::new("data/backlog.md", 42),
            Problem::HoursNotNumber {
                task: "Add PDF report export".into(),
                value: "six".into(),
            },
        );
        assert_eq!(
            e.to_string(),
            "data/backlog.md:42: task \"Add PDF report export\": hours \"six\" is not a number"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn cycle_is_printed_closed() {
        let p = Problem::Cycle {
            cycle: vec!["A".into(), "B".into()],
        };
        assert_eq!(p.to_string(), "dependency cycle: \"A\" -> \"B\" -> \"A\"");
    }

    #[test]
    fn long_cycle_is_abbreviated_in_the_middle() {
        let p = Problem::Cycle {
            cycle: (0..30).map(|i| format!("T{i}")).collect(),
        };
        let text = p.to_string();
        assert!(
            text.starts_with("dependency cycle: \"T0\" -> \"T1\" -> "),
            "{text}"
        );
        assert!(
            text.contains("\"T9\" -> (10 more tasks) -> \"T20\""),
            "{text}"
        );
        assert!(text.ends_with("\"T29\" -> \"T0\""), "{text}");
        assert!(
            !text.contains("\"T10\"") && !text.contains("\"T19\""),
            "{text}"
        );
    }

    #[test]
    fn closest_finds_near_words() {
        let got = closest("weekly_hour", ["weekly_hours", "focus", "skills"]);
        assert_eq!(got, vec!["weekly_hours".to_string()]);
        assert!(closest("zzzz", ["weekly_hours"]).is_empty());
    }
}
