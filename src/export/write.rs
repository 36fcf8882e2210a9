//! Writing an export without ever losing work: a temporary file in the same folder, then a
//! rename; an existing file is replaced only when asked.

use std::io::{self, Write};
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The file exists and overwriting was not asked for.
    Exists,
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => f.write_str("the file exists"),
            WriteError::Failed(why) => f.write_str(why),
        }
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
    if path.is_dir() {
        return Err(WriteError::Failed(format!("`{}` is a folder", path.display())));
    }
    if path.exists() && !overwrite {
        return Err(WriteError::Exists);
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::Failed(format!("there is no folder `{}`", folder.display())));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".timeline-export-")
        .tempfile_in(folder)
        .map_err(|e| failed(folder, "cannot create a file in", e))?;
    let written = {
        let mut out = io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        write(&mut out).and_then(|_| out.flush())
    };
    written.and_then(|_| temp.as_file().sync_all()).map_err(|e| failed(path, "cannot write", e))?;
    // A temporary file is private (0600); the export gets the old file's permissions, or 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        let _ = temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode));
    }
    let result = if overwrite { temp.persist(path) } else { temp.persist_noclobber(path) };
    result.map(drop).map_err(|e| match e.error.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Exists,
        _ => failed(path, "cannot write", e.error),
    })
}

fn failed(path: &Path, what: &str, e: io::Error) -> WriteError {
    let why = match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::StorageFull => "the disk is full".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        _ => e.to_string(),
    };
    WriteError::Failed(format!("{what} `{}`: {why}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("timeline-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn an_existing_file_is_never_replaced_without_asking() {
        let dir = folder("exists");
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        assert_eq!(write_atomic(&path, b"new", false), Err(WriteError::Exists));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old work");
        write_atomic(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(leftovers(&dir), vec!["x.md"], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "readable like any other file, not private like a temporary one");
        }
    }

    #[test]
    fn failures_say_why_and_leave_nothing_behind() {
        let dir = folder("fail");
        let missing = write_atomic(&dir.join("no/such/x.md"), b"x", false).unwrap_err();
        assert!(missing.to_string().starts_with("there is no folder"), "{missing}");
        let is_dir = write_atomic(&dir, b"x", true).unwrap_err();
        assert!(is_dir.to_string().ends_with("is a folder"), "{is_dir}");
        assert!(leftovers(&dir).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_reported_and_the_old_file_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = folder("readonly");
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let result = write_atomic(&path, b"new", true);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Root ignores permissions; only check the refusal where it applies.
        if let Err(e) = result {
            assert!(e.to_string().contains("permission denied"), "{e}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old work");
        }
        assert_eq!(leftovers(&dir), vec!["x.md"]);
    }

    #[test]
    fn a_full_disk_is_reported_and_nothing_is_left_and_the_old_file_kept() {
        // Simulated: the write fails as it does when the disk fills, after part of the export.
        let dir = folder("full");
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        let result = write_atomic_with(&path, true, |out| {
            out.write_all(b"the first half of the export")?;
            Err(io::Error::from(io::ErrorKind::StorageFull))
        });
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the disk is full"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old work");
        assert_eq!(leftovers(&dir), vec!["x.md"], "no partial file is left");
    }

    /// A small tmpfs, where the machine allows mounting one (root in a VM or container with the
    /// capability); `None` elsewhere, and the tests below then say so and check nothing more.
    #[cfg(target_os = "linux")]
    fn small_tmpfs(name: &str, options: &str) -> Option<std::path::PathBuf> {
        let dir = folder(name);
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("cannot mount a tmpfs here; {name} is checked by simulation only");
        }
        mounted.then_some(dir)
    }

    #[cfg(target_os = "linux")]
    fn unmount(dir: &Path) {
        let _ = std::process::Command::new("umount").arg(dir).status();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_really_full_disk_is_reported_and_nothing_is_left() {
        let Some(dir) = small_tmpfs("tmpfs-full", "size=64k") else { return };
        let path = dir.join("x.md");
        let result = write_atomic(&path, &vec![b'x'; 1 << 20], false);
        let left = leftovers(&dir);
        unmount(&dir);
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the disk is full"), "{e}");
        assert!(left.is_empty(), "no partial file is left: {left:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_read_only_file_system_is_reported_and_the_old_file_kept() {
        // Unlike folder permissions, a read-only mount stops root too.
        let Some(dir) = small_tmpfs("tmpfs-ro", "size=64k") else { return };
        let path = dir.join("x.md");
        std::fs::write(&path, "old work").unwrap();
        let remounted = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(&dir).status();
        let result = write_atomic(&path, b"new", true);
        let old = std::fs::read_to_string(&path).unwrap();
        unmount(&dir);
        assert!(remounted.is_ok_and(|s| s.success()));
        let e = result.unwrap_err();
        assert!(e.to_string().ends_with("the file system is read-only"), "{e}");
        assert_eq!(old, "old work");
    }
}
