//! A cache of checked timelines, keyed by the file's contents, so that opening a large file a
//! second time costs a hash and a binary read instead of parsing RON again.
//!
//! One entry per timeline path, in the user's cache folder (`$XDG_CACHE_HOME/timeline`, or the
//! folder named by `TIMELINE_CACHE`; `TIMELINE_CACHE=off` turns the cache off). An entry holds the
//! BLAKE3 hash of the program's version, the source of the types it keeps and the file's bytes,
//! and the report loading made: the timeline and its warnings. The events' text is kept as spans of the file's text, which is
//! read anyway to be hashed, so a timeline from the cache shares the file's text as a parsed one
//! does (see `model::Text`). Only files without errors and without archives are kept: an
//! archive's warnings depend on other files, not on this one's bytes. The cache is an
//! optimisation only: any failure to read or write it is ignored. An entry is used only when its
//! key is the file's, its body matches the hash stored with it, and what the body decodes to
//! passes `check`; any other entry is ignored, and the file is parsed and its entry written
//! again.

mod check;
mod decode;
#[cfg(test)]
mod tests;

use super::Report;
use crate::model::Timeline;
use serde::Serialize;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Smaller files parse faster than an entry is found and read.
pub const FROM_BYTES: usize = 4 << 20;

/// Names the folder for entries, or `off`.
pub const ENV: &str = "TIMELINE_CACHE";

/// Part of every key, with `SCHEMA`: an entry is read only by the program that wrote it.
const FORMAT: &str = concat!("timeline load cache ", env!("CARGO_PKG_VERSION"));

/// The source of every type an entry holds and of how it is written and read, hashed into every
/// key: a change to any of them (a field added, moved or retyped) makes earlier entries stale,
/// without a version to bump by hand. A test checks that every module of the model is here.
const SCHEMA: [&str; 7] = [
    include_str!("../model/mod.rs"),
    include_str!("../model/when.rs"),
    include_str!("../model/field_text.rs"),
    include_str!("diagnostic.rs"),
    include_str!("cache.rs"),
    include_str!("cache/decode.rs"),
    include_str!("preview.rs"),
];

/// The key, then the BLAKE3 hash of the body, each 32 bytes; the body (postcard) follows.
const HEADER: u64 = 64;

/// What an entry keeps of a report.
struct Body {
    timeline: Timeline,
    diagnostics: Vec<super::Diagnostic>,
    counts: Option<(usize, usize, usize)>,
}

/// A `Body` borrowed from a report, so that writing it copies nothing.
#[derive(Serialize)]
struct BodyRef<'a> {
    timeline: &'a Timeline,
    diagnostics: &'a [super::Diagnostic],
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

/// Whether `entry` may hold the report of the file at `path` as it is now: it exists, and was
/// written after the file last changed. A file edited since is then read without being hashed
/// first (on every core, for the first screen's sake) and parsed. Only a hint: an entry is used
/// only if its key is the file's, so an entry newer than an older file put back is still checked.
pub fn may_hold(entry: &Path, path: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).map(|m| m.modified().ok());
    match (modified(entry), modified(path)) {
        (Ok(Some(written)), Ok(Some(changed))) => written >= changed,
        // Without times to compare, the entry is looked up as it always was.
        (Ok(_), _) => true,
        (Err(_), _) => false,
    }
}

/// The key of a file's bytes; `progress` gets the bytes hashed so far.
pub fn key(bytes: &[u8], progress: impl Fn(usize)) -> [u8; 32] {
    let mut hasher = hasher();
    let mut done = 0;
    for block in bytes.chunks(8 << 20) {
        hasher.update_rayon(block);
        done += block.len();
        progress(done);
    }
    *hasher.finalize().as_bytes()
}

/// A hasher that has taken what every key begins with: the file's bytes make it its key.
pub fn hasher() -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    hasher.update(FORMAT.as_bytes());
    for source in SCHEMA {
        hasher.update(source.as_bytes());
    }
    hasher
}

/// The report kept for the file whose text is `text` and key is `key`, if the entry is for it,
/// is whole, and holds what a parse of the text could have made. `progress` counts up to twice
/// the entry's length: reading it is the first half, decoding the second.
pub fn read(entry: &Path, key: &[u8; 32], text: &Arc<String>, progress: impl Fn(usize)) -> Option<Report> {
    // Only a regular file: a FIFO put in an entry's place would hang every load of the timeline.
    read_from(super::regular::open(entry).ok()?.0, key, text, progress)
}

fn read_from(entry: impl Read, key: &[u8; 32], text: &Arc<String>, progress: impl Fn(usize)) -> Option<Report> {
    let mut file = Counted { inner: entry, done: 0, progress };
    // The key comes first: a stale entry is recognised without reading on.
    let (mut first, mut sum) = ([0; 32], [0; 32]);
    file.read_exact(&mut first).ok()?;
    if first != *key {
        return None;
    }
    // The body is read whole, once: postcard decodes a slice several times faster than a reader,
    // through which it copied every field on its own. The body is a tenth of the file's size.
    file.read_exact(&mut sum).ok()?;
    let mut body = Vec::new();
    file.read_to_end(&mut body).ok()?;
    // Damage is found before decoding: flipped bits can decode into a timeline that is
    // well-formed and wrong, such as an event given to another actor.
    if *blake3::Hasher::new().update_rayon(&body).finalize().as_bytes() != sum {
        return None;
    }
    let decoded = decode(&body, text);
    (file.progress)(2 * file.done);
    drop(body);
    let body = decoded?;
    check::sound(&body, text).then_some(Report {
        timeline: Some(body.timeline),
        diagnostics: body.diagnostics,
        counts: body.counts,
    })
}

fn body_hash(body: impl Read) -> std::io::Result<blake3::Hash> {
    Ok(blake3::Hasher::new().update_reader(body)?.finalize())
}

fn decode(body: &[u8], text: &Arc<String>) -> Option<Body> {
    let mut decoder = postcard::Deserializer::from_bytes(body);
    let decoded = decode::body(text, &mut decoder).ok()?;
    // Bytes after the body were not written with it.
    decoder.finalize().ok()?.is_empty().then_some(decoded)
}

/// Keeps the report of a file (whose text is `text`) without errors or archives. Written to a
/// temporary file and renamed, so that a reader never sees half an entry.
pub fn write(entry: &Path, key: [u8; 32], text: &Arc<String>, report: &Report) {
    let Some(timeline) = &report.timeline else { return };
    // Spans are written as places in the file's text: of another text they would name other words.
    // An archive's or an original's warnings depend on other files, not on this one's bytes.
    let copies = |s: &crate::model::Source| s.archive.is_some() || s.original.is_some();
    if timeline.sources.iter().any(copies) || !check::spans_of(timeline, text) {
        return;
    }
    store(entry, key, &BodyRef { timeline, diagnostics: &report.diagnostics, counts: report.counts });
}

fn store(entry: &Path, key: [u8; 32], body: &BodyRef) {
    atomically(entry, |file| encode(file, key, body));
}

/// Writes `path` through a temporary file renamed over it, so that a reader never sees half of it.
fn atomically(path: &Path, write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) {
    let Some(folder) = path.parent() else { return };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    sweep(folder);
    let Ok(mut temp) = tempfile::Builder::new().prefix(PARTIAL).tempfile_in(folder) else { return };
    if write(temp.as_file_mut()).is_ok() {
        let _ = temp.persist(path);
    }
}

/// How the temporary files of writes begin: one left behind by a program stopped while it
/// wrote (a browser quit while it kept a preview in the background, a killed `list`) is
/// found by its name.
const PARTIAL: &str = ".timeline-partial-";

/// A temporary file older than this was left behind: no write takes so long.
const LEFT_BEHIND: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files left behind in `folder`.
fn sweep(folder: &Path) {
    let Ok(files) = std::fs::read_dir(folder) else { return };
    for file in files.flatten() {
        let age = file.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
        if file.file_name().as_encoded_bytes().starts_with(PARTIAL.as_bytes()) && age.is_some_and(|a| a > LEFT_BEHIND) {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

/// Where the browser's first screen of an entry's file is kept: beside the entry, with the
/// same key, then the BLAKE3 hash of the preview's bytes, then those bytes.
fn preview_path(entry: &Path) -> PathBuf {
    entry.with_extension("first")
}

/// The preview kept for the file whose text is `text` and key is `key`, if there is one for it.
pub fn read_preview(entry: &Path, key: &[u8; 32], text: &Arc<String>) -> Option<super::preview::Preview> {
    let mut bytes = Vec::new();
    super::regular::open(&preview_path(entry)).ok()?.0.read_to_end(&mut bytes).ok()?;
    let (first, rest) = bytes.split_first_chunk::<32>()?;
    let (sum, body) = rest.split_first_chunk::<32>()?;
    if first != key || blake3::hash(body).as_bytes() != sum {
        return None;
    }
    super::preview::Preview::from_bytes(text, body)
}

/// Keeps `preview` for the file whose key is `key`, beside its entry.
pub fn write_preview(entry: &Path, key: [u8; 32], preview: &super::preview::Preview) {
    let Some(body) = preview.to_bytes() else { return };
    atomically(&preview_path(entry), |file| {
        file.write_all(&key)?;
        file.write_all(blake3::hash(&body).as_bytes())?;
        file.write_all(&body)
    });
}

/// The body's hash is taken from the bytes as written, read back, so that it covers exactly them.
fn encode(file: &mut std::fs::File, key: [u8; 32], body: &BodyRef) -> std::io::Result<()> {
    file.write_all(&key)?;
    file.write_all(&[0; 32])?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut *file);
        postcard::to_io(body, &mut out).map_err(std::io::Error::other)?;
        out.flush()?;
    }
    file.seek(SeekFrom::Start(HEADER))?;
    let sum = body_hash(&mut *file)?;
    file.seek(SeekFrom::Start(32))?;
    file.write_all(sum.as_bytes())
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
