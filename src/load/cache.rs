//! A cache of checked timelines, keyed by the file's contents, so that opening a large file a
//! second time costs a hash and a binary read instead of parsing RON again.
//!
//! One entry per timeline path, in the user's cache folder (`$XDG_CACHE_HOME/timeline`, or the
//! folder named by `TIMELINE_CACHE`; `TIMELINE_CACHE=off` turns the cache off). An entry holds the
//! BLAKE3 hash of the program's version and the file's bytes, and the report loading made: the
//! timeline and its warnings. The events' text is kept as spans of the file's text, which is
//! read anyway to be hashed, so a timeline from the cache shares the file's text as a parsed one
//! does (see `model::Text`). Only files without errors and without archives are kept: an
//! archive's warnings depend on other files, not on this one's bytes. The cache is an
//! optimisation only: any failure to read or write it is ignored, and a stale or damaged entry
//! is never used, because its key or its decoding fails.

use super::Report;
use crate::model::{SpansOf, Timeline};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Smaller files parse faster than an entry is found and read.
pub const FROM_BYTES: usize = 4 << 20;

/// Names the folder for entries, or `off`.
pub const ENV: &str = "TIMELINE_CACHE";

/// Changes whenever the cached types change shape, with the program's version.
const FORMAT: &str = concat!("timeline load cache 3 ", env!("CARGO_PKG_VERSION"));

#[derive(Serialize, Deserialize)]
struct Entry {
    key: [u8; 32],
    timeline: Timeline,
    diagnostics: Vec<super::Diagnostic>,
    counts: Option<(usize, usize, usize)>,
}

/// The folder of entries, or `None` when the cache is off or there is no cache folder.
pub fn folder() -> Option<PathBuf> {
    match std::env::var_os(ENV) {
        Some(v) if v == "off" => None,
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => Some(dirs::cache_dir()?.join("timeline")),
    }
}

/// Where the entry of the file at `path` lives in `folder`.
pub fn entry_path(folder: &Path, path: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(path).ok()?;
    let name = blake3::hash(absolute.as_os_str().as_encoded_bytes()).to_hex();
    Some(folder.join(format!("{}.bin", &name[..32])))
}

/// The key of a file's bytes; `progress` gets the bytes hashed so far.
pub fn key(bytes: &[u8], progress: impl Fn(usize)) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(FORMAT.as_bytes());
    let mut done = 0;
    for block in bytes.chunks(8 << 20) {
        hasher.update_rayon(block);
        done += block.len();
        progress(done);
    }
    *hasher.finalize().as_bytes()
}

/// The report kept for the file whose text is `text` and key is `key`, if the entry is for it.
/// The entry is decoded as it is read, never held whole beside the timeline it makes.
pub fn read(entry: &Path, key: &[u8; 32], text: &Arc<String>, progress: impl Fn(usize)) -> Option<Report> {
    use std::io::Read;
    let counted = Counted { inner: std::fs::File::open(entry).ok()?, done: 0, progress };
    let mut file = std::io::BufReader::with_capacity(1 << 20, counted);
    // The key comes first: a stale entry is recognised without decoding the rest.
    let mut first = [0; 32];
    file.read_exact(&mut first).ok()?;
    if first != *key {
        return None;
    }
    let whole = std::io::Cursor::new(first).chain(file);
    // Scratch space for one string at a time: the longest text of an event fits many times over.
    let mut scratch = vec![0; 16 << 20];
    let _spans = SpansOf::new(text);
    let (entry, _): (Entry, _) = postcard::from_io((whole, &mut scratch)).ok()?;
    Some(Report { timeline: Some(entry.timeline), diagnostics: entry.diagnostics, counts: entry.counts })
}

/// Keeps the report of a file (whose text is `text`) without errors or archives. Written to a
/// temporary file and renamed, so that a reader never sees half an entry.
pub fn write(entry: &Path, key: [u8; 32], text: &Arc<String>, report: &Report) {
    let Some(timeline) = &report.timeline else { return };
    if timeline.sources.iter().any(|s| s.archive.is_some()) {
        return;
    }
    #[derive(Serialize)]
    struct EntryRef<'a> {
        key: [u8; 32],
        timeline: &'a Timeline,
        diagnostics: &'a [super::Diagnostic],
        counts: Option<(usize, usize, usize)>,
    }
    let value = EntryRef { key, timeline, diagnostics: &report.diagnostics, counts: report.counts };
    let Some(folder) = entry.parent() else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(folder) else { return };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
    let _spans = SpansOf::new(text);
    let written = postcard::to_io(&value, &mut out).is_ok() && std::io::Write::flush(&mut out).is_ok();
    drop(out);
    if written {
        let _ = temp.persist(entry);
    }
}

/// A reader that reports how many bytes it has read.
struct Counted<R, F> {
    inner: R,
    done: usize,
    progress: F,
}

impl<R: std::io::Read, F: Fn(usize)> std::io::Read for Counted<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n;
        (self.progress)(self.done);
        Ok(n)
    }
}
