//! Writing output files safely: every file is written to a temporary file
//! in its own directory, flushed to disk, and renamed over the target. A
//! rename within a directory is atomic, so a reader (or a run interrupted
//! half-way) sees the old file whole or the new file whole, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Tells apart the temporary files of one process.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The directory `path` is in (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks, before any work is done, that `path` can be written as a file:
/// its directory exists and `path` is not itself a directory. The error
/// names the path (exit code 2).
pub fn check_writable(path: &Path) -> Result<()> {
    let dir = parent_of(path);
    let problem = if !dir.is_dir() {
        Some(format!("directory {} does not exist", dir.display()))
    } else if path.is_dir() {
        Some("is a directory; give a file name".to_string())
    } else {
        None
    };
    match problem {
        Some(p) => Err(Error::io(
            path.display().to_string(),
            io::Error::new(io::ErrorKind::NotFound, p),
        )),
        None => Ok(()),
    }
}

/// Writes `bytes` to `path`: to a new temporary file beside it (named
/// `.NAME.PID-N.sprintcast-tmp`), synced, then renamed over `path`. An
/// existing file keeps its permissions and is replaced only as a whole; on
/// any error the temporary file is removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io_err = |e| Error::io(path.display().to_string(), e);
    let dir = parent_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(
        ".{name}.{}-{}.sprintcast-tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| -> io::Result<()> {
        // create_new: never follows a link or reuses a file left behind.
        let mut file: File = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.csv");
        fs::write(&path, "x".repeat(1000)).unwrap();
        write_atomically(&path, b"short\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "short\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_missing_directory_is_an_io_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing/report.html");
        let e = check_writable(&path).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(text.starts_with(&path.display().to_string()), "{text}");
        assert!(text.contains("does not exist"), "{text}");
        let e = write_atomically(&path, b"x").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(check_writable(dir.path()).is_err());
        assert!(check_writable(&dir.path().join("ok.html")).is_ok());
    }
}
