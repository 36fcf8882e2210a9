//! Archives, the local copies of sources: what an archive path may name, decided once for
//! `check`, for `o` and for the source view, and their texts, read when a source is opened.

use crate::model::{Source, SourceIx, Timeline};
use crate::text::is_unsafe;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The largest archive the source view reads: a source's copy is an article or a report, and
/// anything far larger is more likely a mistake or an attack than a text to read on a terminal.
pub const LIMIT: u64 = 64 << 20;

/// Why an archive path may not be read or opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Control characters in the path.
    Controls,
    /// An absolute path, a `..` or an empty path: the path itself leaves the timeline's folder.
    Leaves,
    /// Nothing is there.
    Missing,
    /// A symbolic link on the way leads outside the timeline's folder.
    LinkLeaves,
    /// A folder, a FIFO, a device: what it is instead of a regular file.
    NotRegular(&'static str),
    /// The timeline's folder itself cannot be read.
    Folder(String),
}

/// Why an archive's text cannot be had or the archive opened, with its path as written.
#[derive(Debug)]
pub enum ArchiveError {
    Refused { archive: String, problem: Problem },
    Unreadable { archive: String, error: io::Error },
    NotText { archive: String },
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Refused { archive, problem } => match problem {
                Problem::Controls => f.write_str("the archive path holds control characters"),
                Problem::Leaves => f.write_str("the archive path leaves the timeline's folder"),
                Problem::Missing => write!(f, "the archive `{archive}` does not exist"),
                Problem::LinkLeaves => f.write_str("the archive path leads outside the timeline's folder"),
                Problem::NotRegular(kind) => write!(f, "the archive `{archive}` is not a regular file ({kind})"),
                Problem::Folder(why) => write!(f, "cannot read the timeline's folder: {why}"),
            },
            ArchiveError::Unreadable { archive, error } => write!(f, "the archive `{archive}` cannot be read: {error}"),
            ArchiveError::NotText { archive } => {
                write!(f, "the archive `{archive}` cannot be read: it is not UTF-8 text")
            }
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The folder, beside the timeline file, where `timeline capture` keeps copies.
pub const FOLDER: &str = "sources";

/// Where a source's text is kept by convention: `sources/ID.txt`, beside the timeline file.
pub fn conventional(id: &str) -> String {
    format!("{FOLDER}/{id}.txt")
}

/// The archive of `source`: its `archive` as written, else `sources/ID.txt` when something is
/// there (whether it may be read is `resolve`'s to say, as for a written one).
pub fn archive_of(source: &Source, folder: &Path) -> Option<String> {
    if let Some(archive) = &source.archive {
        return Some(archive.clone());
    }
    let path = conventional(&source.id);
    // The id is kebab-case, so the path is plain; a link there is followed by `resolve` later.
    folder.join(&path).symlink_metadata().is_ok().then_some(path)
}

/// The checks that need no file system: a relative path, without `..` or control characters.
pub fn check_path(archive: &str) -> Result<&Path, Problem> {
    if archive.chars().any(is_unsafe) {
        return Err(Problem::Controls);
    }
    let path = Path::new(archive);
    if archive.is_empty() || path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(Problem::Leaves);
    }
    Ok(path)
}

/// The archive's full path if it may be read or opened: `check_path`, and a regular file inside
/// `folder` once symbolic links are followed. Only looks at the file, never opens it.
pub fn resolve(folder: &Path, archive: &str) -> Result<PathBuf, Problem> {
    let path = check_path(archive)?;
    let root = folder.canonicalize().map_err(|e| Problem::Folder(e.to_string()))?;
    let full = root.join(path).canonicalize().map_err(|_| Problem::Missing)?;
    if !full.starts_with(&root) {
        return Err(Problem::LinkLeaves);
    }
    let meta = std::fs::metadata(&full).map_err(|_| Problem::Missing)?;
    if !meta.is_file() {
        return Err(Problem::NotRegular(crate::load::regular::kind(meta.file_type())));
    }
    Ok(full)
}

/// `resolve`, with the archive named in the refusal.
pub fn safe_archive(folder: &Path, archive: &str) -> Result<PathBuf, ArchiveError> {
    resolve(folder, archive).map_err(|problem| ArchiveError::Refused { archive: archive.to_string(), problem })
}

/// Whether a captured original still is what was captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Its SHA-256 is the recorded one.
    Intact,
    /// Its SHA-256 is now `now`: it changed after it was captured.
    Altered { now: String },
    /// It cannot be read (missing, refused, unreadable), and why.
    Unreadable(String),
    /// An original without a recorded `sha256`: nothing to compare.
    Unhashed,
}

impl Integrity {
    pub fn is_problem(&self) -> bool {
        matches!(self, Integrity::Altered { .. } | Integrity::Unreadable(_))
    }
}

/// The SHA-256 of bytes, in lowercase hexadecimal, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of the regular file at `path`, read in pieces: an original may be a large PDF.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let (mut file, _) = crate::load::regular::open(path)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

/// The state of `source`'s original, if it has one; `folder` holds the timeline file.
pub fn integrity(source: &Source, folder: &Path) -> Option<Integrity> {
    let original = source.original.as_deref()?;
    Some(integrity_of(folder, original, source.sha256.as_deref()))
}

/// The state of the original at `original` (as written), whose hash was `recorded`.
fn integrity_of(folder: &Path, original: &str, recorded: Option<&str>) -> Integrity {
    let path = match safe_archive(folder, original) {
        Ok(path) => path,
        Err(e) => return Integrity::Unreadable(e.to_string().replacen("archive", "original", 1)),
    };
    let Some(recorded) = recorded else { return Integrity::Unhashed };
    match sha256_file(&path) {
        Ok(now) if now.eq_ignore_ascii_case(recorded) => Integrity::Intact,
        Ok(now) => Integrity::Altered { now },
        Err(e) => Integrity::Unreadable(format!("the original `{original}` cannot be read: {e}")),
    }
}

/// Lines kept track of: the start of every `MARK`th line, so that a line is found without
/// walking the text from its start, and a text of empty lines costs a sliver of its size.
const MARK: usize = 64;

/// An archive's text, in lines as `str::lines` counts them.
#[derive(Debug)]
pub struct ArchiveText {
    text: String,
    marks: Vec<u32>,
    lines: usize,
}

impl ArchiveText {
    /// `text` fits in `u32` offsets: it is at most `LIMIT` bytes.
    fn new(text: String) -> ArchiveText {
        let base = text.as_ptr() as usize;
        let mut marks = Vec::new();
        let mut lines = 0;
        for (i, line) in text.lines().enumerate() {
            if i % MARK == 0 {
                marks.push((line.as_ptr() as usize - base) as u32);
            }
            lines = i + 1;
        }
        ArchiveText { text, marks, lines }
    }

    /// Reads the regular file at `path`, up to `LIMIT` bytes; `archive` is its path as written.
    fn read(path: &Path, archive: &str) -> Result<ArchiveText, ArchiveError> {
        let archive = || archive.to_string();
        let bytes = crate::load::regular::read(path, LIMIT)
            .map_err(|error| ArchiveError::Unreadable { archive: archive(), error })?;
        let text = String::from_utf8(bytes).map_err(|_| ArchiveError::NotText { archive: archive() })?;
        Ok(ArchiveText::new(text))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many lines it has.
    pub fn len(&self) -> usize {
        self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Line `i` (0-based), or `""` past the end.
    pub fn line(&self, i: usize) -> &str {
        self.lines_from(i).next().unwrap_or("")
    }

    /// The lines from line `i` (0-based) on, found from the nearest mark: a screenful, or a
    /// search through the rest, walks the text once.
    pub fn lines_from(&self, i: usize) -> impl Iterator<Item = &str> {
        let start = self.marks.get(i / MARK).map_or(self.text.len(), |&mark| mark as usize);
        self.text[start..].lines().skip(i % MARK)
    }
}

/// The archives of a timeline's sources. Each is read when its source is first opened, not
/// before, and a file is read once however many sources name it.
#[derive(Debug)]
pub struct Archives {
    folder: PathBuf,
    /// Per source, its `archive` as written.
    paths: Vec<Option<String>>,
    /// Per source, its archive's text or why there is none, once asked for.
    texts: Vec<OnceLock<Result<Arc<ArchiveText>, ArchiveError>>>,
    /// The texts read so far, by full path.
    files: Mutex<HashMap<PathBuf, Arc<ArchiveText>>>,
    /// Per source, its `original` and `sha256` as written, and what hashing the original found
    /// once asked for.
    originals: Vec<(Option<String>, Option<String>)>,
    integrity: Vec<OnceLock<Option<Integrity>>>,
}

impl Archives {
    /// The archives of `timeline`'s sources, relative to `folder`, written or by convention
    /// (`archive_of`). Nothing is read yet.
    pub fn new(timeline: &Timeline, folder: &Path) -> Archives {
        let paths: Vec<Option<String>> = timeline.sources.iter().map(|s| archive_of(s, folder)).collect();
        let texts = paths.iter().map(|_| OnceLock::new()).collect();
        let originals: Vec<_> = timeline.sources.iter().map(|s| (s.original.clone(), s.sha256.clone())).collect();
        let integrity = originals.iter().map(|_| OnceLock::new()).collect();
        Archives { folder: folder.to_path_buf(), paths, texts, files: Mutex::default(), originals, integrity }
    }

    /// Whether `source`'s original is hashed yet, or has none: the source view asks for it to be
    /// read with the text, in the background, an original may be a large PDF.
    pub fn original_unchecked(&self, source: SourceIx) -> bool {
        self.originals.get(source).is_some_and(|(o, _)| o.is_some())
            && self.integrity.get(source).is_some_and(|i| i.get().is_none())
    }

    /// Hashes `source`'s original now if it has not been, and says whether it is intact.
    pub fn check_original(&self, source: SourceIx) -> Option<&Integrity> {
        let (original, sha256) = self.originals.get(source)?;
        self.integrity[source]
            .get_or_init(|| {
                let original = original.as_deref()?;
                Some(integrity_of(&self.folder, original, sha256.as_deref()))
            })
            .as_ref()
    }

    /// What `check_original` found, without hashing.
    pub fn original_state(&self, source: SourceIx) -> Option<&Integrity> {
        self.integrity.get(source)?.get()?.as_ref()
    }

    /// The text of `source`'s archive, read now if it has not been, or why it cannot be had.
    /// `None`: the source has no archive.
    pub fn read(&self, source: SourceIx) -> Option<&Result<Arc<ArchiveText>, ArchiveError>> {
        let archive = self.paths.get(source)?.as_deref()?;
        Some(self.texts[source].get_or_init(|| self.read_file(archive)))
    }

    /// The archive of `source` as written or found by convention.
    pub fn path(&self, source: SourceIx) -> Option<&str> {
        self.paths.get(source)?.as_deref()
    }

    /// The folder archives are relative to.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Whether `source` names an archive, read or not.
    pub fn has_archive(&self, source: SourceIx) -> bool {
        self.paths.get(source).is_some_and(Option::is_some)
    }

    /// What `read` found for `source`, without reading: `None` if it has no archive or it has
    /// not been read.
    pub fn get(&self, source: SourceIx) -> Option<&Result<Arc<ArchiveText>, ArchiveError>> {
        self.texts.get(source)?.get()
    }

    fn read_file(&self, archive: &str) -> Result<Arc<ArchiveText>, ArchiveError> {
        let path = safe_archive(&self.folder, archive)?;
        // Held while reading, so that a file is never read twice at once either.
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = files.get(&path) {
            return Ok(Arc::clone(text));
        }
        let text = Arc::new(ArchiveText::read(&path, archive)?);
        files.insert(path, Arc::clone(&text));
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_must_be_regular_files_inside_the_timelines_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        std::fs::create_dir_all(dir.join("sources/folder")).unwrap();
        std::fs::write(dir.join("sources/a.txt"), "text").unwrap();
        assert_eq!(safe_archive(dir, "sources/a.txt").unwrap(), dir.canonicalize().unwrap().join("sources/a.txt"));
        assert_eq!(resolve(dir, "../a.txt"), Err(Problem::Leaves));
        assert_eq!(resolve(dir, "/etc/passwd"), Err(Problem::Leaves));
        assert_eq!(resolve(dir, ""), Err(Problem::Leaves));
        assert_eq!(resolve(dir, "a\u{1b}[2J.txt"), Err(Problem::Controls));
        assert_eq!(resolve(dir, "sources/missing.txt"), Err(Problem::Missing));
        assert_eq!(resolve(dir, "sources/folder"), Err(Problem::NotRegular("a folder")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", dir.join("sources/link")).unwrap();
            assert_eq!(resolve(dir, "sources/link/passwd"), Err(Problem::LinkLeaves));
            assert_eq!(resolve(dir, "/dev/zero"), Err(Problem::Leaves));
            std::os::unix::fs::symlink("/dev/zero", dir.join("zero")).unwrap();
            assert_eq!(resolve(dir, "zero"), Err(Problem::LinkLeaves));
            assert!(std::process::Command::new("mkfifo").arg(dir.join("fifo")).status().unwrap().success());
            assert_eq!(resolve(dir, "fifo"), Err(Problem::NotRegular("a FIFO")));
            // A file replaced by a FIFO after `resolve` looked: reading it refuses too, at once.
            let why = ArchiveText::read(&dir.join("fifo"), "fifo").unwrap_err().to_string();
            assert_eq!(
                why,
                "the archive `fifo` cannot be read: it is not a regular file (a FIFO); timeline reads only regular files"
            );
        }
    }

    #[test]
    fn lines_are_those_of_str_lines_found_from_the_nearest_mark() {
        let text: String =
            (0..200).map(|i| if i % 3 == 0 { "\r\n".to_string() } else { format!("line {i}\n") }).collect();
        let archive = ArchiveText::new(text.clone());
        let expected: Vec<&str> = text.lines().collect();
        assert_eq!(archive.len(), expected.len());
        for (i, line) in expected.iter().enumerate() {
            assert_eq!(archive.line(i), *line, "line {i}");
            assert_eq!(archive.lines_from(i).collect::<Vec<_>>(), expected[i..], "from line {i}");
        }
        assert_eq!(archive.line(expected.len()), "");
        assert!(ArchiveText::new(String::new()).is_empty());
    }
}
