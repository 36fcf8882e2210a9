//! Writing an export without ever losing work: a temporary file in the same folder, then a
//! rename; an existing file is replaced only when asked. The temporary file goes on every way
//! out: a failure, a panic, a signal; one left by a writer killed outright (kill -9) is removed
//! by the next write to its folder.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tempfile::NamedTempFile;

/// Our temporary files are named this, then `RANDOM` letters and digits, and nothing more.
const PREFIX: &str = ".timeline-export-";
const RANDOM: usize = 6;
/// A writer adds to its temporary file all along and then renames it: one untouched this long
/// belongs to a writer that was killed.
const STALE: Duration = Duration::from_secs(60 * 60);

/// The temporary files this process is writing, for a way out that cannot wait for them.
struct Unfinished {
    files: Vec<PathBuf>,
    /// The process is ending: no export may start.
    closed: bool,
}

static UNFINISHED: Mutex<Unfinished> = Mutex::new(Unfinished { files: Vec::new(), closed: false });

fn unfinished() -> MutexGuard<'static, Unfinished> {
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of the exports still being written, for a process on its way
/// out. No export starts after it, and one whose file is gone fails rather than lands.
pub fn abandon_unfinished() {
    let mut unfinished = unfinished();
    for file in unfinished.files.drain(..) {
        let _ = fs::remove_file(file);
    }
    unfinished.closed = true;
}

/// For a command that writes a file and ends: SIGINT, SIGTERM and SIGHUP remove the unfinished
/// file, then end the process as they would have.
pub fn abandon_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            abandon_unfinished();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
        }
    });
    Ok(())
}

/// Why an export was not written. The old file, if any, is as it was.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and overwriting was not asked for.
    Exists,
    NoFolder(PathBuf),
    /// A symbolic link whose target does not exist.
    LinkToNothing(PathBuf),
    Folder(PathBuf),
    /// A device, a FIFO, a socket: what it is.
    NotRegular(PathBuf, &'static str),
    /// A file that may not be written: a rename would replace it all the same, as long as the
    /// folder may be written, so it is refused as writing in place would be.
    ReadOnly(PathBuf),
    /// The temporary file could not be made in the folder.
    CannotCreate(PathBuf, io::Error),
    CannotWrite(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => f.write_str("the file exists"),
            WriteError::NoFolder(folder) => write!(f, "there is no folder `{}`", folder.display()),
            WriteError::LinkToNothing(path) => write!(f, "`{}` is a link to nothing", path.display()),
            WriteError::Folder(path) => write!(f, "`{}` is a folder", path.display()),
            WriteError::NotRegular(path, kind) => {
                write!(f, "`{}` is not a regular file ({kind}); exports replace only regular files", path.display())
            }
            WriteError::ReadOnly(path) => {
                write!(
                    f,
                    "`{}` is read-only, or not yours to write; make it writable (chmod u+w) if it should be replaced",
                    path.display()
                )
            }
            WriteError::CannotCreate(folder, e) => {
                write!(f, "cannot create a file in `{}`: {}", folder.display(), in_words(e))
            }
            WriteError::CannotWrite(path, e) => write!(f, "cannot write `{}`: {}", path.display(), in_words(e)),
        }
    }
}

impl std::error::Error for WriteError {}

/// The common reasons a write fails, in words rather than the system's.
fn in_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::StorageFull => "the disk is full".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically; fails with `Exists` rather than replace a file unless
/// `overwrite`. On any failure the old file, if any, is as it was and no partial file is left.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    write_atomic_with(path, overwrite, |out| out.write_all(bytes))
}

/// `write_atomic` for an export made as it is written, by `write`.
pub fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let resolved = replaced(path)?;
    if path.exists() && !overwrite {
        return Err(WriteError::Exists);
    }
    let path = resolved.as_deref().unwrap_or(path);
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(folder.to_path_buf()));
    }
    let temp = start(folder).map_err(|e| WriteError::CannotCreate(folder.to_path_buf(), e))?;
    let name = temp.path().to_path_buf();
    let result = finish(temp, path, overwrite, write);
    unfinished().files.retain(|file| *file != name);
    result
}

/// Where the export goes when `path` is a symbolic link: its target, which is written (a link is
/// kept a link, as editors keep it); `None` for any other path. Only a regular file is replaced:
/// a rename over a device, a FIFO or a socket would put a file in its place (`-o /dev/null
/// --force` as root would replace the system's `/dev/null`).
fn replaced(path: &Path) -> Result<Option<PathBuf>, WriteError> {
    let link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if link {
        Some(fs::canonicalize(path).map_err(|_| WriteError::LinkToNothing(path.to_path_buf()))?)
    } else {
        None
    };
    match fs::metadata(target.as_deref().unwrap_or(path)) {
        Ok(meta) if meta.is_dir() => Err(WriteError::Folder(path.to_path_buf())),
        Ok(meta) if !meta.is_file() => {
            Err(WriteError::NotRegular(path.to_path_buf(), crate::load::regular::kind(meta.file_type())))
        }
        Ok(meta) if !writable(target.as_deref().unwrap_or(path), &meta) => {
            Err(WriteError::ReadOnly(path.to_path_buf()))
        }
        _ => Ok(target),
    }
}

/// Creates the temporary file, known to the ways out before it exists, and clears the folder of
/// what killed writers left.
fn start(folder: &Path) -> io::Result<NamedTempFile> {
    let temp = {
        let mut unfinished = unfinished();
        if unfinished.closed {
            return Err(io::Error::other("the program is ending"));
        }
        let temp = tempfile::Builder::new().prefix(PREFIX).rand_bytes(RANDOM).tempfile_in(folder)?;
        unfinished.files.push(temp.path().to_path_buf());
        temp
    };
    if let Ok(ours) = temp.as_file().metadata() {
        sweep(folder, &ours);
    }
    Ok(temp)
}

/// Removes the temporary files in `folder` that writers killed outright (kill -9, a power cut)
/// left: regular files named exactly as ours, with the owner of `ours`, untouched for an hour.
/// Another process's export in progress is young, and anything else is not ours.
fn sweep(folder: &Path, ours: &fs::Metadata) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        // The entry's own metadata: a symbolic link is not followed.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age > STALE);
        if is_temporary(&entry.file_name()) && meta.is_file() && same_owner(&meta, ours) && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_temporary(name: &std::ffi::OsStr) -> bool {
    let random = name.to_str().and_then(|n| n.strip_prefix(PREFIX));
    random.is_some_and(|r| r.len() == RANDOM && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(unix)]
fn same_owner(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.uid() == b.uid()
}

#[cfg(not(unix))]
fn same_owner(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

/// Writes the export into `temp` and renames it to `path`.
fn finish(
    mut temp: NamedTempFile,
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let written = {
        let mut out = io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        write(&mut out).and_then(|_| out.flush())
    };
    written.and_then(|_| temp.as_file().sync_all()).map_err(|e| WriteError::CannotWrite(path.to_path_buf(), e))?;
    // A temporary file is private (0600); the export gets the old file's read and write
    // permissions, or 0644: never its set-user-id, set-group-id or sticky bits, nor execution.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode() & 0o666).unwrap_or(0o644);
        let _ = temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode));
    }
    let result = if overwrite { temp.persist(path) } else { temp.persist_noclobber(path) };
    result.map(drop).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Exists,
        _ => WriteError::CannotWrite(path.to_path_buf(), e.error),
    })
}

/// Whether the file may be written where it is: not marked read-only, and (on Unix) writable by
/// this user, which the mode bits alone do not say for another user's file.
fn writable(path: &Path, meta: &fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return true };
        // SAFETY: `name` is a valid C string that lives across the call; access only reads it.
        let allowed = unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 };
        // A read-only file system (EROFS) is said by the write itself, in its own words.
        allowed || io::Error::last_os_error().raw_os_error() != Some(libc::EACCES)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own for one test, removed when dropped.
    fn folder(name: &str) -> tempfile::TempDir {
        tempfile::TempDir::with_prefix(format!("timeline-write-{name}-")).unwrap()
    }

    #[test]
    fn a_read_only_file_is_not_replaced_even_when_its_folder_may_be_written() {
        let dir = folder("read-only");
        let path = dir.path().join("t.ron");
        fs::write(&path, "before").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        let err = write_atomic(&path, b"after", true).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly(_)), "{err}");
        assert!(err.to_string().contains("is read-only, or not yours to write; make it writable"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "before");
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_only_a_regular_file_is_replaced() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let tmp = folder("links");
        let dir = tmp.path();
        std::fs::write(dir.join("target.md"), "old").unwrap();
        symlink("target.md", dir.join("link.md")).unwrap();
        write_atomic(&dir.join("link.md"), b"new", true).unwrap();
        assert!(std::fs::symlink_metadata(dir.join("link.md")).unwrap().file_type().is_symlink(), "still a link");
        assert_eq!(std::fs::read_to_string(dir.join("target.md")).unwrap(), "new");
        let fifo = dir.join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        symlink(&fifo, dir.join("to-fifo.md")).unwrap();
        symlink("nowhere.md", dir.join("dangling.md")).unwrap();
        for (name, why) in
            [("fifo", "not a regular file (a FIFO)"), ("to-fifo.md", "(a FIFO)"), ("dangling.md", "a link to nothing")]
        {
            let error = write_atomic(&dir.join(name), b"new", true).unwrap_err().to_string();
            assert!(error.contains(why), "{name}: {error}");
        }
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is left as it was");
        // Permissions follow the old file's, but never its set-user-id bit or execution.
        let path = dir.join("setuid.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o4755)).unwrap();
        write_atomic(&path, b"new", true).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o644);
        let mut names = leftovers(dir);
        names.sort();
        assert_eq!(names, ["dangling.md", "fifo", "link.md", "setuid.md", "target.md", "to-fifo.md"]);
    }

    #[test]
    fn an_existing_file_is_never_replaced_without_asking() {
        let tmp = folder("exists");
        let dir = tmp.path();
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        assert!(matches!(write_atomic(&path, b"new", false), Err(WriteError::Exists)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old work");
        write_atomic(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(leftovers(dir), vec!["x.md"], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "readable like any other file, not private like a temporary one");
        }
    }

    #[test]
    fn failures_say_why_and_leave_nothing_behind() {
        let tmp = folder("fail");
        let dir = tmp.path();
        let missing = write_atomic(&dir.join("no/such/x.md"), b"x", false).unwrap_err();
        assert!(missing.to_string().starts_with("there is no folder"), "{missing}");
        let is_dir = write_atomic(dir, b"x", true).unwrap_err();
        assert!(is_dir.to_string().ends_with("is a folder"), "{is_dir}");
        assert!(leftovers(dir).is_empty());
    }

    #[test]
    fn a_full_disk_is_reported_and_nothing_is_left_and_the_old_file_kept() {
        // Simulated: the write fails as it does when the disk fills, after part of the export.
        let tmp = folder("full");
        let dir = tmp.path();
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        let result = write_atomic_with(&path, true, |out| {
            out.write_all(b"the first half of the export")?;
            Err(io::Error::from(io::ErrorKind::StorageFull))
        });
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the disk is full"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old work");
        assert_eq!(leftovers(dir), vec!["x.md"], "no partial file is left");
    }

    fn set_age(path: &Path, age: std::time::Duration) {
        let file = std::fs::File::options().append(true).open(path).unwrap();
        file.set_modified(std::time::SystemTime::now() - age).unwrap();
    }

    #[test]
    fn a_write_removes_our_stale_temporaries_in_its_folder_and_nothing_else() {
        let tmp = folder("stale");
        let dir = tmp.path();
        let two_hours = std::time::Duration::from_secs(2 * 3600);
        // Left by a timeline killed with -9 two hours ago.
        let stale = ".timeline-export-Ab3xY9";
        // Another timeline's export being written right now.
        let live = ".timeline-export-Qw12Er";
        // Old, but not named exactly as ours: someone else's.
        let lookalikes = [
            ".timeline-export-abc12",
            ".timeline-export-abc1234",
            ".timeline-export-ab-123",
            ".timeline-export-abc12é",
            "timeline-export-abc123",
            ".timeline-export-abc123.md",
            ".Timeline-export-abc123",
        ];
        for name in lookalikes.iter().chain([&stale, &live]) {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        for name in lookalikes.iter().chain([&stale]) {
            set_age(&dir.join(name), two_hours);
        }
        // A folder named like ours is not a file we wrote.
        std::fs::create_dir(dir.join(".timeline-export-Dir123")).unwrap();
        write_atomic(&dir.join("x.md"), b"new", false).unwrap();
        let mut left = leftovers(dir);
        left.sort();
        let mut expected: Vec<String> =
            lookalikes.iter().chain([&live, &".timeline-export-Dir123", &"x.md"]).map(|n| n.to_string()).collect();
        expected.sort();
        assert_eq!(left, expected);
    }

    /// A small tmpfs, where the machine allows mounting one (root in a VM or container with the
    /// capability); `None` elsewhere, and the tests below then say so and check nothing more.
    #[cfg(target_os = "linux")]
    fn small_tmpfs(name: &str, options: &str) -> Option<tempfile::TempDir> {
        let tmp = folder(name);
        let dir = tmp.path();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("cannot mount a tmpfs here; {name} is checked by simulation only");
        }
        mounted.then_some(tmp)
    }

    #[cfg(target_os = "linux")]
    fn unmount(dir: &Path) {
        let _ = std::process::Command::new("umount").arg(dir).status();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_really_full_disk_is_reported_and_nothing_is_left() {
        let Some(tmp) = small_tmpfs("tmpfs-full", "size=64k") else { return };
        let dir = tmp.path();
        let path = dir.join("x.md");
        let result = write_atomic(&path, &vec![b'x'; 1 << 20], false);
        let left = leftovers(dir);
        unmount(dir);
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the disk is full"), "{e}");
        assert!(left.is_empty(), "no partial file is left: {left:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_read_only_file_system_is_reported_and_the_old_file_kept() {
        // Unlike folder permissions, a read-only mount stops root too.
        let Some(tmp) = small_tmpfs("tmpfs-ro", "size=64k") else { return };
        let dir = tmp.path();
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        let remounted = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(dir).status();
        let result = write_atomic(&path, b"new", true);
        let old = std::fs::read_to_string(&path).unwrap();
        unmount(dir);
        assert!(remounted.is_ok_and(|s| s.success()));
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the file system is read-only"), "{e}");
        assert_eq!(old, "old work");
    }
}
