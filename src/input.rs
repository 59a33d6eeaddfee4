//! Reading an input file as text: the one rule for every file sprintcast
//! reads (backlog, team file, scenario file). The bytes must be UTF-8 and
//! hold no NUL byte (valid UTF-8, but only ever found in binary files); the
//! error names the line and byte offset of the first bad byte.

use std::path::Path;

use crate::error::{Error, Location, Problem, Result};

/// Reads the file at `path` as text; returns the name it goes by in
/// messages (the path as given) and the text.
///
/// An unreadable file is [`Error::Io`]; bytes that are not text are
/// [`Problem::NotText`] at their line.
pub fn read_text(path: &Path) -> Result<(String, String)> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(source.clone(), e))?;
    as_text(&source, &bytes)?;
    // Checked above: the bytes are UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    Ok((source, text))
}

/// The bytes as text, or [`Problem::NotText`] at the first invalid byte or
/// NUL; `source` names the file in the message.
pub fn as_text<'a>(source: &str, bytes: &'a [u8]) -> Result<&'a str> {
    let not_text = |offset: usize| {
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        Error::input(Location::new(source, line), Problem::NotText { offset })
    };
    let text = std::str::from_utf8(bytes).map_err(|e| not_text(e.valid_up_to()))?;
    match text.find('\0') {
        Some(offset) => Err(not_text(offset)),
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_without_nul() {
        assert_eq!(as_text("f", "a\nb".as_bytes()).unwrap(), "a\nb");
        let bad = as_text("f", b"a\nb\xff").unwrap_err().to_string();
        assert!(bad.starts_with("f:2:"), "{bad}");
        let nul = as_text("f", b"a\n\nb\0").unwrap_err().to_string();
        assert!(nul.starts_with("f:3:"), "{nul}");
    }
}
