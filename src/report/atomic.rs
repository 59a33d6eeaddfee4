//! Writing output files safely, and refusing output paths that would lose
//! something the user gave.
//!
//! - [`check_outputs`] runs before any work: no output may be an input (the
//!   same file by device and inode, not only by name), none may be named
//!   twice, an existing output must be a regular file, and an output folder
//!   must not hold the current folder.
//! - [`write_atomically`] writes one file: to a temporary file beside it,
//!   synced, then renamed over the target, so a reader (or a run interrupted
//!   half-way) sees the old file whole or the new file whole.
//! - [`write_folder`] replaces an output folder (`--out`) as a set: the new
//!   files are written into a sibling staging folder, every other entry of the
//!   old folder is carried over (hard links: the same files, not copies), and
//!   the two folders are swapped in one atomic step. An interrupted run leaves
//!   the old folder or the new one, never a mix.
//!
//! Temporary files and folders are named `.NAME.sprintcast-KIND-PID-N`; the
//! next run that writes beside them removes those whose process is gone.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Tells apart the temporary files of one process.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The marker in the names of temporary files and folders.
const MARK: &str = ".sprintcast-";

/// The directory `path` is in (`.` for a bare file name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Turns an I/O error on `path` into the library's error.
fn io_at(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

/// An output path refused before any work (exit code 2).
fn refused(path: &Path, problem: impl Into<String>) -> Error {
    Error::Output {
        path: path.display().to_string(),
        problem: problem.into(),
    }
}

/// Checks, before any work is done, that `path` can be written as a file:
/// its directory exists and `path` is not itself a directory. The error
/// names the path (exit code 2).
pub fn check_writable(path: &Path) -> Result<()> {
    let dir = parent_of(path);
    if !dir.is_dir() {
        return Err(refused(
            path,
            format!("directory {} does not exist", dir.display()),
        ));
    }
    check_file_kind(path)
}

/// An existing output must be a regular file (or a link to one): a folder,
/// a device such as /dev/null, a pipe or a socket is refused, since the
/// atomic rename would replace it with a regular file.
fn check_file_kind(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(refused(path, "is a directory; give a file name")),
        Ok(meta) if !meta.is_file() => Err(refused(
            path,
            "is not a regular file (a device, pipe or socket); give a file name",
        )),
        _ => Ok(()),
    }
}

/// What identifies a file: its device and inode when it exists, else its
/// absolute path with `.`, `..` and links of its existing part resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    Inode(u64, u64),
    Path(PathBuf),
}

fn key_of(path: &Path) -> FileKey {
    if let Ok(meta) = fs::metadata(path) {
        if let Some(key) = inode_key(&meta) {
            return key;
        }
    }
    FileKey::Path(resolved(path))
}

#[cfg(unix)]
fn inode_key(meta: &fs::Metadata) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    Some(FileKey::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn inode_key(_meta: &fs::Metadata) -> Option<FileKey> {
    None
}

/// `path` made absolute: its longest existing ancestor canonicalized (links
/// resolved), the rest appended with `.` and `..` applied by name.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut existing = absolute.clone();
    let mut rest: Vec<OsString> = Vec::new();
    loop {
        if let Ok(canonical) = fs::canonicalize(&existing) {
            existing = canonical;
            break;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    for name in rest.into_iter().rev() {
        match Path::new(&name).components().next() {
            Some(Component::ParentDir) => {
                existing.pop();
            }
            Some(Component::CurDir) => {}
            _ => existing.push(name),
        }
    }
    existing
}

/// The outputs of one command, for [`check_outputs`].
#[derive(Debug, Default)]
pub struct Outputs {
    /// The input files (backlog, team, scenarios); `-` (stdin) is skipped.
    pub inputs: Vec<PathBuf>,
    /// Each `--out` folder with the paths, relative to it, of the files the
    /// command writes there.
    pub folders: Vec<(PathBuf, Vec<PathBuf>)>,
    /// Single files (`--html`, `--xlsx`, the output of `convert`).
    pub files: Vec<PathBuf>,
}

/// Checks every output path before any work (exit code 2 on a refusal):
/// - an output folder must be a folder (or not exist yet) and must not be
///   the current folder or hold it (it is replaced as a whole);
/// - an existing output file must be a regular file (or a link to one);
/// - a single file's directory must exist;
/// - no output may be an input, and no two outputs may be the same file.
pub fn check_outputs(outputs: &Outputs) -> Result<()> {
    let cwd = std::env::current_dir().ok().map(|d| resolved(&d));
    let mut all: Vec<PathBuf> = Vec::new();
    for (dir, names) in &outputs.folders {
        if let Ok(meta) = fs::metadata(dir) {
            if !meta.is_dir() {
                return Err(refused(dir, "is not a folder; give a folder for --out"));
            }
        }
        if cwd
            .as_ref()
            .is_some_and(|cwd| cwd.starts_with(resolved(dir)))
        {
            return Err(refused(
                dir,
                "holds the current folder, and --out replaces its folder as a whole; give a sub-folder such as plan/",
            ));
        }
        all.extend(names.iter().map(|name| dir.join(name)));
    }
    all.extend(outputs.files.iter().cloned());
    for path in &all {
        check_file_kind(path)?;
    }
    let inputs: HashMap<FileKey, &PathBuf> = outputs
        .inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| (key_of(p), p))
        .collect();
    let mut seen: HashMap<FileKey, &PathBuf> = HashMap::new();
    for path in &all {
        let key = key_of(path);
        if let Some(input) = inputs.get(&key) {
            return Err(refused(
                path,
                format!(
                    "is the input {}; writing there would replace it: give another output path",
                    input.display()
                ),
            ));
        }
        if let Some(first) = seen.insert(key, path) {
            return Err(refused(
                path,
                format!(
                    "is also the output {}; give each output its own file",
                    first.display()
                ),
            ));
        }
    }
    // A single file goes into a folder that exists, or into an --out folder
    // (written, so created, first).
    let folders: Vec<PathBuf> = outputs.folders.iter().map(|(d, _)| resolved(d)).collect();
    for path in &outputs.files {
        if !folders.contains(&resolved(&parent_of(path))) {
            check_writable(path)?;
        }
    }
    Ok(())
}

/// A fresh temporary name beside `path` (in its directory).
fn temporary(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    parent_of(path).join(format!(
        ".{name}{MARK}{kind}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The process id in the name of a temporary entry of this module (or of
/// earlier versions, `.NAME.PID-N.sprintcast-tmp`), if it is one.
fn temporary_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    if let Some(stem) = name.strip_suffix(".sprintcast-tmp") {
        let (_, tail) = stem.rsplit_once('.')?;
        return tail.split('-').next()?.parse().ok();
    }
    let (_, tail) = name.rsplit_once(MARK)?;
    let mut parts = tail.split('-');
    let kind = parts.next()?;
    if !matches!(kind, "tmp" | "new" | "old") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// Whether a process with this id still runs (then its temporary entries
/// are left alone).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(not(unix))]
fn alive(pid: u32) -> bool {
    pid == std::process::id()
}

/// Whether `name` is a temporary entry left by a run that is gone.
fn is_stale(name: &str) -> bool {
    temporary_pid(name).is_some_and(|pid| !alive(pid))
}

/// Removes the temporary files and folders that interrupted runs left in
/// `dir`. Best effort: what cannot be removed stays for the next run.
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !is_stale(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
    }
}

/// Writes `bytes` to the file `tmp` (which must not exist), with the
/// permissions of `like` if that exists, synced to disk.
fn write_new(tmp: &Path, bytes: &[u8], like: &Path) -> io::Result<()> {
    // create_new: never follows a link or reuses a file left behind.
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    file.write_all(bytes)?;
    if let Ok(meta) = fs::metadata(like) {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// Writes `bytes` to `path`: to a new temporary file beside it, synced, then
/// renamed over `path`. An existing file keeps its permissions and is
/// replaced only as a whole; a link to a file is followed (the file it
/// names is replaced, the link stays); on any error the temporary file is
/// removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io_err = |e| Error::io(path.display().to_string(), e);
    check_file_kind(path)?;
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).map_err(io_err)?,
        _ => path.to_path_buf(),
    };
    remove_stale(&parent_of(&target));
    let tmp = temporary(&target, "tmp");
    let written = write_new(&tmp, bytes, &target).and_then(|()| fs::rename(&tmp, &target));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    Ok(())
}

/// Replaces the folder `dir` as a set: `files` (paths relative to `dir`,
/// with their bytes) are written into a sibling staging folder, every other
/// entry of the old folder is carried over into it (regular files as hard
/// links, or copies where a link is refused; links as links; sub-folders
/// entry by entry), and the staging folder is swapped with `dir` in one
/// atomic rename. The old folder is removed afterwards.
///
/// Existing files keep their permissions. A folder that does not exist yet
/// is created whole by one rename.
pub fn write_folder(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    // The real folder: a link to a folder is followed, so the link stays.
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let parent = parent_of(&dir);
    fs::create_dir_all(&parent).map_err(io_at(&parent))?;
    remove_stale(&parent);
    let staging = temporary(&dir, "new");
    let made = (|| -> Result<()> {
        fs::create_dir(&staging).map_err(io_at(&staging))?;
        for (name, bytes) in files {
            let path = staging.join(name);
            let sub = parent_of(&path);
            fs::create_dir_all(&sub).map_err(io_at(&sub))?;
            write_new(&path, bytes, &dir.join(name)).map_err(io_at(&dir.join(name)))?;
        }
        if dir.exists() {
            carry_over(&dir, &staging)?;
            let meta = fs::metadata(&dir).map_err(io_at(&dir))?;
            fs::set_permissions(&staging, meta.permissions()).map_err(io_at(&dir))?;
        }
        sync_dir(&staging);
        Ok(())
    })();
    if let Err(e) = made {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let swapped = if dir.exists() {
        swap(&staging, &dir).map(|()| Some(staging.clone()))
    } else {
        fs::rename(&staging, &dir).map(|()| None)
    };
    match swapped {
        Ok(old) => {
            sync_dir(&parent);
            if let Some(old) = old {
                // The old set, now under the staging name: gone for good.
                let _ = fs::remove_dir_all(old);
            }
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            Err(Error::io(dir.display().to_string(), e))
        }
    }
}

/// Copies into `to` every entry of `from` that `to` does not hold yet:
/// regular files as hard links (copies where the file system refuses a
/// link), links as links, folders entry by entry. Stale temporary entries
/// are left behind; a device, pipe or socket is refused (it cannot be
/// carried into the new folder).
fn carry_over(from: &Path, to: &Path) -> Result<()> {
    // Iterative: a deep tree cannot exhaust the stack.
    let mut pending = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src_dir, dst_dir)) = pending.pop() {
        for entry in fs::read_dir(&src_dir).map_err(io_at(&src_dir))? {
            let entry = entry.map_err(io_at(&src_dir))?;
            if is_stale(&entry.file_name().to_string_lossy()) {
                continue;
            }
            let src = entry.path();
            let dst = dst_dir.join(entry.file_name());
            let kind = entry.file_type().map_err(io_at(&src))?;
            if kind.is_dir() {
                if !dst.is_dir() {
                    fs::create_dir(&dst).map_err(io_at(&src))?;
                    if let Ok(meta) = fs::metadata(&src) {
                        let _ = fs::set_permissions(&dst, meta.permissions());
                    }
                }
                pending.push((src, dst));
            } else if fs::symlink_metadata(&dst).is_ok() {
                // Written anew by this run.
            } else if kind.is_symlink() {
                copy_link(&src, &dst).map_err(io_at(&src))?;
            } else if kind.is_file() {
                if fs::hard_link(&src, &dst).is_err() {
                    fs::copy(&src, &dst).map_err(io_at(&src))?;
                }
            } else {
                return Err(refused(
                    &src,
                    "is not a regular file (a device, pipe or socket) inside the --out folder, which is replaced as a whole; move it out or give another folder",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(src)?, dst)
}

#[cfg(not(unix))]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    fs::copy(src, dst).map(|_| ())
}

/// Exchanges two folders of one directory in one step (Linux
/// `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`). Where
/// the file system cannot, falls back to two renames, the old folder kept
/// under the staging name until the new one is in place.
fn swap(staging: &Path, dir: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = temporary(dir, "old");
    fs::rename(dir, &old)?;
    if let Err(e) = fs::rename(staging, dir) {
        let _ = fs::rename(&old, dir);
        return Err(e);
    }
    fs::rename(&old, staging)
}

/// Flushes a folder's entries to disk (best effort; not every platform can).
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.csv");
        fs::write(&path, "x".repeat(1000)).unwrap();
        write_atomically(&path, b"short\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "short\n");
        assert_eq!(names(dir.path()), ["plan.csv"]);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_path() {
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

    #[test]
    fn a_folder_is_replaced_as_a_set_keeping_what_the_run_does_not_write() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("plan.csv"), "old plan").unwrap();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        fs::write(dir.join("sub/keep.csv"), "kept").unwrap();
        let files = vec![
            (PathBuf::from("plan.csv"), b"new plan".to_vec()),
            (PathBuf::from("sub/new.csv"), b"new".to_vec()),
        ];
        write_folder(&dir, &files).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join("plan.csv")).unwrap(),
            "new plan"
        );
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        assert_eq!(
            fs::read_to_string(dir.join("sub/keep.csv")).unwrap(),
            "kept"
        );
        assert_eq!(fs::read_to_string(dir.join("sub/new.csv")).unwrap(), "new");
        assert_eq!(names(root.path()), ["out"], "no staging folder left");
        // A folder that does not exist is created whole.
        let fresh = root.path().join("fresh");
        write_folder(&fresh, &files).unwrap();
        assert_eq!(names(&fresh), ["plan.csv", "sub"]);
    }

    #[test]
    fn stale_temporary_entries_of_dead_runs_are_removed() {
        let root = tempfile::tempdir().unwrap();
        // No process has an id this large (Linux caps ids at 2^22).
        let dead = 4_000_000_000u32;
        let stale_dir = root.path().join(format!(".out{MARK}new-{dead}-0"));
        fs::create_dir(&stale_dir).unwrap();
        fs::write(stale_dir.join("plan.csv"), "half").unwrap();
        fs::write(
            root.path().join(format!(".r.html.{dead}-3.sprintcast-tmp")),
            "x",
        )
        .unwrap();
        let live = root
            .path()
            .join(format!(".keep{MARK}tmp-{}-9", std::process::id()));
        fs::write(&live, "in use").unwrap();
        write_folder(
            &root.path().join("out"),
            &[(PathBuf::from("a.csv"), vec![])],
        )
        .unwrap();
        assert_eq!(
            names(root.path()),
            [
                format!(".keep{MARK}tmp-{}-9", std::process::id()),
                "out".into()
            ]
        );
    }

    #[test]
    fn outputs_that_are_inputs_or_named_twice_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let backlog = root.path().join("b.md");
        fs::write(&backlog, "- [ ] **x** (1 hours)\n").unwrap();
        let by_other_name = root.path().join("link.md");
        fs::hard_link(&backlog, &by_other_name).unwrap();
        let check = |files: Vec<PathBuf>, folders: Vec<(PathBuf, Vec<PathBuf>)>| {
            check_outputs(&Outputs {
                inputs: vec![backlog.clone()],
                folders,
                files,
            })
        };
        let e = check(vec![by_other_name.clone()], vec![]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("is the input"), "{e}");
        let r = root.path().join("r.out");
        let e = check(vec![r.clone(), root.path().join("./r.out")], vec![]).unwrap_err();
        assert!(e.to_string().contains("is also the output"), "{e}");
        let folder = vec![(root.path().to_path_buf(), vec![PathBuf::from("b.md")])];
        assert!(check(vec![], folder).is_err());
        assert!(check(vec![r], vec![]).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused() {
        let e = check_writable(Path::new("/dev/null")).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(write_atomically(Path::new("/dev/null"), b"x").is_err());
        assert!(!Path::new("/dev/null").metadata().unwrap().is_file());
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert_eq!(temporary_pid(&format!(".plan{MARK}new-42-0")), Some(42));
        assert_eq!(temporary_pid(".plan.csv.42-3.sprintcast-tmp"), Some(42));
        assert_eq!(temporary_pid("plan.csv"), None);
        assert_eq!(temporary_pid(&format!(".x{MARK}other-42-0")), None);
    }
}
