//! Opening the files timeline reads: only regular files. A FIFO would block, a device such as
//! `/dev/zero` would never end, and either could replace a timeline or an archive at any moment,
//! so the type is checked on the opened handle, not on the path before opening it.

use std::fs::{File, FileType, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// A file's size and modification time: what changes when an editor saves it.
pub type Stamp = (u64, Option<std::time::SystemTime>);

/// The stamp of the file at `path` now, if there is one.
pub fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| (m.len(), m.modified().ok()))
}

/// Opens `path` for reading if it is a regular file, and gives its size. Opening does not block
/// on a FIFO: it is opened without waiting for a writer, then refused.
pub fn open(path: &Path) -> io::Result<(File, u64)> {
    let file = options().open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    Ok((file, meta.len()))
}

/// Reads a regular file whole, if it holds at most `limit` bytes (even if it grows meanwhile).
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, size) = open(path)?;
    if size > limit {
        return Err(too_large(size, limit));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn options() -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = OpenOptions::new();
    // No effect on a regular file's reads; on a FIFO, `open` returns at once instead of waiting.
    options.read(true).custom_flags(libc::O_NONBLOCK);
    options
}

#[cfg(not(unix))]
fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    options
}

/// What a file that is not a regular file is, in words.
pub fn kind(t: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file" }
}

fn not_regular(t: FileType) -> io::Error {
    let kind = if t.is_dir() { io::ErrorKind::IsADirectory } else { io::ErrorKind::InvalidInput };
    io::Error::new(kind, format!("it is not a regular file ({}); timeline reads only regular files", self::kind(t)))
}

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("it is {}, over the limit of {}", megabytes(size), megabytes(limit)),
    )
}

/// `64 MB`, rounded up: a file just over the limit must not read as exactly the limit.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1 << 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "x".repeat(1000)).unwrap();
        assert_eq!(read(&path, 1000).unwrap().len(), 1000);
        let e = read(&path, 999).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(e.to_string(), "it is 1 MB, over the limit of 1 MB", "rounded up, never down to the limit");
    }
}
